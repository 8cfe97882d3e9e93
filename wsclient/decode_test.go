package wsclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/wire"
)

// fixture is a file of testdata/ (copied from the shared fixtures; see
// their README).
type fixture struct {
	Endpoint  string            `json:"endpoint"`
	Format    string            `json:"format"`
	Direction string            `json:"direction"`
	Fragment  bool              `json:"fragment"`
	Frames    []json.RawMessage `json:"frames"`
}

func loadFixture(t testing.TB, name string) fixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func fixtureNames(t testing.TB) []string {
	t.Helper()
	names, err := filepath.Glob("testdata/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	return names
}

// wireFields maps an event back to its wire keys, as values whose JSON
// encoding must equal the fixture's text byte for byte (decimal.Decimal and
// wire types marshal in the form they were decoded from).
func wireFields(ev Event) map[string]any {
	kstDate := func(t time.Time, layout string) any {
		if t.IsZero() {
			return nil
		}
		return t.In(wire.KST).Format(layout)
	}
	switch e := ev.(type) {
	case *Ticker:
		return map[string]any{
			"type": "ticker", "code": e.Code, "opening_price": e.OpeningPrice, "high_price": e.HighPrice,
			"low_price": e.LowPrice, "trade_price": e.TradePrice, "prev_closing_price": e.PrevClosingPrice,
			"change": e.Change, "change_price": e.ChangePrice, "signed_change_price": e.SignedChangePrice,
			"change_rate": e.ChangeRate, "signed_change_rate": e.SignedChangeRate, "trade_volume": e.TradeVolume,
			"acc_trade_volume": e.AccTradeVolume, "acc_trade_volume_24h": e.AccTradeVolume24h,
			"acc_trade_price": e.AccTradePrice, "acc_trade_price_24h": e.AccTradePrice24h,
			"trade_date": kstDate(e.TradeTime, "20060102"), "trade_time": kstDate(e.TradeTime, "150405"),
			"trade_timestamp": e.TradeTimestamp, "ask_bid": e.AskBid, "acc_ask_volume": e.AccAskVolume,
			"acc_bid_volume": e.AccBidVolume, "highest_52_week_price": e.Highest52WeekPrice,
			"highest_52_week_date": e.Highest52WeekDate, "lowest_52_week_price": e.Lowest52WeekPrice,
			"lowest_52_week_date": e.Lowest52WeekDate, "market_state": e.MarketState,
			"is_trading_suspended": e.IsTradingSuspended, "delisting_date": e.DelistingDate,
			"market_warning": e.MarketWarning, "timestamp": e.Timestamp, "stream_type": e.StreamType,
		}
	case *Trade:
		return map[string]any{
			"type": "trade", "code": e.Code, "trade_price": e.TradePrice, "trade_volume": e.TradeVolume,
			"ask_bid": e.AskBid, "prev_closing_price": e.PrevClosingPrice, "change": e.Change,
			"change_price": e.ChangePrice, "trade_date": kstDate(e.TradeTime, "2006-01-02"),
			"trade_time": kstDate(e.TradeTime, "15:04:05"), "trade_timestamp": e.TradeTimestamp,
			"sequential_id": e.SequentialID, "timestamp": e.Timestamp, "stream_type": e.StreamType,
		}
	case *Orderbook:
		units := make([]map[string]any, len(e.Units))
		for i, u := range e.Units {
			units[i] = map[string]any{"ask_price": u.AskPrice, "bid_price": u.BidPrice, "ask_size": u.AskSize, "bid_size": u.BidSize}
		}
		return map[string]any{
			"type": "orderbook", "code": e.Code, "total_ask_size": e.TotalAskSize, "total_bid_size": e.TotalBidSize,
			"orderbook_units": units, "level": e.Level, "timestamp": e.Timestamp, "stream_type": e.StreamType,
		}
	case *MyOrder:
		return map[string]any{
			"type": "myOrder", "code": e.Code, "order_id": e.OrderID, "client_order_id": e.ClientOrderID,
			"side": e.Side, "order_type": e.OrderType, "state": e.State, "trade_id": e.TradeID,
			"canceling_order_id": e.CancelingOrderID, "order_price": e.OrderPrice,
			"order_quantity": e.OrderQuantity, "order_amount": e.OrderAmount, "trade_price": e.TradePrice,
			"trade_quantity": e.TradeQuantity, "trade_amount": e.TradeAmount,
			"remaining_quantity": e.RemainingQuantity, "executed_quantity": e.ExecutedQuantity,
			"executed_amount": e.ExecutedAmount, "reserved_fee": e.ReservedFee, "remaining_fee": e.RemainingFee,
			"paid_fee": e.PaidFee, "cancel_type": e.CancelType, "time_in_force": e.TimeInForce,
			"trade_timestamp": e.TradeTimestamp, "order_timestamp": e.OrderTimestamp, "timestamp": e.Timestamp,
			"stream_type": e.StreamType,
		}
	case *MyOrderV1:
		return map[string]any{
			"type": "myOrder", "code": e.Code, "uuid": e.UUID, "client_order_id": e.ClientOrderID,
			"ask_bid": e.AskBid, "order_type": e.OrderType, "state": e.State, "trade_uuid": e.TradeUUID,
			"canceling_uuid": e.CancelingUUID, "price": e.Price, "volume": e.Volume,
			"remaining_volume": e.RemainingVolume, "executed_volume": e.ExecutedVolume,
			"executed_funds": e.ExecutedFunds, "trades_count": e.TradesCount, "reserved_fee": e.ReservedFee,
			"remaining_fee": e.RemainingFee, "paid_fee": e.PaidFee, "cancel_type": e.CancelType,
			"trade_timestamp": e.TradeTimestamp, "order_timestamp": e.OrderTimestamp, "timestamp": e.Timestamp,
			"stream_type": e.StreamType,
		}
	case *MyAsset:
		assets := make([]map[string]any, len(e.Assets))
		for i, a := range e.Assets {
			assets[i] = map[string]any{"currency": a.Currency, "balance": a.Balance, "locked": a.Locked}
		}
		return map[string]any{
			"type": "myAsset", "assets": assets, "asset_timestamp": e.AssetTimestamp,
			"timestamp": e.Timestamp, "stream_type": e.StreamType,
		}
	}
	return nil
}

// compareWire checks that every member of the fixture object raw was
// decoded into ours exactly: same JSON text for numbers (every digit,
// trailing zeros, number vs string), strings, dates and times.
func compareWire(t *testing.T, path string, raw json.RawMessage, ours map[string]any) {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for k, want := range obj {
		got, ok := ours[k]
		if !ok {
			t.Errorf("%s.%s: field not decoded", path, k)
			continue
		}
		switch g := got.(type) {
		case []map[string]any:
			var elems []json.RawMessage
			if err := json.Unmarshal(want, &elems); err != nil {
				t.Fatalf("%s.%s: %v", path, k, err)
			}
			if len(elems) != len(g) {
				t.Errorf("%s.%s: %d elements, want %d", path, k, len(g), len(elems))
				continue
			}
			for i := range elems {
				compareWire(t, path+"."+k, elems[i], g[i])
			}
			continue
		}
		gotJSON, err := json.Marshal(got)
		if err != nil {
			t.Fatalf("%s.%s: %v", path, k, err)
		}
		w := bytes.TrimSpace(want)
		if bytes.Equal(gotJSON, w) {
			continue
		}
		// null and "" both mean "none".
		if (string(w) == "null" || string(w) == `""`) && (string(gotJSON) == `""` || string(gotJSON) == "null") {
			continue
		}
		t.Errorf("%s.%s = %s, want %s", path, k, gotJSON, w)
	}
}

// typeOfFixture returns the message type a fixture file holds.
func typeOfFixture(name string) string {
	for _, p := range []string{"ticker", "trade", "orderbook", "myorder", "myasset"} {
		if strings.HasPrefix(name, "ws_"+p+"_") || strings.HasPrefix(name, "synthetic_"+p) {
			return p
		}
	}
	return ""
}

// TestDecodeFixtures decodes every server-to-client frame of every fixture
// and checks each field against the fixture text.
func TestDecodeFixtures(t *testing.T) {
	t.Parallel()
	seen := 0
	for _, name := range fixtureNames(t) {
		f := loadFixture(t, name)
		if f.Direction != "server-to-client" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dec := newDecoder(f.Endpoint == "private-v1")
			for i, frame := range f.Frames {
				msg := []byte(frame)
				if f.Fragment && !bytes.Contains(msg, []byte(`"type"`)) {
					// A fragment lacks "type"; its file name names it.
					typ := map[string]string{"ticker": "ticker", "trade": "trade", "orderbook": "orderbook"}[typeOfFixture(name)]
					msg = append([]byte(`{"type":"`+typ+`",`), bytes.TrimPrefix(bytes.TrimSpace(msg), []byte("{"))...)
				}
				ev, kind, err := dec.decode(msg)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				switch {
				case strings.HasPrefix(name, "ws_error_"):
					checkServerError(t, ev, kind, frame)
				case strings.HasPrefix(name, "ws_status_"):
					if kind != kindStatus || ev != nil {
						t.Fatalf("frame %d: kind %d, event %v; want a status", i, kind, ev)
					}
				default:
					if kind != kindData {
						t.Fatalf("frame %d: kind %d, want data", i, kind)
					}
					compareWire(t, name, msg, wireFields(ev))
					checkSimpleEquivalent(t, dec, msg, ev)
				}
			}
		})
		seen++
	}
	if seen < 14 {
		t.Fatalf("only %d server-to-client fixtures found", seen)
	}
}

