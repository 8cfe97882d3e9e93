package bithumb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/middleware"
)

const (
	testAccessKey = "test-access-key-0123456789abcdef"
	testSecretKey = "test-secret-key-fedcba9876543210"
)

// fakeBithumb is an httptest server that answers every request with the
// next canned response and records what it received.
type fakeBithumb struct {
	*httptest.Server
	requests atomic.Int64
	last     atomic.Pointer[http.Request]
	lastBody atomic.Pointer[[]byte]
}

func newFake(t *testing.T, status int, body string, header ...string) *fakeBithumb {
	t.Helper()
	f := &fakeBithumb{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		b, _ := io.ReadAll(r.Body)
		f.last.Store(r.Clone(context.Background()))
		f.lastBody.Store(&b)
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(f.Close)
	return f
}

func newTestClient(t *testing.T, baseURL string, opts ...Option) *Client {
	t.Helper()
	c, err := New(append([]Option{WithBaseURL(baseURL), WithKeys(testAccessKey, testSecretKey)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEveryOperationHasATypedMethod fails when an operation of the spec
// has no method on *Client (by the generated client's method names, which
// derive from the operationIds).
func TestEveryOperationHasATypedMethod(t *testing.T) {
	t.Parallel()
	clientType := reflect.TypeOf(&Client{})
	raw := reflect.TypeOf((*gen.ClientInterface)(nil)).Elem()
	ops := map[string]bool{}
	for i := range raw.NumMethod() {
		name := raw.Method(i).Name
		name = strings.TrimSuffix(name, "WithBody")
		name = strings.TrimSuffix(name, "WithFormdataBody")
		ops[name] = true
	}
	if n := len(catalog.Default().Endpoints()); len(ops) != n {
		t.Fatalf("generated client has %d operations, spec has %d", len(ops), n)
	}
	for name := range ops {
		m, ok := clientType.MethodByName(name)
		if !ok {
			t.Errorf("spec operation %s has no typed method on *Client", name)
			continue
		}
		if m.Type.NumIn() < 2 || m.Type.In(1) != reflect.TypeOf((*context.Context)(nil)).Elem() {
			t.Errorf("%s does not take a context first", name)
		}
		if last := m.Type.Out(m.Type.NumOut() - 1); last != reflect.TypeOf((*error)(nil)).Elem() {
			t.Errorf("%s does not return an error last", name)
		}
	}
}

func TestNewValidatesOptions(t *testing.T) {
	t.Parallel()
	bad := map[string]Option{
		"relative URL":     WithBaseURL("api.bithumb.com"),
		"ftp URL":          WithBaseURL("ftp://api.bithumb.com"),
		"URL with query":   WithBaseURL("https://api.bithumb.com?x=1"),
		"short key":        WithKeys("abc", testSecretKey),
		"key with newline": WithKeys(testAccessKey, testSecretKey+"\n"),
		"nil HTTP client":  WithHTTPClient(nil),
		"negative timeout": WithTimeout(-1),
		"zero max size":    WithMaxResponseSize(0),
		"bad user agent":   WithUserAgent("a\r\nb"),
	}
	for name, opt := range bad {
		if _, err := New(opt); err == nil {
			t.Errorf("%s: New succeeded", name)
		} else if strings.Contains(err.Error(), testSecretKey) {
			t.Errorf("%s: error shows the secret: %v", name, err)
		}
	}
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != DefaultBaseURL || c.HasCredentials() {
		t.Errorf("defaults: %s %v", c.BaseURL(), c.HasCredentials())
	}
}

func TestTickerKeepsEveryDigit(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `[{"market":"KRW-BTC","trade_date":"20250825","trade_time":"152707","trade_date_kst":"20250826","trade_time_kst":"002707","trade_timestamp":1756168027954,"opening_price":157120000,"high_price":157476000,"low_price":156602000,"trade_price":157450000,"prev_closing_price":157120000,"change":"RISE","change_price":330000,"change_rate":0.0021,"signed_change_price":330000,"signed_change_rate":0.0021,"trade_volume":1.4E-7,"acc_trade_price":1.76373410121466379999997512,"acc_trade_price_24h":205839989370.0371,"acc_trade_volume":17.03631171,"acc_trade_volume_24h":1311.88031357,"highest_52_week_price":169900000,"highest_52_week_date":"2025-08-15","lowest_52_week_price":72029000,"lowest_52_week_date":"2024-09-08","timestamp":1756135632646}]`)
	c := newTestClient(t, f.URL)
	tickers, err := c.ListTickers(t.Context(), "KRW-BTC", "BTC-ETH")
	if err != nil {
		t.Fatal(err)
	}
	if got := f.last.Load().URL.RawQuery; got != "markets=KRW-BTC,BTC-ETH" {
		t.Errorf("query = %q", got)
	}
	tk := tickers[0]
	for _, c := range []struct {
		got  decimal.Decimal
		want string
	}{
		{tk.AccTradePrice, "1.76373410121466379999997512"},
		{tk.TradeVolume, "0.00000014"},
		{tk.ChangeRate, "0.0021"},
		{tk.AccTradePrice24H, "205839989370.0371"},
	} {
		if c.got.String() != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	if tk.TradeTimestamp.UnixMilli() != 1756168027954 {
		t.Errorf("trade_timestamp = %d", tk.TradeTimestamp.UnixMilli())
	}
	if f.last.Load().Header.Get("Authorization") != "" {
		t.Error("a public call carried an Authorization header")
	}
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		body       string
		call       func(*Client) error
		is         []error
		isNot      []error
		wantName   string
		wantStatus int
		gateway    bool
	}{
		{
			name: "404 order_not_found", status: 404,
			body: `{"error":{"name":"order_not_found","message":"주문을 찾지 못했습니다."}}`,
			call: func(c *Client) error {
				_, err := c.GetOrder(context.Background(), GetOrderParams{UUID: Ptr("C0101000000000000001")})
				return err
			},
			is:         []error{ErrOrderNotFound, ErrNotFound},
			isNot:      []error{ErrServer, ErrRouteNotFound},
			wantName:   "order_not_found",
			wantStatus: 404,
		},
		{
			name: "quotation error inside HTTP 200", status: 200,
			body:       `{"error":{"name":404,"message":"Code not found"}}`,
			call:       func(c *Client) error { _, err := c.ListTickers(context.Background(), "KRW-NOPE"); return err },
			is:         []error{ErrNotFound},
			wantName:   "404",
			wantStatus: 200,
		},
		{
			name: "gateway 404 without wrapper", status: 404,
			body:       `{"name":"not_found","message":"No Route matched with those values"}`,
			call:       func(c *Client) error { _, err := c.ListMarketWarnings(context.Background()); return err },
			is:         []error{ErrRouteNotFound, ErrNotFound},
			wantName:   "not_found",
			wantStatus: 404,
			gateway:    true,
		},
		{
			name: "401 jwt_verification", status: 401,
			body:       `{"error":{"name":"jwt_verification","message":"Jwt 토큰 검증에 실패했습니다."}}`,
			call:       func(c *Client) error { _, err := c.ListAccounts(context.Background()); return err },
			is:         []error{ErrJWTVerification, ErrUnauthorized},
			wantName:   "jwt_verification",
			wantStatus: 401,
		},
		{
			name: "HTML 502 page", status: 502,
			body:       `<html><body>Bad Gateway</body></html>`,
			call:       func(c *Client) error { _, err := c.ListAccounts(context.Background()); return err },
			is:         []error{ErrServer},
			wantStatus: 502,
		},
		{
			name: "legacy status 5500", status: 200,
			body:       `{"status":"5500","message":"Invalid Parameter"}`,
			call:       func(c *Client) error { _, err := c.LegacyTicker(context.Background(), "NOPE_KRW"); return err },
			is:         []error{ErrLegacyInvalidParameter},
			isNot:      []error{ErrNotFound},
			wantName:   "5500",
			wantStatus: 200,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, tt.status, tt.body)
			err := tt.call(newTestClient(t, f.URL))
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			if apiErr.Name != tt.wantName || apiErr.StatusCode != tt.wantStatus || apiErr.Gateway != tt.gateway {
				t.Errorf("got name %q status %d gateway %v", apiErr.Name, apiErr.StatusCode, apiErr.Gateway)
			}
			if apiErr.Method == "" || apiErr.URL == "" || len(apiErr.Body) == 0 {
				t.Errorf("missing request details: %+v", apiErr)
			}
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(err, %v) = false", target)
				}
			}
			for _, target := range tt.isNot {
				if errors.Is(err, target) {
					t.Errorf("errors.Is(err, %v) = true", target)
				}
			}
		})
	}
}

