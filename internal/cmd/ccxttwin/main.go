// Command ccxttwin is the Go twin of bench/ccxt/bench.mjs: it makes the same
// calls with the SDK against the same simulator (ticker, orderbook, chance,
// accounts, place and cancel; N calls of each kind, one at a time, after a
// warm-up of every kind) and reports their median and p99 latency and the
// CPU time this process spent per call (user + system of all its threads,
// getrusage). Each call is measured with the SDK twice: with its default
// transport (net/http's), and in a <call>-direct row with directhttp's.
// Its floors follow: <call>-raw makes the same request as a program without
// the SDK writes it, with plain net/http (one http.Client with the default
// transport), a JWT signed by hand with the standard library and
// encoding/json into plain structs of float64s and strings (see rawClient;
// cancel-raw cancels place-raw's orders), and ticker-sync is the ticker
// without any transport, written and read over one connection (see
// floor_sync.go).
//
// Given the ccxt script's JSON report (-ccxt), it also prints how many times
// more CPU and time per call ccxt spent than each row, a floor's row against
// ccxt's call (ticker-raw against ticker): the ratios of a call's SDK and
// raw rows say how much of ccxt's cost the SDK saves and how much net/http
// would let it save at best. -summarize DIR reads the reports of several
// rounds (DIR/ccxt-N.json and DIR/go-N.json) and prints the medians over
// the rounds, in the same rows; with -svg FILE it also draws the CPU per
// call of ccxt, the SDK with either transport and the net/http floor as a
// bar chart.
//
// `make bench-ccxt` (bench/ccxt/run.sh) builds and runs both against one
// simulator; see docs/benchmarks.md. The keys are read from
// BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/directhttp"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ccxttwin:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("ccxttwin", flag.ContinueOnError)
	url := fs.String("url", "http://127.0.0.1:18431", "the simulator's REST base `URL`")
	n := fs.Int("n", 500, "measured calls of each kind")
	warmup := fs.Int("warmup", 100, "warm-up calls of each kind, all made before any is measured")
	out := fs.String("out", "", "write the JSON report to `FILE`")
	ccxtReport := fs.String("ccxt", "", "the ccxt script's JSON report `FILE`, to print the ratios")
	summarize := fs.String("summarize", "", "print the medians of the rounds in `DIR` (ccxt-N.json, go-N.json) and exit")
	svg := fs.String("svg", "", "with -summarize, also draw the CPU per call as an SVG bar chart in `FILE`")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured calls to `FILE` (go tool pprof)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *summarize != "" {
		return summarizeRounds(stdout, *summarize, *svg)
	}
	if *n < 1 || *warmup < 0 {
		return errors.New("-n must be at least 1 and -warmup at least 0")
	}
	c, err := newClient(*url, nil)
	if err != nil {
		return err
	}
	direct := &directhttp.Transport{}
	defer direct.CloseIdleConnections()
	cDirect, err := newClient(*url, direct)
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		stop, err := startProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	b := bench{n: *n, warmup: *warmup, url: *url}
	rep, err := b.all(context.Background(), c, cDirect)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s (%s), %d calls each after %d warm-up calls of every kind\n", rep.Client, rep.Runtime, *n, *warmup)
	printTable(stdout, rep.Results)
	if *out != "" {
		if err := writeJSON(*out, rep); err != nil {
			return err
		}
	}
	if *ccxtReport != "" {
		other, err := readReport(*ccxtReport)
		if err != nil {
			return fmt.Errorf("-ccxt: %w", err)
		}
		printRatios(stdout, other, rep)
	}
	return nil
}

// newClient is the full client (typed methods, validation, rate limiter,
// retries, signer, typed decoding) with every category's and per-asset
// rule's limit raised to
// 1,000,000 per second: the limiter runs on every call but does not wait
// (bench/sim.yaml raises the simulator's limits, which the client also
// reads from the x-ratelimit-* headers), as ccxt's pacing is off in the
// script. rt, when not nil, replaces the SDK's default transport.
func newClient(url string, rt http.RoundTripper) (*bithumb.Client, error) {
	opts := []bithumb.Option{bithumb.WithBaseURL(url), bithumb.WithCredentialsFromEnv()}
	if rt != nil {
		opts = append(opts, bithumb.WithTransport(rt))
	}
	for name := range catalog.Categories() {
		opts = append(opts, bithumb.WithRateLimit(name, 1e6))
	}
	// The per-asset rules too: every order goes to one market, and the
	// simulator scales them with the categories.
	for name := range catalog.AssetRules() {
		opts = append(opts, bithumb.WithRateLimit(name, 1e6))
	}
	return bithumb.New(opts...)
}

// startProfile starts a CPU profile into path; stop ends it.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func writeJSON(path string, v any) error {
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}

func readReport(path string) (report, error) {
	var r report
	raw, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
