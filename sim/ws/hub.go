package ws

import (
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/market"
)

// subSet is a connection's subscription set, replaced whole by every
// valid request.
type subSet struct {
	simple bool
	// Public realtime interest by market.
	ticker, trade map[string]bool
	books         map[string][]item
	// Private interest.
	allOrders bool
	orders    map[string]bool
	assets    bool
}

func newSubSet(req *request) *subSet {
	ss := &subSet{simple: req.simple, ticker: map[string]bool{}, trade: map[string]bool{}, books: map[string][]item{}, orders: map[string]bool{}}
	for _, it := range req.items {
		if !it.realtime {
			continue
		}
		switch it.typ {
		case typeTicker:
			ss.ticker[it.code] = true
		case typeTrade:
			ss.trade[it.code] = true
		case typeOrderbook:
			ss.books[it.code] = append(ss.books[it.code], it)
		case typeMyOrder:
			if it.code == "" {
				ss.allOrders = true
			} else {
				ss.orders[it.code] = true
			}
		case typeMyAsset:
			ss.assets = true
		}
	}
	return ss
}

func (ss *subSet) wantsOrder(code string) bool { return ss.allOrders || ss.orders[code] }

func fmtIndex(simple bool) int {
	if simple {
		return 1
	}
	return 0
}

// hubState is what the streams remember between events; guarded by
// Server.mu.
type hubState struct {
	// books is the last orderbook checked for changes, per market.
	books map[string]*engine.Book
	// sides accumulates today's taker buys and sells per market.
	sides map[string]*daySides
	// assets is the last balance sent per account and currency, so
	// myAsset reports changed currencies only.
	assets map[string]map[string]engine.Balance
}

func (h *hubState) init() {
	h.books = map[string]*engine.Book{}
	h.sides = map[string]*daySides{}
	h.assets = map[string]map[string]engine.Balance{}
}

// daySides are the volumes of the tape's taker sells (ASK) and buys (BID)
// of one KST day.
type daySides struct {
	day      int64
	seq      int64 // the last trade counted
	ask, bid decimal.Decimal
}

func kstDay(t time.Time) int64 {
	s := t.Unix() + 9*3600
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}

// subscribe replaces c's subscription set and queues the snapshots it
// asks for, in request order.
func (s *Server) subscribe(c *conn, req *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	c.subs = newSubSet(req)
	if c.subs.assets && s.hub.assets[c.key.Account] == nil {
		base := map[string]engine.Balance{}
		if rows, err := s.eng.Accounts(c.key.Account); err == nil {
			for _, r := range rows {
				base[r.Currency] = r.Balance
			}
		}
		s.hub.assets[c.key.Account] = base
	}
	for i := range req.items {
		it := &req.items[i]
		if !it.snapshot {
			continue
		}
		switch it.typ {
		case typeTicker:
			if td := s.tickerData(it.code, nil); td != nil {
				c.send(frame{data: appendTicker(nil, req.simple, true, td)})
			}
		case typeTrade:
			if ts, ok := s.eng.Trades(it.code, 1, 0, time.Time{}); ok && len(ts) > 0 {
				c.send(frame{data: appendTrade(nil, req.simple, true, !s.cfg.NumericSequentialID, &ts[0], s.eng.Now())})
			}
		case typeOrderbook:
			b, ok := s.eng.Orderbook(it.code, DefaultDepth)
			if !ok {
				continue
			}
			if s.hub.books[it.code] == nil {
				s.hub.books[it.code] = &b
			}
			v := viewOf(&b, it)
			c.send(frame{data: appendOrderbook(nil, req.simple, true, s.micros, &v)})
		}
	}
}

// viewOf is the book as the item asks for it.
func viewOf(b *engine.Book, it *item) bookView {
	v := bookView{code: b.Market, time: b.Time, level: it.level}
	v.asks = groupLevels(b.Asks, it.level, true, it.depth)
	v.bids = groupLevels(b.Bids, it.level, false, it.depth)
	if v.level.IsZero() {
		v.level = decimal.NewFromInt(1) // Bithumb's default, shown as 1
	}
	return v
}