func TestLegacyNoOpenOrdersIsNotAnError(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `{"status":"5600","message":"거래 진행중인 내역이 존재하지 않습니다."}`)
	c := newTestClient(t, f.URL)
	out, err := c.LegacyOrders(t.Context(), LegacyOrdersForm{OrderCurrency: "BTC"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Data != nil && len(*out.Data) != 0 {
		t.Errorf("data = %v", out.Data)
	}
	// The request went out HMAC-signed with endpoint first in the form.
	r := f.last.Load()
	if r.Header.Get("Api-Key") != testAccessKey || r.Header.Get("Api-Sign") == "" || r.Header.Get("Api-Nonce") == "" {
		t.Errorf("legacy headers missing: %v", r.Header)
	}
	if body := string(*f.lastBody.Load()); !strings.HasPrefix(body, "endpoint=%2Finfo%2Forders&") || !strings.Contains(body, "order_currency=BTC") {
		t.Errorf("form body = %q", body)
	}
}

func TestBadInputIsRejectedBeforeSending(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `{}`)
	c := newTestClient(t, f.URL)
	ctx := context.Background()
	dec := decimal.MustParse
	tests := []struct {
		name  string
		field string
		call  func() error
	}{
		{"empty market", "markets[0]", func() error { _, err := c.ListTickers(ctx, ""); return err }},
		{"no market", "markets", func() error { _, err := c.ListTickers(ctx); return err }},
		{"malformed market", "market", func() error { _, err := c.GetOrderChance(ctx, "KRWBTC"); return err }},
		{"zero volume", "volume", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideBid, OrderType: OrderTypeLimit, Price: dec("100"), Volume: dec("0.0")})
			return err
		}},
		{"negative price", "price", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideBid, OrderType: OrderTypeLimit, Price: dec("-1"), Volume: dec("1")})
			return err
		}},
		{"limit without price", "price", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideBid, OrderType: OrderTypeLimit, Volume: dec("1")})
			return err
		}},
		{"market buy", "side", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideBid, OrderType: OrderTypeMarket, Volume: dec("1")})
			return err
		}},
		{"best without ioc/fok", "time_in_force", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideAsk, OrderType: OrderTypeBest, Volume: dec("1")})
			return err
		}},
		{"best on a BTC market, KRW only since 2026-06-30", "order_type", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "BTC-ETH", Side: OrderSideAsk, OrderType: OrderTypeBest, Volume: dec("1"), TimeInForce: TimeInForceIoc})
			return err
		}},
		{"time_in_force on a BTC market, KRW only since 2026-06-30", "time_in_force", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "btc-eth", Side: OrderSideBid, OrderType: OrderTypeLimit, Price: dec("0.03"), Volume: dec("1"), TimeInForce: TimeInForcePostOnly})
			return err
		}},
		{"time_in_force on a BTC market in a batch", "batch_orders[0].time_in_force", func() error {
			_, err := c.PlaceOrderBatch(ctx, PlaceOrderBatchRequest{BatchOrders: []PlaceOrderRequest{
				{Market: "BTC-ETH", Side: OrderSideBid, OrderType: OrderTypeLimit, Price: dec("0.03"), Volume: dec("1"), TimeInForce: TimeInForceFok}}})
			return err
		}},
		{"closed orders over more than 7 days", "end_time", func() error {
			_, err := c.ListClosedOrders(ctx, ListClosedOrdersParams{StartTime: Ptr[int64](1_775_000_000_000), EndTime: Ptr[int64](1_775_000_000_000 + 7*24*3600*1000 + 1)})
			return err
		}},
		{"pending orders limit above 100", "limit", func() error {
			_, err := c.ListPendingOrders(ctx, ListPendingOrdersParams{Limit: Ptr[int64](101)})
			return err
		}},
		{"bad client order id", "client_order_id", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideAsk, OrderType: OrderTypeMarket, Volume: dec("1"), ClientOrderID: "has space"})
			return err
		}},
		{"unknown side", "side", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "KRW-BTC", Side: "buy", OrderType: OrderTypeLimit, Price: dec("1"), Volume: dec("1")})
			return err
		}},
		{"cancel without id", "order_id", func() error { _, err := c.CancelOrder(ctx, CancelOrderParams{}); return err }},
		{"count out of range", "count", func() error {
			_, err := c.ListMinuteCandles(ctx, 1, ListMinuteCandlesParams{Market: "KRW-BTC", Count: Ptr[int64](201)})
			return err
		}},
		{"bad candle unit", "unit", func() error {
			_, err := c.ListMinuteCandles(ctx, 2, ListMinuteCandlesParams{Market: "KRW-BTC"})
			return err
		}},
		{"missing currency", "currency", func() error { _, err := c.GetDepositAddress(ctx, "", "BTC"); return err }},
		{"missing net type", "net_type", func() error { _, err := c.GetWithdrawChance(ctx, "BTC", ""); return err }},
		{"withdraw zero", "amount", func() error {
			_, err := c.WithdrawCoin(ctx, WithdrawCoinRequest{Currency: "BTC", NetType: "BTC", Address: "x", Amount: dec("0")})
			return err
		}},
		{"batch too large", "batch_orders", func() error {
			_, err := c.PlaceOrderBatch(ctx, PlaceOrderBatchRequest{BatchOrders: make([]PlaceOrderRequest, 21)})
			return err
		}},
		{"batch item", "batch_orders[1].volume", func() error {
			ok := PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideAsk, OrderType: OrderTypeMarket, Volume: dec("1")}
			bad := ok
			bad.Volume = decimal.Zero
			_, err := c.PlaceOrderBatch(ctx, PlaceOrderBatchRequest{BatchOrders: []PlaceOrderRequest{ok, bad}})
			return err
		}},
		{"legacy pair", "pair", func() error { _, err := c.LegacyTicker(ctx, "BTC-KRW"); return err }},
		{"twap duration", "duration", func() error {
			_, err := c.PlaceTWAPOrder(ctx, PlaceTWAPOrderRequest{Market: "KRW-BTC", Side: OrderSideAsk, Volume: dec("1"), Duration: "10", Frequency: "30"})
			return err
		}},
		{"twap frequency 5, refused since the 2026 docs", "frequency", func() error {
			_, err := c.PlaceTWAPOrder(ctx, PlaceTWAPOrderRequest{Market: "KRW-BTC", Side: OrderSideAsk, Volume: dec("1"), Duration: "600", Frequency: "5"})
			return err
		}},
	}
	for _, tt := range tests {
		err := tt.call()
		var in *InputError
		if !errors.As(err, &in) || !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: error %v is not an *InputError", tt.name, err)
			continue
		}
		if in.Field != tt.field {
			t.Errorf("%s: field = %q, want %q (%v)", tt.name, in.Field, tt.field, err)
		}
	}
	if n := f.requests.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

