package middleware

import (
	"fmt"
	"strings"
	"testing"
)

// TestSignersNeverPrintTheSecret formats the signers with every common
// verb: the secret must not appear, even though fmt reads unexported
// fields.
func TestSignersNeverPrintTheSecret(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-s3cr3t-s3cr3t-s3cr3t"
	jwt, err := NewJWTSigner("access-key-0001", secret)
	if err != nil {
		t.Fatal(err)
	}
	hmac, err := NewHMACSigner("connect-key-0001", secret)
	if err != nil {
		t.Fatal(err)
	}
	cfg := ChainConfig{JWT: jwt, HMAC: hmac}
	for _, v := range []any{jwt, *jwt, hmac, cfg, &cfg} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", secret)) {
				t.Errorf("%s of %T prints the secret: %s", verb, v, out)
			}
		}
	}
}
