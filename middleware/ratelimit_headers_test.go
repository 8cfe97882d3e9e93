package middleware

import (
	"net/http"
	"testing"
)

func TestRateLimitHeaders(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		h                        http.Header
		remaining, burst, refill int
		ok                       bool
	}{
		{"absent", http.Header{}, 0, 0, 0, false},
		{"all three", http.Header{"X-Ratelimit-Remaining": {"7"}, "X-Ratelimit-Burst-Capacity": {"150"}, "X-Ratelimit-Replenish-Rate": {"140"}}, 7, 150, 140, true},
		{"one missing", http.Header{"X-Ratelimit-Remaining": {"7"}, "X-Ratelimit-Burst-Capacity": {"150"}}, 0, 0, 0, false},
		{"not a number", http.Header{"X-Ratelimit-Remaining": {"x"}, "X-Ratelimit-Burst-Capacity": {"150"}, "X-Ratelimit-Replenish-Rate": {"140"}}, 0, 0, 0, false},
	} {
		r, b, p, ok := rateLimitHeaders(tc.h)
		if r != tc.remaining || b != tc.burst || p != tc.refill || ok != tc.ok {
			t.Errorf("%s: rateLimitHeaders = %d, %d, %d, %t; want %d, %d, %d, %t", tc.name, r, b, p, ok, tc.remaining, tc.burst, tc.refill, tc.ok)
		}
	}
}

// A server that sends no x-ratelimit-* headers costs the limiter no
// allocation per response.
func TestRateLimitHeadersAbsentAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	h := http.Header{"Content-Type": {"application/json"}}
	if n := testing.AllocsPerRun(100, func() { rateLimitHeaders(h) }); n != 0 {
		t.Errorf("rateLimitHeaders without the headers: %v allocations, want 0", n)
	}
}
