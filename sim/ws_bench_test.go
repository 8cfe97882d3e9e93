package sim

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/market"
	"github.com/bithumb-go/bithumb/wsclient"
)

// BenchmarkSimToConsumer measures the end-to-end event rate from the
// simulator to a consumer: the market prints a trade at every step, the
// benchmark drives the exchange clock as fast as the consumer keeps up
// (at most benchWindow events in flight), and every trade goes through
// the engine's feed, the WebSocket server (a ticker and a trade message,
// rendered and written as binary frames over loopback) and wsclient
// (read, decoded, routed) to two subscriptions read by two goroutines.
// It reports events/s received by the consumer; nothing is asserted
// beyond losing no event.
func BenchmarkSimToConsumer(b *testing.B) {
	const benchWindow = 4096
	fk := clock.NewFake(testStart)
	cfg := Config{HistoryDays: 20, Markets: []market.Spec{{Code: "KRW-BTC", Price: decimal.NewFromInt(150_000_000), TradeProbability: 1}}}
	s, err := New(WithConfig(cfg), WithClock(fk))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ts := httptest.NewServer(s)
	defer ts.Close()
	c, err := wsclient.New(wsclient.Options{
		URL:         "ws" + strings.TrimPrefix(ts.URL, "http") + WebSocketPath,
		DialLimiter: rate.NewLimiter(rate.Inf, 1), PingInterval: -1, StallTimeout: -1, Buffer: 2 * benchWindow,
	})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	tickers := subscribe(b, c, wsclient.Tickers("KRW-BTC"))
	trades := subscribe(b, c, wsclient.Trades("KRW-BTC"))

	var received, snapshots atomic.Int64
	// progress wakes the benchmark when a consumer has counted an event.
	progress := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for _, sub := range []*wsclient.Subscription{tickers, trades} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ev, err := sub.Next(context.Background())
				if err != nil {
					return
				}
				var st wsclient.StreamType
				switch ev := ev.(type) {
				case *wsclient.Ticker:
					st = ev.StreamType
				case *wsclient.Trade:
					st = ev.StreamType
				}
				switch st {
				case wsclient.StreamRealtime:
					received.Add(1)
				case wsclient.StreamSnapshot:
					snapshots.Add(1)
				}
				select {
				case progress <- struct{}{}:
				default:
				}
			}
		}()
	}
	// Subscribe returns once the request is written; the snapshots (a
	// ticker for each request, a trade for the second) show that the
	// server has the subscriptions.
	stuck := time.NewTimer(10 * time.Second)
	defer stuck.Stop()
	for snapshots.Load() < 3 {
		select {
		case <-progress:
		case <-stuck.C:
			b.Fatalf("%d snapshots", snapshots.Load())
		}
	}
	// The benchmark counts the trades it makes on its own feed.
	feed, stop := s.Engine().Subscribe(1 << 16)
	defer stop()
	target := int64(b.N)
	var produced int64
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for received.Load() < target {
		if produced < target && produced-received.Load() < benchWindow {
			fk.Advance(64 * time.Second)
			s.Engine().Advance()
			for drained := false; !drained; {
				select {
				case ev := <-feed:
					if ev.Type == engine.EventTrade {
						produced += 2 // a ticker and a trade message
					}
				default:
					drained = true
				}
			}
			continue
		}
		// The window is full (or everything is produced): wait for the
		// consumers.
		stuck.Reset(5 * time.Second)
		select {
		case <-progress:
		case <-stuck.C:
			b.Fatalf("stuck: produced %d received %d of %d; server %+v; client %+v", produced, received.Load(), target, s.WebSocket().Stats(), c.Stats())
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(received.Load())/elapsed.Seconds(), "events/s")
	st, cs := s.WebSocket().Stats(), c.Stats()
	b.ReportMetric(float64(st.FeedDropped+cs.Dropped), "lost")
	if cs.DecodeErrors != 0 || cs.Unknown != 0 {
		b.Errorf("client stats %+v", cs)
	}
	_ = c.Close()
	wg.Wait()
}
