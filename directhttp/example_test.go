package directhttp_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/directhttp"
)

// A bithumb.Client whose calls go over a directhttp.Transport. The
// httptest server stands in for api.bithumb.com.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `[{"market":"KRW-BTC","trade_date":"20250825","trade_time":"152707","trade_date_kst":"20250826","trade_time_kst":"002707","trade_timestamp":1756168027954,"opening_price":157120000,"high_price":157476000,"low_price":156602000,"trade_price":157450000,"prev_closing_price":157120000,"change":"RISE","change_price":330000,"change_rate":0.0021,"signed_change_price":330000,"signed_change_rate":0.0021,"trade_volume":0.00040361,"acc_trade_price":2675920640.37342,"acc_trade_price_24h":205839989370.0371,"acc_trade_volume":17.03631171,"acc_trade_volume_24h":1311.88031357,"highest_52_week_price":169900000,"highest_52_week_date":"2025-08-15","lowest_52_week_price":72029000,"lowest_52_week_date":"2024-09-08","timestamp":1756135632646}]`)
	}))
	defer srv.Close()

	tr := &directhttp.Transport{}
	defer tr.CloseIdleConnections()
	c, err := bithumb.New(bithumb.WithTransport(tr), bithumb.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	tickers, err := c.ListTickers(context.Background(), "KRW-BTC")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tickers[0].Market, tickers[0].TradePrice)
	// Output: KRW-BTC 157450000
}

// A plain http.Client over a directhttp.Transport.
func ExampleTransport() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s", r.Proto, r.URL.Path)
	}))
	defer srv.Close()

	tr := &directhttp.Transport{MaxIdleConnsPerHost: 4}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	resp, err := client.Get(srv.URL + "/v1/ticker")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, string(b))
	// Output: 200 HTTP/1.1 /v1/ticker
}
