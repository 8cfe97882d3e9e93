package middleware

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestObservePausesACategory(t *testing.T) {
	t.Parallel()
	now := time.Unix(1700000000, 0)
	l, err := NewCategoryLimiter(map[string]RateLimit{"a": {PerSecond: 100}, "b": {PerSecond: 100}}, RateLimit{PerSecond: 10},
		WithLimiterClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set("Retry-After", "2")
	l.Observe("a", http.StatusTooManyRequests, h)
	if got := l.bucket("a").pauseUntil.Sub(now); got != 2*time.Second {
		t.Errorf("429 with Retry-After 2 paused %v", got)
	}
	// The server's shared bucket is nearly empty: 5 of 150 left, 150/s.
	h = http.Header{}
	h.Set("X-Ratelimit-Remaining", "5")
	h.Set("X-Ratelimit-Burst-Capacity", "150")
	h.Set("X-Ratelimit-Replenish-Rate", "150")
	l.Observe("b", 200, h)
	if got := l.bucket("b").pauseUntil.Sub(now); got != 66666666*time.Nanosecond {
		t.Errorf("low remaining paused %v, want (15-5)/150 s", got)
	}
	h.Set("X-Ratelimit-Remaining", "100")
	before := l.bucket("b").pauseUntil
	l.Observe("b", 200, h)
	if l.bucket("b").pauseUntil != before {
		t.Error("a healthy bucket changed the pause")
	}
	// A paused category refuses a wait the deadline cannot cover.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	realNow := NewCategoryLimiterForTest(t)
	realNow.Observe("x", http.StatusTooManyRequests, http.Header{})
	if err := realNow.Wait(ctx, "x"); !errors.Is(err, ErrLimiterDeadline) {
		t.Errorf("Wait = %v", err)
	}
}

func NewCategoryLimiterForTest(t *testing.T) *CategoryLimiter {
	t.Helper()
	l, err := NewCategoryLimiter(nil, RateLimit{PerSecond: 100})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestNewCategoryLimiterRejectsBadLimits(t *testing.T) {
	t.Parallel()
	if _, err := NewCategoryLimiter(nil, RateLimit{}); err == nil {
		t.Error("zero fallback accepted")
	}
	if _, err := NewCategoryLimiter(map[string]RateLimit{"a": {PerSecond: -1}}, RateLimit{PerSecond: 1}); err == nil {
		t.Error("negative limit accepted")
	}
}
