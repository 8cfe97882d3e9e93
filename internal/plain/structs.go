// Package plain is what a Go program without this SDK writes to call
// Bithumb's API: plain structs that encoding/json decodes the answers into
// (float64 numbers, ",string" where Bithumb sends numbers as JSON strings,
// instants left as their text or integer, or number strings left as
// strings), and an API 2.0 token signed by hand with the standard library
// (Signer). They are the baselines of the benchmarks that compare the SDK
// with such a program (BenchmarkDecode, BenchmarkRoundTrip, ccxttwin's raw
// floors), so that every one of them decodes the same fields and signs the
// same way. Not for production use.
package plain

// The float64 structs.
type (
	// Orderbook is a /v1/orderbook row.
	Orderbook struct {
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
	// Ticker is a /v1/ticker row.
	Ticker struct {
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
	// Trade is a /v1/trades/ticks row.
	Trade struct {
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
	// Account is a /v1/accounts row.
	Account struct {
		Currency            string  `json:"currency"`
		Balance             float64 `json:"balance,string"`
		Locked              float64 `json:"locked,string"`
		AvgBuyPrice         float64 `json:"avg_buy_price,string"`
		AvgBuyPriceModified bool    `json:"avg_buy_price_modified"`
		UnitCurrency        string  `json:"unit_currency"`
	}
	// OrderDetail is a /v1/order answer.
	OrderDetail struct {
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

// ChanceAccount is an account of a /v1/orders/chance answer, its amounts
// left as the exchange's number strings.
type ChanceAccount struct {
	Currency            string `json:"currency"`
	Balance             string `json:"balance"`
	Locked              string `json:"locked"`
	AvgBuyPrice         string `json:"avg_buy_price"`
	AvgBuyPriceModified bool   `json:"avg_buy_price_modified"`
	UnitCurrency        string `json:"unit_currency"`
}

// ChanceSide is a side of a /v1/orders/chance market, its amounts left
// as strings.
type ChanceSide struct {
	Currency  string `json:"currency"`
	PriceUnit string `json:"price_unit"`
	MinTotal  string `json:"min_total"`
}

// Chance is a /v1/orders/chance answer, its amounts left as strings.
type Chance struct {
	BidFee      string `json:"bid_fee"`
	AskFee      string `json:"ask_fee"`
	MakerBidFee string `json:"maker_bid_fee"`
	MakerAskFee string `json:"maker_ask_fee"`
	Market      struct {
		ID         string     `json:"id"`
		Name       string     `json:"name"`
		OrderTypes []string   `json:"order_types"`
		OrderSides []string   `json:"order_sides"`
		BidTypes   []string   `json:"bid_types"`
		AskTypes   []string   `json:"ask_types"`
		Bid        ChanceSide `json:"bid"`
		Ask        ChanceSide `json:"ask"`
		MaxTotal   string     `json:"max_total"`
		State      string     `json:"state"`
	} `json:"market"`
	BidAccount ChanceAccount `json:"bid_account"`
	AskAccount ChanceAccount `json:"ask_account"`
}
