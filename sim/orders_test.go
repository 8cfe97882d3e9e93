package sim

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
)

func balances(t *testing.T, c *bithumb.Client) map[string]bithumb.Account {
	t.Helper()
	accts, err := c.ListAccounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bithumb.Account{}
	for _, a := range accts {
		out[a.Currency] = a
	}
	return out
}

// TestPlaceCancelFill: a resting order locks funds and a cancel releases
// them exactly; a marketable order fills, and the balances move by the
// fills and the fee.
func TestPlaceCancelFill(t *testing.T) {
	f := newFixture(t, WithClock(clock.NewFake(testStart)))
	ctx, c := context.Background(), f.client
	start := balances(t, c)
	book, _ := c.ListOrderbooks(ctx, "KRW-BTC")
	price := book[0].OrderbookUnits[0].BidPrice.Sub(dec("2000000"))
	placed, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "bid", OrderType: "limit", Price: price.AsString(), Volume: dec("0.05")})
	if err != nil {
		t.Fatal(err)
	}
	if placed.ClientOrderID == nil || placed.CreatedAt.IsZero() || placed.OrderID[:1] != "C" || len(placed.OrderID) != 20 {
		t.Errorf("placed %+v", placed)
	}
	lock := price.Mul(dec("0.05")).Mul(dec("1.0025"))
	mid := balances(t, c)
	if !mid["KRW"].Locked.Equal(lock) || !mid["KRW"].Balance.Equal(start["KRW"].Balance.Sub(lock)) {
		t.Errorf("locked %s / balance %s, want %s", mid["KRW"].Locked, mid["KRW"].Balance, lock)
	}
	open, _ := c.ListOrders(ctx, bithumb.ListOrdersParams{})
	if len(open) != 1 || open[0].UUID != placed.OrderID || open[0].State != "wait" || !open[0].Locked.Equal(lock) {
		t.Fatalf("open orders %+v", open)
	}
	if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{ClientOrderID: placed.ClientOrderID}); err != nil {
		t.Fatal(err)
	}
	end := balances(t, c)
	if !end["KRW"].Locked.IsZero() || !end["KRW"].Balance.Equal(start["KRW"].Balance) {
		t.Errorf("after cancel %+v, want %+v", end["KRW"], start["KRW"])
	}
	// A marketable limit sell fills against the bids.
	bid := book[0].OrderbookUnits[0].BidPrice
	sold, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "ask", OrderType: "limit", Price: bid.Sub(dec("5000")).AsString(), Volume: dec("0.2")})
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &sold.OrderID})
	if err != nil || o.State != "done" || len(o.Trades) == 0 || !o.ExecutedVolume.Equal(dec("0.2")) {
		t.Fatalf("sell %+v %v", o, err)
	}
	funds := decimal.Zero
	for _, tr := range o.Trades {
		funds = funds.Add(tr.Funds)
		if tr.Price.LessThan(bid.Sub(dec("5000"))) {
			t.Errorf("fill %+v under the limit", tr)
		}
	}
	fee := funds.Mul(dec("0.0025"))
	after := balances(t, c)
	if !after["BTC"].Balance.Equal(start["BTC"].Balance.Sub(dec("0.2"))) || !after["KRW"].Balance.Equal(start["KRW"].Balance.Add(funds).Sub(fee)) || !o.PaidFee.Equal(fee) {
		t.Errorf("after the sell: BTC %s KRW %s fee %s, funds %s", after["BTC"].Balance, after["KRW"].Balance, o.PaidFee, funds)
	}
}

