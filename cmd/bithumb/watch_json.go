package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// wsSimpleNames maps, per message type, the keys of Bithumb's SIMPLE
// format to those of its DEFAULT format (WEBSOCKET.md's tables; myOrder
// holds the v2 and the deprecated v1 names, which do not collide).
var wsSimpleNames = map[string]map[string]string{
	"ticker": {
		"cd": "code", "op": "opening_price", "hp": "high_price", "lp": "low_price",
		"tp": "trade_price", "pcp": "prev_closing_price", "c": "change", "cp": "change_price",
		"scp": "signed_change_price", "cr": "change_rate", "scr": "signed_change_rate",
		"tv": "trade_volume", "atv": "acc_trade_volume", "atv24h": "acc_trade_volume_24h",
		"atp": "acc_trade_price", "atp24h": "acc_trade_price_24h", "tdt": "trade_date",
		"ttm": "trade_time", "ttms": "trade_timestamp", "ab": "ask_bid", "aav": "acc_ask_volume",
		"abv": "acc_bid_volume", "h52wp": "highest_52_week_price", "h52wdt": "highest_52_week_date",
		"l52wp": "lowest_52_week_price", "l52wdt": "lowest_52_week_date", "ms": "market_state",
		"its": "is_trading_suspended", "dd": "delisting_date", "mw": "market_warning",
		"tms": "timestamp", "st": "stream_type",
	},
	"trade": {
		"cd": "code", "tp": "trade_price", "tv": "trade_volume", "ab": "ask_bid",
		"pcp": "prev_closing_price", "c": "change", "cp": "change_price", "tdt": "trade_date",
		"td": "trade_date", "ttm": "trade_time", "ttms": "trade_timestamp", "sid": "sequential_id",
		"tms": "timestamp", "st": "stream_type",
	},
	"orderbook": {
		"cd": "code", "tas": "total_ask_size", "tbs": "total_bid_size", "obu": "orderbook_units",
		"lv": "level", "tms": "timestamp", "st": "stream_type",
	},
	"myOrder": {
		"cd": "code", "oid": "order_id", "coid": "client_order_id", "sd": "side", "ot": "order_type",
		"s": "state", "tid": "trade_id", "cnoid": "canceling_order_id", "op": "order_price",
		"oq": "order_quantity", "oa": "order_amount", "tp": "trade_price", "tq": "trade_quantity",
		"ta": "trade_amount", "rq": "remaining_quantity", "eq": "executed_quantity",
		"ea": "executed_amount", "rsf": "reserved_fee", "rmf": "remaining_fee", "pf": "paid_fee",
		"ct": "cancel_type", "tif": "time_in_force", "ttms": "trade_timestamp",
		"otms": "order_timestamp", "tms": "timestamp", "st": "stream_type",
		// v1 (/websocket/v1/private)
		"uid": "uuid", "ab": "ask_bid", "tuid": "trade_uuid", "cuid": "canceling_uuid", "p": "price",
		"v": "volume", "rv": "remaining_volume", "ev": "executed_volume", "ef": "executed_funds",
		"tc": "trades_count",
	},
	"myAsset": {
		"ast": "assets", "asttms": "asset_timestamp", "tms": "timestamp", "st": "stream_type",
	},
}

// wsSimpleItemNames maps the SIMPLE keys of the objects inside a
// message's lists, by the list's DEFAULT name.
var wsSimpleItemNames = map[string]map[string]string{
	"orderbook_units": {"ap": "ask_price", "bp": "bid_price", "as": "ask_size", "bs": "bid_size"},
	"assets":          {"cu": "currency", "b": "balance", "l": "locked"},
}

// wsField is one member of a JSON object, its value exactly as sent.
type wsField struct {
	key   string
	value json.RawMessage
}

// wsObjectFields splits a JSON object into its members, in order, keeping
// every value's bytes.
func wsObjectFields(b []byte) ([]wsField, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var out []wsField
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, wsField{key, v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return out, nil
}

// wsDefaultJSON returns a WebSocket message on one line with the DEFAULT
// format's keys: a SIMPLE message's keys are renamed, every value keeps
// the bytes it was sent with (numbers are never re-encoded), and only the
// fields the message carried appear, in their order.
func wsDefaultJSON(msg []byte) ([]byte, error) {
	fields, err := wsObjectFields(msg)
	if err != nil {
		return nil, fmt.Errorf("message %.80q: %w", msg, err)
	}
	var typ string
	for i, f := range fields {
		if f.key == "ty" || f.key == "type" {
			fields[i].key = "type"
			_ = json.Unmarshal(f.value, &typ)
		}
	}
	var b bytes.Buffer
	if err := writeWSRenamed(&b, fields, wsSimpleNames[typ]); err != nil {
		return nil, fmt.Errorf("message %.80q: %w", msg, err)
	}
	return b.Bytes(), nil
}

// writeWSRenamed writes fields as an object, renaming its keys by names and
// the keys of the objects in its lists by wsSimpleItemNames.
func writeWSRenamed(b *bytes.Buffer, fields []wsField, names map[string]string) error {
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		key := f.key
		if n, ok := names[key]; ok {
			key = n
		}
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		if items := wsSimpleItemNames[key]; items != nil && bytes.HasPrefix(bytes.TrimSpace(f.value), []byte("[")) {
			if err := writeWSList(b, f.value, items); err != nil {
				return err
			}
			continue
		}
		if err := json.Compact(b, f.value); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// writeWSList writes a list whose objects get their keys renamed by names.
func writeWSList(b *bytes.Buffer, list json.RawMessage, names map[string]string) error {
	var items []json.RawMessage
	if err := json.Unmarshal(list, &items); err != nil {
		return err
	}
	b.WriteByte('[')
	for i, item := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		fields, err := wsObjectFields(item)
		if err != nil {
			if err := json.Compact(b, item); err != nil {
				return err
			}
			continue
		}
		if err := writeWSRenamed(b, fields, names); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}
