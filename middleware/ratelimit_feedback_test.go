package middleware

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bithumb-go/bithumb/internal/ratewindow"
	"golang.org/x/time/rate"
)

// The tests of the header feedback run on the fake clock of a synctest
// bubble, or on made-up times.

func rateHeader(remaining, capacity, replenish string) http.Header {
	h := http.Header{}
	h.Set("X-Ratelimit-Remaining", remaining)
	h.Set("X-Ratelimit-Burst-Capacity", capacity)
	h.Set("X-Ratelimit-Replenish-Rate", replenish)
	return h
}

var t0 = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// TestServerViewGate: how long the next request waits for the server's
// bucket, from the last remaining count, the refill since and the
// requests still unanswered.
func TestServerViewGate(t *testing.T) {
	t.Parallel()
	v := serverView{published: 150}
	if d := v.gateDelay(t0); d != 0 {
		t.Errorf("without headers the gate waited %v", d)
	}
	v.observe(t0, rateHeader("0", "150", "150"))
	// The gate wants 1 token plus a reserve of 3 (150/50): 4 at 150/s.
	if d := v.gateDelay(t0); !near(d, 4*time.Second/150) {
		t.Errorf("server says 0 remaining: waited %v, want 4/150 s", d)
	}
	if d := v.gateDelay(t0.Add(ms(27))); d != 0 {
		t.Errorf("after the refill of 4 tokens: waited %v", d)
	}
	v.observe(t0, rateHeader("10", "150", "150"))
	for range 6 {
		v.granted(t0)
	}
	if d := v.gateDelay(t0); d != 0 {
		t.Errorf("10 remaining, 6 unanswered: waited %v", d)
	}
	v.granted(t0)
	if d := v.gateDelay(t0); !near(d, time.Second/150) {
		t.Errorf("10 remaining, 7 unanswered: waited %v, want 1/150 s", d)
	}
	v.observe(t0, rateHeader("10", "150", "150")) // one of them answered
	if d := v.gateDelay(t0); d != 0 {
		t.Errorf("10 remaining, 6 unanswered: waited %v", d)
	}
	// Unanswered requests stop counting after inflightTTL.
	v.observe(t0, rateHeader("0", "150", "0")) // no refill: ignored, one answered
	for range 400 {
		v.granted(t0)
	}
	if d := v.gateDelay(t0.Add(time.Second)); d != maxGateDelay {
		t.Errorf("400 unanswered: waited %v, want the longest wait %v", d, maxGateDelay)
	}
	v.observe(t0.Add(4*time.Second), rateHeader("150", "150", "150"))
	if d := v.gateDelay(t0.Add(inflightTTL)); d != 0 {
		t.Errorf("after inflightTTL the unanswered requests still count: waited %v", d)
	}
	// Headers older than feedbackTTL no longer steer.
	v.observe(t0.Add(5*time.Second), rateHeader("0", "150", "150"))
	if d := v.gateDelay(t0.Add(5*time.Second + feedbackTTL)); d != 0 {
		t.Errorf("stale headers still steer: waited %v", d)
	}
}

// TestRateHeadersBounded: the server is never believed beyond the
// published limit, and unusable headers are ignored.
func TestRateHeadersBounded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                           string
		header                         http.Header
		remaining, capacity, replenish float64
		ok                             bool
	}{
		{"as published", rateHeader("149", "150", "150"), 149, 150, 150, true},
		{"lower than published", rateHeader("3", "20", "10"), 3, 20, 10, true},
		{"huge", rateHeader("1000000000", "1000000000", "1000000000"), 150, 150, 150, true},
		{"remaining above the capacity", rateHeader("120", "100", "100"), 100, 100, 100, true},
		{"negative remaining", rateHeader("-7", "150", "150"), 0, 150, 150, true},
		{"overflowing remaining", rateHeader("99999999999999999999", "150", "150"), 0, 0, 0, false},
		{"fractional", rateHeader("1.5", "150", "150"), 0, 0, 0, false},
		{"no capacity", rateHeader("0", "0", "150"), 0, 0, 0, false},
		{"negative refill", rateHeader("0", "150", "-1"), 0, 0, 0, false},
		{"no refill", rateHeader("0", "150", "0"), 0, 0, 0, false},
		{"absent", http.Header{}, 0, 0, 0, false},
		{"nil", nil, 0, 0, 0, false},
	}
	for _, tt := range tests {
		r, c, p, ok := rateHeaders(tt.header, 150)
		if r != tt.remaining || c != tt.capacity || p != tt.replenish || ok != tt.ok {
			t.Errorf("%s: %v %v %v %v; want %v %v %v %v", tt.name, r, c, p, ok, tt.remaining, tt.capacity, tt.replenish, tt.ok)
		}
	}
}

