package sim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/auth"
)

// sendJWT sends method path?query (and a JSON body) with a token signed
// by this test, not by the client's signer.
func (f *fixture) sendJWT(method, path, query, body string, claims map[string]any, secret string) (int, map[string]any) {
	f.t.Helper()
	u := f.ts.URL + path
	if query != "" {
		u += "?" + query
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, u, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if claims != nil {
		tok, err := auth.SignJWT(secret, claims)
		if err != nil {
			f.t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return f.do(req)
}

func (f *fixture) do(req *http.Request) (int, map[string]any) {
	f.t.Helper()
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out
}

func errorName(body map[string]any) any {
	if e, ok := body["error"].(map[string]any); ok {
		return e["name"]
	}
	return nil
}

func claims(k auth.Key, nonce string, at time.Time, hashString string) map[string]any {
	c := map[string]any{"access_key": k.AccessKey, "nonce": nonce, "timestamp": at.UnixMilli()}
	if hashString != "" {
		c["query_hash"], c["query_hash_alg"] = auth.SHA512Hex(hashString), "SHA512"
	}
	return c
}

// TestAuthErrorNames sends one request per documented 401 name, signed
// here by hand, and checks the name and the status.
func TestAuthErrorNames(t *testing.T) {
	cfg := Config{Accounts: []AccountConfig{{ID: "default", Keys: []auth.Key{
		{AccessKey: "full-access-key-0000001", SecretKey: "full-secret-key-0000001"},
		{AccessKey: "read-only-key-00000002", SecretKey: "read-only-secret-000002", Scopes: []auth.Scope{auth.ScopeAccount}},
		{AccessKey: "ip-bound-key-000000003", SecretKey: "ip-bound-secret-0000003", AllowedIPs: []string{"192.0.2.1"}},
	}}}}
	f := newFixture(t, WithConfig(cfg))
	keys := f.s.Keys()
	full, ro, ipb := keys[0], keys[1], keys[2]
	now := time.Now()
	const q = "market=KRW-BTC"
	cases := []struct {
		name                    string
		method, path, query, hs string
		claims                  map[string]any
		secret                  string
		want                    string
	}{
		{"invalid_jwt (no token)", "GET", "/v1/status/wallet", "", "", nil, "", "invalid_jwt"},
		{"invalid_access_key", "GET", "/v1/orders/chance", q, q, claims(auth.Key{AccessKey: "nobody-0000000000000"}, "n1", now, q), "x", "invalid_access_key"},
		{"jwt_verification", "GET", "/v1/orders/chance", q, q, claims(full, "n2", now, q), "wrong-secret", "jwt_verification"},
		{"expired_jwt", "GET", "/v1/orders/chance", q, q, claims(full, "n3", now.Add(-2*time.Minute), q), full.SecretKey, "expired_jwt"},
		{"invalid_query_payload", "GET", "/v1/orders/chance", q, "market=KRW-ETH", claims(full, "n4", now, "market=KRW-ETH"), full.SecretKey, "invalid_query_payload"},
		{"invalid_query_payload (no hash)", "GET", "/v1/orders/chance", q, "", claims(full, "n5", now, ""), full.SecretKey, "invalid_query_payload"},
		{"NotAllowIP", "GET", "/v1/accounts", "", "", claims(ipb, "n6", now, ""), ipb.SecretKey, "NotAllowIP"},
		{"out_of_scope", "DELETE", "/v2/order", "order_id=C0101000000000000001", "order_id=C0101000000000000001", claims(ro, "n7", now, "order_id=C0101000000000000001"), ro.SecretKey, "out_of_scope"},
		{"ok", "GET", "/v1/orders/chance", q, q, claims(full, "n8", now, q), full.SecretKey, ""},
		{"nonce reuse", "GET", "/v1/orders/chance", q, q, claims(full, "n8", now, q), full.SecretKey, "nonce_used"},
		{"scope ok", "GET", "/v1/accounts", "", "", claims(ro, "n9", now, ""), ro.SecretKey, ""},
	}
	for _, c := range cases {
		status, body := f.sendJWT(c.method, c.path, c.query, "", c.claims, c.secret)
		if c.want == "" {
			if status != 200 {
				t.Errorf("%s: %d %v", c.name, status, body)
			}
			continue
		}
		if status != 401 || errorName(body) != c.want {
			t.Errorf("%s: got %d %v, want 401 %s", c.name, status, body, c.want)
		}
	}
	// The raw wire query string is accepted as the hash string too, and
	// a JSON body is hashed in its key order with numbers as written.
	wire := "market=krw-btc&states%5B%5D=wait"
	if st, body := f.sendJWT("GET", "/v1/orders", wire, "", claims(full, "n10", now, wire), full.SecretKey); st != 200 {
		t.Errorf("wire query hash: %d %v", st, body)
	}
	body := `{"order_ids":["C0101000000000000001"],"order_by":"asc"}`
	if st, out := f.sendJWT("POST", "/v2/orders/search", "", body, claims(full, "n11", now, "order_ids[]=C0101000000000000001&order_by=asc"), full.SecretKey); st != 200 {
		t.Errorf("body hash: %d %v", st, out)
	}
}

// TestClientAuthErrors drives the failures through the root client, whose
// errors must match the sentinels.
func TestClientAuthErrors(t *testing.T) {
	cfg := Config{Accounts: []AccountConfig{{ID: "default", Keys: []auth.Key{
		{AccessKey: "full-access-key-0000001", SecretKey: "full-secret-key-0000001"},
		{AccessKey: "read-only-key-00000002", SecretKey: "read-only-secret-000002", Scopes: []auth.Scope{auth.ScopeAccount}},
		{AccessKey: "ip-bound-key-000000003", SecretKey: "ip-bound-secret-0000003", AllowedIPs: []string{"192.0.2.1"}},
	}}}}
	f := newFixture(t, WithConfig(cfg))
	ctx := context.Background()
	keys := f.s.Keys()
	check := func(name string, err, want error) {
		t.Helper()
		if !errors.Is(err, want) || !errors.Is(err, bithumb.ErrUnauthorized) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
	_, err := f.newClient(auth.Key{AccessKey: keys[0].AccessKey, SecretKey: "another-secret-000000001"}).ListAccounts(ctx)
	check("wrong secret", err, bithumb.ErrJWTVerification)
	_, err = f.newClient(auth.Key{AccessKey: "unknown-access-key-00001", SecretKey: keys[0].SecretKey}).ListAccounts(ctx)
	check("unknown key", err, bithumb.ErrInvalidAccessKey)
	_, err = f.newClient(keys[0], bithumb.WithClock(func() time.Time { return time.Now().Add(-10 * time.Minute) })).ListAccounts(ctx)
	check("stale clock", err, bithumb.ErrExpiredJWT)
	_, err = f.newClient(keys[1]).CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: ptr("C0101000000000000001")})
	check("scope", err, bithumb.ErrOutOfScope)
	_, err = f.newClient(keys[2]).ListAccounts(ctx)
	check("ip", err, bithumb.ErrNotAllowIP)
	if _, err := f.newClient(keys[1]).ListAccounts(ctx); err != nil {
		t.Errorf("read-only key reading balances: %v", err)
	}
	// Legacy API: a wrong key is status 5300, a wrong secret 5100, both
	// with HTTP 200.
	_, err = f.newClient(auth.Key{AccessKey: "unknown-access-key-00001", SecretKey: keys[0].SecretKey}).LegacyBalance(ctx, bithumb.LegacyBalanceForm{})
	if !errors.Is(err, bithumb.ErrLegacyInvalidAPIKey) {
		t.Errorf("legacy unknown key: %v", err)
	}
	_, err = f.newClient(auth.Key{AccessKey: keys[0].AccessKey, SecretKey: "another-secret-000000001"}).LegacyBalance(ctx, bithumb.LegacyBalanceForm{})
	if !errors.Is(err, bithumb.ErrLegacyBadRequest) {
		t.Errorf("legacy wrong secret: %v", err)
	}
	if _, err := f.newClient(keys[0]).LegacyBalance(ctx, bithumb.LegacyBalanceForm{}); err != nil {
		t.Errorf("legacy: %v", err)
	}
}
