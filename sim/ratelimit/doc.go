// Package ratelimit is the simulator's server-side rate limiter: a token
// bucket per client IP and rate-limit category, Bithumb's
// x-ratelimit-* header values, the temporary IP block that follows
// repeated excess, and the per-asset rules (a bucket per IP and asset for
// orders and cancels).
//
// A Limiter is safe for concurrent use. Its clock is injectable so that
// tests control refills and block expiry.
package ratelimit
