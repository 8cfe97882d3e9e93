package bithumb_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// exampleServer stands in for api.bithumb.com in the examples: it answers
// every request with body.
func exampleServer(status int, body string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
}

func ExampleNew() {
	// Production: bithumb.New(bithumb.WithCredentialsFromEnv())
	c, err := bithumb.New(bithumb.WithBaseURL("http://127.0.0.1:8080"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.BaseURL(), c.HasCredentials())
	// Output: http://127.0.0.1:8080 false
}

func ExampleClient_ListTickers() {
	srv := exampleServer(200, `[{"market":"KRW-BTC","trade_date":"20250825","trade_time":"152707","trade_date_kst":"20250826","trade_time_kst":"002707","trade_timestamp":1756168027954,"opening_price":157120000,"high_price":157476000,"low_price":156602000,"trade_price":157450000,"prev_closing_price":157120000,"change":"RISE","change_price":330000,"change_rate":0.0021,"signed_change_price":330000,"signed_change_rate":0.0021,"trade_volume":0.00040361,"acc_trade_price":2675920640.37342,"acc_trade_price_24h":205839989370.0371,"acc_trade_volume":17.03631171,"acc_trade_volume_24h":1311.88031357,"highest_52_week_price":169900000,"highest_52_week_date":"2025-08-15","lowest_52_week_price":72029000,"lowest_52_week_date":"2024-09-08","timestamp":1756135632646}]`)
	defer srv.Close()

	c, err := bithumb.New(bithumb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	tickers, err := c.ListTickers(context.Background(), "KRW-BTC")
	if err != nil {
		log.Fatal(err)
	}
	t := tickers[0]
	fmt.Println(t.Market, t.TradePrice, t.ChangeRate, t.AccTradePrice24H)
	// Output: KRW-BTC 157450000 0.0021 205839989370.0371
}

func ExampleClient_PlaceOrder() {
	srv := exampleServer(201, `{"order_id":"C0101000002440517711","market":"KRW-BTC","side":"bid","order_type":"limit","created_at":"2025-08-26T00:27:13+09:00","client_order_id":"my-order-001"}`)
	defer srv.Close()

	c, err := bithumb.New(bithumb.WithBaseURL(srv.URL),
		bithumb.WithKeys("example-access-key-0123456789", "example-secret-key-0123456789"))
	if err != nil {
		log.Fatal(err)
	}
	order, err := c.PlaceOrder(context.Background(), bithumb.PlaceOrderRequest{
		Market:        "KRW-BTC",
		Side:          bithumb.OrderSideBid,
		OrderType:     bithumb.OrderTypeLimit,
		Price:         decimal.MustParse("84000000"),
		Volume:        decimal.MustParse("0.001"),
		ClientOrderID: "my-order-001",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(order.OrderID, *order.ClientOrderID)
	// Output: C0101000002440517711 my-order-001
}

func ExampleAPIError() {
	srv := exampleServer(404, `{"error":{"name":"order_not_found","message":"주문을 찾지 못했습니다."}}`)
	defer srv.Close()

	c, _ := bithumb.New(bithumb.WithBaseURL(srv.URL),
		bithumb.WithKeys("example-access-key-0123456789", "example-secret-key-0123456789"))
	_, err := c.GetOrder(context.Background(), bithumb.GetOrderParams{UUID: bithumb.Ptr("C0101000000001799625")})

	var apiErr *bithumb.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Name)
	}
	fmt.Println(errors.Is(err, bithumb.ErrOrderNotFound), errors.Is(err, bithumb.ErrNotFound))
	// Output:
	// 404 order_not_found
	// true true
}

func ExampleInputError() {
	c, _ := bithumb.New()
	_, err := c.PlaceOrder(context.Background(), bithumb.PlaceOrderRequest{
		Market: "KRW-BTC", Side: bithumb.OrderSideAsk, OrderType: bithumb.OrderTypeMarket,
		Volume: decimal.MustParse("0"),
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, bithumb.ErrInvalidInput))
	// Output:
	// bithumb: invalid volume "0": must be greater than 0: a market order needs it
	// true
}

// Every placement ends placed, definitely rejected or ambiguous. Here
// every answer is lost in a gateway, so the client cannot tell whether
// the order exists: it says which client order id to look up later.
func ExampleAmbiguousOrderError() {
	srv := exampleServer(502, `<html>bad gateway</html>`)
	defer srv.Close()

	c, err := bithumb.New(bithumb.WithBaseURL(srv.URL),
		bithumb.WithKeys("example-access-key-0123456789", "example-secret-key-0123456789"),
		bithumb.WithReconcileDelay(time.Millisecond),
		bithumb.WithRetry(bithumb.RetryConfig{MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	if err != nil {
		log.Fatal(err)
	}
	order, err := c.PlaceOrder(context.Background(), bithumb.PlaceOrderRequest{
		Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
		Price: decimal.MustParse("84000000"), Volume: decimal.MustParse("0.001"), ClientOrderID: "my-order-002",
	})
	var amb *bithumb.AmbiguousOrderError
	switch {
	case err == nil:
		fmt.Println("placed:", order.OrderID)
	case errors.As(err, &amb):
		fmt.Println("unknown: look up", amb.ClientOrderIDs[0], "before placing it again")
		fmt.Println("look-ups made:", amb.Reconciliation.Lookups, "server error:", errors.Is(err, bithumb.ErrServer))
	default:
		fmt.Println("rejected, nothing was placed:", err)
	}
	// Output:
	// unknown: look up my-order-002 before placing it again
	// look-ups made: 4 server error: true
}
