package main

import (
	"testing"
)

// TestWSDefaultJSON: SIMPLE keys become DEFAULT ones, per message type
// and inside lists; values keep their bytes (numbers with every digit and
// trailing zero, quoted numbers quoted, null); only the fields sent
// appear, in their order; DEFAULT messages pass unchanged.
func TestWSDefaultJSON(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, in, want string }{
		{
			"ticker simple",
			`{"ty":"ticker","cd":"KRW-BTC","tp":1.76373410121466379999997512,"c":"RISE","scr":-0.0100,"ttms":1720159200000,"its":false,"dd":null,"st":"REALTIME"}`,
			`{"type":"ticker","code":"KRW-BTC","trade_price":1.76373410121466379999997512,"change":"RISE","signed_change_rate":-0.0100,"trade_timestamp":1720159200000,"is_trading_suspended":false,"delisting_date":null,"stream_type":"REALTIME"}`,
		},
		{
			"ticker default",
			tickerFrame,
			tickerFrame,
		},
		{
			"trade simple, quoted sequential id",
			`{"ty":"trade","cd":"KRW-ETH","tp":5000000,"tv":0.00100000,"ab":"BID","td":"2024-07-05","sid":"17201592001230000","st":"SNAPSHOT"}`,
			`{"type":"trade","code":"KRW-ETH","trade_price":5000000,"trade_volume":0.00100000,"ask_bid":"BID","trade_date":"2024-07-05","sequential_id":"17201592001230000","stream_type":"SNAPSHOT"}`,
		},
		{
			"orderbook simple, spaced",
			`{ "ty": "orderbook", "cd": "KRW-BTC.2", "tas": 1.50,
			  "obu": [ {"ap": 2, "bp": 1, "as": 0.10, "bs": 3}, {"ap": 4, "bp": 0.5, "as": 1, "bs": 1} ], "lv": 1, "tms": 1720159200123456 }`,
			`{"type":"orderbook","code":"KRW-BTC.2","total_ask_size":1.50,"orderbook_units":[{"ask_price":2,"bid_price":1,"ask_size":0.10,"bid_size":3},{"ask_price":4,"bid_price":0.5,"ask_size":1,"bid_size":1}],"level":1,"timestamp":1720159200123456}`,
		},
		{
			"myOrder v2 simple",
			`{"ty":"myOrder","cd":"KRW-BTC","oid":"C0101000000001","sd":"buy","ot":"limit","s":"trade","op":"150000000","tp":"149990000","tq":"0.001","pf":"37.4975","st":"REALTIME"}`,
			`{"type":"myOrder","code":"KRW-BTC","order_id":"C0101000000001","side":"buy","order_type":"limit","state":"trade","order_price":"150000000","trade_price":"149990000","trade_quantity":"0.001","paid_fee":"37.4975","stream_type":"REALTIME"}`,
		},
		{
			"myOrder v1 simple",
			`{"ty":"myOrder","cd":"KRW-BTC","uid":"u-1","ab":"BID","p":150000000,"v":0.0010,"ev":0,"tc":0}`,
			`{"type":"myOrder","code":"KRW-BTC","uuid":"u-1","ask_bid":"BID","price":150000000,"volume":0.0010,"executed_volume":0,"trades_count":0}`,
		},
		{
			"myAsset simple",
			`{"ty":"myAsset","ast":[{"cu":"KRW","b":"1000.50","l":"0"}],"asttms":1727052537592,"tms":1727052537687,"st":"REALTIME"}`,
			`{"type":"myAsset","assets":[{"currency":"KRW","balance":"1000.50","locked":"0"}],"asset_timestamp":1727052537592,"timestamp":1727052537687,"stream_type":"REALTIME"}`,
		},
		{
			"unknown keys kept",
			`{"ty":"ticker","cd":"KRW-BTC","new_field":{"x":1.0}}`,
			`{"type":"ticker","code":"KRW-BTC","new_field":{"x":1.0}}`,
		},
	} {
		got, err := wsDefaultJSON([]byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("%s:\n got %s (%v)\nwant %s", tt.name, got, err, tt.want)
		}
	}
	for _, bad := range []string{`[1]`, `{"ty":"ticker",`, `PING`} {
		if _, err := wsDefaultJSON([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
