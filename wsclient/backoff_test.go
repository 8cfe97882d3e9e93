package wsclient

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	t.Parallel()
	lo := backoff{min: 100 * time.Millisecond, max: time.Second, rateLimited: 5 * time.Second,
		jitter: func(int64) int64 { return 0 }}
	hi := lo
	hi.jitter = func(n int64) int64 { return n - 1 }
	for _, c := range []struct {
		attempt int
		lo, hi  time.Duration
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{3, 200 * time.Millisecond, 400 * time.Millisecond},
		{4, 400 * time.Millisecond, 800 * time.Millisecond},
		{5, 500 * time.Millisecond, time.Second},
		{50, 500 * time.Millisecond, time.Second},
	} {
		if got := lo.delay(c.attempt, nil); got != c.lo {
			t.Errorf("attempt %d: low %v, want %v", c.attempt, got, c.lo)
		}
		if got := hi.delay(c.attempt, nil); got != c.hi {
			t.Errorf("attempt %d: high %v, want %v", c.attempt, got, c.hi)
		}
	}
	// Real jitter stays in [d/2, d].
	real := backoff{min: 100 * time.Millisecond, max: time.Second}
	seen := map[time.Duration]bool{}
	for range 200 {
		d := real.delay(2, nil)
		if d < 100*time.Millisecond || d > 200*time.Millisecond {
			t.Fatalf("delay %v out of [100ms, 200ms]", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Fatalf("no jitter: %d distinct delays", len(seen))
	}
	// 429: at least rateLimited, or Retry-After when longer.
	rl := fmt.Errorf("dial: %w", &HandshakeError{StatusCode: 429})
	if got := lo.delay(1, rl); got != 5*time.Second {
		t.Errorf("429 delay %v", got)
	}
	if got := lo.delay(1, &HandshakeError{StatusCode: 429, RetryAfter: time.Minute}); got != time.Minute {
		t.Errorf("429 with Retry-After delay %v", got)
	}
	if got := lo.delay(1, &HandshakeError{StatusCode: 503}); got != 50*time.Millisecond {
		t.Errorf("503 delay %v", got)
	}
	if !errors.Is(rl, ErrRateLimited) || errors.Is(rl, ErrUnauthorized) {
		t.Error("HandshakeError 429 sentinels")
	}
}
