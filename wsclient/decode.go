package wsclient

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/bithumb-go/bithumb/wire"
)

// msgKind classifies a message read from the connection.
type msgKind uint8

const (
	kindData    msgKind = iota // a typed event
	kindStatus                 // {"status":"UP"}: keepalive
	kindError                  // {"error":{...}}: a *ServerError
	kindUnknown                // a JSON object of a type this package does not know
	kindPing                   // the bare text "PING" (answered with "PONG")
)

// maxInterned bounds the decoder's string cache; maxInternLen the length
// of a cached string.
const (
	maxInterned  = 4096
	maxInternLen = 48
)

// decoder turns messages into events. It is used by one goroutine at a
// time (the connection's reader) and reuses its buffers between messages.
//
// Strings that repeat from message to message (market codes, enum values,
// dates) are interned: the cache is bounded, so a hostile stream of
// distinct values costs allocations, never unbounded memory.
type decoder struct {
	// v1Orders selects the field names of the deprecated
	// /websocket/v1/private endpoint for myOrder.
	v1Orders bool

	sc     scanner
	strs   map[string]string
	units  []OrderbookUnit
	assets []Asset
}

func newDecoder(v1Orders bool) *decoder {
	return &decoder{v1Orders: v1Orders, strs: make(map[string]string, 64)}
}

// intern returns b as a string, from the cache when possible.
func (d *decoder) intern(b []byte) string {
	if s, ok := d.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(b) <= maxInternLen && len(d.strs) < maxInterned {
		d.strs[s] = s
	}
	return s
}

// str reads a JSON string into dst (interned); null leaves dst unchanged.
func (d *decoder) str(dst *string) error {
	b, null, err := d.sc.text()
	if err != nil || null {
		return err
	}
	*dst = d.intern(b)
	return nil
}

// rawStr reads a JSON string into dst without interning (values that rarely
// repeat, such as order ids).
func (d *decoder) rawStr(dst *string) error {
	b, null, err := d.sc.text()
	if err != nil || null {
		return err
	}
	*dst = string(b)
	return nil
}

func (d *decoder) streamType(dst *StreamType) error {
	var s string
	if err := d.str(&s); err != nil {
		return err
	}
	*dst = StreamType(s)
	return nil
}

// decode parses one message. For kindData the event is the typed message;
// for kindError a *ServerError; for the other kinds it is nil.
func (d *decoder) decode(msg []byte) (Event, msgKind, error) {
	typ, kind, ev, err := d.envelope(msg)
	if err != nil || kind != kindData {
		return ev, kind, err
	}
	d.sc.reset(msg)
	switch string(typ) {
	case "ticker":
		ev, err = d.ticker()
	case "trade":
		ev, err = d.trade()
	case "orderbook":
		ev, err = d.orderbook()
	case "myOrder":
		if d.v1Orders {
			ev, err = d.myOrderV1()
		} else {
			ev, err = d.myOrder()
		}
	case "myAsset":
		ev, err = d.myAsset()
	default:
		return nil, kindUnknown, nil
	}
	if err == nil {
		err = d.sc.end()
	}
	if err != nil {
		return nil, kindData, fmt.Errorf("wsclient: decoding %s message: %w", typ, err)
	}
	return ev, kindData, nil
}

var (
	prefixType = []byte(`"type":"`)
	prefixTy   = []byte(`"ty":"`)
	textPing   = []byte("PING")
)

// envelope finds what a message is. The fast path reads the type from
// `{"type":"…"` or `{"ty":"…"` at the start, which is how Bithumb writes
// every data message; anything else goes through a full scan of the
// top-level members.
func (d *decoder) envelope(msg []byte) (typ []byte, kind msgKind, ev Event, err error) {
	i := 0
	for i < len(msg) && (msg[i] == ' ' || msg[i] == '\t' || msg[i] == '\n' || msg[i] == '\r') {
		i++
	}
	if i < len(msg) && msg[i] == '{' {
		j := i + 1
		for j < len(msg) && (msg[j] == ' ' || msg[j] == '\t' || msg[j] == '\n' || msg[j] == '\r') {
			j++
		}
		rest := msg[j:]
		var v []byte
		switch {
		case bytes.HasPrefix(rest, prefixType):
			v = rest[len(prefixType):]
		case bytes.HasPrefix(rest, prefixTy):
			v = rest[len(prefixTy):]
		}
		if v != nil {
			if k := bytes.IndexByte(v, '"'); k >= 0 && bytes.IndexByte(v[:k], '\\') < 0 {
				return v[:k], kindData, nil, nil
			}
		}
	} else if bytes.Equal(bytes.TrimSpace(msg), textPing) {
		return nil, kindPing, nil, nil
	}
	return d.slowEnvelope(msg)
}

