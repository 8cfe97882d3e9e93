// Package clock gives the simulator an injectable notion of time: the real
// clock, a manually advanced fake clock for tests, and a scaled clock that
// runs faster (or slower) than real time for paper trading.
//
// Every clock is safe for concurrent use.
package clock
