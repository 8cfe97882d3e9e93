package market

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
)

// KST is Korea Standard Time.
var KST = time.FixedZone("KST", 9*60*60)

// Spec defines one market.
type Spec struct {
	// Code is QUOTE-BASE, e.g. "KRW-BTC".
	Code        string `json:"market"`
	KoreanName  string `json:"korean_name,omitempty"`
	EnglishName string `json:"english_name,omitempty"`
	// Price is the price when the live period starts.
	Price decimal.Decimal `json:"price"`
	// Volatility is the annualised volatility of the price process
	// (default 0.6).
	Volatility float64 `json:"volatility,omitempty"`
	// Tick is a fixed tick size; zero selects the KRW tick table on KRW
	// markets and 0.00000001 elsewhere.
	Tick decimal.Decimal `json:"tick,omitzero"`
	// MinTotal and MaxTotal bound an order's total in the quote
	// currency (defaults: 5000 and 1000000000 KRW; 0.0005 and 100 on
	// other quotes).
	MinTotal decimal.Decimal `json:"min_total,omitzero"`
	MaxTotal decimal.Decimal `json:"max_total,omitzero"`
	// Depth is the synthetic book's typical value of one level in the
	// quote currency (default: 20 times MinTotal... see Normalize).
	Depth decimal.Decimal `json:"depth,omitzero"`
	// Warning marks the market CAUTION (유의 종목).
	Warning bool `json:"warning,omitempty"`
	// TradeProbability is the chance of a synthetic trade per step
	// (default 0.5).
	TradeProbability float64 `json:"trade_probability,omitempty"`
}

// Quote returns the quote currency ("KRW" of "KRW-BTC").
func (s Spec) Quote() string { q, _, _ := strings.Cut(s.Code, "-"); return q }

// Base returns the traded currency ("BTC" of "KRW-BTC").
func (s Spec) Base() string { _, b, _ := strings.Cut(s.Code, "-"); return b }

// Normalize fills defaults and checks the spec.
func (s *Spec) Normalize() error {
	s.Code = strings.ToUpper(s.Code)
	if s.Quote() == "" || s.Base() == "" || strings.Count(s.Code, "-") != 1 {
		return fmt.Errorf("market: %q is not QUOTE-BASE", s.Code)
	}
	if !s.Price.IsPositive() {
		return fmt.Errorf("market %s: price must be positive", s.Code)
	}
	if s.Volatility <= 0 {
		s.Volatility = 0.6
	}
	krw := s.Quote() == "KRW"
	if s.Tick.IsZero() && !krw {
		s.Tick = decimal.New(1, -8)
	}
	if s.MinTotal.IsZero() {
		if krw {
			s.MinTotal = decimal.NewFromInt(5000)
		} else {
			s.MinTotal = decimal.New(5, -4)
		}
	}
	if s.MaxTotal.IsZero() {
		if krw {
			s.MaxTotal = decimal.NewFromInt(1_000_000_000)
		} else {
			s.MaxTotal = decimal.NewFromInt(100)
		}
	}
	if s.Depth.IsZero() {
		s.Depth = s.MinTotal.Mul(decimal.NewFromInt(2000))
	}
	if s.TradeProbability <= 0 {
		s.TradeProbability = 0.5
	}
	if s.KoreanName == "" {
		s.KoreanName = s.Base()
	}
	if s.EnglishName == "" {
		s.EnglishName = s.Base()
	}
	s.Price = s.Price.RoundToStep(s.TickAt(s.Price), decimal.HalfUp)
	return nil
}

// TickAt returns the tick size at price.
func (s Spec) TickAt(price decimal.Decimal) decimal.Decimal {
	if !s.Tick.IsZero() {
		return s.Tick
	}
	return KRWTick(price)
}

// tickBelow is the tick of the prices just below price.
func (s Spec) tickBelow(price decimal.Decimal) decimal.Decimal {
	if !s.Tick.IsZero() {
		return s.Tick
	}
	return KRWTick(price.Sub(decimal.New(1, -8)))
}

// OnTick reports whether price is a multiple of its tick.
func (s Spec) OnTick(price decimal.Decimal) bool {
	t := s.TickAt(price)
	return price.RoundToStep(t, decimal.Down).Equal(price)
}

