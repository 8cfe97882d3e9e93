package middleware

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestCategoryLimiterWindow drives Wait from 16 goroutines for 5 s of a
// synctest bubble's clock and counts the grants in every one-second
// window: never more than 85% of the limit (the burst of 10% plus the
// refill of 75%), and that much once the bucket is spent.
func TestCategoryLimiterWindow(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const limit = 100
		l, err := NewCategoryLimiter(map[string]RateLimit{"a": {PerSecond: limit}}, RateLimit{PerSecond: 1})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		var mu sync.Mutex
		var grants []time.Time
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				for ctx.Err() == nil && l.Wait(ctx, "a") == nil {
					mu.Lock()
					grants = append(grants, time.Now())
					stop := len(grants) > 10*limit // no limit at all: the clock would never move
					mu.Unlock()
					if stop {
						cancel()
					}
				}
			})
		}
		wg.Wait()
		worst, least := 0, len(grants)
		for i := range grants {
			j := i
			for j < len(grants) && grants[j].Sub(grants[i]) < time.Second {
				j++
			}
			worst = max(worst, j-i)
			if grants[i].Sub(grants[0]) >= time.Second && grants[len(grants)-1].Sub(grants[i]) >= time.Second {
				least = min(least, j-i) // a full window after the burst
			}
		}
		t.Logf("%d grants, %d to %d in a one-second window", len(grants), least, worst)
		if worst > limit*85/100 {
			t.Errorf("%d grants in one second, more than 85%% of %d", worst, limit)
		}
		if least < limit*75/100 {
			t.Errorf("only %d grants in a one-second window, less than the 75%% refill of %d", least, limit)
		}
	})
}

// TestObservedPauseWaits: after a 429 with Retry-After, Wait holds the
// category for exactly that long and leaves the others alone.
func TestObservedPauseWaits(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l, err := NewCategoryLimiter(nil, RateLimit{PerSecond: 100})
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{}
		h.Set("Retry-After", "2")
		l.Observe("a", http.StatusTooManyRequests, h)
		start := time.Now()
		if err := l.Wait(t.Context(), "b"); err != nil || time.Since(start) != 0 {
			t.Fatalf("another category waited %v: %v", time.Since(start), err)
		}
		if err := l.Wait(t.Context(), "a"); err != nil {
			t.Fatal(err)
		}
		if el := time.Since(start); el != 2*time.Second {
			t.Errorf("the paused category waited %v, want the 2s of Retry-After", el)
		}
		// A context that ends during the pause ends the wait.
		l.Observe("a", http.StatusTooManyRequests, h)
		ctx, cancel := context.WithCancel(t.Context())
		errc := make(chan error)
		go func() { errc <- l.Wait(ctx, "a") }()
		time.Sleep(time.Second)
		cancel()
		canceled := time.Now()
		if err := <-errc; err != context.Canceled || time.Since(canceled) != 0 {
			t.Errorf("Wait = %v %v after the context was canceled, a second before the pause ends", err, time.Since(canceled))
		}
	})
}
