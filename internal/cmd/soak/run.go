package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/wsclient"
)

// markets are the markets the trader and the streams use.
var markets = []string{"KRW-BTC", "KRW-ETH", "KRW-XRP"}

// Summary is the outcome of a soak.
type Summary struct {
	Duration time.Duration
	Faults   string
	Last     Sample
	Ledger   LedgerCounts
	// Duplicates counts client order ids held by more than one order on
	// the simulator; Lost counts orders on the simulator that the trader
	// never saw as placed or ambiguous. Both must be 0.
	Duplicates, Lost int
	// WSMessages counts data messages decoded by both WebSocket clients;
	// MyOrders the myOrder events among them.
	WSMessages, MyOrders uint64
	Growth               Growth
}

// Failed returns why the soak failed, or nil.
func (s Summary) Failed() error {
	var errs []error
	if s.Duplicates > 0 {
		errs = append(errs, fmt.Errorf("%d duplicate client order ids on the simulator", s.Duplicates))
	}
	if s.Lost > 0 {
		errs = append(errs, fmt.Errorf("%d orders on the simulator whose placement the trader never saw", s.Lost))
	}
	if s.Growth.Unbounded() {
		errs = append(errs, fmt.Errorf("unbounded growth: heap ×%.2f, goroutines ×%.2f (last quarter's mean over the second quarter's)",
			s.Growth.HeapRatio, s.Growth.GoroutineRatio))
	}
	return errors.Join(errs...)
}

// String is the summary line.
func (s Summary) String() string {
	l := s.Ledger
	g := "growth=not judged (too few samples)"
	if s.Growth.Judged {
		g = fmt.Sprintf("heap_q2=%.1fMiB heap_q4=%.1fMiB (×%.2f) goroutines_q2=%.0f goroutines_q4=%.0f (×%.2f)",
			mib(uint64(s.Growth.HeapQ2)), mib(uint64(s.Growth.HeapQ4)), s.Growth.HeapRatio,
			s.Growth.GoroutinesQ2, s.Growth.GoroutinesQ4, s.Growth.GoroutineRatio)
	}
	verdict := "PASS"
	if s.Failed() != nil {
		verdict = "FAIL"
	}
	return fmt.Sprintf("soak %s: duration=%s faults=%s requests=%d http_errors=%d call_errors=%d reconnects=%d ws_messages=%d my_orders=%d "+
		"placed=%d rejected=%d ambiguous=%d cancelled=%d cancel_rejected=%d cancel_ambiguous=%d marketable=%d "+
		"duplicates=%d lost=%d %s heap=%.1fMiB goroutines=%d",
		verdict, s.Duration.Round(time.Second), s.Faults, s.Last.Requests, s.Last.HTTPErrors, s.Last.CallErrors, s.Last.Reconnects,
		s.WSMessages, s.MyOrders,
		l.Placed, l.Rejected, l.Ambiguous, l.Cancelled, l.CancelRejected, l.CancelAmbiguous, l.Marketable,
		s.Duplicates, s.Lost, g, mib(s.Last.HeapBytes), s.Last.Goroutines)
}

