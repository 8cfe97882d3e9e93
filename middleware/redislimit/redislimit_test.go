package redislimit_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/internal/ratewindow"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/middleware/redislimit"
)

// countingServer answers every request with an empty JSON list and
// records when each one arrived.
type countingServer struct {
	*httptest.Server
	mu     sync.Mutex
	stamps []time.Time
	notify func(n int) // called with the count after each request
}

func newCountingServer(t *testing.T) *countingServer {
	s := &countingServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.stamps = append(s.stamps, time.Now())
		n, notify := len(s.stamps), s.notify
		s.mu.Unlock()
		if notify != nil {
			notify(n)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `[]`)
	}))
	t.Cleanup(s.Close)
	return s
}

// worstSecond returns the number of requests and the most that arrived in
// any one-second window.
func (s *countingServer) worstSecond() (total, worst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.stamps), ratewindow.Busiest(s.stamps, time.Second)
}

func newRedisClient(t testing.TB, addr string) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

func newLimiter(t testing.TB, rdb redis.Scripter, opts ...redislimit.Option) *redislimit.Limiter {
	t.Helper()
	l, err := redislimit.New(rdb, "test-access-key", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func newClient(t testing.TB, url string, l middleware.Limiter) *bithumb.Client {
	t.Helper()
	// Connections are kept for every goroutine, so that what the server
	// counts is the limiter's pacing rather than the jitter of new dials.
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := bithumb.New(bithumb.WithBaseURL(url), bithumb.WithLimiter(l), bithumb.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hammer calls ListMarketWarnings (category public-other) from n
// goroutines until ctx ends, and reports any error other than the end of
// ctx or the limiter's refusal to wait past its deadline.
func hammer(t *testing.T, ctx context.Context, c *bithumb.Client, n int, wg *sync.WaitGroup) {
	for range n {
		wg.Go(func() {
			for {
				_, err := c.ListMarketWarnings(ctx)
				if ctx.Err() != nil || errors.Is(err, middleware.ErrLimiterDeadline) {
					return
				}
				if err != nil {
					t.Errorf("ListMarketWarnings: %v", err)
					return
				}
			}
		})
	}
}

// TestSharedLimitAcrossClients runs four clients, each with its own Redis
// connection and limiter as four processes would, from 32 goroutines each
// against one counting server, and checks at the server that no one-second
// window carries more than the category's limit. Four in-process limiters
// would let four times the limit through. It does not run in parallel with
// the other tests, whose load would bunch requests up at the server.
func TestSharedLimitAcrossClients(t *testing.T) {
	srv := startRedis(t)
	const limit = 40
	counter := newCountingServer(t)
	var clients []*bithumb.Client
	for range 4 {
		// A loaded machine may make Redis slow to answer; this test is
		// about a Redis that works, so slowness must not count as an
		// outage (which would let each client spend the limit on its own).
		l := newLimiter(t, newRedisClient(t, srv.Addr), redislimit.WithRateLimit("public-other", limit), redislimit.WithRedisTimeout(time.Minute))
		clients = append(clients, newClient(t, counter.URL, l))
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for _, c := range clients {
		hammer(t, ctx, c, 32, &wg)
	}
	wg.Wait()
	total, worst := counter.worstSecond()
	t.Logf("%d requests, at most %d in any second (limit %d)", total, worst, limit)
	if total == 0 {
		t.Fatal("no request reached the server")
	}
	if worst > limit {
		t.Errorf("%d requests in one second from four clients sharing a limit of %d", worst, limit)
	}
}

// recordingHandler is a slog.Handler that keeps the records and signals
// each one on a channel.
type recordingHandler struct {
	mu      sync.Mutex
	records []slog.Record
	ch      chan slog.Record
}

func (h *recordingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordingHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *recordingHandler) WithGroup(string) slog.Handler            { return h }
func (h *recordingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.records = append(h.records, r)
	h.mu.Unlock()
	select {
	case h.ch <- r:
	default:
	}
	return nil
}

func (h *recordingHandler) count(level slog.Level) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, r := range h.records {
		if r.Level == level {
			n++
		}
	}
	return n
}

// TestFallbackWhileRedisIsDown stops redis-server while 16 goroutines call
// through the limiter: the calls keep flowing under the local limits
// without an error, one warning is logged, and once redis-server is back
// the limiter uses it again.
func TestFallbackWhileRedisIsDown(t *testing.T) {
	t.Parallel()
	srv := startRedis(t)
	const limit = 100
	rdb := newRedisClient(t, srv.Addr)
	logs := &recordingHandler{ch: make(chan slog.Record, 16)}
	l := newLimiter(t, rdb, redislimit.WithRateLimit("public-other", limit), redislimit.WithLogger(slog.New(logs)))
	counter := newCountingServer(t)
	// Milestones in requests counted at the server.
	reached := map[int]chan struct{}{}
	for _, n := range []int{20, 220} {
		reached[n] = make(chan struct{})
	}
	counter.notify = func(n int) {
		if ch, ok := reached[n]; ok {
			close(ch)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	hammer(t, ctx, newClient(t, counter.URL, l), 16, &wg)
	defer func() { cancel(); wg.Wait() }()

	<-reached[20]
	srv.Stop()
	<-reached[220] // 200 more with Redis gone: over two seconds, so it is probed again
	if n := logs.count(slog.LevelWarn); n != 1 {
		t.Errorf("%d warnings logged while Redis was down, want 1", n)
	}

	srv.Restart(t)
	timeout := time.After(30 * time.Second)
	for back := false; !back; {
		select {
		case r := <-logs.ch:
			back = r.Level == slog.LevelInfo
		case <-timeout:
			t.Fatal("the limiter did not go back to Redis within 30s of its return")
		}
	}
	// The new server holds the bucket again.
	keys, err := rdb.Keys(t.Context(), "bithumb:ratelimit:*:public-other").Result()
	if err != nil || len(keys) != 1 {
		t.Errorf("keys in the restarted Redis: %v, %v; want the public-other bucket", keys, err)
	}
	cancel()
	wg.Wait()
	if n := logs.count(slog.LevelWarn); n != 1 {
		t.Errorf("%d warnings logged in all, want 1", n)
	}
}

// TestWaitRespectsDeadline: a Wait whose slot comes after the context's
// deadline fails at once with ErrLimiterDeadline and takes no slot; a
// cancelled context fails with its error.
func TestWaitRespectsDeadline(t *testing.T) {
	t.Parallel()
	srv := startRedis(t)
	rdb := newRedisClient(t, srv.Addr)
	// One request per second: burst 1, then one every two seconds.
	l := newLimiter(t, rdb, redislimit.WithRateLimit("public-other", 1))
	if err := l.Wait(t.Context(), "public-other"); err != nil {
		t.Fatalf("first Wait: %v", err)
	}
	key := keyOf(t, rdb, "public-other")
	before := rdb.Get(t.Context(), key).Val()

	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	err := l.Wait(ctx, "public-other")
	if !errors.Is(err, middleware.ErrLimiterDeadline) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait with the slot after the deadline = %v, want ErrLimiterDeadline", err)
	}
	if ctx.Err() != nil {
		t.Error("Wait returned only when the context ended; it should refuse at once")
	}
	if after := rdb.Get(t.Context(), key).Val(); after != before {
		t.Errorf("a refused Wait moved the bucket from %s to %s", before, after)
	}

	cancelled, cancel2 := context.WithCancel(t.Context())
	cancel2()
	if err := l.Wait(cancelled, "public-other"); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait with a cancelled context = %v, want context.Canceled", err)
	}
}

// TestObservePausesEveryProcess: a 429 seen by one limiter holds back the
// category of another limiter sharing the Redis bucket.
func TestObservePausesEveryProcess(t *testing.T) {
	t.Parallel()
	srv := startRedis(t)
	a := newLimiter(t, newRedisClient(t, srv.Addr))
	b := newLimiter(t, newRedisClient(t, srv.Addr))
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if err := b.Wait(ctx, "private-order"); err != nil {
		t.Fatalf("Wait before the 429: %v", err)
	}
	a.Observe("private-order", http.StatusTooManyRequests, http.Header{"Retry-After": {"5"}})
	if err := b.Wait(ctx, "private-order"); !errors.Is(err, middleware.ErrLimiterDeadline) {
		t.Errorf("Wait within the other process's Retry-After = %v, want ErrLimiterDeadline", err)
	}
	if err := b.Wait(ctx, "private-cancel"); err != nil {
		t.Errorf("another category was held back too: %v", err)
	}
}

// TestCapHoldsCategoryBack: a category with a cap waits for the stricter
// of its two buckets, and other categories are not held back by it.
func TestCapHoldsCategoryBack(t *testing.T) {
	t.Parallel()
	srv := startRedis(t)
	// A cap of one per second: burst 1, then one every two seconds.
	l := newLimiter(t, newRedisClient(t, srv.Addr), redislimit.WithCap("private-order", 1))
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if err := l.Wait(ctx, "private-order"); err != nil {
		t.Fatalf("first Wait: %v", err)
	}
	if err := l.Wait(ctx, "private-order"); !errors.Is(err, middleware.ErrLimiterDeadline) {
		t.Errorf("second Wait within the cap's interval = %v, want ErrLimiterDeadline", err)
	}
	for range 5 {
		if err := l.Wait(ctx, "private-cancel"); err != nil {
			t.Fatalf("uncapped category: %v", err)
		}
	}
}

// TestLateWakeReservesAgain: a Wait that wakes up well after its slot
// (here a clock that jumps 100ms at every reading, while the slot is
// 1/30 s away) reserves a second slot
// rather than send among the later slots; one that wakes on time takes
// one slot.
func TestLateWakeReservesAgain(t *testing.T) {
	t.Parallel()
	srv := startRedis(t)
	rdb := newRedisClient(t, srv.Addr)
	for _, tc := range []struct {
		name  string
		jump  time.Duration
		slots int64
	}{{"ontime", 0, 1}, {"late", time.Second, 2}} { // late: each reading of the wake clock is 1 s on, more than a slot and the tolerated lateness
		// 4/s: a burst of 1, then a slot every 1/2.4 s, long enough that
		// the next Wait has to sleep for its slot even on a busy machine
		// (a Wait that need not sleep cannot wake up late).
		l, err := redislimit.New(rdb, "k", redislimit.WithRateLimit("public-other", 4), redislimit.WithKeyPrefix(tc.name+":"))
		if err != nil {
			t.Fatal(err)
		}
		// A clock of its own, so that only the jumps make a wake-up late.
		var mu sync.Mutex
		clock := time.Now()
		redislimit.SetWakeClock(l, func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			clock = clock.Add(tc.jump)
			return clock
		})
		if err := l.Wait(t.Context(), "public-other"); err != nil { // the burst: no wait, nothing to check
			t.Fatal(err)
		}
		keys, err := rdb.Keys(t.Context(), tc.name+":*:public-other").Result()
		if err != nil || len(keys) != 1 {
			t.Fatalf("keys: %v, %v", keys, err)
		}
		key := keys[0]
		before, _ := rdb.Get(t.Context(), key).Int64()
		if err := l.Wait(t.Context(), "public-other"); err != nil {
			t.Fatal(err)
		}
		after, _ := rdb.Get(t.Context(), key).Int64()
		const interval = 416667 // µs, 1/2.4 s rounded up
		if got := (after - before + interval/2) / interval; got != tc.slots {
			t.Errorf("%s: a Wait took %d slots, want %d", tc.name, got, tc.slots)
		}
	}
}

func keyOf(t *testing.T, rdb *redis.Client, category string) string {
	t.Helper()
	keys, err := rdb.Keys(t.Context(), "bithumb:ratelimit:*:"+category).Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys of %s: %v, %v", category, keys, err)
	}
	return keys[0]
}

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	fallback, err := middleware.NewCategoryLimiter(nil, middleware.RateLimit{PerSecond: 1})
	if err != nil {
		t.Fatal(err)
	}
	for name, opts := range map[string][]redislimit.Option{
		"unknown category": {redislimit.WithRateLimit("no-such", 1)},
		"zero limit":       {redislimit.WithRateLimit("public-other", 0)},
		"nil logger":       {redislimit.WithLogger(nil)},
		"nil fallback":     {redislimit.WithFallback(nil)},
		"zero timeout":     {redislimit.WithRedisTimeout(0)},
		"unknown cap":      {redislimit.WithCap("no-such", 1)},
		"zero cap":         {redislimit.WithCap("private-order", 0)},
		// With a fallback of the caller's, no local limiter checks the
		// limits: redislimit's own options must.
		"NaN limit":      {redislimit.WithRateLimit("public-other", math.NaN()), redislimit.WithFallback(fallback)},
		"infinite limit": {redislimit.WithRateLimit("public-other", math.Inf(1)), redislimit.WithFallback(fallback)},
		"huge limit":     {redislimit.WithRateLimit("public-other", 1e300), redislimit.WithFallback(fallback)},
		"NaN cap":        {redislimit.WithCap("private-order", math.NaN()), redislimit.WithFallback(fallback)},
		"infinite cap":   {redislimit.WithCap("private-order", math.Inf(1)), redislimit.WithFallback(fallback)},
	} {
		if _, err := redislimit.New(rdb, "k", opts...); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
	if _, err := redislimit.New(rdb, ""); err == nil {
		t.Error("New accepted an empty identity")
	}
	if _, err := redislimit.New(nil, "k"); err == nil {
		t.Error("New accepted a nil client")
	}
}
