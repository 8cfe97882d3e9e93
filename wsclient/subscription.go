package wsclient

import (
	"context"
	"fmt"
	"sync"

	"github.com/bithumb-go/bithumb/decimal"
)

// Subscription receives the events of one [Stream] on a [Client]'s
// connection, plus the connection notices ([*Disconnected],
// [*Reconnected], [*ServerError]).
//
// Read events with Next or from the Events channel (pick one). Events wait
// in a bounded buffer; what happens when it is full is the subscription's
// [Overflow] policy. A Subscription is safe for concurrent use. Close it
// when done; closing the Client closes it too.
type Subscription struct {
	c      *Client
	id     uint64
	stream Stream
	depth  map[string]int // market → depth limit (0: none)
	level  decimal.Decimal
	raw    bool // deliver data as *Raw (WithRaw)
	q      *queue

	// sent is set (under c.mu) once a request including this subscription
	// went out; only such subscriptions get Disconnected/Reconnected.
	sent bool

	pumpOnce sync.Once
	pumpWG   sync.WaitGroup
	events   chan Event
}

// SubscribeOption configures one subscription.
type SubscribeOption func(*subOptions) error

type subOptions struct {
	buffer   int
	overflow Overflow
	conflate bool
	raw      bool
}

// WithBuffer sets the subscription's buffer size (events); n ≥ 1. The
// default is the client's [Options].Buffer.
func WithBuffer(n int) SubscribeOption {
	return func(o *subOptions) error {
		if n < 1 {
			return fmt.Errorf("%w: WithBuffer(%d): size must be at least 1", ErrInvalidSubscription, n)
		}
		o.buffer = n
		return nil
	}
}

// WithOverflow sets the subscription's overflow policy. The default is the
// client's [Options].Overflow.
func WithOverflow(p Overflow) SubscribeOption {
	return func(o *subOptions) error {
		if p != DropOldest && p != Block {
			return fmt.Errorf("%w: WithOverflow(%d): unknown policy", ErrInvalidSubscription, p)
		}
		o.overflow = p
		return nil
	}
}

// WithConflation keeps at most one buffered message per market: a new
// orderbook (or ticker) message replaces the buffered one of the same
// market, in place, and is counted as conflated rather than dropped. A slow
// consumer then always reads the latest state of every market. Orderbook
// and ticker streams only: every orderbook message is a full snapshot, and
// every ticker message a full ticker, so nothing is lost but intermediate
// states.
func WithConflation() SubscribeOption {
	return func(o *subOptions) error { o.conflate = true; return nil }
}

// SubscriptionStats are a subscription's counters.
type SubscriptionStats struct {
	// Delivered counts events handed to the consumer.
	Delivered uint64
	// Dropped counts events discarded because the buffer was full.
	Dropped uint64
	// Conflated counts messages that replaced a buffered one (WithConflation).
	Conflated uint64
	// Buffered is the number of events waiting; it never exceeds Capacity.
	Buffered int
	// Capacity is the buffer size.
	Capacity int
}

// Stream returns the subscription's stream (codes sorted, duplicates
// removed).
func (s *Subscription) Stream() Stream {
	st := s.stream
	st.Codes = append([]string(nil), st.Codes...)
	return st
}

// Next returns the next event, waiting until one arrives or ctx ends. After
// Close it returns [ErrSubscriptionClosed]; after the client's Close,
// [ErrClosed]. Buffered events are discarded on close.
func (s *Subscription) Next(ctx context.Context) (Event, error) {
	return s.q.next(ctx)
}

// Events returns a channel of the subscription's events, for use in select
// and range loops. The channel is closed when the subscription or its
// client is closed; Err then tells why. The first call starts one goroutine
// that feeds the channel; it ends with the subscription. Do not mix Events
// and Next.
func (s *Subscription) Events() <-chan Event {
	s.pumpOnce.Do(func() {
		s.events = make(chan Event)
		s.pumpWG.Add(1)
		go s.pump()
	})
	return s.events
}

