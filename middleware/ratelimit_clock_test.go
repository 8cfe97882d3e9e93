package middleware

import (
	"context"
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
