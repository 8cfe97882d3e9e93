package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"syscall"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// bench measures each kind of call n times, after warmup unmeasured calls of
// every kind; url is the simulator's REST base URL, for the raw baseline.
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

func (b bench) all(ctx context.Context, c *bithumb.Client) (report, error) {
	var placed []string // the orders placed and not yet cancelled, oldest first
	calls := []call{
		{"ticker-raw", b.rawTicker(ctx)},
		{"ticker", func() error { _, err := c.ListTickers(ctx, market); return err }},
		{"orderbook", func() error { _, err := c.ListOrderbooks(ctx, market); return err }},
		{"chance", func() error { _, err := c.GetOrderChance(ctx, market); return err }},
		{"accounts", func() error { _, err := c.ListAccounts(ctx); return err }},
		{"place", func() error {
			o, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{
				Market: market, Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
				Price: restingPrice, Volume: restingVolume,
			})
			if err == nil {
				placed = append(placed, o.OrderID)
			}
			return err
		}},
		{"cancel", func() error {
			_, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &placed[0]})
			placed = placed[1:]
			return err
		}},
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

// rawTicker is the floor of a ticker call in Go: net/http's default
// transport and encoding/json into a struct of float64s, no validation,
// limiter, retries or exact decimals.
func (b bench) rawTicker(ctx context.Context) func() error {
	hc := &http.Client{}
	url := b.url + "/v1/ticker?markets=" + market
	return func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("raw ticker: HTTP %s", resp.Status)
		}
		var v []rawTickerBody
		return json.NewDecoder(resp.Body).Decode(&v)
	}
}

// rawTickerBody is the plain struct of the raw baseline.
type rawTickerBody struct {
	Market           string  `json:"market"`
	TradeDate        string  `json:"trade_date"`
	TradeTime        string  `json:"trade_time"`
	TradeTimestamp   int64   `json:"trade_timestamp"`
	OpeningPrice     float64 `json:"opening_price"`
	HighPrice        float64 `json:"high_price"`
	LowPrice         float64 `json:"low_price"`
	TradePrice       float64 `json:"trade_price"`
	PrevClosingPrice float64 `json:"prev_closing_price"`
	Change           string  `json:"change"`
	ChangePrice      float64 `json:"change_price"`
	ChangeRate       float64 `json:"change_rate"`
	TradeVolume      float64 `json:"trade_volume"`
	AccTradePrice24h float64 `json:"acc_trade_price_24h"`
	AccTradeVol24h   float64 `json:"acc_trade_volume_24h"`
	Timestamp        int64   `json:"timestamp"`
}
