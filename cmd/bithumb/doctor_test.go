package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
)

// doctorJSON runs `bithumb doctor --json` against url with env and
// returns the exit code and the checks by name.
func doctorJSON(t *testing.T, url string, env map[string]string) (int, map[string]check) {
	t.Helper()
	r := runCLI(t, nil, env, "doctor", "--json", "--api-url", url)
	return r.code, decodeReport(t, r.stdout, r.stderr)
}

func decodeReport(t *testing.T, stdout, stderr string) map[string]check {
	t.Helper()
	var report doctorReport
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("doctor --json printed no report: %v\nstdout: %s\nstderr: %s", err, stdout, stderr)
	}
	byName := map[string]check{}
	for _, c := range report.Checks {
		byName[c.Name] = c
	}
	wantNames := []string{"signer", "keys", "clock", "authentication", "IP allow-list",
		"permission: assets", "permission: orders", "permission: withdrawals", "permission: deposits", "rate limit"}
	if len(report.Checks) != len(wantNames) {
		t.Errorf("%d checks, want %d: %+v", len(report.Checks), len(wantNames), report.Checks)
	}
	failed := false
	for _, name := range wantNames {
		c, ok := byName[name]
		if !ok {
			t.Errorf("no check %q in %s", name, stdout)
		}
		failed = failed || c.Status == checkFail
	}
	if report.OK == failed {
		t.Errorf("ok is %v, but a check failed: %v", report.OK, failed)
	}
	return byName
}

// expect compares the status of each named check, and that its detail
// holds the given text.
func expect(t *testing.T, checks map[string]check, want map[string][2]string) {
	t.Helper()
	for name, w := range want {
		c := checks[name]
		if string(c.Status) != w[0] || !strings.Contains(c.Detail, w[1]) {
			t.Errorf("%s: %s %q, want %s with %q", name, c.Status, c.Detail, w[0], w[1])
		}
		if c.Status == checkFail && c.Fix == "" {
			t.Errorf("%s failed without a fix", name)
		}
	}
}

func envFor(url, access, secret string) map[string]string {
	return map[string]string{"BITHUMB_ACCESS_KEY": access, "BITHUMB_SECRET_KEY": secret, envAPIURL: url}
}

func TestDoctorHealthyKey(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40)).url
	code, checks := doctorJSON(t, url, envFor(url, testAccess, testSecret))
	for name, c := range checks {
		if c.Status != checkOK {
			t.Errorf("%s: %s %q, want ok", name, c.Status, c.Detail)
		}
	}
	if code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	expect(t, checks, map[string][2]string{
		"keys":               {"ok", "AK-t…cdef (24 characters)"},
		"permission: assets": {"ok", "자산조회"},
		"rate limit":         {"ok", "private: "},
	})

	// The same on a terminal-less standard output, as text.
	r := runCLI(t, nil, envFor(url, testAccess, testSecret), "doctor")
	if r.code != 0 || strings.Contains(r.stdout, "✘") || strings.Count(r.stdout, "✔") != len(checks) {
		t.Errorf("doctor: code %d, stdout:\n%s", r.code, r.stdout)
	}
}

func TestDoctorWrongAccessKey(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40)).url
	code, checks := doctorJSON(t, url, envFor(url, "AK-unknown-0123456789", testSecret))
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	expect(t, checks, map[string][2]string{
		"keys":                    {"ok", ""},
		"authentication":          {"fail", "invalid_access_key"},
		"IP allow-list":           {"skip", "authentication failed"},
		"permission: withdrawals": {"skip", "authentication failed"},
	})
}

func TestDoctorWrongSecret(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40)).url
	code, checks := doctorJSON(t, url, envFor(url, testAccess, "SK-another-secret-0123456789"))
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	expect(t, checks, map[string][2]string{
		"signer":             {"ok", ""},
		"authentication":     {"fail", "a signing problem: 401 jwt_verification"},
		"permission: assets": {"skip", ""},
	})
	if !strings.Contains(checks["authentication"].Detail, "secret key is the likely cause") {
		t.Errorf("a jwt_verification does not blame the secret key: %q", checks["authentication"].Detail)
	}
}

