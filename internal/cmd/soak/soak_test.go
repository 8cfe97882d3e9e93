package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/engine"
	"go.uber.org/goleak"
)

func TestSamplerTakesCountersAndRuntime(t *testing.T) {
	start := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	n := func(v uint64) func() uint64 { return func() uint64 { return v } }
	s := &Sampler{Start: start, Now: func() time.Time { return start.Add(5 * time.Second) },
		Counters: Counters{Requests: n(10), HTTPErrors: n(2), CallErrors: n(1), Reconnects: n(3)}}
	got := s.Take()
	if got.Elapsed != 5*time.Second || got.Requests != 10 || got.HTTPErrors != 2 || got.CallErrors != 1 || got.Reconnects != 3 {
		t.Errorf("Take() = %+v", got)
	}
	if got.HeapBytes == 0 || got.Goroutines == 0 {
		t.Errorf("Take() read no heap or goroutines: %+v", got)
	}
	if line := got.String(); !strings.Contains(line, "requests=10") || !strings.Contains(line, "reconnects=3") {
		t.Errorf("String() = %q", line)
	}
	// Missing counters read as zero.
	if z := (&Sampler{Start: start}).Take(); z.Requests != 0 || z.Reconnects != 0 {
		t.Errorf("zero Counters: %+v", z)
	}
}

