package engine

import (
	"errors"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/sim/clock"
)

// TestSelfTradePrevention: since 2026-05-07 Bithumb no longer refuses an
// order that would trade with a resting order of the same account. The
// order is placed, trades with what comes before the own order, and the
// remainder that would trade with it is cancelled (stp_cancel, naming the
// resting order); the resting order stays as it was.
func TestSelfTradePrevention(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEngine(t, clk)
	if err := e.AddAccount("a", funds(), nil); err != nil {
		t.Fatal(err)
	}
	b, _ := e.Orderbook("KRW-XRP", 5)
	first, second := b.Asks[0], b.Asks[1]
	// The own ask rests at the second level, behind the first.
	own, err := e.PlaceOrder("a", OrderRequest{Market: "KRW-XRP", Side: Ask, Type: Limit, Price: second.Price, Volume: d("10")})
	if err != nil || own.State != StateWait {
		t.Fatalf("own ask: %+v %v", own, err)
	}
	krwBefore := e.BalanceOf("a", "KRW")

	// A bid through both levels takes the first level, then reaches the
	// own ask: the rest of it is cancelled.
	volume := first.Size.Add(d("50"))
	o, err := e.PlaceOrder("a", OrderRequest{Market: "KRW-XRP", Side: Bid, Type: Limit, Price: second.Price, Volume: volume, ClientOrderID: "stp-1"})
	if err != nil {
		t.Fatalf("an order that meets its own account's order is placed since 2026-05-07: %v", err)
	}
	if o.ID == "" || o.State != StateCancel || o.CancelType != CancelSTP || o.CancelingID != own.ID {
		t.Errorf("order: id %q state %s cancel_type %q canceling %q, want cancel %s by %s", o.ID, o.State, o.CancelType, o.CancelingID, CancelSTP, own.ID)
	}
	if !o.Executed.Equal(first.Size) || !o.Remaining.Equal(d("50")) || o.STPType != "cancel_taker" {
		t.Errorf("order executed %s remaining %s stp_type %q, want %s, 50, cancel_taker", o.Executed, o.Remaining, o.STPType, first.Size)
	}
	for _, f := range o.Fills {
		if !f.Price.Equal(first.Price) {
			t.Errorf("fill at %s: only the level before the own order trades", f.Price)
		}
	}
	// Nothing stays locked for the cancelled remainder, and what was
	// spent is the first level plus its fee.
	krw := e.BalanceOf("a", "KRW")
	spent := o.ExecutedFunds.Add(o.PaidFee)
	if !krw.Locked.Equal(krwBefore.Locked) || !krw.Balance.Equal(krwBefore.Balance.Sub(spent)) {
		t.Errorf("KRW %+v, want balance %s and locked %s", krw, krwBefore.Balance.Sub(spent), krwBefore.Locked)
	}
	rest, _ := e.GetOrder("a", own.ID, "")
	if rest.State != StateWait || !rest.Remaining.Equal(d("10")) || len(rest.Fills) != 0 {
		t.Errorf("own resting ask: %+v, want untouched", rest)
	}

	// An order that meets the own order first has no fill at all.
	o, err = e.PlaceOrder("a", OrderRequest{Market: "KRW-XRP", Side: Bid, Type: Limit, Price: second.Price, Volume: d("5")})
	if err != nil || o.State != StateCancel || o.CancelType != CancelSTP || len(o.Fills) != 0 {
		t.Errorf("bid at the own ask: %+v %v", o, err)
	}
	// fok: the whole order is cancelled, for self-trade prevention.
	o, err = e.PlaceOrder("a", OrderRequest{Market: "KRW-XRP", Side: Bid, Type: Limit, Price: second.Price, Volume: d("5"), TimeInForce: "fok"})
	if err != nil || o.State != StateCancel || o.CancelType != CancelSTP || o.CancelingID != own.ID || len(o.Fills) != 0 {
		t.Errorf("fok at the own ask: %+v %v", o, err)
	}
	// A batch item is placed and cancelled the same way, not refused.
	res := e.PlaceOrders("a", []OrderRequest{{Market: "KRW-XRP", Side: Bid, Type: Limit, Price: second.Price, Volume: d("5")}})
	if res[0].Err != nil || res[0].Order == nil || res[0].Order.CancelType != CancelSTP {
		t.Errorf("batch item: %+v", res[0])
	}
	// Another account trades with the resting order.
	if err := e.AddAccount("b", funds(), nil); err != nil {
		t.Fatal(err)
	}
	o, err = e.PlaceOrder("b", OrderRequest{Market: "KRW-XRP", Side: Bid, Type: Limit, Price: second.Price, Volume: volume})
	if err != nil || o.CancelType == CancelSTP || !o.Executed.IsPositive() {
		t.Errorf("other account: %+v %v", o, err)
	}
	if rest, _ := e.GetOrder("a", own.ID, ""); rest.State != StateDone {
		t.Errorf("own ask after b's bid: %s, want done", rest.State)
	}
}

// TestKRWOnlyOrderOptions: best orders and time in force are for KRW
// markets only (Bithumb changelog, 2026-06-30).
func TestKRWOnlyOrderOptions(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEngine(t, clk)
	if err := e.AddAccount("a", funds(), nil); err != nil {
		t.Fatal(err)
	}
	b, _ := e.Orderbook("BTC-ETH", 5)
	below := b.Bids[len(b.Bids)-1].Price
	cases := []struct {
		name, detail string
		req          OrderRequest
	}{
		{"best", "order_type best", OrderRequest{Market: "BTC-ETH", Side: Ask, Type: Best, Volume: d("1"), TimeInForce: "ioc"}},
		{"ioc", "time_in_force", OrderRequest{Market: "BTC-ETH", Side: Bid, Type: Limit, Price: below, Volume: d("1"), TimeInForce: "ioc"}},
		{"post_only", "time_in_force", OrderRequest{Market: "BTC-ETH", Side: Bid, Type: Limit, Price: below, Volume: d("1"), TimeInForce: "post_only"}},
	}
	for _, c := range cases {
		_, err := e.PlaceOrder("a", c.req)
		var ee *Error
		if !errors.As(err, &ee) || ee.Status != 400 || ee.Name != "invalid_parameter" || !strings.Contains(ee.Message, c.detail) {
			t.Errorf("%s on BTC-ETH: %v, want 400 invalid_parameter naming %s", c.name, err, c.detail)
		}
	}
	// The same limit order without time in force is fine there, and on a
	// KRW market time in force is fine.
	if _, err := e.PlaceOrder("a", OrderRequest{Market: "BTC-ETH", Side: Bid, Type: Limit, Price: below, Volume: d("1")}); err != nil {
		t.Errorf("plain limit on BTC-ETH: %v", err)
	}
	kb, _ := e.Orderbook("KRW-XRP", 5)
	if _, err := e.PlaceOrder("a", OrderRequest{Market: "KRW-XRP", Side: Bid, Type: Limit, Price: kb.Bids[1].Price, Volume: d("10"), TimeInForce: "post_only"}); err != nil {
		t.Errorf("post_only on KRW-XRP: %v", err)
	}
}
