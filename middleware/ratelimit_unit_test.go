package middleware

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// The limiter's waits in this file run on the fake clock of a synctest
// bubble: the durations are exact, and nothing waits in real time.

// TestTokenBucketShape: a bucket bursts 10% of the limit (at least one
// request) and refills at 85% of it less the burst, or at half the limit
// when that leaves nothing to refill.
func TestTokenBucketShape(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		perSecond float64
		burst     int
		refill    float64
	}{
		{150, 15, 112.5},
		{100, 10, 75},
		{20, 2, 15},
		{10, 1, 7.5},
		{5, 1, 3.25},
		{20.0 / 17, 1, 10.0 / 17}, // 85% of it is exactly the burst of 1
		{1, 1, 0.5},
		{0.5, 1, 0.25},
	} {
		lim := newTokenBucket(tt.perSecond)
		if lim.Burst() != tt.burst || math.Abs(float64(lim.Limit())-tt.refill) > 1e-9 {
			t.Errorf("newTokenBucket(%v): burst %d, refill %v; want %d, %v", tt.perSecond, lim.Burst(), lim.Limit(), tt.burst, tt.refill)
		}
	}
}

// TestNewCategoryLimiterRejectsNonPositiveLimits: zero and negative limits
// are refused, for a category and for the fallback.
func TestNewCategoryLimiterRejectsNonPositiveLimits(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		limits   map[string]RateLimit
		fallback RateLimit
		ok       bool
	}{
		{nil, RateLimit{PerSecond: 1}, true},
		{map[string]RateLimit{"orders": {PerSecond: 0.1}}, RateLimit{PerSecond: 0.1}, true},
		{nil, RateLimit{PerSecond: 0}, false},
		{nil, RateLimit{PerSecond: -5}, false},
		{map[string]RateLimit{"orders": {PerSecond: 0}}, RateLimit{PerSecond: 1}, false},
		{map[string]RateLimit{"orders": {PerSecond: -1}}, RateLimit{PerSecond: 1}, false},
	} {
		l, err := NewCategoryLimiter(tt.limits, tt.fallback)
		if (err == nil) != tt.ok || (l != nil) != tt.ok {
			t.Errorf("NewCategoryLimiter(%v, %v) = %v, %v", tt.limits, tt.fallback, l, err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "middleware: ") {
			t.Errorf("error %q", err)
		}
	}
}

func TestErrLimiterDeadline(t *testing.T) {
	t.Parallel()
	if !errors.Is(ErrLimiterDeadline, context.DeadlineExceeded) {
		t.Error("ErrLimiterDeadline does not match context.DeadlineExceeded")
	}
	if errors.Is(ErrLimiterDeadline, context.Canceled) || errors.Is(ErrLimiterDeadline, ErrNoCredentials) {
		t.Error("ErrLimiterDeadline matches an unrelated error")
	}
	if !strings.Contains(ErrLimiterDeadline.Error(), "deadline") {
		t.Errorf("text %q", ErrLimiterDeadline.Error())
	}
}

// mustLimiter builds a CategoryLimiter; call it inside the bubble.
func mustLimiter(t *testing.T, limits map[string]RateLimit, fallback float64, opts ...LimiterOption) *CategoryLimiter {
	t.Helper()
	l, err := NewCategoryLimiter(limits, RateLimit{PerSecond: fallback}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// timedWait returns Wait's error and how long it took on the fake clock.
func timedWait(ctx context.Context, l Limiter, category string) (time.Duration, error) {
	start := time.Now()
	err := l.Wait(ctx, category)
	return time.Since(start), err
}

func near(got, want time.Duration) bool { return (got - want).Abs() <= time.Microsecond }

// TestCategoryLimiterPaces: the burst passes at once, then requests are
// spaced at the refill rate; categories have their own buckets, unknown
// ones the fallback's, and a cap adds a second bucket.
func TestCategoryLimiterPaces(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := mustLimiter(t, map[string]RateLimit{"public": {PerSecond: 100}, "orders": {PerSecond: 100}}, 20, WithCap("orders", 10))
		ctx := t.Context()
		for i := range 10 {
			if d, err := timedWait(ctx, l, "public"); err != nil || d != 0 {
				t.Fatalf("request %d of the burst waited %v, %v", i+1, d, err)
			}
		}
		if d, err := timedWait(ctx, l, "public"); err != nil || !near(d, time.Second/75) {
			t.Errorf("the 11th request waited %v, %v; want 1/75 s", d, err)
		}
		// The fallback (20/s: burst 2, refill 15/s) is per category too.
		for _, c := range []string{"a", "a", "b", "b"} {
			if d, err := timedWait(ctx, l, c); err != nil || d != 0 {
				t.Errorf("category %s waited %v, %v within its burst", c, d, err)
			}
		}
		if d, err := timedWait(ctx, l, "a"); err != nil || !near(d, time.Second/15) {
			t.Errorf("the third request of a waited %v, %v; want 1/15 s", d, err)
		}
		// orders: its own bucket has room for 10, the cap (10/s: burst 1,
		// refill 7.5/s) for one.
		if d, err := timedWait(ctx, l, "orders"); err != nil || d != 0 {
			t.Errorf("the first order waited %v, %v", d, err)
		}
		if d, err := timedWait(ctx, l, "orders"); err != nil || !near(d, time.Second*2/15) {
			t.Errorf("the second order waited %v, %v; want 1/7.5 s", d, err)
		}
	})
}

