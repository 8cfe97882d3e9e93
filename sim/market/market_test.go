package market

import (
	"math"
	"math/rand/v2"
	"reflect"
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

// aggregateSlow is aggregate without caches: every minute in order.
func (m *Market) aggregateSlow(from, to int64) Bar {
	var out Bar
	out.Start = time.Unix(from*60, 0).UTC()
	for mi := from; mi < to; mi++ {
		if b, ok := m.minute(mi); ok {
			out.add(b)
		}
	}
	return out
}

// tickerSlow is TickerAt without caches (no aggregate or 52-week cache,
// no day cache for the current day).
func (m *Market) tickerSlow(now time.Time) Ticker {
	day := func(d int64) Bar {
		first := dayFirstMinute(d)
		b := m.aggregateSlow(first, first+1440)
		b.Start = DayStartTime(d)
		return b
	}
	d := kstDay(now)
	today := day(d)
	var t Ticker
	if m.hasLast {
		t.Last = m.last
	} else {
		t.Last = Trade{Market: m.spec.Code, Time: m.cfg.LiveStart, Price: m.spec.Price, Volume: decimal.Zero, Side: "BID"}
	}
	prev := day(d - 1)
	t.PrevClose = m.spec.Price
	if prev.N > 0 {
		t.PrevClose = m.toPrice(prev.Close)
	}
	if today.N == 0 {
		today = Bar{Open: t.Last.Price.InexactFloat64(), High: t.Last.Price.InexactFloat64(), Low: t.Last.Price.InexactFloat64()}
	}
	t.Open, t.High, t.Low = m.toPrice(today.Open), m.toPrice(today.High), m.toPrice(today.Low)
	t.AccValue, t.AccVolume = fixed(today.Value, 8), fixed(today.Volume, 8)
	nowMin := floorDiv(now.Unix(), 60)
	b24 := m.aggregateSlow(nowMin-1439, nowMin+1)
	t.AccValue24h, t.AccVolume24h = fixed(b24.Value, 8), fixed(b24.Volume, 8)
	hi, lo := today.High, today.Low
	hiD, loD := DayStartTime(d), DayStartTime(d)
	for dd := d - 1; dd > d-364 && dd >= m.histDay0; dd-- {
		var o, c float64
		if dd < m.liveDay {
			path := m.dayPath(dd)
			o, c = math.Exp(path[0]+m.offset), math.Exp(path[1440]+m.offset)
		} else {
			b := day(dd)
			if b.N == 0 {
				continue
			}
			o, c = b.Open, b.Close
		}
		if x := math.Max(o, c); x > hi {
			hi, hiD = x, DayStartTime(dd)
		}
		if x := math.Min(o, c); x < lo {
			lo, loD = x, DayStartTime(dd)
		}
	}
	t.High52, t.Low52 = m.toPrice(hi), m.toPrice(lo)
	t.High52Date, t.Low52Date = hiD, loD
	return t
}

// TestCachesChangeNothing: the cached aggregates and 52-week extremes give
// bit-identical results to the plain computation, across days, user
// trades, a restore and long idle gaps.
func TestCachesChangeNothing(t *testing.T) {
	start := time.Date(2026, 1, 4, 14, 50, 0, 0, time.UTC) // 23:50 KST
	m, err := New(Spec{Code: "KRW-BTC", Price: decimal.NewFromInt(150_000_000)}, Config{Seed: 5, LiveStart: start, HistoryDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(now time.Time) {
		t.Helper()
		got, want := m.TickerAt(now), m.tickerSlow(now)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("at %v: ticker\n%+v\nwant\n%+v", now, got, want)
		}
		nowMin := floorDiv(now.Unix(), 60)
		for range 3 {
			from := nowMin - rng.Int64N(3000)
			to := from + rng.Int64N(nowMin+2-from)
			if got, want := m.aggregate(from, to), m.aggregateSlow(from, to); got != want {
				t.Fatalf("aggregate [%d,%d): %+v, want %+v", from, to, got, want)
			}
		}
	}
	check(start)
	for i := 0; i < 4000; i++ {
		m.Step()
		now := m.StepTime(m.Steps())
		if rng.IntN(40) == 0 {
			m.Record(now, m.LastPrice(), decimal.MustParse("0.01"), "BID", true)
		}
		if i == 2500 {
			m.SkipTo(m.Steps() + 7200) // two idle hours
			st := m.State()
			m.Restore(st)
		}
		if rng.IntN(25) == 0 {
			check(now)
		}
	}
	check(m.StepTime(m.Steps()))
}

// TestTapeSize: the tape keeps the last TapeSize trades, in Trades and in
// the persisted state, however many were recorded.
func TestTapeSize(t *testing.T) {
	start := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)
	m, err := New(Spec{Code: "KRW-BTC", Price: decimal.NewFromInt(150_000_000)}, Config{Seed: 3, LiveStart: start, HistoryDays: 2, TapeSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 37 {
		m.Record(start.Add(time.Duration(i)*time.Second), decimal.NewFromInt(150_000_000+int64(i)*1000), decimal.MustParse("0.1"), "BID", false)
		want := min(i+1, 10)
		all := m.Trades(100, 0, time.Time{})
		if len(all) != want || len(m.State().Tape) != want || !all[0].Price.Equal(decimal.NewFromInt(150_000_000+int64(i)*1000)) {
			t.Fatalf("after %d trades: %d trades, state %d", i+1, len(all), len(m.State().Tape))
		}
		if oldest := all[len(all)-1]; !oldest.Price.Equal(decimal.NewFromInt(150_000_000 + int64(i+1-want)*1000)) {
			t.Fatalf("after %d trades the oldest is %s", i+1, oldest.Price)
		}
	}
}
