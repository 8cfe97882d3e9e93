package engine

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/market"
)

var t0 = time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)

func d(s string) decimal.Decimal { return decimal.MustParse(s) }

func testMarkets() []market.Spec {
	return []market.Spec{
		{Code: "KRW-BTC", Price: decimal.NewFromInt(150_000_000)},
		{Code: "KRW-XRP", Price: decimal.NewFromInt(3_000)},
		{Code: "BTC-ETH", Price: d("0.0333")},
	}
}

func newEngine(t testing.TB, clk *clock.Fake, mut ...func(*Config)) *Engine {
	t.Helper()
	cfg := Config{Markets: testMarkets(), Market: market.Config{Seed: 42, LiveStart: clk.Now(), HistoryDays: 10}}
	for _, m := range mut {
		m(&cfg)
	}
	e, err := New(cfg, clk)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func funds() map[string]decimal.Decimal {
	return map[string]decimal.Decimal{"KRW": decimal.NewFromInt(100_000_000), "BTC": d("2"), "XRP": decimal.NewFromInt(50_000), "ETH": d("20")}
}

func errName(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Name
	}
	return ""
}

// TestMoneyConserved is the property test: thousands of random orders
// and cancels by several users, with the clock moving (so resting orders
// trade with the synthetic book), never create or destroy money and never
// drive a balance negative.
func TestMoneyConserved(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEngine(t, clk)
	users := []string{"u1", "u2", "u3", "u4"}
	for _, u := range users {
		if err := e.AddAccount(u, funds(), nil); err != nil {
			t.Fatal(err)
		}
	}
	start, err := e.Totals()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	codes := []string{"KRW-BTC", "KRW-XRP", "BTC-ETH"}
	var open []struct{ user, id string }
	placed, refused := 0, 0
	n := 3000
	if testing.Short() {
		n = 800
	}
	for i := 0; i < n; i++ {
		u := users[rng.IntN(len(users))]
		if rng.IntN(5) == 0 && len(open) > 0 {
			k := rng.IntN(len(open))
			_, _ = e.CancelOrder(open[k].user, open[k].id, "")
			open = append(open[:k], open[k+1:]...)
		} else {
			code := codes[rng.IntN(len(codes))]
			req := randomOrder(rng, e, code)
			o, err := e.PlaceOrder(u, req)
			if err != nil {
				refused++
			} else {
				placed++
				if o.State == StateWait {
					open = append(open, struct{ user, id string }{u, o.ID})
				}
			}
		}
		if rng.IntN(10) == 0 {
			clk.Advance(time.Duration(rng.IntN(20)) * time.Second)
		}
		if i%250 == 0 {
			checkTotals(t, e, start, i)
		}
	}
	checkTotals(t, e, start, n)
	if placed < n/4 {
		t.Errorf("only %d of %d orders were accepted (%d refused)", placed, n, refused)
	}
	t.Logf("%d orders placed, %d refused, fees %v", placed, refused, e.FeesCollected())
}

func checkTotals(t *testing.T, e *Engine, start map[string]decimal.Decimal, step int) {
	t.Helper()
	now, err := e.Totals()
	if err != nil {
		t.Fatalf("step %d: %v", step, err)
	}
	for cur, v := range start {
		if !now[cur].Equal(v) {
			t.Fatalf("step %d: %s total %s, want %s", step, cur, now[cur], v)
		}
	}
	// Locked funds equal what the open orders hold.
	e.mu.Lock()
	defer e.mu.Unlock()
	held := map[string]map[string]decimal.Decimal{}
	for _, o := range e.orders {
		if o.State != StateWait {
			if !o.Locked.IsZero() {
				t.Fatalf("step %d: closed order %s still holds %s", step, o.ID, o.Locked)
			}
			continue
		}
		m := e.markets[o.Market]
		cur := m.spec.Base()
		if o.Side == Bid {
			cur = m.spec.Quote()
		}
		if held[o.Account] == nil {
			held[o.Account] = map[string]decimal.Decimal{}
		}
		held[o.Account][cur] = held[o.Account][cur].Add(o.Locked)
	}
	for id, a := range e.accounts {
		for cur, b := range a.Balances {
			if !b.Locked.Equal(held[id][cur]) {
				t.Fatalf("step %d: %s %s locked %s but its orders hold %s", step, id, cur, b.Locked, held[id][cur])
			}
		}
	}
}