// Run runs a soak with cfg, printing progress and the summary to out, and
// writes the plot and the CSV. The error is the setup's or the output's,
// or Summary.Failed.
func Run(ctx context.Context, cfg config, out io.Writer) (Summary, error) {
	var sum Summary
	sum.Faults = cfg.Faults
	out = &lockedWriter{w: out} // the sampler and a verbose trader both write
	format, err := plotFormat(cfg.Out)
	if err != nil {
		return sum, err
	}
	p, ok := presets[cfg.Faults]
	if !ok {
		return sum, fmt.Errorf("unknown fault preset %q", cfg.Faults)
	}
	p = p.seeded(cfg.Seed)
	if err := os.MkdirAll(filepath.Dir(cfg.Out), 0o755); err != nil {
		return sum, err
	}

	simCtx, stopSim := context.WithCancel(context.WithoutCancel(ctx))
	quiet := slog.New(slog.DiscardHandler)
	r, err := sim.Start(simCtx, sim.DefaultAddr, sim.WithSeed(cfg.Seed), sim.WithLogger(quiet))
	if err != nil {
		stopSim()
		return sum, err
	}
	defer func() {
		stopSim()
		if werr := r.Wait(); werr != nil && err == nil {
			err = werr
		}
	}()
	key := r.Keys[0]

	transport := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	defer transport.next.(*http.Transport).CloseIdleConnections()
	client, err := bithumb.New(bithumb.WithBaseURL(r.URL), bithumb.WithKeys(key.AccessKey, key.SecretKey),
		bithumb.WithTransport(transport), bithumb.WithTimeout(20*time.Second))
	if err != nil {
		return sum, err
	}

	// The streams. Faults go on only after the first connections.
	wsOpts := wsclient.Options{URL: r.WebSocketURL, StallTimeout: 15 * time.Second, BackoffMax: 5 * time.Second}
	pub, err := wsclient.New(wsOpts)
	if err != nil {
		return sum, err
	}
	defer pub.Close()
	signer, err := middleware.NewJWTSigner(key.AccessKey, key.SecretKey)
	if err != nil {
		return sum, err
	}
	priv, err := wsclient.New(wsclient.Options{URL: r.PrivateWebSocketURL, Signer: signer, BackoffMax: 5 * time.Second})
	if err != nil {
		return sum, err
	}
	defer priv.Close()
	var myOrders atomic.Uint64
	var consumers sync.WaitGroup
	consume := func(c *wsclient.Client, s wsclient.Stream) error {
		var opts []wsclient.SubscribeOption
		if s.Type == wsclient.TypeTicker || s.Type == wsclient.TypeOrderbook {
			opts = append(opts, wsclient.WithConflation())
		}
		sub, err := c.Subscribe(ctx, s, opts...)
		if err != nil {
			return err
		}
		consumers.Go(func() {
			for ev := range sub.Events() {
				if _, ok := ev.(*wsclient.MyOrder); ok {
					myOrders.Add(1)
				}
			}
		})
		return nil
	}
	for _, s := range []wsclient.Stream{wsclient.Tickers(markets...), wsclient.Orderbooks(markets...), wsclient.Trades(markets...)} {
		if err := consume(pub, s); err != nil {
			return sum, err
		}
	}
	if err := consume(priv, wsclient.MyOrders(markets...)); err != nil {
		return sum, err
	}
	defer consumers.Wait()
	defer pub.Close()
	defer priv.Close()

	r.Server.Faults().Set(p.REST)
	r.Server.WebSocket().SetFaults(p.WS)

	tr := newTrader(client, cfg.Rate, cfg.Seed)
	if cfg.Verbose {
		tr.verbose = out
	}
	start := time.Now()
	sampler := &Sampler{Start: start, Counters: Counters{
		Requests:   transport.requests.Load,
		HTTPErrors: transport.errors.Load,
		CallErrors: tr.callErrors.Load,
		Reconnects: func() uint64 { return pub.Stats().Reconnects + priv.Stats().Reconnects },
	}}
	fmt.Fprintf(out, "soak: simulator at %s, faults %q, seed %d, %s, sampling every %s\n", r.URL, cfg.Faults, cfg.Seed, cfg.Duration, cfg.Interval)

	// The trader runs until the deadline; its calls use ctx (not the
	// deadline), so that no placement is cut off with its outcome unknown.
	deadline := start.Add(cfg.Duration)
	traderDone := make(chan struct{})
	go func() {
		defer close(traderDone)
		tr.run(ctx, deadline)
	}()
	samples := []Sample{sampler.Take()}
	fmt.Fprintln(out, samples[0])
	tick := time.NewTicker(cfg.Interval)
	defer tick.Stop()
sampling:
	for {
		select {
		case <-tick.C:
			s := sampler.Take()
			samples = append(samples, s)
			fmt.Fprintln(out, s)
		case <-traderDone:
			break sampling
		}
	}
	// Faults off, then settle what was left in doubt and read the engine.
	r.Server.Faults().Reset()
	r.Server.WebSocket().ResetFaults()
	tr.cleanup(ctx)
	final := sampler.Take()
	samples = append(samples, final)
	fmt.Fprintln(out, final)

	sum.Duration = time.Since(start)
	sum.Last = final
	sum.Ledger = tr.counts()
	sum.Duplicates, sum.Lost = audit(r.Server.Engine(), key.Account, tr)
	ps, vs := pub.Stats(), priv.Stats()
	sum.WSMessages = ps.Messages + vs.Messages
	sum.MyOrders = myOrders.Load()
	sum.Growth = growth(samples)

	if err := writeOutputs(cfg.Out, format, samples, sum); err != nil {
		return sum, err
	}
	fmt.Fprintf(out, "soak: wrote %s and %s\n", cfg.Out, csvPath(cfg.Out))
	fmt.Fprintln(out, sum)
	return sum, sum.Failed()
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// csvPath is the CSV written beside the plot.
func csvPath(plotPath string) string {
	return strings.TrimSuffix(plotPath, filepath.Ext(plotPath)) + ".csv"
}

// writeOutputs writes the plot and the CSV.
func writeOutputs(plotPath, format string, samples []Sample, sum Summary) error {
	f, err := os.Create(plotPath)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("bithumb soak: %s against the simulator, faults %q", sum.Duration.Round(time.Second), sum.Faults)
	if err := writePlot(f, format, title, samples); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	c, err := os.Create(csvPath(plotPath))
	if err != nil {
		return err
	}
	if err := writeCSV(c, samples); err != nil {
		c.Close()
		return err
	}
	return c.Close()
}

// audit compares the simulator's orders of account with the trader's
// ledger: client order ids held by more than one order (duplicates), and
// orders whose client order id the trader never saw placed or ambiguous
// (lost outcomes).
func audit(e *engine.Engine, account string, tr *trader) (duplicates, lost int) {
	orders := e.Orders(account, engine.OrderQuery{Limit: math.MaxInt32})
	seen := map[string]int{}
	for _, o := range orders {
		seen[o.ClientOrderID]++
	}
	for id, n := range seen {
		if n > 1 {
			duplicates++
		}
		if !tr.known(id) {
			lost += n
		}
	}
	return duplicates, lost
}
