// Command soak runs a demo trader against an in-process simulator with
// faults on, for minutes, and reports how the client holds up: requests,
// errors, WebSocket reconnects, heap and goroutines over time.
//
// It starts a simulator on loopback (sim.Start, random port) with a fault
// preset (REST: latency, 500s, resets after handling, truncated JSON,
// slow bodies; WebSocket: drops, stalls, malformed frames, error
// messages), a bithumb.Client with the simulator account's keys and a
// counting transport, a public wsclient subscription (ticker, orderbook
// and trade of a few markets) and a private one (myOrder). The trader
// reads tickers and orderbooks, places resting limit orders far from the
// market and cancels them, now and then places a small marketable order,
// and lists (and cleans up) its open orders. Every placement and cancel
// is classified as placed, rejected or ambiguous
// (*bithumb.AmbiguousOrderError).
//
// Every -interval it prints a sample line; at the end it writes the plot
// (-out, PNG or SVG by extension) and a CSV of the samples beside it,
// then prints a summary line. It exits non-zero when the simulator holds
// orders with the same client_order_id (duplicates), orders the trader
// never saw as placed or ambiguous (lost outcomes), or when heap or
// goroutines grew without bound (the last quarter's mean above twice the
// second quarter's).
//
// Usage:
//
//	go run ./internal/cmd/soak [-duration 10m] [-interval 5s] [-out soak-out/soak.png]
//	                           [-faults moderate] [-seed 1] [-rate 40] [-v]
//
// `make soak` runs it for ten minutes. It is not part of `make test`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"
)

// config is the parsed command line.
type config struct {
	Duration time.Duration
	Interval time.Duration
	Out      string
	Faults   string
	Seed     uint64
	Rate     float64
	// Verbose prints every failed call.
	Verbose bool
}

// parseFlags parses args (without the program name).
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&c.Duration, "duration", 10*time.Minute, "how long the trader runs")
	fs.DurationVar(&c.Interval, "interval", 5*time.Second, "time between samples")
	fs.StringVar(&c.Out, "out", filepath.Join("soak-out", "soak.png"), "plot file (.png or .svg); the CSV of the samples is written beside it")
	fs.StringVar(&c.Faults, "faults", "moderate", "fault preset: "+strings.Join(presetNames(), ", "))
	fs.Uint64Var(&c.Seed, "seed", 1, "seed of the simulator, its faults and the trader")
	fs.Float64Var(&c.Rate, "rate", 40, "trader calls per second (retries and look-ups come on top)")
	fs.BoolVar(&c.Verbose, "v", false, "print every failed call")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if c.Duration <= 0 || c.Interval <= 0 || c.Rate <= 0 {
		return c, errors.New("-duration, -interval and -rate must be positive")
	}
	if _, err := plotFormat(c.Out); err != nil {
		return c, err
	}
	if _, ok := presets[c.Faults]; !ok {
		return c, fmt.Errorf("unknown fault preset %q (want %s)", c.Faults, strings.Join(presetNames(), ", "))
	}
	return c, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	var usage usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.As(err, &usage):
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

// usageError is a bad command line.
type usageError struct{ error }

// run is the program: it parses args, runs the soak (Run) and returns
// its error, a usageError for a bad command line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		return usageError{err}
	}
	_, err = Run(ctx, cfg, stdout)
	return err
}
