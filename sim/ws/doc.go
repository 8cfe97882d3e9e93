// Package ws is the simulator's WebSocket server: Bithumb's API 2.0
// streams (WEBSOCKET.md) served from the exchange of package engine.
//
// # Endpoints
//
//   - /websocket/v1: ticker, trade and orderbook, from the same market
//     process as the REST quotation endpoints.
//   - /websocket/v2/private: myOrder (v2 field names) and myAsset, from the
//     engine's event feed: an order placed over REST produces its myOrder
//     messages (wait, trade per fill, done or cancel) and myAsset messages
//     for the currencies whose balance or locked amount changed.
//   - /websocket/v1/private: the deprecated private endpoint, myOrder with
//     the v1 field names.
//
// Private handshakes carry "Authorization: Bearer <jwt>" (HS256,
// access_key, nonce, timestamp, no query_hash), checked by the
// simulator's verifier; a missing or invalid token, or a key with neither
// the order:read nor the account scope, is answered HTTP 401 with the
// REST error body. More than ConnectsPerSecond (10) handshakes per second
// from one IP are answered HTTP 429 with Retry-After.
//
// # Protocol
//
// The client sends one JSON array: a ticket object, type objects and an
// optional format object (DEFAULT or SIMPLE). There is no
// acknowledgement. Every valid request replaces the connection's whole
// subscription set and makes the server send, in request order, a
// SNAPSHOT message per public type and market (unless isOnlyRealtime),
// then REALTIME messages (unless isOnlySnapshot): a ticker and a trade
// message per trade, an orderbook message whenever the top of the book
// changed (checked every Config.Tick). isOnlySnapshot and isOnlyRealtime
// are also accepted in snake_case and with the docs' typo
// (isOnlySanpshot). An orderbook code may carry a depth suffix ("KRW-ETH.5",
// 1 to 30, default 30); level groups prices into buckets of that size
// (asks rounded up, bids down) and is echoed in the message (1 when not
// requested, without grouping). Grouping merges the 30 levels per side of
// the simulated book, so a coarse level yields fewer units. Private
// messages are REALTIME only.
// Unknown markets get no messages.
//
// Bad requests are answered with Bithumb's documented errors, verbatim:
// WRONG_FORMAT (not a JSON array of objects, an unknown type or one the
// endpoint does not serve, codes on myAsset, badly typed options), NO_TICKET,
// NO_TYPE, NO_CODES, INVALID_PARAM "codes 필드가 비어 있습니다." and
// INVALID_PARAM "{}은 지원하지 않는 포맷입니다.". A private type the key
// has no scope for is answered INVALID_AUTH (Upbit's name). The
// connection stays open (Config.CloseOnError closes it) and keeps its
// previous subscription set.
//
// Messages are binary frames (Config.TextFrames: text) holding one JSON
// object, keys in Bithumb's order; SIMPLE only renames keys. Ticker
// trade_date/trade_time and trade dates are KST; orderbook timestamps are
// microseconds (unless the simulator's quirk is off); trade sequential_id
// is a JSON string as observed in 2026 (Config.NumericSequentialID: a
// number); myAsset balance and locked are strings; v2 myOrder omits
// fields without a value.
//
// # Liveness
//
// The text "PING" is answered with {"status":"UP"} at once and then every
// StatusInterval (10 s) for the rest of the connection; ping frames are
// answered with pongs. A connection without activity for IdleTimeout
// (120 s) is closed with status 1000 "idle timeout": activity is any frame
// from the client and any data or error message sent, not the server's
// own status keepalives. A client that lets QueueSize messages pile up is
// disconnected.
//
// # Faults
//
// Faults (Config.Faults at start, SetFaults at run time) misbehave on
// data messages: drop the connection without a close frame, stall (the
// connection stays open but nothing is sent, pings are not answered,
// requests ignored), send a malformed (truncated) message instead, or
// send an error message before it. Inject applies a fault to every open
// connection at once.
//
// # Goroutines
//
// New starts none. Each connection has its handler's goroutine (reading)
// and a writer; the first connection starts one goroutine that follows
// the engine's event feed and, while connections are open, advances the
// exchange every Tick. Close ends them all.
package ws
