package ws

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/market"
)

// enc appends one JSON object with keys in the DEFAULT or SIMPLE format.
// Messages are written by hand: the key order is Bithumb's, SIMPLE only
// renames keys, and nothing goes through reflection or float64.
type enc struct {
	b      []byte
	simple bool
	first  bool
}

func (e *enc) open() {
	e.b = append(e.b, '{')
	e.first = true
}

func (e *enc) close() { e.b = append(e.b, '}') }

func (e *enc) key(def, simple string) {
	if !e.first {
		e.b = append(e.b, ',')
	}
	e.first = false
	e.b = append(e.b, '"')
	if e.simple {
		e.b = append(e.b, simple...)
	} else {
		e.b = append(e.b, def...)
	}
	e.b = append(e.b, '"', ':')
}

func (e *enc) str(def, simple, v string) {
	e.key(def, simple)
	e.b = appendJSONString(e.b, v)
}

// optStr writes a string member only when v is not empty.
func (e *enc) optStr(def, simple, v string) {
	if v != "" {
		e.str(def, simple, v)
	}
}

// num writes d as a JSON number.
func (e *enc) num(def, simple string, d decimal.Decimal) {
	e.key(def, simple)
	e.b = append(e.b, d.Normalize().String()...)
}

// quoted writes d as a JSON string.
func (e *enc) quoted(def, simple string, d decimal.Decimal) {
	e.key(def, simple)
	e.b = append(e.b, '"')
	e.b = append(e.b, d.Normalize().String()...)
	e.b = append(e.b, '"')
}

func (e *enc) int(def, simple string, v int64) {
	e.key(def, simple)
	e.b = strconv.AppendInt(e.b, v, 10)
}

func (e *enc) intString(def, simple string, v int64) {
	e.key(def, simple)
	e.b = append(e.b, '"')
	e.b = strconv.AppendInt(e.b, v, 10)
	e.b = append(e.b, '"')
}

func (e *enc) boolean(def, simple string, v bool) {
	e.key(def, simple)
	e.b = strconv.AppendBool(e.b, v)
}

func (e *enc) null(def, simple string) {
	e.key(def, simple)
	e.b = append(e.b, "null"...)
}

// timeFmt writes t in KST with layout, as a string.
func (e *enc) timeFmt(def, simple string, t time.Time, layout string) {
	e.key(def, simple)
	e.b = append(e.b, '"')
	e.b = t.In(market.KST).AppendFormat(e.b, layout)
	e.b = append(e.b, '"')
}

func (e *enc) millis(def, simple string, t time.Time) { e.int(def, simple, t.UnixMilli()) }

func (e *enc) streamType(snapshot bool) {
	if snapshot {
		e.str("stream_type", "st", "SNAPSHOT")
	} else {
		e.str("stream_type", "st", "REALTIME")
	}
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string; non-ASCII text stays UTF-8.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
			i++
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
		}
	}
	return append(b, '"')
}

// ---------------------------------------------------------------- messages

// statusUp is the keepalive answer to the text PING.
var statusUp = []byte(`{"status":"UP"}`)

// errorMessage renders {"error":{"name":…,"message":…}}.
func errorMessage(name, message string) []byte {
	b := append([]byte(nil), `{"error":{"name":`...)
	b = appendJSONString(b, name)
	b = append(b, `,"message":`...)
	b = appendJSONString(b, message)
	return append(b, "}}"...)
}

// changeOf returns RISE, EVEN or FALL and the signed change.
func changeOf(price, prev decimal.Decimal) (string, decimal.Decimal) {
	d := price.Sub(prev)
	switch d.Sign() {
	case 1:
		return "RISE", d
	case -1:
		return "FALL", d
	}
	return "EVEN", d
}

// tickerData is what a ticker message shows.
type tickerData struct {
	code    string
	t       market.Ticker
	accAsk  decimal.Decimal
	accBid  decimal.Decimal
	warning bool
	now     time.Time
}