func randomOrder(rng *rand.Rand, e *Engine, code string) OrderRequest {
	b, _ := e.Orderbook(code, 10)
	spec := e.markets[code].spec
	mid := b.Asks[0].Price
	side := Bid
	if rng.IntN(2) == 0 {
		side = Ask
	}
	r := OrderRequest{Market: code, Side: side}
	notional := spec.MinTotal.Mul(decimal.NewFromInt(int64(1 + rng.IntN(400))))
	switch k := rng.IntN(10); {
	case k < 6:
		r.Type = Limit
		off := int64(rng.IntN(21) - 10)
		p := mid
		for i := int64(0); i < abs(off); i++ {
			if off > 0 {
				p = p.Add(spec.TickAt(p))
			} else {
				p = p.Sub(spec.TickAt(p))
			}
		}
		r.Price = p
		r.Volume = notional.Div(p, 8, decimal.Down)
		switch rng.IntN(8) {
		case 0:
			r.TimeInForce = "ioc"
		case 1:
			r.TimeInForce = "fok"
		case 2:
			r.TimeInForce = "post_only"
		}
		if rng.IntN(15) == 0 {
			r.Price = r.Price.Add(spec.TickAt(r.Price).Div(decimal.NewFromInt(2), 8, decimal.Down)) // off tick
		}
	case k < 8:
		if side == Bid {
			r.Type, r.Price = Price, notional
		} else {
			r.Type, r.Volume = Market, notional.Div(mid, 8, decimal.Down)
		}
	default:
		if spec.Quote() != "KRW" {
			r.Type, r.Price, r.Volume = Limit, mid, notional.Div(mid, 8, decimal.Down)
			break
		}
		r.Type, r.TimeInForce = Best, []string{"ioc", "fok"}[rng.IntN(2)]
		if side == Bid {
			r.Price = notional
		} else {
			r.Volume = notional.Div(mid, 8, decimal.Down)
		}
	}
	if rng.IntN(20) == 0 {
		r.ClientOrderID = fmt.Sprintf("c-%d", rng.IntN(50))
	}
	return r
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestValidations(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEngine(t, clk, func(c *Config) { c.OrderNotReady = time.Second })
	e.AddAccount("a", map[string]decimal.Decimal{"KRW": decimal.NewFromInt(10_000_000), "BTC": d("0.01")}, nil)
	b, _ := e.Orderbook("KRW-BTC", 5)
	ask, bid := b.Asks[0].Price, b.Bids[0].Price
	below := bid.Sub(decimal.NewFromInt(100_000))
	cases := []struct {
		name string
		req  OrderRequest
		want string
	}{
		{"unknown market", OrderRequest{Market: "KRW-NOPE", Side: Bid, Type: Limit, Price: below, Volume: d("0.001")}, "invalid_parameter"},
		{"off tick bid", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: below.Add(decimal.NewFromInt(1)), Volume: d("0.001")}, "invalid_price_bid"},
		{"off tick ask", OrderRequest{Market: "KRW-BTC", Side: Ask, Type: Limit, Price: ask.Add(decimal.NewFromInt(500)), Volume: d("0.001")}, "invalid_price_ask"},
		{"under min bid", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: below, Volume: d("0.00001")}, "under_min_total_bid"},
		{"under min ask", OrderRequest{Market: "KRW-BTC", Side: Ask, Type: Market, Volume: d("0.00001")}, "under_min_total_ask"},
		{"over max", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: below, Volume: d("100")}, "over_max_total"},
		{"funds bid", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: below, Volume: d("0.1")}, "insufficient_funds_bid"},
		{"funds ask", OrderRequest{Market: "KRW-BTC", Side: Ask, Type: Limit, Price: ask, Volume: d("0.5")}, "insufficient_funds_ask"},
		{"bad client id", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: below, Volume: d("0.001"), ClientOrderID: "no spaces"}, "invalid_parameter"},
		{"price needs bid", OrderRequest{Market: "KRW-BTC", Side: Ask, Type: Price, Price: d("10000")}, "invalid_parameter"},
		{"best needs tif", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Best, Price: d("10000")}, "invalid_parameter"},
		{"best only KRW", OrderRequest{Market: "BTC-ETH", Side: Bid, Type: Best, Price: d("0.001"), TimeInForce: "ioc"}, "invalid_parameter"},
		{"too many decimals", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: below, Volume: d("0.000000001")}, "invalid_parameter"},
	}
	for _, c := range cases {
		_, err := e.PlaceOrder("a", c.req)
		if got := errName(err); got != c.want {
			t.Errorf("%s: got %q (%v), want %q", c.name, got, err, c.want)
		}
	}
	o, err := e.PlaceOrder("a", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: below, Volume: d("0.001"), ClientOrderID: "dup-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.PlaceOrder("a", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: below, Volume: d("0.001"), ClientOrderID: "dup-1"}); errName(err) != "duplicate_client_order_id" {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := e.CancelOrder("a", o.ID, ""); errName(err) != "order_not_ready" {
		t.Errorf("cancel right away: %v", err)
	}
	clk.Advance(2 * time.Second)
	if c, err := e.CancelOrder("a", "", "dup-1"); err != nil || c.State != StateCancel || c.CancelType != "user" {
		t.Errorf("cancel: %+v %v", c, err)
	}
	if _, err := e.CancelOrder("a", "C0101nope", ""); errName(err) != "order_not_found" {
		t.Errorf("unknown cancel: %v", err)
	}
	if bal := e.BalanceOf("a", "KRW"); !bal.Locked.IsZero() || !bal.Balance.Equal(decimal.NewFromInt(10_000_000)) {
		t.Errorf("after cancel: %+v", bal)
	}
}