func TestCountingTransportCountsAttemptsAndFailures(t *testing.T) {
	status := http.StatusOK
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
	defer ts.Close()
	ct := &countingTransport{next: http.DefaultTransport}
	hc := &http.Client{Transport: ct}
	for _, s := range []int{200, 500, 429, 201} {
		status = s
		resp, err := hc.Get(ts.URL)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	ts.Close()
	if _, err := hc.Get(ts.URL); err == nil {
		t.Fatal("a closed server answered")
	}
	if r, e := ct.requests.Load(), ct.errors.Load(); r != 5 || e != 3 {
		t.Errorf("requests=%d errors=%d, want 5 and 3", r, e)
	}
}

func TestGrowth(t *testing.T) {
	series := func(n int, heap func(i int) uint64, gor func(i int) int) []Sample {
		s := make([]Sample, n)
		for i := range s {
			s[i] = Sample{Elapsed: time.Duration(i) * time.Second, HeapBytes: heap(i), Goroutines: gor(i)}
		}
		return s
	}
	flat := series(20, func(int) uint64 { return 8 << 20 }, func(int) int { return 30 })
	if g := growth(flat); !g.Judged || g.Unbounded() || g.HeapRatio != 1 || g.GoroutineRatio != 1 {
		t.Errorf("flat: %+v", g)
	}
	leakyHeap := series(20, func(i int) uint64 { return uint64(1+i*i) << 20 }, func(int) int { return 30 })
	if g := growth(leakyHeap); !g.Unbounded() {
		t.Errorf("growing heap not flagged: %+v", g)
	}
	leakyGoroutines := series(20, func(int) uint64 { return 8 << 20 }, func(i int) int { return 10 + 10*i })
	if g := growth(leakyGoroutines); !g.Unbounded() {
		t.Errorf("growing goroutines not flagged: %+v", g)
	}
	if g := growth(flat[:minGrowthSamples-1]); g.Judged || g.Unbounded() {
		t.Errorf("too few samples judged: %+v", g)
	}
}

func testSamples() []Sample {
	var s []Sample
	for i := range 13 {
		s = append(s, Sample{Elapsed: time.Duration(i) * 5 * time.Second, Requests: uint64(100 * i), HTTPErrors: uint64(3 * i),
			CallErrors: uint64(i / 2), Reconnects: uint64(i / 4), HeapBytes: 7 << 20, Goroutines: 30 + i%3})
	}
	return s
}

func TestWritePlot(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"soak.png", "soak.svg"} {
		path := filepath.Join(dir, name)
		format, err := plotFormat(path)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := writePlot(&buf, format, "test", testSamples()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		switch format {
		case "png":
			if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
				t.Errorf("%s is not a PNG (%d bytes)", name, len(b))
			}
		case "svg":
			if !bytes.Contains(b, []byte("<svg")) || !bytes.Contains(b, []byte("Goroutines")) {
				t.Errorf("%s is not an SVG with the panels (%d bytes)", name, len(b))
			}
		}
	}
	// An empty run still draws (axes only).
	if err := writePlot(io.Discard, "png", "empty", nil); err != nil {
		t.Errorf("no samples: %v", err)
	}
	if _, err := plotFormat("soak.pdf"); err == nil {
		t.Error("plotFormat accepted .pdf")
	}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := writeCSV(&buf, testSamples()[:2]); err != nil {
		t.Fatal(err)
	}
	want := "elapsed_s,requests,http_errors,call_errors,reconnects,heap_bytes,goroutines\n" +
		"0.000,0,0,0,0,7340032,30\n" +
		"5.000,100,3,0,0,7340032,31\n"
	if buf.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestClassify(t *testing.T) {
	amb := fmt.Errorf("wrapped: %w", &bithumb.AmbiguousOrderError{Op: "place", ClientOrderIDs: []string{"x"}, Err: errors.New("reset")})
	for _, c := range []struct {
		err  error
		want outcome
	}{{nil, placed}, {amb, ambiguous}, {errors.New("400 invalid_parameter"), rejected}} {
		if got := classify(c.err); got != c.want {
			t.Errorf("classify(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	c, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Duration != 10*time.Minute || c.Interval != 5*time.Second || c.Faults != "moderate" || c.Out != filepath.Join("soak-out", "soak.png") {
		t.Errorf("defaults: %+v", c)
	}
	for _, bad := range [][]string{{"-out", "x.jpg"}, {"-faults", "nope"}, {"-duration", "0s"}, {"extra"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
	if err := run(context.Background(), []string{"-faults", "nope"}, io.Discard, io.Discard); !errors.As(err, new(usageError)) {
		t.Errorf("run with a bad flag: %v, want a usageError", err)
	}
}

// TestRunShort runs the whole program for 3 seconds with the default
// faults, as a function; it leaves no goroutine behind.
func TestRunShort(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a simulator for a few seconds")
	}
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	dir := t.TempDir()
	out := filepath.Join(dir, "soak.svg")
	var stdout bytes.Buffer
	err := run(context.Background(), []string{"-duration", "3s", "-interval", "300ms", "-out", out, "-seed", "7", "-v"}, &stdout, io.Discard)
	t.Log(stdout.String())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	text := stdout.String()
	for _, want := range []string{"soak PASS", "duplicates=0", "lost=0", "t=0s"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, f := range []string{out, filepath.Join(dir, "soak.csv")} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v (size %v)", f, err, st)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "soak.csv"))
	if rows := strings.Count(string(csv), "\n"); rows < 8 {
		t.Errorf("CSV has %d lines, want a header and a sample every 300ms", rows)
	}
}

// TestRunSummaryCountsOrders runs without faults: every placement and
// cancel succeeds, and no HTTP attempt fails.
func TestRunSummaryCountsOrders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a simulator for a few seconds")
	}
	cfg := config{Duration: 2 * time.Second, Interval: time.Second, Out: filepath.Join(t.TempDir(), "soak.png"), Faults: "none", Seed: 3, Rate: 40}
	sum, err := Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	l := sum.Ledger
	if l.Placed == 0 || l.Rejected != 0 || l.Ambiguous != 0 || l.Cancelled == 0 || sum.Duplicates != 0 || sum.Lost != 0 {
		t.Errorf("summary without faults: %s", sum)
	}
	if sum.Last.Requests == 0 || sum.Last.HTTPErrors != 0 {
		t.Errorf("requests=%d http_errors=%d", sum.Last.Requests, sum.Last.HTTPErrors)
	}
}

// TestAuditFindsLostOrders: an order on the simulator that the trader saw
// rejected, or never saw, is a lost outcome; placed and ambiguous ones
// are accounted for.
func TestAuditFindsLostOrders(t *testing.T) {
	s, err := sim.New(sim.WithConfig(sim.Config{HistoryDays: 2}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	account := s.Keys()[0].Account
	tr := newTrader(nil, 1, 1)
	tr.ledger["p"], tr.ledger["a"], tr.ledger["r"] = placed, ambiguous, rejected
	for _, id := range []string{"p", "a", "r", "unseen"} {
		if _, err := s.Engine().PlaceOrder(account, engine.OrderRequest{Market: "KRW-BTC", Side: engine.Bid, Type: engine.Limit,
			Price: decimal.NewFromInt(1_000_000), Volume: decimal.MustParse("0.01"), ClientOrderID: id}); err != nil {
			t.Fatal(err)
		}
	}
	if dup, lost := audit(s.Engine(), account, tr); dup != 0 || lost != 2 {
		t.Errorf("audit: duplicates=%d lost=%d, want 0 and 2", dup, lost)
	}
}

func TestPlainTicksHaveNoTrailingZeros(t *testing.T) {
	labels := 0
	for _, tk := range (plainTicks{}).Ticks(0, 500) {
		if tk.Label == "" {
			continue
		}
		labels++
		if strings.Contains(tk.Label, ".") {
			t.Errorf("tick %v labelled %q", tk.Value, tk.Label)
		}
	}
	if labels == 0 {
		t.Error("no labelled ticks")
	}
}
