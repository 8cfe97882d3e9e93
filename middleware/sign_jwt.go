package middleware

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/bithumb-go/bithumb/credentials"
)

// ErrInvalidCredentials is wrapped by the errors of NewJWTSigner and
// NewHMACSigner when a key is empty or malformed. Test with errors.Is. The
// error text names which key is wrong and why, never the key itself.
var ErrInvalidCredentials = errors.New("middleware: invalid credentials")

// maxSignedBodySize bounds the request body that a signer reads to hash
// or rewrite it. Bithumb's JSON and form bodies are a few kilobytes at most.
const maxSignedBodySize = 1 << 20

// queryHashAlg is the value of the query_hash_alg claim.
const queryHashAlg = "SHA512"

// JWTSigner signs requests to Bithumb API 2.0 private endpoints with an
// HS256 JSON Web Token in the Authorization header, as documented on
// Bithumb's "인증 헤더 만들기" (authentication header) page.
//
// Create one with NewJWTSigner; the zero value is not usable. A JWTSigner
// is immutable after creation and safe for concurrent use by multiple
// goroutines, provided the clock and nonce functions given as options are.
//
// Every token carries a fresh nonce and the current time, so a request must
// be signed again for each HTTP attempt: call SignRequest from a
// RoundTripper that sits under the retry layer, after every layer that edits
// the URL or the body.
type JWTSigner struct {
	// accessKey is a pointer for the reason given at signingSecret: fmt
	// prints it as an address even where it bypasses Format (a signer in
	// an unexported field, a verb such as %p on a value).
	accessKey *string
	secret    *signingSecret
	now       func() time.Time
	nonce     func() (string, error)
}

// redactedSecret stands in for a secret key that is set.
const redactedSecret = "********"

// shownSecret is what printing shows of a secret: redactedSecret when it
// is set, "" when it is not.
func shownSecret(s *signingSecret) string {
	if s == nil || len(s.b) == 0 {
		return ""
	}
	return redactedSecret
}

// String returns the signer with its access key masked by
// credentials.Mask and its secret hidden, for example
// "JWTSigner{AccessKey:0123…cdef SecretKey:********}".
func (s JWTSigner) String() string {
	return "JWTSigner{AccessKey:" + credentials.Mask(derefKey(s.accessKey)) + " SecretKey:" + shownSecret(s.secret) + "}"
}

// GoString implements fmt.GoStringer for %#v with the same masking as
// String, for example
// middleware.JWTSigner{AccessKey:"0123…cdef", SecretKey:"********"}.
func (s JWTSigner) GoString() string {
	return "middleware.JWTSigner{AccessKey:" + strconv.Quote(credentials.Mask(derefKey(s.accessKey))) +
		", SecretKey:" + strconv.Quote(shownSecret(s.secret)) + "}"
}

// Format implements fmt.Formatter so that every verb, flag and width
// prints the masked form: %#v prints GoString, any other verb formats
// String as a string would be (%v, %+v and %s print it, %q quotes it, %x
// hex-encodes it). A value and a pointer print the same.
func (s JWTSigner) Format(f fmt.State, verb rune) {
	formatMasked(f, verb, s.String(), s.GoString())
}

// LogValue implements slog.LogValuer: a group with the masked access_key
// and the hidden secret_key.
func (s JWTSigner) LogValue() slog.Value {
	return maskedKeys(derefKey(s.accessKey), s.secret)
}

// derefKey returns *k, or "" for nil.
func derefKey(k *string) string {
	if k == nil {
		return ""
	}
	return *k
}

// formatMasked writes the masked form of a signer for fmt: goString for
// %#v, str formatted as a string for any other verb.
func formatMasked(f fmt.State, verb rune, str, goString string) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, goString)
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), str)
}

// maskedKeys is the slog group of a signer's keys, masked.
func maskedKeys(accessKey string, secret *signingSecret) slog.Value {
	return slog.GroupValue(
		slog.String("access_key", credentials.Mask(accessKey)),
		slog.String("secret_key", shownSecret(secret)),
	)
}

// jwtOptions collects the settings of JWTOption values.
type jwtOptions struct {
	now   func() time.Time
	nonce func() (string, error)
}

// JWTOption configures NewJWTSigner. An option that is given an invalid
// value makes NewJWTSigner return an error.
type JWTOption func(*jwtOptions) error

// WithJWTClock sets the clock whose time, in Unix milliseconds, becomes the
// timestamp claim. The default is time.Now. now must be non-nil and safe for
// concurrent use. Tests use it to get reproducible tokens.
func WithJWTClock(now func() time.Time) JWTOption {
	return func(o *jwtOptions) error {
		if now == nil {
			return errors.New("middleware: WithJWTClock: nil clock")
		}
		o.now = now
		return nil
	}
}

