package engine

import (
	"sort"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/market"
)

// Persister stores what changed after each operation. Save runs under the
// engine lock, so it must not call back into the engine; an error is
// reported by SaveErr and does not undo the operation.
type Persister interface {
	Save(b *Batch) error
}

// Meta is the engine-wide state saved with every batch.
type Meta struct {
	OrderSeq    int64                      `json:"order_seq"`
	TradeSeq    int64                      `json:"trade_seq"`
	TransferSeq int64                      `json:"transfer_seq"`
	TWAPSeq     int64                      `json:"twap_seq"`
	Fees        map[string]decimal.Decimal `json:"fees"`
	// LiveStart is the start of the markets' live period; a restarted
	// engine must be created with the same one.
	LiveStart time.Time `json:"live_start"`
}

// Batch is one operation's changes. Markets is set only by Checkpoint.
type Batch struct {
	Meta      Meta
	Accounts  []*Account
	Orders    []*Order
	Transfers []*Transfer
	TWAPs     []*TWAP
	Markets   map[string]market.State
}

// Snapshot is everything needed to restore an engine.
type Snapshot struct {
	Meta      Meta
	Accounts  []*Account
	Orders    []*Order
	Transfers []*Transfer
	TWAPs     []*TWAP
	Markets   map[string]market.State
}

type dirtySet struct {
	accounts, orders, transfers, twaps map[string]bool
}

func mark(m *map[string]bool, id string) {
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[id] = true
}

func (d *dirtySet) account(id string)  { mark(&d.accounts, id) }
func (d *dirtySet) order(id string)    { mark(&d.orders, id) }
func (d *dirtySet) transfer(id string) { mark(&d.transfers, id) }
func (d *dirtySet) twap(id string)     { mark(&d.twaps, id) }
func (d *dirtySet) empty() bool {
	return len(d.accounts)+len(d.orders)+len(d.transfers)+len(d.twaps) == 0
}

// SetPersister makes the engine save every change to p from now on.
func (e *Engine) SetPersister(p Persister) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.persist = p
}

func (e *Engine) meta() Meta {
	m := Meta{OrderSeq: e.seq.order, TradeSeq: e.seq.trade, TransferSeq: e.seq.transfer, TWAPSeq: e.seq.twap, Fees: map[string]decimal.Decimal{}, LiveStart: e.cfg.Market.LiveStart}
	for k, v := range e.fees {
		m.Fees[k] = v
	}
	return m
}

// flush hands the dirty records to the persister (under the lock).
func (e *Engine) flush() {
	if e.persist == nil || e.dirty.empty() {
		e.dirty = dirtySet{}
		return
	}
	b := &Batch{Meta: e.meta()}
	for id := range e.dirty.accounts {
		b.Accounts = append(b.Accounts, cloneAccount(e.accounts[id]))
	}
	for id := range e.dirty.orders {
		b.Orders = append(b.Orders, e.orders[id].Clone())
	}
	for id := range e.dirty.transfers {
		b.Transfers = append(b.Transfers, cloneXfer(e.transfers[id]))
	}
	for id := range e.dirty.twaps {
		t := *e.twaps[id]
		b.TWAPs = append(b.TWAPs, &t)
	}
	e.dirty = dirtySet{}
	e.saveErr = e.persist.Save(b)
}

// SaveErr returns the error of the last failed save, if any.
func (e *Engine) SaveErr() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.saveErr
}

// Checkpoint saves the market data (tape, live candles, process state)
// together with the meta record. Call it periodically and on shutdown.
func (e *Engine) Checkpoint() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.persist == nil {
		return nil
	}
	b := &Batch{Meta: e.meta(), Markets: map[string]market.State{}}
	for code, m := range e.markets {
		b.Markets[code] = m.data.State()
	}
	return e.persist.Save(b)
}

func cloneAccount(a *Account) *Account {
	c := *a
	c.Balances = map[string]*Balance{}
	for k, v := range a.Balances {
		b := *v
		c.Balances[k] = &b
	}
	c.AllowList = append([]WithdrawAddress(nil), a.AllowList...)
	c.DepositAddresses = map[string]DepositAddress{}
	for k, v := range a.DepositAddresses {
		c.DepositAddresses[k] = v
	}
	return &c
}

// Restore loads a snapshot into a new engine (before it serves anything).
// Accounts in the snapshot replace accounts of the same id.
func (e *Engine) Restore(s Snapshot) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq.order, e.seq.trade, e.seq.transfer, e.seq.twap = s.Meta.OrderSeq, s.Meta.TradeSeq, s.Meta.TransferSeq, s.Meta.TWAPSeq
	for k, v := range s.Meta.Fees {
		e.fees[k] = v
	}
	for _, a := range s.Accounts {
		if a.Balances == nil {
			a.Balances = map[string]*Balance{}
		}
		e.accounts[a.ID] = a
	}
	sort.Slice(s.Orders, func(i, j int) bool { return s.Orders[i].Seq < s.Orders[j].Seq })
	for _, o := range s.Orders {
		e.orders[o.ID] = o
		e.byAccount[o.Account] = append(e.byAccount[o.Account], o)
		if o.ClientOrderID != "" {
			if e.clientIDs[o.Account] == nil {
				e.clientIDs[o.Account] = map[string]*Order{}
			}
			e.clientIDs[o.Account][o.ClientOrderID] = o
		}
		if o.State == StateWait {
			if m, ok := e.markets[o.Market]; ok {
				e.rest(m, o)
			}
		}
	}
	sort.Slice(s.Transfers, func(i, j int) bool { return s.Transfers[i].CreatedAt.Before(s.Transfers[j].CreatedAt) })
	for _, t := range s.Transfers {
		e.transfers[t.ID] = t
		e.xferList[t.Account] = append(e.xferList[t.Account], t)
	}
	sort.Slice(s.TWAPs, func(i, j int) bool { return s.TWAPs[i].Seq < s.TWAPs[j].Seq })
	for _, t := range s.TWAPs {
		e.twaps[t.ID] = t
		e.twapList[t.Account] = append(e.twapList[t.Account], t)
	}
	for code, st := range s.Markets {
		if m, ok := e.markets[code]; ok {
			m.data.Restore(st)
		}
	}
}
