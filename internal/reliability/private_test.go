package reliability_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/wsclient"
)

// TestPrivateStreamReportsItsGap: a myOrder stream through the proxy
// delivers the event of every order placed while it is connected; a
// reset breaks it, orders placed meanwhile fall into the reported gap
// (the consumer must read them through REST), and once the stream has
// resumed every new order is delivered again. (A subscription is not
// acknowledged, so "active" is established by a probe order each time.)
func TestPrivateStreamReportsItsGap(t *testing.T) {
	for _, tt := range []struct {
		name   string
		toxics []toxic
	}{
		{"reset_peer", []toxic{{Type: "reset_peer", Stream: "downstream", Toxicity: 1, Attrs: map[string]any{"timeout": 0}}}},
		{"blackhole", []toxic{{Type: "timeout", Stream: "downstream", Toxicity: 1, Attrs: map[string]any{"timeout": 0}}}},
	} {
		scenario(t, "private stream "+tt.name, func(t *testing.T) {
			e := newExchange(t)
			// Orders go straight to the exchange: only the stream is faulty.
			rest := e.client(bithumb.WithBaseURL(e.ts.URL))
			signer, err := middleware.NewJWTSigner(e.key.AccessKey, e.key.SecretKey)
			if err != nil {
				t.Fatal(err)
			}
			o := wsOptions
			o.URL = "ws://" + e.proxy.addr() + sim.PrivateWebSocketPath
			o.Signer = signer
			o.PrivateStallTimeout = -1
			o.DialLimiter = rate.NewLimiter(rate.Inf, 1)
			c, err := wsclient.New(o)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			sub, err := c.Subscribe(t.Context(), wsclient.MyOrders("KRW-BTC"))
			if err != nil {
				t.Fatal(err)
			}
			place := func(id string) {
				t.Helper()
				if _, err := rest.PlaceOrder(t.Context(), e.restingBid(id)); err != nil {
					t.Fatalf("placing %s: %v", id, err)
				}
			}
			// There is no acknowledgement of a subscription: probe orders
			// until the stream delivers one, so that the subscription is known
			// to be active on the exchange.
			probes := 0
			probe := func(phase string) {
				t.Helper()
				for i := 0; ; i++ {
					if i == 20 {
						t.Fatalf("%s: no probe order was delivered", phase)
					}
					probes++
					id := fmt.Sprint("probe-", probes)
					place(id)
					ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
					for {
						ev, err := sub.Next(ctx)
						if err != nil {
							if !errors.Is(err, context.DeadlineExceeded) {
								t.Fatal(err)
							}
							break
						}
						mo, ok := ev.(*wsclient.MyOrder)
						if !ok {
							t.Fatalf("%s: unexpected %T", phase, ev)
						}
						if mo.ClientOrderID == id {
							cancel()
							return
						}
					}
					cancel()
				}
			}
			probe("subscribed")
			// seen holds the client order ids of the orders the stream
			// has reported; expectAll reads events until it holds ids.
			seen := map[string]bool{}
			record := func(ev wsclient.Event) {
				if mo, ok := ev.(*wsclient.MyOrder); ok {
					seen[mo.ClientOrderID] = true
				}
			}
			expectAll := func(phase string, ids []string) {
				t.Helper()
				for _, id := range ids {
					for !seen[id] {
						ev := next[wsclient.Event](t, sub, record)
						if _, ok := ev.(*wsclient.Disconnected); ok {
							t.Fatalf("%s: disconnected while waiting for %s: %+v", phase, id, ev)
						}
					}
				}
			}
			k := size(3, 20)
			batch := func(prefix string) []string {
				ids := make([]string, k)
				for i := range ids {
					ids[i] = fmt.Sprintf("%s-%d", prefix, i)
					place(ids[i])
				}
				return ids
			}
			expectAll("before the fault", batch("before"))
			for cycle := range size(1, 3) {
				e.proxy.add(tt.toxics...)
				disc := next[*wsclient.Disconnected](t, sub, record)
				missed := batch(fmt.Sprint("gap", cycle))
				e.proxy.clear()
				rec := next[*wsclient.Reconnected](t, sub, record)
				if !rec.DisconnectedAt.Equal(disc.At) || rec.Gap() <= 0 || rec.Cause == nil {
					t.Errorf("cycle %d: gap not reported: %+v after %+v", cycle, rec, disc)
				}
				for _, id := range missed {
					if seen[id] {
						t.Errorf("cycle %d: %s, placed during the gap, arrived before the Reconnected event", cycle, id)
					}
				}
				// The orders of the gap are on the exchange, for the
				// consumer's REST reconciliation.
				for _, id := range missed {
					if got := e.ordersByClientID()[id]; len(got) != 1 {
						t.Errorf("cycle %d: %d orders %s on the exchange", cycle, len(got), id)
					}
				}
				probe(fmt.Sprint("reconnected ", cycle))
				expectAll(fmt.Sprint("after cycle ", cycle), batch(fmt.Sprint("after", cycle)))
				t.Logf("cycle %d: %v; gap %v, %d attempt(s)", cycle, disc.Err, rec.Gap(), rec.Attempts)
			}
		})
	}
}
