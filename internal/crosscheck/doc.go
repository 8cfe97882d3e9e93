// Package crosscheck has no code of its own. Its tests check that the
// client's signing code (package middleware) and the simulator's
// independent verification code (package sim/auth), which are deliberately
// written twice, agree: for any parameter set the two compute the same
// query hash string, a JWT signed by the client is accepted by the
// simulator, and a legacy API 1.0 request signed by the client passes the
// simulator's HMAC verification. The tests are fuzz targets with committed
// seed corpora under testdata/fuzz; `make fuzz` runs them briefly.
package crosscheck
