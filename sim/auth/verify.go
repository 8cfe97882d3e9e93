package auth

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Scope is a permission of an API key ("API 활성 항목"). A key without
// scopes may call everything.
type Scope string

// The scopes the simulator knows.
const (
	ScopeNone          Scope = ""
	ScopeAccount       Scope = "account"        // balances, chance, keys, wallet status
	ScopeOrderRead     Scope = "order:read"     // order queries
	ScopeOrderWrite    Scope = "order:write"    // placing and cancelling orders, TWAP
	ScopeWithdrawRead  Scope = "withdraw:read"  // withdrawal queries
	ScopeWithdrawWrite Scope = "withdraw:write" // withdrawals
	ScopeDepositRead   Scope = "deposit:read"   // deposit queries and addresses
	ScopeDepositWrite  Scope = "deposit:write"  // KRW deposits, address creation
)

// AllScopes lists every scope.
var AllScopes = []Scope{ScopeAccount, ScopeOrderRead, ScopeOrderWrite, ScopeWithdrawRead, ScopeWithdrawWrite, ScopeDepositRead, ScopeDepositWrite}

// Key is an API key pair of an account.
type Key struct {
	// AccessKey identifies the key; SecretKey signs (raw UTF-8 bytes).
	AccessKey string `json:"access_key"`
	SecretKey string `json:"secret_key"`
	// Account is the owner's account id.
	Account string `json:"account"`
	// Scopes limits what the key may call; empty means everything.
	Scopes []Scope `json:"scopes,omitempty"`
	// AllowedIPs limits the client addresses (IPs or CIDRs); empty means any.
	AllowedIPs []string `json:"allowed_ips,omitempty"`
	// ExpireAt is shown by /v1/api_keys.
	ExpireAt time.Time `json:"expire_at"`
}

// Allows reports whether the key has scope s.
func (k *Key) Allows(s Scope) bool {
	if s == ScopeNone || len(k.Scopes) == 0 {
		return true
	}
	for _, have := range k.Scopes {
		if have == s {
			return true
		}
	}
	return false
}

// AllowsIP reports whether ip may use the key.
func (k *Key) AllowsIP(ip string) bool {
	if len(k.AllowedIPs) == 0 {
		return true
	}
	addr := net.ParseIP(ip)
	for _, a := range k.AllowedIPs {
		if strings.Contains(a, "/") {
			if _, n, err := net.ParseCIDR(a); err == nil && addr != nil && n.Contains(addr) {
				return true
			}
			continue
		}
		if a == ip || (addr != nil && addr.Equal(net.ParseIP(a))) {
			return true
		}
	}
	return false
}

// Error is a failed verification: the HTTP status and Bithumb error name
// of API 2.0, or the legacy status code of API 1.0 (sent with HTTP 200).
type Error struct {
	// HTTPStatus is 401 for API 2.0 failures and 200 for legacy ones.
	HTTPStatus int
	// Name is the API 2.0 error name; empty for legacy errors.
	Name string
	// LegacyStatus is the legacy status code, e.g. "5300"; empty for API 2.0.
	LegacyStatus string
	// Message is Bithumb's message for the error.
	Message string
}

// Error returns the name (or legacy status) and message.
func (e *Error) Error() string {
	if e.LegacyStatus != "" {
		return "auth: status " + e.LegacyStatus + ": " + e.Message
	}
	return "auth: " + e.Name + ": " + e.Message
}

// API 2.0 error names.
const (
	ErrInvalidJWT          = "invalid_jwt"
	ErrJWTVerification     = "jwt_verification"
	ErrInvalidAccessKey    = "invalid_access_key"
	ErrExpiredJWT          = "expired_jwt"
	ErrInvalidQueryPayload = "invalid_query_payload"
	ErrNotAllowIP          = "NotAllowIP"
	ErrOutOfScope          = "out_of_scope"
	ErrNonceUsed           = "nonce_used"
)

var messages = map[string]string{
	ErrInvalidJWT:          "Jwt 토큰이 유효하지 않습니다.",
	ErrJWTVerification:     "Jwt 토큰 검증에 실패했습니다.",
	ErrInvalidAccessKey:    "잘못된 액세스 키",
	ErrExpiredJWT:          "Jwt가 만료되었습니다.",
	ErrInvalidQueryPayload: "Jwt의 query를 검증하는데 실패하였습니다.",
	ErrNotAllowIP:          "not allowed client IP",
	ErrOutOfScope:          "권한이 부족합니다.",
	ErrNonceUsed:           "이미 요청한 nonce값이 다시 사용되었습니다.",
}

func jwtError(name string) *Error {
	return &Error{HTTPStatus: http.StatusUnauthorized, Name: name, Message: messages[name]}
}

