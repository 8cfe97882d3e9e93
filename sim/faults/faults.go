package faults

import (
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/bithumb-go/bithumb/sim/clock"
)

// Config says which faults to inject. The zero value injects none.
//
// Rates are probabilities between 0 and 1 drawn per matching request;
// Next* counters make the next N matching requests fail that way, which
// is the deterministic choice for tests. When several faults are chosen
// for one request, the order of precedence is: rate limit, error, reset,
// malformed, slow body (latency always applies).
type Config struct {
	// Seed seeds the random source (0: 1).
	Seed uint64 `json:"seed,omitempty"`
	// Operations limits faults to these operation ids (e.g. "placeOrder");
	// empty means every operation of the spec.
	Operations []string `json:"operations,omitempty"`

	// Latency is added before the request is handled, plus up to
	// LatencyJitter more.
	Latency       clock.Duration `json:"latency,omitempty"`
	LatencyJitter clock.Duration `json:"latency_jitter,omitempty"`

	// ErrorRate answers 500 server_error without handling the request.
	ErrorRate float64 `json:"error_rate,omitempty"`
	NextError int     `json:"next_error,omitempty"`

	// RateLimitRate answers 429 too_many_requests without handling the
	// request (a storm when the rate is high).
	RateLimitRate float64 `json:"rate_limit_rate,omitempty"`
	NextRateLimit int     `json:"next_rate_limit,omitempty"`

	// ResetRate handles the request (an order is placed) and then closes
	// the connection without answering.
	ResetRate float64 `json:"reset_rate,omitempty"`
	NextReset int     `json:"next_reset,omitempty"`

	// MalformedRate handles the request and answers a truncated JSON body.
	MalformedRate float64 `json:"malformed_rate,omitempty"`
	NextMalformed int     `json:"next_malformed,omitempty"`

	// SlowBodyRate handles the request and sends the body in small pieces
	// with SlowBodyDelay (default 50 ms) between them.
	SlowBodyRate  float64        `json:"slow_body_rate,omitempty"`
	NextSlowBody  int            `json:"next_slow_body,omitempty"`
	SlowBodyDelay clock.Duration `json:"slow_body_delay,omitempty"`
}

// Plan is what to do to one request.
type Plan struct {
	Latency   time.Duration
	Error     bool
	RateLimit bool
	Reset     bool
	Malformed bool
	// SlowBody is the delay between body pieces; 0 means a normal body.
	SlowBody time.Duration
}

// Any reports whether the plan changes the response (latency aside).
func (p Plan) Any() bool { return p.Error || p.RateLimit || p.Reset || p.Malformed || p.SlowBody > 0 }

// Injector draws Plans. Create one with New.
type Injector struct {
	mu  sync.Mutex
	cfg Config
	rng *rand.Rand
}

// New returns an injector with cfg.
func New(cfg Config) *Injector {
	i := &Injector{}
	i.Set(cfg)
	return i
}

// Set replaces the configuration and reseeds the random source.
func (i *Injector) Set(cfg Config) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.cfg = cfg
	seed := cfg.Seed
	if seed == 0 {
		seed = 1
	}
	i.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Config returns the current configuration, counters as they stand.
func (i *Injector) Config() Config {
	i.mu.Lock()
	defer i.mu.Unlock()
	c := i.cfg
	c.Operations = slices.Clone(c.Operations)
	return c
}

// Reset turns every fault off.
func (i *Injector) Reset() { i.Set(Config{}) }

// Decide draws the plan of one request of operationID.
func (i *Injector) Decide(operationID string) Plan {
	i.mu.Lock()
	defer i.mu.Unlock()
	c := &i.cfg
	if len(c.Operations) > 0 && !slices.Contains(c.Operations, operationID) {
		return Plan{}
	}
	var p Plan
	p.Latency = c.Latency.D()
	if c.LatencyJitter > 0 {
		p.Latency += time.Duration(i.rng.Int64N(int64(c.LatencyJitter) + 1))
	}
	hit := func(rate float64, next *int) bool {
		if *next > 0 {
			*next--
			return true
		}
		return rate > 0 && i.rng.Float64() < rate
	}
	switch {
	case hit(c.RateLimitRate, &c.NextRateLimit):
		p.RateLimit = true
	case hit(c.ErrorRate, &c.NextError):
		p.Error = true
	case hit(c.ResetRate, &c.NextReset):
		p.Reset = true
	case hit(c.MalformedRate, &c.NextMalformed):
		p.Malformed = true
	case hit(c.SlowBodyRate, &c.NextSlowBody):
		p.SlowBody = c.SlowBodyDelay.D()
		if p.SlowBody <= 0 {
			p.SlowBody = 50 * time.Millisecond
		}
	}
	return p
}
