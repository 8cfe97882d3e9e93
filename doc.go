// Package bithumb is a Go client for the REST API of the Bithumb exchange:
// API 2.0 (/v1, /v2, JWT-signed) and the legacy API 1.0 (/public, /info,
// /trade, HMAC-signed).
//
// Every operation of spec/bithumb.yaml is a method of [Client] that takes a
// context first and returns a typed result and an error:
//
//	c, err := bithumb.New(bithumb.WithCredentialsFromEnv())
//	tickers, err := c.ListTickers(ctx, "KRW-BTC")
//	order, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{
//		Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
//		Price: decimal.MustParse("84000000"), Volume: decimal.MustParse("0.001"),
//	})
//
// # Money
//
// Prices, volumes, balances and fees are [decimal.Decimal] values, never
// floats. Bithumb sends them as JSON numbers on quotation endpoints (with
// exponents and up to 27 significant digits) and as strings elsewhere;
// both decode exactly, and encode back without changing a digit.
// Integers above 2^53 (a trade's sequential_id) stay exact too.
//
// # Errors
//
// Every answer Bithumb gives as an error becomes an [*APIError]: a non-2xx
// status, an error object inside an HTTP 200 (quotation endpoints send
// those, with a numeric name), a legacy status other than "0000", and the
// gateway's bare 404 for an unknown path. Test with errors.As for the
// details, and with errors.Is against the sentinels:
//
//	if errors.Is(err, bithumb.ErrOrderNotFound) { ... }  // by Bithumb's error name
//	if errors.Is(err, bithumb.ErrRateLimited) { ... }    // by HTTP status
//
// Arguments that cannot be right (an empty or malformed market code, a
// zero or negative volume, a missing required parameter, a limit order
// without a price) are rejected before anything is sent, with an
// [*InputError] that names the field (errors.Is(err, ErrInvalidInput)).
//
// # Credentials and signing
//
// Private endpoints need an API key pair ([WithCredentials],
// [WithCredentialsFromEnv]; package credentials also reads an encrypted
// key file). Each HTTP attempt is signed afresh, with a new nonce and
// timestamp, from exactly what goes on the wire. Keys and tokens never
// appear in errors or logs.
//
// # Orders
//
// [Client.PlaceOrder] always sends a client_order_id, generated when the
// caller gives none, so that an order whose answer was lost can be found
// again instead of being placed twice. Every placement and cancel ends in
// one of three outcomes: done (the order or the accepted cancel), a
// definite rejection (an error that proves nothing was executed), or an
// [*AmbiguousOrderError] naming the client order ids to look up and what
// reconciliation found. An answer lost after the request was sent, a
// 5xx, or a success that cannot be decoded leads to a look-up by
// client_order_id, never to a blind re-send; see [Client.PlaceOrder],
// [Client.PlaceOrderBatch], [Client.CancelOrder] and
// [Client.CancelOrderBatch].
//
// # The HTTP path
//
// Requests pass through named layers (package middleware): endpoint
// lookup, retries, rate limiting, signing, a response size cap and
// logging, then the http.Transport. What differs per endpoint (rate-limit
// category, retry safety, signing scheme) comes from the spec's
// x-bithumb-* extensions; see [Client.Endpoints].
//
// Options adjust them with this package's types: [WithRetry] takes a
// [RetryConfig], [WithLimiter] a [Limiter] (such as redislimit.New's, shared
// by several processes), [WithRateLimit] and [WithOrderRateCap] numbers;
// an invalid value is an error from New. [WithTimeout] bounds each call
// with its retries, and a placement or cancel with its reconciliation.
//
// # Calling package gen directly
//
// Package gen, the client generated from the spec, can be used with the
// same layers: [NewHTTPClient] returns an *http.Client for
// gen.WithHTTPClient, and [CheckResponse] turns a gen response into the
// [*APIError] a method of Client would return, errors inside an HTTP 200
// included. gen's calls are retried only where the spec says it is safe,
// and an order placed through gen is not reconciled after a lost answer:
// use [Client.PlaceOrder] for orders.
//
// # Testing without an exchange
//
// Bithumb has no sandbox. Point [WithBaseURL] at the simulator (package
// sim, or the `bithumb sim` command) to test against a local exchange.
package bithumb