// tickerData is the ticker of code now; with last set, the ticker as of
// that trade (its price, volume, side and time).
func (s *Server) tickerData(code string, last *market.Trade) *tickerData {
	t, ok := s.eng.Ticker(code)
	if !ok {
		return nil
	}
	if last != nil {
		t.Last = *last
	}
	spec, _ := s.eng.MarketSpec(code)
	td := &tickerData{code: code, t: t, warning: spec.Warning, now: s.eng.Now()}
	td.accAsk, td.accBid = s.accSides(code, td.now, t.AccVolume)
	return td
}

// accSides splits today's volume into taker sells and buys: the tape's
// trades of the day by side, and what the tape does not cover (history
// before the live period) half and half.
func (s *Server) accSides(code string, now time.Time, total decimal.Decimal) (ask, bid decimal.Decimal) {
	day := kstDay(now)
	sd := s.hub.sides[code]
	if sd == nil || sd.day < day {
		sd = &daySides{day: day}
		trades, _ := s.eng.Trades(code, 5000, 0, time.Time{})
		for _, t := range trades { // newest first
			if kstDay(t.Time) != day {
				if kstDay(t.Time) < day {
					break
				}
				continue
			}
			sd.add(&t)
			sd.seq = max(sd.seq, t.SeqID)
		}
		s.hub.sides[code] = sd
	}
	rest := total.Sub(sd.ask).Sub(sd.bid)
	if rest.IsNegative() {
		rest = decimal.Zero
	}
	half := rest.Div(decimal.NewFromInt(2), 8, decimal.Down)
	ask = sd.ask.Add(half)
	bid = sd.bid.Add(rest.Sub(half))
	return ask, bid
}

func (sd *daySides) add(t *market.Trade) {
	if t.Side == "ASK" {
		sd.ask = sd.ask.Add(t.Volume)
	} else {
		sd.bid = sd.bid.Add(t.Volume)
	}
}

// countTrade adds a new trade to its market's day sums.
func (s *Server) countTrade(t *market.Trade) {
	sd := s.hub.sides[t.Market]
	if sd == nil || t.SeqID <= sd.seq {
		return
	}
	switch day := kstDay(t.Time); {
	case day > sd.day:
		*sd = daySides{day: day}
	case day < sd.day:
		return
	}
	sd.add(t)
	sd.seq = t.SeqID
}

// runHub follows the engine: it fans its events out to the connections
// and, every tick while connections are open, makes exchange time pass
// and sends the orderbooks that changed.
func (s *Server) runHub(feed <-chan engine.Event, stop func()) {
	defer s.wg.Done()
	defer stop()
	t := time.NewTicker(s.cfg.Tick.D())
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case ev, ok := <-feed:
			if !ok {
				return
			}
			s.mu.Lock()
			s.handle(&ev)
			// Take what is already waiting under the same lock.
			for range 256 {
				select {
				case ev, ok = <-feed:
				default:
					ok = false
				}
				if !ok {
					break
				}
				s.handle(&ev)
			}
			s.mu.Unlock()
		case <-t.C:
			if s.stats.open.Load() > 0 {
				s.eng.Advance()
			}
			s.mu.Lock()
			s.pollBooks()
			s.mu.Unlock()
		}
	}
}

// handle routes one engine event. s.mu is held.
func (s *Server) handle(ev *engine.Event) {
	if ev.Dropped > 0 {
		s.stats.feedDropped.Add(uint64(ev.Dropped))
		s.log.Warn("sim ws: events lost, the streams fell behind the exchange", "lost", ev.Dropped)
	}
	switch ev.Type {
	case engine.EventTrade:
		s.onTrade(ev.Trade)
	case engine.EventOrder:
		// The update that follows every fill repeats the fill's message.
		if ev.Order.State == engine.StateWait && len(ev.Order.Fills) > 0 {
			return
		}
		s.onOrder(ev, nil)
	case engine.EventFill:
		s.onOrder(ev, ev.Fill)
	case engine.EventBalance:
		s.onBalance(ev)
	}
}

