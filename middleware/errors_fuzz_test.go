package middleware

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzCheckResponse feeds arbitrary bodies, statuses and Retry-After
// headers to CheckResponse. It must never panic; every non-2xx status
// gives an *APIError with that status; the kept body is at most
// MaxErrorBody bytes and a copy; the error text is bounded by the body;
// the Retry-After wait is never negative; and a credential-like query
// parameter of the request never reaches the error.
func FuzzCheckResponse(f *testing.F) {
	for _, s := range []struct {
		status     int
		body       string
		legacy     bool
		retryAfter string
	}{
		{200, `{"status":"0000","data":{}}`, true, ""},
		{200, `{"status":"5300","message":"Invalid Apikey"}`, true, ""},
		{200, `{"status":5600,"message":"x"}`, true, ""},
		{200, `{"error":{"name":"404","message":"Code not found"}}`, false, ""},
		{400, `{"error":{"name":"invalid_query_payload","message":"Jwt의 query를 검증하는데 실패하였습니다."}}`, false, ""},
		{401, `{"error":{"name":401,"message":"x"}}`, false, ""},
		{403, `{"name":"consent_required","message":"m","consent_url":"https://x","exchange_name":"b"}`, false, ""},
		{429, `{"error":{"name":"too_many_requests"}}`, false, "3"},
		{503, `<html>Service Unavailable</html>`, false, "Sun, 06 Dec 2026 04:00:00 GMT"},
		{502, ``, false, "-5"},
		{500, `{"error":null,"name":null}`, false, "99999999999999999999"},
		{404, `{"error":{"name":"\ud800","message":"\xff\xfe"}}`, false, ""},
		{0, `{`, false, ""},
		{-1, `[]`, true, ""},
		{999, strings.Repeat(`{"a":`, 100), false, ""},
	} {
		f.Add(s.status, []byte(s.body), s.legacy, s.retryAfter)
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, legacy bool, retryAfter string) {
		reqURL := &url.URL{Scheme: "https", Host: "api.bithumb.com", Path: "/v1/orders",
			RawQuery: "market=KRW-BTC&access_key=LEAKED-ACCESS&secret_key=LEAKED-SECRET"}
		resp := &http.Response{
			StatusCode: status,
			Header:     http.Header{},
			Request:    &http.Request{Method: http.MethodGet, URL: reqURL},
		}
		if retryAfter != "" {
			resp.Header.Set("Retry-After", retryAfter)
		}
		orig := append([]byte(nil), body...)
		err := CheckResponse(resp, body, Endpoint{OperationID: "getOrders", Legacy: legacy})
		if string(body) != string(orig) {
			t.Fatal("CheckResponse modified the body")
		}
		if (status < 200 || status > 299) && err == nil {
			t.Fatalf("status %d with body %q: no error", status, body)
		}
		if err == nil {
			return
		}
		if err.StatusCode != status {
			t.Fatalf("StatusCode %d, want %d", err.StatusCode, status)
		}
		if len(err.Body) > MaxErrorBody {
			t.Fatalf("kept %d bytes of body, limit %d", len(err.Body), MaxErrorBody)
		}
		if n := min(len(body), MaxErrorBody); string(err.Body) != string(body[:n]) {
			t.Fatalf("kept body %q, want the first %d bytes of %q", err.Body, n, body)
		}
		if len(err.Body) > 0 && len(body) > 0 && &err.Body[0] == &body[0] {
			t.Fatal("APIError.Body aliases the response body")
		}
		if err.RetryAfter < 0 {
			t.Fatalf("RetryAfter %v is negative", err.RetryAfter)
		}
		msg := err.Error()
		// Name and Message come from the body; JSON unescaping can at most
		// triple a byte (an invalid byte becomes U+FFFD).
		if limit := 3*len(body) + len(err.URL) + 128; len(msg) > limit {
			t.Fatalf("error text of %d bytes for a body of %d", len(msg), len(body))
		}
		for _, secret := range []string{"LEAKED-ACCESS", "LEAKED-SECRET"} {
			if strings.Contains(err.URL, secret) || (strings.Contains(msg, secret) && !strings.Contains(string(body), secret)) {
				t.Fatalf("credential from the request URL in the error: URL %q, text %q", err.URL, msg)
			}
		}
		_ = err.Is(HTTPStatus(status))
		_ = err.Temporary()
	})
}
