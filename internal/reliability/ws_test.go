package reliability_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/wsclient"
)

// wsOptions are the WebSocket client's settings in the suite: quick
// pings and backoff, a generous dial timeout, its own dial limiter.
var wsOptions = wsclient.Options{
	PingInterval: 50 * time.Millisecond,
	PongTimeout:  200 * time.Millisecond,
	StallTimeout: -1, // the simulator's market is still: only snapshots arrive
	BackoffMin:   10 * time.Millisecond,
	BackoffMax:   100 * time.Millisecond,
	DialTimeout:  time.Second,
	WriteTimeout: time.Second,
}

// resumeBound is how long after the network heals the stream must have
// resumed: the longest backoff, one handshake, one ping round, and a
// wide margin for a loaded machine (the race detector, shared cores).
var resumeBound = wsOptions.BackoffMax + wsOptions.DialTimeout + wsOptions.PingInterval + wsOptions.PongTimeout + 3*time.Second

// failAfter bounds each wait: a stream that has not moved by then has
// failed (it is not a measure of speed).
const failAfter = 20 * time.Second

// wsClient is a public WebSocket client that reaches the simulator
// through the proxy.
func (e *exchange) wsClient(edit func(*wsclient.Options)) *wsclient.Client {
	e.t.Helper()
	o := wsOptions
	if edit != nil {
		edit(&o)
	}
	o.URL = "ws://" + e.proxy.addr() + sim.WebSocketPath
	o.DialLimiter = rate.NewLimiter(rate.Inf, 1)
	c, err := wsclient.New(o)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { c.Close() })
	return c
}

// next returns the next event of sub of type T, skipping others; seen
// receives every event skipped or returned.
func next[T wsclient.Event](t *testing.T, sub *wsclient.Subscription, seen func(wsclient.Event)) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), failAfter)
	defer cancel()
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			var zero T
			t.Fatalf("waiting for %T: %v", zero, err)
		}
		if seen != nil {
			seen(ev)
		}
		if v, ok := ev.(T); ok {
			return v
		}
	}
}

