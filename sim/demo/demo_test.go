package demo

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/clock"
)

var update = flag.Bool("update", false, "rewrite testdata/tour.golden")

// TestRun: the tour runs against a simulator on the real clock, leaking
// no goroutine.
func TestRun(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := Run(ctx, &out); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	for _, want := range []string{"KRW-BTC", "Orderbook", "is open", "is cancelled", "Market buy", "filled", "New balances"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunGolden: on a fixed exchange clock the tour prints exactly
// testdata/tour.golden (run with -update to rewrite it), in words rather
// than Bithumb's state names.
func TestRunGolden(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	err := run(ctx, &out, sim.WithClock(clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))))
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	url := strings.TrimSuffix(strings.SplitN(strings.SplitN(got, "running at ", 2)[1], " ", 2)[0], ",")
	got = strings.ReplaceAll(got, url, "http://127.0.0.1:PORT")
	golden := filepath.Join("testdata", "tour.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the tour differs from %s:\n%s", golden, got)
	}
	for _, raw := range []string{"is wait", "is now cancel", ": done"} {
		if strings.Contains(got, raw) {
			t.Errorf("the tour says %q", raw)
		}
	}
}
