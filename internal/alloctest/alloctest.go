// Package alloctest measures heap allocations in tests.
package alloctest

import (
	"math"
	"runtime"
)

// LeastHeapBytes returns the heap bytes that one call of f allocates: the
// least of several calls after a warm-up, read from the process's
// cumulative counter. A collection during f hides nothing, and taking the
// least leaves out what other goroutines of the test binary allocated
// meanwhile.
func LeastHeapBytes(f func()) uint64 {
	f()
	least := uint64(math.MaxUint64)
	for range 5 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}