func (d *decoder) slowEnvelope(msg []byte) (typ []byte, kind msgKind, ev Event, err error) {
	sc := &d.sc
	sc.reset(msg)
	kind = kindUnknown
	var srv *ServerError
	err = sc.object(func(key []byte) error {
		switch string(key) {
		case "type", "ty":
			b, null, err := sc.text()
			if err == nil && !null {
				typ, kind = b, kindData
			}
			return err
		case "error":
			srv = &ServerError{}
			return d.serverError(srv)
		case "status":
			if kind == kindUnknown {
				kind = kindStatus
			}
		}
		return sc.skip()
	})
	if err == nil {
		err = sc.end()
	}
	switch {
	case err != nil:
		return nil, kindUnknown, nil, err
	case srv != nil:
		return nil, kindError, srv, nil
	case kind == kindData:
		// typ may point into an unescaped copy; decode needs only its text.
		return typ, kindData, nil, nil
	}
	return nil, kind, nil, nil
}

// serverError reads {"name":…,"message":…}. A numeric name is kept as its
// text.
func (d *decoder) serverError(e *ServerError) error {
	sc := &d.sc
	if sc.peek() != '{' {
		// {"error":"text"}: not documented, but keep the text.
		b, _, err := sc.text()
		if err == nil {
			e.Message = string(b)
		}
		return err
	}
	return sc.object(func(key []byte) error {
		switch string(key) {
		case "name":
			if sc.peek() != '"' && sc.peek() != 'n' {
				tok, err := sc.number()
				e.Name = string(tok)
				return err
			}
			return d.rawStr(&e.Name)
		case "message":
			return d.rawStr(&e.Message)
		}
		return sc.skip()
	})
}

// kstDateTime collects trade_date and trade_time while a message is read.
type kstDateTime struct {
	date, clock []byte
}

// time combines the parts in Korea Standard Time.
func (k *kstDateTime) time() (time.Time, error) {
	if k.date == nil {
		return time.Time{}, nil
	}
	y, m, dd, ok := parseDate(k.date)
	if !ok {
		return time.Time{}, fmt.Errorf("trade_date %q is neither yyyyMMdd nor yyyy-MM-dd", k.date)
	}
	var h, mi, s, ns int
	if k.clock != nil {
		if h, mi, s, ns, ok = parseClock(k.clock); !ok {
			return time.Time{}, fmt.Errorf("trade_time %q is neither HHmmss nor HH:mm:ss", k.clock)
		}
	}
	return time.Date(y, time.Month(m), dd, h, mi, s, ns, wire.KST), nil
}

// textPart reads a string member into *dst, keeping a reference into the
// message (valid until decode returns). null and "" leave dst nil.
func (d *decoder) textPart(dst *[]byte) error {
	b, null, err := d.sc.text()
	if err != nil || null || len(b) == 0 {
		return err
	}
	*dst = b
	return nil
}

// date reads a "2006-01-02" (or "20060102") date; null and "" leave dst
// zero.
func (d *decoder) date(dst *wire.Date) error {
	b, null, err := d.sc.text()
	if err != nil || null || len(b) == 0 {
		return err
	}
	y, m, dd, ok := parseDate(b)
	if !ok {
		return fmt.Errorf("%q is not a date", b)
	}
	*dst = wire.NewDate(time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC))
	return nil
}

// parseDate accepts "20060102" and "2006-01-02".
func parseDate(b []byte) (y, m, d int, ok bool) {
	switch {
	case len(b) == 8:
		y, ok1 := digits(b[0:4])
		m, ok2 := digits(b[4:6])
		d, ok3 := digits(b[6:8])
		return y, m, d, ok1 && ok2 && ok3 && validDate(m, d)
	case len(b) == 10 && b[4] == '-' && b[7] == '-':
		y, ok1 := digits(b[0:4])
		m, ok2 := digits(b[5:7])
		d, ok3 := digits(b[8:10])
		return y, m, d, ok1 && ok2 && ok3 && validDate(m, d)
	}
	return 0, 0, 0, false
}

func validDate(m, d int) bool { return m >= 1 && m <= 12 && d >= 1 && d <= 31 }