func TestPlaceOrderSignsAndGeneratesClientOrderID(t *testing.T) {
	t.Parallel()
	f := newFake(t, 201, `{"order_id":"C0101000002440517711","market":"KRW-BTC","side":"bid","order_type":"limit","created_at":"2025-08-26T00:27:13+09:00"}`)
	c := newTestClient(t, f.URL)
	resp, err := c.PlaceOrder(t.Context(), PlaceOrderRequest{
		Market: "KRW-BTC", Side: OrderSideBid, OrderType: OrderTypeLimit,
		Price: decimal.MustParse("84000000"), Volume: decimal.MustParse("0.001"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.OrderID != "C0101000002440517711" || resp.ClientOrderID == nil || !strings.HasPrefix(*resp.ClientOrderID, "bgo") {
		t.Errorf("response = %+v", resp)
	}
	body := string(*f.lastBody.Load())
	if !strings.Contains(body, `"price":"84000000"`) || !strings.Contains(body, `"volume":"0.001"`) ||
		!strings.Contains(body, `"client_order_id":"`+*resp.ClientOrderID+`"`) || strings.Contains(body, "time_in_force") {
		t.Errorf("body = %s", body)
	}
	auth := f.last.Load().Header.Get("Authorization")
	if !strings.HasPrefix(auth, "Bearer ") || strings.Count(auth, ".") != 2 {
		t.Errorf("Authorization = %q", auth)
	}
}

func TestPrivateCallWithoutKeys(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `[]`)
	c, err := New(WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListAccounts(t.Context()); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("err = %v", err)
	}
	if f.requests.Load() != 0 {
		t.Error("an unsigned private request was sent")
	}
}

func TestResponseSizeCap(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `[`+strings.Repeat(`{"market":"KRW-BTC","warning_type":"X","end_date":"2026-01-15 18:00:00"},`, 100)+`{}]`)
	c := newTestClient(t, f.URL, WithMaxResponseSize(1024))
	if _, err := c.ListMarketWarnings(t.Context()); !errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("err = %v", err)
	}
}