// TestCategoryLimiterFollowsHeaders: the pacing follows the announced
// refill rate, never above the published limit, and returns to the static
// shape without headers.
func TestCategoryLimiterFollowsHeaders(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := mustLimiter(t, map[string]RateLimit{"a": {PerSecond: 150}}, 10)
		b := l.bucket("a")
		_, static := BucketShape(150)
		shape := func() (rate.Limit, int) {
			l.mu.Lock()
			defer l.mu.Unlock()
			return b.lim.Limit(), b.lim.Burst()
		}
		if r, burst := shape(); r != rate.Limit(static) || burst != 15 {
			t.Fatalf("without headers: %v/s, burst %d", r, burst)
		}
		l.Observe("a", 200, rateHeader("100", "150", "50"))
		if r, burst := shape(); r != rate.Limit(feedbackShare*50) || burst != 1 {
			t.Errorf("server refills 50/s: paced at %v/s, burst %d", r, burst)
		}
		l.Observe("a", 200, rateHeader("100", "100000", "100000"))
		if r, burst := shape(); r != rate.Limit(feedbackShare*150) || burst != 4 {
			t.Errorf("server claims 100000/s: paced at %v/s, burst %d; want 97%% of the published 150, 4", r, burst)
		}
		l.Observe("a", 200, http.Header{}) // no headers: the last ones hold for feedbackTTL
		time.Sleep(feedbackTTL)
		if err := l.Wait(t.Context(), "a"); err != nil {
			t.Fatal(err)
		}
		if r, burst := shape(); r != rate.Limit(static) || burst != 15 {
			t.Errorf("headers gone for %v: %v/s, burst %d; want the static shape", feedbackTTL, r, burst)
		}
	})
}

// TestServerViewWindow: a server that refills once per second is
// recognised by its remaining count jumping, and the gate then waits for
// the next boundary rather than for a continuous refill.
func TestServerViewWindow(t *testing.T) {
	t.Parallel()
	v := serverView{published: 150}
	// A continuous bucket: small refills, and a full one after a pause.
	v.observe(t0, rateHeader("20", "150", "150"))
	v.observe(t0.Add(ms(10)), rateHeader("22", "150", "150"))
	v.observe(t0.Add(2*time.Second), rateHeader("150", "150", "150"))
	if v.windowed {
		t.Fatal("a continuous refill was taken for a window")
	}
	// 145 tokens within 10 ms: a boundary passed in (t0+1.9 s, t0+2.01 s].
	v.observe(t0.Add(ms(2000)), rateHeader("5", "150", "150"))
	v.observe(t0.Add(ms(2010)), rateHeader("150", "150", "150"))
	if !v.windowed || !v.lo.Equal(t0.Add(ms(1900))) || !v.hi.Equal(t0.Add(ms(2010))) {
		t.Fatalf("windowed %v, boundary in (%v, %v]", v.windowed, v.lo.Sub(t0), v.hi.Sub(t0))
	}
	// An answer counted before that boundary arrives late: ignored.
	v.observe(t0.Add(ms(2030)), rateHeader("4", "150", "150"))
	if v.remaining != 150 {
		t.Errorf("a late answer from the last window set remaining to %v", v.remaining)
	}
	// The window is nearly spent at t0+2.6 s: no continuous refill is
	// credited, the gate waits for the boundary after it.
	v.observe(t0.Add(ms(2600)), rateHeader("2", "150", "150"))
	if d := v.gateDelay(t0.Add(ms(2700))); d != ms(3010-2700) {
		t.Errorf("2 remaining at 2.6 s: waited %v, want until the boundary at 3.01 s", d)
	}
	if d := v.gateDelay(t0.Add(ms(3010))); d != 0 {
		t.Errorf("after the boundary: waited %v", d)
	}
	// The next jump narrows the boundary to (t0+2.9 s, t0+3.005 s].
	v.observe(t0.Add(ms(3005)), rateHeader("149", "150", "150"))
	if !v.lo.Equal(t0.Add(ms(2900))) || !v.hi.Equal(t0.Add(ms(3005))) {
		t.Errorf("boundary in (%v, %v]", v.lo.Sub(t0), v.hi.Sub(t0))
	}
	// A jump that does not fit the old boundary (the server moved)
	// replaces it.
	v.observe(t0.Add(ms(3400)), rateHeader("2", "150", "150"))
	v.observe(t0.Add(ms(3500)), rateHeader("150", "150", "150"))
	if !v.lo.Equal(t0.Add(ms(3300))) || !v.hi.Equal(t0.Add(ms(3500))) {
		t.Errorf("after the server moved: boundary in (%v, %v]", v.lo.Sub(t0), v.hi.Sub(t0))
	}
}

// fakeServer is a token bucket of capacity perSecond that refills
// continuously, or all at once at each window boundary (offset past the
// whole second), and answers with Bithumb's headers.
type fakeServer struct {
	mu        sync.Mutex
	perSecond float64
	others    float64 // requests per second of other clients on the same IP
	windowed  bool
	offset    time.Duration
	tokens    float64
	last      time.Time
	ok, over  int
}