// parseClock accepts "150405" and "15:04:05", each optionally followed by a
// fraction of a second (".123456").
func parseClock(b []byte) (h, mi, s, ns int, ok bool) {
	var rest []byte
	switch {
	case len(b) >= 8 && b[2] == ':' && b[5] == ':':
		var ok1, ok2, ok3 bool
		h, ok1 = digits(b[0:2])
		mi, ok2 = digits(b[3:5])
		s, ok3 = digits(b[6:8])
		ok, rest = ok1 && ok2 && ok3, b[8:]
	case len(b) >= 6:
		var ok1, ok2, ok3 bool
		h, ok1 = digits(b[0:2])
		mi, ok2 = digits(b[2:4])
		s, ok3 = digits(b[4:6])
		ok, rest = ok1 && ok2 && ok3, b[6:]
	}
	if !ok || h > 23 || mi > 59 || s > 60 {
		return 0, 0, 0, 0, false
	}
	if len(rest) > 0 {
		if rest[0] != '.' || len(rest) < 2 || len(rest) > 10 {
			return 0, 0, 0, 0, false
		}
		frac, fok := digits(rest[1:])
		if !fok {
			return 0, 0, 0, 0, false
		}
		for n := len(rest) - 1; n < 9; n++ {
			frac *= 10
		}
		ns = frac
	}
	return h, mi, s, ns, true
}