func TestDecodeErrorOnUnexpectedShape(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `{"unexpected":true}`)
	c := newTestClient(t, f.URL)
	_, err := c.ListAccounts(t.Context())
	var de *DecodeError
	if !errors.As(err, &de) || de.OperationID != "listAccounts" {
		t.Errorf("err = %v", err)
	}
}

func TestCancelledContextWins(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `[]`)
	c := newTestClient(t, f.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.ListAccounts(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

// TestSecretsNeverLeak makes a signed request fail, with debug logging
// on, and searches the log and the error for the secret and the JWT.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	var token atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token.Store(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		w.WriteHeader(401)
		io.WriteString(w, `{"error":{"name":"jwt_verification","message":"Jwt 토큰 검증에 실패했습니다."}}`)
	}))
	t.Cleanup(srv.Close)
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newTestClient(t, srv.URL, WithLogger(logger))
	_, err := c.GetOrder(t.Context(), GetOrderParams{UUID: Ptr("C0101000000001799625")})
	if err == nil {
		t.Fatal("expected an error")
	}
	jwt, _ := token.Load().(string)
	if jwt == "" {
		t.Fatal("the server saw no token")
	}
	var apiErr *APIError
	errors.As(err, &apiErr)
	outputs := map[string]string{
		"log":          logs.String(),
		"error":        err.Error(),
		"error %+v":    fmtAll(err),
		"error header": fmtAll(apiErr.Header),
		"client":       fmtAll(c),
	}
	if !strings.Contains(logs.String(), `"status":401`) {
		t.Errorf("the failure was not logged: %s", logs.String())
	}
	for where, out := range outputs {
		for _, secret := range []string{testSecretKey, jwt} {
			if strings.Contains(out, secret) {
				t.Errorf("%s contains a secret: %s", where, out)
			}
		}
	}
}

func fmtAll(v any) string {
	var b strings.Builder
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		b.WriteString(fmt.Sprintf(verb, v))
	}
	return b.String()
}

func TestCatalogMatchesMethods(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, "http://127.0.0.1:1")
	var placeOrder middleware.Endpoint
	for _, e := range c.Endpoints() {
		if e.OperationID == "placeOrder" {
			placeOrder = e
		}
	}
	if placeOrder.Retry != middleware.RetryReconcile || placeOrder.Category != "private-order" {
		t.Errorf("placeOrder = %+v", placeOrder)
	}
}
