// Package auth is the simulator's verifier of Bithumb request signatures:
// the API 2.0 JWT (HS256, query_hash over the received parameters) and the
// legacy API 1.0 HMAC headers (Api-Key, Api-Nonce, Api-Sign).
//
// Tokens are parsed and their HS256 signatures verified with
// github.com/golang-jwt/jwt/v5 (HS256 only; registered claims such as exp
// are not checked, since Bithumb's tokens have none). The rest is the
// simulator's own: the timestamp window, nonce reuse and query_hash. It is
// deliberately an independent implementation of the rules in
// shared/bithumb/REST.md §4 and §12.1: it shares no code with the client's
// signers in package middleware, so a mistake in either (in the query-hash
// canonicalisation above all) is caught by the other when the client is
// tested against the simulator.
//
// # query_hash
//
// The server recomputes the hash string from what it received and accepts
// a token whose query_hash matches any of these readings:
//
//   - the query's key=value pairs decoded (url.QueryUnescape) and joined
//     with "&" in received order, array keys with literal brackets
//     (uuids[]=a&uuids[]=b);
//   - the same pairs decoded without turning "+" into a space;
//   - the raw query string exactly as it arrived on the wire;
//   - for a JSON body, its members in body order with raw values: strings
//     decoded, numbers as written, arrays of scalars as k[]=v, arrays of
//     objects as k[i][f]=v, nested objects as k[f]=v, nulls skipped;
//   - when both a query and a body are present, the query's string, "&",
//     then the body's.
//
// A request without parameters may omit query_hash; a request with
// parameters must carry it.
//
// # Errors
//
// Failures are *Error values carrying Bithumb's HTTP status and error name
// (invalid_jwt, jwt_verification, invalid_access_key, expired_jwt,
// invalid_query_payload, NotAllowIP, out_of_scope, nonce_used) or, for the
// legacy API, its status code (5100, 5300, 5302). Messages never echo the
// token, the key or the signature.
package auth
