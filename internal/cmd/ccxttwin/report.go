package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func printTable(w io.Writer, rs []result) {
	fmt.Fprintf(w, "%-16s median µs   p99 µs   CPU µs/call\n", "call")
	for _, r := range rs {
		fmt.Fprintf(w, "%-16s %9.0f %8.0f %13.0f\n", r.Call, r.MedianUS, r.P99US, r.CPUUSPerCall)
	}
}

// counterpart is the ccxt call that a Go row is compared with: the SDK's
// call over directhttp (<call>-direct) and a call's floors (<call>-raw, and
// ticker-sync) with the call, so that each floor's ratio says how far below
// ccxt's CPU the call can go.
func counterpart(call string) string { c, _, _ := strings.Cut(call, "-"); return c }

func find(rs []result, call string) (result, bool) {
	i := slices.IndexFunc(rs, func(r result) bool { return r.Call == call })
	if i < 0 {
		return result{}, false
	}
	return rs[i], true
}

// printRatios prints, per Go row (a call of the SDK or one of its floors),
// ccxt's CPU and latency for the call over the row's.
func printRatios(w io.Writer, ccxt, ours report) {
	fmt.Fprintf(w, "\n%s / %s, per call\n", ccxt.Client, ours.Client)
	fmt.Fprintf(w, "%-16s CPU ratio   median ratio   p99 ratio\n", "call")
	for _, o := range ours.Results {
		x, ok := find(ccxt.Results, counterpart(o.Call))
		if !ok {
			fmt.Fprintf(w, "%-16s (not in the ccxt report)\n", o.Call)
			continue
		}
		fmt.Fprintf(w, "%-16s %8.1f× %13.2f× %10.2f×\n", o.Call, x.CPUUSPerCall/o.CPUUSPerCall, x.MedianUS/o.MedianUS, x.P99US/o.P99US)
	}
}

// summary is the medians over the rounds of one directory of reports.
type summary struct {
	ccxt, ours string // the clients, with their runtimes
	rounds     int
	rows       []summaryRow
}

// summaryRow is one Go row (an SDK call or one of its floors) against
// ccxt's call: the medians over the rounds of each side's CPU per call and
// latency, and of the per-round CPU ratio with its lowest and highest.
// A row missing from the ccxt reports has ok false.
type summaryRow struct {
	call                string
	ok                  bool
	ccxtCPU, goCPU      float64
	ratio, minR, maxR   float64
	ccxtMedian, ccxtP99 float64
	goMedian, goP99     float64
}

// summarizeRounds reads dir/ccxt-N.json and dir/go-N.json for every round N
// and prints, per call, the median over the rounds of each client's CPU per
// call, median and p99 latency, and of the per-round CPU ratio, with the
// lowest and highest ratio. With svg not empty, it also writes the chart of
// the CPU per call there (see writeChart).
func summarizeRounds(w io.Writer, dir, svg string) error {
	s, err := summarize(dir)
	if err != nil {
		return err
	}
	printSummary(w, s)
	if svg == "" {
		return nil
	}
	f, err := os.Create(svg)
	if err != nil {
		return fmt.Errorf("-svg: %w", err)
	}
	if err := writeChart(f, s); err != nil {
		f.Close()
		return fmt.Errorf("-svg: %w", err)
	}
	return f.Close()
}

// summarize reads the rounds of dir (see summarizeRounds).
func summarize(dir string) (summary, error) {
	goFiles, err := filepath.Glob(filepath.Join(dir, "go-*.json"))
	if err != nil {
		return summary{}, err
	}
	if len(goFiles) == 0 {
		return summary{}, fmt.Errorf("-summarize: no go-N.json in %s", dir)
	}
	var ccxts, ours []report
	for _, g := range goFiles {
		o, err := readReport(g)
		if err != nil {
			return summary{}, err
		}
		x, err := readReport(filepath.Join(dir, "ccxt-"+strings.TrimPrefix(filepath.Base(g), "go-")))
		if err != nil {
			return summary{}, fmt.Errorf("-summarize: the ccxt report of %s: %w", g, err)
		}
		ours, ccxts = append(ours, o), append(ccxts, x)
	}
	s := summary{
		ccxt:   ccxts[0].Client + " (" + ccxts[0].Runtime + ")",
		ours:   ours[0].Client + " (" + ours[0].Runtime + ")",
		rounds: len(ours),
	}
	for _, o := range ours[0].Results {
		var xc, oc, ratio, xm, xp, om, op []float64
		for i := range ours {
			or, ok1 := find(ours[i].Results, o.Call)
			xr, ok2 := find(ccxts[i].Results, counterpart(o.Call))
			if !ok1 || !ok2 {
				continue
			}
			xc, oc = append(xc, xr.CPUUSPerCall), append(oc, or.CPUUSPerCall)
			ratio = append(ratio, xr.CPUUSPerCall/or.CPUUSPerCall)
			xm, xp = append(xm, xr.MedianUS), append(xp, xr.P99US)
			om, op = append(om, or.MedianUS), append(op, or.P99US)
		}
		row := summaryRow{call: o.Call}
		if len(ratio) > 0 {
			row = summaryRow{
				call: o.Call, ok: true,
				ccxtCPU: median(xc), goCPU: median(oc),
				ratio: median(ratio), minR: slices.Min(ratio), maxR: slices.Max(ratio),
				ccxtMedian: median(xm), ccxtP99: median(xp), goMedian: median(om), goP99: median(op),
			}
		}
		s.rows = append(s.rows, row)
	}
	return s, nil
}

// printSummary prints s as a table.
func printSummary(w io.Writer, s summary) {
	fmt.Fprintf(w, "%s vs %s: medians over %d rounds\n", s.ccxt, s.ours, s.rounds)
	fmt.Fprintf(w, "%-16s ccxt CPU µs  Go CPU µs  CPU ratio (min–max)   ccxt median/p99 µs  Go median/p99 µs\n", "call")
	for _, r := range s.rows {
		if !r.ok {
			fmt.Fprintf(w, "%-16s (not in the ccxt reports)\n", r.call)
			continue
		}
		fmt.Fprintf(w, "%-16s %11.0f %10.0f %7.1f× (%.1f–%.1f) %12.0f/%-7.0f %9.0f/%.0f\n", r.call,
			r.ccxtCPU, r.goCPU, r.ratio, r.minR, r.maxR, r.ccxtMedian, r.ccxtP99, r.goMedian, r.goP99)
	}
}

// median is the middle value of v (the mean of the two middle ones when
// len(v) is even); v is not empty.
func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
