package redislimit_test

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/middleware/redislimit"
)

// TestLimiterThroughput measures the share of Bithumb's published limit
// (public-other, 150/s) that 64 goroutines reach through the in-process
// limiter and through the Redis limiter, in one process and spread over
// four. It asserts nothing and runs only with BITHUMB_BENCH_LIMITER=1
// (make bench-limiter-redis); BITHUMB_BENCH_SECONDS sets the length of
// each run (default 10).
func TestLimiterThroughput(t *testing.T) {
	if os.Getenv("BITHUMB_BENCH_LIMITER") != "1" {
		t.Skip("a measurement, not a test: run it with make bench-limiter-redis")
	}
	seconds := 10
	if s := os.Getenv("BITHUMB_BENCH_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("BITHUMB_BENCH_SECONDS=%q", s)
		}
		seconds = n
	}
	srv := startRedis(t)
	const published = 150.0
	keepAlive := func() *http.Client {
		tr := &http.Transport{MaxIdleConnsPerHost: 64}
		t.Cleanup(tr.CloseIdleConnections)
		return &http.Client{Transport: tr}
	}
	local := func(url string) *bithumb.Client {
		c, err := bithumb.New(bithumb.WithBaseURL(url), bithumb.WithHTTPClient(keepAlive()))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	shared := func(url string) *bithumb.Client {
		// Each run has its own identity, so it starts with a full bucket.
		l, err := redislimit.New(newRedisClient(t, srv.Addr), url)
		if err != nil {
			t.Fatal(err)
		}
		c, err := bithumb.New(bithumb.WithBaseURL(url), bithumb.WithLimiter(l), bithumb.WithHTTPClient(keepAlive()))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	run := func(name string, newClient func(url string) *bithumb.Client, clients, goroutines int) {
		counter := newCountingServer(t)
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(seconds)*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		for range clients {
			hammer(t, ctx, newClient(counter.URL), goroutines, &wg)
		}
		wg.Wait()
		total, worst := counter.worstSecond()
		rate := float64(total) / float64(seconds)
		t.Logf("%-32s %6.1f req/s = %5.1f%% of %v/s; busiest second %d (%.0f%%)",
			name, rate, 100*rate/published, published, worst, 100*float64(worst)/published)
	}
	run("local, 1 process x 64", local, 1, 64)
	run("redis, 1 process x 64", shared, 1, 64)
	run("redis, 4 processes x 16", shared, 4, 16)
}
