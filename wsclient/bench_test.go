package wsclient

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The float baselines: the same message shapes decoded by encoding/json
// into float64 fields (int64 for timestamps and ids, strings for dates),
// i.e. what a typical float-based client does.
type (
	floatTicker struct {
		Type               string  `json:"type"`
		Code               string  `json:"code"`
		OpeningPrice       float64 `json:"opening_price"`
		HighPrice          float64 `json:"high_price"`
		LowPrice           float64 `json:"low_price"`
		TradePrice         float64 `json:"trade_price"`
		PrevClosingPrice   float64 `json:"prev_closing_price"`
		Change             string  `json:"change"`
		ChangePrice        float64 `json:"change_price"`
		SignedChangePrice  float64 `json:"signed_change_price"`
		ChangeRate         float64 `json:"change_rate"`
		SignedChangeRate   float64 `json:"signed_change_rate"`
		TradeVolume        float64 `json:"trade_volume"`
		AccTradeVolume     float64 `json:"acc_trade_volume"`
		AccTradeVolume24h  float64 `json:"acc_trade_volume_24h"`
		AccTradePrice      float64 `json:"acc_trade_price"`
		AccTradePrice24h   float64 `json:"acc_trade_price_24h"`
		TradeDate          string  `json:"trade_date"`
		TradeTime          string  `json:"trade_time"`
		TradeTimestamp     int64   `json:"trade_timestamp"`
		AskBid             string  `json:"ask_bid"`
		AccAskVolume       float64 `json:"acc_ask_volume"`
		AccBidVolume       float64 `json:"acc_bid_volume"`
		Highest52WeekPrice float64 `json:"highest_52_week_price"`
		Highest52WeekDate  string  `json:"highest_52_week_date"`
		Lowest52WeekPrice  float64 `json:"lowest_52_week_price"`
		Lowest52WeekDate   string  `json:"lowest_52_week_date"`
		MarketState        string  `json:"market_state"`
		IsTradingSuspended bool    `json:"is_trading_suspended"`
		DelistingDate      *string `json:"delisting_date"`
		MarketWarning      string  `json:"market_warning"`
		Timestamp          int64   `json:"timestamp"`
		StreamType         string  `json:"stream_type"`
	}
	floatTrade struct {
		Type             string  `json:"type"`
		Code             string  `json:"code"`
		TradePrice       float64 `json:"trade_price"`
		TradeVolume      float64 `json:"trade_volume"`
		AskBid           string  `json:"ask_bid"`
		PrevClosingPrice float64 `json:"prev_closing_price"`
		Change           string  `json:"change"`
		ChangePrice      float64 `json:"change_price"`
		TradeDate        string  `json:"trade_date"`
		TradeTime        string  `json:"trade_time"`
		TradeTimestamp   int64   `json:"trade_timestamp"`
		SequentialID     int64   `json:"sequential_id"`
		Timestamp        int64   `json:"timestamp"`
		StreamType       string  `json:"stream_type"`
	}
	floatOrderbook struct {
		Type           string  `json:"type"`
		Code           string  `json:"code"`
		TotalAskSize   float64 `json:"total_ask_size"`
		TotalBidSize   float64 `json:"total_bid_size"`
		OrderbookUnits []struct {
			AskPrice float64 `json:"ask_price"`
			BidPrice float64 `json:"bid_price"`
			AskSize  float64 `json:"ask_size"`
			BidSize  float64 `json:"bid_size"`
		} `json:"orderbook_units"`
		Level      float64 `json:"level"`
		Timestamp  int64   `json:"timestamp"`
		StreamType string  `json:"stream_type"`
	}
	floatMyOrder struct {
		Type              string  `json:"type"`
		Code              string  `json:"code"`
		OrderID           string  `json:"order_id"`
		ClientOrderID     string  `json:"client_order_id"`
		Side              string  `json:"side"`
		OrderType         string  `json:"order_type"`
		State             string  `json:"state"`
		TradeID           string  `json:"trade_id"`
		CancelingOrderID  string  `json:"canceling_order_id"`
		OrderPrice        float64 `json:"order_price"`
		OrderQuantity     float64 `json:"order_quantity"`
		OrderAmount       float64 `json:"order_amount"`
		TradePrice        float64 `json:"trade_price"`
		TradeQuantity     float64 `json:"trade_quantity"`
		TradeAmount       float64 `json:"trade_amount"`
		RemainingQuantity float64 `json:"remaining_quantity"`
		ExecutedQuantity  float64 `json:"executed_quantity"`
		ExecutedAmount    float64 `json:"executed_amount"`
		ReservedFee       float64 `json:"reserved_fee"`
		RemainingFee      float64 `json:"remaining_fee"`
		PaidFee           float64 `json:"paid_fee"`
		CancelType        string  `json:"cancel_type"`
		TimeInForce       string  `json:"time_in_force"`
		TradeTimestamp    int64   `json:"trade_timestamp"`
		OrderTimestamp    int64   `json:"order_timestamp"`
		Timestamp         int64   `json:"timestamp"`
		StreamType        string  `json:"stream_type"`
	}
	floatMyAsset struct {
		Type   string `json:"type"`
		Assets []struct {
			Currency string  `json:"currency"`
			Balance  float64 `json:"balance,string"`
			Locked   float64 `json:"locked,string"`
		} `json:"assets"`
		AssetTimestamp int64  `json:"asset_timestamp"`
		Timestamp      int64  `json:"timestamp"`
		StreamType     string `json:"stream_type"`
	}
)

