package wsclient_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/wsclient"
)

// tickerSnapshot is Bithumb's documented ticker snapshot.
const tickerSnapshot = `{"type":"ticker","code":"KRW-BTC","opening_price":484500,"high_price":493100,"low_price":472500,"trade_price":493100,"prev_closing_price":484500,"change":"RISE","change_price":8600,"signed_change_price":8600,"change_rate":0.01775026,"signed_change_rate":0.01775026,"trade_volume":3.2529,"acc_trade_volume":220.0447,"acc_trade_volume_24h":13380.57687512,"acc_trade_price":105917424.208256,"acc_trade_price_24h":8227950466.316009,"trade_date":"20240910","trade_time":"091617","trade_timestamp":1725927377174,"ask_bid":"BID","acc_ask_volume":106.7561,"acc_bid_volume":113.2886,"highest_52_week_price":999999000,"highest_52_week_date":"2024-06-18","lowest_52_week_price":1000,"lowest_52_week_date":"2024-06-18","market_state":"ACTIVE","is_trading_suspended":false,"delisting_date":null,"market_warning":"NONE","timestamp":1725927377287,"stream_type":"SNAPSHOT"}`

// fakeBithumb starts a stand-in for Bithumb's WebSocket. serve is called
// for each connection with its number (from 1) after the subscription
// request was read.
func fakeBithumb(serve func(ctx context.Context, n int, c *websocket.Conn)) (wsURL string, closeFn func()) {
	var conns atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := context.Background()
		if _, _, err := c.Read(ctx); err != nil { // the subscription request
			return
		}
		serve(ctx, int(conns.Add(1)), c)
	}))
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/websocket/v1", srv.Close
}

