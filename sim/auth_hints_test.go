package sim

import (
	"errors"
	"net/http"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/auth"
)

// TestDateFollowsWallClock: the Date header is the clock that token
// timestamps are checked against, so that a client can measure its skew.
func TestDateFollowsWallClock(t *testing.T) {
	wall := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	f := newFixture(t, WithWallClock(func() time.Time { return wall }))
	resp, err := f.ts.Client().Get(f.ts.URL + "/v1/ticker?markets=KRW-BTC")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.Header.Get("Date"), "Wed, 04 Mar 2026 05:06:07 GMT"; got != want {
		t.Errorf("Date: %q, want %q", got, want)
	}
}

// TestNotAllowIPNamesClientIP: a NotAllowIP answer names the address the
// request came from in X-Sim-Client-Ip; other answers do not.
func TestNotAllowIPNamesClientIP(t *testing.T) {
	bound := auth.Key{AccessKey: "ip-bound-key-000000003", SecretKey: "ip-bound-secret-0000003", AllowedIPs: []string{"192.0.2.1"}}
	f := newFixture(t, WithConfig(Config{HistoryDays: 40, Accounts: []AccountConfig{{Keys: []auth.Key{bound}}}}))
	_, err := f.newClient(bound).ListAccounts(t.Context())
	var e *bithumb.APIError
	if !errors.As(err, &e) || e.Name != "NotAllowIP" || e.StatusCode != http.StatusUnauthorized {
		t.Fatalf("ListAccounts with a key bound to another IP: %v, want 401 NotAllowIP", err)
	}
	if got := e.Header.Get("X-Sim-Client-Ip"); got != "127.0.0.1" {
		t.Errorf("X-Sim-Client-Ip: %q, want 127.0.0.1", got)
	}
	_, err = f.newClient(auth.Key{AccessKey: "unknown-access-key-0001", SecretKey: bound.SecretKey}).ListAccounts(t.Context())
	if !errors.As(err, &e) || e.Name != "invalid_access_key" || e.Header.Get("X-Sim-Client-Ip") != "" {
		t.Errorf("an unknown key: %v, with X-Sim-Client-Ip %q; want invalid_access_key without it", err, e.Header.Get("X-Sim-Client-Ip"))
	}
}
