package main

import (
	"slices"
	"time"

	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/faults"
	"github.com/bithumb-go/bithumb/sim/ws"
)

// preset is a named pair of fault configurations: REST (faults.Config)
// and WebSocket (ws.Faults). Rates are per request and per data message.
type preset struct {
	REST faults.Config
	WS   ws.Faults
}

// presets are the -faults choices. moderate is the default: every REST
// fault but 429 storms at a few percent, and a WebSocket connection
// dropped, stalled or sent a bad frame every minute or so.
var presets = map[string]preset{
	"none": {},
	"moderate": {
		REST: faults.Config{
			Latency:       clock.Duration(2 * time.Millisecond),
			LatencyJitter: clock.Duration(20 * time.Millisecond),
			ErrorRate:     0.03,
			ResetRate:     0.02,
			MalformedRate: 0.02,
			SlowBodyRate:  0.02,
			SlowBodyDelay: clock.Duration(5 * time.Millisecond),
		},
		WS: ws.Faults{
			DropRate:      0.001,
			StallRate:     0.0005,
			MalformedRate: 0.002,
			ErrorRate:     0.001,
		},
	},
	"heavy": {
		REST: faults.Config{
			Latency:       clock.Duration(5 * time.Millisecond),
			LatencyJitter: clock.Duration(50 * time.Millisecond),
			ErrorRate:     0.08,
			RateLimitRate: 0.02,
			ResetRate:     0.05,
			MalformedRate: 0.05,
			SlowBodyRate:  0.05,
			SlowBodyDelay: clock.Duration(10 * time.Millisecond),
		},
		WS: ws.Faults{
			DropRate:      0.002,
			StallRate:     0.001,
			MalformedRate: 0.004,
			ErrorRate:     0.002,
		},
	},
}

// presetNames lists the presets in order.
func presetNames() []string {
	var names []string
	for n := range presets {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// seeded returns p with both random sources seeded with seed.
func (p preset) seeded(seed uint64) preset {
	p.REST.Seed = seed
	p.WS.Seed = seed
	return p
}
