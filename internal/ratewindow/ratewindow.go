// Package ratewindow counts events in sliding time windows, for the tests
// and benchmarks that check a rate limit from the times requests were sent
// or granted.
package ratewindow

import (
	"slices"
	"time"
)

// Busiest returns the most of times that fall within one window: the
// largest count of times t with start <= t < start+window, for any start.
// times need not be sorted and is not modified.
func Busiest(times []time.Time, window time.Duration) int {
	sorted := slices.SortedFunc(slices.Values(times), time.Time.Compare)
	most, j := 0, 0
	for i := range sorted {
		for j < len(sorted) && sorted[j].Sub(sorted[i]) < window {
			j++
		}
		most = max(most, j-i)
	}
	return most
}