func (s Spec) tickFloat(p float64) float64 {
	if !s.Tick.IsZero() {
		return s.Tick.InexactFloat64()
	}
	return krwTickFloat(p)
}

// Config holds what every market shares.
type Config struct {
	// Seed makes every market's path reproducible.
	Seed uint64
	// LiveStart is when the live period begins; history comes before.
	LiveStart time.Time
	// Step is the length of one price step (default 1 s).
	Step time.Duration
	// HistoryDays is how far back candles reach (default 400).
	HistoryDays int
	// Levels is the depth of the synthetic book per side (default 30).
	Levels int
	// TapeSize is how many recent trades are kept (default 5000).
	TapeSize int
}

func (c *Config) normalize() {
	if c.Step <= 0 {
		c.Step = time.Second
	}
	if c.HistoryDays <= 0 {
		c.HistoryDays = 400
	}
	if c.Levels <= 0 {
		c.Levels = 30
	}
	if c.TapeSize <= 0 {
		c.TapeSize = 5000
	}
}

// Level is one price level of a book.
type Level struct {
	Price, Size decimal.Decimal
}

// Trade is one print on the tape.
type Trade struct {
	Market string          `json:"market"`
	Time   time.Time       `json:"time"`
	Price  decimal.Decimal `json:"price"`
	Volume decimal.Decimal `json:"volume"`
	// Side is the taker's side: "BID" (a buyer took an ask) or "ASK".
	Side string `json:"side"`
	// SeqID is the sequential_id: milliseconds × 10000 + a counter.
	SeqID int64 `json:"seq_id"`
	// PrevClose is the previous KST day's close when the trade printed.
	PrevClose decimal.Decimal `json:"prev_close"`
	// User reports a trade of a simulator user (not synthetic).
	User bool `json:"user,omitempty"`
}

// Bar is an OHLCV aggregate in floating point (market data is display
// data; money is never computed from it).
type Bar struct {
	Start                  time.Time
	Open, High, Low, Close float64
	Volume, Value          float64
	Last                   time.Time
	N                      int
}

func (b *Bar) add(o Bar) {
	if o.N == 0 {
		return
	}
	if b.N == 0 {
		b.Open, b.High, b.Low = o.Open, o.High, o.Low
	} else {
		b.High = math.Max(b.High, o.High)
		b.Low = math.Min(b.Low, o.Low)
	}
	b.Close = o.Close
	b.Volume += o.Volume
	b.Value += o.Value
	if o.Last.After(b.Last) {
		b.Last = o.Last
	}
	b.N += o.N
}

// Market is the market data of one market. Create one with New.
type Market struct {
	spec Spec
	cfg  Config
	key  uint64

	sigmaStep float64
	sigmaMin  float64
	sigmaDay  float64

	step int64
	mid  float64
	book *bookCache

	last    Trade
	hasLast bool
	seq     int64
	tape    []Trade // oldest first; the tape is its last cfg.TapeSize (recent)

	bars    map[int64]*Bar // live minute bars by Unix minute
	barKeys []int64        // the keys of bars, ascending

	// aggs remembers aggregates of minute ranges [from, upto) that can no
	// longer change (history, and live minutes before the newest bar's),
	// so that the ticker's day and 24-hour sums only add the minutes
	// after upto; aggNext is the slot to replace next.
	aggs    [4]aggEntry
	aggNext int
	// ext52 caches the 52-week extremes of the history days for one day.
	ext52 ext52

	liveMin   int64 // Unix minute of LiveStart
	liveDay   int64 // KST day index of LiveStart
	histDay0  int64 // first KST day with history
	dayStart  map[int64]float64
	offset    float64 // log price offset so that history meets the live start
	dayPaths  map[int64][]float64
	pathOrder []int64
	dayCache  map[int64]Bar
}

// aggEntry is a cached aggregate of the minutes [from, upto).
type aggEntry struct {
	valid bool
	from  int64
	upto  int64
	bar   Bar
}

// ext52 are the highest and lowest daily open or close among the history
// days of the 52-week window ending on day d, and their days.
type ext52 struct {
	valid    bool
	d        int64
	hi, lo   float64
	hiD, loD time.Time
}