// TestCategoryLimiterDeadlines: a wait that cannot end before the
// context's deadline fails at once with ErrLimiterDeadline; a done
// context fails with its own error.
func TestCategoryLimiterDeadlines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		category string
		timeout  time.Duration // 0: canceled before the wait
		wantErr  error
		wantWait time.Duration
	}{
		{"bucket, deadline too close", "slow", time.Second, ErrLimiterDeadline, 0},
		{"bucket, deadline far enough", "slow", 3 * time.Second, nil, 2 * time.Second},
		{"bucket, canceled", "slow", 0, context.Canceled, 0},
		{"cap, deadline too close", "capped", time.Second, ErrLimiterDeadline, 0},
		{"cap, deadline far enough", "capped", 3 * time.Second, nil, 2 * time.Second},
		{"cap, canceled", "capped", 0, context.Canceled, 0},
		{"pause, deadline too close", "paused", 4 * time.Second, ErrLimiterDeadline, 0},
		{"pause, deadline far enough", "paused", 6 * time.Second, nil, 5 * time.Second},
		{"pause, canceled", "paused", 0, context.Canceled, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				// slow: 1/s, burst 1, refill 0.5/s. capped: its own
				// bucket is wide, the cap is 1/s.
				l := mustLimiter(t, map[string]RateLimit{"slow": {PerSecond: 1}, "capped": {PerSecond: 100}, "paused": {PerSecond: 100}}, 100,
					WithCap("capped", 1))
				h := http.Header{}
				h.Set("Retry-After", "5")
				l.Observe("paused", http.StatusTooManyRequests, h)
				if tt.category != "paused" {
					if err := l.Wait(t.Context(), tt.category); err != nil {
						t.Fatal(err)
					}
				}
				var ctx context.Context
				var cancel context.CancelFunc
				if tt.timeout > 0 {
					ctx, cancel = context.WithTimeout(t.Context(), tt.timeout)
				} else {
					ctx, cancel = context.WithCancel(t.Context())
					cancel()
				}
				defer cancel()
				d, err := timedWait(ctx, l, tt.category)
				if err != tt.wantErr {
					t.Errorf("Wait = %v, want %v", err, tt.wantErr)
				}
				if err != nil && tt.wantErr == ErrLimiterDeadline && !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("%v does not match context.DeadlineExceeded", err)
				}
				if !near(d, tt.wantWait) {
					t.Errorf("waited %v, want %v", d, tt.wantWait)
				}
			})
		})
	}
}

// TestCategoryLimiterPauseBoundaries: a pause that ends exactly at the
// deadline is waited for; a pause that ends exactly now is over, so an
// expired context fails with its own error, not ErrLimiterDeadline.
func TestCategoryLimiterPauseBoundaries(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := mustLimiter(t, nil, 100)
		h := http.Header{}
		h.Set("Retry-After", "5")
		l.Observe("c", http.StatusTooManyRequests, h)
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		// At the deadline, the end of the pause and the context's end
		// race; either way the limiter has waited the 5 s.
		if d, err := timedWait(ctx, l, "c"); d != 5*time.Second || (err != nil && err != context.DeadlineExceeded) {
			t.Errorf("a pause ending at the deadline: waited %v, %v", d, err)
		}

		l.Observe("d", http.StatusTooManyRequests, h)
		advance(5 * time.Second)
		expired, cancel2 := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
		defer cancel2()
		if err := l.Wait(expired, "d"); err != context.DeadlineExceeded {
			t.Errorf("a pause that ended now, with an expired context: %v, want context.DeadlineExceeded", err)
		}
	})
}

