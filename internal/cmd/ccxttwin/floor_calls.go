package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/bithumb-go/bithumb/internal/plain"
)

// The raw calls send the requests of the SDK's calls in the benchmark; see
// rawClient.

// ticker is GET /v1/ticker?markets=KRW-BTC, public: the floor of a ticker
// call with net/http (see rawClient).
func (r *rawClient) ticker(ctx context.Context) ([]plain.Ticker, error) {
	var v []plain.Ticker
	err := r.get(ctx, "/v1/ticker?markets="+market, false, &v)
	return v, err
}

// orderbook is GET /v1/orderbook?markets=KRW-BTC, public.
func (r *rawClient) orderbook(ctx context.Context) ([]plain.Orderbook, error) {
	var v []plain.Orderbook
	err := r.get(ctx, "/v1/orderbook?markets="+market, false, &v)
	return v, err
}

// chance is GET /v1/orders/chance?market=KRW-BTC, signed.
func (r *rawClient) chance(ctx context.Context) (plain.Chance, error) {
	var v plain.Chance
	err := r.get(ctx, "/v1/orders/chance?market="+market, true, &v)
	return v, err
}

// accounts is GET /v1/accounts, signed, without a query hash.
func (r *rawClient) accounts(ctx context.Context) ([]plain.Account, error) {
	var v []plain.Account
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
	req.Header.Set("Authorization", r.signer.Authorization("market="+o.Market+"&side="+o.Side+"&order_type="+o.OrderType+
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
	req.Header.Set("Authorization", r.signer.Authorization(query))
	err = r.do(req, &v)
	return v, err
}
