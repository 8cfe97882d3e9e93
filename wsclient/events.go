package wsclient

import (
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/wire"
)

// Event is a value delivered by a [Subscription]: market data ([*Ticker],
// [*Trade], [*Orderbook]), private data ([*MyOrder], [*MyOrderV1],
// [*MyAsset]), or a notice about the connection ([*Disconnected],
// [*Reconnected], [*ServerError]), or, for subscriptions made [WithRaw],
// a [*Raw] wrapping the data. Use a type switch to tell them apart.
//
// Events are shared: when several subscriptions match one message, they
// receive the same pointer. Treat every Event as read-only.
//
// The set of Event types is closed; only this package implements Event.
type Event interface {
	isEvent()
}

// StreamType tells whether a message is the snapshot sent right after a
// subscription request or a realtime update.
type StreamType string

// Stream types. Private messages are always [StreamRealtime];
// [StreamReconciled] marks the synthetic events built by a [Reconciler].
const (
	StreamSnapshot   StreamType = "SNAPSHOT"
	StreamRealtime   StreamType = "REALTIME"
	StreamReconciled StreamType = "RECONCILED"
)

// Ticker is a "ticker" message: the current price and the day's statistics
// of one market. Bithumb sends a snapshot after every subscription request
// and a realtime message after every trade.
//
// Numbers keep every digit of the wire text. Absent fields stay zero.
type Ticker struct {
	// Code is the market, e.g. "KRW-BTC" (code, cd).
	Code string
	// OpeningPrice, HighPrice, LowPrice and TradePrice are the day's
	// open, high, low and last prices; PrevClosingPrice is the previous
	// day's close (opening_price op, high_price hp, low_price lp,
	// trade_price tp, prev_closing_price pcp).
	OpeningPrice, HighPrice, LowPrice, TradePrice, PrevClosingPrice decimal.Decimal
	// Change is "RISE", "EVEN" or "FALL" (change, c).
	Change string
	// ChangePrice and ChangeRate are unsigned; the Signed variants carry
	// the sign (change_price cp, signed_change_price scp, change_rate cr,
	// signed_change_rate scr).
	ChangePrice, SignedChangePrice, ChangeRate, SignedChangeRate decimal.Decimal
	// TradeVolume is the last trade's volume (trade_volume, tv).
	TradeVolume decimal.Decimal
	// AccTradeVolume and AccTradePrice accumulate since 00:00 KST; the 24h
	// variants over the last 24 hours (acc_trade_volume atv,
	// acc_trade_volume_24h atv24h, acc_trade_price atp,
	// acc_trade_price_24h atp24h).
	AccTradeVolume, AccTradeVolume24h, AccTradePrice, AccTradePrice24h decimal.Decimal
	// TradeTime is trade_date ("20060102", tdt) and trade_time ("150405",
	// ttm), both Korea Standard Time, as one instant in [wire.KST]. With
	// only trade_date present it is that day's midnight KST.
	TradeTime time.Time
	// TradeTimestamp is the last trade's time (trade_timestamp, ttms).
	TradeTimestamp wire.Timestamp
	// AskBid is the last trade's side, "ASK" or "BID" (ask_bid, ab).
	AskBid string
	// AccAskVolume and AccBidVolume accumulate sells and buys
	// (acc_ask_volume aav, acc_bid_volume abv).
	AccAskVolume, AccBidVolume decimal.Decimal
	// Highest52WeekPrice is the 52-week high (highest_52_week_price,
	// h52wp).
	Highest52WeekPrice decimal.Decimal
	// Highest52WeekDate is the day of the 52-week high
	// (highest_52_week_date, h52wdt).
	Highest52WeekDate wire.Date
	// Lowest52WeekPrice is the 52-week low (lowest_52_week_price, l52wp).
	Lowest52WeekPrice decimal.Decimal
	// Lowest52WeekDate is the day of the 52-week low (lowest_52_week_date,
	// l52wdt).
	Lowest52WeekDate wire.Date
	// MarketState is e.g. "ACTIVE" (market_state, ms).
	MarketState string
	// IsTradingSuspended reports a trading halt (is_trading_suspended, its).
	IsTradingSuspended bool
	// DelistingDate is the delisting date as sent (delisting_date, dd); ""
	// when Bithumb sends null or "".
	DelistingDate string
	// MarketWarning is "NONE" or "CAUTION" (market_warning, mw).
	MarketWarning string
	// Timestamp is the message time (timestamp, tms).
	Timestamp wire.Timestamp
	// StreamType is SNAPSHOT or REALTIME (stream_type, st).
	StreamType StreamType
}

