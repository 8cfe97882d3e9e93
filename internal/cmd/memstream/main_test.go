package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/sim"
)

// startBenchSim serves bench/sim.yaml's exchange in-process and returns its
// REST and public WebSocket URLs.
func startBenchSim(t *testing.T) (apiURL, wsURL string) {
	t.Helper()
	cfg, err := sim.LoadConfig(filepath.Join("..", "..", "..", "bench", "sim.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sim.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts.URL, "ws" + strings.TrimPrefix(ts.URL, "http") + "/websocket/v1"
}

func TestStreamsFiftyMarketsAndSamplesTheHeap(t *testing.T) {
	apiURL, wsURL := startBenchSim(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	codes, err := listMarkets(ctx, apiURL, 50)
	if err != nil {
		t.Fatal(err)
	}
	st, err := startStreams(ctx, wsURL, codes)
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	select {
	case <-st.ready: // every market's ticker and orderbook snapshot arrived
	case <-ctx.Done():
		t.Fatalf("not every market streamed: %d tickers, %d orderbooks", len(st.lastTicker), len(st.lastBook))
	}

	ticks := make(chan time.Time)
	go func() {
		for range 3 {
			ticks <- time.Now()
		}
	}()
	s, err := sampleHeap(ctx, st, ticks, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.live) != 3 || len(s.before) != 3 || len(s.held) != 3 {
		t.Fatalf("samples: %d live, %d before, %d held; want 3 each", len(s.live), len(s.before), len(s.held))
	}
	for i := range s.live {
		if s.live[i] == 0 || s.held[i] < s.live[i] {
			t.Errorf("sample %d: live %d, held %d bytes: implausible", i, s.live[i], s.held[i])
		}
	}
	var out bytes.Buffer
	s.print(&out)
	if !strings.Contains(out.String(), "target < 50 MiB: met") {
		t.Errorf("report:\n%s", out.String())
	}
	if err := st.err(); err != nil {
		t.Error(err)
	}
}

func TestListMarketsNamesTheShortfall(t *testing.T) {
	apiURL, _ := startBenchSim(t)
	_, err := listMarkets(context.Background(), apiURL, 51)
	if err == nil || !strings.Contains(err.Error(), "lists 50 markets and -markets asks for 51") {
		t.Fatalf("err = %v", err)
	}
}

func TestPrintSaysWhenTheTargetIsMissed(t *testing.T) {
	s := summary{samples: 2, live: []uint64{10 * mib, 50 * mib}, before: []uint64{60 * mib, 70 * mib}, held: []uint64{80 * mib, 90 * mib}, elapsed: time.Second}
	var out bytes.Buffer
	s.print(&out)
	for _, want := range []string{"live heap after GC", "50.00 MiB; target < 50 MiB: missed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestParseNamesTheFlag(t *testing.T) {
	t.Setenv("BENCH_API_URL", "")
	t.Setenv("BENCH_WS_URL", "")
	for args, want := range map[string]string{
		"":                                   "-api-url and -ws-url are required",
		"-api-url a -ws-url b -markets 0":    "-markets must be at least 1",
		"-api-url a -ws-url b -interval 0":   "-interval must be greater than 0",
		"-api-url a -ws-url b -duration 1ms": "at most -duration",
		"-api-url a -ws-url b -warmup -1s":   "-warmup must not be negative",
	} {
		_, err := parse(strings.Fields(args))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parse(%q) = %v, want an error with %q", args, err, want)
		}
	}
}
