package bithumb

import (
	"context"
	"testing"
	"time"
)

// TestCallTimeoutAppliedOnce: withCallTimeout gives a call the earlier of
// ctx's deadline and WithTimeout's, and wraps ctx only when its own
// deadline is the earlier: a call inside a bounded placement, or under a
// caller's shorter deadline, runs on ctx itself; cancelling the result
// never cancels ctx.
func TestCallTimeoutAppliedOnce(t *testing.T) {
	t.Parallel()
	c, err := New(WithTimeout(time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	short, cancelShort := context.WithTimeout(context.Background(), time.Minute)
	defer cancelShort()
	ctx, cancel := c.withCallTimeout(short)
	if ctx != short {
		t.Errorf("under a deadline within WithTimeout, the call got a new context %v", ctx)
	}
	cancel()
	if short.Err() != nil {
		t.Error("the call's cancel cancelled the caller's context")
	}

	before := time.Now()
	for _, parent := range []context.Context{context.Background(), func() context.Context {
		long, cancelLong := context.WithTimeout(context.Background(), 2*time.Hour)
		t.Cleanup(cancelLong)
		return long
	}()} {
		ctx, cancel := c.withCallTimeout(parent)
		dl, ok := ctx.Deadline()
		if !ok || dl.Before(before.Add(time.Hour)) || dl.After(time.Now().Add(time.Hour)) {
			t.Errorf("under %v the call's deadline is %v (%v), want WithTimeout's", parent, dl, ok)
		}
		cancel()
		if ctx.Err() == nil || parent.Err() != nil {
			t.Errorf("cancel: the call's context %v, the parent's %v", ctx.Err(), parent.Err())
		}
	}

	none, err := New(WithTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	if ctx, _ := none.withCallTimeout(context.Background()); ctx != context.Background() {
		t.Errorf("WithTimeout(0): the call got a new context %v", ctx)
	}
}
