package middleware

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
)

// TestResolve: the layer puts the request's Endpoint in its context: from
// the catalog, guessed for an unknown path, or the one already there.
func TestResolve(t *testing.T) {
	t.Parallel()
	c := mustCatalog(t)
	preset := Endpoint{OperationID: "preset", Method: "GET", Path: "/v1/ticker", Retry: RetryNever}
	for _, tt := range []struct {
		name    string
		catalog *Catalog
		signed  bool
		method  string
		url     string
		preset  bool
		want    string // operation id
		auth    AuthScheme
	}{
		{"in the catalog", c, false, "GET", "https://api.bithumb.com/v1/candles/minutes/5?market=KRW-BTC", false, "getMinuteCandles", AuthNone},
		{"in the catalog, signed client", c, true, "DELETE", "https://api.bithumb.com/v2/order?uuid=C1", false, "cancelOrder", AuthJWT},
		{"unknown, signed client", c, true, "GET", "https://api.bithumb.com/v1/new", false, "unknown", AuthJWT},
		{"unknown, client without keys", c, false, "GET", "https://api.bithumb.com/v1/new", false, "unknown", AuthNone},
		{"unknown legacy", c, false, "POST", "https://api.bithumb.com/info/new", false, "unknown", AuthHMAC},
		{"no catalog", nil, true, "GET", "https://api.bithumb.com/v1/ticker", false, "unknown", AuthJWT},
		{"already resolved", c, false, "GET", "https://api.bithumb.com/v1/ticker", true, "preset", AuthNone},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := script(answer(200, `{}`))
			ctx := t.Context()
			if tt.preset {
				ctx = WithEndpoint(ctx, preset)
			}
			req, err := http.NewRequestWithContext(ctx, tt.method, tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := roundTrip(t, Resolve(tt.catalog, tt.signed)(s), req); err != nil {
				t.Fatal(err)
			}
			seen := s.attempts()
			if len(seen) != 1 || !seen[0].hasEndpoint {
				t.Fatalf("the transport saw %+v", seen)
			}
			if e := seen[0].endpoint; e.OperationID != tt.want || e.Auth != tt.auth {
				t.Errorf("endpoint %+v, want %s with auth %v", e, tt.want, tt.auth)
			}
			if _, ok := EndpointFrom(req.Context()); ok != tt.preset {
				t.Error("Resolve changed the caller's request")
			}
		})
	}
}

// signers returns a JWT and an HMAC signer with fixed keys.
func signers(t *testing.T) (*JWTSigner, *HMACSigner) {
	t.Helper()
	jwt, err := NewJWTSigner("access-0001", "secret-0001")
	if err != nil {
		t.Fatal(err)
	}
	hmac, err := NewHMACSigner("connect-0001", "secret-0002")
	if err != nil {
		t.Fatal(err)
	}
	return jwt, hmac
}

