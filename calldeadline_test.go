package bithumb

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

// TestCallDeadlines: every call's context ends at its own deadline (start
// plus the timeout) with context.DeadlineExceeded, as Err, as Cause and as
// the cause of a context derived from it, whatever the order in which
// the calls end; a call released or whose parent ended first keeps the
// error it had; the parent never ends with it.
func TestCallDeadlines(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const timeout = 10 * time.Second
		d := &callDeadlines{timeout: timeout}
		start := time.Now()
		parent, cancelParent := context.WithCancel(context.Background())
		defer cancelParent()

		a, releaseA := d.start(context.Background())
		defer releaseA()
		child, stopChild := context.WithCancelCause(a)
		defer stopChild(nil)
		time.Sleep(3 * time.Second)
		b, releaseB := d.start(context.Background()) // released before its deadline
		c, releaseC := d.start(parent)               // its parent ends first
		defer releaseC()
		time.Sleep(2 * time.Second)
		e, releaseE := d.start(context.Background())
		defer releaseE()

		for _, x := range []context.Context{a, b, c, e} {
			if dl, ok := x.Deadline(); !ok || dl.Sub(start) < timeout || dl.Sub(start) > timeout+5*time.Second {
				t.Errorf("deadline %v after the start (%v)", dl.Sub(start), ok)
			}
		}
		releaseB()
		cancelParent()
		time.Sleep(timeout - 5*time.Second - time.Nanosecond) // just before a's deadline
		synctest.Wait()
		if a.Err() != nil || e.Err() != nil {
			t.Fatalf("before the deadlines: %v, %v", a.Err(), e.Err())
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if a.Err() != context.DeadlineExceeded || context.Cause(a) != context.DeadlineExceeded ||
			!errors.Is(context.Cause(child), context.DeadlineExceeded) || child.Err() == nil {
			t.Errorf("at a's deadline: %v, cause %v; derived %v, cause %v", a.Err(), context.Cause(a), child.Err(), context.Cause(child))
		}
		if e.Err() != nil {
			t.Errorf("e ended with a: %v", e.Err())
		}
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if e.Err() != context.DeadlineExceeded {
			t.Errorf("at e's deadline: %v", e.Err())
		}
		if b.Err() != context.Canceled || c.Err() != context.Canceled {
			t.Errorf("released %v, parent ended %v; want context.Canceled for both", b.Err(), c.Err())
		}
		if d.head != nil || d.tail != nil || d.armed {
			t.Error("expired calls are still listed, or the timer is still armed")
		}

		// A new call after the idle period arms the timer again.
		f, releaseF := d.start(context.Background())
		defer releaseF()
		time.Sleep(timeout)
		synctest.Wait()
		if f.Err() != context.DeadlineExceeded {
			t.Errorf("a call after an idle period: %v at its deadline", f.Err())
		}
	})
}

// TestCallDeadlinesConcurrent: calls that start and end on many
// goroutines at once each end at their deadline or when released, and
// leave nothing listed.
func TestCallDeadlinesConcurrent(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		d := &callDeadlines{timeout: time.Second}
		errs := make(chan error, 64)
		for i := range 64 {
			go func() {
				time.Sleep(time.Duration(i) * time.Millisecond)
				ctx, release := d.start(context.Background())
				defer release()
				if i%2 == 0 {
					errs <- nil
					return
				}
				<-ctx.Done()
				errs <- ctx.Err()
			}()
		}
		for range 64 {
			if err := <-errs; err != nil && err != context.DeadlineExceeded {
				t.Error(err)
			}
		}
		synctest.Wait()
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.head != nil || d.tail != nil {
			t.Error("calls are still listed")
		}
	})
}

// TestCallDeadlinesLostTimer: when the armed timer never fires (it
// belonged to a testing/synctest bubble that has ended), the next call
// arms another, and calls still end at their deadline.
func TestCallDeadlinesLostTimer(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		d := &callDeadlines{timeout: time.Second}
		d.armed, d.armedAt, d.gen = true, time.Now().Add(-2*time.Second), 7 // no timer of generation 7 runs
		ctx, release := d.start(context.Background())
		defer release()
		time.Sleep(time.Second)
		synctest.Wait()
		if ctx.Err() != context.DeadlineExceeded {
			t.Errorf("with the armed timer lost: %v at the deadline", ctx.Err())
		}
	})
}