func legacyError(status, msg string) *Error {
	return &Error{HTTPStatus: http.StatusOK, LegacyStatus: status, Message: msg}
}

// Options configures a Verifier.
type Options struct {
	// Window is how far a JWT timestamp or legacy nonce may be from now;
	// default 60 s.
	Window time.Duration
	// Now is the wall clock (default time.Now). Signatures are made with
	// the client's real clock, so this is not the exchange's clock.
	Now func() time.Time
}

// Verifier checks signatures against a set of keys and remembers used
// nonces. Create one with NewVerifier; it is safe for concurrent use.
type Verifier struct {
	window time.Duration
	now    func() time.Time

	mu   sync.RWMutex
	keys map[string]*Key

	nmu    sync.Mutex
	nonces map[string]int64 // key+"\x00"+nonce → expiry (unix ms)
	queue  []nonceEntry
}

type nonceEntry struct {
	id     string
	expiry int64
}

// NewVerifier returns a verifier knowing keys.
func NewVerifier(keys []Key, opts Options) *Verifier {
	v := &Verifier{window: opts.Window, now: opts.Now, keys: map[string]*Key{}, nonces: map[string]int64{}}
	if v.window <= 0 {
		v.window = 60 * time.Second
	}
	if v.now == nil {
		v.now = time.Now
	}
	for _, k := range keys {
		v.AddKey(k)
	}
	return v
}

// AddKey adds or replaces a key.
func (v *Verifier) AddKey(k Key) {
	v.mu.Lock()
	defer v.mu.Unlock()
	kk := k
	v.keys[k.AccessKey] = &kk
}

// Key returns the key with the given access key.
func (v *Verifier) Key(accessKey string) (Key, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	k, ok := v.keys[accessKey]
	if !ok {
		return Key{}, false
	}
	return *k, true
}

// Keys returns the keys of account.
func (v *Verifier) Keys(account string) []Key {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var out []Key
	for _, k := range v.keys {
		if k.Account == account {
			out = append(out, *k)
		}
	}
	return out
}

// Request is what the verifier needs from an HTTP request.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Body     []byte
	Header   http.Header
	// RemoteIP is the client's address without port.
	RemoteIP string
}

// FromHTTP builds a Request from r and its already read body.
func FromHTTP(r *http.Request, body []byte) Request {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	return Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Body: body, Header: r.Header, RemoteIP: ip}
}

// jwtParser parses and verifies API 2.0 tokens. HS256 is the only
// method accepted. Numbers stay json.Number, so that a timestamp is
// checked as written. Registered claims (exp, nbf, iat) are not
// validated: Bithumb's tokens carry none, and their age is bounded by the
// timestamp claim instead. Padded base64url is tolerated.
var jwtParser = jwt.NewParser(
	jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
	jwt.WithJSONNumber(),
	jwt.WithoutClaimsValidation(),
	jwt.WithPaddingAllowed(),
)

// errUnknownKey is returned by the key function for an access key that
// the verifier does not know; errNoAccessKey for a token without one.
var (
	errUnknownKey  = errors.New("unknown access key")
	errNoAccessKey = errors.New("no access key")
)

// tokenClaims are the claims of an API 2.0 token that the simulator reads.
type tokenClaims struct {
	AccessKey string
	Nonce     string
	Timestamp int64 // Unix milliseconds
	// QueryHash and QueryHashAlg are empty when absent; HasQueryHash
	// tells an absent query_hash from an empty one.
	QueryHash    string
	HasQueryHash bool
	QueryHashAlg string
}

// accessKeyOf returns the access_key claim, or "" when it is missing or
// not a string.
func accessKeyOf(c jwt.MapClaims) string {
	s, _ := c["access_key"].(string)
	return s
}

// readClaims extracts the claims of a verified token. It reports false
// when nonce is missing or empty, or timestamp is not a JSON number.
func readClaims(c jwt.MapClaims) (tokenClaims, bool) {
	tc := tokenClaims{AccessKey: accessKeyOf(c)}
	tc.Nonce, _ = c["nonce"].(string)
	tsNum, isNum := c["timestamp"].(json.Number)
	if tc.Nonce == "" || !isNum {
		return tokenClaims{}, false
	}
	ts, err := strconv.ParseInt(string(tsNum), 10, 64)
	if err != nil {
		f, ferr := tsNum.Float64()
		if ferr != nil {
			return tokenClaims{}, false
		}
		ts = int64(f)
	}
	tc.Timestamp = ts
	tc.QueryHash, tc.HasQueryHash = c["query_hash"].(string)
	tc.QueryHashAlg, _ = c["query_hash_alg"].(string)
	return tc, true
}

