package main

import (
	"fmt"
	"strings"
	"testing"

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
		{200, "5300", ""},
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
