package reliability_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
)

// TestRESTPlacementUnderNetworkFaults places orders (singles from
// several goroutines, and batches) through toxiproxy with each network
// fault, and checks the three-outcome rule against the simulator's
// orders: no duplicates, nothing lost. Then it cancels every resting
// order under the same fault and checks the cancels' outcomes.
func TestRESTPlacementUnderNetworkFaults(t *testing.T) {
	type sc struct {
		name   string
		toxics []toxic
		opts   []bithumb.Option
		// wantAll: the fault slows or fragments traffic but loses
		// nothing, so every order must end placed.
		wantAll bool
	}
	both := func(x toxic) []toxic {
		up, down := x, x
		up.Stream, down.Stream = "upstream", "downstream"
		return []toxic{up, down}
	}
	timeout := func(d time.Duration) []bithumb.Option { return []bithumb.Option{bithumb.WithTimeout(d)} }
	scenarios := []sc{
		{name: "latency", toxics: both(toxic{Type: "latency", Toxicity: 1, Attrs: map[string]any{"latency": 10, "jitter": 5}}), wantAll: true},
		{name: "bandwidth", toxics: both(toxic{Type: "bandwidth", Toxicity: 1, Attrs: map[string]any{"rate": 32}}), wantAll: true},
		{name: "slicer", toxics: both(toxic{Type: "slicer", Toxicity: 1, Attrs: map[string]any{"average_size": 16, "size_variation": 8, "delay": 100}}), wantAll: true},
		{name: "reset mid-request", toxics: []toxic{{Type: "limit_data", Stream: "upstream", Toxicity: 0.5, Attrs: map[string]any{"bytes": 700}}}},
		{name: "reset in the response headers", toxics: []toxic{{Type: "limit_data", Stream: "downstream", Toxicity: 0.5, Attrs: map[string]any{"bytes": 60}}}},
		{name: "reset mid-body", toxics: []toxic{{Type: "limit_data", Stream: "downstream", Toxicity: 0.5, Attrs: map[string]any{"bytes": 400}}}},
		{name: "reset_peer", toxics: []toxic{{Type: "reset_peer", Stream: "downstream", Toxicity: 0.4, Attrs: map[string]any{"timeout": 0}}}},
		{name: "reset_peer on the request", toxics: []toxic{{Type: "reset_peer", Stream: "upstream", Toxicity: 0.3, Attrs: map[string]any{"timeout": 0}}}},
		{name: "timeout", toxics: []toxic{{Type: "timeout", Stream: "downstream", Toxicity: 0.4, Attrs: map[string]any{"timeout": 20}}},
			opts: timeout(2 * time.Second)},
		{name: "blackhole answers", toxics: []toxic{{Type: "timeout", Stream: "downstream", Toxicity: 0.3, Attrs: map[string]any{"timeout": 0}}},
			opts: timeout(200 * time.Millisecond)},
		{name: "blackhole requests", toxics: []toxic{{Type: "timeout", Stream: "upstream", Toxicity: 0.3, Attrs: map[string]any{"timeout": 0}}},
			opts: timeout(200 * time.Millisecond)},
		{name: "everything at once", toxics: []toxic{
			{Type: "latency", Stream: "downstream", Toxicity: 0.5, Attrs: map[string]any{"latency": 5, "jitter": 5}},
			{Type: "slicer", Stream: "downstream", Toxicity: 0.5, Attrs: map[string]any{"average_size": 32, "size_variation": 16, "delay": 100}},
			{Type: "limit_data", Stream: "downstream", Toxicity: 0.2, Attrs: map[string]any{"bytes": 300}},
			{Type: "reset_peer", Stream: "upstream", Toxicity: 0.1, Attrs: map[string]any{"timeout": 0}},
			{Type: "timeout", Stream: "downstream", Toxicity: 0.1, Attrs: map[string]any{"timeout": 0}},
		}, opts: timeout(300 * time.Millisecond)},
	}
	singles, batches := size(6, 60), size(1, 6)
	for _, tt := range scenarios {
		for _, tr := range transports {
			restScenario(t, tt.name+" over "+tr.name, tr.new(), tt.toxics, tt.opts, tt.wantAll, singles, batches)
		}
	}
}

// restScenario places orders under the fault toxics with a client over
// transport, checks their outcomes, then cancels them under the same
// fault (see TestRESTPlacementUnderNetworkFaults).
func restScenario(t *testing.T, name string, transport closingTransport, toxics []toxic, opts []bithumb.Option, wantAll bool, singles, batches int) {
	t.Helper()
	scenario(t, name, func(t *testing.T) {
		e := newExchange(t)
		e.transport = transport
		c := e.client(opts...)
		e.proxy.add(toxics...)
		// Rounds until the network has broken at least one attempt
		// (toxicity is a per-connection chance).
		var ps []placement
		var bs []batchPlacement
		for round := 0; round < 20 && (round == 0 || (!wantAll && e.wire.broken.Load() == 0)); round++ {
			// Kept-alive connections roll the dice again each round.
			transport.CloseIdleConnections()
			ps = append(ps, e.placeMany(t.Context(), c, fmt.Sprint("o", round), singles, 3)...)
			bs = append(bs, e.placeBatches(t.Context(), c, fmt.Sprint("b", round), batches, 4)...)
		}
		// The exchange is read only after the fault is gone and every
		// call has returned: what it holds now is final.
		e.proxy.clear()
		n := e.check(ps, bs)
		t.Logf("%v: %v; %d of %d attempts broken", toxics, n, e.wire.broken.Load(), e.wire.attempts.Load())
		if wantAll && n.placed != len(ps)+4*len(bs) {
			t.Errorf("%v; want all %d orders placed", n, len(ps)+4*len(bs))
		}
		if !wantAll && e.wire.broken.Load() == 0 {
			t.Errorf("the fault never broke an attempt in %d", e.wire.attempts.Load())
		}

		// The same faults again, on the cancels of every resting order.
		e.proxy.add(toxics...)
		accepted, refused, ambiguous := e.cancelAll(t.Context(), c, 3, e.proxy.clear)
		t.Logf("cancels: accepted=%d refused=%d ambiguous=%d", accepted, refused, ambiguous)
		if wantAll && accepted != n.placed+n.ambiguousPlaced {
			t.Errorf("cancels: accepted=%d refused=%d ambiguous=%d; want all %d accepted", accepted, refused, ambiguous, n.placed+n.ambiguousPlaced)
		}
	})
}