// TestOrderErrors checks Bithumb's error names through the client.
func TestOrderErrors(t *testing.T) {
	cfg := Config{HistoryDays: 20, OrderNotReady: clock.Duration(time.Hour), Accounts: []AccountConfig{
		{ID: "poor", Funds: map[string]decimal.Decimal{"KRW": dec("100000"), "BTC": dec("0.0001")}},
	}}
	f := newFixture(t, WithConfig(cfg))
	f.v.allowBad(true) // the malformed client_order_id breaks the spec on purpose
	ctx, c := context.Background(), f.client
	book, _ := c.ListOrderbooks(ctx, "KRW-BTC")
	bid := book[0].OrderbookUnits[0].BidPrice
	ask := book[0].OrderbookUnits[0].AskPrice
	below := bid.Sub(dec("100000")).AsString()
	cases := []struct {
		name string
		req  bithumb.PlaceOrderRequest
		want error
	}{
		{"off tick", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "bid", OrderType: "limit", Price: below.Add(dec("1")), Volume: dec("0.0005")}, bithumb.ErrInvalidPriceBid},
		{"off tick ask", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "ask", OrderType: "limit", Price: ask.Add(dec("1")), Volume: dec("0.0001")}, bithumb.ErrInvalidPriceAsk},
		{"under min bid", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "bid", OrderType: "price", Price: dec("4999")}, bithumb.ErrUnderMinTotalBid},
		{"under min ask", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "ask", OrderType: "market", Volume: dec("0.00001")}, bithumb.ErrUnderMinTotalAsk},
		{"over max", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "bid", OrderType: "price", Price: dec("2000000000")}, bithumb.ErrOverMaxTotal},
		{"funds bid", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "bid", OrderType: "price", Price: dec("100000")}, bithumb.ErrInsufficientFundsBid},
		{"funds ask", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "ask", OrderType: "market", Volume: dec("0.001")}, bithumb.ErrInsufficientFundsAsk},
		{"unknown market", bithumb.PlaceOrderRequest{Market: "KRW-NOPE", Side: "bid", OrderType: "price", Price: dec("10000")}, bithumb.ErrInvalidParameter},
	}
	for _, tc := range cases {
		_, err := c.PlaceOrder(ctx, tc.req)
		if !errors.Is(err, tc.want) || !errors.Is(err, bithumb.ErrBadRequest) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	ok := bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "bid", OrderType: "limit", Price: below, Volume: dec("0.0005"), ClientOrderID: "once"}
	placed, err := c.PlaceOrder(ctx, ok)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PlaceOrder(ctx, ok); !errors.Is(err, bithumb.ErrDuplicateClientOrder) {
		t.Errorf("duplicate: %v", err)
	}
	// The simulator checks what the client refuses to send: a malformed
	// client_order_id, signed here by hand.
	body := `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"` + below.String() + `","volume":"0.0005","client_order_id":"has space"}`
	hs := "market=KRW-BTC&side=bid&order_type=limit&price=" + below.String() + "&volume=0.0005&client_order_id=has space"
	if st, out := f.sendJWT("POST", "/v2/orders", "", body, claims(f.key, "bad-cid", time.Now(), hs), f.key.SecretKey); st != 400 || errorName(out) != "invalid_parameter" {
		t.Errorf("bad client id: %d %v", st, out)
	}
	// Right after placement a cancel may be refused (configured here).
	if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &placed.OrderID}); !errors.Is(err, bithumb.ErrOrderNotReady) || !errors.Is(err, bithumb.ErrUnprocessable) {
		t.Errorf("not ready: %v", err)
	}
	if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: ptr("C0101999999999999999")}); !errors.Is(err, bithumb.ErrOrderNotFound) {
		t.Errorf("unknown order: %v", err)
	}
	if _, err := c.GetOrder(ctx, bithumb.GetOrderParams{ClientOrderID: ptr("never-placed")}); !errors.Is(err, bithumb.ErrOrderNotFound) {
		t.Errorf("get unknown: %v", err)
	}
}

// TestSelfTrade: an order that would trade with the same account's
// resting order is placed (201 with its id, no cross_trading since
// 2026-05-07), and self-trade prevention cancels what would trade with
// the resting order; another account's order trades with it.
func TestSelfTrade(t *testing.T) {
	cfg := Config{HistoryDays: 20, Accounts: []AccountConfig{{ID: "a"}, {ID: "b"}}}
	f := newFixture(t, WithConfig(cfg), WithClock(clock.NewFake(testStart)))
	ctx := context.Background()
	a, b := f.client, f.newClient(f.s.Keys()[1])
	book, _ := a.ListOrderbooks(ctx, "KRW-XRP")
	ask := book[0].OrderbookUnits[0].AskPrice
	if _, err := a.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-XRP", Side: "ask", OrderType: "limit", Price: ask.AsString(), Volume: dec("100")}); err != nil {
		t.Fatal(err)
	}
	placed, err := a.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-XRP", Side: "bid", OrderType: "limit", Price: ask.AsString(), Volume: dec("10")})
	if err != nil || placed.OrderID == "" || placed.StpType == nil || *placed.StpType != "cancel_taker" {
		t.Fatalf("self trade: %+v %v, want the order placed with stp_type cancel_taker", placed, err)
	}
	stp, err := a.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	if err != nil || stp.State != "cancel" || stp.CancelType == nil || *stp.CancelType != "stp_cancel" ||
		stp.CancelingUUID == nil || len(stp.Trades) != 0 || stp.StpType == nil {
		t.Fatalf("self-trading order: %+v %v, want cancel by stp_cancel with canceling_uuid and no trade", stp, err)
	}
	v2, err := a.SearchOrders(ctx, bithumb.SearchOrdersRequest{OrderIds: []string{placed.OrderID}})
	if err != nil || len(v2) != 1 || v2[0].CancelingOrderID == nil || *v2[0].CancelingOrderID != *stp.CancelingUUID {
		t.Fatalf("search: %+v %v, want canceling_order_id %s", v2, err, *stp.CancelingUUID)
	}
	res, err := b.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-XRP", Side: "bid", OrderType: "limit", Price: ask.AsString(), Volume: dec("10")})
	if err != nil {
		t.Fatal(err)
	}
	o, _ := b.GetOrder(ctx, bithumb.GetOrderParams{UUID: &res.OrderID})
	if o.State != "done" || len(o.Trades) != 1 {
		t.Fatalf("b's order %+v", o)
	}
	mine, _ := a.ListOrders(ctx, bithumb.ListOrdersParams{})
	if len(mine) != 1 || !mine[0].ExecutedVolume.Equal(dec("10")) || mine[0].TradesCount != 1 {
		t.Errorf("a's resting order %+v", mine)
	}
}

