package middleware

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// errorResponse builds the response that CheckResponse reads: status,
// header pairs, and a request for the method and URL.
func errorResponse(t *testing.T, status int, method, rawURL string, header ...string) *http.Response {
	t.Helper()
	resp := &http.Response{StatusCode: status, Header: http.Header{}}
	for i := 0; i+1 < len(header); i += 2 {
		resp.Header.Add(header[i], header[i+1])
	}
	if method != "" {
		req, err := http.NewRequest(method, rawURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Request = req
	}
	return resp
}

// TestCheckResponseShapes: every shape of a Bithumb answer, and what
// CheckResponse makes of it.
func TestCheckResponseShapes(t *testing.T) {
	t.Parallel()
	legacy := Endpoint{OperationID: "legacyBalance", Method: "POST", Path: "/info/balance", Legacy: true, Auth: AuthHMAC}
	ticker := Endpoint{OperationID: "getTicker", Method: "GET", Path: "/v1/ticker"}
	tests := []struct {
		name   string
		status int
		body   string
		e      Endpoint
		want   *APIError // nil: no error; only the fields below are compared
		msg    string    // the Error() text, when want is not nil
	}{
		{name: "200", status: 200, body: `{"market":"KRW-BTC"}`, e: ticker},
		{name: "201", status: 201, body: `{"uuid":"C1"}`},
		{name: "204 empty", status: 204, body: ``},
		{name: "299", status: 299, body: `{"ok":true}`},
		{name: "200 array", status: 200, body: `[{"market":"KRW-BTC"}]`, e: ticker},
		{name: "200 not JSON", status: 200, body: `{oops`, e: ticker},
		{name: "200 with an error object", status: 200, body: `{"error":{"name":"invalid_query_format","message":"잘못된 쿼리 형식입니다."}}`, e: ticker,
			want: &APIError{StatusCode: 200, Name: "invalid_query_format", Message: "잘못된 쿼리 형식입니다.", OperationID: "getTicker"},
			msg:  "bithumb: GET /v1/ticker: HTTP 200 with error invalid_query_format: 잘못된 쿼리 형식입니다."},
		{name: "200 with a numeric error name", status: 200, body: ` {"error":{"name":404,"message":"Code not found"}}`, e: ticker,
			want: &APIError{StatusCode: 200, Name: "404", Message: "Code not found", OperationID: "getTicker"},
			msg:  "bithumb: GET /v1/ticker: HTTP 200 with error 404: Code not found"},
		{name: "200 with an error object without a name", status: 200, body: `{"error":{"message":"x"}}`, e: ticker},
		{name: "200 with an empty error", status: 200, body: `{"error":{}}`, e: ticker},
		{name: "legacy 0000", status: 200, body: `{"status":"0000","data":{"total_krw":"1"}}`, e: legacy},
		{name: "legacy 0000 padded", status: 200, body: "\n {\"status\" : \"0000\"}\n", e: legacy},
		{name: "legacy error", status: 200, body: `{"status":"5600","message":"거래 진행중인 내역이 존재하지 않습니다."}`, e: legacy,
			want: &APIError{StatusCode: 200, Name: "5600", LegacyStatus: "5600", Message: "거래 진행중인 내역이 존재하지 않습니다.", OperationID: "legacyBalance"},
			msg:  "bithumb: POST /info/balance: status 5600: 거래 진행중인 내역이 존재하지 않습니다."},
		{name: "legacy numeric status", status: 200, body: `{"status":5300,"message":"Invalid Apikey"}`, e: legacy,
			want: &APIError{StatusCode: 200, Name: "5300", LegacyStatus: "5300", Message: "Invalid Apikey", OperationID: "legacyBalance"},
			msg:  "bithumb: POST /info/balance: status 5300: Invalid Apikey"},
		{name: "legacy without status", status: 200, body: `{"data":{}}`, e: legacy},
		{name: "a status field off the legacy API", status: 200, body: `{"status":"5600"}`, e: ticker},
		{name: "legacy error object inside a 200", status: 200, body: `{"error":{"name":"unauthorized"},"status":"0000"}`, e: legacy,
			want: &APIError{StatusCode: 200, Name: "unauthorized", OperationID: "legacyBalance"},
			msg:  "bithumb: POST /info/balance: HTTP 200 with error unauthorized"},
		{name: "404 order_not_found", status: 404, body: `{"error":{"name":"order_not_found","message":"주문을 찾지 못했습니다."}}`,
			want: &APIError{StatusCode: 404, Name: "order_not_found", Message: "주문을 찾지 못했습니다."},
			msg:  "bithumb: GET /v1/order: 404 order_not_found: 주문을 찾지 못했습니다."},
		{name: "gateway 404", status: 404, body: `{"message":"No Route matched with those values","name":"not_found"}`,
			want: &APIError{StatusCode: 404, Name: "not_found", Message: "No Route matched with those values", Gateway: true},
			msg:  "bithumb: GET /v1/order: 404 not_found: No Route matched with those values"},
		{name: "travel rule", status: 400, body: `{"error":{"name":"travel_rule_consent_required","message":"동의가 필요합니다.","exchange_name":"Upbit","consent_url":"https://www.bithumb.com/consent"}}`,
			want: &APIError{StatusCode: 400, Name: "travel_rule_consent_required", Message: "동의가 필요합니다.", ExchangeName: "Upbit", ConsentURL: "https://www.bithumb.com/consent"},
			msg:  "bithumb: GET /v1/order: 400 travel_rule_consent_required: 동의가 필요합니다."},
		{name: "error object without a name", status: 400, body: `{"error":{"message":"bad"}}`,
			want: &APIError{StatusCode: 400, Message: "bad"}, msg: "bithumb: GET /v1/order: 400: bad"},
		{name: "HTML 500", status: 500, body: `<html><body>Internal Server Error</body></html>`,
			want: &APIError{StatusCode: 500}, msg: "bithumb: GET /v1/order: 500 Internal Server Error"},
		{name: "empty 414", status: 414, body: ``,
			want: &APIError{StatusCode: 414}, msg: "bithumb: GET /v1/order: 414 Request URI Too Long"},
		{name: "broken JSON 400", status: 400, body: `{"error":`,
			want: &APIError{StatusCode: 400}, msg: "bithumb: GET /v1/order: 400 Bad Request"},
		{name: "302", status: 302, body: `{"moved":true}`,
			want: &APIError{StatusCode: 302}, msg: "bithumb: GET /v1/order: 302 Found"},
		{name: "199", status: 199, body: ``,
			want: &APIError{StatusCode: 199}, msg: "bithumb: GET /v1/order: 199"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := errorResponse(t, tt.status, "GET", "https://api.bithumb.com/v1/order?uuid=C1")
			if tt.e.Legacy {
				resp = errorResponse(t, tt.status, "POST", "https://api.bithumb.com/info/balance")
			} else if tt.e.OperationID == "getTicker" {
				resp = errorResponse(t, tt.status, "GET", "https://api.bithumb.com/v1/ticker?markets=KRW-BTC")
			}
			got := CheckResponse(resp, []byte(tt.body), tt.e)
			if tt.want == nil {
				if got != nil {
					t.Fatalf("CheckResponse = %v, want nil", got)
				}
				return
			}
			if got == nil {
				t.Fatal("CheckResponse = nil")
			}
			if got.StatusCode != tt.want.StatusCode || got.Name != tt.want.Name || got.Message != tt.want.Message ||
				got.LegacyStatus != tt.want.LegacyStatus || got.Gateway != tt.want.Gateway ||
				got.ExchangeName != tt.want.ExchangeName || got.ConsentURL != tt.want.ConsentURL || got.OperationID != tt.want.OperationID {
				t.Errorf("got  %+v\nwant %+v", *got, *tt.want)
			}
			if string(got.Body) != tt.body {
				t.Errorf("Body %q, want %q", got.Body, tt.body)
			}
			if got.Method != resp.Request.Method || got.URL != resp.Request.URL.String() {
				t.Errorf("request %s %s", got.Method, got.URL)
			}
			if msg := got.Error(); msg != tt.msg {
				t.Errorf("Error()\ngot  %q\nwant %q", msg, tt.msg)
			}
		})
	}
}

