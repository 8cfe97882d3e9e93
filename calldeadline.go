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
	timer      *time.Timer  // fires d.fire; created by the first call
	armed      bool         // the timer is set to fire at or before head's deadline
}

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
	if !d.armed {
		// An armed timer fires by the head's deadline, which is no later
		// than c's: only an idle timer needs setting.
		d.arm(c.deadline)
	}
	d.mu.Unlock()
	return c, func() {
		d.mu.Lock()
		d.unlist(c)
		d.mu.Unlock()
		cancel(context.Canceled)
	}
}

// arm sets the timer to fire at t; d.mu is held.
func (d *callDeadlines) arm(t time.Time) {
	d.armed = true
	if d.timer == nil {
		d.timer = time.AfterFunc(time.Until(t), d.fire)
		return
	}
	d.timer.Reset(time.Until(t))
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

// fire expires the calls whose deadline has come and sets the timer for
// the next one.
func (d *callDeadlines) fire() {
	d.mu.Lock()
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
