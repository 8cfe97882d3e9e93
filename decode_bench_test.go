package bithumb

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FloatTicker is floatTicker for the round-trip benchmarks of package
// bithumb_test, whose baseline decodes the same ticker.
type FloatTicker = floatTicker

// The float baselines: what a program without exact decimals would
// write, encoding/json into plain structs with float64 fields (",string"
// where Bithumb sends numbers as JSON strings) and the instants left as
// their text or integer.
type (
	floatOrderbook struct {
		Market         string  `json:"market"`
		Timestamp      int64   `json:"timestamp"`
		TotalAskSize   float64 `json:"total_ask_size"`
		TotalBidSize   float64 `json:"total_bid_size"`
		OrderbookUnits []struct {
			AskPrice float64 `json:"ask_price"`
			BidPrice float64 `json:"bid_price"`
			AskSize  float64 `json:"ask_size"`
			BidSize  float64 `json:"bid_size"`
		} `json:"orderbook_units"`
	}
	floatTicker struct {
		Market             string  `json:"market"`
		TradeDate          string  `json:"trade_date"`
		TradeTime          string  `json:"trade_time"`
		TradeDateKST       string  `json:"trade_date_kst"`
		TradeTimeKST       string  `json:"trade_time_kst"`
		TradeTimestamp     int64   `json:"trade_timestamp"`
		OpeningPrice       float64 `json:"opening_price"`
		HighPrice          float64 `json:"high_price"`
		LowPrice           float64 `json:"low_price"`
		TradePrice         float64 `json:"trade_price"`
		PrevClosingPrice   float64 `json:"prev_closing_price"`
		Change             string  `json:"change"`
		ChangePrice        float64 `json:"change_price"`
		ChangeRate         float64 `json:"change_rate"`
		SignedChangePrice  float64 `json:"signed_change_price"`
		SignedChangeRate   float64 `json:"signed_change_rate"`
		TradeVolume        float64 `json:"trade_volume"`
		AccTradePrice      float64 `json:"acc_trade_price"`
		AccTradePrice24H   float64 `json:"acc_trade_price_24h"`
		AccTradeVolume     float64 `json:"acc_trade_volume"`
		AccTradeVolume24H  float64 `json:"acc_trade_volume_24h"`
		Highest52WeekPrice float64 `json:"highest_52_week_price"`
		Highest52WeekDate  string  `json:"highest_52_week_date"`
		Lowest52WeekPrice  float64 `json:"lowest_52_week_price"`
		Lowest52WeekDate   string  `json:"lowest_52_week_date"`
		Timestamp          int64   `json:"timestamp"`
	}
	floatTrade struct {
		Market           string  `json:"market"`
		TradeDateUTC     string  `json:"trade_date_utc"`
		TradeTimeUTC     string  `json:"trade_time_utc"`
		Timestamp        int64   `json:"timestamp"`
		TradePrice       float64 `json:"trade_price"`
		TradeVolume      float64 `json:"trade_volume"`
		PrevClosingPrice float64 `json:"prev_closing_price"`
		ChangePrice      float64 `json:"change_price"`
		AskBid           string  `json:"ask_bid"`
		SequentialID     int64   `json:"sequential_id"`
	}
	floatAccount struct {
		Currency            string  `json:"currency"`
		Balance             float64 `json:"balance,string"`
		Locked              float64 `json:"locked,string"`
		AvgBuyPrice         float64 `json:"avg_buy_price,string"`
		AvgBuyPriceModified bool    `json:"avg_buy_price_modified"`
		UnitCurrency        string  `json:"unit_currency"`
	}
	floatOrderDetail struct {
		UUID            string  `json:"uuid"`
		Side            string  `json:"side"`
		OrdType         string  `json:"ord_type"`
		Price           float64 `json:"price,string"`
		State           string  `json:"state"`
		Market          string  `json:"market"`
		CreatedAt       string  `json:"created_at"`
		Volume          float64 `json:"volume,string"`
		RemainingVolume float64 `json:"remaining_volume,string"`
		ReservedFee     float64 `json:"reserved_fee,string"`
		RemainingFee    float64 `json:"remaining_fee,string"`
		PaidFee         float64 `json:"paid_fee,string"`
		Locked          float64 `json:"locked,string"`
		ExecutedVolume  float64 `json:"executed_volume,string"`
		ExecutedFunds   float64 `json:"executed_funds,string"`
		TradesCount     int64   `json:"trades_count"`
		StpType         string  `json:"stp_type"`
		Trades          []struct {
			Market    string  `json:"market"`
			UUID      string  `json:"uuid"`
			Price     float64 `json:"price,string"`
			Volume    float64 `json:"volume,string"`
			Funds     float64 `json:"funds,string"`
			Side      string  `json:"side"`
			CreatedAt string  `json:"created_at"`
		} `json:"trades"`
	}
)

// decodePayloads are the bodies of testdata/decode (see its README), each
// with a new result of the typed method's type and of its float baseline.
var decodePayloads = []struct {
	name         string
	exact, float func() any
}{
	{"orderbook", func() any { return new([]Orderbook) }, func() any { return new([]floatOrderbook) }},
	{"ticker", func() any { return new([]Ticker) }, func() any { return new([]floatTicker) }},
	{"trades", func() any { return new([]Trade) }, func() any { return new([]floatTrade) }},
	{"accounts", func() any { return new([]Account) }, func() any { return new([]floatAccount) }},
	{"order_detail", func() any { return new(OrderDetail) }, func() any { return new(floatOrderDetail) }},
}

func readDecodePayload(tb testing.TB, name string) []byte {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "decode", name+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// BenchmarkDecode compares, per answer, decodeBody (what the typed method
// does with a successful body: exact decimals) with encoding/json into
// the float baseline.
func BenchmarkDecode(b *testing.B) {
	for _, p := range decodePayloads {
		body := readDecodePayload(b, p.name)
		b.Run(p.name+"/exact", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if err := decodeBody(body, p.exact()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(p.name+"/float", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if err := json.Unmarshal(body, p.float()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
