package middleware

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// APIError is an error answer from Bithumb: a non-2xx response, an error
// object inside an HTTP 200 (quotation endpoints), a legacy API 1.0
// envelope whose status is not "0000", or the gateway's bare 404 for an
// unknown route.
//
// Test for it with errors.As, and for a particular error with errors.Is
// against an [ErrorName], an [HTTPStatus] or a [LegacyStatus]:
//
//	var apiErr *APIError
//	if errors.As(err, &apiErr) { log.Print(apiErr.Name) }
//	if errors.Is(err, ErrorName("order_not_found")) { ... }
//	if errors.Is(err, HTTPStatus(429)) { ... }
//
// An APIError never holds credentials: the URL is redacted and request
// headers are not kept.
type APIError struct {
	// StatusCode is the HTTP status. It is 200 for errors inside a 200.
	StatusCode int
	// Name is Bithumb's error name, e.g. "order_not_found". Quotation
	// endpoints send a number, kept here as its text ("404"). It is
	// "not_found" for the gateway's unknown-route answer, and empty when
	// the body carried no name (an HTML error page, an empty 414).
	Name string
	// Message is Bithumb's error message, often in Korean.
	Message string
	// LegacyStatus is the status code of a legacy API 1.0 error ("5600").
	LegacyStatus string
	// Gateway reports the gateway's answer to an unknown route, which has
	// no "error" wrapper.
	Gateway bool
	// ExchangeName and ConsentURL come with travel_rule_consent_required.
	ExchangeName, ConsentURL string
	// Method and URL identify the request. The URL has no user info, and
	// the values of credential-like query parameters are replaced; it
	// keeps the rest of the query, which can hold order ids, so Error
	// shows only its path, and so should a log line.
	Method, URL string
	// OperationID is the spec operation of the request, if known.
	OperationID string
	// Body is the start of the response body (at most MaxErrorBody bytes).
	Body []byte
	// Header holds the response headers (rate-limit headers among them).
	Header http.Header
	// RetryAfter is the wait the server asked for (Retry-After), or 0.
	RetryAfter time.Duration
	// Attempts is the number of HTTP attempts made, when known.
	Attempts int
}

// MaxErrorBody is how much of an error response body an APIError keeps.
const MaxErrorBody = 4 << 10

// Error returns a one-line description without the body:
// "bithumb: DELETE /v2/order: 404 order_not_found: 주문을 찾지 못했습니다."
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("bithumb: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
		b.WriteString(pathOf(e.URL))
		b.WriteString(": ")
	}
	switch {
	case e.LegacyStatus != "":
		fmt.Fprintf(&b, "status %s", e.LegacyStatus)
	case e.StatusCode/100 == 2:
		fmt.Fprintf(&b, "HTTP %d with error", e.StatusCode)
	default:
		fmt.Fprintf(&b, "%d", e.StatusCode)
	}
	if e.Name != "" && e.Name != e.LegacyStatus {
		b.WriteByte(' ')
		b.WriteString(e.Name)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	} else if text := http.StatusText(e.StatusCode); e.Name == "" && text != "" {
		b.WriteString(" ")
		b.WriteString(text)
	}
	return b.String()
}

func pathOf(u string) string {
	if p, err := url.Parse(u); err == nil && p.Path != "" {
		return p.Path
	}
	return u
}

// Is reports whether target is an [ErrorName] equal to e.Name, an
// [HTTPStatus] equal to e's status, or a [LegacyStatus] equal to
// e.LegacyStatus. For an error inside an HTTP 200 with a numeric name (the
// quotation endpoints' {"name": 404}), that number counts as the status.
// HTTPStatus(500) matches every 5xx status.
func (e *APIError) Is(target error) bool {
	switch t := target.(type) {
	case ErrorName:
		return e.Name != "" && e.Name == string(t)
	case HTTPStatus:
		s := e.EffectiveStatus()
		if t == 500 {
			return s >= 500 && s <= 599
		}
		return s == int(t)
	case LegacyStatus:
		return e.LegacyStatus == string(t)
	}
	return false
}

// EffectiveStatus is the HTTP status, except for an error inside an HTTP
// 200 whose name is a number, where it is that number (404 for "Code not
// found").
func (e *APIError) EffectiveStatus() int {
	if e.StatusCode/100 == 2 {
		if n, err := strconv.Atoi(e.Name); err == nil && n >= 100 && n <= 599 {
			return n
		}
	}
	return e.StatusCode
}

// Temporary reports whether the same request may succeed later: 429, 5xx,
// and 422 order_not_ready.
func (e *APIError) Temporary() bool {
	s := e.EffectiveStatus()
	return s == http.StatusTooManyRequests || s >= 500 || e.Name == "order_not_ready"
}

// ErrorName is a Bithumb error name used as an errors.Is target: an
// *APIError matches it when its Name is equal.
type ErrorName string

// Error returns "bithumb: <name>".
func (n ErrorName) Error() string { return "bithumb: " + string(n) }

// HTTPStatus is an HTTP status used as an errors.Is target: an *APIError
// matches it when its effective status is equal. HTTPStatus(500) matches
// any 5xx.
type HTTPStatus int

// Error returns "bithumb: HTTP <status>".
func (s HTTPStatus) Error() string {
	return fmt.Sprintf("bithumb: HTTP %d %s", int(s), http.StatusText(int(s)))
}

// LegacyStatus is a legacy API 1.0 status code ("5600") used as an
// errors.Is target.
type LegacyStatus string

