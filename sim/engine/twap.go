package engine

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
)

// TWAP is a time-weighted average price order: it places a market child
// order every Frequency for Duration.
type TWAP struct {
	ID         string          `json:"id"`
	Account    string          `json:"account"`
	Market     string          `json:"market"`
	Side       Side            `json:"side"`
	Price      decimal.Decimal `json:"price"`  // bids: the total to spend
	Volume     decimal.Decimal `json:"volume"` // asks: the total to sell
	Duration   time.Duration   `json:"duration"`
	Frequency  time.Duration   `json:"frequency"`
	CreatedAt  time.Time       `json:"created_at"`
	State      string          `json:"state"` // progress, done, cancel
	Total      int             `json:"total"`
	Progress   int             `json:"progress"`
	Trades     int             `json:"trades"`
	Amount     decimal.Decimal `json:"amount"`
	Executed   decimal.Decimal `json:"executed"`
	CanceledAt time.Time       `json:"canceled_at"`
	FinishedAt time.Time       `json:"finished_at"`
	CancelType string          `json:"cancel_type,omitempty"`
	Children   []string        `json:"children,omitempty"`
	Seq        int64           `json:"seq"`
}

// TWAP frequencies accepted, in seconds (Bithumb's 2026 docs; 5, which
// older docs listed, is refused).
var twapFrequencies = map[int]bool{15: true, 20: true, 30: true, 60: true, 120: true}

// PlaceTWAP validates and starts a TWAP order.
func (e *Engine) PlaceTWAP(account, marketCode string, side Side, price, volume decimal.Decimal, durationSec, frequencySec int) (*TWAP, error) {
	now := e.lock()
	defer e.unlock()
	m, ok := e.markets[strings.ToUpper(marketCode)]
	if !ok || m.spec.Quote() != "KRW" {
		return nil, badParam("market (TWAP is for KRW markets)")
	}
	if durationSec < 300 || durationSec > 43200 || !twapFrequencies[frequencySec] || frequencySec > durationSec {
		return nil, badParam("duration or frequency")
	}
	a := e.accounts[account]
	t := &TWAP{Account: account, Market: m.spec.Code, Side: side, Duration: time.Duration(durationSec) * time.Second,
		Frequency: time.Duration(frequencySec) * time.Second, CreatedAt: now, State: "progress"}
	t.Total = durationSec / frequencySec
	switch side {
	case Bid:
		if !price.IsPositive() || volume.IsPositive() {
			return nil, badParam("a TWAP buy takes price (the total), no volume")
		}
		if price.LessThan(m.spec.MinTotal) {
			return nil, fail(400, "under_min_total_bid")
		}
		if a.bal(m.spec.Quote()).Balance.LessThan(price) {
			return nil, fail(400, "insufficient_funds_bid")
		}
		t.Price = price
	case Ask:
		if !volume.IsPositive() || price.IsPositive() || volume.Scale() > volumeScale {
			return nil, badParam("a TWAP sell takes volume, no price")
		}
		if volume.Mul(m.data.LastPrice()).LessThan(m.spec.MinTotal) {
			return nil, fail(400, "under_min_total_ask")
		}
		if a.bal(m.spec.Base()).Balance.LessThan(volume) {
			return nil, fail(400, "insufficient_funds_ask")
		}
		t.Volume = volume
	default:
		return nil, badParam("side")
	}
	e.seq.twap++
	t.Seq = e.seq.twap
	t.ID = e.uuid7(now)
	e.twaps[t.ID] = t
	e.twapList[account] = append(e.twapList[account], t)
	e.dirty.twap(t.ID)
	c := *t
	return &c, nil
}

// uuid7 returns a UUIDv7-shaped id from the clock and the seeded source.
func (e *Engine) uuid7(now time.Time) string {
	ms := uint64(now.UnixMilli())
	r1, r2 := e.rng.Uint64(), e.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-7%03x-%04x-%012x", ms>>16, ms&0xffff, r1&0xfff, 0x8000|(r1>>12)&0x3fff, r2&0xffffffffffff)
}