// WithJWTNonceFunc sets the source of the nonce claim, called once per
// token. The default is a random (version 4) UUID from
// github.com/google/uuid, in its 36-character lower-case text form. nonce
// must be non-nil and safe for concurrent use; a call that returns an error
// or an empty string makes the signing fail. Bithumb expects a new random
// UUID for every request: replace the default only in tests.
func WithJWTNonceFunc(nonce func() (string, error)) JWTOption {
	return func(o *jwtOptions) error {
		if nonce == nil {
			return errors.New("middleware: WithJWTNonceFunc: nil nonce function")
		}
		o.nonce = nonce
		return nil
	}
}

// NewJWTSigner returns a signer for the given API 2.0 access key and secret
// key. The secret is used as raw bytes (it is not base64-decoded).
//
// Both keys must be non-empty valid UTF-8 without whitespace or control
// characters (a key pasted with a trailing newline is the common case). Such
// errors wrap ErrInvalidCredentials and never contain either key.
func NewJWTSigner(accessKey, secretKey string, opts ...JWTOption) (*JWTSigner, error) {
	if err := checkSignKey("access key", accessKey); err != nil {
		return nil, err
	}
	if err := checkSignKey("secret key", secretKey); err != nil {
		return nil, err
	}
	o := jwtOptions{now: time.Now, nonce: newNonce}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	return &JWTSigner{
		accessKey: &accessKey,
		secret:    &signingSecret{b: []byte(secretKey)},
		now:       o.now,
		nonce:     o.nonce,
	}, nil
}

// checkSignKey validates a credential. what names the key in the error; the
// error never includes the value or the position of the bad character.
func checkSignKey(what, key string) error {
	if key == "" {
		return fmt.Errorf("%w: %s is empty", ErrInvalidCredentials, what)
	}
	if !utf8.ValidString(key) {
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidCredentials, what)
	}
	for _, r := range key {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("%w: %s contains whitespace or a control character", ErrInvalidCredentials, what)
		}
	}
	return nil
}

// jwtClaims is the token payload, exactly the claims of Bithumb's
// authentication page. The field order is the claim order of the encoded
// JSON: access_key, nonce, timestamp, query_hash, query_hash_alg. The two
// query_hash claims are omitted together for a request without parameters.
//
// It carries none of the registered claims (exp, iat, nbf, iss, sub, aud):
// Bithumb's tokens have none, and its server bounds their age by timestamp.
type jwtClaims struct {
	AccessKey    string `json:"access_key"`
	Nonce        string `json:"nonce"`
	Timestamp    int64  `json:"timestamp"` // Unix milliseconds
	QueryHash    string `json:"query_hash,omitempty"`
	QueryHashAlg string `json:"query_hash_alg,omitempty"`
}

// The methods of jwt.Claims. They report that no registered claim is set.

func (jwtClaims) GetExpirationTime() (*jwt.NumericDate, error) { return nil, nil }
func (jwtClaims) GetIssuedAt() (*jwt.NumericDate, error)       { return nil, nil }
func (jwtClaims) GetNotBefore() (*jwt.NumericDate, error)      { return nil, nil }
func (jwtClaims) GetIssuer() (string, error)                   { return "", nil }
func (jwtClaims) GetSubject() (string, error)                  { return "", nil }
func (jwtClaims) GetAudience() (jwt.ClaimStrings, error)       { return nil, nil }

// Token returns a signed JWT for a request whose parameters have the given
// hash string (the output of QueryHashString or BodyHashString, not its
// digest).
//
// The payload holds access_key, a fresh nonce, and timestamp (the clock in
// Unix milliseconds, a JSON number); when hashString is non-empty it also
// holds query_hash = QueryHash(hashString) and query_hash_alg = "SHA512".
// Call Token("") for a request without parameters, such as the private
// WebSocket handshake. The token is made by github.com/golang-jwt/jwt/v5:
// header {"alg":"HS256","typ":"JWT"}, signature HMAC-SHA256 with the secret
// key, all three parts base64url without padding.
//
// Errors come from the nonce function (wrapped) or, in principle, from the
// encoder; they never contain the token, the nonce or the secret.
func (s *JWTSigner) Token(hashString string) (string, error) {
	nonce, err := s.nonce()
	if err != nil {
		return "", fmt.Errorf("middleware: generating JWT nonce: %w", err)
	}
	if nonce == "" {
		return "", errors.New("middleware: generating JWT nonce: empty nonce")
	}
	claims := jwtClaims{
		AccessKey: *s.accessKey,
		Nonce:     nonce,
		Timestamp: s.now().UnixMilli(),
	}
	if hashString != "" {
		claims.QueryHash = QueryHash(hashString)
		claims.QueryHashAlg = queryHashAlg
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.secret.b)
	if err != nil {
		// Unreachable: the claims are strings and an integer, the key is
		// a byte slice. The library's error holds neither.
		return "", fmt.Errorf("middleware: signing JWT: %w", err)
	}
	return token, nil
}

