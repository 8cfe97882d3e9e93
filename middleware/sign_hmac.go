package middleware

import (
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bithumb-go/bithumb/credentials"
)

// Values of the api-client-type header of the legacy API 1.0, each naming
// the separator placed between the parts of the signed string (Bithumb API
// 1.0 documentation, "인증 헤더 만들기").
const (
	// HMACSeparatorNUL selects the byte 0x00. It is Bithumb's default and
	// the default of NewHMACSigner.
	HMACSeparatorNUL = "0"
	// HMACSeparatorSOH selects the byte 0x01.
	HMACSeparatorSOH = "1"
	// HMACSeparatorSemicolon selects ";".
	HMACSeparatorSemicolon = "2"
)

// signFormContentType is the content type of legacy API 1.0 private calls.
const signFormContentType = "application/x-www-form-urlencoded"

// HMACSigner signs requests to the legacy API 1.0 private endpoints
// (/info/..., /trade/...) with the Api-Key, Api-Nonce, Api-Sign and
// api-client-type headers, as documented for Bithumb API 1.0.
//
// Create one with NewHMACSigner; the zero value is not usable. An
// HMACSigner is safe for concurrent use by multiple goroutines, provided the
// clock given with WithHMACClock is. Its nonces strictly increase: two
// requests signed in the same millisecond get consecutive values.
//
// As with JWTSigner, sign each HTTP attempt again, after every layer that
// edits the body.
type HMACSigner struct {
	// connectKey is a pointer, as JWTSigner.accessKey is.
	connectKey *string
	secret     *signingSecret
	now        func() time.Time
	clientType string
	sep        byte
	lastNonce  atomic.Int64
}

// String returns the signer with its connect key masked by
// credentials.Mask and its secret hidden, for example
// "HMACSigner{ConnectKey:0123…cdef SecretKey:********}".
func (s *HMACSigner) String() string {
	if s == nil {
		return "<nil>"
	}
	return "HMACSigner{ConnectKey:" + credentials.Mask(derefKey(s.connectKey)) + " SecretKey:" + shownSecret(s.secret) + "}"
}

// GoString implements fmt.GoStringer for %#v with the same masking as
// String, for example
// &middleware.HMACSigner{ConnectKey:"0123…cdef", SecretKey:"********"}.
func (s *HMACSigner) GoString() string {
	if s == nil {
		return "(*middleware.HMACSigner)(nil)"
	}
	return "&middleware.HMACSigner{ConnectKey:" + strconv.Quote(credentials.Mask(derefKey(s.connectKey))) +
		", SecretKey:" + strconv.Quote(shownSecret(s.secret)) + "}"
}

// Format implements fmt.Formatter so that every verb, flag and width
// prints the masked form: %#v prints GoString, any other verb formats
// String as a string would be (%v, %+v and %s print it, %q quotes it, %x
// hex-encodes it). (An HMACSigner is used through a pointer: it holds an
// atomic counter and must not be copied.)
func (s *HMACSigner) Format(f fmt.State, verb rune) {
	formatMasked(f, verb, s.String(), s.GoString())
}

// LogValue implements slog.LogValuer: a group with the masked access_key
// (the connect key) and the hidden secret_key.
func (s *HMACSigner) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("<nil>")
	}
	return maskedKeys(derefKey(s.connectKey), s.secret)
}

// hmacOptions collects the settings of HMACOption values.
type hmacOptions struct {
	now        func() time.Time
	clientType string
}

// HMACOption configures NewHMACSigner. An option that is given an invalid
// value makes NewHMACSigner return an error.
type HMACOption func(*hmacOptions) error

// WithHMACClock sets the clock whose time, in Unix milliseconds, becomes the
// Api-Nonce header. The default is time.Now. now must be non-nil and safe
// for concurrent use.
func WithHMACClock(now func() time.Time) HMACOption {
	return func(o *hmacOptions) error {
		if now == nil {
			return errors.New("middleware: WithHMACClock: nil clock")
		}
		o.now = now
		return nil
	}
}

// WithHMACSeparator selects the separator of the signed string by its
// api-client-type value: HMACSeparatorNUL ("0", the default),
// HMACSeparatorSOH ("1") or HMACSeparatorSemicolon ("2"). The value is also
// sent as the api-client-type header. Any other value is an error.
func WithHMACSeparator(apiClientType string) HMACOption {
	return func(o *hmacOptions) error {
		if _, ok := hmacSeparatorByte(apiClientType); !ok {
			return fmt.Errorf("middleware: WithHMACSeparator: api-client-type %q is not %q, %q or %q",
				apiClientType, HMACSeparatorNUL, HMACSeparatorSOH, HMACSeparatorSemicolon)
		}
		o.clientType = apiClientType
		return nil
	}
}

// hmacSeparatorByte maps an api-client-type value to its separator.
func hmacSeparatorByte(apiClientType string) (byte, bool) {
	switch apiClientType {
	case HMACSeparatorNUL:
		return 0x00, true
	case HMACSeparatorSOH:
		return 0x01, true
	case HMACSeparatorSemicolon:
		return ';', true
	}
	return 0, false
}

