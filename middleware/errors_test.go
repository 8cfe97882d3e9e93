package middleware

import (
	"net/url"
	"testing"
)

func TestAPIErrorMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *APIError
		want string
	}{
		{&APIError{StatusCode: 404, Name: "order_not_found", Message: "주문을 찾지 못했습니다.", Method: "DELETE", URL: "https://api.bithumb.com/v2/order?order_id=C1"},
			"bithumb: DELETE /v2/order: 404 order_not_found: 주문을 찾지 못했습니다."},
		{&APIError{StatusCode: 200, Name: "5300", LegacyStatus: "5300", Message: "Invalid Apikey", Method: "POST", URL: "https://api.bithumb.com/info/balance"},
			"bithumb: POST /info/balance: status 5300: Invalid Apikey"},
		{&APIError{StatusCode: 200, Name: "404", Message: "Code not found"}, "bithumb: HTTP 200 with error 404: Code not found"},
		{&APIError{StatusCode: 502}, "bithumb: 502 Bad Gateway"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	u := mustParse(t, "https://user:pw@api.bithumb.com/v1/x?market=KRW-BTC&access_key=AK1&uuids%5B%5D=a&token=t")
	if got, want := RedactURL(u), "https://api.bithumb.com/v1/x?market=KRW-BTC&access_key=REDACTED&uuids%5B%5D=a&token=REDACTED"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
