package bithumb

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sort"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bithumb-go/bithumb/internal/memnet"
	"github.com/bithumb-go/bithumb/middleware"
)

// TestRateLimitNeverExceeded hammers one category from 64 goroutines and
// counts, at the server, the requests in every one-second window. It runs
// in a synctest bubble against an in-memory server: the clock is the
// bubble's, so the count is exact whatever the machine's load, and the
// limiter must hold the category to its documented share of the limit
// (burst plus refill: 85%), which leaves Bithumb's limit itself
// untouched.
func TestRateLimitNeverExceeded(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const limit = 40
		ctx, cancel := context.WithTimeout(t.Context(), 2500*time.Millisecond)
		defer cancel()
		var mu sync.Mutex
		var stamps []time.Time
		srv := memnet.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			stamps = append(stamps, time.Now())
			if len(stamps) > 10*limit {
				// No limit at all: the bubble's clock would never move.
				cancel()
			}
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `[]`)
		}))
		defer srv.Close()
		c := newTestClient(t, srv.URL, WithHTTPClient(srv.Client()), WithRateLimit("public-other", limit))
		var wg sync.WaitGroup
		for range 64 {
			wg.Go(func() {
				for {
					_, err := c.ListMarketWarnings(ctx)
					if errors.Is(err, middleware.ErrLimiterDeadline) || ctx.Err() != nil {
						return // the next token comes after the deadline
					}
					if err != nil {
						t.Errorf("ListMarketWarnings: %v", err)
						return
					}
				}
			})
		}
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		sort.Slice(stamps, func(i, j int) bool { return stamps[i].Before(stamps[j]) })
		worst := 0
		for i := range stamps {
			j := i
			for j < len(stamps) && stamps[j].Sub(stamps[i]) < time.Second {
				j++
			}
			worst = max(worst, j-i)
		}
		t.Logf("%d requests, at most %d in any second", len(stamps), worst)
		if worst > limit*85/100 {
			t.Errorf("%d requests in one second, limit %d: more than the 85%% the limiter promises", worst, limit)
		}
		if worst < limit*75/100 {
			t.Errorf("only %d requests per second got through; the limiter is far too strict", worst)
		}
		if len(stamps) < 2*limit*75/100 {
			t.Errorf("only %d requests in 2.5 s", len(stamps))
		}
	})
}