// digits parses a run of ASCII digits.
func digits(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

var errNotObject = errors.New("expected an object")

func (d *decoder) ticker() (*Ticker, error) {
	sc := &d.sc
	t := new(Ticker)
	var kst kstDateTime
	err := sc.object(func(key []byte) error {
		switch string(key) {
		case "code", "cd":
			return d.str(&t.Code)
		case "opening_price", "op":
			return sc.decimal(&t.OpeningPrice)
		case "high_price", "hp":
			return sc.decimal(&t.HighPrice)
		case "low_price", "lp":
			return sc.decimal(&t.LowPrice)
		case "trade_price", "tp":
			return sc.decimal(&t.TradePrice)
		case "prev_closing_price", "pcp":
			return sc.decimal(&t.PrevClosingPrice)
		case "change", "c":
			return d.str(&t.Change)
		case "change_price", "cp":
			return sc.decimal(&t.ChangePrice)
		case "signed_change_price", "scp":
			return sc.decimal(&t.SignedChangePrice)
		case "change_rate", "cr":
			return sc.decimal(&t.ChangeRate)
		case "signed_change_rate", "scr":
			return sc.decimal(&t.SignedChangeRate)
		case "trade_volume", "tv":
			return sc.decimal(&t.TradeVolume)
		case "acc_trade_volume", "atv":
			return sc.decimal(&t.AccTradeVolume)
		case "acc_trade_volume_24h", "atv24h":
			return sc.decimal(&t.AccTradeVolume24h)
		case "acc_trade_price", "atp":
			return sc.decimal(&t.AccTradePrice)
		case "acc_trade_price_24h", "atp24h":
			return sc.decimal(&t.AccTradePrice24h)
		case "trade_date", "tdt":
			return d.textPart(&kst.date)
		case "trade_time", "ttm":
			return d.textPart(&kst.clock)
		case "trade_timestamp", "ttms":
			return sc.timestamp(&t.TradeTimestamp)
		case "ask_bid", "ab":
			return d.str(&t.AskBid)
		case "acc_ask_volume", "aav":
			return sc.decimal(&t.AccAskVolume)
		case "acc_bid_volume", "abv":
			return sc.decimal(&t.AccBidVolume)
		case "highest_52_week_price", "h52wp":
			return sc.decimal(&t.Highest52WeekPrice)
		case "highest_52_week_date", "h52wdt":
			return d.date(&t.Highest52WeekDate)
		case "lowest_52_week_price", "l52wp":
			return sc.decimal(&t.Lowest52WeekPrice)
		case "lowest_52_week_date", "l52wdt":
			return d.date(&t.Lowest52WeekDate)
		case "market_state", "ms":
			return d.str(&t.MarketState)
		case "is_trading_suspended", "its":
			return sc.boolean(&t.IsTradingSuspended)
		case "delisting_date", "dd":
			return d.str(&t.DelistingDate)
		case "market_warning", "mw":
			return d.str(&t.MarketWarning)
		case "timestamp", "tms":
			return sc.timestamp(&t.Timestamp)
		case "stream_type", "st":
			return d.streamType(&t.StreamType)
		}
		return sc.skip()
	})
	if err != nil {
		return nil, err
	}
	if t.TradeTime, err = kst.time(); err != nil {
		return nil, err
	}
	return t, nil
}

func (d *decoder) trade() (*Trade, error) {
	sc := &d.sc
	t := new(Trade)
	var kst kstDateTime
	err := sc.object(func(key []byte) error {
		switch string(key) {
		case "code", "cd":
			return d.str(&t.Code)
		case "trade_price", "tp":
			return sc.decimal(&t.TradePrice)
		case "trade_volume", "tv":
			return sc.decimal(&t.TradeVolume)
		case "ask_bid", "ab":
			return d.str(&t.AskBid)
		case "prev_closing_price", "pcp":
			return sc.decimal(&t.PrevClosingPrice)
		case "change", "c":
			return d.str(&t.Change)
		case "change_price", "cp":
			return sc.decimal(&t.ChangePrice)
		case "trade_date", "tdt", "td":
			return d.textPart(&kst.date)
		case "trade_time", "ttm":
			return d.textPart(&kst.clock)
		case "trade_timestamp", "ttms":
			return sc.timestamp(&t.TradeTimestamp)
		case "sequential_id", "sid":
			return sc.int64(&t.SequentialID)
		case "timestamp", "tms":
			return sc.timestamp(&t.Timestamp)
		case "stream_type", "st":
			return d.streamType(&t.StreamType)
		}
		return sc.skip()
	})
	if err != nil {
		return nil, err
	}
	if t.TradeTime, err = kst.time(); err != nil {
		return nil, err
	}
	return t, nil
}

func (d *decoder) orderbook() (*Orderbook, error) {
	sc := &d.sc
	ob := new(Orderbook)
	err := sc.object(func(key []byte) error {
		switch string(key) {
		case "code", "cd":
			return d.str(&ob.Code)
		case "total_ask_size", "tas":
			return sc.decimal(&ob.TotalAskSize)
		case "total_bid_size", "tbs":
			return sc.decimal(&ob.TotalBidSize)
		case "orderbook_units", "obu":
			return d.orderbookUnits(&ob.Units)
		case "level", "lv":
			return sc.decimal(&ob.Level)
		case "timestamp", "tms":
			return sc.timestamp(&ob.Timestamp)
		case "stream_type", "st":
			return d.streamType(&ob.StreamType)
		}
		return sc.skip()
	})
	if err != nil {
		return nil, err
	}
	return ob, nil
}

func (d *decoder) orderbookUnits(dst *[]OrderbookUnit) error {
	sc := &d.sc
	d.units = d.units[:0]
	err := sc.array(func() error {
		var u OrderbookUnit
		if sc.peek() != '{' {
			return errNotObject
		}
		err := sc.object(func(key []byte) error {
			switch string(key) {
			case "ask_price", "ap":
				return sc.decimal(&u.AskPrice)
			case "bid_price", "bp":
				return sc.decimal(&u.BidPrice)
			case "ask_size", "as":
				return sc.decimal(&u.AskSize)
			case "bid_size", "bs":
				return sc.decimal(&u.BidSize)
			}
			return sc.skip()
		})
		d.units = append(d.units, u)
		return err
	})
	if err != nil {
		return err
	}
	*dst = append(make([]OrderbookUnit, 0, len(d.units)), d.units...)
	return nil
}

func (d *decoder) myOrder() (*MyOrder, error) {
	sc := &d.sc
	o := new(MyOrder)
	err := sc.object(func(key []byte) error {
		switch string(key) {
		case "code", "cd":
			return d.str(&o.Code)
		case "order_id", "oid":
			return d.rawStr(&o.OrderID)
		case "client_order_id", "coid":
			return d.rawStr(&o.ClientOrderID)
		case "side", "sd":
			return d.str(&o.Side)
		case "order_type", "ot":
			return d.str(&o.OrderType)
		case "state", "s":
			return d.str(&o.State)
		case "trade_id", "tid":
			return d.rawStr(&o.TradeID)
		case "canceling_order_id", "cnoid":
			return d.rawStr(&o.CancelingOrderID)
		case "order_price", "op":
			return sc.decimal(&o.OrderPrice)
		case "order_quantity", "oq":
			return sc.decimal(&o.OrderQuantity)
		case "order_amount", "oa":
			return sc.decimal(&o.OrderAmount)
		case "trade_price", "tp":
			return sc.decimal(&o.TradePrice)
		case "trade_quantity", "tq":
			return sc.decimal(&o.TradeQuantity)
		case "trade_amount", "ta":
			return sc.decimal(&o.TradeAmount)
		case "remaining_quantity", "rq":
			return sc.decimal(&o.RemainingQuantity)
		case "executed_quantity", "eq":
			return sc.decimal(&o.ExecutedQuantity)
		case "executed_amount", "ea":
			return sc.decimal(&o.ExecutedAmount)
		case "reserved_fee", "rsf":
			return sc.decimal(&o.ReservedFee)
		case "remaining_fee", "rmf":
			return sc.decimal(&o.RemainingFee)
		case "paid_fee", "pf":
			return sc.decimal(&o.PaidFee)
		case "cancel_type", "ct":
			return d.str(&o.CancelType)
		case "time_in_force", "tif":
			return d.str(&o.TimeInForce)
		case "trade_timestamp", "ttms":
			return sc.timestamp(&o.TradeTimestamp)
		case "order_timestamp", "otms":
			return sc.timestamp(&o.OrderTimestamp)
		case "timestamp", "tms":
			return sc.timestamp(&o.Timestamp)
		case "stream_type", "st":
			return d.streamType(&o.StreamType)
		}
		return sc.skip()
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

func (d *decoder) myOrderV1() (*MyOrderV1, error) {
	sc := &d.sc
	o := new(MyOrderV1)
	err := sc.object(func(key []byte) error {
		switch string(key) {
		case "code", "cd":
			return d.str(&o.Code)
		case "uuid", "uid":
			return d.rawStr(&o.UUID)
		case "client_order_id", "coid":
			return d.rawStr(&o.ClientOrderID)
		case "ask_bid", "ab":
			return d.str(&o.AskBid)
		case "order_type", "ot":
			return d.str(&o.OrderType)
		case "state", "s":
			return d.str(&o.State)
		case "trade_uuid", "tuid":
			return d.rawStr(&o.TradeUUID)
		case "canceling_uuid", "cuid":
			return d.rawStr(&o.CancelingUUID)
		case "price", "p":
			return sc.decimal(&o.Price)
		case "volume", "v":
			return sc.decimal(&o.Volume)
		case "remaining_volume", "rv":
			return sc.decimal(&o.RemainingVolume)
		case "executed_volume", "ev":
			return sc.decimal(&o.ExecutedVolume)
		case "executed_funds", "ef":
			return sc.decimal(&o.ExecutedFunds)
		case "trades_count", "tc":
			return sc.decimal(&o.TradesCount)
		case "reserved_fee", "rsf":
			return sc.decimal(&o.ReservedFee)
		case "remaining_fee", "rmf":
			return sc.decimal(&o.RemainingFee)
		case "paid_fee", "pf":
			return sc.decimal(&o.PaidFee)
		case "cancel_type", "ct":
			return d.str(&o.CancelType)
		case "trade_timestamp", "ttms":
			return sc.timestamp(&o.TradeTimestamp)
		case "order_timestamp", "otms":
			return sc.timestamp(&o.OrderTimestamp)
		case "timestamp", "tms":
			return sc.timestamp(&o.Timestamp)
		case "stream_type", "st":
			return d.streamType(&o.StreamType)
		}
		return sc.skip()
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

func (d *decoder) myAsset() (*MyAsset, error) {
	sc := &d.sc
	a := new(MyAsset)
	err := sc.object(func(key []byte) error {
		switch string(key) {
		case "assets", "ast":
			return d.assetList(&a.Assets)
		case "asset_timestamp", "asttms":
			return sc.timestamp(&a.AssetTimestamp)
		case "timestamp", "tms":
			return sc.timestamp(&a.Timestamp)
		case "stream_type", "st":
			return d.streamType(&a.StreamType)
		}
		return sc.skip()
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func (d *decoder) assetList(dst *[]Asset) error {
	sc := &d.sc
	d.assets = d.assets[:0]
	err := sc.array(func() error {
		var a Asset
		if sc.peek() != '{' {
			return errNotObject
		}
		err := sc.object(func(key []byte) error {
			switch string(key) {
			case "currency", "cu":
				return d.str(&a.Currency)
			case "balance", "b":
				return sc.decimal(&a.Balance)
			case "locked", "l":
				return sc.decimal(&a.Locked)
			}
			return sc.skip()
		})
		d.assets = append(d.assets, a)
		return err
	})
	if err != nil {
		return err
	}
	*dst = append(make([]Asset, 0, len(d.assets)), d.assets...)
	return nil
}
