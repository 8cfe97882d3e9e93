package middleware

import (
	"net/http"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// signReferenceClaims is the payload as golang-jwt encodes it from a
// struct through encoding/json: the reference that the signer's appended
// claims must equal byte for byte.
type signReferenceClaims struct {
	AccessKey    string `json:"access_key"`
	Nonce        string `json:"nonce"`
	Timestamp    int64  `json:"timestamp"`
	QueryHash    string `json:"query_hash,omitempty"`
	QueryHashAlg string `json:"query_hash_alg,omitempty"`
	jwt.RegisteredClaims
}

// TestTokenMatchesGolangJWT checks that Token writes exactly the token that
// golang-jwt's own encoder writes for the same claims, escaping included:
// HTML characters, U+2028, control characters and invalid UTF-8 in a
// nonce, non-ASCII keys, and negative timestamps.
func TestTokenMatchesGolangJWT(t *testing.T) {
	tests := []struct {
		access, nonce string
		ms            int64
		hashString    string
	}{
		{"test-access", "nonce-1", 1717000000456, ""},
		{"test-access", "nonce-1", 1717000000456, "market=KRW-BTC&limit=10"},
		{`a"<&>\b`, "n", 1, ""},
		{"키-한글", "빗썸", 0, "memo=빗썸"},
		{"k", "x\u2028y\u2029z", -5, "a=1"},
		{"k", "bad\xffutf8\x01\x7f", 9, ""},
		{"k", `"quoted" \ back`, 12, "q"},
	}
	for _, tc := range tests {
		s := newTestJWTSigner(t, WithJWTClock(signFixedClock(tc.ms)), WithJWTNonceFunc(signFixedNonce(tc.nonce)))
		*s.accessKey = tc.access
		got, err := s.Token(tc.hashString)
		if err != nil {
			t.Fatal(err)
		}
		claims := signReferenceClaims{AccessKey: tc.access, Nonce: tc.nonce, Timestamp: tc.ms}
		if tc.hashString != "" {
			claims.QueryHash = QueryHash(tc.hashString)
			claims.QueryHashAlg = "SHA512"
		}
		want, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("test-secret"))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("Token for access %q, nonce %q, hash string %q:\n got %s\nwant %s", tc.access, tc.nonce, tc.hashString, got, want)
		}
	}
}

// TestSignRequestAllocations bounds the heap allocations of SignRequest
// alone (the request is built outside the count): a hash string, claims
// or header buffer that moved to the heap would show here.
func TestSignRequestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	s := newTestJWTSigner(t)
	const body = `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"84000000","volume":"0.001"}`
	tests := []struct {
		name, method, url, body string
		max                     float64
	}{
		// golang-jwt's HS256 Sign allocates 7 times (HMAC state, its copy
		// of the signing string, the signature); then the signing string,
		// the header value and its []string.
		{"get", http.MethodGet, "https://api.bithumb.com/v1/orders?market=KRW-BTC&state=wait&limit=100", "", 10},
		// GetBody's reader: 2 more.
		{"post", http.MethodPost, "https://api.bithumb.com/v2/orders", body, 12},
	}
	for _, tc := range tests {
		reqs := make([]*http.Request, 0, 101)
		for range cap(reqs) {
			req, err := http.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer old") // the map has room for it
			reqs = append(reqs, req)
		}
		i := 0
		allocs := testing.AllocsPerRun(100, func() {
			if err := s.SignRequest(reqs[i]); err != nil {
				t.Fatal(err)
			}
			i++
		})
		if allocs > tc.max {
			t.Errorf("%s: SignRequest allocates %.0f times, want at most %.0f", tc.name, allocs, tc.max)
		}
	}
}

// TestSignRequestHashStringJoins checks the hash string that SignRequest
// signs when a query, a body or both are present, against Token on the
// expected hash string, down to a one-byte body hash string ("=").
func TestSignRequestHashStringJoins(t *testing.T) {
	tests := []struct{ query, body, want string }{
		{"", `{"":""}`, "="},
		{"", `{"a":null}`, ""},
		{"a=1", `{"a":null}`, "a=1"},
		{"a=1", `{"":""}`, "a=1&="},
		{"a=1", `{"b":2}`, "a=1&b=2"},
	}
	for _, tc := range tests {
		s := newTestJWTSigner(t, WithJWTClock(signFixedClock(7)), WithJWTNonceFunc(signFixedNonce("n")))
		req, err := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v2/orders?"+tc.query, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SignRequest(req); err != nil {
			t.Fatal(err)
		}
		want, err := s.Token(tc.want)
		if err != nil {
			t.Fatal(err)
		}
		if got := signBearer(t, req); got != want {
			t.Errorf("query %q, body %s: token differs from Token(%q)", tc.query, tc.body, tc.want)
		}
	}
}