func TestTimeInForce(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEngine(t, clk)
	e.AddAccount("a", funds(), nil)
	b, _ := e.Orderbook("KRW-BTC", 30)
	// fok for more than the book holds up to the limit: cancelled unfilled.
	o, err := e.PlaceOrder("a", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: b.Asks[0].Price, Volume: b.Asks[0].Size.Add(d("0.5")), TimeInForce: "fok"})
	if err != nil || o.State != StateCancel || o.Executed.IsPositive() || o.CancelType != "tif_cancel" {
		t.Fatalf("fok: %+v %v", o, err)
	}
	// ioc: the first level fills, the rest is cancelled.
	o, err = e.PlaceOrder("a", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: b.Asks[0].Price, Volume: b.Asks[0].Size.Add(d("0.5")), TimeInForce: "ioc"})
	if err != nil || o.State != StateCancel || !o.Executed.Equal(b.Asks[0].Size) {
		t.Fatalf("ioc: %+v %v", o, err)
	}
	// post_only that would take: cancelled without fills.
	b, _ = e.Orderbook("KRW-BTC", 30)
	o, err = e.PlaceOrder("a", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: b.Asks[0].Price, Volume: d("0.001"), TimeInForce: "post_only"})
	if err != nil || o.State != StateCancel || len(o.Fills) != 0 {
		t.Fatalf("post_only: %+v %v", o, err)
	}
	// A partial fill of a resting limit order keeps it waiting.
	o, err = e.PlaceOrder("a", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: b.Asks[0].Price, Volume: b.Asks[0].Size.Add(d("0.01"))})
	if err != nil || o.State != StateWait || !o.Executed.Equal(b.Asks[0].Size) || !o.Remaining.Equal(d("0.01")) {
		t.Fatalf("partial: %+v %v", o, err)
	}
	if _, err := e.CancelOrder("a", o.ID, ""); err != nil {
		t.Fatal(err)
	}
	// A market sell fills across levels and pays the taker fee.
	o, err = e.PlaceOrder("a", OrderRequest{Market: "KRW-BTC", Side: Ask, Type: Market, Volume: d("0.3")})
	if err != nil || o.State != StateDone || len(o.Fills) < 2 {
		t.Fatalf("market sell: %+v %v", o, err)
	}
	if want := o.ExecutedFunds.Mul(d("0.0025")); !o.PaidFee.Equal(want) {
		t.Errorf("fee %s, want %s", o.PaidFee, want)
	}
}