// Editor returns a function that signs a request with SignRequest, in the
// form of the generated client's request editors: it is assignable to
// gen.RequestEditorFn, so it can be passed to gen.WithRequestEditorFn or to
// a single call. The context is not used.
//
// An editor runs once per call, when the generated client builds the
// request, so the request carries one token with one nonce. If a retrying
// transport sends that request again, the retry reuses a spent nonce and
// Bithumb rejects it (nonce_used). Use an editor with a plain transport
// only; for retries, sign in the transport under the retry layer, where
// every attempt is signed afresh (the full middleware chain does that).
func (s *JWTSigner) Editor() func(context.Context, *http.Request) error {
	return func(_ context.Context, req *http.Request) error {
		return s.SignRequest(req)
	}
}

// SignRequest signs one HTTP attempt of a Bithumb API 2.0 private call and
// sets the header "Authorization: Bearer <jwt>".
//
// It modifies req in place; a RoundTripper must call it on a copy
// (http.Request.Clone), as RoundTrippers must not modify their input. The
// steps are:
//
//  1. A non-empty req.URL.RawQuery is rewritten to CanonicalQuery form, the
//     form that Bithumb's samples send: same order, literal brackets in keys,
//     values encoded like encodeURIComponent. A query percent-encoded by a
//     generated client ("uuids%5B%5D=a") is thus sent as "uuids[]=a".
//  2. A non-empty body is read (through req.GetBody when set, otherwise from
//     req.Body, after which req.Body and req.GetBody are replaced by readers
//     of the same bytes, so the request can still be sent and re-sent). It
//     must be a JSON object of at most 1 MiB; its hash string is
//     BodyHashString. Bithumb sends parameters in the body only for POST.
//  3. The hash string is that of the query (QueryHashString) or of the
//     body; in the unusual case where both exist, it is the query's hash
//     string, then "&", then the body's. Without parameters it is empty and
//     the token has no query_hash claims (see Token).
//
// Sign after every change to the URL or the body: a parameter added later
// is not covered by query_hash and the server rejects the token. Errors
// never contain the token, the secret, the query or the body.
func (s *JWTSigner) SignRequest(req *http.Request) error {
	if req == nil || req.URL == nil {
		return errors.New("middleware: SignRequest: nil request or URL")
	}
	var queryHS string
	if req.URL.RawQuery != "" {
		canonical, err := CanonicalQuery(req.URL.RawQuery)
		if err != nil {
			return err
		}
		req.URL.RawQuery = canonical
		if queryHS, err = QueryHashString(canonical); err != nil {
			return err
		}
	}

	body, err := signSnapshotBody(req)
	if err != nil {
		return err
	}
	var bodyHS string
	if len(body) > 0 {
		if bodyHS, err = BodyHashString(body); err != nil {
			return err
		}
	}

	hashString := queryHS
	switch {
	case queryHS == "":
		hashString = bodyHS
	case bodyHS != "":
		hashString = queryHS + "&" + bodyHS
	}

	token, err := s.Token(hashString)
	if err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return nil
}

// signSnapshotBody returns the bytes of req's body and leaves the request able
// to send them (again). With req.GetBody set, it reads a fresh copy and
// leaves req.Body untouched; otherwise it drains and closes req.Body and
// replaces req.Body, req.GetBody and req.ContentLength. A request without a
// body (nil or http.NoBody) gives nil.
func signSnapshotBody(req *http.Request) ([]byte, error) {
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("middleware: reading request body: %w", err)
		}
		defer rc.Close()
		return signReadBody(rc)
	}
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	b, err := signReadBody(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	signSetBody(req, b)
	return b, nil
}

// signReadBody reads r to the end, failing past maxSignedBodySize.
func signReadBody(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSignedBodySize+1))
	if err != nil {
		return nil, fmt.Errorf("middleware: reading request body: %w", err)
	}
	if len(b) > maxSignedBodySize {
		return nil, fmt.Errorf("middleware: request body exceeds %d bytes, too large to sign", maxSignedBodySize)
	}
	return b, nil
}

// signSetBody makes b the body of req, re-readable through req.GetBody.
func signSetBody(req *http.Request, b []byte) {
	req.ContentLength = int64(len(b))
	if len(b) == 0 {
		req.Body = http.NoBody
		req.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
		return
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	}
}

// newNonce is the default nonce source: a random (version 4, RFC 9562)
// UUID in its canonical text form, 36 characters of lower-case hex in
// groups of 8-4-4-4-12, from crypto/rand.
func newNonce() (string, error) {
	u, err := uuid.NewRandom()
	if err != nil {
		return "", fmt.Errorf("middleware: reading random bytes: %w", err)
	}
	return u.String(), nil
}
