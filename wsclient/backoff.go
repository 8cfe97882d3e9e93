package wsclient

import (
	"errors"
	"math/rand/v2"
	"time"
)

// backoff computes reconnect delays: capped exponential with "equal
// jitter" (half fixed, half random), so that the delay grows like
// min·2^n but many clients that lost their connections at the same moment
// do not dial again in lockstep.
type backoff struct {
	min, max    time.Duration
	rateLimited time.Duration
	jitter      func(n int64) int64 // [0, n); rand.Int64N by default
}

// delay returns the wait before attempt number attempt (1 = the first
// retry after a failure), given the error that ended the previous attempt.
// A 429 handshake waits at least rateLimited, or the server's Retry-After.
func (b backoff) delay(attempt int, cause error) time.Duration {
	d := b.min
	for i := 1; i < attempt && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	if half := int64(d / 2); half > 0 {
		j := b.jitter
		if j == nil {
			j = rand.Int64N
		}
		d = time.Duration(half + j(half+1))
	}
	var he *HandshakeError
	if errors.As(cause, &he) && he.StatusCode == 429 {
		d = max(d, b.rateLimited, he.RetryAfter)
	}
	return d
}