func TestUsersTradeWithEachOther(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEngine(t, clk)
	e.AddAccount("maker", funds(), nil)
	e.AddAccount("taker", funds(), nil)
	b, _ := e.Orderbook("KRW-BTC", 5)
	price := b.Asks[0].Price.Sub(e.markets["KRW-BTC"].spec.TickAt(b.Asks[0].Price)) // inside the spread
	if !price.GreaterThan(b.Bids[0].Price) {
		price = b.Asks[0].Price
	}
	mk, err := e.PlaceOrder("maker", OrderRequest{Market: "KRW-BTC", Side: Ask, Type: Limit, Price: price, Volume: d("0.01")})
	if err != nil {
		t.Fatal(err)
	}
	feed, stop := e.Subscribe(64)
	defer stop()
	tk, err := e.PlaceOrder("taker", OrderRequest{Market: "KRW-BTC", Side: Bid, Type: Limit, Price: price, Volume: d("0.01")})
	if err != nil || tk.State != StateDone {
		t.Fatalf("%+v %v", tk, err)
	}
	mk, _ = e.GetOrder("maker", mk.ID, "")
	if mk.State != StateDone || !mk.Fills[0].Maker || mk.Fills[0].ID != tk.Fills[0].ID {
		t.Fatalf("maker %+v", mk)
	}
	trades, _ := e.Trades("KRW-BTC", 1, 0, time.Time{})
	if !trades[0].Price.Equal(price) || !trades[0].User || trades[0].Side != "BID" {
		t.Errorf("tape %+v", trades[0])
	}
	if tick, _ := e.Ticker("KRW-BTC"); !tick.Last.Price.Equal(price) {
		t.Errorf("ticker %s, want %s", tick.Last.Price, price)
	}
	kinds := map[EventType]int{}
	for len(feed) > 0 {
		kinds[(<-feed).Type]++
	}
	if kinds[EventFill] != 2 || kinds[EventTrade] != 1 || kinds[EventOrder] == 0 || kinds[EventBalance] == 0 {
		t.Errorf("events %v", kinds)
	}
}

func TestRestingOrderFillsWhenMarketMoves(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEngine(t, clk)
	e.AddAccount("a", funds(), nil)
	b, _ := e.Orderbook("KRW-XRP", 5)
	// A bid a little under the market fills once the price walks down to
	// it; with this seed it happens within a simulated day.
	price := b.Bids[0].Price.Sub(decimal.NewFromInt(3))
	o, err := e.PlaceOrder("a", OrderRequest{Market: "KRW-XRP", Side: Bid, Type: Limit, Price: price, Volume: d("10")})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 24*60 && o.State == StateWait; i++ {
		clk.Advance(time.Minute)
		o, _ = e.GetOrder("a", o.ID, "")
	}
	if o.State != StateDone || !o.Fills[0].Price.Equal(price) || !o.Fills[0].Maker {
		t.Fatalf("order did not fill at its price: %+v", o)
	}
}

