package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/market"
	"golang.org/x/time/rate"
)

// outcome is how a placement or cancel ended, as the trader saw it.
type outcome int

const (
	placed    outcome = iota // the call succeeded
	rejected                 // a definite error: nothing happened
	ambiguous                // *bithumb.AmbiguousOrderError: unknown
)

// classify maps a placement's or cancel's error to its outcome.
func classify(err error) outcome {
	var amb *bithumb.AmbiguousOrderError
	switch {
	case err == nil:
		return placed
	case errors.As(err, &amb):
		return ambiguous
	default:
		return rejected
	}
}

// LedgerCounts are the trader's tallies.
type LedgerCounts struct {
	// Placed, Rejected and Ambiguous classify every placement; Marketable
	// counts the marketable orders among them.
	Placed, Rejected, Ambiguous, Marketable int
	// Cancelled, CancelRejected and CancelAmbiguous classify every
	// cancel (the clean-up's included).
	Cancelled, CancelRejected, CancelAmbiguous int
}

// trader is the demo trader: one goroutine, paced by a rate limiter.
type trader struct {
	c      *bithumb.Client
	lim    *rate.Limiter
	prefix string
	// verbose, when set, receives every call error.
	verbose io.Writer

	callErrors atomic.Uint64

	mu     sync.Mutex
	ledger map[string]outcome // client order id → placement outcome
	tally  LedgerCounts
	seq    int
}

func newTrader(c *bithumb.Client, perSecond float64, seed uint64) *trader {
	return &trader{
		c: c, lim: rate.NewLimiter(rate.Limit(perSecond), 1),
		prefix: fmt.Sprintf("soak%d-%d-", seed, time.Now().UnixNano()%1_000_000),
		ledger: map[string]outcome{},
	}
}

// known reports whether the trader saw the order with client order id id
// placed or in doubt.
func (t *trader) known(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	o, ok := t.ledger[id]
	return ok && o != rejected
}

// counts returns the tallies so far.
func (t *trader) counts() LedgerCounts {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tally
}

// wait paces one call; false when ctx is done.
func (t *trader) wait(ctx context.Context) bool { return t.lim.Wait(ctx) == nil }

// failed counts a call's error.
func (t *trader) failed(err error) error {
	if err != nil {
		t.callErrors.Add(1)
		if t.verbose != nil {
			fmt.Fprintln(t.verbose, "call error:", err)
		}
	}
	return err
}

// run trades until deadline (or ctx is done). Every round trades one
// market: ticker, orderbook, a resting bid placed and cancelled; every
// 10th round a small marketable order; every 5th round the open orders
// are listed and leftovers (orders in doubt) cancelled.
func (t *trader) run(ctx context.Context, deadline time.Time) {
	for round := 0; time.Now().Before(deadline) && ctx.Err() == nil; round++ {
		t.round(ctx, round)
	}
}

func (t *trader) round(ctx context.Context, round int) {
	m := markets[round%len(markets)]
	if !t.wait(ctx) {
		return
	}
	tickers, err := t.c.ListTickers(ctx, m)
	if t.failed(err) != nil || len(tickers) == 0 {
		return
	}
	last := tickers[0].TradePrice
	if !t.wait(ctx) {
		return
	}
	books, err := t.c.ListOrderbooks(ctx, m)
	if t.failed(err) != nil || len(books) == 0 || len(books[0].OrderbookUnits) == 0 {
		return
	}
	bid := books[0].OrderbookUnits[0].BidPrice

	// A resting bid at half the best bid, about 10,000 KRW, then its cancel.
	price := bid.Div(decimal.NewFromInt(2), 8, decimal.Down)
	price = price.RoundToStep(market.KRWTick(price), decimal.Down)
	volume := decimal.NewFromInt(10_000).Div(price, 4, decimal.Up)
	id, out := t.place(ctx, bithumb.PlaceOrderRequest{Market: m, Side: bithumb.OrderSideBid,
		OrderType: bithumb.OrderTypeLimit, Price: price.AsString(), Volume: volume.AsString()}, false)
	if out == placed {
		t.cancel(ctx, id)
	}

	if round%10 == 9 {
		// A marketable order of about 6,000 KRW: buys and sells alternate.
		req := bithumb.PlaceOrderRequest{Market: m, Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypePrice,
			Price: decimal.NewFromInt(6_000).AsString()}
		if (round/10)%2 == 1 {
			req = bithumb.PlaceOrderRequest{Market: m, Side: bithumb.OrderSideAsk, OrderType: bithumb.OrderTypeMarket,
				Volume: decimal.NewFromInt(6_000).Div(last, 4, decimal.Up).AsString()}
		}
		t.place(ctx, req, true)
	}
	if round%5 == 4 {
		t.sweep(ctx, m)
	}
}

// place places req with a fresh client order id and records the outcome.
func (t *trader) place(ctx context.Context, req bithumb.PlaceOrderRequest, marketable bool) (string, outcome) {
	t.mu.Lock()
	t.seq++
	req.ClientOrderID = fmt.Sprintf("%s%d", t.prefix, t.seq)
	t.mu.Unlock()
	if !t.wait(ctx) {
		return req.ClientOrderID, rejected
	}
	_, err := t.c.PlaceOrder(ctx, req)
	t.failed(err)
	out := classify(err)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ledger[req.ClientOrderID] = out
	switch out {
	case placed:
		t.tally.Placed++
	case rejected:
		t.tally.Rejected++
	case ambiguous:
		t.tally.Ambiguous++
	}
	if marketable {
		t.tally.Marketable++
	}
	return req.ClientOrderID, out
}

// cancel cancels the order with client order id id and records the
// outcome. An order that is already done or cancelled counts as a
// rejected cancel.
func (t *trader) cancel(ctx context.Context, id string) {
	if !t.wait(ctx) {
		return
	}
	_, err := t.c.CancelOrder(ctx, bithumb.CancelOrderParams{ClientOrderID: &id})
	t.failed(err)
	t.mu.Lock()
	defer t.mu.Unlock()
	switch classify(err) {
	case placed:
		t.tally.Cancelled++
	case rejected:
		t.tally.CancelRejected++
	case ambiguous:
		t.tally.CancelAmbiguous++
	}
}

// sweep lists the open orders of market m and cancels them: they are
// left over from placements or cancels whose outcome was in doubt.
func (t *trader) sweep(ctx context.Context, m string) {
	if !t.wait(ctx) {
		return
	}
	state := bithumb.OrderStateWait
	open, err := t.c.ListOrders(ctx, bithumb.ListOrdersParams{Market: &m, State: &state})
	if t.failed(err) != nil {
		return
	}
	for _, o := range open {
		if o.ClientOrderID != nil && *o.ClientOrderID != "" {
			t.cancel(ctx, *o.ClientOrderID)
		}
	}
}

// cleanup sweeps every market once, after the faults are off.
func (t *trader) cleanup(ctx context.Context) {
	for _, m := range markets {
		t.sweep(ctx, m)
	}
}
