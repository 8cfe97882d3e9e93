package wsclient

import (
	"context"
	"sync"
	"sync/atomic"
)

// Overflow is what a subscription does when its buffer is full and another
// message arrives.
type Overflow int

const (
	// DropOldest (the default) discards the oldest buffered event to make
	// room, and counts it in [SubscriptionStats].Dropped. The connection
	// never waits for a slow consumer, and memory stays bounded by the
	// buffer size.
	DropOldest Overflow = iota
	// Block makes the connection's reader wait until the consumer takes an
	// event. Nothing is lost, but every subscription of the client waits
	// with it, and while it waits nothing is read from the socket (pings
	// and the stall watchdog are paused). Use it only for consumers that
	// keep up.
	Block
)

// String returns "DropOldest" or "Block".
func (o Overflow) String() string {
	if o == Block {
		return "Block"
	}
	return "DropOldest"
}

// queue is a subscription's bounded buffer: a ring of events with an
// overflow policy and optional conflation (the latest event per market
// replaces a buffered one of the same market).
//
// Producers are the connection's reader (data) and the supervisor (notices);
// consumers call next. Capacity never changes, so memory is bounded.
type queue struct {
	mu       sync.Mutex
	ring     []Event
	keys     []string // conflation key of each slot, "" for none
	head, n  int
	policy   Overflow
	conflate bool
	slot     map[string]int // conflation key → ring slot
	closed   bool
	err      error

	notEmpty chan struct{} // cap 1: "an event may be available"
	notFull  chan struct{} // cap 1: "a slot may be free"
	done     chan struct{} // closed by close

	delivered, dropped, conflated atomic.Uint64
	clientDropped                 *atomic.Uint64
}

func newQueue(capacity int, policy Overflow, conflate bool, clientDropped *atomic.Uint64) *queue {
	q := &queue{
		ring:          make([]Event, capacity),
		keys:          make([]string, capacity),
		policy:        policy,
		conflate:      conflate,
		notEmpty:      make(chan struct{}, 1),
		notFull:       make(chan struct{}, 1),
		done:          make(chan struct{}),
		clientDropped: clientDropped,
	}
	if conflate {
		q.slot = make(map[string]int, capacity)
	}
	return q
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// push adds a data event. key is the conflation key ("" for none). Under
// Block it waits for room until stop or the queue is closed; it reports
// whether the event was queued (or conflated).
func (q *queue) push(ev Event, key string, stop <-chan struct{}) bool {
	q.mu.Lock()
	for {
		if q.closed {
			q.mu.Unlock()
			return false
		}
		if q.conflate && key != "" {
			if i, ok := q.slot[key]; ok {
				q.ring[i] = ev
				q.mu.Unlock()
				q.conflated.Add(1)
				return true
			}
		}
		if q.n < len(q.ring) || q.policy == DropOldest {
			break
		}
		q.mu.Unlock()
		select {
		case <-q.notFull:
		case <-q.done:
		case <-stop:
			return false
		}
		q.mu.Lock()
	}
	q.insertLocked(ev, key)
	q.mu.Unlock()
	signal(q.notEmpty)
	return true
}

// pushNotice adds a connection notice (Disconnected, Reconnected,
// ServerError). It never waits: when the buffer is full the oldest event is
// dropped, whatever the policy, so that the supervisor never waits for a
// consumer and the newest notice is always delivered.
func (q *queue) pushNotice(ev Event) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.insertLocked(ev, "")
	q.mu.Unlock()
	signal(q.notEmpty)
}

func (q *queue) insertLocked(ev Event, key string) {
	if q.n == len(q.ring) {
		q.removeHeadLocked()
		q.dropped.Add(1)
		if q.clientDropped != nil {
			q.clientDropped.Add(1)
		}
	}
	i := (q.head + q.n) % len(q.ring)
	q.ring[i] = ev
	q.n++
	if q.conflate && key != "" {
		q.keys[i] = key
		q.slot[key] = i
	}
}

func (q *queue) removeHeadLocked() Event {
	i := q.head
	ev := q.ring[i]
	q.ring[i] = nil
	if k := q.keys[i]; k != "" {
		delete(q.slot, k)
		q.keys[i] = ""
	}
	q.head = (q.head + 1) % len(q.ring)
	q.n--
	return ev
}

// next returns the oldest event, waiting until one arrives, ctx ends, or
// the queue is closed (then it returns the close error).
func (q *queue) next(ctx context.Context) (Event, error) {
	for {
		q.mu.Lock()
		if q.closed {
			err := q.err
			q.mu.Unlock()
			return nil, err
		}
		if q.n > 0 {
			ev := q.removeHeadLocked()
			more := q.n > 0
			q.mu.Unlock()
			q.delivered.Add(1)
			signal(q.notFull)
			if more {
				signal(q.notEmpty) // pass the baton to another waiting consumer
			}
			return ev, nil
		}
		q.mu.Unlock()
		select {
		case <-q.notEmpty:
		case <-q.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// close discards the buffered events; next then returns err. It reports
// whether this call closed the queue.
func (q *queue) close(err error) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	q.closed, q.err = true, err
	clear(q.ring)
	clear(q.keys)
	clear(q.slot)
	q.n = 0
	close(q.done)
	return true
}

// length returns the number of buffered events.
func (q *queue) length() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n
}
