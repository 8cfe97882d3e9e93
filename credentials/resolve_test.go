package credentials

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

var (
	envBoth  = map[string]string{EnvAccessKey: testAccess, EnvSecretKey: testSecret}
	envEmpty = map[string]string{}
)

// passphraseFunc returns a passphrase callback that counts its calls.
func passphraseFunc(pass string, err error) (func() ([]byte, error), *atomic.Int32) {
	var calls atomic.Int32
	return func() ([]byte, error) {
		calls.Add(1)
		if err != nil {
			return nil, err
		}
		return []byte(pass), nil
	}, &calls
}

func TestResolveEnvironmentWins(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "credentials.json")
	other := New("FILEaccessKey0123456789", "FILEsecretKey0123456789")
	saveFast(t, path, other, testPassphrase)
	ask, calls := passphraseFunc(testPassphrase, nil)

	c, src, err := Resolve(mapLookup(envBoth), path, ask)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Equal(testCreds) || src != SourceEnv {
		t.Errorf("Resolve = %v from %v, want the environment's %v", c, src, testCreds)
	}
	if calls.Load() != 0 {
		t.Errorf("the passphrase was asked for although the environment had credentials")
	}
}

func TestResolveFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "credentials.json")
	saveFast(t, path, testCreds, testPassphrase)
	pass := []byte(testPassphrase)
	var calls int
	ask := func() ([]byte, error) { calls++; return pass, nil }

	c, src, err := Resolve(mapLookup(envEmpty), path, ask)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Equal(testCreds) || src != SourceFile {
		t.Errorf("Resolve = %v from %v, want %v from the file", c, src, testCreds)
	}
	if calls != 1 {
		t.Errorf("the passphrase was asked for %d times, want once", calls)
	}
	if strings.Trim(string(pass), "\x00") != "" {
		t.Errorf("Resolve did not clear the passphrase after use: %q", pass)
	}
}

func TestResolveNothing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "credentials.json")
	ask, calls := passphraseFunc(testPassphrase, nil)
	c, src, err := Resolve(mapLookup(envEmpty), path, ask)
	assertErrorIs(t, err, ErrNotFound)
	for _, want := range []string{EnvAccessKey, EnvSecretKey, path} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if src != SourceNone || !c.Equal(Credentials{}) {
		t.Errorf("Resolve = %v from %v with an error", c, src)
	}
	if calls.Load() != 0 {
		t.Errorf("the passphrase was asked for although there is no file")
	}
}

func TestResolvePartialEnvironmentDoesNotFallBack(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "credentials.json")
	saveFast(t, path, testCreds, testPassphrase)
	ask, calls := passphraseFunc(testPassphrase, nil)
	for _, env := range []map[string]string{
		{EnvAccessKey: testAccess},
		{EnvSecretKey: testSecret},
		{EnvAccessKey: testAccess, EnvSecretKey: "bad secret"},
	} {
		_, src, err := Resolve(mapLookup(env), path, ask)
		assertErrorIs(t, err, ErrInvalid)
		if errors.Is(err, ErrNotFound) || src != SourceNone {
			t.Errorf("partial environment %v: %v from %v", env, err, src)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("the passphrase was asked for with a broken environment")
	}
}

func TestResolveChecksFileBeforeAsking(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.json")
	if err := os.WriteFile(corrupt, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	ask, calls := passphraseFunc(testPassphrase, nil)
	_, _, err := Resolve(mapLookup(envEmpty), corrupt, ask)
	assertErrorIs(t, err, ErrCorrupt)

	if runtime.GOOS != "windows" {
		insecure := filepath.Join(dir, "insecure.json")
		saveFast(t, insecure, testCreds, testPassphrase)
		if err := os.Chmod(insecure, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err = Resolve(mapLookup(envEmpty), insecure, ask)
		assertErrorIs(t, err, ErrInsecurePermissions)
	}
	if calls.Load() != 0 {
		t.Errorf("the passphrase was asked for before the file was checked")
	}
}

func TestResolvePassphraseProblems(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "credentials.json")
	saveFast(t, path, testCreds, testPassphrase)

	errNoTTY := errors.New("no terminal to prompt on")
	ask, _ := passphraseFunc("", errNoTTY)
	_, src, err := Resolve(mapLookup(envEmpty), path, ask)
	assertErrorIs(t, err, errNoTTY)
	if src != SourceNone {
		t.Errorf("source %v with an error", src)
	}

	ask, _ = passphraseFunc("Tr0ub4dor&3", nil)
	_, _, err = Resolve(mapLookup(envEmpty), path, ask)
	assertErrorIs(t, err, ErrWrongPassphrase)
	if strings.Contains(err.Error(), "Tr0ub4dor&3") {
		t.Errorf("error %q contains the passphrase", err)
	}

	_, _, err = Resolve(mapLookup(envEmpty), path, nil)
	if err == nil || !strings.Contains(err.Error(), "no passphrase") {
		t.Errorf("Resolve without a passphrase function: %v", err)
	}
}

func TestSourceString(t *testing.T) {
	t.Parallel()
	for s, want := range map[Source]string{SourceNone: "none", SourceEnv: "environment", SourceFile: "file", Source(42): "none"} {
		if got := s.String(); got != want {
			t.Errorf("Source(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}
