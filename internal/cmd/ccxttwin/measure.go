package main

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"syscall"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// bench measures each kind of call n times, after warmup unmeasured calls of
// every kind; url is the simulator's REST base URL, for the floors.
type bench struct {
	n, warmup int
	url       string
}

// report is the JSON report, in the ccxt script's shape.
type report struct {
	Client  string   `json:"client"`
	Runtime string   `json:"runtime"`
	Results []result `json:"results"`
}

// result is one call's statistics: latencies and CPU in microseconds.
type result struct {
	Call         string  `json:"call"`
	N            int     `json:"n"`
	MedianUS     float64 `json:"median_us"`
	P99US        float64 `json:"p99_us"`
	CPUUSPerCall float64 `json:"cpu_us_per_call"`
}

// The resting order: a buy far below the market, 100,000,000 KRW × 0.0001
// BTC = 10,000 KRW, as in the ccxt script.
const market = "KRW-BTC"

var (
	restingPrice  = decimal.MustParse("100000000")
	restingVolume = decimal.MustParse("0.0001")
)

// call is one kind of call.
type call struct {
	name string
	do   func() error
}

// all measures the SDK's calls with its default transport (c) and with
// directhttp's (direct), and their floors (see rawClient and syncTicker):
// each call's rows are <call>, <call>-direct, then its floors.
func (b bench) all(ctx context.Context, c, direct *bithumb.Client) (report, error) {
	raw, err := newRawClient(b.url)
	if err != nil {
		return report{}, err
	}
	sync, closeSync, err := b.syncTicker()
	if err != nil {
		return report{}, err
	}
	defer closeSync()
	sdk, sdkDirect := sdkCalls(ctx, c, ""), sdkCalls(ctx, direct, "-direct")
	// The orders place-raw placed and cancel-raw has not yet cancelled,
	// oldest first.
	var rawPlaced []string
	floors := [][]call{
		{{"ticker-raw", func() error { _, err := raw.ticker(ctx); return err }}, {"ticker-sync", sync}},
		{{"orderbook-raw", func() error { _, err := raw.orderbook(ctx); return err }}},
		{{"chance-raw", func() error { _, err := raw.chance(ctx); return err }}},
		{{"accounts-raw", func() error { _, err := raw.accounts(ctx); return err }}},
		{{"place-raw", func() error {
			o, err := raw.place(ctx)
			if err == nil {
				rawPlaced = append(rawPlaced, o.OrderID)
			}
			return err
		}}},
		{{"cancel-raw", func() error {
			_, err := raw.cancel(ctx, rawPlaced[0])
			rawPlaced = rawPlaced[1:]
			return err
		}}},
	}
	var calls []call
	for i := range sdk {
		calls = append(calls, sdk[i], sdkDirect[i])
		calls = append(calls, floors[i]...)
	}
	rep := report{Client: "bithumb-go", Runtime: runtime.Version()}
	// Every kind is warmed up before any is measured, as in the ccxt script.
	for _, k := range calls {
		for range b.warmup {
			if err := k.do(); err != nil {
				return rep, fmt.Errorf("%s: %w", k.name, err)
			}
		}
	}
	for _, k := range calls {
		r, err := b.measure(k)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", k.name, err)
		}
		rep.Results = append(rep.Results, r)
	}
	return rep, nil
}

// measure makes the call n times and returns its statistics.
func (b bench) measure(k call) (result, error) {
	lat := make([]float64, b.n)
	cpu0, err := cpuTime()
	if err != nil {
		return result{}, err
	}
	for i := range b.n {
		t0 := time.Now()
		if err := k.do(); err != nil {
			return result{}, err
		}
		lat[i] = float64(time.Since(t0).Nanoseconds()) / 1e3
	}
	cpu1, err := cpuTime()
	if err != nil {
		return result{}, err
	}
	slices.Sort(lat)
	return result{
		Call:         k.name,
		N:            b.n,
		MedianUS:     lat[(b.n-1)/2],
		P99US:        lat[(99*b.n+99)/100-1],
		CPUUSPerCall: float64((cpu1 - cpu0).Nanoseconds()) / 1e3 / float64(b.n),
	}, nil
}

// cpuTime is the user and system CPU time of this process, all threads.
func cpuTime() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

// sdkCalls returns the SDK's six calls made with c, named with suffix:
// ticker, orderbook, chance, accounts, place and cancel, which cancels the
// oldest order that place placed and it has not cancelled yet.
func sdkCalls(ctx context.Context, c *bithumb.Client, suffix string) []call {
	var placed []string
	return []call{
		{"ticker" + suffix, func() error { _, err := c.ListTickers(ctx, market); return err }},
		{"orderbook" + suffix, func() error { _, err := c.ListOrderbooks(ctx, market); return err }},
		{"chance" + suffix, func() error { _, err := c.GetOrderChance(ctx, market); return err }},
		{"accounts" + suffix, func() error { _, err := c.ListAccounts(ctx); return err }},
		{"place" + suffix, func() error {
			o, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{
				Market: market, Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
				Price: restingPrice, Volume: restingVolume,
			})
			if err == nil {
				placed = append(placed, o.OrderID)
			}
			return err
		}},
		{"cancel" + suffix, func() error {
			_, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &placed[0]})
			placed = placed[1:]
			return err
		}},
	}
}
