// Package faults decides which requests the simulator answers badly on
// purpose: added latency, 5xx errors, 429 storms, a connection reset after
// the request was read and handled (the ambiguous-order case), slow
// bodies, and malformed JSON.
//
// Decisions come from a seeded random source and one-shot counters, so a
// test that sends the same requests in the same order sees the same
// faults. An Injector is safe for concurrent use and can be reconfigured
// or reset at any time.
package faults
