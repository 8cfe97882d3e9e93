package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/bithumb-go/bithumb"
)

func TestAuthHint(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		status     int
		name, want string // want: a word of the hint, "" for no hint
	}{
		{401, "invalid_access_key", "access key"},
		{401, "jwt_verification", "secret key"},
		{401, "invalid_query_payload", "signing problem"},
		{401, "expired_jwt", "clock"},
		{401, "NotAllowIP", "allowed IPs"},
		{401, "out_of_scope", "permission"},
		{401, "invalid_jwt", "BITHUMB_ACCESS_KEY"},
		{401, "nonce_used", "nonce"},
		{403, "blocked_member_id", "customer center"},
		{401, "something_new", "bithumb doctor"},
		{403, "", "bithumb doctor"},
		{404, "order_not_found", ""},
		{400, "invalid_parameter", ""},
		{200, "5300", ""}, // not a legacy error: LegacyStatus is empty
	} {
		err := fmt.Errorf("wrapped: %w", &bithumb.APIError{StatusCode: tt.status, Name: tt.name})
		got := authHint(err)
		switch {
		case tt.want == "" && got != "":
			t.Errorf("%d %s: hint %q, want none", tt.status, tt.name, got)
		case tt.want != "" && (!strings.Contains(got, tt.want) || !strings.HasPrefix(got, "\n  likely cause: ") || !strings.Contains(got, "\n  fix: ")):
			t.Errorf("%d %s: hint %q, want a cause and a fix mentioning %q", tt.status, tt.name, got, tt.want)
		}
	}
	for code, want := range map[string]string{"5300": "Invalid Apikey", "5302": "Access IP", "5600": ""} {
		got := authHint(&bithumb.APIError{StatusCode: 200, Name: code, LegacyStatus: code})
		if !strings.Contains(got, want) || (want == "") != (got == "") {
			t.Errorf("legacy status %s: hint %q, want one with %q", code, got, want)
		}
	}
	if got := authHint(fmt.Errorf("not an API error")); got != "" {
		t.Errorf("a plain error got the hint %q", got)
	}
}

// TestAuthCausesTable holds the table to its contract: a known name
// appears once, and each status ends with a catch-all.
func TestAuthCausesTable(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	catchAll := map[int]bool{}
	for i, c := range authCauses {
		if catchAll[c.status] {
			t.Errorf("entry %d (%d %s) follows the catch-all of its status and is never used", i, c.status, c.name)
		}
		if c.name == "" {
			catchAll[c.status] = true
			continue
		}
		if seen[c.name] {
			t.Errorf("%s is listed twice", c.name)
		}
		seen[c.name] = true
		if c.cause == "" || c.fix == "" {
			t.Errorf("%s has no cause or fix", c.name)
		}
	}
	if !catchAll[401] || !catchAll[403] {
		t.Error("401 or 403 has no catch-all entry")
	}
}

// TestAPIErrorHint: `bithumb api` follows a 401 with its likely cause,
// and prints no hint after other errors.
func TestAPIErrorHint(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		status int
		body   string
		hint   string
	}{
		{401, `{"error":{"name":"out_of_scope","message":"권한이 부족합니다."}}`, "lacks the permission"},
		{401, `{"error":{"name":"NotAllowIP","message":"not allowed client IP"}}`, "allowed IPs"},
		{404, `{"error":{"name":"order_not_found","message":"주문을 찾지 못했습니다."}}`, ""},
	} {
		f := newFakeAPI(t, tt.status, tt.body)
		env := keyEnv()
		env[envAPIURL] = f.URL
		r := runCLI(t, nil, env, "api", "/v1/accounts")
		hasHint := strings.Contains(r.stderr, "likely cause:")
		if r.code != 1 || hasHint != (tt.hint != "") || !strings.Contains(r.stderr, tt.hint) {
			t.Errorf("%d: code %d, stderr:\n%s\nwant a hint with %q", tt.status, r.code, r.stderr, tt.hint)
		}
	}
}

// TestCommandErrorHint: an *APIError returned by any command is printed
// with its hint (here by `bithumb balance`).
func TestCommandErrorHint(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 401, `{"error":{"name":"expired_jwt","message":"Jwt가 만료되었습니다."}}`)
	env := keyEnv()
	env[envAPIURL] = f.URL
	r := runCLI(t, nil, env, "balance")
	if r.code != 1 || !strings.Contains(r.stderr, "401 expired_jwt") || !strings.Contains(r.stderr, "likely cause: the token's timestamp") {
		t.Errorf("balance: code %d, stderr:\n%s", r.code, r.stderr)
	}
}

// TestLegacyErrorHint: an API 1.0 refusal of the key gets its hint too.
func TestLegacyErrorHint(t *testing.T) {
	t.Parallel()
	url := startSim(t, withHistoryDays(40)).url
	r := runCLI(t, nil, envFor(url, "AK-unknown-0123456789", testSecret), "api", "/info/balance", "-f", "currency=BTC")
	if r.code != 1 || !strings.Contains(r.stderr, "5300") || !strings.Contains(r.stderr, "likely cause: API 1.0 (Invalid Apikey)") {
		t.Errorf("api /info/balance with an unknown key: code %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	got := wrap("자산조회 주문조회 출금조회 입금조회 an-overlong-word-that-stands-alone x", 20, "  ")
	want := "  자산조회 주문조회\n  출금조회 입금조회\n  an-overlong-word-that-stands-alone\n  x\n"
	if got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
	for line := range strings.Lines(authCausesHelp()) {
		if w := runewidth.StringWidth(strings.TrimSuffix(line, "\n")); w > helpWidth {
			t.Errorf("a help line is %d columns wide: %q", w, line)
		}
	}
}