type bookCache struct {
	step       int64
	mid        float64
	asks, bids []Level
}

// New returns the market data of spec.
func New(spec Spec, cfg Config) (*Market, error) {
	if err := spec.Normalize(); err != nil {
		return nil, err
	}
	cfg.normalize()
	m := &Market{spec: spec, cfg: cfg, key: splitmix64(cfg.Seed ^ stringKey(spec.Code))}
	secondsPerYear := 365 * 24 * 3600.0
	m.sigmaStep = spec.Volatility / math.Sqrt(secondsPerYear/cfg.Step.Seconds())
	m.sigmaMin = spec.Volatility / math.Sqrt(365*24*60.0)
	m.sigmaDay = spec.Volatility / math.Sqrt(365)
	m.mid = spec.Price.InexactFloat64()
	m.bars = map[int64]*Bar{}
	m.dayPaths = map[int64][]float64{}
	m.dayCache = map[int64]Bar{}
	m.liveMin = floorDiv(cfg.LiveStart.Unix(), 60)
	m.liveDay = kstDay(cfg.LiveStart)
	m.histDay0 = m.liveDay - int64(cfg.HistoryDays)
	// Day-start log prices relative to the live day's start.
	m.dayStart = map[int64]float64{m.liveDay: 0}
	acc := 0.0
	for d := m.liveDay - 1; d >= m.histDay0; d-- {
		acc -= m.dayReturn(d)
		m.dayStart[d] = acc
	}
	j := m.liveMin - dayFirstMinute(m.liveDay)
	m.offset = math.Log(m.mid) - m.dayPath(m.liveDay)[j]
	return m, nil
}

// Spec returns the market's spec.
func (m *Market) Spec() Spec { return m.spec }

// Code returns the market code.
func (m *Market) Code() string { return m.spec.Code }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func kstDay(t time.Time) int64 { return floorDiv(t.Unix()+9*3600, 86400) }

// dayFirstMinute is the Unix minute at which KST day d starts.
func dayFirstMinute(d int64) int64 { return (d*86400 - 9*3600) / 60 }

// DayStartTime returns the instant KST day d starts.
func DayStartTime(d int64) time.Time { return time.Unix(d*86400-9*3600, 0).UTC() }

func (m *Market) dayReturn(d int64) float64 {
	return m.sigmaDay * normal(hash3(m.key, 1, d))
}

// dayPath returns the relative log price at each minute boundary of day d
// (1441 values): a random walk bridged to the day's return.
func (m *Market) dayPath(d int64) []float64 {
	if p, ok := m.dayPaths[d]; ok {
		return p
	}
	p := make([]float64, 1441)
	s := 0.0
	for i := 1; i <= 1440; i++ {
		s += m.sigmaMin * normal(hash3(m.key, 2+d*2048, int64(i)))
		p[i] = s
	}
	r := m.dayReturn(d)
	base := m.dayStart[d]
	for i := 0; i <= 1440; i++ {
		p[i] = base + p[i] - float64(i)/1440*(s-r)
	}
	if len(m.pathOrder) >= 16 {
		delete(m.dayPaths, m.pathOrder[0])
		m.pathOrder = m.pathOrder[1:]
	}
	m.dayPaths[d] = p
	m.pathOrder = append(m.pathOrder, d)
	return p
}

// historyMinute returns the synthetic bar of Unix minute mi, which must
// lie in the history range.
func (m *Market) historyMinute(mi int64) Bar {
	d := floorDiv(mi*60+9*3600, 86400)
	j := mi - dayFirstMinute(d)
	path := m.dayPath(d)
	o := math.Exp(path[j] + m.offset)
	c := math.Exp(path[j+1] + m.offset)
	h := hash3(m.key, 3, mi)
	wig := m.sigmaMin * 0.6
	hi := math.Max(o, c) * (1 + math.Abs(normal(h))*wig)
	lo := math.Min(o, c) * (1 - math.Abs(normal(splitmix64(h)))*wig)
	t := m.spec.tickFloat(o)
	o, c = roundTo(o, t), roundTo(c, t)
	hi = math.Max(math.Ceil(hi/t-1e-9)*t, math.Max(o, c))
	lo = math.Min(math.Floor(lo/t+1e-9)*t, math.Min(o, c))
	if lo <= 0 {
		lo = t
	}
	notional := m.spec.Depth.InexactFloat64() * (0.2 + 1.5*uniform(splitmix64(h^0x55)))
	vol := notional / ((o + c) / 2)
	start := time.Unix(mi*60, 0).UTC()
	return Bar{Start: start, Open: o, High: hi, Low: lo, Close: c, Volume: vol, Value: vol * (o + c) / 2,
		Last: start.Add(time.Duration(30+uniform(h^0xaa)*29000) * time.Millisecond), N: 1}
}