// TestDoctorServerClockSkew runs the simulator with a clock three minutes
// behind: its Date header shows it, and it refuses the tokens.
func TestDoctorServerClockSkew(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40), withSimOptions(sim.WithWallClock(func() time.Time { return time.Now().Add(-3 * time.Minute) }))).url
	code, checks := doctorJSON(t, url, envFor(url, testAccess, testSecret))
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	expect(t, checks, map[string][2]string{
		"clock":          {"fail", "the local clock is 3m0s ahead of the server's Date header"},
		"authentication": {"fail", "expired_jwt"},
	})
}

// TestDoctorClockSkew runs doctor with a local clock three minutes
// behind: the Date header shows it, and the simulator refuses the tokens.
func TestDoctorClockSkew(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40)).url
	var stdout, stderr bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := envFor(url, testAccess, testSecret)[k]; return v, ok }
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, lookup: lookup, global: &globalOptions{json: true}}
	skewed := func() time.Time { return time.Now().Add(-3 * time.Minute) }
	err := a.runDoctor(t.Context(), &doctorOptions{now: skewed})
	if exit, ok := err.(*exitError); !ok || exit.code != 1 {
		t.Errorf("runDoctor = %v, want exit status 1", err)
	}
	checks := decodeReport(t, stdout.String(), stderr.String())
	expect(t, checks, map[string][2]string{
		"clock":          {"fail", "the local clock is 3m0s behind the server's Date header"},
		"authentication": {"fail", "expired_jwt"},
	})
	if !strings.Contains(checks["clock"].Detail, "Bithumb answered expired_jwt") {
		t.Errorf("the clock check does not report the refused tokens: %q", checks["clock"].Detail)
	}
}

func TestDoctorIPNotAllowed(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40), withKey(auth.Key{AllowedIPs: []string{"203.0.113.7"}})).url
	code, checks := doctorJSON(t, url, envFor(url, testAccess, testSecret))
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	expect(t, checks, map[string][2]string{
		"authentication":     {"ok", ""},
		"IP allow-list":      {"fail", "NotAllowIP: the key does not accept requests from this machine's public IP, which is 127.0.0.1"},
		"permission: assets": {"skip", "the IP is not allowed"},
	})
}

func TestDoctorMissingScope(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40), withKey(auth.Key{Scopes: []auth.Scope{auth.ScopeAccount, auth.ScopeOrderRead, auth.ScopeOrderWrite}})).url
	code, checks := doctorJSON(t, url, envFor(url, testAccess, testSecret))
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	expect(t, checks, map[string][2]string{
		"authentication":          {"ok", ""},
		"IP allow-list":           {"ok", ""},
		"permission: assets":      {"ok", "자산조회"},
		"permission: orders":      {"ok", "주문조회"},
		"permission: withdrawals": {"fail", "the key lacks 출금조회 (view withdrawals): GET /v1/withdraws answered out_of_scope"},
		"permission: deposits":    {"fail", "the key lacks 입금조회 (view deposits)"},
	})

	// As text: a ✘ line per missing permission, each with its fix.
	r := runCLI(t, nil, envFor(url, testAccess, testSecret), "doctor")
	if r.code != 1 || strings.Count(r.stdout, "✘ permission: ") != 2 || strings.Count(r.stdout, "fix: issue a key with") != 2 {
		t.Errorf("doctor: code %d, stdout:\n%s", r.code, r.stdout)
	}
}

func TestDoctorNoKeys(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40)).url
	code, checks := doctorJSON(t, url, map[string]string{envAPIURL: url})
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	expect(t, checks, map[string][2]string{
		"signer":             {"ok", ""},
		"keys":               {"fail", "needs API keys"},
		"clock":              {"ok", ""},
		"authentication":     {"skip", "no usable API keys"},
		"permission: assets": {"skip", ""},
		"rate limit":         {"ok", "public: "},
	})
}