// TestWebSocketRecoversFromNetworkFaults subscribes to tickers through
// the proxy, breaks the connection with each fault until the client has
// noticed (Disconnected), heals the network, and checks that the stream
// resumes within the configured backoff: a Reconnected event that
// reports the gap, then fresh data.
func TestWebSocketRecoversFromNetworkFaults(t *testing.T) {
	for _, tt := range []struct {
		name   string
		toxics []toxic
		// cause: the error the Disconnected event must carry, when the
		// fault determines it.
		cause error
		// redials: how many handshakes (which reach the exchange and fail
		// on the way back) to let the fault break before it heals, so that
		// the client backs off; 0 when the fault keeps handshakes from the
		// exchange.
		redials int
	}{
		{name: "reset_peer", toxics: []toxic{{Type: "reset_peer", Stream: "downstream", Toxicity: 1, Attrs: map[string]any{"timeout": 0}}}, redials: 4},
		{name: "reset_peer on the client's frames", toxics: []toxic{{Type: "reset_peer", Stream: "upstream", Toxicity: 1, Attrs: map[string]any{"timeout": 0}}}},
		{name: "limit_data", toxics: []toxic{{Type: "limit_data", Stream: "downstream", Toxicity: 1, Attrs: map[string]any{"bytes": 1}}}, redials: 4},
		{name: "timeout", toxics: []toxic{{Type: "timeout", Stream: "downstream", Toxicity: 1, Attrs: map[string]any{"timeout": 20}}}, redials: 3},
		{name: "blackhole", toxics: []toxic{{Type: "timeout", Stream: "downstream", Toxicity: 1, Attrs: map[string]any{"timeout": 0}}},
			cause: wsclient.ErrNoPong, redials: 1},
		{name: "blackhole of the client's frames", toxics: []toxic{{Type: "timeout", Stream: "upstream", Toxicity: 1, Attrs: map[string]any{"timeout": 0}}},
			cause: wsclient.ErrNoPong},
	} {
		scenario(t, "websocket "+tt.name, func(t *testing.T) {
			e := newExchange(t)
			c := e.wsClient(nil)
			sub, err := c.Subscribe(t.Context(), wsclient.Tickers("KRW-BTC"))
			if err != nil {
				t.Fatal(err)
			}
			next[*wsclient.Ticker](t, sub, nil)
			cycles := size(1, 5)
			for cycle := range cycles {
				for len(e.handshakes) > 0 {
					<-e.handshakes
				}
				e.proxy.add(tt.toxics...)
				disc := next[*wsclient.Disconnected](t, sub, nil)
				if tt.cause != nil && !errors.Is(disc.Err, tt.cause) {
					t.Errorf("cycle %d: disconnected by %v, want %v", cycle, disc.Err, tt.cause)
				}
				// The network stays broken for this many handshakes.
				timer := time.NewTimer(failAfter)
				for i := 0; i < tt.redials; i++ {
					select {
					case <-e.handshakes:
					case <-timer.C:
						t.Fatalf("cycle %d: %d of %d handshakes while the network was broken", cycle, i, tt.redials)
					}
				}
				timer.Stop()
				e.proxy.clear()
				healed := time.Now()
				var stray int
				rec := next[*wsclient.Reconnected](t, sub, func(ev wsclient.Event) {
					if _, ok := ev.(*wsclient.Ticker); ok {
						stray++
					}
				})
				if stray != 0 {
					t.Errorf("cycle %d: %d tickers between Disconnected and Reconnected", cycle, stray)
				}
				// The last broken handshake may have healed with the network.
				if !rec.DisconnectedAt.Equal(disc.At) || rec.Gap() <= 0 || rec.Attempts < max(1, tt.redials) || rec.Cause == nil {
					t.Errorf("cycle %d: gap not reported: %+v after %+v", cycle, rec, disc)
				}
				if late := rec.ReconnectedAt.Sub(healed); late > resumeBound {
					t.Errorf("cycle %d: resumed %v after the network healed, bound %v", cycle, late, resumeBound)
				}
				// Resubscribing on the new connection brings a fresh snapshot.
				tk := next[*wsclient.Ticker](t, sub, nil)
				if tk.StreamType != wsclient.StreamSnapshot {
					t.Errorf("cycle %d: first ticker after the gap is %s, want a snapshot", cycle, tk.StreamType)
				}
				t.Logf("cycle %d: %v; gap %v, %d attempt(s)", cycle, disc.Err, rec.Gap(), rec.Attempts)
			}
			if st := c.Stats(); st.Reconnects < uint64(cycles) {
				t.Errorf("stats: %d reconnects for %d faults", st.Reconnects, cycles)
			}
		})
	}
}

// TestWebSocketThroughDegradedNetwork: latency, a bandwidth limit and
// fragmented frames slow the stream but must not break it.
func TestWebSocketThroughDegradedNetwork(t *testing.T) {
	scenario(t, "websocket latency, bandwidth and slicer", func(t *testing.T) {
		e := newExchange(t)
		e.proxy.add(
			toxic{Type: "latency", Stream: "downstream", Toxicity: 1, Attrs: map[string]any{"latency": 20, "jitter": 10}},
			toxic{Type: "bandwidth", Stream: "downstream", Toxicity: 1, Attrs: map[string]any{"rate": 64}},
			toxic{Type: "slicer", Stream: "downstream", Toxicity: 1, Attrs: map[string]any{"average_size": 16, "size_variation": 8, "delay": 100}},
			toxic{Type: "latency", Stream: "upstream", Toxicity: 1, Attrs: map[string]any{"latency": 10}},
		)
		// The orderbook snapshots take a while through the narrow link;
		// the pong watchdog must allow for it.
		c := e.wsClient(func(o *wsclient.Options) { o.PongTimeout = 5 * time.Second })
		codes := []string{"KRW-BTC", "KRW-ETH", "KRW-XRP"}
		for _, code := range codes[:size(2, 3)] {
			sub, err := c.Subscribe(t.Context(), wsclient.Orderbooks(code))
			if err != nil {
				t.Fatal(err)
			}
			ob := next[*wsclient.Orderbook](t, sub, func(ev wsclient.Event) {
				if _, ok := ev.(*wsclient.Disconnected); ok {
					t.Errorf("%s: disconnected: %+v", code, ev)
				}
			})
			if ob.Code != code || len(ob.Units) == 0 {
				t.Errorf("orderbook %s: %+v", code, ob)
			}
		}
		if st := c.Stats(); st.Connects != 1 || st.Reconnects != 0 {
			t.Errorf("stats: %+v, want one connection", st)
		}
	})
}