func roundTo(x, t float64) float64 {
	r := math.Round(x/t) * t
	if r <= 0 {
		r = t
	}
	return r
}

// minute returns the bar of Unix minute mi.
func (m *Market) minute(mi int64) (Bar, bool) {
	if mi < m.liveMin {
		if mi < dayFirstMinute(m.histDay0) {
			return Bar{}, false
		}
		return m.historyMinute(mi), true
	}
	b, ok := m.bars[mi]
	if !ok {
		return Bar{}, false
	}
	return *b, true
}

// aggregate sums the minutes [from, to), in ascending order.
//
// It starts from a cached aggregate of [from, upto) when one exists: the
// sums are the same sequence of additions either way (adding an
// aggregate to an empty Bar copies it), so caching never changes a
// result. Minutes before the newest live bar's minute are final; the
// aggregate up to there is remembered.
func (m *Market) aggregate(from, to int64) Bar {
	var out Bar
	mi := from
	best := -1
	for i := range m.aggs {
		e := &m.aggs[i]
		if e.valid && e.from == from && e.upto <= to && (best < 0 || e.upto > m.aggs[best].upto) {
			best = i
		}
	}
	if best >= 0 {
		out.add(m.aggs[best].bar)
		mi = m.aggs[best].upto
	}
	// Remember the aggregate up to the first minute that may still change.
	stable := m.liveMin
	if n := len(m.barKeys); n > 0 {
		stable = max(stable, m.barKeys[n-1])
	}
	save := min(to, stable)
	saved := best >= 0 && m.aggs[best].upto >= save
	remember := func(upto int64) {
		if saved || upto <= from {
			return
		}
		saved = true
		m.aggs[m.aggNext] = aggEntry{valid: true, from: from, upto: upto, bar: out}
		m.aggNext = (m.aggNext + 1) % len(m.aggs)
	}
	// History minutes, one by one.
	for end := min(to, m.liveMin); mi < end; mi++ {
		if mi == save {
			remember(mi)
		}
		if b, ok := m.minute(mi); ok {
			out.add(b)
		}
	}
	// Live minutes: only those with a bar.
	mi = max(mi, m.liveMin)
	i := sort.Search(len(m.barKeys), func(i int) bool { return m.barKeys[i] >= mi })
	for ; i < len(m.barKeys) && m.barKeys[i] < to; i++ {
		if m.barKeys[i] >= save {
			remember(save)
		}
		out.add(*m.bars[m.barKeys[i]])
	}
	if save <= to {
		remember(save)
	}
	out.Start = time.Unix(from*60, 0).UTC()
	return out
}

// addBar creates the live bar of minute mi.
func (m *Market) addBar(mi int64, b *Bar) {
	m.bars[mi] = b
	i := sort.Search(len(m.barKeys), func(i int) bool { return m.barKeys[i] >= mi })
	m.barKeys = append(m.barKeys, 0)
	copy(m.barKeys[i+1:], m.barKeys[i:])
	m.barKeys[i] = mi
}

// touchMinute forgets the cached aggregates that include minute mi, about
// to change.
func (m *Market) touchMinute(mi int64) {
	for i := range m.aggs {
		if e := &m.aggs[i]; e.valid && e.from <= mi && mi < e.upto {
			e.valid = false
		}
	}
}