// TestCheckResponseKeepsCopies: the APIError keeps the start of the body
// and a copy of the headers, and a redacted URL; it owns its copies.
func TestCheckResponseKeepsCopies(t *testing.T) {
	t.Parallel()
	body := []byte(`{"error":{"name":"too_many_requests","message":"` + strings.Repeat("x", 2*MaxErrorBody) + `"}}`)
	resp := errorResponse(t, 429, "GET", "https://user:pw@api.bithumb.com/v1/orders?access_key=AK&market=KRW-BTC",
		"Retry-After", "3", "X-Ratelimit-Remaining", "0")
	got := CheckResponse(resp, body, Endpoint{OperationID: "getOrders"})
	if got == nil {
		t.Fatal("no error")
	}
	if len(got.Body) != MaxErrorBody || string(got.Body) != string(body[:MaxErrorBody]) {
		t.Errorf("Body has %d bytes, want the first %d", len(got.Body), MaxErrorBody)
	}
	if got.Name != "too_many_requests" || got.RetryAfter != 3*time.Second || got.Header.Get("X-Ratelimit-Remaining") != "0" {
		t.Errorf("got %q, Retry-After %v, header %v", got.Name, got.RetryAfter, got.Header)
	}
	if got.URL != "https://api.bithumb.com/v1/orders?access_key=REDACTED&market=KRW-BTC" {
		t.Errorf("URL %s", got.URL)
	}
	body[0], resp.Header["Retry-After"][0] = 'X', "99"
	if got.Body[0] != '{' || got.Header.Get("Retry-After") != "3" {
		t.Error("the APIError shares the caller's body or headers")
	}

	// An exactly full body is kept whole.
	full := []byte(`{"error":{"name":"x","message":"` + strings.Repeat("y", MaxErrorBody-32) + `"}}`)
	full = full[:MaxErrorBody]
	if got := CheckResponse(resp, full, Endpoint{}); len(got.Body) != MaxErrorBody {
		t.Errorf("a body of exactly MaxErrorBody kept %d bytes", len(got.Body))
	}

	// Without a request (or a URL), there is no method or URL to name.
	bare := &http.Response{StatusCode: 503, Header: http.Header{}}
	if got := CheckResponse(bare, nil, Endpoint{}); got.Method != "" || got.URL != "" || got.Error() != "bithumb: 503 Service Unavailable" {
		t.Errorf("without a request: %q %q %q", got.Method, got.URL, got.Error())
	}
	bare.Request = &http.Request{Method: "DELETE"}
	if got := CheckResponse(bare, nil, Endpoint{}); got.Method != "DELETE" || got.URL != "" {
		t.Errorf("without a URL: %q %q", got.Method, got.URL)
	}
	if got := CheckResponse(bare, nil, Endpoint{}); got.RetryAfter != 0 {
		t.Errorf("RetryAfter %v without the header", got.RetryAfter)
	}
}