func (s *fakeServer) take() (int, http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.last.IsZero() {
		s.tokens, s.last = s.perSecond, now
	}
	if s.windowed {
		if now.Add(-s.offset).Truncate(time.Second).After(s.last.Add(-s.offset).Truncate(time.Second)) {
			s.tokens = s.perSecond
		}
	} else {
		s.tokens = math.Min(s.perSecond, s.tokens+now.Sub(s.last).Seconds()*(s.perSecond-s.others))
	}
	s.last = now
	status := http.StatusOK
	if s.tokens >= 1 {
		s.tokens--
		s.ok++
	} else {
		s.over++
		status = http.StatusTooManyRequests
	}
	p := strconv.Itoa(int(s.perSecond))
	return status, rateHeader(strconv.Itoa(int(s.tokens)), p, p)
}

// TestCategoryLimiterAtTheServersLimit: 64 goroutines against a fake
// server with latencies from 1 to 23 ms (answers overtake each other)
// reach at least 95% of the limit once the server's headers steer the
// category, with no 429, whether the server refills continuously or once
// per second at an unknown offset; against a continuous server they never
// send more than the limit in any one second, even when they all start
// before the first answer.
func TestCategoryLimiterAtTheServersLimit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		limit          int
		windowed, cold bool
		least          float64
	}{
		{150, false, false, 0.95}, {150, true, false, 0.95}, {20, false, false, 0.95}, {20, true, false, 0.95},
		// Cold: the 64 goroutines queue up at the static rate before
		// the first answer, and the static queue drains first.
		{150, false, true, 0.95}, {20, false, true, 0.85},
	} {
		t.Run(fmt.Sprintf("%d/s windowed=%v cold=%v", tc.limit, tc.windowed, tc.cold), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				const seconds = 10
				limit, windowed, cold := tc.limit, tc.windowed, tc.cold
				srv := &fakeServer{perSecond: float64(limit), windowed: windowed, offset: ms(370)}
				l := mustLimiter(t, map[string]RateLimit{"a": {PerSecond: float64(limit)}}, 1)
				if !cold {
					// One answer first: the load starts steered by headers.
					if err := l.Wait(t.Context(), "a"); err != nil {
						t.Fatal(err)
					}
					status, h := srv.take()
					l.Observe("a", status, h)
					srv.ok = 0
				}
				ctx, cancel := context.WithTimeout(t.Context(), seconds*time.Second)
				defer cancel()
				var mu sync.Mutex
				var sent []time.Time
				var wg sync.WaitGroup
				for g := range 64 {
					wg.Go(func() {
						for i := 0; ; i++ {
							if l.Wait(ctx, "a") != nil {
								return
							}
							mu.Lock()
							sent = append(sent, time.Now())
							mu.Unlock()
							latency := ms(1 + (g*7+i*13)%23)
							time.Sleep(latency / 2)
							status, h := srv.take()
							time.Sleep(latency - latency/2)
							l.Observe("a", status, h)
						}
					})
				}
				wg.Wait()
				busiest := ratewindow.Busiest(sent, time.Second)
				// The pacer lets through at most the limit in one second;
				// requests the gate held until a window boundary go out
				// when it passes, within the server's new window.
				if busiest > limit && !windowed {
					t.Errorf("%d requests sent in one second, more than the limit %d", busiest, limit)
				}
				share := float64(srv.ok) / float64(limit*seconds)
				t.Logf("%d answered (%.1f%% of the limit), %d over it, at most %d sent in one second, windowed=%v",
					srv.ok, 100*share, srv.over, busiest, l.bucket("a").view.windowed)
				if srv.over != 0 {
					t.Errorf("%d requests over the server's limit", srv.over)
				}
				if share < tc.least {
					t.Errorf("%.1f%% of the limit, want at least %.0f%%", 100*share, 100*tc.least)
				}
			})
		})
	}
}

// TestCategoryLimiterSharesTheServersBucket: when other clients on the
// same IP spend a third of the server's bucket, which only its remaining
// count shows, the limiter gives way: no 429, and most of what is left.
func TestCategoryLimiterSharesTheServersBucket(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const limit, others, seconds = 150, 50, 10
		srv := &fakeServer{perSecond: limit, others: others}
		l := mustLimiter(t, map[string]RateLimit{"a": {PerSecond: limit}}, 1)
		ctx, cancel := context.WithTimeout(t.Context(), seconds*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		for range 64 {
			wg.Go(func() {
				for l.Wait(ctx, "a") == nil {
					time.Sleep(ms(2))
					status, h := srv.take()
					time.Sleep(ms(2))
					l.Observe("a", status, h)
				}
			})
		}
		wg.Wait()
		// The first second also spends the full bucket.
		room := float64((limit-others)*seconds + limit)
		t.Logf("%d answered (%.1f%% of the room left), %d over the limit", srv.ok, 100*float64(srv.ok)/room, srv.over)
		if srv.over != 0 {
			t.Errorf("%d requests over the server's limit", srv.over)
		}
		if float64(srv.ok) < 0.8*room {
			t.Errorf("%d answered, less than 80%% of the %v left by the others", srv.ok, room)
		}
	})
}
