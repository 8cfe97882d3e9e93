package market

import (
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
)

func TestKRWTickTable(t *testing.T) {
	cases := map[string]string{
		"0.5": "0.0001", "1": "0.001", "9.999": "0.001", "10": "0.01", "99": "0.01", "100": "1", "999": "1",
		"1000": "1", "4999": "1", "5000": "5", "9995": "5", "10000": "10", "49990": "10", "50000": "50",
		"99950": "50", "100000": "100", "499900": "100", "500000": "500", "999500": "500", "1000000": "1000", "150000000": "1000",
	}
	for p, want := range cases {
		if got := KRWTick(decimal.MustParse(p)); !got.Equal(decimal.MustParse(want)) {
			t.Errorf("tick of %s: %s, want %s", p, got, want)
		}
	}
	s := Spec{Code: "KRW-BTC", Price: decimal.NewFromInt(150_000_000)}
	if err := s.Normalize(); err != nil {
		t.Fatal(err)
	}
	if !s.OnTick(decimal.MustParse("150001000")) || s.OnTick(decimal.MustParse("150000500")) {
		t.Error("OnTick")
	}
	if !s.MinTotal.Equal(decimal.NewFromInt(5000)) || s.Quote() != "KRW" || s.Base() != "BTC" {
		t.Errorf("defaults %+v", s)
	}
	e := Spec{Code: "btc-eth", Price: decimal.MustParse("0.0333")}
	if err := e.Normalize(); err != nil || e.Code != "BTC-ETH" || !e.Tick.Equal(decimal.MustParse("0.00000001")) {
		t.Errorf("BTC market %+v %v", e, err)
	}
	if err := (&Spec{Code: "KRWBTC", Price: decimal.NewFromInt(1)}).Normalize(); err == nil {
		t.Error("bad code accepted")
	}
}

func TestDeterministicAndConsistent(t *testing.T) {
	start := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)
	mk := func() *Market {
		m, err := New(Spec{Code: "KRW-ETH", Price: decimal.NewFromInt(5_000_000)}, Config{Seed: 11, LiveStart: start, HistoryDays: 5})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	a, b := mk(), mk()
	for i := 0; i < 600; i++ {
		ta, oka := a.Step()
		tb, okb := b.Step()
		if oka != okb || oka && (!ta.Price.Equal(tb.Price) || !ta.Volume.Equal(tb.Volume)) {
			t.Fatalf("step %d differs", i)
		}
	}
	now := a.StepTime(a.Steps())
	asks, bids := a.Book()
	if len(asks) != 30 || len(bids) != 30 || !asks[0].Price.GreaterThan(bids[0].Price) {
		t.Fatalf("book %v %v", asks[:2], bids[:2])
	}
	// The first history minute ends where the live period starts.
	hist := a.historyMinute(a.liveMin - 1)
	if hist.Close != a.toPrice(5_000_000).InexactFloat64() {
		t.Errorf("history ends at %v", hist.Close)
	}
	// A day candle aggregates its minute candles.
	mins := a.Candles(1, DayStartTime(kstDay(now)), 1440, now)
	days := a.Candles(Day, DayStartTime(kstDay(now)), 1, now)
	if len(mins) != 1440 || len(days) != 1 {
		t.Fatalf("%d minutes, %d days", len(mins), len(days))
	}
	hi, lo := mins[0].High, mins[0].Low
	for _, c := range mins {
		hi, lo = decimal.Max(hi, c.High), decimal.Min(lo, c.Low)
	}
	if !days[0].Open.Equal(mins[1439].Open) || !days[0].Close.Equal(mins[0].Close) || !days[0].High.Equal(hi) || !days[0].Low.Equal(lo) {
		t.Errorf("day %+v vs minutes", days[0])
	}
	// Persisted state restores the live tape.
	st := a.State()
	c := mk()
	c.Restore(st)
	if lt, _ := c.LastTrade(); !lt.Price.Equal(a.LastPrice()) || c.Steps() != a.Steps() || len(c.Trades(10, 0, time.Time{})) != 10 {
		t.Errorf("restore: %+v", lt)
	}
}