func TestTWAP(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEngine(t, clk)
	e.AddAccount("a", funds(), nil)
	tw, err := e.PlaceTWAP("a", "KRW-XRP", Bid, decimal.NewFromInt(1_000_000), decimal.Zero, 300, 30)
	if err != nil {
		t.Fatal(err)
	}
	if tw.Total != 10 {
		t.Fatalf("total %d", tw.Total)
	}
	clk.Advance(95 * time.Second)
	rows, _ := e.TWAPs("a", TWAPQuery{State: "progress"})
	if len(rows) != 1 || rows[0].Progress != 3 {
		t.Fatalf("after 95 s: %+v", rows)
	}
	clk.Advance(10 * time.Minute)
	rows, _ = e.TWAPs("a", TWAPQuery{State: "done"})
	if len(rows) != 1 || rows[0].Progress != 10 || !rows[0].Amount.IsPositive() || rows[0].Amount.GreaterThan(decimal.NewFromInt(1_000_000)) {
		t.Fatalf("done: %+v", rows)
	}
	children := e.Orders("a", OrderQuery{Market: "KRW-XRP"})
	if len(children) != 10 {
		t.Errorf("%d child orders", len(children))
	}
	if _, err := e.PlaceTWAP("a", "KRW-XRP", Bid, decimal.NewFromInt(1_000_000), decimal.Zero, 300, 5); errName(err) != "invalid_parameter" {
		t.Errorf("frequency 5: err = %v, want invalid_parameter", err)
	}
	if _, err := e.PlaceTWAP("a", "BTC-ETH", Bid, decimal.NewFromInt(1), decimal.Zero, 300, 30); errName(err) != "invalid_parameter" {
		t.Errorf("non-KRW TWAP: %v", err)
	}
	tw, _ = e.PlaceTWAP("a", "KRW-XRP", Ask, decimal.Zero, d("1000"), 600, 60)
	clk.Advance(61 * time.Second)
	c, err := e.CancelTWAP("a", tw.ID)
	if err != nil || c.State != "cancel" || c.Progress != 1 {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	clk.Advance(time.Hour)
	rows, _ = e.TWAPs("a", TWAPQuery{State: "cancel"})
	if rows[0].Progress != 1 {
		t.Errorf("cancelled TWAP kept running: %+v", rows[0])
	}
}

func TestTransfers(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEngine(t, clk)
	allow := []WithdrawAddress{{Currency: "XRP", NetType: "XRP", Address: "rAllowed", SecondaryAddress: "7"}}
	e.AddAccount("a", funds(), allow)
	if _, err := e.WithdrawCoin("a", "XRP", "XRP", d("100"), "rOther", ""); errName(err) != "withdraw_address_not_registered" {
		t.Errorf("not allow-listed: %v", err)
	}
	if _, err := e.WithdrawCoin("a", "XRP", "XRP", d("60000"), "rAllowed", "7"); errName(err) != "withdraw_insufficient_balance" {
		t.Errorf("too much: %v", err)
	}
	if _, err := e.WithdrawCoin("a", "NOPE", "NOPE", d("1"), "x", ""); errName(err) != "currency does not have a valid value" {
		t.Errorf("unknown coin: %v", err)
	}
	w, err := e.WithdrawCoin("a", "XRP", "XRP", d("100"), "rAllowed", "7")
	if err != nil || w.State != XferProcessing {
		t.Fatalf("%+v %v", w, err)
	}
	if b := e.BalanceOf("a", "XRP"); !b.Locked.Equal(d("101")) {
		t.Errorf("locked %s", b.Locked)
	}
	w2, _ := e.WithdrawCoin("a", "XRP", "XRP", d("50"), "rAllowed", "7")
	if c, err := e.CancelWithdrawal("a", w2.ID); err != nil || c.State != XferCancelled {
		t.Fatalf("cancel %+v %v", c, err)
	}
	dep, _ := e.DepositKRW("a", decimal.NewFromInt(100_000))
	clk.Advance(31 * time.Second)
	w, _ = e.GetTransfer("a", "withdraw", "XRP", w.ID, "")
	if w.State != XferDone || w.Txid == "" {
		t.Errorf("withdrawal %+v", w)
	}
	if b := e.BalanceOf("a", "XRP"); !b.Locked.IsZero() || !b.Balance.Equal(d("49899")) {
		t.Errorf("after withdrawal %+v", b)
	}
	if _, err := e.CancelWithdrawal("a", w.ID); errName(err) != "invalid_parameter" {
		t.Errorf("cancel done: %v", err)
	}
	dep, _ = e.GetTransfer("a", "deposit", "KRW", dep.ID, "")
	if dep.State != XferAccepted || !e.BalanceOf("a", "KRW").Balance.Equal(decimal.NewFromInt(100_100_000)) {
		t.Errorf("deposit %+v", dep)
	}
	if _, err := e.GetTransfer("a", "withdraw", "XRP", "404", ""); errName(err) != "withdraw_not_found" {
		t.Errorf("unknown: %v", err)
	}
}