// TestSignLayer: the layer signs a clone of each request as its Endpoint's
// Auth says, and fails before sending anything when it has no signer for
// it or signing fails.
func TestSignLayer(t *testing.T) {
	t.Parallel()
	jwt, hmac := signers(t)
	public := Endpoint{OperationID: "getTicker", Method: "GET", Path: "/v1/ticker"}
	legacy := Endpoint{OperationID: "legacyBalance", Method: "POST", Path: "/info/balance", Auth: AuthHMAC, Legacy: true}
	for _, tt := range []struct {
		name       string
		jwt        *JWTSigner
		hmac       *HMACSigner
		e          *Endpoint
		method     string
		body       string
		wantHeader string // the header that must be set, "" for none
		wantErr    error  // nil, ErrNoCredentials, or errAny
	}{
		{"public", jwt, hmac, &public, "GET", "", "", nil},
		{"public without signers", nil, nil, &public, "GET", "", "", nil},
		{"no endpoint", jwt, hmac, nil, "GET", "", "", nil},
		{"jwt", jwt, nil, &safeEndpoint, "GET", "", "Authorization", nil},
		{"jwt with a body", jwt, nil, &reconcileEndpoint, "POST", `{"market":"KRW-BTC"}`, "Authorization", nil},
		{"jwt without its signer", nil, hmac, &safeEndpoint, "GET", "", "", ErrNoCredentials},
		{"hmac", nil, hmac, &legacy, "POST", "currency=BTC", "Api-Sign", nil},
		{"hmac without its signer", jwt, nil, &legacy, "POST", "currency=BTC", "", ErrNoCredentials},
		{"jwt signing fails", jwt, nil, &reconcileEndpoint, "POST", `["not an object"]`, "", errAny},
		{"hmac signing fails", nil, hmac, &legacy, "GET", "", "", errAny},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := script(answer(200, `{}`))
			req := newRequest(t, t.Context(), tt.e, tt.body)
			if tt.e != nil {
				req.Method = tt.method
			}
			if tt.e == &legacy {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			resp, err := Sign(tt.jwt, tt.hmac)(s).RoundTrip(req)
			if resp != nil {
				resp.Body.Close()
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("RoundTrip: %v", err)
			case tt.wantErr == errAny && err == nil, tt.wantErr != nil && tt.wantErr != errAny && err != tt.wantErr:
				t.Fatalf("RoundTrip error %v, want %v", err, tt.wantErr)
			}
			seen := s.attempts()
			if tt.wantErr != nil {
				if len(seen) != 0 {
					t.Errorf("sent %d requests despite the error", len(seen))
				}
				return
			}
			wantBody := tt.body
			if tt.wantHeader == "Api-Sign" {
				// The legacy API signs the endpoint as the first field.
				wantBody = "endpoint=%2Finfo%2Fbalance&" + tt.body
			}
			if len(seen) != 1 || seen[0].body != wantBody {
				t.Fatalf("the transport saw %+v", seen)
			}
			sent := seen[0].req
			for _, h := range []string{"Authorization", "Api-Sign", "Api-Key", "Api-Nonce"} {
				has := sent.Header.Get(h) != ""
				want := h == tt.wantHeader || (tt.wantHeader == "Api-Sign" && h != "Authorization")
				if has != want {
					t.Errorf("header %s set: %v, want %v", h, has, want)
				}
				if req.Header.Get(h) != "" {
					t.Errorf("the caller's request got the header %s", h)
				}
			}
			if tt.wantHeader == "" && sent != req {
				t.Error("an unsigned request was not passed on as it is")
			}
		})
	}
}

// errAny stands for any error in the tables.
var errAny = errors.New("any error")

// TestChainLayersInOrder builds the whole chain over a scripted
// transport: each attempt is resolved, waits for the limiter, is signed
// afresh and carries its attempt number.
func TestChainLayersInOrder(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		jwt, hmac := signers(t)
		s := script(answer(503, ``), failWith(readReset), answer(200, `{"uuid":"C1"}`))
		lim := &fakeLimiter{}
		var order []string
		var mu sync.Mutex
		note := func(what string) func(http.RoundTripper) http.RoundTripper {
			return func(next http.RoundTripper) http.RoundTripper {
				return RoundTripFunc(func(req *http.Request) (*http.Response, error) {
					mu.Lock()
					order = append(order, what)
					mu.Unlock()
					return next.RoundTrip(req)
				})
			}
		}
		limit := func(next http.RoundTripper) http.RoundTripper { return note("limit")(Limit(lim)(next)) }
		retry := func(next http.RoundTripper) http.RoundTripper { return note("retry")(Retry(RetryConfig{})(next)) }
		cfg := ChainConfig{Catalog: mustCatalog(t), JWT: jwt, HMAC: hmac, Limit: limit, Retry: retry}
		rt := Chain(s, cfg)
		req, err := http.NewRequestWithContext(t.Context(), "GET", "https://api.bithumb.com/v1/order?uuid=C1", nil)
		if err != nil {
			t.Fatal(err)
		}
		status, body, err := roundTrip(t, rt, req)
		if err != nil || status != 200 || body != `{"uuid":"C1"}` {
			t.Fatalf("got %d %q %v", status, body, err)
		}
		if got := strings.Join(order, ","); got != "retry,limit,limit,limit" {
			t.Errorf("layers ran as %s", got)
		}
		if got := strings.Join(lim.waits, ","); got != "private-other,private-other,private-other" {
			t.Errorf("limiter waits %s", got)
		}
		seen := s.attempts()
		tokens := map[string]bool{}
		for i, a := range seen {
			if a.endpoint.OperationID != "getOrder" || a.attempt != i+1 {
				t.Errorf("attempt %d: %s, attempt %d", i+1, a.endpoint.OperationID, a.attempt)
			}
			tokens[a.req.Header.Get("Authorization")] = true
		}
		if len(seen) != 3 || len(tokens) != 3 || tokens[""] {
			t.Errorf("%d attempts with %d distinct tokens, want 3 and 3", len(seen), len(tokens))
		}
	})
}

