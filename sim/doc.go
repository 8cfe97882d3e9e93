// Package sim is a local, stateful Bithumb exchange for tests and paper
// trading: it serves every REST operation of spec/bithumb.yaml (API 2.0
// and the legacy API 1.0) with Bithumb's authentication, rate limits,
// error shapes and quirks, backed by a matching engine with exact
// decimal money.
//
// # Use
//
// New returns a *Server, an http.Handler serving REST, the WebSocket
// streams and the admin endpoints; put it behind httptest (tests) or use
// Start and ListenAndServe (a real listener, loopback by default):
//
//	s, err := sim.New()                  // default markets, one account
//	ts := httptest.NewServer(s)
//	key := s.Keys()[0]                   // generated unless configured
//	c, err := bithumb.New(bithumb.WithBaseURL(ts.URL), bithumb.WithKeys(key.AccessKey, key.SecretKey))
//
// Close the httptest server first, then the Server (Close ends the
// WebSocket connections, which an http.Server does not wait for, then
// saves and closes the data directory, if any). New starts no goroutine;
// time passes for the exchange when requests arrive, continuously under
// Server.Run (Start runs it), and every WebSocket tick while stream
// connections are open. Config is loadable from JSON or YAML with
// LoadConfig.
//
// # Layout
//
//   - sim: HTTP wiring: the handlers of the generated strict server, the
//     middleware (rate limit → authentication → fault injection) and the
//     admin endpoints under /_sim/.
//   - sim/internal/api: the router and strict server interface generated
//     from the spec on package gen's models, and Examples, which answers
//     every operation with the spec's response example; an operation
//     without a hand-written handler is served by it.
//   - sim/ws: the WebSocket streams (public ticker, trade, orderbook;
//     private myOrder v2 and v1, myAsset) with their faults.
//   - sim/engine: accounts, orders, matching, TWAP, deposits and
//     withdrawals, the event feed; no HTTP.
//   - sim/market: the seeded price process, synthetic liquidity, tape and
//     candles.
//   - sim/auth: the JWT and legacy HMAC verifier, written independently
//     of the client's signers.
//   - sim/ratelimit, sim/faults, sim/store (bbolt), sim/clock.
//   - sim/demo: the offline tour.
//
// # Contract and incidental behaviour
//
// Contract (tests may rely on it): routes, request and response shapes
// (every response matches the spec), error names and statuses, the
// order state machine, money conservation, rate-limit categories and
// headers, and the fault controls. Incidental (may change): ids,
// timestamps, prices and sizes of the synthetic market, message texts.
//
// # Errors and choices where Bithumb's behaviour is not documented
//
//   - Unknown route: HTTP 404 {"name":"not_found","message":"No Route matched with those values"}.
//   - Quotation errors: HTTP 200 {"error":{"name":404,"message":"Code not found"}}
//     for an unknown market, name 400 for a missing or bad parameter.
//   - Exchange errors: {"error":{"name":...,"message":...}} with the
//     documented status; legacy errors: HTTP 200 {"status":"5xxx","message":...}.
//   - Unknown market on exchange endpoints: 400 invalid_parameter; unknown
//     currency on wallet endpoints: 400 "currency does not have a valid value".
//   - Authentication (401): invalid_jwt (no or unparsable token),
//     invalid_access_key, jwt_verification (signature or algorithm other
//     than HS256), expired_jwt (timestamp outside Config.AuthWindow,
//     default ±60 s, of the wall clock, which also sets the Date header),
//     NotAllowIP (with the client's address in X-Sim-Client-Ip), out_of_scope,
//     invalid_query_payload, and nonce_used (Upbit's name) for a reused
//     nonce. Legacy: 5300 "Invalid Apikey", 5100 for a bad signature,
//     nonce or endpoint, 5302 for IP or permission.
//   - Scopes: account, order:read, order:write, withdraw:read/write,
//     deposit:read/write, derived from each operation's tag and method.
//   - Rate limits: a token bucket per IP and spec category (150/s public,
//     140/s private, 20/s bulk); 429 {"error":{"name":"too_many_requests"}}
//     with Retry-After; ExcessBeforeBlock rejections within a second block
//     the IP's group (public 1 min, private-other 5 min, orders, cancels
//     and bulk 10 min) times BlockScale. The spec's per-asset rule adds a
//     bucket per IP and asset (20/s) for orders and cancels, read from
//     x-bithumb-asset; over it, 429 too_many_requests without a block.
//   - Order placement answers 201; batches and cancels 200; KRW and coin
//     withdrawals, KRW deposits and address creation 201; TWAP 200.
//   - Orders, fees and self-trade prevention: see package engine.
//   - Transfers: withdrawals PROCESSING → DONE (or CANCELLED), KRW deposits
//     PROCESSING → ACCEPTED, coin deposits (POST /_sim/deposit)
//     DEPOSIT_PROCESSING → DEPOSIT_ACCEPTED, each after Config.TransferDelay;
//     coin withdrawals only to allow-listed addresses
//     (400 withdraw_address_not_registered otherwise).
//
// # Quirks
//
// On by default, each switchable in Config.Quirks: the ticker's
// trade_timestamp and timestamp are KST wall-clock time read as UTC (9
// hours ahead), orderbook timestamps are microseconds, and trades/ticks
// values are JSON strings.
//
// # Faults
//
// Config.Faults and PUT /_sim/faults (a faults.Config as JSON) add
// latency, 500 server_error, 429 storms, a connection reset after the
// request was handled (an order IS placed, no answer comes), slow bodies
// and truncated JSON, seeded and resettable (POST /_sim/faults/reset).
// Injected responses carry an X-Sim-Fault header. Every response carries
// X-Sim-Version. The admin endpoints are not authenticated: serve the
// simulator on loopback only.
//
// # WebSocket
//
// The same handler serves Bithumb's WebSocket endpoints: /websocket/v1
// (ticker, trade, orderbook from the market process behind REST, so a
// ticker's trade_price is GET /v1/ticker's at that moment),
// /websocket/v2/private (myOrder with the v2 names, myAsset) and the
// deprecated /websocket/v1/private (v1 names); Running.WebSocketURL and
// Running.PrivateWebSocketURL are their URLs. Private handshakes need
// "Authorization: Bearer <jwt>" (the verifier of REST; HTTP 401
// otherwise); more than 10 handshakes per second from one IP get HTTP 429.
// An order placed over REST produces its myOrder messages (wait, trade per
// fill, done or cancel) and myAsset messages for the changed currencies.
// Requests replace the whole subscription set; snapshots come first, then
// realtime messages; DEFAULT and SIMPLE formats; binary frames; the text
// PING gets {"status":"UP"} (then every 10 s); idle connections close
// after 120 s. Both times are divided by Config.TimeScale (or set in
// Config.WebSocket). Bad requests get Bithumb's documented error messages.
// Faults (drop the connection, stall silently, a malformed frame, an error
// message) come from Config.WebSocket.Faults, the admin resource
// /_sim/ws/faults, or POST /_sim/ws/inject for every open connection at
// once; GET /_sim/ws/stats counts connections, messages and faults. See
// package ws for the details and the choices where Bithumb's behaviour is
// not documented.
//
// # Persistence
//
// With Config.DataDir, accounts, orders with their fills, transfers, TWAP
// orders and counters are written to a bbolt file after every change,
// and the market tape and live candles at checkpoints (every minute under
// Run, and on Close); a restarted simulator continues where it stopped.
// The keys it generated are kept in the same directory (KeysFileName,
// mode 0600), so a restart does not invalidate them; secrets that were
// configured or came from the environment are never written there.
package sim
