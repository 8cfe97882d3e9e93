package middleware

import (
	"github.com/google/uuid"

	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
)

// signVerifiedJWT is what signVerifyJWT found in a token.
type signVerifiedJWT struct {
	header     map[string]any
	claims     jwt.MapClaims // numbers as json.Number
	rawPayload string        // for messages only
}

// signVerifyJWT verifies token as a server would, with golang-jwt and the
// secret (HS256 only), and returns its header and claims. It fails the test
// if the signature does not verify, if a part is not unpadded base64url or
// if the header is anything but alg HS256 and typ JWT.
func signVerifyJWT(t *testing.T, token, secret string) signVerifiedJWT {
	t.Helper()
	if strings.ContainsAny(token, "=+/") {
		t.Fatalf("token is not unpadded base64url: %q", token)
	}
	var v signVerifiedJWT
	v.claims = jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(token, v.claims, func(*jwt.Token) (any, error) { return []byte(secret), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithJSONNumber())
	if err != nil {
		t.Fatalf("token does not verify with the secret: %v", err)
	}
	v.header = tok.Header
	if v.header["alg"] != "HS256" || v.header["typ"] != "JWT" || len(v.header) != 2 {
		t.Fatalf("header = %v, want alg HS256 and typ JWT only", v.header)
	}
	if payload, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1]); err == nil {
		v.rawPayload = string(payload)
	}
	return v
}

// signClaimsOf decodes a JSON payload into claims of the form signVerifyJWT
// returns, numbers as json.Number.
func signClaimsOf(t *testing.T, payload string) jwt.MapClaims {
	t.Helper()
	c := jwt.MapClaims{}
	d := json.NewDecoder(strings.NewReader(payload))
	d.UseNumber()
	if err := d.Decode(&c); err != nil {
		t.Fatalf("payload %s: %v", payload, err)
	}
	return c
}

// signRejects reports whether token fails to verify with secret.
func signRejects(token, secret string) bool {
	_, err := jwt.Parse(token, func(*jwt.Token) (any, error) { return []byte(secret), nil },
		jwt.WithValidMethods([]string{"HS256"}))
	return err != nil
}

// signBearer returns the token of an Authorization header.
func signBearer(t *testing.T, req *http.Request) string {
	t.Helper()
	h := req.Header.Get("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		t.Fatalf("Authorization header = %q, want a Bearer token", h)
	}
	return token
}

func signFixedClock(ms int64) func() time.Time {
	return func() time.Time { return time.UnixMilli(ms) }
}

func signFixedNonce(n string) func() (string, error) {
	return func() (string, error) { return n, nil }
}

// signCountingNonce returns nonce-1, nonce-2, ... safely across goroutines.
func signCountingNonce() func() (string, error) {
	var n atomic.Int64
	return func() (string, error) { return fmt.Sprintf("nonce-%d", n.Add(1)), nil }
}

