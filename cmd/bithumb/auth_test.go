package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/credentials"
)

// passEnv is an environment with only the passphrase.
func passEnv() map[string]string {
	return map[string]string{"BITHUMB_PASSPHRASE": testPassphrase}
}

// saveTestKeys runs `auth set` into a new file and returns its path.
func saveTestKeys(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "bithumb", "credentials.json")
	r := runCLI(t, strings.NewReader(testSecret+"\n"), passEnv(),
		"auth", "set", "--access-key", testAccess, "--secret-stdin", "--file", file)
	if r.code != 0 {
		t.Fatalf("auth set: code %d, stderr %s", r.code, r.stderr)
	}
	return file
}

func TestAuthSetShowRoundTrip(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "bithumb", "credentials.json")
	r := runCLI(t, strings.NewReader(testSecret+"\r\n"), passEnv(),
		"auth", "set", "--access-key", testAccess, "--secret-stdin", "--file", file)
	masked := credentials.Mask(testAccess)
	if r.code != 0 || !strings.Contains(r.stdout, file) || !strings.Contains(r.stdout, masked) || strings.Contains(r.stdout, testAccess) {
		t.Fatalf("auth set: code %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	c, err := credentials.Load(file, []byte(testPassphrase))
	if err != nil || !c.Equal(credentials.New(testAccess, testSecret)) {
		t.Fatalf("the saved file holds %v, %v", c, err)
	}
	if fi, err := os.Stat(file); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Errorf("file mode: %v, %v", fi.Mode(), err)
	}

	// Without --check: the source, the path and the permissions, no
	// passphrase needed.
	r = runCLI(t, nil, nil, "auth", "show", "--file", file)
	for _, want := range []string{"source:      file " + file, "permissions: 0600 (ok)", "--check", "secret:      ********"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("auth show: code %d, missing %q in\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}

	// With --check: decrypted, the masked access key shown.
	r = runCLI(t, nil, passEnv(), "auth", "show", "--file", file, "--check")
	for _, want := range []string{"access key:  " + masked + "\n", "secret:      ********\n", "check:       ok"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("auth show --check: code %d, missing %q in\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}
	if strings.Contains(r.stdout, testAccess) {
		t.Error("auth show --check shows the access key unmasked")
	}
}

func TestAuthShowCheckFailures(t *testing.T) {
	t.Parallel()
	file := saveTestKeys(t)
	r := runCLI(t, nil, map[string]string{"BITHUMB_PASSPHRASE": "not the passphrase"}, "auth", "show", "--file", file, "--check")
	if r.code != 1 || !strings.Contains(r.stderr, "wrong passphrase") {
		t.Errorf("wrong passphrase: code %d, stderr %q", r.code, r.stderr)
	}
	r = runCLI(t, nil, nil, "auth", "show", "--file", file, "--check")
	if r.code != 1 || !strings.Contains(r.stderr, "BITHUMB_PASSPHRASE") {
		t.Errorf("no passphrase, no terminal: code %d, stderr %q", r.code, r.stderr)
	}
}

func TestAuthShowInsecurePermissions(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("permissions are not checked on Windows")
	}
	file := saveTestKeys(t)
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, nil, "auth", "show", "--file", file)
	if r.code != 1 || !strings.Contains(r.stdout, "0644 (unsafe") || !strings.Contains(r.stdout, "chmod 600 "+file) {
		t.Errorf("code %d, stdout %s", r.code, r.stdout)
	}
}

func TestAuthShowEnvironment(t *testing.T) {
	t.Parallel()
	file := saveTestKeys(t)
	r := runCLI(t, nil, keyEnv(), "auth", "show", "--file", file)
	for _, want := range []string{"source:      environment", "access key:  " + credentials.Mask(testAccess), "secret:      ********", file + " also exists"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("code %d, missing %q in\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}

	// Half of the pair in the environment is an error, not a fallback.
	r = runCLI(t, nil, map[string]string{"BITHUMB_SECRET_KEY": testSecret}, "auth", "show", "--file", file)
	if r.code != 1 || !strings.Contains(r.stderr, "BITHUMB_ACCESS_KEY is not") {
		t.Errorf("half a pair: code %d, stderr %q", r.code, r.stderr)
	}
}

func TestAuthShowNothing(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "missing.json")
	r := runCLI(t, nil, nil, "auth", "show", "--file", file)
	if r.code != 1 || !strings.Contains(r.stderr, file+" does not exist") || !strings.Contains(r.stderr, "bithumb auth set") {
		t.Errorf("code %d, stderr %q", r.code, r.stderr)
	}
}

func TestAuthSetRejectsMalformedKeys(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		access, secret string
		want           []string
	}{
		{"short", testSecret, []string{"invalid access key", "5 characters long, want 16 to 256"}},
		{credentials.Mask(testAccess), testSecret, []string{"invalid access key", "masked value"}},
		{testAccess, "SK-very-secret with-a-space-00", []string{"invalid secret key \"********\"", "a space at position 15"}},
		{testAccess, "", []string{"secret key is empty"}},
	} {
		file := filepath.Join(t.TempDir(), "credentials.json")
		r := runCLI(t, strings.NewReader(tc.secret+"\n"), passEnv(),
			"auth", "set", "--access-key", tc.access, "--secret-stdin", "--file", file)
		for _, want := range tc.want {
			if r.code != 1 || !strings.Contains(r.stderr, want) {
				t.Errorf("%q: code %d, stderr %q, want it to mention %q", tc.access, r.code, r.stderr, want)
			}
		}
		if tc.secret != "" && strings.Contains(r.stdout+r.stderr, tc.secret) {
			t.Errorf("the output shows the secret: %s", r.stderr)
		}
		if _, err := os.Stat(file); err == nil {
			t.Errorf("%q: a file was saved", tc.access)
		}
	}
}

func TestAuthSetNeedsATerminalOrFlags(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "credentials.json")
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{passEnv(), []string{"--access-key", testAccess}, "--secret-stdin"},
		{passEnv(), []string{"--secret-stdin"}, "--access-key"},
		{passEnv(), nil, "--access-key"},
		{nil, []string{"--access-key", testAccess, "--secret-stdin"}, "BITHUMB_PASSPHRASE"},
	} {
		r := runCLI(t, strings.NewReader(testSecret+"\n"), tc.env, append([]string{"auth", "set", "--file", file}, tc.args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: code %d, stderr %q, want it to mention %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a file was saved")
	}
}

func TestAPIUsesCredentialsFile(t *testing.T) {
	t.Parallel()
	file := saveTestKeys(t)
	f := newFakeAPI(t, 200, `[]`)
	r := runCLI(t, nil, passEnv(), "api", "--api-url", f.URL, "--credentials-file", file, "/v1/accounts")
	if r.code != 0 {
		t.Fatalf("code %d, stderr %s", r.code, r.stderr)
	}
	if got := jwtAccessKey(t, f.only(t).header.Get("Authorization")); got != testAccess {
		t.Errorf("JWT access_key = %q, want the key from the file", got)
	}

	// No passphrase and no terminal: a clear error, nothing sent.
	r = runCLI(t, nil, nil, "api", "--api-url", f.URL, "--credentials-file", file, "/v1/accounts")
	if r.code != 1 || !strings.Contains(r.stderr, "BITHUMB_PASSPHRASE") || len(f.requests()) != 1 {
		t.Errorf("code %d, stderr %q", r.code, r.stderr)
	}
	// A public path never asks for the passphrase.
	if r := runCLI(t, nil, nil, "api", "--api-url", f.URL, "--credentials-file", file, "/v1/ticker?markets=KRW-BTC"); r.code != 0 {
		t.Errorf("public path: code %d, stderr %q", r.code, r.stderr)
	}
}