// appendTicker renders a ticker message (fields in the order of
// Bithumb's sample).
func appendTicker(b []byte, simple, snapshot bool, d *tickerData) []byte {
	e := enc{b: b, simple: simple}
	t := &d.t
	last := t.Last
	change, diff := changeOf(last.Price, t.PrevClose)
	rate := decimal.Zero
	if t.PrevClose.IsPositive() {
		rate = diff.Div(t.PrevClose, 8, decimal.HalfUp)
	}
	e.open()
	e.str("type", "ty", "ticker")
	e.str("code", "cd", d.code)
	e.num("opening_price", "op", t.Open)
	e.num("high_price", "hp", t.High)
	e.num("low_price", "lp", t.Low)
	e.num("trade_price", "tp", last.Price)
	e.num("prev_closing_price", "pcp", t.PrevClose)
	e.str("change", "c", change)
	e.num("change_price", "cp", diff.Abs())
	e.num("signed_change_price", "scp", diff)
	e.num("change_rate", "cr", rate.Abs())
	e.num("signed_change_rate", "scr", rate)
	e.num("trade_volume", "tv", last.Volume)
	e.num("acc_trade_volume", "atv", t.AccVolume)
	e.num("acc_trade_volume_24h", "atv24h", t.AccVolume24h)
	e.num("acc_trade_price", "atp", t.AccValue)
	e.num("acc_trade_price_24h", "atp24h", t.AccValue24h)
	e.timeFmt("trade_date", "tdt", last.Time, "20060102")
	e.timeFmt("trade_time", "ttm", last.Time, "150405")
	e.millis("trade_timestamp", "ttms", last.Time)
	side := last.Side
	if side == "" {
		side = "BID"
	}
	e.str("ask_bid", "ab", side)
	e.num("acc_ask_volume", "aav", d.accAsk)
	e.num("acc_bid_volume", "abv", d.accBid)
	e.num("highest_52_week_price", "h52wp", t.High52)
	e.timeFmt("highest_52_week_date", "h52wdt", t.High52Date, "2006-01-02")
	e.num("lowest_52_week_price", "l52wp", t.Low52)
	e.timeFmt("lowest_52_week_date", "l52wdt", t.Low52Date, "2006-01-02")
	e.str("market_state", "ms", "ACTIVE")
	e.boolean("is_trading_suspended", "its", false)
	e.null("delisting_date", "dd")
	warning := "NONE"
	if d.warning {
		warning = "CAUTION"
	}
	e.str("market_warning", "mw", warning)
	e.millis("timestamp", "tms", d.now)
	e.streamType(snapshot)
	e.close()
	return e.b
}

// appendTrade renders a trade message.
func appendTrade(b []byte, simple, snapshot, quotedSeq bool, t *market.Trade, now time.Time) []byte {
	e := enc{b: b, simple: simple}
	change, diff := changeOf(t.Price, t.PrevClose)
	e.open()
	e.str("type", "ty", "trade")
	e.str("code", "cd", t.Market)
	e.num("trade_price", "tp", t.Price)
	e.num("trade_volume", "tv", t.Volume)
	e.str("ask_bid", "ab", t.Side)
	e.num("prev_closing_price", "pcp", t.PrevClose)
	e.str("change", "c", change)
	e.num("change_price", "cp", diff.Abs())
	e.timeFmt("trade_date", "tdt", t.Time, "2006-01-02")
	e.timeFmt("trade_time", "ttm", t.Time, "15:04:05")
	e.millis("trade_timestamp", "ttms", t.Time)
	if quotedSeq {
		e.intString("sequential_id", "sid", t.SeqID)
	} else {
		e.int("sequential_id", "sid", t.SeqID)
	}
	e.millis("timestamp", "tms", now)
	e.streamType(snapshot)
	e.close()
	return e.b
}

// bookView is an orderbook as one subscription sees it: grouped by level
// and cut to its depth.
type bookView struct {
	code       string
	asks, bids []market.Level
	level      decimal.Decimal
	time       time.Time
}