func newTestJWTSigner(t *testing.T, opts ...JWTOption) *JWTSigner {
	t.Helper()
	s, err := NewJWTSigner("test-access", "test-secret", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestJWTTokenVectors checks the known-answer vectors by verification: the
// signer's token, and the vector's own token, verify with the vector's
// secret key (and not with another) and carry exactly the vector's claims.
func TestJWTTokenVectors(t *testing.T) {
	v := loadSignVectors(t)
	for _, tc := range v.JWTTokens {
		t.Run(tc.Name, func(t *testing.T) {
			want := signClaimsOf(t, tc.Payload)
			if want["timestamp"] != json.Number(fmt.Sprint(tc.TimestampMS)) || want["nonce"] != tc.Nonce || want["access_key"] != tc.AccessKey {
				t.Fatalf("vector payload %s disagrees with its fields", tc.Payload)
			}
			check := func(what, token string) {
				t.Helper()
				got := signVerifyJWT(t, token, tc.SecretKey)
				if diff := cmp.Diff(want, got.claims); diff != "" {
					t.Errorf("%s: claims differ from the vector's payload (-want +got):\n%s", what, diff)
				}
				if !signRejects(token, tc.SecretKey+"x") {
					t.Errorf("%s verifies with another secret", what)
				}
			}
			check("vector token", tc.Token)

			s, err := NewJWTSigner(tc.AccessKey, tc.SecretKey,
				WithJWTClock(signFixedClock(tc.TimestampMS)), WithJWTNonceFunc(signFixedNonce(tc.Nonce)))
			if err != nil {
				t.Fatal(err)
			}
			// Through Token.
			got, err := s.Token(tc.HashString)
			if err != nil {
				t.Fatal(err)
			}
			check("Token", got)
			// Through SignRequest on the vector's URL.
			req, err := http.NewRequest(tc.Method, tc.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SignRequest(req); err != nil {
				t.Fatal(err)
			}
			check("SignRequest", signBearer(t, req))
		})
	}
}

func TestSignRequestVectors(t *testing.T) {
	v := loadSignVectors(t)
	for _, tc := range v.Requests {
		t.Run(tc.Name, func(t *testing.T) {
			s := newTestJWTSigner(t, WithJWTClock(signFixedClock(1717000000456)), WithJWTNonceFunc(signFixedNonce("n-1")))
			var body io.Reader
			if tc.Body != nil {
				body = strings.NewReader(*tc.Body)
			}
			req, err := http.NewRequest(tc.Method, "https://api.bithumb.com"+tc.Path, body)
			if err != nil {
				t.Fatal(err)
			}
			req.URL.RawQuery = tc.RawQuery
			if tc.Body != nil {
				req.Header.Set("Content-Type", "application/json; charset=utf-8")
			}
			if err := s.SignRequest(req); err != nil {
				t.Fatal(err)
			}
			if req.URL.RawQuery != tc.WireQuery {
				t.Errorf("wire query = %q, want %q", req.URL.RawQuery, tc.WireQuery)
			}
			if tc.WireQuery != "" && !strings.HasSuffix(req.URL.String(), "?"+tc.WireQuery) {
				t.Errorf("URL %q does not end in the wire query", req.URL.String())
			}
			vt := signVerifyJWT(t, signBearer(t, req), "test-secret")
			signCheckClaims(t, vt, "test-access", "n-1", 1717000000456)
			if tc.HashString == "" {
				checkNoQueryHash(t, vt)
			} else {
				want := signSHA512Hex(tc.HashString)
				if vt.claims["query_hash"] != want {
					t.Errorf("query_hash = %v, want SHA-512 of %q", vt.claims["query_hash"], tc.HashString)
				}
				if vt.claims["query_hash_alg"] != "SHA512" {
					t.Errorf("query_hash_alg = %v, want SHA512", vt.claims["query_hash_alg"])
				}
				if len(vt.claims) != 5 {
					t.Errorf("claims = %v, want 5 claims", vt.claims)
				}
			}
			if tc.Body != nil {
				got, err := io.ReadAll(req.Body)
				if err != nil || string(got) != *tc.Body {
					t.Errorf("body after signing = %q, %v; want it unchanged", got, err)
				}
			}
		})
	}
}

func signCheckClaims(t *testing.T, vt signVerifiedJWT, access, nonce string, ts int64) {
	t.Helper()
	if vt.claims["access_key"] != access {
		t.Errorf("access_key = %v, want %s", vt.claims["access_key"], access)
	}
	if nonce != "" && vt.claims["nonce"] != nonce {
		t.Errorf("nonce = %v, want %s", vt.claims["nonce"], nonce)
	}
	num, ok := vt.claims["timestamp"].(json.Number)
	if !ok {
		t.Fatalf("timestamp = %#v, want a JSON number", vt.claims["timestamp"])
	}
	if got, err := num.Int64(); err != nil || got != ts {
		t.Errorf("timestamp = %s, want %d", num, ts)
	}
}

func checkNoQueryHash(t *testing.T, vt signVerifiedJWT) {
	t.Helper()
	if _, ok := vt.claims["query_hash"]; ok {
		t.Errorf("parameterless token has query_hash: %s", vt.rawPayload)
	}
	if _, ok := vt.claims["query_hash_alg"]; ok {
		t.Errorf("parameterless token has query_hash_alg: %s", vt.rawPayload)
	}
	if len(vt.claims) != 3 {
		t.Errorf("claims = %s, want exactly access_key, nonce, timestamp", vt.rawPayload)
	}
}

func TestSignRequestParameterless(t *testing.T) {
	s := newTestJWTSigner(t, WithJWTClock(signFixedClock(1712230310689)), WithJWTNonceFunc(signFixedNonce("6f5570df-d8bc-4daf-85b4-976733feb624")))
	for _, tc := range []struct {
		name string
		req  func() *http.Request
	}{
		{"GET no query", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, "https://api.bithumb.com/v1/accounts", nil)
			return r
		}},
		{"GET bare ?", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, "https://api.bithumb.com/v1/accounts?", nil)
			return r
		}},
		{"GET http.NoBody", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, "https://api.bithumb.com/v1/accounts", http.NoBody)
			return r
		}},
		{"POST empty body", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v1/x", strings.NewReader(""))
			return r
		}},
		{"POST {}", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v1/x", strings.NewReader("{}"))
			return r
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req()
			if err := s.SignRequest(req); err != nil {
				t.Fatal(err)
			}
			vt := signVerifyJWT(t, signBearer(t, req), "test-secret")
			signCheckClaims(t, vt, "test-access", "6f5570df-d8bc-4daf-85b4-976733feb624", 1712230310689)
			checkNoQueryHash(t, vt)
			want := signClaimsOf(t, `{"access_key":"test-access","nonce":"6f5570df-d8bc-4daf-85b4-976733feb624","timestamp":1712230310689}`)
			if diff := cmp.Diff(want, vt.claims); diff != "" {
				t.Errorf("claims (-want +got):\n%s", diff)
			}
		})
	}
	// Token("") is the WebSocket handshake form.
	tok, err := s.Token("")
	if err != nil {
		t.Fatal(err)
	}
	checkNoQueryHash(t, signVerifyJWT(t, tok, "test-secret"))
}