// Trade is a "trade" message: one executed trade in a market.
//
// After a reconnect Bithumb sends the latest trade again as a snapshot; use
// SequentialID to drop duplicates. SequentialID is unique but does not
// guarantee order.
type Trade struct {
	// Code is the market (code, cd).
	Code string
	// TradePrice and TradeVolume describe the trade (trade_price tp,
	// trade_volume tv).
	TradePrice, TradeVolume decimal.Decimal
	// AskBid is "ASK" (a sell) or "BID" (a buy) (ask_bid, ab).
	AskBid string
	// PrevClosingPrice is the previous day's close (prev_closing_price, pcp).
	PrevClosingPrice decimal.Decimal
	// Change is "RISE", "EVEN" or "FALL" (change, c).
	Change string
	// ChangePrice is unsigned (change_price, cp).
	ChangePrice decimal.Decimal
	// TradeTime is trade_date ("2006-01-02", tdt) and trade_time
	// ("15:04:05", ttm) in Korea Standard Time, as one instant in
	// [wire.KST].
	TradeTime time.Time
	// TradeTimestamp is the trade's time (trade_timestamp, ttms).
	TradeTimestamp wire.Timestamp
	// SequentialID is the trade number (sequential_id, sid). It exceeds
	// 2^53 and arrives as a number or a string; it is decoded exactly.
	SequentialID wire.Int64
	// Timestamp is the message time (timestamp, tms).
	Timestamp wire.Timestamp
	// StreamType is SNAPSHOT or REALTIME (stream_type, st).
	StreamType StreamType
}

// Orderbook is an "orderbook" message: a full top-N snapshot of one
// market's book, best level first. Every message replaces the previous
// book; there are no deltas.
type Orderbook struct {
	// Code is the market (code, cd).
	Code string
	// TotalAskSize and TotalBidSize sum the book's sides (total_ask_size
	// tas, total_bid_size tbs).
	TotalAskSize, TotalBidSize decimal.Decimal
	// Units are the price levels, best first (orderbook_units, obu). A
	// subscription that asked for a depth (the ".N" code suffix) never sees
	// more than N units.
	Units []OrderbookUnit
	// Level is the price grouping unit (level, lv).
	Level decimal.Decimal
	// Timestamp is the message time (timestamp, tms). Bithumb documents
	// milliseconds and sends microseconds; both decode.
	Timestamp wire.Timestamp
	// StreamType is SNAPSHOT or REALTIME (stream_type, st).
	StreamType StreamType
}

// OrderbookUnit is one level of an [Orderbook] (ask_price ap, bid_price
// bp, ask_size as, bid_size bs).
type OrderbookUnit struct {
	// AskPrice and AskSize are the sell side of the level; BidPrice and
	// BidSize the buy side.
	AskPrice, BidPrice, AskSize, BidSize decimal.Decimal
}

// MyOrder is a "myOrder" message of the private v2 endpoint
// (/websocket/v2/private): a change to one of the account's orders
// (accepted, traded, done, cancelled).
//
// Bithumb omits fields that have no value, so any field may be zero: the
// Trade* fields are set only on trade events.
type MyOrder struct {
	// Code is the market (code, cd).
	Code string
	// OrderID is Bithumb's order id (order_id, oid); ClientOrderID is the
	// caller's (client_order_id, coid).
	OrderID, ClientOrderID string
	// Side is "buy" or "sell" (side, sd).
	Side string
	// OrderType is "limit", "price" (market buy), "market" (market sell)
	// or "best" (order_type, ot).
	OrderType string
	// State is "wait", "trade", "done" or "cancel" (state, s).
	State string
	// TradeID identifies the fill of a trade event (trade_id, tid).
	TradeID string
	// CancelingOrderID is the counter-order that caused a self-trade
	// prevention cancel (canceling_order_id, cnoid).
	CancelingOrderID string
	// OrderPrice, OrderQuantity and OrderAmount describe the order
	// (order_price op, order_quantity oq, order_amount oa).
	OrderPrice, OrderQuantity, OrderAmount decimal.Decimal
	// TradePrice, TradeQuantity and TradeAmount describe the fill of a
	// trade event (trade_price tp, trade_quantity tq, trade_amount ta).
	TradePrice, TradeQuantity, TradeAmount decimal.Decimal
	// RemainingQuantity, ExecutedQuantity and ExecutedAmount are the
	// order's totals (remaining_quantity rq, executed_quantity eq,
	// executed_amount ea).
	RemainingQuantity, ExecutedQuantity, ExecutedAmount decimal.Decimal
	// ReservedFee, RemainingFee and PaidFee (reserved_fee rsf,
	// remaining_fee rmf, paid_fee pf).
	ReservedFee, RemainingFee, PaidFee decimal.Decimal
	// CancelType is why the order was cancelled, e.g. "tif_cancel",
	// "stp_cancel" (cancel_type, ct).
	CancelType string
	// TimeInForce is "ioc", "fok" or "post_only" (time_in_force, tif).
	TimeInForce string
	// TradeTimestamp, OrderTimestamp and Timestamp (trade_timestamp ttms,
	// order_timestamp otms, timestamp tms).
	TradeTimestamp, OrderTimestamp, Timestamp wire.Timestamp
	// StreamType is REALTIME, or RECONCILED for events built by a
	// [Reconciler] (stream_type, st).
	StreamType StreamType
}

