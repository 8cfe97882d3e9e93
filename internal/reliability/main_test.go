package reliability_test

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
)

var (
	full        = flag.Bool("reliability.full", false, "run the full suite (more orders and connections per scenario)")
	summaryPath = flag.String("reliability.summary", "", "write the summary line to this file as well")
)

// heapBound is the most heap the suite may hold once it has finished.
const heapBound = 256 << 20

// counts of the run, reported in the summary line.
var counts struct {
	faults, scenarios, duplicates, lost, leaks atomic.Int64
}

// size returns short in the short suite (make test) and long with
// -reliability.full.
func size(short, long int) int {
	if *full {
		return long
	}
	return short
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	// Bounded memory: after every scenario has ended, what is still live
	// on the heap stays far below this (a leak of connections, buffers or
	// subscriptions across the scenarios would show here).
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc > heapBound {
		fmt.Fprintf(os.Stderr, "heap after the run: %d MiB, bound %d MiB\n", ms.HeapAlloc>>20, heapBound>>20)
		code = 1
	}
	line := fmt.Sprintf("faults=%d scenarios=%d duplicates=%d lost=%d leaks=%d",
		counts.faults.Load(), counts.scenarios.Load(), counts.duplicates.Load(), counts.lost.Load(), counts.leaks.Load())
	bad := counts.duplicates.Load()+counts.lost.Load()+counts.leaks.Load() != 0
	if bad && code == 0 {
		code = 1
	}
	if *summaryPath == "" && (*full || bad) {
		fmt.Println(line)
	}
	if *summaryPath != "" {
		if err := os.WriteFile(*summaryPath, []byte(line+"\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}