// VerifyJWT authenticates an API 2.0 request that needs scope.
//
// The token is parsed and its HS256 signature verified with
// github.com/golang-jwt/jwt/v5, then the simulator checks, in this order:
// a token that is not three base64url parts of JSON is invalid_jwt; a
// missing access_key is invalid_jwt, an unknown one invalid_access_key; a
// method other than HS256 or a wrong signature is jwt_verification; a
// missing nonce or non-numeric timestamp is invalid_jwt; a timestamp
// outside the window is expired_jwt; then NotAllowIP, out_of_scope,
// invalid_query_payload (see the package documentation) and nonce_used.
func (v *Verifier) VerifyJWT(req Request, scope Scope) (Key, *Error) {
	h := req.Header.Get("Authorization")
	token, ok := cutPrefixFold(h, "Bearer ")
	if !ok || token == "" {
		return Key{}, jwtError(ErrInvalidJWT)
	}
	token = strings.TrimSpace(token)
	var key Key
	mc := jwt.MapClaims{}
	_, err := jwtParser.ParseWithClaims(token, mc, func(*jwt.Token) (any, error) {
		access := accessKeyOf(mc)
		if access == "" {
			return nil, errNoAccessKey
		}
		k, found := v.Key(access)
		if !found {
			return nil, errUnknownKey
		}
		key = k
		return []byte(k.SecretKey), nil
	})
	if err != nil {
		if errors.Is(err, jwt.ErrTokenMalformed) {
			return Key{}, jwtError(ErrInvalidJWT)
		}
		// The header and the claims were decoded. A bad access key is
		// reported before a bad method or signature, whichever the
		// library found first.
		access := accessKeyOf(mc)
		if access == "" {
			return Key{}, jwtError(ErrInvalidJWT)
		}
		if _, found := v.Key(access); !found {
			return Key{}, jwtError(ErrInvalidAccessKey)
		}
		return Key{}, jwtError(ErrJWTVerification)
	}
	claims, ok := readClaims(mc)
	if !ok {
		return Key{}, jwtError(ErrInvalidJWT)
	}
	now := v.now()
	if d := time.Duration(now.UnixMilli()-claims.Timestamp) * time.Millisecond; d > v.window || d < -v.window {
		return Key{}, jwtError(ErrExpiredJWT)
	}
	if !key.AllowsIP(req.RemoteIP) {
		return Key{}, jwtError(ErrNotAllowIP)
	}
	if !key.Allows(scope) {
		return Key{}, jwtError(ErrOutOfScope)
	}
	if e := checkQueryHash(claims, req); e != nil {
		return Key{}, e
	}
	if !v.useNonce(claims.AccessKey, claims.Nonce, now) {
		return Key{}, jwtError(ErrNonceUsed)
	}
	return key, nil
}

// checkQueryHash checks the query_hash claims against the parameters of
// req: none may be claimed for a request without parameters (except the
// hash of the empty string), and one of HashCandidates must match for a
// request with parameters. query_hash_alg, when given, must be SHA512.
func checkQueryHash(claims tokenClaims, req Request) *Error {
	claim, hasClaim := claims.QueryHash, claims.HasQueryHash
	if alg := claims.QueryHashAlg; alg != "" && !strings.EqualFold(alg, "SHA512") {
		return jwtError(ErrInvalidQueryPayload)
	}
	var body []byte
	if isJSON(req.Header.Get("Content-Type"), req.Body) {
		body = req.Body
	}
	candidates, hasParams := HashCandidates(req.RawQuery, body)
	if !hasParams {
		if hasClaim && claim != "" && !strings.EqualFold(claim, SHA512Hex("")) {
			return jwtError(ErrInvalidQueryPayload)
		}
		return nil
	}
	if !hasClaim || claim == "" {
		return jwtError(ErrInvalidQueryPayload)
	}
	claim = strings.ToLower(claim)
	for _, c := range candidates {
		if subtle.ConstantTimeCompare([]byte(SHA512Hex(c)), []byte(claim)) == 1 {
			return nil
		}
	}
	return jwtError(ErrInvalidQueryPayload)
}

func isJSON(contentType string, body []byte) bool {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return false
	}
	if strings.Contains(contentType, "x-www-form-urlencoded") {
		return false
	}
	return t[0] == '{'
}