// Error returns "bithumb: legacy status <code>".
func (s LegacyStatus) Error() string { return "bithumb: legacy status " + string(s) }

// wireError is the body of a Bithumb error: {"error": {...}}, or the
// gateway's bare {"name", "message"}.
type wireError struct {
	Error *wireErrorDetail `json:"error"`
	wireErrorDetail
	Status json.RawMessage `json:"status"`
}

type wireErrorDetail struct {
	Name         json.RawMessage `json:"name"`
	Message      string          `json:"message"`
	ExchangeName string          `json:"exchange_name"`
	ConsentURL   string          `json:"consent_url"`
}

// CheckResponse returns the *APIError that resp and its body carry, or nil
// for a successful answer. body is the (possibly truncated) response body;
// e describes the request's endpoint (the zero Endpoint is fine).
func CheckResponse(resp *http.Response, body []byte, e Endpoint) *APIError {
	status := resp.StatusCode
	trimmed := bytes.TrimSpace(body)
	success := status >= 200 && status <= 299
	var w wireError
	isObject := len(trimmed) > 0 && trimmed[0] == '{'
	if isObject && (!success || e.Legacy || mayHoldErrorKey(trimmed)) {
		w = decodeWireError(trimmed)
	}
	if success {
		switch {
		case w.Error != nil && len(w.Error.Name) > 0:
			return newAPIError(resp, body, e, *w.Error, false)
		case e.Legacy && len(w.Status) > 0:
			code := unquoteName(w.Status)
			if code == "0000" {
				return nil
			}
			err := newAPIError(resp, body, e, w.wireErrorDetail, false)
			err.LegacyStatus, err.Name = code, code
			return err
		}
		return nil
	}
	switch {
	case w.Error != nil:
		return newAPIError(resp, body, e, *w.Error, false)
	case len(w.Name) > 0:
		return newAPIError(resp, body, e, w.wireErrorDetail, true)
	}
	return newAPIError(resp, body, e, wireErrorDetail{}, false)
}

// decodeWireError decodes b as far as it is a Bithumb error body. A body
// that is not valid JSON is simply not one; the status decides. (A
// function of its own, so that CheckResponse's wireError stays on the
// stack when nothing is decoded.)
func decodeWireError(b []byte) wireError {
	var w wireError
	_ = json.Unmarshal(b, &w)
	return w
}

// mayHoldErrorKey reports whether a JSON object could have a member
// that encoding/json would store in wireError.Error: a key "error" in any
// letter case, or any \u escape (which could spell one). A successful
// answer of API 2.0 without one is not decoded a second time.
func mayHoldErrorKey(b []byte) bool {
	key := []byte(`"error"`)
	if bytes.Contains(b, []byte(`\u`)) {
		return true
	}
	for {
		i := bytes.IndexByte(b, '"')
		if i < 0 || len(b)-i < len(key) {
			return false
		}
		// "error" has no letter with a non-ASCII fold, so Unicode folding
		// is the ASCII folding encoding/json applies to it; b[i+1]|0x20
		// is 'e' only for 'e' and 'E'.
		if b[i+1]|0x20 == 'e' && bytes.EqualFold(b[i:i+len(key)], key) {
			return true
		}
		b = b[i+1:]
	}
}

func newAPIError(resp *http.Response, body []byte, e Endpoint, d wireErrorDetail, gateway bool) *APIError {
	if len(body) > MaxErrorBody {
		body = body[:MaxErrorBody]
	}
	err := &APIError{
		StatusCode:   resp.StatusCode,
		Name:         unquoteName(d.Name),
		Message:      d.Message,
		Gateway:      gateway,
		ExchangeName: d.ExchangeName,
		ConsentURL:   d.ConsentURL,
		OperationID:  e.OperationID,
		Body:         append([]byte(nil), body...),
		Header:       resp.Header.Clone(),
		RetryAfter:   ParseRetryAfter(resp.Header, time.Now()),
	}
	if req := resp.Request; req != nil {
		err.Method = req.Method
		if req.URL != nil {
			err.URL = RedactURL(req.URL)
		}
	}
	return err
}

// unquoteName returns a JSON string's text or a JSON number's digits.
func unquoteName(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// sensitiveQueryKeys are query parameters whose values RedactURL hides.
// Bithumb sends credentials in headers, but a URL built by hand may carry
// them.
var sensitiveQueryKeys = []string{"access_key", "secret", "secret_key", "api_key", "apikey", "token", "jwt", "signature", "sign", "passphrase"}

// RedactURL returns u without user info and with the values of
// credential-like query parameters replaced by "REDACTED".
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		parts := strings.Split(c.RawQuery, "&")
		for i, p := range parts {
			k, _, hasValue := strings.Cut(p, "=")
			if !hasValue {
				continue
			}
			key, err := url.QueryUnescape(k)
			if err != nil {
				key = k
			}
			key = strings.ToLower(strings.TrimSuffix(key, "[]"))
			for _, s := range sensitiveQueryKeys {
				if key == s {
					parts[i] = k + "=REDACTED"
					break
				}
			}
		}
		c.RawQuery = strings.Join(parts, "&")
	}
	return c.String()
}

// ParseRetryAfter returns the wait that a Retry-After header asks for
// (delta seconds or an HTTP date relative to now), or 0 when there is none
// or it cannot be read.
func ParseRetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if !(secs > 0 && secs <= 24*60*60) { // NaN too
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