// TestAPIErrorIs: errors.Is matches an ErrorName, an HTTPStatus (the
// effective one; HTTPStatus(500) for any 5xx) and a LegacyStatus, also
// through wrapping.
func TestAPIErrorIs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    *APIError
		target error
		want   bool
	}{
		{&APIError{StatusCode: 404, Name: "order_not_found"}, ErrorName("order_not_found"), true},
		{&APIError{StatusCode: 404, Name: "order_not_found"}, ErrorName("not_found"), false},
		{&APIError{StatusCode: 404}, ErrorName(""), false},
		{&APIError{StatusCode: 404, Name: "order_not_found"}, HTTPStatus(404), true},
		{&APIError{StatusCode: 404, Name: "order_not_found"}, HTTPStatus(400), false},
		{&APIError{StatusCode: 429}, HTTPStatus(429), true},
		{&APIError{StatusCode: 502}, HTTPStatus(502), true},
		{&APIError{StatusCode: 502}, HTTPStatus(503), false},
		{&APIError{StatusCode: 500}, HTTPStatus(500), true},
		{&APIError{StatusCode: 503}, HTTPStatus(500), true},
		{&APIError{StatusCode: 599}, HTTPStatus(500), true},
		{&APIError{StatusCode: 499}, HTTPStatus(500), false},
		{&APIError{StatusCode: 600}, HTTPStatus(500), false},
		{&APIError{StatusCode: 200, Name: "404"}, HTTPStatus(404), true},
		{&APIError{StatusCode: 200, Name: "404"}, HTTPStatus(200), false},
		{&APIError{StatusCode: 200, Name: "404"}, ErrorName("404"), true},
		{&APIError{StatusCode: 200, Name: "503"}, HTTPStatus(500), true},
		{&APIError{StatusCode: 200, Name: "5600", LegacyStatus: "5600"}, LegacyStatus("5600"), true},
		{&APIError{StatusCode: 200, Name: "5600", LegacyStatus: "5600"}, LegacyStatus("5300"), false},
		{&APIError{StatusCode: 200, Name: "5600", LegacyStatus: "5600"}, HTTPStatus(200), true},
		{&APIError{StatusCode: 404, Name: "not_found"}, errors.New("not_found"), false},
		{&APIError{StatusCode: 404, Name: "not_found"}, ErrNoCredentials, false},
	}
	for _, tt := range tests {
		if got := tt.err.Is(tt.target); got != tt.want {
			t.Errorf("%+v.Is(%#v) = %v, want %v", *tt.err, tt.target, got, tt.want)
		}
		wrapped := fmt.Errorf("placing an order: %w", tt.err)
		if got := errors.Is(wrapped, tt.target); got != tt.want {
			t.Errorf("errors.Is(wrapped %+v, %#v) = %v, want %v", *tt.err, tt.target, got, tt.want)
		}
	}
	var apiErr *APIError
	if err := fmt.Errorf("x: %w", &APIError{StatusCode: 418}); !errors.As(err, &apiErr) || apiErr.StatusCode != 418 {
		t.Error("errors.As does not find the APIError")
	}
}

