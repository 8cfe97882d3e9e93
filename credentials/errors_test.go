package credentials

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestErrorsNeverLeak provokes every kind of failure with the real secret
// and passphrase in play and checks that no error message contains them.
func TestErrorsNeverLeak(t *testing.T) {
	t.Parallel()
	const wrongPass = "Tr0ub4dor&3-not-the-passphrase"
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	saveFast(t, good, testCreds, testPassphrase)
	plain := filepath.Join(dir, "plain.json")
	if err := os.WriteFile(plain, []byte(testSecret+"\n"+testPassphrase), 0o600); err != nil {
		t.Fatal(err)
	}
	badPayload := filepath.Join(dir, "payload.json")
	writeEncrypted(t, badPayload, []byte(`{"access_key":"`+testAccess+`","secret_key":"`+testSecret+`\n"}`))
	garbagePayload := filepath.Join(dir, "garbage.json")
	writeEncrypted(t, garbagePayload, []byte(`{"secret_key":`+testSecret+`}`))
	insecure := filepath.Join(dir, "insecure.json")
	saveFast(t, insecure, testCreds, testPassphrase)
	if err := os.Chmod(insecure, 0o644); err != nil {
		t.Fatal(err)
	}

	ask := func(p string) func() ([]byte, error) {
		return func() ([]byte, error) { return []byte(p), nil }
	}
	var errs []error
	add := func(_ any, err error) { errs = append(errs, err) }
	add(nil, New(testAccess, testSecret+"\n").Validate())
	add(nil, New(testAccess, testSecret[:20]+" "+testSecret[20:]).Validate())
	add(nil, New(testSecret+" ", testSecret+" ").Validate())
	add(nil, New(testAccess, testSecret+"é").Validate())
	add(FromEnvLookup(mapLookup(map[string]string{EnvAccessKey: testAccess, EnvSecretKey: testSecret + " "})))
	add(FromEnvLookup(mapLookup(map[string]string{EnvSecretKey: testSecret})))
	add(nil, Save(filepath.Join(dir, "x.json"), New(testAccess, testSecret+"\t"), []byte(testPassphrase)))
	add(nil, save(filepath.Join(dir, "y.json"), testCreds, nil, fastKDF))
	add(nil, save(filepath.Join(good, "not-a-dir", "z.json"), testCreds, []byte(testPassphrase), fastKDF))
	add(Load(good, []byte(wrongPass)))
	add(Load(plain, []byte(testPassphrase)))
	add(Load(badPayload, []byte(testPassphrase)))
	add(Load(garbagePayload, []byte(testPassphrase)))
	add(Load(insecure, []byte(testPassphrase)))
	add(Load(filepath.Join(dir, "missing.json"), []byte(testPassphrase)))
	r := func(c Credentials, _ Source, err error) (Credentials, error) { return c, err }
	add(r(Resolve(mapLookup(nil), good, ask(wrongPass))))
	add(r(Resolve(mapLookup(nil), badPayload, ask(testPassphrase))))
	add(r(Resolve(mapLookup(map[string]string{EnvAccessKey: testSecret}), good, ask(testPassphrase))))

	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: no error", i)
			continue
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			msg := fmt.Sprintf(verb, err)
			assertNoSecret(t, fmt.Sprintf("error %d (%s)", i, verb), msg)
			if strings.Contains(msg, wrongPass) {
				t.Errorf("error %d contains the passphrase: %s", i, msg)
			}
		}
		walkErrors(err, func(e error) {
			assertNoSecret(t, fmt.Sprintf("error %d, wrapped %T", i, e), e.Error())
		})
	}
}

// walkErrors calls f for err and every error it wraps.
func walkErrors(err error, f func(error)) {
	if err == nil {
		return
	}
	f(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		walkErrors(u.Unwrap(), f)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walkErrors(e, f)
		}
	}
}
