package auth

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// REST.md §4.3 vector 1: the documentation's query_hash.
func TestDocQueryHash(t *testing.T) {
	const want = "1c2362ca9d79947582cae192acf63efb8756caa49af1eb64b12ba45617165431a3dd3e47d0476bc2a347b7a1ea512db7f316f56144084b1493166e3c9113a8eb"
	hs, ok := QueryHashString("currency=BTC&net_type=BTC")
	if !ok || SHA512Hex(hs) != want {
		t.Fatalf("got %s", SHA512Hex(hs))
	}
}

// REST.md §4.3 vector 2: a full token, verified at its own timestamp.
const vectorToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhY2Nlc3Nfa2V5IjoidGVzdC1hY2Nlc3MiLCJub25jZSI6Im5vbmNlLTIiLCJ0aW1lc3RhbXAiOjE3MTcwMDAwMDA0NTYsInF1ZXJ5X2hhc2giOiJkODIxNGEwN2QwYjcxODFhYzkxNDg1Zjg4NWQ0MzQ5ZTlkZTY3MzNiYmQwODA2ZmVjMzEwMjUxOWEwYmExNDc5YjliZTU0MjQ1MDU1NzA2ZGE0MTNhNmU5MTZhOGE5NzhjMWZjMWE3OWU4ZTQ1OWQ1NGM0ZGU4ZmJlMmJjNzBjZCIsInF1ZXJ5X2hhc2hfYWxnIjoiU0hBNTEyIn0.WaCH4TpRIigfnZ2bK0k4YouWz4RVtPXb9oiKWcw8RCM"

func vectorVerifier(now time.Time) *Verifier {
	return NewVerifier([]Key{{AccessKey: "test-access", SecretKey: "test-secret", Account: "acct"}},
		Options{Now: func() time.Time { return now }})
}

func get(query, token string) Request {
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return Request{Method: "GET", Path: "/v1/orders", RawQuery: query, Header: h, RemoteIP: "127.0.0.1"}
}

func TestTokenVector(t *testing.T) {
	const qh = "d8214a07d0b7181ac91485f885d4349e9de6733bbd0806fec3102519a0ba1479b9be54245055706da413a6e916a8a978c1fc1a79e8e459d54c4de8fbe2bc70cd"
	if SHA512Hex("market=KRW-BTC&limit=10") != qh {
		t.Fatal("query hash of the vector")
	}
	at := time.UnixMilli(1717000000456)
	v := vectorVerifier(at)
	k, err := v.VerifyJWT(get("market=KRW-BTC&limit=10", vectorToken), ScopeOrderRead)
	if err != nil || k.Account != "acct" {
		t.Fatalf("vector token rejected: %v", err)
	}
	// The same token again is a reused nonce.
	if _, err := v.VerifyJWT(get("market=KRW-BTC&limit=10", vectorToken), ScopeOrderRead); err == nil || err.Name != ErrNonceUsed {
		t.Fatalf("replay: %v", err)
	}
	v = vectorVerifier(at)
	if _, err := v.VerifyJWT(get("market=KRW-BTC&limit=11", vectorToken), ScopeOrderRead); err == nil || err.Name != ErrInvalidQueryPayload {
		t.Fatalf("other query: %v", err)
	}
	if _, err := vectorVerifier(at.Add(61*time.Second)).VerifyJWT(get("market=KRW-BTC&limit=10", vectorToken), ScopeOrderRead); err == nil || err.Name != ErrExpiredJWT {
		t.Fatalf("old token: %v", err)
	}
	tampered := vectorToken[:len(vectorToken)-2] + "AA"
	if _, err := vectorVerifier(at).VerifyJWT(get("market=KRW-BTC&limit=10", tampered), ScopeOrderRead); err == nil || err.Name != ErrJWTVerification {
		t.Fatalf("tampered: %v", err)
	}
}