// TestEffectiveStatusAndTemporary: the status that counts, and whether the
// same request may succeed later.
func TestEffectiveStatusAndTemporary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err       APIError
		effective int
		temporary bool
	}{
		{APIError{StatusCode: 400, Name: "invalid_parameter"}, 400, false},
		{APIError{StatusCode: 404, Name: "500"}, 404, false},
		{APIError{StatusCode: 429}, 429, true},
		{APIError{StatusCode: 499}, 499, false},
		{APIError{StatusCode: 500}, 500, true},
		{APIError{StatusCode: 501}, 501, true},
		{APIError{StatusCode: 503}, 503, true},
		{APIError{StatusCode: 422, Name: "order_not_ready"}, 422, true},
		{APIError{StatusCode: 422, Name: "invalid_price"}, 422, false},
		{APIError{StatusCode: 200, Name: "order_not_ready"}, 200, true},
		{APIError{StatusCode: 200, Name: "404"}, 404, false},
		{APIError{StatusCode: 201, Name: "404"}, 404, false},
		{APIError{StatusCode: 299, Name: "429"}, 429, true},
		{APIError{StatusCode: 200, Name: "429"}, 429, true},
		{APIError{StatusCode: 200, Name: "500"}, 500, true},
		{APIError{StatusCode: 200, Name: "100"}, 100, false},
		{APIError{StatusCode: 200, Name: "599"}, 599, true},
		{APIError{StatusCode: 200, Name: "99"}, 200, false},
		{APIError{StatusCode: 200, Name: "600"}, 200, false},
		{APIError{StatusCode: 200, Name: "5600", LegacyStatus: "5600"}, 200, false},
		{APIError{StatusCode: 200, Name: "invalid_query_format"}, 200, false},
		{APIError{StatusCode: 200}, 200, false},
		{APIError{StatusCode: 300, Name: "404"}, 300, false},
		{APIError{StatusCode: 199, Name: "404"}, 199, false},
	}
	for _, tt := range tests {
		if got := tt.err.EffectiveStatus(); got != tt.effective {
			t.Errorf("%+v: EffectiveStatus = %d, want %d", tt.err, got, tt.effective)
		}
		if got := tt.err.Temporary(); got != tt.temporary {
			t.Errorf("%+v: Temporary = %v, want %v", tt.err, got, tt.temporary)
		}
	}
}