func (s *Subscription) pump() {
	defer s.pumpWG.Done()
	defer close(s.events)
	for {
		ev, err := s.q.next(context.Background())
		if err != nil {
			return
		}
		select {
		case s.events <- ev:
		case <-s.q.done:
			return
		}
	}
}

// Done returns a channel closed when the subscription ends.
func (s *Subscription) Done() <-chan struct{} { return s.q.done }

// Err returns nil while the subscription is open, then
// [ErrSubscriptionClosed] or [ErrClosed].
func (s *Subscription) Err() error {
	s.q.mu.Lock()
	defer s.q.mu.Unlock()
	return s.q.err
}

// Stats returns the subscription's counters.
func (s *Subscription) Stats() SubscriptionStats {
	return SubscriptionStats{
		Delivered: s.q.delivered.Load(),
		Dropped:   s.q.dropped.Load(),
		Conflated: s.q.conflated.Load(),
		Buffered:  s.q.length(),
		Capacity:  len(s.q.ring),
	}
}

// Close ends the subscription: it is removed from the client, whose
// connection then gets the reduced subscription set (or is closed when
// nothing is left). Buffered events are discarded. Close is idempotent,
// never blocks on the network, and returns nil.
func (s *Subscription) Close() error {
	s.end(ErrSubscriptionClosed, true)
	return nil
}

// end closes the queue, waits for the pump and, if unregister, removes the
// subscription from its client.
func (s *Subscription) end(err error, unregister bool) {
	if s.q.close(err) && unregister {
		s.c.remove(s)
	}
	s.pumpWG.Wait()
}

// accepts reports whether a data event of the subscription's type should
// be delivered to it, and returns the event to deliver (an orderbook
// trimmed to the subscription's depth).
func (s *Subscription) accepts(ev Event, market string) (Event, bool) {
	var st StreamType
	switch e := ev.(type) {
	case *Ticker:
		st = e.StreamType
	case *Trade:
		st = e.StreamType
	case *Orderbook:
		st = e.StreamType
		if !e.Level.IsZero() {
			want := s.level
			if want.IsZero() {
				want = decimal.New(1, 0)
			}
			if !e.Level.Equal(want) {
				return nil, false
			}
		}
		if n := s.depth[market]; n > 0 && len(e.Units) > n {
			cp := *e
			cp.Units = e.Units[:n:n]
			ev = &cp
		}
	}
	switch {
	case s.stream.OnlyRealtime && st == StreamSnapshot:
		return nil, false
	case s.stream.OnlySnapshot && st == StreamRealtime:
		return nil, false
	}
	return ev, true
}

// routes is the routing table of a client: which subscriptions receive a
// message of a given type and market. It is rebuilt on every change and
// read without locks by the connection's reader.
type routes struct {
	byCode [numTypes]map[string][]*Subscription
	// any holds subscriptions that receive every market of a type
	// (myOrder without codes, myAsset).
	any [numTypes][]*Subscription
	all []*Subscription
}

func buildRoutes(subs []*Subscription) *routes {
	r := &routes{all: subs}
	for _, s := range subs {
		t := s.stream.Type.index()
		if len(s.depth) == 0 {
			r.any[t] = append(r.any[t], s)
			continue
		}
		if r.byCode[t] == nil {
			r.byCode[t] = make(map[string][]*Subscription)
		}
		for m := range s.depth {
			r.byCode[t][m] = append(r.byCode[t][m], s)
		}
	}
	return r
}

// eventRoute returns the type index, the market and the conflation key of
// a data event.
func eventRoute(ev Event) (int, string, string) {
	switch e := ev.(type) {
	case *Ticker:
		return 0, marketOf(e.Code), e.Code
	case *Trade:
		return 1, marketOf(e.Code), ""
	case *Orderbook:
		return 2, marketOf(e.Code), e.Code
	case *MyOrder:
		return 3, marketOf(e.Code), ""
	case *MyOrderV1:
		return 3, marketOf(e.Code), ""
	case *MyAsset:
		return 4, "", ""
	}
	return -1, "", ""
}
