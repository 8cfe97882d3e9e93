// Command memstream measures what streaming costs a client in memory: it
// subscribes to the tickers and orderbooks of -markets markets (default 50)
// with package wsclient, keeps the latest ticker and orderbook of each market
// as a trading program would, and after -warmup samples the heap every
// -interval for -duration: the live heap after a forced GC (runtime/metrics
// /gc/heap/live:bytes), the heap before it (/memory/classes/heap/objects:bytes,
// garbage included) and what the Go runtime holds from the OS
// (/memory/classes/total:bytes minus released). The target is a steady-state
// heap, the largest live heap after GC, below 50 MiB.
//
// `make bench-memory` runs it against the simulator of bench/sim.yaml (50
// markets), whose URLs bench/with-sim.sh passes in BENCH_API_URL and
// BENCH_WS_URL; see docs/benchmarks.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "memstream:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	apiURL, wsURL              string
	markets                    int
	warmup, duration, interval time.Duration
}

func parse(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("memstream", flag.ContinueOnError)
	fs.StringVar(&c.apiURL, "api-url", os.Getenv("BENCH_API_URL"), "the simulator's REST base `URL`, to list the markets (default $BENCH_API_URL)")
	fs.StringVar(&c.wsURL, "ws-url", os.Getenv("BENCH_WS_URL"), "the simulator's public WebSocket `URL` (default $BENCH_WS_URL)")
	fs.IntVar(&c.markets, "markets", 50, "stream the tickers and orderbooks of the first `N` markets")
	fs.DurationVar(&c.warmup, "warmup", 10*time.Second, "stream this long before sampling")
	fs.DurationVar(&c.duration, "duration", 30*time.Second, "sample the heap for this long")
	fs.DurationVar(&c.interval, "interval", time.Second, "between two heap samples")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case c.apiURL == "" || c.wsURL == "":
		return c, errors.New("-api-url and -ws-url are required (or BENCH_API_URL and BENCH_WS_URL; `make bench-memory` sets them)")
	case c.markets < 1:
		return c, errors.New("-markets must be at least 1")
	case c.interval <= 0 || c.duration < c.interval:
		return c, errors.New("-interval must be greater than 0 and at most -duration")
	case c.warmup < 0:
		return c, errors.New("-warmup must not be negative")
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	c, err := parse(args)
	if err != nil {
		return err
	}
	codes, err := listMarkets(ctx, c.apiURL, c.markets)
	if err != nil {
		return err
	}
	st, err := startStreams(ctx, c.wsURL, codes)
	if err != nil {
		return err
	}
	defer st.close()
	fmt.Fprintf(stdout, "streaming the tickers and orderbooks of %d markets from %s; warm-up %s, then a sample every %s for %s\n",
		len(codes), c.wsURL, c.warmup, c.interval, c.duration)
	select {
	case <-st.ready:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-time.After(c.warmup):
	case <-ctx.Done():
		return ctx.Err()
	}
	tick := time.NewTicker(c.interval)
	defer tick.Stop()
	s, err := sampleHeap(ctx, st, tick.C, int(c.duration/c.interval))
	if err != nil {
		return err
	}
	s.print(stdout)
	return st.err()
}