// TestCategoryLimiterCanceledWhileWaiting: a cancel ends a wait for the
// pause or for a token at once.
func TestCategoryLimiterCanceledWhileWaiting(t *testing.T) {
	t.Parallel()
	for _, paused := range []bool{true, false} {
		synctest.Test(t, func(t *testing.T) {
			l := mustLimiter(t, nil, 1)
			if paused {
				l.Observe("x", http.StatusTooManyRequests, http.Header{})
			} else if err := l.Wait(t.Context(), "x"); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			start := time.Now()
			go func() { done <- l.Wait(ctx, "x") }()
			synctest.Wait()
			advance(100 * time.Millisecond)
			cancel()
			if err := <-done; err != context.Canceled {
				t.Errorf("paused %v: Wait = %v, want context.Canceled", paused, err)
			}
			if d := time.Since(start); d != 100*time.Millisecond {
				t.Errorf("paused %v: the cancel ended the wait after %v", paused, d)
			}
		})
	}
}

// TestCategoryLimiterFeedback: what each answer does to the category's
// next request.
func TestCategoryLimiterFeedback(t *testing.T) {
	t.Parallel()
	ratelimit := func(remaining, burst, replenish string) []string {
		return []string{"X-Ratelimit-Remaining", remaining, "X-Ratelimit-Burst-Capacity", burst, "X-Ratelimit-Replenish-Rate", replenish}
	}
	tests := []struct {
		name   string
		status int
		header []string
		pause  time.Duration
	}{
		{"429 with Retry-After", 429, []string{"Retry-After", "2"}, 2 * time.Second},
		{"429 with a fractional Retry-After", 429, []string{"Retry-After", "0.25"}, 250 * time.Millisecond},
		{"429 with a date", 429, []string{"Retry-After", "Sat, 01 Jan 2000 00:00:07 GMT"}, 7 * time.Second},
		{"429 without Retry-After", 429, nil, time.Second},
		{"429 with an unreadable Retry-After", 429, []string{"Retry-After", "later"}, time.Second},
		{"429 with low remaining headers", 429, ratelimit("0", "100", "100"), time.Second},
		{"200 with Retry-After", 200, []string{"Retry-After", "9"}, 0},
		{"503 with Retry-After", 503, []string{"Retry-After", "9"}, 0},
		{"server bucket nearly empty", 200, ratelimit("5", "150", "150"), 66666666},
		{"server bucket empty", 200, ratelimit("0", "100", "50"), 200 * time.Millisecond},
		{"server bucket empty, slow refill", 400, ratelimit("0", "30", "3"), time.Second},
		{"server bucket just above the low water", 200, ratelimit("16", "150", "150"), 0},
		{"server bucket at the low water", 200, ratelimit("15", "150", "150"), 0},
		{"server bucket full", 200, ratelimit("150", "150", "150"), 0},
		{"no refill announced", 200, ratelimit("0", "150", "0"), 0},
		{"negative refill", 200, ratelimit("0", "150", "-5"), 0},
		{"remaining missing", 200, ratelimit("", "150", "150"), 0},
		{"burst missing", 200, ratelimit("0", "", "150"), 0},
		{"refill missing", 200, ratelimit("0", "150", ""), 0},
		{"unreadable remaining", 200, ratelimit("few", "150", "150"), 0},
		{"no headers", 200, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				l := mustLimiter(t, nil, 1000)
				h := http.Header{}
				for i := 0; i+1 < len(tt.header); i += 2 {
					if tt.header[i+1] != "" {
						h.Set(tt.header[i], tt.header[i+1])
					}
				}
				l.Observe("c", tt.status, h)
				if d, err := timedWait(t.Context(), l, "c"); err != nil || !near(d, tt.pause) {
					t.Errorf("the next request waited %v, %v; want %v", d, err, tt.pause)
				}
				if d, err := timedWait(t.Context(), l, "other"); err != nil || d != 0 {
					t.Errorf("another category waited %v, %v", d, err)
				}
			})
		})
	}
}

// TestCategoryLimiterPausesOnlyLengthen: a shorter pause never cuts a
// longer one short, and a pause that has passed is gone.
func TestCategoryLimiterPausesOnlyLengthen(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := mustLimiter(t, nil, 1000)
		long, short := http.Header{}, http.Header{}
		long.Set("Retry-After", "10")
		short.Set("Retry-After", "1")
		l.Observe("c", 429, long)
		l.Observe("c", 429, short)
		if d, err := timedWait(t.Context(), l, "c"); err != nil || d != 10*time.Second {
			t.Errorf("waited %v, %v; want the longer 10 s", d, err)
		}
		if d, err := timedWait(t.Context(), l, "c"); err != nil || d != 0 {
			t.Errorf("after the pause: waited %v, %v", d, err)
		}
		l.Observe("c", 429, short)
		advance(time.Second)
		if d, err := timedWait(t.Context(), l, "c"); err != nil || d != 0 {
			t.Errorf("a pause that has passed: waited %v, %v", d, err)
		}
	})
}

