package sim

import (
	"context"
	"net/http/httptest"
	"testing"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/auth"
)

// TestPersistAcrossRestart: with a data directory, orders, balances and
// the tape survive a restart.
func TestPersistAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	key := auth.Key{AccessKey: "persist-access-key-0001", SecretKey: "persist-secret-key-00001"}
	cfg := Config{DataDir: dir, HistoryDays: 20, Accounts: []AccountConfig{{ID: "paper", Keys: []auth.Key{key}}}}
	ctx := context.Background()

	start := func() (*Server, *httptest.Server, *bithumb.Client) {
		t.Helper()
		s, err := New(WithConfig(cfg))
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(s)
		c, err := bithumb.New(bithumb.WithBaseURL(ts.URL), bithumb.WithKeys(key.AccessKey, key.SecretKey), bithumb.WithHTTPClient(ts.Client()))
		if err != nil {
			t.Fatal(err)
		}
		return s, ts, c
	}

	s, ts, c := start()
	books, err := c.ListOrderbooks(ctx, "KRW-ETH")
	if err != nil {
		t.Fatal(err)
	}
	resting, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-ETH", Side: "bid", OrderType: "limit",
		Price: books[0].OrderbookUnits[0].BidPrice.Sub(dec("100000")).AsString(), Volume: dec("0.1"), ClientOrderID: "keep-me"})
	if err != nil {
		t.Fatal(err)
	}
	filled, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-ETH", Side: "bid", OrderType: "price", Price: dec("500000")})
	if err != nil {
		t.Fatal(err)
	}
	before, err := c.ListAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fill, err := c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &filled.OrderID})
	if err != nil || len(fill.Trades) == 0 {
		t.Fatalf("%+v %v", fill, err)
	}
	ts.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, ts, c = start()
	defer func() {
		ts.Close()
		s.Close()
	}()
	o, err := c.GetOrder(ctx, bithumb.GetOrderParams{ClientOrderID: ptr("keep-me")})
	if err != nil || o.UUID != resting.OrderID || o.State != "wait" {
		t.Fatalf("resting order after restart: %+v %v", o, err)
	}
	f2, err := c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &filled.OrderID})
	if err != nil || f2.State != "done" || len(f2.Trades) != len(fill.Trades) {
		t.Fatalf("filled order after restart: %+v %v", f2, err)
	}
	after, err := c.ListAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("accounts %v, want %v", after, before)
	}
	for i := range before {
		if after[i].Currency != before[i].Currency || !after[i].Balance.Equal(before[i].Balance) || !after[i].Locked.Equal(before[i].Locked) {
			t.Errorf("balance %+v, want %+v", after[i], before[i])
		}
	}
	trades, err := c.ListTrades(ctx, bithumb.ListTradesParams{Market: "KRW-ETH", Count: ptr(int64(500))})
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, tr := range trades {
		seen = seen || tr.TradePrice.Equal(fill.Trades[0].Price) && tr.TradeVolume.Equal(fill.Trades[0].Volume)
	}
	if !seen {
		t.Error("the fill is missing from the tape after the restart")
	}
	// New ids continue after the saved ones, and the resting order can
	// still be cancelled.
	next, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-ETH", Side: "bid", OrderType: "price", Price: dec("10000")})
	if err != nil || next.OrderID <= filled.OrderID {
		t.Fatalf("new order %+v %v", next, err)
	}
	if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{ClientOrderID: ptr("keep-me")}); err != nil {
		t.Fatal(err)
	}
}