// TestSignRequestFreshNonceAndBodyKept signs the same request twice, as a
// retry does, and checks that each attempt gets its own nonce and that the
// body can still be sent afterwards, both with and without GetBody.
func TestSignRequestFreshNonceAndBodyKept(t *testing.T) {
	const body = `{"market":"KRW-BTC","side":"bid","volume":"0.001","ord_type":"market"}`
	const hashString = "market=KRW-BTC&side=bid&volume=0.001&ord_type=market"
	newReq := map[string]func() *http.Request{
		// http.NewRequest sets GetBody for a *strings.Reader.
		"with GetBody": func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v2/orders", strings.NewReader(body))
			return r
		},
		// A reader that http.NewRequest does not know: no GetBody, unknown length.
		"without GetBody": func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v2/orders", io.MultiReader(strings.NewReader(body)))
			return r
		},
	}
	for name, mk := range newReq {
		t.Run(name, func(t *testing.T) {
			s := newTestJWTSigner(t) // default clock and UUIDv4 nonces
			req := mk()
			hadGetBody := req.GetBody != nil
			var nonces, tokens []string
			for range 2 {
				if err := s.SignRequest(req); err != nil {
					t.Fatal(err)
				}
				tok := signBearer(t, req)
				vt := signVerifyJWT(t, tok, "test-secret")
				if vt.claims["query_hash"] != signSHA512Hex(hashString) {
					t.Errorf("query_hash does not cover %q", hashString)
				}
				nonce, _ := vt.claims["nonce"].(string)
				if !uuidV4Pattern.MatchString(nonce) {
					t.Errorf("default nonce %q is not a UUIDv4", nonce)
				}
				nonces = append(nonces, nonce)
				tokens = append(tokens, tok)
			}
			if nonces[0] == nonces[1] || tokens[0] == tokens[1] {
				t.Errorf("two signings share nonce %q or token", nonces[0])
			}
			if req.GetBody == nil {
				t.Fatal("GetBody is nil after signing")
			}
			got, err := io.ReadAll(req.Body)
			if err != nil || string(got) != body {
				t.Errorf("req.Body after signing = %q, %v", got, err)
			}
			for i := range 2 {
				rc, err := req.GetBody()
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc)
				if err != nil || string(got) != body {
					t.Errorf("GetBody #%d = %q, %v", i, got, err)
				}
			}
			if !hadGetBody && req.ContentLength != int64(len(body)) {
				t.Errorf("ContentLength = %d, want %d", req.ContentLength, len(body))
			}
		})
	}
}

