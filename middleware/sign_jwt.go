package middleware

import (
	"context"
	"crypto/sha512"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	nonce     func() (string, error) // nil: a random UUID from google/uuid
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
// token. The default is a random (version 4) UUID from google/uuid, in
// its 36-character lower-case text form. nonce
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
	o := jwtOptions{now: time.Now}
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
		secret:    newSigningSecret(secretKey),
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
	// The hash string is built in stack buffers and never becomes a
	// string: only its digest goes into the token.
	var wireBuf [256]byte
	var hashBuf [512]byte
	hash := hashBuf[:0]
	if req.URL.RawQuery != "" {
		var wire []byte
		var err error
		if wire, hash, err = appendQueryForms(wireBuf[:0], hash, req.URL.RawQuery); err != nil {
			return err
		}
		if string(wire) != req.URL.RawQuery {
			req.URL.RawQuery = string(wire)
		}
	}

	var body []byte
	var err error
	if req.GetBody != nil {
		// The copy read through GetBody is only hashed: it is read into a
		// recycled buffer.
		buf := signBodyBuffers.Get().(*[]byte)
		defer signBodyBuffers.Put(buf)
		body, err = signSnapshotBody(req, (*buf)[:0])
		if cap(body) <= maxRecycledBodySize {
			*buf = body[:0]
		}
	} else {
		body, err = signSnapshotBody(req, nil)
	}
	if err != nil {
		return err
	}
	if len(body) > 0 {
		queryEnd := len(hash)
		if queryEnd > 0 {
			hash = append(hash, '&')
		}
		if hash, err = appendBodyHashString(hash, body); err != nil {
			return err
		}
		if queryEnd > 0 && len(hash) == queryEnd+1 {
			hash = hash[:queryEnd] // the body has no pairs: no "&"
		}
	}

	var digest *[sha512.Size]byte
	if len(hash) > 0 {
		sum := sha512.Sum512(hash)
		digest = &sum
	}
	var header strings.Builder
	if err := s.writeToken(&header, "Bearer ", digest); err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	req.Header.Set("Authorization", header.String())
	return nil
}