// MyOrderV1 is a "myOrder" message of the deprecated private v1 endpoint
// (/websocket/v1/private), with its field names. A client whose URL path is
// /websocket/v1/private delivers MyOrderV1 instead of [MyOrder].
//
// Deprecated: Bithumb shuts the v1 private endpoint down (announced for
// 2026-10-30). Use [PrivateURL] and [MyOrder].
type MyOrderV1 struct {
	// Code is the market (code, cd).
	Code string
	// UUID is the order id (uuid, uid); ClientOrderID the caller's
	// (client_order_id, coid).
	UUID, ClientOrderID string
	// AskBid is "ASK" or "BID" (ask_bid, ab).
	AskBid string
	// OrderType (order_type, ot) and State (state, s) as in [MyOrder].
	OrderType, State string
	// TradeUUID identifies a fill (trade_uuid, tuid); CancelingUUID the
	// counter-order of a self-trade prevention cancel (canceling_uuid,
	// cuid).
	TradeUUID, CancelingUUID string
	// Price and Volume are the order's, or the fill's when State is
	// "trade" (price p, volume v).
	Price, Volume decimal.Decimal
	// RemainingVolume, ExecutedVolume, ExecutedFunds and TradesCount are
	// the order's totals (remaining_volume rv, executed_volume ev,
	// executed_funds ef, trades_count tc).
	RemainingVolume, ExecutedVolume, ExecutedFunds, TradesCount decimal.Decimal
	// ReservedFee, RemainingFee and PaidFee (rsf, rmf, pf).
	ReservedFee, RemainingFee, PaidFee decimal.Decimal
	// CancelType (cancel_type, ct).
	CancelType string
	// TradeTimestamp, OrderTimestamp and Timestamp (ttms, otms, tms).
	TradeTimestamp, OrderTimestamp, Timestamp wire.Timestamp
	// StreamType is REALTIME (stream_type, st).
	StreamType StreamType
}

// MyAsset is a "myAsset" message: the new balances of the currencies that
// changed. Bithumb sends one message per changed currency.
type MyAsset struct {
	// Assets are the changed balances (assets, ast).
	Assets []Asset
	// AssetTimestamp is when the balances changed (asset_timestamp,
	// asttms).
	AssetTimestamp wire.Timestamp
	// Timestamp is the message time (timestamp, tms).
	Timestamp wire.Timestamp
	// StreamType is REALTIME, or RECONCILED for events built by a
	// [Reconciler] (stream_type, st).
	StreamType StreamType
}

// Asset is one currency's balance in a [MyAsset] message. Bithumb sends
// balance and locked as JSON strings; both forms decode exactly.
type Asset struct {
	// Currency is the upper-case currency code (currency, cu).
	Currency string
	// Balance is the orderable amount (balance, b); Locked the amount held
	// by open orders (locked, l).
	Balance, Locked decimal.Decimal
}

// Disconnected is delivered to every active subscription when the
// connection is lost (closed by the server, broken, or stalled). Data may be
// missing from At until the matching [Reconnected] event. The client
// reconnects on its own.
type Disconnected struct {
	// At is when the connection was declared lost.
	At time.Time
	// Err is the cause, e.g. [ErrStalled], [ErrNoPong] or a read error.
	Err error
}

// Reconnected is delivered to every subscription that was active when the
// connection was lost, once the full subscription set has been sent on a
// new connection. Messages from DisconnectedAt to ReconnectedAt were missed:
// order book consumers should discard their state (the next snapshot
// replaces it), private consumers should reconcile through REST (see
// [Reconciler]).
type Reconnected struct {
	// DisconnectedAt is when the previous connection was declared lost.
	DisconnectedAt time.Time
	// ReconnectedAt is when the subscription request went out on the new
	// connection.
	ReconnectedAt time.Time
	// Attempts is the number of dials it took (1 when the first one
	// succeeded).
	Attempts int
	// Cause is why the previous connection was lost.
	Cause error
}

// Gap returns ReconnectedAt - DisconnectedAt.
func (r *Reconnected) Gap() time.Duration { return r.ReconnectedAt.Sub(r.DisconnectedAt) }

func (*Ticker) isEvent()       {}
func (*Trade) isEvent()        {}
func (*Orderbook) isEvent()    {}
func (*MyOrder) isEvent()      {}
func (*MyOrderV1) isEvent()    {}
func (*MyAsset) isEvent()      {}
func (*Disconnected) isEvent() {}
func (*Reconnected) isEvent()  {}
func (*ServerError) isEvent()  {}