// TestAPIErrorText: Error() for the shapes that CheckResponse does not
// produce by itself.
func TestAPIErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  APIError
		want string
	}{
		{APIError{StatusCode: 404, Name: "order_not_found"}, "bithumb: 404 order_not_found"},
		{APIError{StatusCode: 404, Message: "없음"}, "bithumb: 404: 없음"},
		{APIError{}, "bithumb: 0"},
		{APIError{Method: "GET", URL: "https://api.bithumb.com"}, "bithumb: GET https://api.bithumb.com: 0"},
		{APIError{Method: "GET", URL: "%zz", StatusCode: 500}, "bithumb: GET %zz: 500 Internal Server Error"},
		{APIError{Method: "GET", StatusCode: 500}, "bithumb: GET : 500 Internal Server Error"},
		{APIError{StatusCode: 200, LegacyStatus: "5600", Name: "5600"}, "bithumb: status 5600"},
		{APIError{StatusCode: 200, LegacyStatus: "5600", Name: "other"}, "bithumb: status 5600 other"},
		{APIError{StatusCode: 520}, "bithumb: 520"},
		{APIError{StatusCode: 599, Message: "origin error"}, "bithumb: 599: origin error"},
		{APIError{StatusCode: 299, Name: "x"}, "bithumb: HTTP 299 with error x"},
		{APIError{StatusCode: 300, Name: "x"}, "bithumb: 300 x"},
		{APIError{StatusCode: 199, Name: "x"}, "bithumb: 199 x"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%+v:\ngot  %q\nwant %q", tt.err, got, tt.want)
		}
	}
}