// day returns the aggregate of KST day d up to now.
func (m *Market) day(d int64, now time.Time) Bar {
	if b, ok := m.dayCache[d]; ok {
		return b
	}
	first := dayFirstMinute(d)
	b := m.aggregate(first, first+1440)
	b.Start = DayStartTime(d)
	if first+1440 <= m.liveMin || !now.Before(DayStartTime(d+1).Add(time.Minute)) {
		m.dayCache[d] = b
	}
	return b
}

// ---------------------------------------------------------------- live process

// StepTime returns the time of step i.
func (m *Market) StepTime(i int64) time.Time {
	return m.cfg.LiveStart.Add(time.Duration(i) * m.cfg.Step)
}

// NextStep returns when the next step is due.
func (m *Market) NextStep() time.Time { return m.StepTime(m.step + 1) }

// Steps returns the number of steps taken.
func (m *Market) Steps() int64 { return m.step }

// Step advances the price process by one step and returns the synthetic
// trade printed during it, if any (already on the tape).
func (m *Market) Step() (Trade, bool) {
	m.step++
	z := normal(hash3(m.key, 4, m.step))
	m.mid *= 1 + m.sigmaStep*z
	if floor := 4 * m.spec.tickFloat(m.mid); m.mid < floor {
		m.mid = floor
	}
	h := hash3(m.key, 5, m.step)
	if uniform(h) >= m.spec.TradeProbability {
		return Trade{}, false
	}
	ask, bid := m.top()
	side, price := "BID", ask
	if uniform(splitmix64(h)) < 0.5 {
		side, price = "ASK", bid
	}
	notional := m.spec.Depth.InexactFloat64() * (0.01 + 0.2*uniform(splitmix64(h^0x1234)))
	vol := decimal.MustParse(strconv.FormatFloat(notional/price.InexactFloat64(), 'f', 8, 64)).Normalize()
	if !vol.IsPositive() {
		vol = decimal.New(1, -8)
	}
	return m.Record(m.StepTime(m.step), price, vol, side, false), true
}

// SkipTo moves the process to step i without printing synthetic trades,
// for long idle gaps. The mid takes one combined random step.
func (m *Market) SkipTo(i int64) {
	if i <= m.step {
		return
	}
	n := float64(i - m.step)
	z := normal(hash3(m.key, 6, i))
	m.mid *= math.Exp(m.sigmaStep * math.Sqrt(n) * z)
	m.step = i
}

// Mid returns the mid price of the process.
func (m *Market) Mid() float64 { return m.mid }

// Anchor moves the mid to price (after a user trade).
func (m *Market) Anchor(price decimal.Decimal) {
	m.mid = price.InexactFloat64()
	m.book = nil
}

// Book returns the synthetic book of the current step: asks ascending,
// bids descending, cfg.Levels each. The slices must not be modified.
func (m *Market) Book() (asks, bids []Level) {
	if m.book != nil && m.book.step == m.step && m.book.mid == m.mid {
		return m.book.asks, m.book.bids
	}
	askP, bidP := m.top()
	depth := m.spec.Depth.InexactFloat64()
	size := func(price decimal.Decimal, i int, side int64) decimal.Decimal {
		u := uniform(hash3(m.key, 8+side, m.step*64+int64(i)))
		notional := depth * (0.2 + 1.6*u) * (1 + float64(i)/10)
		s := decimal.MustParse(strconv.FormatFloat(notional/price.InexactFloat64(), 'f', 4, 64))
		if !s.IsPositive() {
			s = decimal.New(1, -4)
		}
		return s
	}
	n := m.cfg.Levels
	asks = make([]Level, 0, n)
	bids = make([]Level, 0, n)
	p := askP
	for i := 0; i < n; i++ {
		asks = append(asks, Level{Price: p, Size: size(p, i, 0)})
		p = p.Add(m.spec.TickAt(p))
	}
	p = bidP
	for i := 0; i < n && p.IsPositive(); i++ {
		bids = append(bids, Level{Price: p, Size: size(p, i, 1)})
		p = p.Sub(m.spec.tickBelow(p))
	}
	m.book = &bookCache{step: m.step, mid: m.mid, asks: asks, bids: bids}
	return asks, bids
}

