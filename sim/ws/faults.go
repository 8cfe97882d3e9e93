package ws

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/bithumb-go/bithumb/sim/clock"
)

// Fault is one way of misbehaving on a connection.
type Fault string

// The faults.
const (
	// FaultDrop closes the TCP connection without a close frame.
	FaultDrop Fault = "drop"
	// FaultStall keeps the connection open but sends nothing more, answers
	// no ping frame and no text PING, and ignores requests: the silent
	// stall a client's watchdog must detect.
	FaultStall Fault = "stall"
	// FaultMalformed sends a truncated JSON message in place of a data
	// message.
	FaultMalformed Fault = "malformed"
	// FaultError sends an error message ({"error":{"name","message"}})
	// before a data message.
	FaultError Fault = "error"
)

// ParseFault checks a fault name.
func ParseFault(s string) (Fault, error) {
	switch f := Fault(s); f {
	case FaultDrop, FaultStall, FaultMalformed, FaultError:
		return f, nil
	}
	return "", fmt.Errorf("unknown fault %q (want drop, stall, malformed or error)", s)
}

// Faults says which faults to inject into the streams. The zero value
// injects none.
//
// Decisions are made for every data message (snapshot or realtime) about
// to be sent: rates are probabilities per message, Next* counters make the
// next N messages (on any connection) misbehave that way, which is the
// deterministic choice for tests. When several are chosen for one message
// the precedence is drop, stall, malformed, error. Server.Inject applies a
// fault to every open connection at once instead.
type Faults struct {
	// Seed seeds the random source (0: 1).
	Seed uint64 `json:"seed,omitempty"`
	// Endpoints limits faults to connections of these paths
	// ("/websocket/v1", "/websocket/v2/private", "/websocket/v1/private");
	// empty means all.
	Endpoints []string `json:"endpoints,omitempty"`

	DropRate float64 `json:"drop_rate,omitempty"`
	NextDrop int     `json:"next_drop,omitempty"`

	StallRate float64 `json:"stall_rate,omitempty"`
	NextStall int     `json:"next_stall,omitempty"`
	// StallFor ends a stall after this long (real time); 0 stalls until
	// the client gives up and closes.
	StallFor clock.Duration `json:"stall_for,omitempty"`

	MalformedRate float64 `json:"malformed_rate,omitempty"`
	NextMalformed int     `json:"next_malformed,omitempty"`

	ErrorRate float64 `json:"error_rate,omitempty"`
	NextError int     `json:"next_error,omitempty"`
	// ErrorName and ErrorMessage are the error sent (default WRONG_FORMAT
	// with Bithumb's message).
	ErrorName    string `json:"error_name,omitempty"`
	ErrorMessage string `json:"error_message,omitempty"`
}

// injector draws fault decisions. It is safe for concurrent use.
type injector struct {
	mu  sync.Mutex
	cfg Faults
	rng *rand.Rand
}

func newInjector(cfg Faults) *injector {
	i := &injector{}
	i.set(cfg)
	return i
}

func (i *injector) set(cfg Faults) {
	i.mu.Lock()
	defer i.mu.Unlock()
	cfg.Endpoints = slices.Clone(cfg.Endpoints)
	i.cfg = cfg
	seed := cfg.Seed
	if seed == 0 {
		seed = 1
	}
	i.rng = rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
}

func (i *injector) config() Faults {
	i.mu.Lock()
	defer i.mu.Unlock()
	c := i.cfg
	c.Endpoints = slices.Clone(c.Endpoints)
	return c
}

// applies reports whether faults apply to connections of endpoint.
func (c *Faults) applies(endpoint string) bool {
	return len(c.Endpoints) == 0 || slices.Contains(c.Endpoints, endpoint)
}

// errorMessage returns the error that FaultError sends.
func (i *injector) errorMessage() (name, message string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	name, message = i.cfg.ErrorName, i.cfg.ErrorMessage
	if name == "" {
		name, message = errWrongFormat.name, errWrongFormat.message
	}
	return name, message
}

// decide draws the fault for one data message of a connection to
// endpoint ("" for none).
func (i *injector) decide(endpoint string) Fault {
	i.mu.Lock()
	defer i.mu.Unlock()
	c := &i.cfg
	if !c.applies(endpoint) {
		return ""
	}
	hit := func(rate float64, next *int) bool {
		if *next > 0 {
			*next--
			return true
		}
		return rate > 0 && i.rng.Float64() < rate
	}
	switch {
	case hit(c.DropRate, &c.NextDrop):
		return FaultDrop
	case hit(c.StallRate, &c.NextStall):
		return FaultStall
	case hit(c.MalformedRate, &c.NextMalformed):
		return FaultMalformed
	case hit(c.ErrorRate, &c.NextError):
		return FaultError
	}
	return ""
}

func (i *injector) stallFor() clock.Duration {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.cfg.StallFor
}