func (s *Server) onTrade(t *market.Trade) {
	s.countTrade(t)
	var trades, tickers [2][]byte
	var td *tickerData
	now := time.Time{}
	for c := range s.conns {
		ss := c.subs
		if c.private || ss == nil {
			continue
		}
		f := fmtIndex(ss.simple)
		if ss.trade[t.Market] {
			if trades[f] == nil {
				if now.IsZero() {
					now = s.eng.Now()
				}
				trades[f] = appendTrade(nil, ss.simple, false, !s.cfg.NumericSequentialID, t, now)
			}
			c.send(frame{data: trades[f]})
		}
		if ss.ticker[t.Market] {
			if td == nil {
				if td = s.tickerData(t.Market, t); td == nil {
					continue
				}
			}
			if tickers[f] == nil {
				tickers[f] = appendTicker(nil, ss.simple, false, td)
			}
			c.send(frame{data: tickers[f]})
		}
	}
}

func (s *Server) onOrder(ev *engine.Event, fill *engine.Fill) {
	v := orderView{o: ev.Order, fill: fill, now: ev.Time}
	var msgs [2][2][]byte // [v1][simple]
	for c := range s.conns {
		ss := c.subs
		if !c.private || ss == nil || c.key.Account != ev.Account || !ss.wantsOrder(ev.Order.Market) {
			continue
		}
		ver, f := 0, fmtIndex(ss.simple)
		if c.v1 {
			ver = 1
		}
		if msgs[ver][f] == nil {
			if c.v1 {
				msgs[ver][f] = appendMyOrderV1(nil, ss.simple, &v)
			} else {
				msgs[ver][f] = appendMyOrderV2(nil, ss.simple, &v)
			}
		}
		c.send(frame{data: msgs[ver][f]})
	}
}

func (s *Server) onBalance(ev *engine.Event) {
	last := s.hub.assets[ev.Account]
	if last == nil {
		return // nobody watches this account's assets
	}
	if prev, ok := last[ev.Currency]; ok && prev.Balance.Equal(ev.Balance.Balance) && prev.Locked.Equal(ev.Balance.Locked) {
		return
	}
	last[ev.Currency] = *ev.Balance
	var msgs [2][]byte
	for c := range s.conns {
		ss := c.subs
		if !c.private || ss == nil || !ss.assets || c.key.Account != ev.Account {
			continue
		}
		f := fmtIndex(ss.simple)
		if msgs[f] == nil {
			msgs[f] = appendMyAsset(nil, ss.simple, ev.Currency, *ev.Balance, ev.Time, s.eng.Now())
		}
		c.send(frame{data: msgs[f]})
	}
}

// bookKey identifies one rendering of a book.
type bookKey struct {
	simple bool
	depth  int
	level  string
}

// pollBooks sends the orderbooks that changed since they were last
// checked to their realtime subscribers. s.mu is held.
func (s *Server) pollBooks() {
	needed := map[string]bool{}
	for c := range s.conns {
		if c.subs == nil {
			continue
		}
		for code := range c.subs.books {
			needed[code] = true
		}
	}
	for code := range s.hub.books {
		if !needed[code] {
			delete(s.hub.books, code)
		}
	}
	for code := range needed {
		b, ok := s.eng.Orderbook(code, DefaultDepth)
		if !ok {
			continue
		}
		if last := s.hub.books[code]; last != nil && sameBook(last, &b) {
			continue
		}
		s.hub.books[code] = &b
		msgs := map[bookKey][]byte{}
		for c := range s.conns {
			if c.subs == nil {
				continue
			}
			for i := range c.subs.books[code] {
				it := &c.subs.books[code][i]
				k := bookKey{simple: c.subs.simple, depth: it.depth, level: it.level.String()}
				m, ok := msgs[k]
				if !ok {
					v := viewOf(&b, it)
					m = appendOrderbook(nil, k.simple, false, s.micros, &v)
					msgs[k] = m
				}
				c.send(frame{data: m})
			}
		}
	}
}

func sameBook(a, b *engine.Book) bool {
	return sameLevels(a.Asks, b.Asks) && sameLevels(a.Bids, b.Bids)
}

func sameLevels(a, b []market.Level) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Price.Equal(b[i].Price) || !a[i].Size.Equal(b[i].Size) {
			return false
		}
	}
	return true
}
