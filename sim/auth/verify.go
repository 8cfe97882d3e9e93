package auth

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
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

// VerifyJWT authenticates an API 2.0 request that needs scope.
func (v *Verifier) VerifyJWT(req Request, scope Scope) (Key, *Error) {
	h := req.Header.Get("Authorization")
	token, ok := cutPrefixFold(h, "Bearer ")
	if !ok || token == "" {
		return Key{}, jwtError(ErrInvalidJWT)
	}
	token = strings.TrimSpace(token)
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Key{}, jwtError(ErrInvalidJWT)
	}
	headerJSON, err1 := b64url(parts[0])
	payloadJSON, err2 := b64url(parts[1])
	sig, err3 := b64url(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return Key{}, jwtError(ErrInvalidJWT)
	}
	var header struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(headerJSON, &header) != nil {
		return Key{}, jwtError(ErrInvalidJWT)
	}
	claims := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(payloadJSON))
	dec.UseNumber()
	if dec.Decode(&claims) != nil {
		return Key{}, jwtError(ErrInvalidJWT)
	}
	access, _ := claims["access_key"].(string)
	if access == "" {
		return Key{}, jwtError(ErrInvalidJWT)
	}
	key, found := v.Key(access)
	if !found {
		return Key{}, jwtError(ErrInvalidAccessKey)
	}
	if header.Alg != "HS256" {
		return Key{}, jwtError(ErrJWTVerification)
	}
	mac := hmac.New(sha256.New, []byte(key.SecretKey))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(mac.Sum(nil), sig) {
		return Key{}, jwtError(ErrJWTVerification)
	}
	nonce, _ := claims["nonce"].(string)
	tsNum, isNum := claims["timestamp"].(json.Number)
	if nonce == "" || !isNum {
		return Key{}, jwtError(ErrInvalidJWT)
	}
	ts, err := strconv.ParseInt(string(tsNum), 10, 64)
	if err != nil {
		f, ferr := tsNum.Float64()
		if ferr != nil {
			return Key{}, jwtError(ErrInvalidJWT)
		}
		ts = int64(f)
	}
	now := v.now()
	if d := time.Duration(now.UnixMilli()-ts) * time.Millisecond; d > v.window || d < -v.window {
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
	if !v.useNonce(access, nonce, now) {
		return Key{}, jwtError(ErrNonceUsed)
	}
	return key, nil
}

func checkQueryHash(claims map[string]any, req Request) *Error {
	claim, hasClaim := claims["query_hash"].(string)
	if alg, ok := claims["query_hash_alg"].(string); ok && alg != "" && !strings.EqualFold(alg, "SHA512") {
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

func b64url(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	return base64.RawURLEncoding.DecodeString(s)
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
// (the simulator never signs). It is independent of the client's signer.
func SignJWT(secret string, claims map[string]any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("auth: %w", err)
	}
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	input := head + "." + base64.RawURLEncoding.EncodeToString(payload)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}