func TestDoctorBadKeyFormat(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40)).url
	for _, tt := range []struct{ access, secret, want string }{
		{"short", testSecret, "BITHUMB_ACCESS_KEY"},
		{testAccess, "SK with a space inside it", "BITHUMB_SECRET_KEY"},
		{testSecret, testSecret, "the same"},
	} {
		code, checks := doctorJSON(t, url, envFor(url, tt.access, tt.secret))
		if code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
		expect(t, checks, map[string][2]string{"keys": {"fail", tt.want}, "authentication": {"skip", ""}})
	}
}

// TestDoctorRateLimited: a 429 fails the rate-limit check.
func TestDoctorRateLimited(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, http.StatusTooManyRequests, `{"error":{"name":"too_many_requests","message":"Too many requests"}}`)
	code, checks := doctorJSON(t, f.URL, envFor(f.URL, testAccess, testSecret))
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	expect(t, checks, map[string][2]string{
		"rate limit":         {"fail", "429"},
		"authentication":     {"skip", "429"},
		"permission: orders": {"skip", "429"},
	})
	if n := len(f.requests()); n != 2 {
		t.Errorf("doctor sent %d requests, want 2: a public one, and a signed one that got 429 too", n)
	}
}

func TestRevealedIP(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		message string
		header  http.Header
		want    string
	}{
		{"not allowed client IP", nil, ""},
		{"not allowed client IP: 203.0.113.7.", nil, "203.0.113.7"},
		{"client 2001:db8::1 refused", nil, "2001:db8::1"},
		{"not allowed client IP", http.Header{"X-Sim-Client-Ip": {"198.51.100.2"}}, "198.51.100.2"},
	} {
		e := &bithumb.APIError{StatusCode: 401, Name: "NotAllowIP", Message: tt.message, Header: tt.header}
		if got := revealedIP(e); got != tt.want {
			t.Errorf("revealedIP(%q, %v) = %q, want %q", tt.message, tt.header, got, tt.want)
		}
	}
}

func TestDoctorHelpListsCauses(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, nil, "doctor", "--help")
	for _, c := range authCauses {
		if c.name != "" && !strings.Contains(r.stdout, c.name) {
			t.Errorf("doctor --help does not list %s", c.name)
		}
	}
}

// TestDoctorSmallSkewWarns: a clock a few seconds off warns without
// failing, since the tokens still pass.
func TestDoctorSmallSkewWarns(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40)).url
	var stdout, stderr bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := envFor(url, testAccess, testSecret)[k]; return v, ok }
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, lookup: lookup, global: &globalOptions{json: true}}
	if err := a.runDoctor(t.Context(), &doctorOptions{now: func() time.Time { return time.Now().Add(5 * time.Second) }}); err != nil {
		t.Errorf("runDoctor = %v, want success", err)
	}
	checks := decodeReport(t, stdout.String(), stderr.String())
	expect(t, checks, map[string][2]string{
		"clock":          {"warn", "ahead of the server's Date header"},
		"authentication": {"ok", ""},
	})
}

// TestDoctorQuotedKeyWarns: a key pasted with its quotes is flagged.
func TestDoctorQuotedKeyWarns(t *testing.T) {
	t.Parallel()
	quotedKey := `"` + testAccess + `"`
	url := startSim(t, withHistoryDays(40), withKey(auth.Key{AccessKey: quotedKey})).url
	code, checks := doctorJSON(t, url, envFor(url, quotedKey, testSecret))
	if code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	expect(t, checks, map[string][2]string{"keys": {"warn", "quote"}, "authentication": {"ok", ""}})
}

// TestRefusalSigningProblem: invalid_query_payload and jwt_verification
// read as signing problems, blaming the key or the signer by the
// signer's self-check.
func TestRefusalSigningProblem(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		signerOK bool
		want     string
	}{
		{"invalid_query_payload", true, "a signing problem: 401 invalid_query_payload"},
		{"jwt_verification", false, "the signer failed its self-check"},
		{"expired_jwt", true, "401 expired_jwt: the token's timestamp"},
	} {
		d := &doctor{signerOK: tt.signerOK}
		got := d.refusal(&bithumb.APIError{StatusCode: 401, Name: tt.name})
		if !strings.Contains(got, tt.want) || (tt.name == "expired_jwt") == strings.Contains(got, "signing problem") {
			t.Errorf("refusal(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