// TestSignRequestOnClones mimics a retrying RoundTripper: each attempt
// signs a clone, so the caller's request is left as it was.
func TestSignRequestOnClones(t *testing.T) {
	s := newTestJWTSigner(t, WithJWTNonceFunc(signCountingNonce()))
	orig, err := http.NewRequest(http.MethodGet, "https://api.bithumb.com/v1/orders?uuids%5B%5D=a&uuids%5B%5D=b", nil)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for range 3 {
		attempt := orig.Clone(t.Context())
		if err := s.SignRequest(attempt); err != nil {
			t.Fatal(err)
		}
		if attempt.URL.RawQuery != "uuids[]=a&uuids[]=b" {
			t.Errorf("attempt query = %q", attempt.URL.RawQuery)
		}
		vt := signVerifyJWT(t, signBearer(t, attempt), "test-secret")
		seen = append(seen, vt.claims["nonce"].(string))
	}
	if strings.Join(seen, ",") != "nonce-1,nonce-2,nonce-3" {
		t.Errorf("nonces = %v, want one per attempt", seen)
	}
	if orig.URL.RawQuery != "uuids%5B%5D=a&uuids%5B%5D=b" || orig.Header.Get("Authorization") != "" {
		t.Errorf("original request modified: query %q, Authorization set %v", orig.URL.RawQuery, orig.Header.Get("Authorization") != "")
	}
}

func TestSignRequestBodyErrors(t *testing.T) {
	s := newTestJWTSigner(t)
	for name, body := range map[string]string{
		"array":    `["secretvalue"]`,
		"form":     `secretvalue=1&b=2`,
		"trailing": `{"a":"secretvalue"} {}`,
		"too big":  `{"a":"` + strings.Repeat("x", maxSignedBodySize) + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v2/orders", strings.NewReader(body))
			err := s.SignRequest(req)
			if err == nil {
				t.Fatal("SignRequest accepted the body")
			}
			if strings.Contains(err.Error(), "secretvalue") || !strings.HasPrefix(err.Error(), "middleware: ") {
				t.Errorf("error %q", err)
			}
			if req.Header.Get("Authorization") != "" {
				t.Error("Authorization set despite the error")
			}
		})
	}
	t.Run("GetBody fails", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v2/orders", strings.NewReader(`{}`))
		boom := errors.New("boom")
		req.GetBody = func() (io.ReadCloser, error) { return nil, boom }
		if err := s.SignRequest(req); !errors.Is(err, boom) {
			t.Errorf("err = %v, want it to wrap the GetBody error", err)
		}
	})
	t.Run("bad query", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, "https://api.bithumb.com/v1/orders", nil)
		req.URL.RawQuery = "a=%zz"
		if err := s.SignRequest(req); err == nil {
			t.Error("SignRequest accepted invalid percent-encoding")
		}
	})
	t.Run("nil", func(t *testing.T) {
		if err := s.SignRequest(nil); err == nil {
			t.Error("SignRequest(nil) = nil")
		}
		if err := s.SignRequest(&http.Request{}); err == nil {
			t.Error("SignRequest without URL = nil")
		}
	})
}

func TestSignRequestNilHeader(t *testing.T) {
	s := newTestJWTSigner(t)
	req := &http.Request{Method: http.MethodGet, URL: signMustURL(t, "https://api.bithumb.com/v1/accounts")}
	if err := s.SignRequest(req); err != nil {
		t.Fatal(err)
	}
	signVerifyJWT(t, signBearer(t, req), "test-secret")
}

func TestNewJWTSignerRejectsBadKeys(t *testing.T) {
	const secret = "sup3r-s3cret-Value"
	tests := []struct {
		name, access, secret string
	}{
		{"empty access", "", secret},
		{"empty secret", "test-access", ""},
		{"secret with newline", "test-access", secret + "\n"},
		{"secret with inner space", "test-access", "sup3r s3cret-Value"},
		{"secret with tab", "test-access", "\t" + secret},
		{"secret with NUL", "test-access", secret + "\x00"},
		{"secret with NBSP", "test-access", secret + "\u00a0"},
		{"secret invalid UTF-8", "test-access", secret + "\xff"},
		{"access with CR", "sup3r-s3cret-Value\r", "test-secret"},
		{"access with DEL", "acc\x7fsup3r-s3cret-Value", "test-secret"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewJWTSigner(tc.access, tc.secret)
			if err == nil {
				t.Fatalf("NewJWTSigner accepted the keys: %v", s)
			}
			if !errors.Is(err, ErrInvalidCredentials) {
				t.Errorf("error %v does not wrap ErrInvalidCredentials", err)
			}
			msg := err.Error()
			if strings.Contains(msg, "s3cret") || strings.Contains(msg, "sup3r") {
				t.Errorf("error %q contains the key", msg)
			}
			if !strings.HasPrefix(msg, "middleware: ") {
				t.Errorf("error %q lacks the package prefix", msg)
			}
		})
	}
}

