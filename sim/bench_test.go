package sim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

// BenchmarkSignedPrivateRequests measures JWT-signed private requests
// (GET /v1/accounts and GET /v1/orders/chance, query_hash included)
// served over loopback, client signing included. It reports requests per
// second; the goal is at least 2,000/s on two cores.
func BenchmarkSignedPrivateRequests(b *testing.B) {
	// The server's own per-IP limit (140/s) is off: everything comes from
	// one loopback address.
	s, err := New(WithConfig(Config{HistoryDays: 20, RateLimit: ratelimit.Config{Disabled: true}}))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ts := httptest.NewServer(s)
	defer ts.Close()
	tr := ts.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	defer tr.CloseIdleConnections()
	k := s.Keys()[0]
	c, err := bithumb.New(bithumb.WithBaseURL(ts.URL), bithumb.WithKeys(k.AccessKey, k.SecretKey),
		bithumb.WithTransport(tr), bithumb.WithoutRateLimit(), bithumb.WithMaxAttempts(1))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.SetParallelism(4)
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			var err error
			if i%2 == 0 {
				_, err = c.ListAccounts(ctx)
			} else {
				_, err = c.GetOrderChance(ctx, "KRW-BTC")
			}
			if err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
