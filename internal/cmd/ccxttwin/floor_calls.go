package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/url"
)

// The raw calls send the requests of the SDK's calls in the benchmark; see
// rawClient.

// ticker is GET /v1/ticker?markets=KRW-BTC, public: the floor of a ticker
// call with net/http (see rawClient).
func (r *rawClient) ticker(ctx context.Context) ([]rawTickerBody, error) {
	var v []rawTickerBody
	err := r.get(ctx, "/v1/ticker?markets="+market, false, &v)
	return v, err
}

// rawTickerBody is a ticker as a raw call reads it.
type rawTickerBody struct {
	Market           string  `json:"market"`
	TradeDate        string  `json:"trade_date"`
	TradeTime        string  `json:"trade_time"`
	TradeTimestamp   int64   `json:"trade_timestamp"`
	OpeningPrice     float64 `json:"opening_price"`
	HighPrice        float64 `json:"high_price"`
	LowPrice         float64 `json:"low_price"`
	TradePrice       float64 `json:"trade_price"`
	PrevClosingPrice float64 `json:"prev_closing_price"`
	Change           string  `json:"change"`
	ChangePrice      float64 `json:"change_price"`
	ChangeRate       float64 `json:"change_rate"`
	TradeVolume      float64 `json:"trade_volume"`
	AccTradePrice24h float64 `json:"acc_trade_price_24h"`
	AccTradeVol24h   float64 `json:"acc_trade_volume_24h"`
	Timestamp        int64   `json:"timestamp"`
}

// rawOrderbook is an orderbook as a raw call reads it.
type rawOrderbook struct {
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

// orderbook is GET /v1/orderbook?markets=KRW-BTC, public.
func (r *rawClient) orderbook(ctx context.Context) ([]rawOrderbook, error) {
	var v []rawOrderbook
	err := r.get(ctx, "/v1/orderbook?markets="+market, false, &v)
	return v, err
}

// rawAccount is a balance as a raw call reads it; the exchange sends the
// amounts as strings.
type rawAccount struct {
	Currency     string `json:"currency"`
	Balance      string `json:"balance"`
	Locked       string `json:"locked"`
	AvgBuyPrice  string `json:"avg_buy_price"`
	UnitCurrency string `json:"unit_currency"`
}

// rawChance is the order chance as a raw call reads it.
type rawChance struct {
	BidFee      string `json:"bid_fee"`
	AskFee      string `json:"ask_fee"`
	MakerBidFee string `json:"maker_bid_fee"`
	MakerAskFee string `json:"maker_ask_fee"`
	Market      struct {
		ID    string `json:"id"`
		State string `json:"state"`
		Bid   struct {
			Currency string `json:"currency"`
			MinTotal string `json:"min_total"`
		} `json:"bid"`
		Ask struct {
			Currency string `json:"currency"`
			MinTotal string `json:"min_total"`
		} `json:"ask"`
		MaxTotal string `json:"max_total"`
	} `json:"market"`
	BidAccount rawAccount `json:"bid_account"`
	AskAccount rawAccount `json:"ask_account"`
}

// chance is GET /v1/orders/chance?market=KRW-BTC, signed.
func (r *rawClient) chance(ctx context.Context) (rawChance, error) {
	var v rawChance
	err := r.get(ctx, "/v1/orders/chance?market="+market, true, &v)
	return v, err
}

// accounts is GET /v1/accounts, signed, without a query hash.
func (r *rawClient) accounts(ctx context.Context) ([]rawAccount, error) {
	var v []rawAccount
	err := r.get(ctx, "/v1/accounts", true, &v)
	return v, err
}

// rawOrder is the body of the benchmark's order, its members in the order
// of the hash string that place signs.
type rawOrder struct {
	Market        string `json:"market"`
	Side          string `json:"side"`
	OrderType     string `json:"order_type"`
	Price         string `json:"price"`
	Volume        string `json:"volume"`
	ClientOrderID string `json:"client_order_id"`
}

// rawPlaced is a placed order as a raw call reads it.
type rawPlaced struct {
	OrderID       string `json:"order_id"`
	ClientOrderID string `json:"client_order_id"`
	Market        string `json:"market"`
	Side          string `json:"side"`
	OrderType     string `json:"order_type"`
	CreatedAt     string `json:"created_at"`
}

// place is POST /v2/orders of the benchmark's resting order (a limit buy
// of 0.0001 BTC at 100,000,000 KRW) with a new client order id: 26
// characters of crypto/rand.Text, within the spec's [A-Za-z0-9_-]{1,36}.
func (r *rawClient) place(ctx context.Context) (rawPlaced, error) {
	var v rawPlaced
	o := rawOrder{Market: market, Side: "bid", OrderType: "limit", Price: "100000000", Volume: "0.0001", ClientOrderID: rand.Text()}
	body, err := json.Marshal(o)
	if err != nil {
		return v, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.base+"/v2/orders", bytes.NewReader(body))
	if err != nil {
		return v, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", r.token("market="+o.Market+"&side="+o.Side+"&order_type="+o.OrderType+
		"&price="+o.Price+"&volume="+o.Volume+"&client_order_id="+o.ClientOrderID))
	err = r.do(req, &v)
	return v, err
}

// rawCancelled is a cancelled order as a raw call reads it.
type rawCancelled struct {
	OrderID       string `json:"order_id"`
	ClientOrderID string `json:"client_order_id"`
	CreatedAt     string `json:"created_at"`
}

// cancel is DELETE /v2/order?order_id=id, signed.
func (r *rawClient) cancel(ctx context.Context, id string) (rawCancelled, error) {
	var v rawCancelled
	query := "order_id=" + url.QueryEscape(id)
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, r.base+"/v2/order?"+query, nil)
	if err != nil {
		return v, err
	}
	req.Header.Set("Authorization", r.token(query))
	err = r.do(req, &v)
	return v, err
}
