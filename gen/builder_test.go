package gen_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/bithumb-go/bithumb/gen"
)

// The request builders come from gen/templates/client.tmpl, oapi-codegen's
// client template changed to resolve an operation's URL once per server.
// These URLs are what oapi-codegen's own template built for the same
// arguments: the server URL's path is kept, the query fragments are joined
// in order, and values are escaped as before.
func TestRequestURLs(t *testing.T) {
	t.Parallel()
	state, page, limit, orderBy := gen.OrderState("wait"), gen.Page(2), gen.Limit100(50), gen.OrderBy("asc")
	states, uuids := []gen.OrderState{"wait", "done"}, []string{"a b", "c&d"}
	listOrders := func(server string) (*http.Request, error) {
		return gen.NewListOrdersRequest(server, &gen.ListOrdersParams{
			State: &state, States: &states, Uuids: &uuids, Page: &page, Limit: &limit, OrderBy: &orderBy,
		})
	}
	const ordersQuery = "?state=wait&states%5B%5D=wait&states%5B%5D=done&uuids%5B%5D=a+b&uuids%5B%5D=c%26d&page=2&limit=50&order_by=asc"
	tickers := func(server string) (*http.Request, error) {
		return gen.NewListTickersRequest(server, &gen.ListTickersParams{Markets: gen.Markets{"KRW-BTC", "a&b#c 한"}})
	}
	noParams := func(server string) (*http.Request, error) { return gen.NewListTickersRequest(server, nil) }
	emptyParams := func(server string) (*http.Request, error) {
		return gen.NewListOrdersRequest(server, &gen.ListOrdersParams{})
	}
	pathParam := func(server string) (*http.Request, error) { return gen.NewLegacyTickerRequest(server, "BTC_KRW/x?y") }
	to, count := gen.CandleTo("2026-12-06 10:00:00"), gen.CandleCount(200)
	pathAndQuery := func(server string) (*http.Request, error) {
		return gen.NewListMinuteCandlesRequest(server, 15, &gen.ListMinuteCandlesParams{Market: "KRW-BTC", To: &to, Count: &count})
	}
	const candlesQuery = "?market=KRW-BTC&to=2026-12-06+10%3A00%3A00&count=200"

	for _, tc := range []struct {
		name  string
		build func(string) (*http.Request, error)
		// want maps a server URL to the request's URL.
		want map[string]string
	}{
		{"query fragments", listOrders, map[string]string{
			"https://api.bithumb.com":       "https://api.bithumb.com/v1/orders" + ordersQuery,
			"http://127.0.0.1:8080/prefix/": "http://127.0.0.1:8080/prefix/v1/orders" + ordersQuery,
			"http://127.0.0.1:8080/prefix":  "http://127.0.0.1:8080/v1/orders" + ordersQuery,
			"http://h/base/?x=1#fragment":   "http://h/base/v1/orders" + ordersQuery,
		}},
		{"escaped values", tickers, map[string]string{
			"https://api.bithumb.com": "https://api.bithumb.com/v1/ticker?markets=KRW-BTC,a%26b%23c+%ED%95%9C",
		}},
		{"nil params", noParams, map[string]string{
			"https://api.bithumb.com":       "https://api.bithumb.com/v1/ticker",
			"http://127.0.0.1:8080/prefix/": "http://127.0.0.1:8080/prefix/v1/ticker",
		}},
		{"no parameter set", emptyParams, map[string]string{
			"https://api.bithumb.com": "https://api.bithumb.com/v1/orders",
		}},
		{"path parameter and query", pathAndQuery, map[string]string{
			"https://api.bithumb.com":       "https://api.bithumb.com/v1/candles/minutes/15" + candlesQuery,
			"http://127.0.0.1:8080/prefix/": "http://127.0.0.1:8080/prefix/v1/candles/minutes/15" + candlesQuery,
		}},
		{"path parameter", pathParam, map[string]string{
			"https://api.bithumb.com":       "https://api.bithumb.com/public/ticker/BTC_KRW%2Fx%3Fy",
			"http://127.0.0.1:8080/prefix/": "http://127.0.0.1:8080/prefix/public/ticker/BTC_KRW%2Fx%3Fy",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Twice round the servers: the second round is served by the
			// URLs resolved in the first, one server after the other.
			for range 2 {
				for server, want := range tc.want {
					req, err := tc.build(server)
					if err != nil {
						t.Fatalf("%s: %v", server, err)
					}
					if got := req.URL.String(); got != want {
						t.Errorf("%s:\n got %s\nwant %s", server, got, want)
					}
					if parsed, err := url.Parse(want); err != nil || *req.URL != *parsed {
						t.Errorf("%s: URL %#v, want it as parsed from %s", server, req.URL, want)
					}
				}
			}
		})
	}
}

func TestRequestBuilderRefusesABadServerURL(t *testing.T) {
	t.Parallel()
	for _, server := range []string{"://bad", "http://h/%zz"} {
		if _, err := gen.NewListTickersRequest(server, nil); err == nil {
			t.Errorf("%q: no error", server)
		}
		if _, err := gen.NewLegacyTickerRequest(server, "BTC_KRW"); err == nil {
			t.Errorf("%q: no error for a path parameter", server)
		}
	}
}

// A client method builds its request with the call's context; an exported
// builder, with context.Background.
func TestRequestContext(t *testing.T) {
	t.Parallel()
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "call")
	var got []*http.Request
	c, err := gen.NewClient("https://api.bithumb.com", gen.WithHTTPClient(doerFunc(func(req *http.Request) (*http.Response, error) {
		got = append(got, req)
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody}, nil
	})))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListTickers(ctx, &gen.ListTickersParams{Markets: gen.Markets{"KRW-BTC"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PlaceOrder(ctx, gen.PlaceOrderJSONRequestBody{}); err != nil {
		t.Fatal(err)
	}
	for _, req := range got {
		if req.Context().Value(key{}) != "call" {
			t.Errorf("%s %s: the call's context is lost", req.Method, req.URL)
		}
	}
	if len(got) != 2 || got[1].Header.Get("Content-Type") != "application/json" || got[1].ContentLength == 0 {
		t.Errorf("requests %v: want a GET and a POST with a JSON body", got)
	}
	req, err := gen.NewListTickersRequest("https://api.bithumb.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if req.Context() != context.Background() {
		t.Errorf("NewListTickersRequest: context %v, want context.Background()", req.Context())
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(req *http.Request) (*http.Response, error) { return f(req) }