// TestOrderQueries pages through v1 lists and v2 cursors.
func TestOrderQueries(t *testing.T) {
	f := newFixture(t, WithClock(clock.NewFake(testStart)))
	ctx, c := context.Background(), f.client
	book, _ := c.ListOrderbooks(ctx, "KRW-XRP")
	low := book[0].OrderbookUnits[0].BidPrice.Sub(dec("100"))
	var ids []string
	for i := 0; i < 7; i++ {
		r, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-XRP", Side: "bid", OrderType: "limit", Price: low.AsString(), Volume: dec("5"), ClientOrderID: fmt.Sprintf("q-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.OrderID)
	}
	for _, id := range ids[:3] {
		if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: ptr(id)}); err != nil {
			t.Fatal(err)
		}
	}
	p2, err := c.ListOrders(ctx, bithumb.ListOrdersParams{Limit: ptr(int64(3)), Page: ptr(int64(2)), OrderBy: ptr(gen.OrderBy("asc"))})
	if err != nil || len(p2) != 1 || p2[0].UUID != ids[6] {
		t.Fatalf("v1 page 2: %+v %v", p2, err)
	}
	byID, _ := c.ListOrders(ctx, bithumb.ListOrdersParams{Uuids: &[]string{ids[0], ids[5]}})
	if len(byID) != 2 {
		t.Errorf("by uuids[]: %d", len(byID))
	}
	cancelled, _ := c.ListOrders(ctx, bithumb.ListOrdersParams{State: ptr(bithumb.OrderState("cancel"))})
	if len(cancelled) != 3 {
		t.Errorf("cancelled: %d", len(cancelled))
	}
	// v2 pending, two at a time, with the opaque next_key.
	var got []string
	var next *string
	for pages := 0; ; pages++ {
		page, err := c.ListPendingOrders(ctx, bithumb.ListPendingOrdersParams{Limit: ptr(int64(2)), NextKey: next})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Data {
			got = append(got, o.OrderID)
		}
		if !page.HasNext {
			if page.NextKey != nil {
				t.Error("next_key on the last page")
			}
			break
		}
		next = page.NextKey
	}
	if len(got) != 4 || got[0] != ids[6] || got[3] != ids[3] {
		t.Errorf("pending %v", got)
	}
	hist, err := c.ListClosedOrders(ctx, bithumb.ListClosedOrdersParams{State: ptr(bithumb.ListClosedOrdersParamsState("cancel")), Limit: ptr(int64(2))})
	if err != nil || len(hist.Data) != 2 || !hist.HasNext || hist.NextKey == nil || hist.Data[0].CancelType == nil {
		t.Fatalf("history %+v %v", hist, err)
	}
	_, err = c.ListPendingOrders(ctx, bithumb.ListPendingOrdersParams{NextKey: ptr("bm90IGEga2V5")})
	if !errors.Is(err, bithumb.ErrInvalidParameter) {
		t.Errorf("forged next_key: %v", err)
	}
	found, err := c.SearchOrders(ctx, bithumb.SearchOrdersRequest{ClientOrderIds: []string{"q-1", "q-6", "nope"}, OrderBy: "asc"})
	if err != nil || len(found) != 2 || found[0].OrderID != ids[1] || *found[0].ClientOrderID != "q-1" {
		t.Errorf("search %+v %v", found, err)
	}
}

// TestKeysAndScopesConfig: configured keys are served by /v1/api_keys.
func TestAPIKeys(t *testing.T) {
	exp := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	cfg := Config{Accounts: []AccountConfig{{ID: "k", Keys: []auth.Key{{AccessKey: "configured-key-00000001", SecretKey: "configured-secret-000001", ExpireAt: exp}}}}}
	f := newFixture(t, WithConfig(cfg))
	keys, err := f.client.ListAPIKeys(context.Background())
	if err != nil || len(keys) != 1 || keys[0].AccessKey != "configured-key-00000001" || !keys[0].ExpireAt.Equal(exp) {
		t.Fatalf("%+v %v", keys, err)
	}
}
