package credentials

import (
	"errors"
	"strings"
	"testing"
)

// Test fixtures. The secret and the passphrase are distinctive so that any
// fragment of them in an output is easy to detect.
const (
	testAccess     = "AK7hG2kL9mN4pQ6rS8tU1vW3xY5zA0bC2dE4fG6h"
	testSecret     = "Zq8XvN3pLw7TgR2mKc9HyB4sDf6JuE1aWo5QiY0tPn"
	testPassphrase = "correct horse battery staple 9d1f"
)

var testCreds = New(testAccess, testSecret)

// fastKDF keeps tests fast; Save itself always uses defaultKDF.
var fastKDF = kdfParams{N: 1 << 10, R: 8, P: 1}

// saveFast is Save with a low KDF cost.
func saveFast(t *testing.T, path string, c Credentials, passphrase string) {
	t.Helper()
	if err := save(path, c, []byte(passphrase), fastKDF); err != nil {
		t.Fatalf("save: %v", err)
	}
}

// assertNoSecret fails if s contains the secret, any 6-character fragment of
// it, the full access key, or the passphrase.
func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testAccess) {
		t.Errorf("%s contains the unmasked access key: %q", what, s)
	}
	if strings.Contains(s, testPassphrase) {
		t.Errorf("%s contains the passphrase: %q", what, s)
	}
	for i := 0; i+6 <= len(testSecret); i++ {
		if frag := testSecret[i : i+6]; strings.Contains(s, frag) {
			t.Errorf("%s contains the secret fragment %q: %q", what, frag, s)
			return
		}
	}
}

// assertErrorIs checks err's message for secrets and its chain for kind.
func assertErrorIs(t *testing.T, err, kind error) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", kind)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %q does not match %v", err, kind)
	}
	assertNoSecret(t, "error", err.Error())
}
