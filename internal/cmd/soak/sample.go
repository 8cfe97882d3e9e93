package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"
)

// countingTransport is an http.RoundTripper that counts the requests it
// sends and the failed ones: a transport error or a status of 400 or
// more. It sits under the client's retry layer, so every attempt counts.
type countingTransport struct {
	next             http.RoundTripper
	requests, errors atomic.Uint64
}

// RoundTrip counts and forwards req.
func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.requests.Add(1)
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode >= 400 {
		t.errors.Add(1)
	}
	return resp, err
}

// Sample is one point of the soak's time series.
type Sample struct {
	// Elapsed is the time since the start.
	Elapsed time.Duration
	// Requests and HTTPErrors are cumulative HTTP attempts and failed
	// attempts (transport errors, statuses ≥ 400).
	Requests, HTTPErrors uint64
	// CallErrors counts the trader's calls that returned an error
	// (after the client's retries and reconciliation).
	CallErrors uint64
	// Reconnects counts WebSocket reconnects of both clients.
	Reconnects uint64
	// HeapBytes is runtime.MemStats.HeapAlloc right after a collection
	// (the live heap, simulator included: it runs in the same process).
	HeapBytes uint64
	// Goroutines is runtime.NumGoroutine.
	Goroutines int
}

// Counters are the cumulative counts a Sampler reads.
type Counters struct {
	Requests, HTTPErrors, CallErrors, Reconnects func() uint64
}

// Sampler takes Samples: counters from Counters, heap and goroutines from
// the runtime. The zero Counters funcs read as 0.
type Sampler struct {
	Start    time.Time
	Counters Counters
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Take returns a sample of now. It runs a garbage collection first, so
// that HeapBytes is the live heap rather than garbage awaiting collection.
func (s *Sampler) Take() Sample {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	read := func(f func() uint64) uint64 {
		if f == nil {
			return 0
		}
		return f()
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return Sample{
		Elapsed:    now().Sub(s.Start),
		Requests:   read(s.Counters.Requests),
		HTTPErrors: read(s.Counters.HTTPErrors),
		CallErrors: read(s.Counters.CallErrors),
		Reconnects: read(s.Counters.Reconnects),
		HeapBytes:  ms.HeapAlloc,
		Goroutines: runtime.NumGoroutine(),
	}
}

// String is the progress line of a sample.
func (s Sample) String() string {
	return fmt.Sprintf("t=%-6s requests=%d http_errors=%d call_errors=%d reconnects=%d heap=%.1fMiB goroutines=%d",
		s.Elapsed.Round(time.Second), s.Requests, s.HTTPErrors, s.CallErrors, s.Reconnects, mib(s.HeapBytes), s.Goroutines)
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// writeCSV writes samples with a header row.
func writeCSV(w io.Writer, samples []Sample) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"elapsed_s", "requests", "http_errors", "call_errors", "reconnects", "heap_bytes", "goroutines"})
	for _, s := range samples {
		cw.Write([]string{
			strconv.FormatFloat(s.Elapsed.Seconds(), 'f', 3, 64),
			strconv.FormatUint(s.Requests, 10), strconv.FormatUint(s.HTTPErrors, 10),
			strconv.FormatUint(s.CallErrors, 10), strconv.FormatUint(s.Reconnects, 10),
			strconv.FormatUint(s.HeapBytes, 10), strconv.Itoa(s.Goroutines),
		})
	}
	cw.Flush()
	return cw.Error()
}

// minGrowthSamples is the fewest samples the growth check judges; shorter
// runs are not judged.
const minGrowthSamples = 8

// Growth compares the mean heap and goroutines of the last quarter of the
// samples with the second quarter's.
type Growth struct {
	// Judged is false when there were too few samples.
	Judged                     bool
	HeapQ2, HeapQ4             float64 // bytes
	GoroutinesQ2, GoroutinesQ4 float64
	HeapRatio, GoroutineRatio  float64
}

// Unbounded reports whether either series more than doubled.
func (g Growth) Unbounded() bool { return g.Judged && (g.HeapRatio > 2 || g.GoroutineRatio > 2) }

// growth measures samples. The first quarter is left out: it holds the
// warm-up (connections, caches, the simulator's first orders).
func growth(samples []Sample) Growth {
	n := len(samples)
	if n < minGrowthSamples {
		return Growth{}
	}
	mean := func(lo, hi int, f func(Sample) float64) float64 {
		var sum float64
		for _, s := range samples[lo:hi] {
			sum += f(s)
		}
		return sum / float64(hi-lo)
	}
	heap := func(s Sample) float64 { return float64(s.HeapBytes) }
	gor := func(s Sample) float64 { return float64(s.Goroutines) }
	q2lo, q2hi, q4lo := n/4, n/2, n-n/4
	g := Growth{Judged: true,
		HeapQ2: mean(q2lo, q2hi, heap), HeapQ4: mean(q4lo, n, heap),
		GoroutinesQ2: mean(q2lo, q2hi, gor), GoroutinesQ4: mean(q4lo, n, gor),
	}
	g.HeapRatio = g.HeapQ4 / g.HeapQ2
	g.GoroutineRatio = g.GoroutinesQ4 / g.GoroutinesQ2
	return g
}
