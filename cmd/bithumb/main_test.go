package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Test keys: long enough for the credentials package, and distinctive so
// that a leak into any output is caught by runCLI.
const (
	testAccess     = "AK-test-0123456789abcdef"
	testSecret     = "SK-very-secret-fedcba9876543210"
	testPassphrase = "correct horse battery staple"
)

// keyEnv is an environment holding the test keys.
func keyEnv() map[string]string {
	return map[string]string{"BITHUMB_ACCESS_KEY": testAccess, "BITHUMB_SECRET_KEY": testSecret}
}

// result is what one run of the command did.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command line args with stdin and the environment env,
// and fails the test if any output shows the secret key or the passphrase.
func runCLI(t *testing.T, stdin io.Reader, env map[string]string, args ...string) result {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var stdout, stderr bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code := run(t.Context(), args, stdin, &stdout, &stderr, lookup)
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	for _, secret := range []string{testSecret, testPassphrase} {
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("bithumb %s: output shows a secret:\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.stdout, r.stderr)
		}
	}
	return r
}

// received is one request as the fake API saw it.
type received struct {
	method, path, rawQuery string
	header                 http.Header
	body                   string
}

// fakeAPI is an httptest server that records requests and answers every
// one with the same status and body.
type fakeAPI struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []received
}

func newFakeAPI(t *testing.T, status int, body string) *fakeAPI {
	t.Helper()
	f := &fakeAPI{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.reqs = append(f.reqs, received{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(b)})
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(f.Close)
	return f
}

// requests returns the requests received so far.
func (f *fakeAPI) requests() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.reqs...)
}

// only returns the single request received, failing the test otherwise.
func (f *fakeAPI) only(t *testing.T) received {
	t.Helper()
	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("the API received %d requests, want 1", len(reqs))
	}
	return reqs[0]
}

// jwtAccessKey returns the access_key claim of a "Bearer <JWT>" header,
// or "" if there is none.
func jwtAccessKey(t *testing.T, authorization string) string {
	t.Helper()
	token, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok {
		return ""
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %d parts", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		AccessKey string `json:"access_key"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return claims.AccessKey
}

func TestReadLine(t *testing.T) {
	t.Parallel()
	r := strings.NewReader("first\r\nsecond\nthird")
	for _, want := range []string{"first", "second", "third", ""} {
		got, err := readLine(r)
		if err != nil || string(got) != want {
			t.Errorf("readLine = %q, %v; want %q", got, err, want)
		}
	}
	if _, err := readLine(strings.NewReader(strings.Repeat("x", maxLine+1))); err == nil {
		t.Error("an overlong line was accepted")
	}
}

func TestHelpShowsCommands(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, nil, "--help")
	for _, want := range []string{"api", "auth"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("--help: code %d, missing %q:\n%s", r.code, want, r.stdout)
		}
	}
}

// syncBuffer is a strings.Builder safe for one writing goroutine and a
// reading test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