// NewHMACSigner returns a signer for the given API 1.0 connect key and
// secret key. The secret is used as raw bytes.
//
// Both keys must be non-empty valid UTF-8 without whitespace or control
// characters. Such errors wrap ErrInvalidCredentials and never contain
// either key.
func NewHMACSigner(connectKey, secretKey string, opts ...HMACOption) (*HMACSigner, error) {
	if err := checkSignKey("connect key", connectKey); err != nil {
		return nil, err
	}
	if err := checkSignKey("secret key", secretKey); err != nil {
		return nil, err
	}
	o := hmacOptions{now: time.Now, clientType: HMACSeparatorNUL}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	sep, _ := hmacSeparatorByte(o.clientType)
	return &HMACSigner{
		connectKey: &connectKey,
		secret:     newSigningSecret(secretKey),
		now:        o.now,
		clientType: o.clientType,
		sep:        sep,
	}, nil
}

// nextNonce returns the clock in Unix milliseconds, or one more than the
// last nonce if the clock has not moved past it.
func (s *HMACSigner) nextNonce() int64 {
	now := s.now().UnixMilli()
	for {
		last := s.lastNonce.Load()
		n := max(now, last+1)
		if s.lastNonce.CompareAndSwap(last, n) {
			return n
		}
	}
}

// SignRequest signs one HTTP attempt of a legacy API 1.0 private call.
//
// req must be a POST whose body, if any, is application/x-www-form-urlencoded
// text (for example "order_currency=BTC&payment_currency=KRW"); a missing
// Content-Type is set to that type, another one is an error. SignRequest
// modifies req in place (a RoundTripper must call it on a clone):
//
//  1. The body is rewritten to start with endpoint=<req.URL.Path, encoded
//     with url.QueryEscape>, which Bithumb requires. An endpoint pair that is
//     already present is moved to the front; it is an error if it names
//     another path. The other pairs keep their order and their bytes: encode
//     them before signing, since the signature covers the body as sent.
//  2. req.Body, req.GetBody and req.ContentLength are set to the new body.
//  3. It sets the headers Api-Key (the connect key), Api-Nonce (Unix
//     milliseconds, strictly increasing per signer), api-client-type and
//     Api-Sign = Base64(lower-case hex(HMAC-SHA512(secret,
//     path + SEP + body + SEP + nonce))), where SEP is the separator chosen
//     with WithHMACSeparator. Note that Base64 encodes the hex text, not the
//     raw digest.
//
// Errors never contain the secret, the signature or the body.
func (s *HMACSigner) SignRequest(req *http.Request) error {
	if req == nil || req.URL == nil {
		return errors.New("middleware: SignRequest: nil request or URL")
	}
	if req.Method != http.MethodPost {
		return fmt.Errorf("middleware: legacy API 1.0 private calls must be POST, not %q", req.Method)
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	if ct := req.Header.Get("Content-Type"); ct == "" {
		req.Header.Set("Content-Type", signFormContentType)
	} else if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != signFormContentType {
		return fmt.Errorf("middleware: legacy API 1.0 private calls need Content-Type %s", signFormContentType)
	}
	path := req.URL.Path
	if path == "" || path[0] != '/' {
		return errors.New("middleware: legacy API 1.0 request URL has no absolute path")
	}

	old, err := signSnapshotBody(req, nil)
	if err != nil {
		return err
	}
	body, err := withEndpointFirst(string(old), path)
	if err != nil {
		return err
	}
	signSetBody(req, []byte(body))

	nonce := strconv.FormatInt(s.nextNonce(), 10)
	req.Header.Set("Api-Key", *s.connectKey)
	req.Header.Set("Api-Nonce", nonce)
	req.Header.Set("Api-Sign", s.sign(path, body, nonce))
	req.Header.Set("Api-Client-Type", s.clientType)
	return nil
}

// Editor returns a function that signs a request with SignRequest, in the
// form of the generated client's request editors: it is assignable to
// gen.RequestEditorFn, so it can be passed to gen.WithRequestEditorFn or to
// a single call. The context is not used.
//
// An editor runs once per call, when the generated client builds the
// request, so the request carries one Api-Nonce. If a retrying transport
// sends that request again, the retry repeats a spent nonce and Bithumb
// rejects it. Use an editor with a plain transport only; for retries, sign
// in the transport under the retry layer, where every attempt is signed
// afresh (the full middleware chain does that).
func (s *HMACSigner) Editor() func(context.Context, *http.Request) error {
	return func(_ context.Context, req *http.Request) error {
		return s.SignRequest(req)
	}
}

// withEndpointFirst returns the form body with "endpoint=<path>" as its first
// pair, followed by the other non-empty pairs of body, unchanged and in order.
func withEndpointFirst(body, path string) (string, error) {
	var b strings.Builder
	b.WriteString("endpoint=")
	b.WriteString(url.QueryEscape(path))
	for seg := range strings.SplitSeq(body, "&") {
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		if key, err := url.QueryUnescape(k); err != nil {
			return "", errors.New("middleware: legacy request body: invalid percent-encoding in a key")
		} else if key == "endpoint" {
			if value, err := url.QueryUnescape(v); err != nil || value != path {
				return "", errors.New("middleware: legacy request body: endpoint parameter does not match the URL path")
			}
			continue
		}
		b.WriteByte('&')
		b.WriteString(seg)
	}
	return b.String(), nil
}

// sign returns the Api-Sign value for the given parts.
func (s *HMACSigner) sign(path, body, nonce string) string {
	mac := hmac.New(sha512.New, s.secret.b)
	mac.Write([]byte(path))
	mac.Write([]byte{s.sep})
	mac.Write([]byte(body))
	mac.Write([]byte{s.sep})
	mac.Write([]byte(nonce))
	sum := mac.Sum(nil)
	hexSum := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(hexSum, sum)
	return base64.StdEncoding.EncodeToString(hexSum)
}