func checkServerError(t *testing.T, ev Event, kind msgKind, frame json.RawMessage) {
	t.Helper()
	var want struct {
		Error struct{ Name, Message string }
	}
	if err := json.Unmarshal(frame, &want); err != nil {
		t.Fatal(err)
	}
	se, ok := ev.(*ServerError)
	if kind != kindError || !ok {
		t.Fatalf("kind %d, event %T; want *ServerError", kind, ev)
	}
	if se.Name != want.Error.Name || se.Message != want.Error.Message {
		t.Fatalf("got %+v, want %+v", *se, want.Error)
	}
	sentinel := serverErrorSentinels[want.Error.Name]
	if sentinel == nil || !errors.Is(se, sentinel) {
		t.Fatalf("errors.Is(%v, sentinel of %s) is false", se, want.Error.Name)
	}
	for name, other := range serverErrorSentinels {
		if name != want.Error.Name && errors.Is(se, other) {
			t.Fatalf("%v matches the sentinel of %s", se, name)
		}
	}
}

// simpleKeys maps DEFAULT keys to SIMPLE keys (WEBSOCKET.md §4).
var simpleKeys = map[string]string{
	"type": "ty", "code": "cd", "opening_price": "op", "high_price": "hp", "low_price": "lp",
	"trade_price": "tp", "prev_closing_price": "pcp", "change": "c", "change_price": "cp",
	"signed_change_price": "scp", "change_rate": "cr", "signed_change_rate": "scr", "trade_volume": "tv",
	"acc_trade_volume": "atv", "acc_trade_volume_24h": "atv24h", "acc_trade_price": "atp",
	"acc_trade_price_24h": "atp24h", "trade_date": "tdt", "trade_time": "ttm", "trade_timestamp": "ttms",
	"ask_bid": "ab", "acc_ask_volume": "aav", "acc_bid_volume": "abv", "highest_52_week_price": "h52wp",
	"highest_52_week_date": "h52wdt", "lowest_52_week_price": "l52wp", "lowest_52_week_date": "l52wdt",
	"market_state": "ms", "is_trading_suspended": "its", "delisting_date": "dd", "market_warning": "mw",
	"timestamp": "tms", "stream_type": "st", "sequential_id": "sid",
	"total_ask_size": "tas", "total_bid_size": "tbs", "orderbook_units": "obu", "ask_price": "ap",
	"bid_price": "bp", "ask_size": "as", "bid_size": "bs", "level": "lv",
	"assets": "ast", "currency": "cu", "balance": "b", "locked": "l", "asset_timestamp": "asttms",
	"uuid": "uid", "client_order_id": "coid", "order_type": "ot", "state": "s", "trade_uuid": "tuid",
	"price": "p", "volume": "v", "remaining_volume": "rv", "executed_volume": "ev", "trades_count": "tc",
	"reserved_fee": "rsf", "remaining_fee": "rmf", "paid_fee": "pf", "executed_funds": "ef",
	"cancel_type": "ct", "canceling_uuid": "cuid", "order_timestamp": "otms",
	"order_id": "oid", "trade_id": "tid", "canceling_order_id": "cnoid", "side": "sd", "order_price": "op",
	"order_quantity": "oq", "trade_quantity": "tq", "remaining_quantity": "rq", "executed_quantity": "eq",
	"executed_amount": "ea", "order_amount": "oa", "trade_amount": "ta", "time_in_force": "tif",
}

