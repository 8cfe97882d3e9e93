package engine

import (
	"time"

	"github.com/bithumb-go/bithumb/sim/market"
)

// EventType names what an Event reports.
type EventType string

// Event types.
const (
	// EventOrder: an order was created or changed (Order is set).
	EventOrder EventType = "order"
	// EventFill: an order traded (Order and Fill are set).
	EventFill EventType = "fill"
	// EventBalance: a balance changed (Currency and Balance are set).
	EventBalance EventType = "balance"
	// EventTrade: a trade printed on a market's tape, synthetic or not
	// (Trade is set).
	EventTrade EventType = "trade"
	// EventTransfer: a deposit or withdrawal was created or changed.
	EventTransfer EventType = "transfer"
)

// Event is one entry of the engine's feed. Pointers are copies owned by
// the receiver.
type Event struct {
	Type     EventType
	Time     time.Time
	Account  string
	Order    *Order
	Fill     *Fill
	Currency string
	Balance  *Balance
	Trade    *market.Trade
	Transfer *Transfer
	// Dropped counts the events this subscriber lost before this one
	// because its buffer was full.
	Dropped int
}

type subscriber struct {
	ch      chan Event
	dropped int
}

// Subscribe returns a channel receiving every event from now on, with a
// buffer of buf (at least 1), and a function that unsubscribes and closes
// the channel. Delivery never blocks the engine: when the buffer is full
// the event is dropped and the next delivered event reports how many were
// lost. Call the cancel function exactly once; the channel is closed by it.
func (e *Engine) Subscribe(buf int) (<-chan Event, func()) {
	if buf < 1 {
		buf = 1
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	id := e.nextSub
	e.nextSub++
	s := &subscriber{ch: make(chan Event, buf)}
	e.subs[id] = s
	return s.ch, func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if _, ok := e.subs[id]; ok {
			delete(e.subs, id)
			close(s.ch)
		}
	}
}

func (e *Engine) emit(ev Event) {
	for _, s := range e.subs {
		ev.Dropped = s.dropped
		select {
		case s.ch <- ev:
			s.dropped = 0
		default:
			s.dropped++
		}
	}
}

func (e *Engine) emitOrder(o *Order) {
	if len(e.subs) == 0 {
		return
	}
	e.emit(Event{Type: EventOrder, Time: e.clock.Now(), Account: o.Account, Order: o.Clone()})
}

func (e *Engine) emitBalances(account string, currencies ...string) {
	if len(e.subs) == 0 {
		return
	}
	a := e.accounts[account]
	for _, c := range currencies {
		b := *a.bal(c)
		e.emit(Event{Type: EventBalance, Time: e.clock.Now(), Account: account, Currency: c, Balance: &b})
	}
}