// nextTWAP returns when the next child order of any TWAP is due.
func (e *Engine) nextTWAP() (time.Time, bool) {
	var best time.Time
	found := false
	for _, t := range e.twaps {
		if t.State != "progress" {
			continue
		}
		due := t.CreatedAt.Add(time.Duration(t.Progress+1) * t.Frequency)
		if !found || due.Before(best) {
			best, found = due, true
		}
	}
	return best, found
}

// runTWAPs places the child orders due at `at` (in creation order).
func (e *Engine) runTWAPs(at time.Time) {
	var due []*TWAP
	for _, t := range e.twaps {
		if t.State == "progress" && !t.CreatedAt.Add(time.Duration(t.Progress+1)*t.Frequency).After(at) {
			due = append(due, t)
		}
	}
	sort.Slice(due, func(i, j int) bool { return due[i].Seq < due[j].Seq })
	for _, t := range due {
		e.twapChild(t, at)
	}
}

func (e *Engine) twapChild(t *TWAP, at time.Time) {
	t.Progress++
	left := t.Total - t.Progress + 1
	req := OrderRequest{Market: t.Market, Side: t.Side, twap: t.ID}
	if t.Side == Bid {
		rest := t.Price.Sub(t.Amount)
		req.Type = Price
		req.Price = rest.Div(decimal.NewFromInt(int64(left)), 0, decimal.Down)
		if left == 1 {
			req.Price = rest.Round(8, decimal.Down)
		}
	} else {
		rest := t.Volume.Sub(t.Executed)
		req.Type = Market
		req.Volume = rest.Div(decimal.NewFromInt(int64(left)), volumeScale, decimal.Down)
		if left == 1 {
			req.Volume = rest
		}
	}
	if req.Price.IsPositive() || req.Volume.IsPositive() {
		if o, err := e.place(t.Account, req, at); err == nil {
			t.Children = append(t.Children, o.ID)
			t.Trades += len(o.Fills)
			t.Amount = t.Amount.Add(o.ExecutedFunds)
			t.Executed = t.Executed.Add(o.Executed)
		}
	}
	if t.Progress >= t.Total {
		t.State, t.FinishedAt = "done", at
	}
	e.dirty.twap(t.ID)
}

// CancelTWAP stops a TWAP order; placed children remain.
func (e *Engine) CancelTWAP(account, id string) (*TWAP, error) {
	now := e.lock()
	defer e.unlock()
	t := e.twaps[id]
	if t == nil || t.Account != account {
		return nil, fail(404, "order_not_found")
	}
	if t.State == "progress" {
		t.State, t.CanceledAt, t.CancelType = "cancel", now, "user"
		e.dirty.twap(t.ID)
	}
	c := *t
	return &c, nil
}

// TWAPQuery filters TWAP orders.
type TWAPQuery struct {
	Market    string
	IDs       []string
	State     string
	Limit     int
	Ascending bool
	// After is the Seq of the last row of the previous page (0: first).
	After int64
}

// TWAPs returns one page of account's TWAP orders and whether more follow.
func (e *Engine) TWAPs(account string, q TWAPQuery) ([]TWAP, bool) {
	e.lock()
	defer e.unlock()
	var all []TWAP
	for _, t := range e.twapList[account] {
		if q.Market != "" && !strings.EqualFold(q.Market, t.Market) {
			continue
		}
		if len(q.IDs) > 0 && !contains(q.IDs, t.ID) {
			continue
		}
		if q.State != "" && q.State != t.State {
			continue
		}
		all = append(all, *t)
	}
	if !q.Ascending {
		for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
			all[i], all[j] = all[j], all[i]
		}
	}
	return cursorPage(all, q.After, q.Limit, q.Ascending, func(t TWAP) int64 { return t.Seq })
}

// cursorPage returns the rows after the row whose key is after (keys
// ascending or descending as ordered) and whether more remain.
func cursorPage[T any](all []T, after int64, limit int, asc bool, key func(T) int64) ([]T, bool) {
	if limit <= 0 {
		limit = 100
	}
	start := 0
	if after > 0 {
		for start < len(all) {
			k := key(all[start])
			if asc && k > after || !asc && k < after {
				break
			}
			start++
		}
	}
	end := min(start+limit, len(all))
	return all[start:end], end < len(all)
}