// benchOrderbook returns the fixture orderbook grown to 15 levels (Bithumb's
// default depth), keeping the fixture's number spellings.
func benchOrderbook(b *testing.B) []byte {
	msg := loadFixture(b, "ws_orderbook__doc_copy.json").Frames[0]
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(msg, &obj); err != nil {
		b.Fatal(err)
	}
	var units []json.RawMessage
	if err := json.Unmarshal(obj["orderbook_units"], &units); err != nil {
		b.Fatal(err)
	}
	for len(units) < 15 {
		units = append(units, units[len(units)%2])
	}
	obj["orderbook_units"], _ = json.Marshal(units)
	// Keep "type" first, as Bithumb does.
	var buf bytes.Buffer
	buf.WriteString(`{"type":"orderbook"`)
	for _, k := range []string{"code", "total_ask_size", "total_bid_size", "orderbook_units", "level", "timestamp", "stream_type"} {
		buf.WriteString(`,"` + k + `":`)
		buf.Write(obj[k])
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

// BenchmarkWSDecode compares exact decoding (this package's decoder, the
// envelope peek included) with encoding/json into float64 fields, per
// message type. Reported, not asserted.
func BenchmarkWSDecode(b *testing.B) {
	cases := []struct {
		name  string
		msg   func(*testing.B) []byte
		v1    bool
		float func() any
	}{
		{"ticker", func(b *testing.B) []byte { return loadFixture(b, "ws_ticker__doc.json").Frames[0] }, false, func() any { return new(floatTicker) }},
		{"trade", func(b *testing.B) []byte { return loadFixture(b, "ws_trade__doc_copy.json").Frames[0] }, false, func() any { return new(floatTrade) }},
		{"orderbook", benchOrderbook, false, func() any { return new(floatOrderbook) }},
		{"myOrder", func(b *testing.B) []byte { return loadFixture(b, "synthetic_myorder_v2.json").Frames[0] }, false, func() any { return new(floatMyOrder) }},
		{"myAsset", func(b *testing.B) []byte { return loadFixture(b, "ws_myasset__doc.json").Frames[0] }, false, func() any { return new(floatMyAsset) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			msg := c.msg(b)
			b.Run("exact", func(b *testing.B) {
				dec := newDecoder(c.v1)
				b.ReportAllocs()
				b.SetBytes(int64(len(msg)))
				for b.Loop() {
					ev, kind, err := dec.decode(msg)
					if err != nil || kind != kindData || ev == nil {
						b.Fatal(kind, err)
					}
				}
			})
			b.Run("float", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(msg)))
				for b.Loop() {
					v := c.float()
					if err := json.Unmarshal(msg, v); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
