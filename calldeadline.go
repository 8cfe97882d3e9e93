package bithumb

import (
	"context"
	"sync"
	"time"
)

// callDeadlines gives each call of a Client the deadline of WithTimeout
// without a runtime timer per call: one timer, armed for the earliest
// deadline of the calls in flight, expires them in turn. Every call has
// the same timeout, so the calls' deadlines follow the order in which
// they started, and the earliest is the oldest call still in flight.
//
// A timer per call (context.WithTimeout) costs no measurable CPU, but on
// loopback it made a raw net/http GET about 3 % slower than the same GET
// under a context.WithCancel (BenchmarkRoundTripAlternating's method,
// docs/benchmarks.md): adding and removing a timer of the runtime's
// heaps per call is what this saves.
type callDeadlines struct {
	timeout time.Duration

	mu         sync.Mutex
	head, tail *deadlineCtx // the calls in flight, oldest first
	armed      bool         // a timer will fire at armedAt, no later than head's deadline
	armedAt    time.Time
	gen        uint64 // the armed timer's; an older timer's firing does nothing
}

// overdue is how late the armed timer may be before a call arms a new
// one: a timer of a testing/synctest bubble that has ended never fires.
const overdue = time.Second

// deadlineCtx is a call's context: its parent's cancellation, and
// DeadlineExceeded at its deadline, as context.WithTimeout's context.
// Contexts derived from it (net/http's) are children of its cancelCtx,
// with context.DeadlineExceeded as their cause once it expires.
type deadlineCtx struct {
	context.Context // a context.WithCancelCause of the parent
	cancel          context.CancelCauseFunc
	deadline        time.Time
	prev, next      *deadlineCtx
	listed          bool
}

// Deadline returns the call's deadline (never later than its parent's:
// see withCallTimeout).
func (c *deadlineCtx) Deadline() (time.Time, bool) { return c.deadline, true }

// Err returns context.DeadlineExceeded once the deadline expired the
// context first, and the parent's error once the parent ended it first.
func (c *deadlineCtx) Err() error {
	err := c.Context.Err()
	if err != nil && context.Cause(c.Context) == context.DeadlineExceeded {
		return context.DeadlineExceeded
	}
	return err
}

// start returns a context for a call under parent that expires at the
// timeout, and the function that releases it.
func (d *callDeadlines) start(parent context.Context) (context.Context, context.CancelFunc) {
	inner, cancel := context.WithCancelCause(parent)
	c := &deadlineCtx{Context: inner, cancel: cancel}
	d.mu.Lock()
	c.deadline = time.Now().Add(d.timeout)
	c.prev, c.listed = d.tail, true
	if d.tail != nil {
		d.tail.next = c
	} else {
		d.head = c
	}
	d.tail = c
	if !d.armed || c.deadline.Sub(d.armedAt) > d.timeout+overdue {
		// An armed timer fires by the head's deadline, which is no later
		// than c's: only an idle or lost timer needs replacing.
		d.arm(d.head.deadline)
	}
	d.mu.Unlock()
	return c, func() {
		d.mu.Lock()
		d.unlist(c)
		d.mu.Unlock()
		cancel(context.Canceled)
	}
}

// arm starts a timer that fires at t; d.mu is held. Timers are never
// stopped or reset, only superseded: a timer may be touched only inside
// the testing/synctest bubble that created it, and a Client may be
// created outside the bubble that first uses it.
func (d *callDeadlines) arm(t time.Time) {
	d.gen++
	gen := d.gen
	d.armed, d.armedAt = true, t
	time.AfterFunc(time.Until(t), func() { d.fire(gen) })
}

// unlist removes c from the calls in flight; d.mu is held.
func (d *callDeadlines) unlist(c *deadlineCtx) {
	if !c.listed {
		return
	}
	if c.prev != nil {
		c.prev.next = c.next
	} else {
		d.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	} else {
		d.tail = c.prev
	}
	c.prev, c.next, c.listed = nil, nil, false
}

// fire expires the calls whose deadline has come and arms a timer for
// the next one, unless a later timer (generation) superseded this one.
func (d *callDeadlines) fire(gen uint64) {
	d.mu.Lock()
	if gen != d.gen {
		d.mu.Unlock()
		return
	}
	now := time.Now()
	var expired []*deadlineCtx
	for d.head != nil && !d.head.deadline.After(now) {
		c := d.head
		d.unlist(c)
		expired = append(expired, c)
	}
	d.armed = false
	if d.head != nil {
		d.arm(d.head.deadline)
	}
	d.mu.Unlock()
	for _, c := range expired {
		c.cancel(context.DeadlineExceeded)
	}
}