// top returns the best ask and bid of the synthetic book: the first tick
// above the mid, and one or two ticks under it.
func (m *Market) top() (ask, bid decimal.Decimal) {
	t := m.spec.tickFloat(m.mid)
	ask = m.toPrice(math.Floor(m.mid/t+1e-9)*t + t)
	bid = ask.Sub(m.spec.tickBelow(ask))
	if hash3(m.key, 7, m.step)&1 == 1 && bid.Sub(m.spec.tickBelow(bid)).IsPositive() {
		bid = bid.Sub(m.spec.tickBelow(bid))
	}
	if !bid.IsPositive() {
		bid = ask
	}
	return ask, bid
}

// toPrice converts a float price to a decimal on the tick grid.
func (m *Market) toPrice(f float64) decimal.Decimal {
	d := decimal.MustParse(strconv.FormatFloat(f, 'f', -1, 64))
	t := m.spec.TickAt(d)
	d = d.RoundToStep(t, decimal.HalfUp)
	if !d.IsPositive() {
		d = t
	}
	return d.Normalize()
}

// Record prints a trade on the tape, updates the minute bar and, for user
// trades, re-anchors the mid. It returns the trade with its sequential id
// and previous close filled in.
func (m *Market) Record(at time.Time, price, volume decimal.Decimal, side string, user bool) Trade {
	ms := at.UnixMilli()
	seq := ms * 10000
	if seq <= m.seq {
		seq = m.seq + 1
	}
	m.seq = seq
	t := Trade{Market: m.spec.Code, Time: at, Price: price, Volume: volume, Side: side, SeqID: seq, User: user}
	t.PrevClose = m.prevClose(at)
	m.tape = append(m.tape, t)
	// The tape keeps TapeSize trades (see recent); older ones are cut off
	// once it has twice that many, so a trade costs O(1) amortized.
	if len(m.tape) >= 2*m.cfg.TapeSize {
		m.tape = append(m.tape[:0], m.recent()...)
	}
	m.last, m.hasLast = t, true
	mi := floorDiv(at.Unix(), 60)
	p, v := price.InexactFloat64(), volume.InexactFloat64()
	b := m.bars[mi]
	if b == nil {
		b = &Bar{Start: time.Unix(mi*60, 0).UTC()}
		m.addBar(mi, b)
	}
	m.touchMinute(mi)
	b.add(Bar{Open: p, High: p, Low: p, Close: p, Volume: v, Value: p * v, Last: at, N: 1})
	delete(m.dayCache, kstDay(at))
	if user {
		m.Anchor(price)
	}
	return t
}

func (m *Market) prevClose(at time.Time) decimal.Decimal {
	b := m.day(kstDay(at)-1, at)
	if b.N == 0 {
		return m.spec.Price
	}
	return m.toPrice(b.Close)
}

// recent returns the tape: the last TapeSize trades, oldest first.
func (m *Market) recent() []Trade {
	if n := len(m.tape); n > m.cfg.TapeSize {
		return m.tape[n-m.cfg.TapeSize:]
	}
	return m.tape
}

// LastTrade returns the latest trade, if any.
func (m *Market) LastTrade() (Trade, bool) { return m.last, m.hasLast }

// LastPrice returns the latest trade price (the initial price before
// any trade).
func (m *Market) LastPrice() decimal.Decimal {
	if m.hasLast {
		return m.last.Price
	}
	return m.spec.Price
}

