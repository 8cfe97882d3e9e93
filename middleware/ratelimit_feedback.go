package middleware

import (
	"math"
	"net/http"
	"time"
)

// The feedback a CategoryLimiter takes from the server's x-ratelimit-*
// headers. While a category's answers carry them, the limiter knows the
// server's bucket (its capacity, its refill rate and what it holds), so it
// no longer needs the static headroom of BucketShape: it paces at
// feedbackShare of the rate the server announces (never above the
// published limit), and before each request checks a conservative
// estimate of what the server's bucket still holds, the last remaining
// count plus the refill since, less every request sent and not yet
// answered. A server that refills once per window rather than
// continuously (one that counts per second) is recognised by its
// remaining count jumping by more than a continuous refill allows; from
// then on the limiter credits the refill only once a window boundary has
// certainly passed, which aligns its requests to the server's windows.

const (
	// feedbackShare is the share of the server's announced refill rate
	// (at most the published limit) at which a category is paced while
	// the server's headers are fresh.
	feedbackShare = 0.97
	// feedbackTTL is how long the last headers steer a category; after
	// that it falls back to BucketShape's static pacing.
	feedbackTTL = 5 * time.Second
	// inflightTTL is how long a granted request counts as not yet
	// answered when no answer is fed back (a Wait outside Limit).
	inflightTTL = 5 * time.Second
	// serverWindow is the window of a server that refills per window:
	// Bithumb's limits are per second.
	serverWindow = time.Second
	// maxLatency is how long before its answer arrives a request is
	// taken to have been counted when no request was seen leaving.
	maxLatency = 100 * time.Millisecond
	// maxGateDelay bounds one wait of the gate, after which the estimate
	// is read again.
	maxGateDelay = serverWindow
)