// appendOrderbook renders an orderbook message: level i pairs the i-th
// best ask with the i-th best bid (zeros where a side is shorter), as in
// REST. micros selects a microsecond timestamp (what Bithumb sends).
func appendOrderbook(b []byte, simple, snapshot, micros bool, v *bookView) []byte {
	e := enc{b: b, simple: simple}
	var ta, tb decimal.Decimal
	for _, l := range v.asks {
		ta = ta.Add(l.Size)
	}
	for _, l := range v.bids {
		tb = tb.Add(l.Size)
	}
	e.open()
	e.str("type", "ty", "orderbook")
	e.str("code", "cd", v.code)
	e.num("total_ask_size", "tas", ta)
	e.num("total_bid_size", "tbs", tb)
	e.key("orderbook_units", "obu")
	e.b = append(e.b, '[')
	n := max(len(v.asks), len(v.bids))
	for i := range n {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		var a, bd market.Level
		if i < len(v.asks) {
			a = v.asks[i]
		}
		if i < len(v.bids) {
			bd = v.bids[i]
		}
		e.open()
		e.num("ask_price", "ap", a.Price)
		e.num("bid_price", "bp", bd.Price)
		e.num("ask_size", "as", a.Size)
		e.num("bid_size", "bs", bd.Size)
		e.close()
	}
	e.b = append(e.b, ']')
	e.first = false
	e.num("level", "lv", v.level)
	if micros {
		e.int("timestamp", "tms", v.time.UnixMicro())
	} else {
		e.millis("timestamp", "tms", v.time)
	}
	e.streamType(snapshot)
	e.close()
	return e.b
}

// groupLevels merges price levels into buckets of size level: asks round
// up to a multiple of level, bids down, sizes add up. At most depth
// buckets are returned. A zero level leaves the levels as they are.
func groupLevels(levels []market.Level, level decimal.Decimal, asks bool, depth int) []market.Level {
	out := make([]market.Level, 0, min(depth, len(levels)))
	if level.IsZero() {
		for _, l := range levels {
			if len(out) == depth {
				break
			}
			out = append(out, l)
		}
		return out
	}
	mode := decimal.Down
	if asks {
		mode = decimal.Up
	}
	for _, l := range levels {
		p := l.Price.RoundToStep(level, mode).Normalize()
		if n := len(out); n > 0 && out[n-1].Price.Equal(p) {
			out[n-1].Size = out[n-1].Size.Add(l.Size)
			continue
		}
		if len(out) == depth {
			break
		}
		out = append(out, market.Level{Price: p, Size: l.Size})
	}
	return out
}

// ------------------------------------------------------------ private data

// orderView is an order as myOrder shows it, with the fill of a trade
// event.
type orderView struct {
	o    *engine.Order
	fill *engine.Fill // set on trade events
	now  time.Time
}

func (v *orderView) state() string {
	if v.fill != nil {
		return "trade"
	}
	return v.o.State
}

// orderShape returns the order's price, quantity and amount as myOrder
// v2 shows them (has* false: omitted), and the v1 price and volume.
func orderShape(o *engine.Order) (price decimal.Decimal, hasPrice bool, qty decimal.Decimal, hasQty bool, amount decimal.Decimal) {
	switch {
	case o.Type == engine.Price: // market buy by total
		return decimal.Zero, false, decimal.Zero, false, o.Price
	case o.Type == engine.Market && o.Side == engine.Ask: // market sell
		return decimal.Zero, false, o.Volume, true, decimal.Zero
	case o.Type == engine.Market: // legacy market buy by volume
		return decimal.Zero, false, o.Volume, true, decimal.Zero
	case o.Type == engine.Best && o.Side == engine.Bid:
		return decimal.Zero, false, decimal.Zero, false, o.Price
	case o.Type == engine.Best:
		return o.Limit, true, o.Volume, true, decimal.Zero
	}
	return o.Price, true, o.Volume, true, o.Price.Mul(o.Volume)
}

