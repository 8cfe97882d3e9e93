package engine

import (
	"sort"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/market"
)

// GetOrder returns an order of account by id (preferred) or client id.
func (e *Engine) GetOrder(account, id, clientOrderID string) (*Order, error) {
	e.lock()
	defer e.unlock()
	o := e.find(account, id, clientOrderID)
	if o == nil {
		return nil, fail(404, "order_not_found")
	}
	return o.Clone(), nil
}

// OrderQuery filters orders.
type OrderQuery struct {
	Market         string
	States         []string // empty: any
	IDs            []string
	ClientOrderIDs []string
	Ascending      bool
	// Page and Limit page the result (v1 lists).
	Page, Limit int
	// After is the Seq after which a cursor page starts (v2 lists).
	After int64
	// From and To bound created_at (zero: unbounded); v2 history.
	From, To time.Time
}

func (e *Engine) filter(account string, q OrderQuery) []*Order {
	var out []*Order
	for _, o := range e.byAccount[account] {
		if q.Market != "" && !strings.EqualFold(q.Market, o.Market) {
			continue
		}
		if len(q.States) > 0 && !contains(q.States, o.State) {
			continue
		}
		if len(q.IDs) > 0 && !contains(q.IDs, o.ID) {
			continue
		}
		if len(q.ClientOrderIDs) > 0 && !contains(q.ClientOrderIDs, o.ClientOrderID) {
			continue
		}
		if !q.From.IsZero() && o.CreatedAt.Before(q.From) || !q.To.IsZero() && o.CreatedAt.After(q.To) {
			continue
		}
		out = append(out, o.Clone())
	}
	if !q.Ascending {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out
}

// Orders returns one page (Page, Limit) of account's orders.
func (e *Engine) Orders(account string, q OrderQuery) []*Order {
	e.lock()
	defer e.unlock()
	return page(e.filter(account, q), q.Page, q.Limit)
}

// OrdersAfter returns one cursor page of account's orders (after q.After)
// and whether more follow.
func (e *Engine) OrdersAfter(account string, q OrderQuery) ([]*Order, bool) {
	e.lock()
	defer e.unlock()
	return cursorPage(e.filter(account, q), q.After, q.Limit, q.Ascending, func(o *Order) int64 { return o.Seq })
}

// ----------------------------------------------------------- market data

// Ticker returns the ticker of a market.
func (e *Engine) Ticker(code string) (market.Ticker, bool) {
	now := e.lock()
	defer e.unlock()
	m, ok := e.markets[code]
	if !ok {
		return market.Ticker{}, false
	}
	return m.data.TickerAt(now), true
}

// Book is the public orderbook of a market.
type Book struct {
	Market     string
	Time       time.Time
	Asks, Bids []market.Level
}

// Orderbook returns up to levels price levels per side: the synthetic
// book merged with the resting orders of every account.
func (e *Engine) Orderbook(code string, levels int) (Book, bool) {
	now := e.lock()
	defer e.unlock()
	m, ok := e.markets[code]
	if !ok {
		return Book{}, false
	}
	asks, bids := m.data.Book()
	b := Book{Market: code, Time: now}
	b.Asks = merge(asks, m.asks, levels, true)
	b.Bids = merge(bids, m.bids, levels, false)
	return b, true
}

func merge(levels []market.Level, users []*Order, n int, asc bool) []market.Level {
	byPrice := map[string]*market.Level{}
	var out []market.Level
	add := func(p, s decimal.Decimal) {
		k := p.Normalize().String()
		if l, ok := byPrice[k]; ok {
			l.Size = l.Size.Add(s)
			return
		}
		out = append(out, market.Level{Price: p, Size: s})
		byPrice[k] = &out[len(out)-1]
	}
	// Pre-size so pointers into out stay valid.
	out = make([]market.Level, 0, len(levels)+len(users))
	for _, l := range levels {
		add(l.Price, l.Size)
	}
	for _, o := range users {
		add(o.Limit, o.Remaining)
	}
	sort.Slice(out, func(i, j int) bool {
		if asc {
			return out[i].Price.LessThan(out[j].Price)
		}
		return out[i].Price.GreaterThan(out[j].Price)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Trades returns recent trades of a market (see market.Market.Trades).
func (e *Engine) Trades(code string, count int, cursor int64, before time.Time) ([]market.Trade, bool) {
	e.lock()
	defer e.unlock()
	m, ok := e.markets[code]
	if !ok {
		return nil, false
	}
	return m.data.Trades(count, cursor, before), true
}

// Candles returns candles of a market (see market.Market.Candles).
func (e *Engine) Candles(code string, unit market.Unit, to time.Time, count int) ([]market.Candle, bool) {
	now := e.lock()
	defer e.unlock()
	m, ok := e.markets[code]
	if !ok {
		return nil, false
	}
	return m.data.Candles(unit, to, count, now), true
}

// Warnings returns the configured market warnings.
func (e *Engine) Warnings() []Warning { return append([]Warning(nil), e.cfg.Warnings...) }

// Notices returns the configured notices.
func (e *Engine) Notices() []Notice { return append([]Notice(nil), e.cfg.Notices...) }
