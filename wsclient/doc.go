// Package wsclient is a reconnecting client for Bithumb's API 2.0
// WebSocket: public market data (ticker, trade, orderbook) and private
// account streams (myOrder, myAsset), decoded into typed events with exact
// decimals.
//
//	c, err := wsclient.New(wsclient.Options{}) // public endpoint, defaults
//	if err != nil { ... }
//	defer c.Close()
//	sub, err := c.Subscribe(ctx, wsclient.Tickers("KRW-BTC", "KRW-ETH"))
//	if err != nil { ... }
//	for ev := range sub.Events() {
//		switch ev := ev.(type) {
//		case *wsclient.Ticker:
//			fmt.Println(ev.Code, ev.TradePrice) // exact: 157450000
//		case *wsclient.Reconnected:
//			// messages between ev.DisconnectedAt and ev.ReconnectedAt were missed
//		}
//	}
//
// # Endpoints
//
// A [Client] is one connection to one endpoint. [PublicURL]
// (wss://ws-api.bithumb.com/websocket/v1) serves ticker, trade and
// orderbook; [PrivateURL] (/websocket/v2/private) serves myOrder and
// myAsset and is selected by setting [Options].Signer. The private
// handshake carries "Authorization: Bearer <jwt>"; the client asks the
// Signer (a *middleware.JWTSigner) for a fresh token on every connect.
// The deprecated [PrivateV1URL] is supported as an option; there myOrder
// messages use the v1 field names and arrive as [*MyOrderV1]. Use one
// public and one private client side by side.
//
// # Subscriptions
//
// [Client.Subscribe] takes a [Stream], built with [Tickers], [Trades],
// [Orderbooks] (codes may carry a depth suffix, "KRW-ETH.5"), [MyOrders] or
// [MyAssets], optionally refined with [Stream.WithLevel],
// [Stream.SnapshotOnly] or [Stream.RealtimeOnly]. Streams are validated
// before anything is sent: unknown types, missing or lower-case codes, codes
// on myAsset and private types on a public client are rejected with
// [ErrInvalidSubscription].
//
// Bithumb replaces a connection's whole subscription set with every request.
// The client therefore always sends the union of its open subscriptions:
// subscribing adds to it, [Subscription.Close] sends the reduced set, and
// the last Close disconnects. Any number of subscriptions may overlap; each
// receives the messages of its own stream (its codes, its orderbook depth
// and level, its snapshot/realtime choice). Every request makes the server
// send fresh snapshots, so a subscription may see a SNAPSHOT message again
// when another subscription is added.
//
// # Events and decoding
//
// Events are [*Ticker], [*Trade], [*Orderbook], [*MyOrder], [*MyOrderV1],
// [*MyAsset], and the notices [*Disconnected], [*Reconnected] and
// [*ServerError]. Text and binary frames are both accepted (Bithumb sends
// binary). Both response formats, DEFAULT and SIMPLE ([Options].Format),
// decode into the same events. Every price, volume and balance is a
// decimal.Decimal holding every digit of the wire text, whether Bithumb
// sent a JSON number or a string; sequential_id is a wire.Int64 (it exceeds
// 2^53 and sometimes arrives quoted); timestamps are wire.Timestamp
// (milliseconds or microseconds, quoted or not); the KST trade_date and
// trade_time strings become a time.Time in wire.KST. Fields Bithumb omits
// (the private v2 streams omit every empty field) stay zero. Messages of an
// unknown type are skipped and counted in [Stats].Unknown; malformed
// messages are skipped, logged and counted in [Stats].DecodeErrors.
// A subscription made [WithRaw] receives each data message as a [*Raw]:
// the decoded event plus the message's bytes exactly as sent.
//
// The decoder peeks at the "type" (or SIMPLE "ty") key, then makes one
// hand-written pass over the message into the typed event (no reflection,
// no map[string]any, no float64 anywhere); it is several times faster than
// encoding/json decoding the same message into float64 fields, with one or
// two allocations per message (see BenchmarkWSDecode).
//
// # Liveness and reconnection
//
// Every PingInterval (20s) the client sends a WebSocket ping frame and the
// text "PING", which Bithumb answers with {"status":"UP"}. Two watchdogs
// replace a connection: when nothing at all arrives for PingInterval +
// PongTimeout ([ErrNoPong]), and when subscriptions are active but no data
// message arrives for StallTimeout (60s; [ErrStalled]) — the silent stall
// where the socket stays open and answers pings but data stops. Private
// streams are quiet by nature and use PrivateStallTimeout (10m); a quiet
// private connection is thus renewed every 10 minutes, each time with a
// Reconnected event. A negative timeout disables a watchdog.
//
// A lost connection is replaced with capped exponential backoff and jitter
// (500ms doubling to 30s; immediate after a connection that lived
// StableAfter). Every dial waits for a rate.Limiter shared by the whole
// process ([ProcessDialLimiter], 9 dials per second, under Bithumb's 10
// per second per IP); a handshake answered with HTTP 429 waits at least
// RateLimitBackoff (5s) or the server's Retry-After. On every new connection
// the full subscription set is sent again.
//
// [Options].OnState reports every step of the connection as it happens
// (connecting, connect failed with the error, connected, disconnected with
// the cause; see [ConnState]), so that a program can tell its user why no
// event arrives yet.
//
// Subscriptions see the gap: [*Disconnected] when the connection is lost,
// then [*Reconnected] with DisconnectedAt and ReconnectedAt, delivered
// before any message of the new connection. Orderbook consumers simply
// take the next snapshot; trade consumers may drop repeated trades by
// SequentialID; private consumers reconcile through REST with a
// [Reconciler].
//
// # Backpressure
//
// Every subscription has a bounded buffer ([Options].Buffer, 256, or
// [WithBuffer]) and an [Overflow] policy: [DropOldest] (the default)
// discards the oldest event and counts it in [SubscriptionStats].Dropped
// and [Stats].Dropped, so a stalled consumer costs bounded memory and never
// slows other subscriptions; [Block] makes the connection wait for the
// consumer (nothing lost, everything slowed, watchdogs paused). With
// [WithConflation], orderbook and ticker subscriptions keep only the latest
// buffered message per market. Notices are never refused: a full buffer
// drops its oldest event to take them.
//
// # Errors
//
// Server error messages ({"error":{"name","message"}}) are delivered to
// every subscription of the connection as [*ServerError], which matches
// [ErrWrongFormat], [ErrNoTicket], [ErrNoType], [ErrNoCodes] and
// [ErrInvalidParam] under errors.Is. A rejected handshake is a
// [*HandshakeError] (errors.Is [ErrRateLimited] for 429, [ErrUnauthorized]
// for 401/403). Tokens never appear in errors or logs.
//
// # Concurrency and shutdown
//
// A Client runs one supervisor goroutine (from New), and while connected
// one reader and one pinger; [Subscription.Events] adds one goroutine per
// subscription that uses it. All methods are safe for concurrent use.
// [Client.Close] closes the connection and every subscription and returns
// when all goroutines have exited; it is idempotent. [Subscription.Close]
// is idempotent too. Events are shared between subscriptions: treat them as
// read-only.
package wsclient