// appendMyOrderV2 renders a myOrder message of /websocket/v2/private:
// fields without a value are omitted.
func appendMyOrderV2(b []byte, simple bool, v *orderView) []byte {
	e := enc{b: b, simple: simple}
	o := v.o
	side := "buy"
	if o.Side == engine.Ask {
		side = "sell"
	}
	price, hasPrice, qty, hasQty, amount := orderShape(o)
	e.open()
	e.str("type", "ty", "myOrder")
	e.str("code", "cd", o.Market)
	e.str("order_id", "oid", o.ID)
	e.optStr("client_order_id", "coid", o.ClientOrderID)
	e.str("side", "sd", side)
	e.str("order_type", "ot", string(o.Type))
	e.str("state", "s", v.state())
	if v.fill != nil {
		e.str("trade_id", "tid", v.fill.ID)
	}
	if hasPrice {
		e.num("order_price", "op", price)
	}
	if hasQty {
		e.num("order_quantity", "oq", qty)
	}
	e.num("order_amount", "oa", amount)
	if f := v.fill; f != nil {
		e.num("trade_price", "tp", f.Price)
		e.num("trade_quantity", "tq", f.Volume)
		e.num("trade_amount", "ta", f.Funds)
	}
	if o.Type != engine.Price {
		e.num("remaining_quantity", "rq", o.Remaining)
	}
	e.num("executed_quantity", "eq", o.Executed)
	e.num("executed_amount", "ea", o.ExecutedFunds)
	e.num("reserved_fee", "rsf", o.ReservedFee)
	e.num("remaining_fee", "rmf", o.RemainingFee)
	e.num("paid_fee", "pf", o.PaidFee)
	e.optStr("cancel_type", "ct", o.CancelType)
	e.optStr("canceling_order_id", "cnoid", o.CancelingID)
	e.optStr("time_in_force", "tif", o.TimeInForce)
	if v.fill != nil {
		e.millis("trade_timestamp", "ttms", v.fill.CreatedAt)
	}
	e.millis("order_timestamp", "otms", o.CreatedAt)
	e.millis("timestamp", "tms", v.now)
	e.streamType(false)
	e.close()
	return e.b
}

// appendMyOrderV1 renders a myOrder message of the deprecated
// /websocket/v1/private: price and volume are the fill's on trade events.
func appendMyOrderV1(b []byte, simple bool, v *orderView) []byte {
	e := enc{b: b, simple: simple}
	o := v.o
	askBid := "BID"
	if o.Side == engine.Ask {
		askBid = "ASK"
	}
	price, hasPrice, qty, hasQty, amount := orderShape(o)
	if !hasPrice && o.Type != engine.Market {
		// price and best buys: v1 shows the total as the price.
		price, hasPrice = amount, true
	}
	if f := v.fill; f != nil {
		price, hasPrice, qty, hasQty = f.Price, true, f.Volume, true
	}
	e.open()
	e.str("type", "ty", "myOrder")
	e.str("code", "cd", o.Market)
	e.str("uuid", "uid", o.ID)
	e.optStr("client_order_id", "coid", o.ClientOrderID)
	e.str("ask_bid", "ab", askBid)
	e.str("order_type", "ot", string(o.Type))
	e.str("state", "s", v.state())
	if v.fill != nil {
		e.str("trade_uuid", "tuid", v.fill.ID)
	}
	if hasPrice {
		e.num("price", "p", price)
	}
	if hasQty {
		e.num("volume", "v", qty)
	}
	if o.Type != engine.Price {
		e.num("remaining_volume", "rv", o.Remaining)
	}
	e.num("executed_volume", "ev", o.Executed)
	e.int("trades_count", "tc", int64(len(o.Fills)))
	e.num("reserved_fee", "rsf", o.ReservedFee)
	e.num("remaining_fee", "rmf", o.RemainingFee)
	e.num("paid_fee", "pf", o.PaidFee)
	e.num("executed_funds", "ef", o.ExecutedFunds)
	e.optStr("cancel_type", "ct", o.CancelType)
	e.optStr("canceling_uuid", "cuid", o.CancelingID)
	if v.fill != nil {
		e.millis("trade_timestamp", "ttms", v.fill.CreatedAt)
	}
	e.millis("order_timestamp", "otms", o.CreatedAt)
	e.millis("timestamp", "tms", v.now)
	e.streamType(false)
	e.close()
	return e.b
}

// appendMyAsset renders a myAsset message of one currency; balance and
// locked are JSON strings, as Bithumb sends them.
func appendMyAsset(b []byte, simple bool, currency string, bal engine.Balance, at, now time.Time) []byte {
	e := enc{b: b, simple: simple}
	e.open()
	e.str("type", "ty", "myAsset")
	e.key("assets", "ast")
	e.b = append(e.b, '[')
	e.open()
	e.str("currency", "cu", currency)
	e.quoted("balance", "b", bal.Balance)
	e.quoted("locked", "l", bal.Locked)
	e.close()
	e.b = append(e.b, ']')
	e.first = false
	e.millis("asset_timestamp", "asttms", at)
	e.millis("timestamp", "tms", now)
	e.streamType(false)
	e.close()
	return e.b
}