// TestSentinelErrorText: the errors.Is targets print what they stand for.
func TestSentinelErrorText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		err  error
		want string
	}{
		{ErrorName("order_not_found"), "bithumb: order_not_found"},
		{HTTPStatus(429), "bithumb: HTTP 429 Too Many Requests"},
		{HTTPStatus(500), "bithumb: HTTP 500 Internal Server Error"},
		{LegacyStatus("5600"), "bithumb: legacy status 5600"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// TestUnquoteName: a JSON string's text or a number's digits.
func TestUnquoteName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ raw, want string }{
		{``, ``},
		{`  `, ``},
		{`null`, ``},
		{` null `, ``},
		{`"order_not_found"`, `order_not_found`},
		{` "a\"b" `, `a"b`},
		{`"\uc8fc\ubb38"`, `주문`},
		{`404`, `404`},
		{` 5600 `, `5600`},
		{`"unterminated`, `"unterminated`},
		{`true`, `true`},
	} {
		if got := unquoteName([]byte(tt.raw)); got != tt.want {
			t.Errorf("unquoteName(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// TestRedactURLTable: user info goes, and so do the values of
// credential-like query parameters, whatever their case or encoding.
func TestRedactURLTable(t *testing.T) {
	t.Parallel()
	if got := RedactURL(nil); got != "" {
		t.Errorf("RedactURL(nil) = %q", got)
	}
	for _, tt := range []struct{ in, want string }{
		{"https://api.bithumb.com/v1/ticker", "https://api.bithumb.com/v1/ticker"},
		{"https://api.bithumb.com/v1/ticker?markets=KRW-BTC", "https://api.bithumb.com/v1/ticker?markets=KRW-BTC"},
		{"https://u:p@api.bithumb.com/v1/x", "https://api.bithumb.com/v1/x"},
		{"https://api.bithumb.com/v1/x?Access_Key=AK&SECRET=s", "https://api.bithumb.com/v1/x?Access_Key=REDACTED&SECRET=REDACTED"},
		{"https://api.bithumb.com/v1/x?secret_key=s&api_key=a&apikey=b&jwt=j&signature=g&sign=h&passphrase=p",
			"https://api.bithumb.com/v1/x?secret_key=REDACTED&api_key=REDACTED&apikey=REDACTED&jwt=REDACTED&signature=REDACTED&sign=REDACTED&passphrase=REDACTED"},
		{"https://api.bithumb.com/v1/x?token%5B%5D=a&token[]=b", "https://api.bithumb.com/v1/x?token%5B%5D=REDACTED&token[]=REDACTED"},
		{"https://api.bithumb.com/v1/x?%61ccess_key=AK", "https://api.bithumb.com/v1/x?%61ccess_key=REDACTED"},
		{"https://api.bithumb.com/v1/x?token&market=KRW-BTC", "https://api.bithumb.com/v1/x?token&market=KRW-BTC"},
		{"https://api.bithumb.com/v1/x?token=", "https://api.bithumb.com/v1/x?token=REDACTED"},
		{"https://api.bithumb.com/v1/x?%zz=1&token=t", "https://api.bithumb.com/v1/x?%zz=1&token=REDACTED"},
		{"https://api.bithumb.com/v1/x?%zztoken=1", "https://api.bithumb.com/v1/x?%zztoken=1"},
		{"https://api.bithumb.com/v1/x?tokens=1&my_token=2", "https://api.bithumb.com/v1/x?tokens=1&my_token=2"},
	} {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := RedactURL(u); got != tt.want {
			t.Errorf("RedactURL(%s)\ngot  %s\nwant %s", tt.in, got, tt.want)
		}
		if u.String() != tt.in {
			t.Errorf("RedactURL changed its argument to %s", u)
		}
	}
}

// TestParseRetryAfter: delta seconds (also fractional) up to a day, or an
// HTTP date after now; anything else is 0.
func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"   ", 0},
		{"3", 3 * time.Second},
		{" 3 ", 3 * time.Second},
		{"1.5", 1500 * time.Millisecond},
		{"0.001", time.Millisecond},
		{"0", 0},
		{"-1", 0},
		{"25", 25 * time.Second},
		{"3600", time.Hour},
		{"86400", 24 * time.Hour},
		{"86401", 0},
		{"1e9", 0},
		{"Inf", 0},
		{"-Inf", 0},
		{"NaN", 0},
		{"nan", 0},
		{"soon", 0},
		{"Sun, 06 Dec 2026 09:00:30 GMT", 30 * time.Second},
		{"Sunday, 06-Dec-26 09:01:00 GMT", time.Minute},
		{"Sun, 06 Dec 2026 09:00:00 GMT", 0},
		{"Sun, 06 Dec 2026 08:59:00 GMT", 0},
	} {
		h := http.Header{}
		if tt.value != "" {
			h.Set("Retry-After", tt.value)
		}
		if got := ParseRetryAfter(h, now); got != tt.want {
			t.Errorf("Retry-After %q: %v, want %v", tt.value, got, tt.want)
		}
	}
}