// useNonce records nonce for access and reports whether it was new.
func (v *Verifier) useNonce(access, nonce string, now time.Time) bool {
	id := access + "\x00" + nonce
	ms := now.UnixMilli()
	v.nmu.Lock()
	defer v.nmu.Unlock()
	// Forget nonces whose tokens can no longer pass the window check.
	n := 0
	for n < len(v.queue) && v.queue[n].expiry < ms {
		if v.nonces[v.queue[n].id] == v.queue[n].expiry {
			delete(v.nonces, v.queue[n].id)
		}
		n++
	}
	if n > 0 {
		v.queue = append(v.queue[:0], v.queue[n:]...)
	}
	if _, used := v.nonces[id]; used {
		return false
	}
	exp := ms + 2*v.window.Milliseconds()
	v.nonces[id] = exp
	v.queue = append(v.queue, nonceEntry{id: id, expiry: exp})
	return true
}

// ResetNonces forgets every used nonce.
func (v *Verifier) ResetNonces() {
	v.nmu.Lock()
	defer v.nmu.Unlock()
	v.nonces = map[string]int64{}
	v.queue = nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return "", false
	}
	return s[len(prefix):], true
}

// Legacy API 1.0 status codes and messages.
const (
	LegacyBadRequest    = "5100"
	LegacyInvalidAPIKey = "5300"
	LegacyNotAllowed    = "5302"
)

// LegacySeparator returns the separator byte selected by an
// api-client-type header value ("0" or empty: NUL, "1": 0x01, "2": ";").
func LegacySeparator(apiClientType string) (byte, bool) {
	switch apiClientType {
	case "", "0":
		return 0, true
	case "1":
		return 1, true
	case "2":
		return ';', true
	}
	return 0, false
}

// LegacySign returns the Api-Sign value for a legacy request:
// Base64(lower-case hex(HMAC-SHA512(secret, path+sep+body+sep+nonce))).
func LegacySign(secret, path, body, nonce string, sep byte) string {
	mac := hmac.New(sha512.New, []byte(secret))
	mac.Write([]byte(path))
	mac.Write([]byte{sep})
	mac.Write([]byte(body))
	mac.Write([]byte{sep})
	mac.Write([]byte(nonce))
	return base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(mac.Sum(nil))))
}

// VerifyHMAC authenticates a legacy API 1.0 private request (a form POST
// whose body starts with endpoint=<path>) that needs scope.
func (v *Verifier) VerifyHMAC(req Request, scope Scope) (Key, *Error) {
	access := req.Header.Get("Api-Key")
	nonce := req.Header.Get("Api-Nonce")
	sign := req.Header.Get("Api-Sign")
	if access == "" || nonce == "" || sign == "" {
		return Key{}, legacyError(LegacyBadRequest, "Bad Request.(Auth Data)")
	}
	key, found := v.Key(access)
	if !found {
		return Key{}, legacyError(LegacyInvalidAPIKey, "Invalid Apikey")
	}
	sep, ok := LegacySeparator(req.Header.Get("Api-Client-Type"))
	if !ok {
		return Key{}, legacyError(LegacyBadRequest, "Bad Request.(Auth Data)")
	}
	want := LegacySign(key.SecretKey, req.Path, string(req.Body), nonce, sep)
	if subtle.ConstantTimeCompare([]byte(want), []byte(sign)) != 1 {
		return Key{}, legacyError(LegacyBadRequest, "Bad Request.(Auth Data)")
	}
	form, err := url.ParseQuery(string(req.Body))
	if err != nil || form.Get("endpoint") != req.Path {
		return Key{}, legacyError(LegacyBadRequest, "Bad Request.(endpoint)")
	}
	n, err := strconv.ParseInt(nonce, 10, 64)
	if err != nil {
		return Key{}, legacyError(LegacyBadRequest, "Bad Request.(Nonce)")
	}
	now := v.now()
	if d := time.Duration(now.UnixMilli()-n) * time.Millisecond; d > v.window || d < -v.window {
		return Key{}, legacyError(LegacyBadRequest, "Bad Request.(Nonce)")
	}
	if !key.AllowsIP(req.RemoteIP) {
		return Key{}, legacyError(LegacyNotAllowed, "Method Not Allowed.(Access IP)")
	}
	if !key.Allows(scope) {
		return Key{}, legacyError(LegacyNotAllowed, "Method Not Allowed.(Access)")
	}
	if !v.useNonce("legacy\x00"+access, nonce, now) {
		return Key{}, legacyError(LegacyBadRequest, "Bad Request.(Nonce)")
	}
	return key, nil
}

// SignJWT makes an HS256 token with the given claims, for tests and tools
// (the simulator never signs). It uses github.com/golang-jwt/jwt/v5 and
// shares no code with the client's signer. Claims are encoded as
// encoding/json encodes a map: in key order. An error (a claim that cannot
// be encoded as JSON) never contains the secret.
func SignJWT(secret string, claims map[string]any) (string, error) {
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(claims)).SignedString([]byte(secret))
	if err != nil {
		return "", fmt.Errorf("auth: %w", err)
	}
	return tok, nil
}