// TestChainWithoutOptionalLayers: without Retry and Limit the request is
// sent once; without a JWT signer, an unknown path is taken for public.
func TestChainWithoutOptionalLayers(t *testing.T) {
	t.Parallel()
	jwt, _ := signers(t)
	for _, tt := range []struct {
		name string
		jwt  *JWTSigner
		auth bool
	}{
		{"without keys", nil, false},
		{"with a JWT signer", jwt, true},
	} {
		s := script(answer(503, `{}`))
		rt := Chain(s, ChainConfig{Catalog: mustCatalog(t), JWT: tt.jwt})
		req, err := http.NewRequestWithContext(t.Context(), "GET", "https://api.bithumb.com/v1/not-in-the-catalog", nil)
		if err != nil {
			t.Fatal(err)
		}
		status, _, err := roundTrip(t, rt, req)
		if err != nil || status != 503 {
			t.Fatalf("%s: got %d, %v", tt.name, status, err)
		}
		seen := s.attempts()
		if len(seen) != 1 {
			t.Errorf("%s: %d attempts without a retry layer", tt.name, len(seen))
		}
		if got := seen[0].req.Header.Get("Authorization") != ""; got != tt.auth {
			t.Errorf("%s: signed %v, want %v", tt.name, got, tt.auth)
		}
		if e := seen[0].endpoint; e.OperationID != "unknown" || (e.Auth == AuthJWT) != tt.auth {
			t.Errorf("%s: endpoint %+v", tt.name, e)
		}
	}
}

func TestChainConfigString(t *testing.T) {
	t.Parallel()
	jwt, hmac := signers(t)
	id := func(next http.RoundTripper) http.RoundTripper { return next }
	for _, tt := range []struct {
		cfg  ChainConfig
		want string
	}{
		{ChainConfig{}, "ChainConfig{jwt:false hmac:false maxBody:0 logger:false limit:false retry:false}"},
		{ChainConfig{JWT: jwt}, "ChainConfig{jwt:true hmac:false maxBody:0 logger:false limit:false retry:false}"},
		{ChainConfig{HMAC: hmac, MaxBody: 1 << 20}, "ChainConfig{jwt:false hmac:true maxBody:1048576 logger:false limit:false retry:false}"},
		{ChainConfig{Logger: slog.New(slog.DiscardHandler)}, "ChainConfig{jwt:false hmac:false maxBody:0 logger:true limit:false retry:false}"},
		{ChainConfig{Limit: id}, "ChainConfig{jwt:false hmac:false maxBody:0 logger:false limit:true retry:false}"},
		{ChainConfig{Retry: id}, "ChainConfig{jwt:false hmac:false maxBody:0 logger:false limit:false retry:true}"},
	} {
		if got := tt.cfg.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

// TestRoundTripFunc: the adapter calls the function with the request and
// returns what it returns.
func TestRoundTripFunc(t *testing.T) {
	t.Parallel()
	want := &http.Response{StatusCode: 204, Body: io.NopCloser(strings.NewReader(""))}
	var got *http.Request
	req, _ := http.NewRequestWithContext(context.Background(), "GET", "https://api.bithumb.com/v1/ticker", nil)
	resp, err := RoundTripFunc(func(r *http.Request) (*http.Response, error) { got = r; return want, nil }).RoundTrip(req)
	if resp != want || err != nil || got != req {
		t.Errorf("RoundTrip = %v, %v; the function saw %v", resp, err, got)
	}
	_, err = RoundTripFunc(func(*http.Request) (*http.Response, error) { return nil, readReset }).RoundTrip(req)
	if err != readReset {
		t.Errorf("error %v", err)
	}
}