// Trades returns up to count trades, newest first, older than cursor
// (a sequential id; 0 for none) and before `before` (zero: no bound).
func (m *Market) Trades(count int, cursor int64, before time.Time) []Trade {
	var out []Trade
	tape := m.recent()
	for i := len(tape) - 1; i >= 0 && len(out) < count; i-- {
		t := tape[i]
		if cursor > 0 && t.SeqID >= cursor {
			continue
		}
		if !before.IsZero() && !t.Time.Before(before) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// ------------------------------------------------------------------ candles

// Unit is a candle length: a number of minutes, or Day, Week, Month.
type Unit int

// Calendar units (minute units are their number of minutes).
const (
	Day   Unit = -1
	Week  Unit = -2
	Month Unit = -3
)

// Candle is one candle in exact decimals.
type Candle struct {
	Start                  time.Time
	Open, High, Low, Close decimal.Decimal
	Volume, Value          decimal.Decimal
	Last                   time.Time
	// PrevClose is the close of the previous candle (days only).
	PrevClose decimal.Decimal
}

// bucketStart returns the start of the unit bucket holding t.
func bucketStart(u Unit, t time.Time) time.Time {
	switch u {
	case Day:
		return DayStartTime(kstDay(t))
	case Week:
		k := t.In(KST)
		d := time.Date(k.Year(), k.Month(), k.Day(), 0, 0, 0, 0, KST)
		wd := (int(d.Weekday()) + 6) % 7 // Monday = 0
		return d.AddDate(0, 0, -wd).UTC()
	case Month:
		k := t.In(KST)
		return time.Date(k.Year(), k.Month(), 1, 0, 0, 0, 0, KST).UTC()
	}
	sec := int64(u) * 60
	return time.Unix(floorDiv(t.Unix(), sec)*sec, 0).UTC()
}

func bucketEnd(u Unit, start time.Time) time.Time {
	switch u {
	case Day:
		return start.Add(24 * time.Hour)
	case Week:
		return start.Add(7 * 24 * time.Hour)
	case Month:
		return start.In(KST).AddDate(0, 1, 0).UTC()
	}
	return start.Add(time.Duration(u) * time.Minute)
}

// bucket aggregates [start, end).
func (m *Market) bucket(u Unit, start, end time.Time, now time.Time) Bar {
	if u >= 1 {
		b := m.aggregate(start.Unix()/60, end.Unix()/60)
		b.Start = start
		return b
	}
	var out Bar
	for d := kstDay(start); d < kstDay(end); d++ {
		out.add(m.day(d, now))
	}
	out.Start = start
	return out
}

// Candles returns up to count candles of unit u that start before `to`
// (exclusive; zero means up to now, the open candle included), newest
// first, skipping empty buckets.
func (m *Market) Candles(u Unit, to time.Time, count int, now time.Time) []Candle {
	histStart := DayStartTime(m.histDay0)
	// Without `to` (or with one in the future) the current, still open
	// candle comes first; a given `to` is exclusive.
	start := bucketStart(u, now)
	if !to.IsZero() && !to.After(now) {
		start = bucketStart(u, to.Add(-time.Nanosecond))
	}
	var out []Candle
	for len(out) < count && bucketEnd(u, start).After(histStart) {
		b := m.bucket(u, start, bucketEnd(u, start), now)
		if b.N > 0 {
			c := m.candle(b)
			if u == Day {
				prev := m.day(kstDay(start)-1, now)
				if prev.N > 0 {
					c.PrevClose = m.toPrice(prev.Close)
				} else {
					c.PrevClose = c.Open
				}
			}
			out = append(out, c)
		}
		start = bucketStart(u, start.Add(-time.Nanosecond))
	}
	return out
}

func (m *Market) candle(b Bar) Candle {
	return Candle{
		Start: b.Start, Open: m.toPrice(b.Open), High: m.toPrice(b.High), Low: m.toPrice(b.Low), Close: m.toPrice(b.Close),
		Volume: fixed(b.Volume, 8), Value: fixed(b.Value, 8), Last: b.Last,
	}
}

func fixed(f float64, places int) decimal.Decimal {
	return decimal.MustParse(strconv.FormatFloat(f, 'f', places, 64)).Normalize()
}

// Ticker is the ticker of a market at some instant.
type Ticker struct {
	Last                       Trade
	Open, High, Low, PrevClose decimal.Decimal
	AccValue, AccVolume        decimal.Decimal
	AccValue24h, AccVolume24h  decimal.Decimal
	High52, Low52              decimal.Decimal
	High52Date, Low52Date      time.Time
}

// TickerAt returns the ticker at now.
func (m *Market) TickerAt(now time.Time) Ticker {
	d := kstDay(now)
	today := m.day(d, now)
	var t Ticker
	if m.hasLast {
		t.Last = m.last
	} else {
		t.Last = Trade{Market: m.spec.Code, Time: m.cfg.LiveStart, Price: m.spec.Price, Volume: decimal.Zero, Side: "BID"}
	}
	prev := m.day(d-1, now)
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
	b24 := m.aggregate(nowMin-1439, nowMin+1)
	t.AccValue24h, t.AccVolume24h = fixed(b24.Value, 8), fixed(b24.Volume, 8)
	// 52-week range from daily opens and closes (cheap, and within the
	// daily ranges shown by day candles).
	// Days are visited newest first; a day replaces the extreme only when
	// strictly beyond it. Live days come first, then the history days,
	// whose extremes (computed in the same order) are cached per day.
	hi, lo := today.High, today.Low
	hiD, loD := DayStartTime(d), DayStartTime(d)
	for dd := d - 1; dd > d-364 && dd >= m.histDay0 && dd >= m.liveDay; dd-- {
		b := m.day(dd, now)
		if b.N == 0 {
			continue
		}
		if x := math.Max(b.Open, b.Close); x > hi {
			hi, hiD = x, DayStartTime(dd)
		}
		if x := math.Min(b.Open, b.Close); x < lo {
			lo, loD = x, DayStartTime(dd)
		}
	}
	if h := m.historyExtremes(d); h.hi > hi || h.lo < lo {
		if h.hi > hi {
			hi, hiD = h.hi, h.hiD
		}
		if h.lo < lo {
			lo, loD = h.lo, h.loD
		}
	}
	t.High52, t.Low52 = m.toPrice(hi), m.toPrice(lo)
	t.High52Date, t.Low52Date = hiD, loD
	return t
}

// historyExtremes returns the highest and lowest daily open or close of
// the history days in the 52-week window ending on day d (newest first,
// the first day reaching an extreme wins), cached for the last d asked.
func (m *Market) historyExtremes(d int64) ext52 {
	if m.ext52.valid && m.ext52.d == d {
		return m.ext52
	}
	h := ext52{valid: true, d: d, hi: math.Inf(-1), lo: math.Inf(1)}
	for dd := min(d, m.liveDay) - 1; dd > d-364 && dd >= m.histDay0; dd-- {
		path := m.dayPath(dd)
		o, c := math.Exp(path[0]+m.offset), math.Exp(path[1440]+m.offset)
		if x := math.Max(o, c); x > h.hi {
			h.hi, h.hiD = x, DayStartTime(dd)
		}
		if x := math.Min(o, c); x < h.lo {
			h.lo, h.loD = x, DayStartTime(dd)
		}
	}
	m.ext52 = h
	return h
}

// --------------------------------------------------------------- persistence

// State is the persistent part of a market: the process position and the
// live tape and bars. History is recomputed from the seed.
type State struct {
	Step int64          `json:"step"`
	Mid  float64        `json:"mid"`
	Seq  int64          `json:"seq"`
	Last *Trade         `json:"last,omitempty"`
	Tape []Trade        `json:"tape"`
	Bars map[string]Bar `json:"bars"`
}

// State returns the market's persistent state.
func (m *Market) State() State {
	s := State{Step: m.step, Mid: m.mid, Seq: m.seq, Tape: append([]Trade(nil), m.recent()...), Bars: map[string]Bar{}}
	if m.hasLast {
		t := m.last
		s.Last = &t
	}
	for k, b := range m.bars {
		s.Bars[strconv.FormatInt(k, 10)] = *b
	}
	return s
}

// Restore replaces the market's live state with s.
func (m *Market) Restore(s State) {
	m.step, m.mid, m.seq = s.Step, s.Mid, s.Seq
	m.tape = append([]Trade(nil), s.Tape...)
	m.hasLast = s.Last != nil
	if s.Last != nil {
		m.last = *s.Last
	}
	m.bars = map[int64]*Bar{}
	m.barKeys = nil
	for k, b := range s.Bars {
		n, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			continue
		}
		bb := b
		m.addBar(n, &bb)
	}
	m.book = nil
	m.dayCache = map[int64]Bar{}
	m.aggs = [4]aggEntry{}
}

// SortLevels sorts asks ascending and bids descending by price.
func SortLevels(asks, bids []Level) {
	sort.SliceStable(asks, func(i, j int) bool { return asks[i].Price.LessThan(asks[j].Price) })
	sort.SliceStable(bids, func(i, j int) bool { return bids[i].Price.GreaterThan(bids[j].Price) })
}