// toSimple rewrites a DEFAULT message with SIMPLE keys (keys sorted, so
// "ty" is usually not first: the slow envelope path is exercised too).
func toSimple(t *testing.T, raw json.RawMessage) []byte {
	t.Helper()
	var walk func(json.RawMessage) json.RawMessage
	walk = func(r json.RawMessage) json.RawMessage {
		r = bytes.TrimSpace(r)
		switch {
		case len(r) > 0 && r[0] == '{':
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(r, &obj); err != nil {
				t.Fatal(err)
			}
			out := make(map[string]json.RawMessage, len(obj))
			for k, v := range obj {
				sk, ok := simpleKeys[k]
				if !ok {
					t.Fatalf("no SIMPLE key for %q", k)
				}
				out[sk] = walk(v)
			}
			b, _ := json.Marshal(out)
			return b
		case len(r) > 0 && r[0] == '[':
			var elems []json.RawMessage
			if err := json.Unmarshal(r, &elems); err != nil {
				t.Fatal(err)
			}
			for i := range elems {
				elems[i] = walk(elems[i])
			}
			b, _ := json.Marshal(elems)
			return b
		}
		return r
	}
	return walk(raw)
}

// checkSimpleEquivalent decodes the SIMPLE form of msg and expects the same
// event.
func checkSimpleEquivalent(t *testing.T, dec *decoder, msg []byte, want Event) {
	t.Helper()
	simple := toSimple(t, msg)
	got, kind, err := dec.decode(simple)
	if err != nil || kind != kindData {
		t.Fatalf("SIMPLE %s: kind %d, %v", simple, kind, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("SIMPLE form decodes differently:\n got %+v\nwant %+v", got, want)
	}
}

func TestDecodeQuirks(t *testing.T) {
	t.Parallel()
	dec := newDecoder(false)
	decode := func(t *testing.T, msg string) Event {
		t.Helper()
		ev, kind, err := dec.decode([]byte(msg))
		if err != nil || kind != kindData {
			t.Fatalf("decode(%s): kind %d, %v", msg, kind, err)
		}
		return ev
	}

	t.Run("sequential_id string above 2^53", func(t *testing.T) {
		ev := decode(t, `{"type":"trade","code":"KRW-BTC","sequential_id":"172592993437300001","trade_price":"489700"}`)
		tr := ev.(*Trade)
		if tr.SequentialID.Value() != 172592993437300001 {
			t.Fatalf("sequential_id = %d", tr.SequentialID.Value())
		}
		if tr.TradePrice.String() != "489700" {
			t.Fatalf("trade_price = %s", tr.TradePrice)
		}
	})
	t.Run("sequential_id number above 2^53", func(t *testing.T) {
		ev := decode(t, `{"type":"trade","sequential_id":9007199254740993}`)
		if got := ev.(*Trade).SequentialID.Value(); got != 9007199254740993 {
			t.Fatalf("sequential_id = %d", got)
		}
	})
	t.Run("orderbook timestamp in quoted microseconds", func(t *testing.T) {
		ev := decode(t, `{"type":"orderbook","code":"KRW-BTC","timestamp":"1725930007672123","level":1,"orderbook_units":[]}`)
		ob := ev.(*Orderbook)
		if got := ob.Timestamp.Time().UnixMicro(); got != 1725930007672123 {
			t.Fatalf("timestamp = %d µs", got)
		}
		if ob.Units == nil || len(ob.Units) != 0 {
			t.Fatalf("units = %#v, want empty", ob.Units)
		}
	})
	t.Run("timestamps in ms as number and string", func(t *testing.T) {
		ev := decode(t, `{"type":"ticker","trade_timestamp":"1725927377174","timestamp":1725927377287}`)
		tk := ev.(*Ticker)
		if tk.TradeTimestamp.UnixMilli() != 1725927377174 || tk.Timestamp.UnixMilli() != 1725927377287 {
			t.Fatalf("timestamps %v %v", tk.TradeTimestamp, tk.Timestamp)
		}
	})
	t.Run("KST strings", func(t *testing.T) {
		ev := decode(t, `{"type":"ticker","trade_date":"20240910","trade_time":"091617","trade_timestamp":1725927377174}`)
		tk := ev.(*Ticker)
		if !tk.TradeTime.Equal(tk.TradeTimestamp.Time().Truncate(time.Second)) {
			t.Fatalf("trade time %v != trade_timestamp %v", tk.TradeTime, tk.TradeTimestamp)
		}
		ev = decode(t, `{"type":"trade","trade_date":"2024-09-10","trade_time":"09:58:54.373"}`)
		want := time.Date(2024, 9, 10, 0, 58, 54, 373e6, time.UTC)
		if got := ev.(*Trade).TradeTime; !got.Equal(want) {
			t.Fatalf("trade time %v, want %v", got, want)
		}
	})
	t.Run("exponent and long decimals", func(t *testing.T) {
		ev := decode(t, `{"type":"ticker","change_rate":1.4E-7,"acc_trade_price":1.76373410121466379999997512,"trade_price":"0.00000010"}`)
		tk := ev.(*Ticker)
		for _, c := range []struct {
			got  decimal.Decimal
			want string
		}{{tk.ChangeRate, "0.00000014"}, {tk.AccTradePrice, "1.76373410121466379999997512"}, {tk.TradePrice, "0.00000010"}} {
			if c.got.String() != c.want {
				t.Errorf("got %s, want %s", c.got, c.want)
			}
		}
	})
	t.Run("sparse v2 myOrder", func(t *testing.T) {
		ev := decode(t, `{"type":"myOrder","order_id":"C1","state":"wait"}`)
		o := ev.(*MyOrder)
		if o.OrderID != "C1" || o.State != "wait" || !o.TradePrice.IsZero() || !o.TradeTimestamp.IsZero() || o.Code != "" {
			t.Fatalf("got %+v", o)
		}
	})
	t.Run("nulls and empty strings are absent", func(t *testing.T) {
		ev := decode(t, `{"type":"myOrder","order_id":null,"trade_price":null,"trade_quantity":"","trade_timestamp":"","side":null}`)
		o := ev.(*MyOrder)
		if o.OrderID != "" || !o.TradePrice.IsZero() || !o.TradeQuantity.IsZero() || !o.TradeTimestamp.IsZero() {
			t.Fatalf("got %+v", o)
		}
	})
	t.Run("unknown fields, nested values and whitespace", func(t *testing.T) {
		ev := decode(t, " {\n \"type\" : \"ticker\", \"new\":{\"a\":[1,{\"b\":\"\\u00e9\\\"\"}],\"c\":null}, \"code\":\"KRW-\\u0042TC\" }\n")
		if got := ev.(*Ticker).Code; got != "KRW-BTC" {
			t.Fatalf("code = %q", got)
		}
	})
	t.Run("unknown type", func(t *testing.T) {
		ev, kind, err := dec.decode([]byte(`{"type":"candle.1s","code":"KRW-BTC"}`))
		if ev != nil || kind != kindUnknown || err != nil {
			t.Fatalf("got %v %d %v", ev, kind, err)
		}
		ev, kind, err = dec.decode([]byte(`{"hello":"world"}`))
		if ev != nil || kind != kindUnknown || err != nil {
			t.Fatalf("got %v %d %v", ev, kind, err)
		}
	})
	t.Run("text PING", func(t *testing.T) {
		if _, kind, err := dec.decode([]byte("PING")); kind != kindPing || err != nil {
			t.Fatalf("got %d %v", kind, err)
		}
	})
}

func TestDecodeMyOrderEndpoints(t *testing.T) {
	t.Parallel()
	v1 := loadFixture(t, "ws_myorder_v1__ccxt.json").Frames[0]
	ev, _, err := newDecoder(true).decode(v1)
	if err != nil {
		t.Fatal(err)
	}
	o1, ok := ev.(*MyOrderV1)
	if !ok || o1.UUID != "C0101000000001818113" || o1.ExecutedFunds.String() != "905111.9000" {
		t.Fatalf("v1 endpoint: %T %+v", ev, ev)
	}
	v2 := loadFixture(t, "synthetic_myorder_v2.json").Frames[0]
	ev, _, err = newDecoder(false).decode(v2)
	if err != nil {
		t.Fatal(err)
	}
	o2, ok := ev.(*MyOrder)
	if !ok || o2.OrderID != "C0101000000001818113" || o2.TradeAmount.String() != "905111.9000" || o2.Side != "buy" {
		t.Fatalf("v2 endpoint: %T %+v", ev, ev)
	}
}

func TestDecodeRejectsMalformed(t *testing.T) {
	t.Parallel()
	dec := newDecoder(false)
	for _, msg := range []string{
		``, `{`, `{"type":"ticker"`, `{"type":"ticker",}`, `{"type":"ticker","trade_price":01}`,
		`{"type":"ticker","trade_price":1.}`, `{"type":"ticker","trade_price":"abc"}`,
		`{"type":"ticker","trade_price":1}x`, `{"type":"ticker","code":"a` + "\x01" + `"}`,
		`{"type":"ticker","trade_date":"2024/09/10"}`, `{"type":"trade","sequential_id":1.5}`,
		`{"type":"orderbook","orderbook_units":[1]}`, `{"type":"ticker","x":[1,2}`,
		`{"type":"ticker","is_trading_suspended":"maybe"}`, `[1,2]`, `nul`,
		strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat(`}`, 100),
	} {
		if _, kind, err := dec.decode([]byte(msg)); err == nil {
			t.Errorf("decode(%q): kind %d, no error", msg, kind)
		}
	}
}

// FuzzDecode checks that the decoder never panics, and that it only
// accepts data messages that are valid JSON.
func FuzzDecode(f *testing.F) {
	for _, name := range fixtureNames(f) {
		for _, frame := range loadFixture(f, name).Frames {
			f.Add([]byte(frame))
		}
	}
	f.Add([]byte(`{"ty":"orderbook","obu":[{"ap":"1"}]}`))
	f.Fuzz(func(t *testing.T, msg []byte) {
		for _, v1 := range []bool{false, true} {
			ev, kind, err := newDecoder(v1).decode(msg)
			if err == nil && (kind == kindData || kind == kindError) && !json.Valid(msg) {
				t.Fatalf("accepted invalid JSON %q as %T", msg, ev)
			}
		}
	})
}