func TestJWTOptions(t *testing.T) {
	if _, err := NewJWTSigner("a", "b", WithJWTClock(nil)); err == nil {
		t.Error("nil clock accepted")
	}
	if _, err := NewJWTSigner("a", "b", WithJWTNonceFunc(nil)); err == nil {
		t.Error("nil nonce func accepted")
	}
	if _, err := NewJWTSigner("a", "b", nil); err != nil {
		t.Errorf("nil option: %v", err)
	}
	boom := errors.New("entropy exhausted")
	s := newTestJWTSigner(t, WithJWTNonceFunc(func() (string, error) { return "", boom }))
	req, _ := http.NewRequest(http.MethodGet, "https://api.bithumb.com/v1/accounts", nil)
	if err := s.SignRequest(req); !errors.Is(err, boom) {
		t.Errorf("nonce error = %v, want it wrapped", err)
	}
	if req.Header.Get("Authorization") != "" {
		t.Error("Authorization set despite the nonce error")
	}
	s = newTestJWTSigner(t, WithJWTNonceFunc(signFixedNonce("")))
	if _, err := s.Token("a=1"); err == nil {
		t.Error("empty nonce accepted")
	}
}

// TestTokenEscaping checks that claim values are JSON-escaped: an access key
// with quotes, a backslash and HTML characters comes back unchanged.
func TestTokenEscaping(t *testing.T) {
	const access = `a"<&>\b`
	s, err := NewJWTSigner(access, "test-secret", WithJWTClock(signFixedClock(1)), WithJWTNonceFunc(signFixedNonce("n")))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.Token("")
	if err != nil {
		t.Fatal(err)
	}
	vt := signVerifyJWT(t, tok, "test-secret")
	want := jwt.MapClaims{"access_key": access, "nonce": "n", "timestamp": json.Number("1")}
	if diff := cmp.Diff(want, vt.claims); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
}

var uuidV4Pattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestDefaultNonce checks the default nonce source: random version 4
// UUIDs from google/uuid in lower-case text form, as uuid.UUID.String
// writes them, with the free bits after the variant varying.
func TestDefaultNonce(t *testing.T) {
	s, err := NewJWTSigner("access", "secret")
	if err != nil {
		t.Fatal(err)
	}
	seen := make(map[string]bool)
	var variants [4]int
	for range 2000 {
		quoted, err := s.appendNonce(nil)
		if err != nil {
			t.Fatal(err)
		}
		u := strings.Trim(string(quoted), `"`)
		if !uuidV4Pattern.MatchString(u) || uuid.MustParse(u).String() != u {
			t.Fatalf("default nonce %s, not a lower-case UUIDv4", quoted)
		}
		if seen[u] {
			t.Fatalf("default nonce repeated %q", u)
		}
		seen[u] = true
		variants[strings.IndexByte("89ab", u[19])]++
	}
	for i, n := range variants {
		if n == 0 {
			t.Errorf("variant nibble %c never seen in 2000 UUIDs", "89ab"[i])
		}
	}
}

// TestJWTSignerConcurrent shares one signer between goroutines; run with
// -race. Every token must verify and carry its own nonce.
func TestJWTSignerConcurrent(t *testing.T) {
	s := newTestJWTSigner(t)
	const workers, perWorker = 8, 25
	type signed struct{ token, hashString string }
	var (
		mu  sync.Mutex
		out []signed
		wg  sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				body := fmt.Sprintf(`{"market":"KRW-BTC","volume":"%d.%d"}`, w, i)
				req, _ := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v2/orders?x=1", strings.NewReader(body))
				if err := s.SignRequest(req); err != nil {
					t.Error(err)
					return
				}
				token, _ := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
				mu.Lock()
				out = append(out, signed{token, fmt.Sprintf("x=1&market=KRW-BTC&volume=%d.%d", w, i)})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	nonces := make(map[string]bool)
	for _, sg := range out {
		vt := signVerifyJWT(t, sg.token, "test-secret")
		if vt.claims["query_hash"] != signSHA512Hex(sg.hashString) {
			t.Errorf("query_hash does not cover %q", sg.hashString)
		}
		nonces[vt.claims["nonce"].(string)] = true
	}
	if len(out) != workers*perWorker || len(nonces) != len(out) {
		t.Errorf("%d distinct nonces for %d tokens, want %d", len(nonces), len(out), workers*perWorker)
	}
}

func signMustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
