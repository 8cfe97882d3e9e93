//go:build !race

package middleware

// signRaceEnabled reports whether the race detector is on: it makes
// sync.Pool drop items at random, so allocation counts vary.
const signRaceEnabled = false