// serverView is a category's estimate of the server's bucket. The zero
// value knows nothing (static pacing). Its methods need the limiter's mu.
type serverView struct {
	published float64 // the category's configured limit

	known     bool          // valid headers were seen
	seen      time.Time     // when the last valid headers arrived
	capacity  float64       // burst capacity, at most published
	replenish float64       // refill per second, at most published
	remaining float64       // the last remaining count, at most capacity
	latency   time.Duration // it was counted at most this long before seen
	inflight  []time.Time

	// windowed: the server refills once per serverWindow; one of its
	// boundaries lies in (lo, hi].
	// jumped is when the last refill at a boundary was seen.
	windowed bool
	lo, hi   time.Time
	jumped   time.Time
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// rateHeaders reads the x-ratelimit-* headers, bounded by published: a
// capacity or refill rate above the published limit is taken as the
// published limit, remaining is clamped to [0, capacity]. ok is false when
// a header is missing, unreadable, or announces no capacity or no refill.
func rateHeaders(h http.Header, published float64) (remaining, capacity, replenish float64, ok bool) {
	r, b, p, ok := rateLimitHeaders(h)
	if !ok || b <= 0 || p <= 0 {
		return 0, 0, 0, false
	}
	capacity = math.Min(float64(b), published)
	replenish = math.Min(float64(p), published)
	remaining = math.Max(0, math.Min(float64(r), capacity))
	return remaining, capacity, replenish, true
}

// fresh reports whether headers steer the category at now.
func (v *serverView) fresh(now time.Time) bool {
	return v.known && now.Sub(v.seen) < feedbackTTL
}

// granted records a request let through at now.
func (v *serverView) granted(now time.Time) {
	v.inflight = append(v.inflight, now)
}

// observe takes an answer received at now (header nil: no answer).
func (v *serverView) observe(now time.Time, header http.Header) {
	// The oldest request not yet answered was sent no later than this
	// one: its age bounds how long ago this answer was counted.
	latency := maxLatency
	if len(v.inflight) > 0 {
		latency = now.Sub(v.inflight[0])
		v.inflight = v.inflight[1:]
	}
	remaining, capacity, replenish, ok := rateHeaders(header, v.published)
	if !ok {
		return
	}
	if v.windowed && remaining < v.remaining && now.Sub(v.jumped) < maxLatency {
		// Counted before the boundary whose refill was just seen.
		return
	}
	if v.known {
		// A continuous refill between the two counts adds at most
		// replenish per second of the time between them; a window's
		// refill gives back what the window spent, most of the bucket
		// when the category runs at the limit.
		dt := now.Sub(v.seen) + v.latency
		if rise := remaining - v.remaining; rise > capacity/2 && rise > replenish*dt.Seconds()+1 {
			v.alignWindow(v.seen.Add(-v.latency), now)
		}
	}
	v.known, v.seen, v.latency = true, now, latency
	v.capacity, v.replenish, v.remaining = capacity, replenish, remaining
}

// alignWindow records that a window boundary lies in (lo, hi], narrowing
// what was known when the two intervals overlap modulo the window.
func (v *serverView) alignWindow(lo, hi time.Time) {
	v.jumped = hi
	if v.windowed {
		// Move the old interval by whole windows next to the new one and
		// keep the overlap; without one, the server moved: start over.
		k := hi.Sub(v.hi).Round(serverWindow) / serverWindow
		oldLo, oldHi := v.lo.Add(k*serverWindow), v.hi.Add(k*serverWindow)
		if nlo, nhi := later(lo, oldLo), earlier(hi, oldHi); nlo.Before(nhi) {
			lo, hi = nlo, nhi
		}
	}
	v.windowed, v.lo, v.hi = true, lo, hi
}

// reserve is how many tokens the gate leaves in the server's bucket, for
// answers arriving out of order: 2% of it, at least 1 (none in a bucket
// of 1).
func (v *serverView) reserve() float64 {
	return math.Max(0, math.Min(math.Max(1, v.capacity/50), v.capacity-1))
}

// estimate returns what the server's bucket holds at now, at least.
func (v *serverView) estimate(now time.Time) float64 {
	cut := 0
	for cut < len(v.inflight) && now.Sub(v.inflight[cut]) >= inflightTTL {
		cut++
	}
	v.inflight = v.inflight[cut:]
	var credit float64
	if v.windowed {
		if !now.Before(v.nextRefill()) {
			credit = v.replenish * serverWindow.Seconds()
		}
	} else {
		credit = v.replenish * now.Sub(v.seen).Seconds()
	}
	return math.Min(v.capacity, v.remaining+credit) - float64(len(v.inflight))
}

// nextRefill returns the first time at which a request certainly reaches
// the server after the window boundary that follows the count of the last
// remaining (received at v.seen).
func (v *serverView) nextRefill() time.Time {
	k := time.Duration(math.Ceil(float64(v.seen.Sub(v.lo)) / float64(serverWindow)))
	if j := k - 1; !v.seen.After(v.hi.Add(j * serverWindow)) {
		// The boundary j may have come before that count or after it.
		// After it, the new window would still hold all but what we can
		// have sent since: so little left means the count came before.
		spent := v.replenish*v.hi.Sub(v.lo).Seconds() + float64(len(v.inflight)) + 1
		if v.remaining < v.capacity-spent {
			k = j
		}
	}
	return v.hi.Add(k * serverWindow)
}

// gateDelay returns how long a request must wait at now before the
// server's bucket can take it: 0 when it can (or when no fresh headers
// steer the category).
func (v *serverView) gateDelay(now time.Time) time.Duration {
	if !v.fresh(now) {
		return 0
	}
	short := 1 + v.reserve() - v.estimate(now)
	if short <= 0 {
		return 0
	}
	d := time.Duration(short / v.replenish * float64(time.Second))
	if v.windowed {
		if b := v.nextRefill(); b.After(now) {
			d = b.Sub(now)
		}
	}
	return min(max(d, time.Millisecond), maxGateDelay)
}