// Subscribe to tickers and read them. Prices keep every digit; the KST
// trade date and time become a time.Time.
func Example() {
	url, stop := fakeBithumb(func(ctx context.Context, _ int, c *websocket.Conn) {
		_ = c.Write(ctx, websocket.MessageBinary, []byte(tickerSnapshot))
		for {
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	})
	defer stop()

	c, err := wsclient.New(wsclient.Options{URL: url}) // Options{} means wsclient.PublicURL
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, err := c.Subscribe(ctx, wsclient.Tickers("KRW-BTC"))
	if err != nil {
		log.Fatal(err)
	}
	ev, err := sub.Next(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if t, ok := ev.(*wsclient.Ticker); ok {
		fmt.Println(t.Code, t.TradePrice, t.AccTradePrice24h, t.StreamType)
		fmt.Println(t.TradeTime.Format(time.RFC3339), t.TradeTimestamp)
	}
	// Output:
	// KRW-BTC 493100 8227950466.316009 SNAPSHOT
	// 2024-09-10T09:16:17+09:00 2024-09-10T00:16:17.174Z
}

// A lost connection is replaced on its own; the subscription sees the gap
// and then the data of the new connection.
func ExampleReconnected() {
	url, stop := fakeBithumb(func(ctx context.Context, n int, c *websocket.Conn) {
		price := 100 + n
		_ = c.Write(ctx, websocket.MessageBinary,
			[]byte(fmt.Sprintf(`{"type":"trade","code":"KRW-BTC","trade_price":%d,"sequential_id":"%d"}`, price, n)))
		if n == 1 {
			_ = c.Close(websocket.StatusGoingAway, "deploy") // the server drops the first connection
			return
		}
		for {
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	})
	defer stop()

	c, err := wsclient.New(wsclient.Options{URL: url, BackoffMin: 10 * time.Millisecond})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, err := c.Subscribe(ctx, wsclient.Trades("KRW-BTC"))
	if err != nil {
		log.Fatal(err)
	}
	for range 4 {
		ev, err := sub.Next(ctx)
		if err != nil {
			log.Fatal(err)
		}
		switch ev := ev.(type) {
		case *wsclient.Trade:
			fmt.Println("trade", ev.TradePrice, "#"+ev.SequentialID.String())
		case *wsclient.Disconnected:
			fmt.Println("disconnected")
		case *wsclient.Reconnected:
			fmt.Println("reconnected after", ev.Attempts, "dial; gap ≥ 0:", ev.Gap() >= 0)
		}
	}
	// Output:
	// trade 101 #1
	// disconnected
	// reconnected after 1 dial; gap ≥ 0: true
	// trade 102 #2
}

// Server error messages arrive as typed errors.
func ExampleServerError() {
	url, stop := fakeBithumb(func(ctx context.Context, _ int, c *websocket.Conn) {
		_ = c.Write(ctx, websocket.MessageBinary, []byte(`{"error":{"name":"INVALID_PARAM","message":"codes 필드가 비어 있습니다."}}`))
		for {
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	})
	defer stop()

	c, err := wsclient.New(wsclient.Options{URL: url})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, err := c.Subscribe(ctx, wsclient.Orderbooks("KRW-BTC.5"))
	if err != nil {
		log.Fatal(err)
	}
	ev, err := sub.Next(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if err, ok := ev.(error); ok {
		fmt.Println(errors.Is(err, wsclient.ErrInvalidParam), err)
	}

	// Invalid streams never reach the server.
	_, err = c.Subscribe(ctx, wsclient.Tickers("krw-btc"))
	fmt.Println(errors.Is(err, wsclient.ErrInvalidSubscription))
	// Output:
	// true wsclient: server error INVALID_PARAM: codes 필드가 비어 있습니다.
	// true
}

// A Reconciler turns a Reconnected event on a private stream into the
// current state of the open orders and the balances, read through REST.
func ExampleReconciler() {
	r := &wsclient.Reconciler{
		// In a program: the root package's order lookup (GET /v1/orders).
		Orders: func(_ context.Context, ids []string) ([]wsclient.MyOrder, error) {
			out := make([]wsclient.MyOrder, len(ids))
			for i, id := range ids {
				out[i] = wsclient.MyOrder{OrderID: id, State: "done", ExecutedQuantity: decimal.MustParse("0.4697")}
			}
			return out, nil
		},
		// In a program: GET /v1/accounts.
		Balances: func(context.Context) ([]wsclient.Asset, error) {
			return []wsclient.Asset{{Currency: "KRW", Balance: decimal.MustParse("2061832.35")}}, nil
		},
	}
	ctx := context.Background()
	for _, ev := range []wsclient.Event{
		&wsclient.MyOrder{OrderID: "C0101000000001818113", State: "wait"},
		&wsclient.Disconnected{},
		&wsclient.Reconnected{},
	} {
		fixes, err := r.Handle(ctx, ev)
		if err != nil {
			log.Fatal(err)
		}
		for _, f := range fixes {
			switch f := f.(type) {
			case *wsclient.MyOrder:
				fmt.Println("order", f.OrderID, f.State, f.ExecutedQuantity, f.StreamType)
			case *wsclient.MyAsset:
				fmt.Println("balance", f.Assets[0].Currency, f.Assets[0].Balance, f.StreamType)
			}
		}
	}
	fmt.Println("open:", r.OpenOrders())
	// Output:
	// order C0101000000001818113 done 0.4697 RECONCILED
	// balance KRW 2061832.35 RECONCILED
	// open: []
}

// A private client: a Signer makes it use wsclient.PrivateURL with a fresh
// JWT on every connect. (Not run: it needs real keys.)
func ExampleOptions_private() {
	signer, err := middleware.NewJWTSigner("ACCESS_KEY", "SECRET_KEY")
	if err != nil {
		log.Fatal(err)
	}
	c, err := wsclient.New(wsclient.Options{Signer: signer})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	sub, err := c.Subscribe(context.Background(), wsclient.MyOrders()) // every market
	if err != nil {
		log.Fatal(err)
	}
	for ev := range sub.Events() {
		if o, ok := ev.(*wsclient.MyOrder); ok {
			fmt.Println(o.OrderID, o.State, o.ExecutedQuantity)
		}
	}
}
