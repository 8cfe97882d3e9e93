package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"slices"
	"time"
)

// The runtime/metrics samples read before and after each forced GC.
const (
	liveHeap    = "/gc/heap/live:bytes"
	heapObjects = "/memory/classes/heap/objects:bytes"
	totalMemory = "/memory/classes/total:bytes"
	released    = "/memory/classes/heap/released:bytes"
)

// summary is the outcome of the sampling.
type summary struct {
	samples            int
	live, before, held []uint64 // bytes, one per sample
	messages           uint64   // received during the sampling
	dropped            uint64   // events dropped by full buffers, all run
	elapsed            time.Duration
}

// sampleHeap takes n samples, one per tick: the heap before a forced GC,
// the live heap after it and what the runtime holds from the OS.
func sampleHeap(ctx context.Context, st *streams, ticks <-chan time.Time, n int) (summary, error) {
	ms := []metrics.Sample{{Name: liveHeap}, {Name: heapObjects}, {Name: totalMemory}, {Name: released}}
	s := summary{samples: n}
	start, m0 := time.Now(), st.messages.Load()
	for range n {
		select {
		case <-ticks:
		case <-ctx.Done():
			return s, ctx.Err()
		}
		metrics.Read(ms)
		s.before = append(s.before, ms[1].Value.Uint64())
		runtime.GC()
		metrics.Read(ms)
		s.live = append(s.live, ms[0].Value.Uint64())
		s.held = append(s.held, ms[2].Value.Uint64()-ms[3].Value.Uint64())
	}
	s.elapsed = time.Since(start)
	s.messages = st.messages.Load() - m0
	_, s.dropped = st.stats()
	return s, nil
}

const mib = 1 << 20

// target is the largest steady-state heap allowed, in bytes.
const target = 50 * mib

func (s summary) print(w io.Writer) {
	fmt.Fprintf(w, "%d samples over %s: %d messages (%.0f/s); %d events dropped by a full buffer since the start\n",
		s.samples, s.elapsed.Round(time.Millisecond), s.messages, float64(s.messages)/s.elapsed.Seconds(), s.dropped)
	fmt.Fprintln(w, "MiB                            median     max")
	row := func(name string, v []uint64) {
		fmt.Fprintf(w, "%-28s %8.2f %8.2f\n", name, medianMiB(v), float64(slices.Max(v))/mib)
	}
	row("live heap after GC", s.live)
	row("heap before GC", s.before)
	row("held from the OS by Go", s.held)
	verdict := "met"
	if slices.Max(s.live) >= target {
		verdict = "missed"
	}
	fmt.Fprintf(w, "steady-state heap (largest live heap after GC): %.2f MiB; target < 50 MiB: %s\n", float64(slices.Max(s.live))/mib, verdict)
}

func medianMiB(v []uint64) float64 {
	s := slices.Sorted(slices.Values(v))
	return float64(s[len(s)/2]) / mib
}