// TestLimiterClockOption: the feedback pauses read the injected clock.
func TestLimiterClockOption(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// Observe dates the end of the pause on the injected clock, and
		// Wait measures what is left of it on the same clock.
		offset := 3 * time.Second
		l := mustLimiter(t, nil, 1000, WithLimiterClock(func() time.Time { return time.Now().Add(offset) }))
		h := http.Header{}
		h.Set("Retry-After", "5")
		l.Observe("c", 429, h)
		offset = 4 * time.Second // the limiter's clock jumps by a second
		if d, err := timedWait(t.Context(), l, "c"); err != nil || d != 4*time.Second {
			t.Errorf("waited %v, %v; want 4 s", d, err)
		}
	})
}

// fakeLimiter records the calls of Limit.
type fakeLimiter struct {
	mu       sync.Mutex
	waits    []string
	observed []string
	waitErr  error
}

func (f *fakeLimiter) Wait(_ context.Context, category string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waits = append(f.waits, category)
	return f.waitErr
}

func (f *fakeLimiter) Observe(category string, status int, header http.Header) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.observed = append(f.observed, category+" "+http.StatusText(status)+" "+header.Get("X-Ratelimit-Remaining"))
}

// TestLimit: the layer waits for the category of the request's
// Endpoint before every attempt, sends nothing when the wait fails, and
// feeds every answer back, and a failure as status 0 without headers.
func TestLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		e        *Endpoint
		waitErr  error
		script   []outcome
		waits    string
		observed string
		sent     int
		wantErr  error
	}{
		{"answer", &safeEndpoint, nil, []outcome{answer(200, `{}`, "X-Ratelimit-Remaining", "7")}, "private-other", "private-other OK 7", 1, nil},
		{"429", &reconcileEndpoint, nil, []outcome{answer(429, ``)}, "orders", "orders Too Many Requests ", 1, nil},
		{"no endpoint", nil, nil, []outcome{answer(404, ``)}, "", " Not Found ", 1, nil},
		{"transport failure", &safeEndpoint, nil, []outcome{failWith(readReset)}, "private-other", "private-other  ", 1, readReset},
		{"wait fails", &safeEndpoint, ErrLimiterDeadline, []outcome{answer(200, `{}`)}, "private-other", "", 0, ErrLimiterDeadline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lim := &fakeLimiter{waitErr: tt.waitErr}
			s := script(tt.script...)
			resp, err := Limit(lim)(s).RoundTrip(newRequest(t, t.Context(), tt.e, ""))
			if resp != nil {
				resp.Body.Close()
			}
			if err != tt.wantErr || (err == nil) != (resp != nil) {
				t.Errorf("RoundTrip = %v, %v; want error %v", resp, err, tt.wantErr)
			}
			if got := strings.Join(lim.waits, ","); got != tt.waits {
				t.Errorf("waited for %q, want %q", got, tt.waits)
			}
			if got := strings.Join(lim.observed, ","); got != tt.observed {
				t.Errorf("observed %q, want %q", got, tt.observed)
			}
			if got := len(s.attempts()); got != tt.sent {
				t.Errorf("sent %d, want %d", got, tt.sent)
			}
		})
	}
}

// TestLimitUnderRetry: under the retry layer every attempt waits
// for the limiter, so a pause that an answer asked for delays the retry
// past a shorter backoff.
func TestLimitUnderRetry(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := mustLimiter(t, nil, 100)
		// The server's bucket is empty and refills 10 a second: the
		// limiter pauses the category until it holds 10 again.
		s := script(answer(503, ``, "X-Ratelimit-Remaining", "0", "X-Ratelimit-Burst-Capacity", "100", "X-Ratelimit-Replenish-Rate", "10"), answer(200, `{}`))
		rt := Retry(RetryConfig{MinBackoff: time.Millisecond, Rand: always(0)})(Limit(l)(s))
		status, _, err := roundTrip(t, rt, newRequest(t, t.Context(), &safeEndpoint, ""))
		if err != nil || status != 200 {
			t.Fatalf("got %d, %v", status, err)
		}
		if gaps := s.gaps(); len(gaps) != 1 || !near(gaps[0], time.Second) {
			t.Errorf("waits %v, want the limiter's 1 s pause", gaps)
		}
	})
}