func TestJWTErrors(t *testing.T) {
	now := time.UnixMilli(1754000000000)
	keys := []Key{
		{AccessKey: "full-access-key-0001", SecretKey: "secret-1", Account: "a"},
		{AccessKey: "read-only-key-00002", SecretKey: "secret-2", Account: "a", Scopes: []Scope{ScopeAccount}},
		{AccessKey: "ip-bound-key-000003", SecretKey: "secret-3", Account: "a", AllowedIPs: []string{"10.0.0.0/8"}},
	}
	v := NewVerifier(keys, Options{Now: func() time.Time { return now }})
	n := 0
	token := func(access, secret string, ts int64, hash string) string {
		n++
		c := map[string]any{"access_key": access, "nonce": "nonce-" + strings.Repeat("x", n), "timestamp": ts}
		if hash != "" {
			c["query_hash"], c["query_hash_alg"] = SHA512Hex(hash), "SHA512"
		}
		tok, err := SignJWT(secret, c)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	ms := now.UnixMilli()
	q := "market=KRW-BTC"
	cases := []struct {
		name  string
		req   Request
		scope Scope
		want  string
	}{
		{"ok", get(q, token("full-access-key-0001", "secret-1", ms, q)), ScopeOrderRead, ""},
		{"no header", get(q, ""), ScopeOrderRead, ErrInvalidJWT},
		{"garbage", get(q, "not.a.jwt"), ScopeOrderRead, ErrInvalidJWT},
		{"unknown key", get(q, token("nobody-key-00000000", "secret-1", ms, q)), ScopeOrderRead, ErrInvalidAccessKey},
		{"bad secret", get(q, token("full-access-key-0001", "wrong", ms, q)), ScopeOrderRead, ErrJWTVerification},
		{"old", get(q, token("full-access-key-0001", "secret-1", ms-61_000, q)), ScopeOrderRead, ErrExpiredJWT},
		{"future", get(q, token("full-access-key-0001", "secret-1", ms+61_000, q)), ScopeOrderRead, ErrExpiredJWT},
		{"no hash", get(q, token("full-access-key-0001", "secret-1", ms, "")), ScopeOrderRead, ErrInvalidQueryPayload},
		{"wrong hash", get(q, token("full-access-key-0001", "secret-1", ms, "market=KRW-ETH")), ScopeOrderRead, ErrInvalidQueryPayload},
		{"scope", get(q, token("read-only-key-00002", "secret-2", ms, q)), ScopeOrderWrite, ErrOutOfScope},
		{"scope ok", get(q, token("read-only-key-00002", "secret-2", ms, q)), ScopeAccount, ""},
		{"ip", get(q, token("ip-bound-key-000003", "secret-3", ms, q)), ScopeAccount, ErrNotAllowIP},
		{"no params, no hash", get("", token("full-access-key-0001", "secret-1", ms, "")), ScopeAccount, ""},
	}
	for _, c := range cases {
		_, err := v.VerifyJWT(c.req, c.scope)
		got := ""
		if err != nil {
			got = err.Name
			if err.HTTPStatus != 401 {
				t.Errorf("%s: status %d", c.name, err.HTTPStatus)
			}
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	ipReq := get(q, token("ip-bound-key-000003", "secret-3", ms, q))
	ipReq.RemoteIP = "10.1.2.3"
	if _, err := v.VerifyJWT(ipReq, ScopeAccount); err != nil {
		t.Errorf("allowed ip: %v", err)
	}
}

// The hash strings of REST.md §4.2 and §4.3 (3).
func TestHashCandidates(t *testing.T) {
	cases := []struct {
		query, body, want string
	}{
		{"market=KRW-BTC&states[]=done&states[]=cancel&uuids[]=order-1&uuids[]=order-2&page=2&limit=25&order_by=asc", "",
			"market=KRW-BTC&states[]=done&states[]=cancel&uuids[]=order-1&uuids[]=order-2&page=2&limit=25&order_by=asc"},
		{"market=KRW-BTC&states%5B%5D=done", "", "market=KRW-BTC&states[]=done"},
		{"market=KRW-BTC&state=watch&limit=25&order_by=asc&next_key=page%2B%2F%3D%3D", "",
			"market=KRW-BTC&state=watch&limit=25&order_by=asc&next_key=page+/=="},
		{"", `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":84000000,"volume":0.001}`,
			"market=KRW-BTC&side=bid&order_type=limit&price=84000000&volume=0.001"},
		{"", `{"client_order_ids":["client-1","client-2"]}`, "client_order_ids[]=client-1&client_order_ids[]=client-2"},
		{"", `{"market":"KRW-BTC","client_order_ids":["c1","c2"],"order_by":"desc"}`, "market=KRW-BTC&client_order_ids[]=c1&client_order_ids[]=c2&order_by=desc"},
		{"", `{"batch_orders":[{"market":"KRW-BTC","side":"bid"},{"market":"KRW-ETH","side":"ask"}]}`,
			"batch_orders[0][market]=KRW-BTC&batch_orders[0][side]=bid&batch_orders[1][market]=KRW-ETH&batch_orders[1][side]=ask"},
		{"", `{"receiver_ko_name":"홍길동","amount":"1E-7","memo":null}`, "receiver_ko_name=홍길동&amount=1E-7"},
		{"", `{"a":{"b":1},"t":true}`, "a[b]=1&t=true"},
	}
	for _, c := range cases {
		cands, has := HashCandidates(c.query, []byte(c.body))
		found := false
		for _, x := range cands {
			found = found || x == c.want
		}
		if !has || !found {
			t.Errorf("query %q body %q: candidates %q lack %q", c.query, c.body, cands, c.want)
		}
	}
	if _, has := HashCandidates("", []byte("{}")); has {
		t.Error("empty body has params")
	}
	if _, err := BodyHashString([]byte(`[1]`)); err == nil {
		t.Error("array body accepted")
	}
}

// REST.md §12.1 test vector.
func TestLegacyVector(t *testing.T) {
	const want = "ZjVlNDE2MzI3ZWU1MjJjODc2MTQxNjVkYTU1NDdlYmFlNDI2YjI4MDJmZGMxMjUxMTcxNzI0NzY0ZGQ2ZmE5YjllYWI4YjkzNTk3YjUzZjcwNzI2Y2Q3MWJlMWY2NzQ5ZGJkNmZhNmE2MWEzZjc5OWY0NTQ4YTEzYWMwZGQ4NDE="
	body := "endpoint=%2Finfo%2Fbalance&order_currency=BTC&payment_currency=KRW"
	if got := LegacySign("test-secret", "/info/balance", body, "1655283111604", 0); got != want {
		t.Fatalf("Api-Sign %s", got)
	}
	v := NewVerifier([]Key{{AccessKey: "legacy-key-00000001", SecretKey: "test-secret", Account: "a"}},
		Options{Now: func() time.Time { return time.UnixMilli(1655283111604) }})
	req := func(sign, nonce, clientType, b string) Request {
		h := http.Header{}
		h.Set("Api-Key", "legacy-key-00000001")
		h.Set("Api-Nonce", nonce)
		h.Set("Api-Sign", sign)
		if clientType != "" {
			h.Set("Api-Client-Type", clientType)
		}
		return Request{Method: "POST", Path: "/info/balance", Body: []byte(b), Header: h, RemoteIP: "127.0.0.1"}
	}
	if _, err := v.VerifyHMAC(req(want, "1655283111604", "", body), ScopeAccount); err != nil {
		t.Fatalf("vector rejected: %v", err)
	}
	if _, err := v.VerifyHMAC(req(want, "1655283111604", "", body), ScopeAccount); err == nil || err.LegacyStatus != LegacyBadRequest {
		t.Fatalf("nonce reuse: %v", err)
	}
	semi := LegacySign("test-secret", "/info/balance", body, "1655283111605", ';')
	if _, err := v.VerifyHMAC(req(semi, "1655283111605", "2", body), ScopeAccount); err != nil {
		t.Fatalf("separator 2: %v", err)
	}
	if _, err := v.VerifyHMAC(req(semi, "1655283111606", "0", body), ScopeAccount); err == nil || err.LegacyStatus != LegacyBadRequest {
		t.Fatalf("wrong separator: %v", err)
	}
	other := req(want, "1655283111607", "", body)
	other.Header.Set("Api-Key", "unknown-key-0000001")
	if _, err := v.VerifyHMAC(other, ScopeAccount); err == nil || err.LegacyStatus != LegacyInvalidAPIKey || err.Message != "Invalid Apikey" {
		t.Fatalf("unknown key: %v", err)
	}
}

// TestJWTParsing pins the parsing rules of VerifyJWT: HS256 only, the
// order of the errors, numbers checked as written, padded base64url and
// registered claims tolerated, a lower-case "bearer".
func TestJWTParsing(t *testing.T) {
	now := time.UnixMilli(1754000000000)
	ms := now.UnixMilli()
	const access, secret = "full-access-key-0001", "secret-1"
	v := NewVerifier([]Key{{AccessKey: access, SecretKey: secret, Account: "a"}}, Options{Now: func() time.Time { return now }})
	n := 0
	base := func() jwt.MapClaims {
		n++
		return jwt.MapClaims{"access_key": access, "nonce": fmt.Sprintf("parse-%d", n), "timestamp": ms}
	}
	with := func(c jwt.MapClaims, edit func(jwt.MapClaims)) jwt.MapClaims { edit(c); return c }
	sign := func(m jwt.SigningMethod, key any, c jwt.MapClaims) string {
		tok, err := jwt.NewWithClaims(m, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	hs256 := func(c jwt.MapClaims) string { return sign(jwt.SigningMethodHS256, []byte(secret), c) }
	none := func(c jwt.MapClaims) string { return sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, c) }
	// pad adds base64 padding to every part of a token.
	pad := func(tok string) string {
		parts := strings.Split(tok, ".")
		for i, p := range parts {
			parts[i] = p + strings.Repeat("=", (4-len(p)%4)%4)
		}
		return strings.Join(parts, ".")
	}
	// rawToken signs arbitrary header and payload bytes with the secret.
	rawToken := func(header, payload string) string {
		in := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload))
		sig, err := jwt.SigningMethodHS256.Sign(in, []byte(secret))
		if err != nil {
			t.Fatal(err)
		}
		return in + "." + base64.RawURLEncoding.EncodeToString(sig)
	}
	good := hs256(base())
	cases := []struct {
		name, header, want string
	}{
		{"ok", "Bearer " + good, ""},
		{"lower-case bearer", "bearer " + hs256(base()), ""},
		{"padded base64url", "Bearer " + pad(hs256(base())), ""},
		{"expired exp claim is not checked", "Bearer " + hs256(with(base(), func(c jwt.MapClaims) { c["exp"] = ms/1000 - 3600 })), ""},
		{"float timestamp", "Bearer " + hs256(with(base(), func(c jwt.MapClaims) { c["timestamp"] = float64(ms) })), ""},
		{"HS512", "Bearer " + sign(jwt.SigningMethodHS512, []byte(secret), base()), ErrJWTVerification},
		{"alg none", "Bearer " + none(base()), ErrJWTVerification},
		{"alg none, unknown key", "Bearer " + none(with(base(), func(c jwt.MapClaims) { c["access_key"] = "nobody" })), ErrInvalidAccessKey},
		{"unknown alg", "Bearer " + rawToken(`{"alg":"XS256","typ":"JWT"}`, `{"access_key":"`+access+`","nonce":"x1","timestamp":1754000000000}`), ErrJWTVerification},
		{"no alg", "Bearer " + rawToken(`{"typ":"JWT"}`, `{"access_key":"`+access+`","nonce":"x2","timestamp":1754000000000}`), ErrJWTVerification},
		{"no access_key", "Bearer " + hs256(with(base(), func(c jwt.MapClaims) { delete(c, "access_key") })), ErrInvalidJWT},
		{"numeric access_key", "Bearer " + hs256(with(base(), func(c jwt.MapClaims) { c["access_key"] = 7 })), ErrInvalidJWT},
		{"no nonce", "Bearer " + hs256(with(base(), func(c jwt.MapClaims) { delete(c, "nonce") })), ErrInvalidJWT},
		{"string timestamp", "Bearer " + hs256(with(base(), func(c jwt.MapClaims) { c["timestamp"] = fmt.Sprint(ms) })), ErrInvalidJWT},
		{"seconds timestamp", "Bearer " + hs256(with(base(), func(c jwt.MapClaims) { c["timestamp"] = ms / 1000 })), ErrExpiredJWT},
		{"signature not base64", "Bearer " + good[:strings.LastIndexByte(good, '.')+1] + "!!", ErrInvalidJWT},
		{"payload not JSON", "Bearer " + rawToken(`{"alg":"HS256","typ":"JWT"}`, `access_key=`+access), ErrInvalidJWT},
		{"header not JSON", "Bearer " + rawToken(`HS256`, `{"access_key":"`+access+`","nonce":"x3","timestamp":1754000000000}`), ErrInvalidJWT},
		{"two parts", "Bearer " + good[:strings.LastIndexByte(good, '.')], ErrInvalidJWT},
		{"query_hash_alg SHA256", "Bearer " + hs256(with(base(), func(c jwt.MapClaims) { c["query_hash_alg"] = "SHA256" })), ErrInvalidQueryPayload},
		{"query_hash without parameters", "Bearer " + hs256(with(base(), func(c jwt.MapClaims) { c["query_hash"] = SHA512Hex("a=1") })), ErrInvalidQueryPayload},
		{"replay", "Bearer " + good, ErrNonceUsed},
		{"Basic", "Basic " + hs256(base()), ErrInvalidJWT},
	}
	for _, c := range cases {
		req := get("", "")
		req.Header.Set("Authorization", c.header)
		_, err := v.VerifyJWT(req, ScopeAccount)
		got := ""
		if err != nil {
			got = err.Name
			if err.HTTPStatus != http.StatusUnauthorized {
				t.Errorf("%s: status %d", c.name, err.HTTPStatus)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "eyJ") {
				t.Errorf("%s: error %q shows the secret or the token", c.name, err)
			}
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// TestSignJWT checks the test signer by verifying its tokens with another
// secret and with the right one.
func TestSignJWT(t *testing.T) {
	tok, err := SignJWT("s3cret", map[string]any{"access_key": "k", "nonce": "n", "timestamp": 1})
	if err != nil {
		t.Fatal(err)
	}
	parse := func(secret string) (jwt.MapClaims, error) {
		c := jwt.MapClaims{}
		_, err := jwt.ParseWithClaims(tok, c, func(*jwt.Token) (any, error) { return []byte(secret), nil },
			jwt.WithValidMethods([]string{"HS256"}))
		return c, err
	}
	if _, err := parse("other"); err == nil {
		t.Error("token verifies with another secret")
	}
	c, err := parse("s3cret")
	if err != nil || c["access_key"] != "k" || c["nonce"] != "n" || c["timestamp"] != float64(1) || len(c) != 3 {
		t.Errorf("claims %v, %v", c, err)
	}
	if _, err := SignJWT("s3cret", map[string]any{"x": func() {}}); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("unencodable claim: %v", err)
	}
}
