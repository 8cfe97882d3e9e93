package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
)

// rawTicker is the floor of a ticker call with net/http: its default
// transport and encoding/json into a struct of float64s, no validation,
// limiter, retries or exact decimals.
func (b bench) rawTicker(ctx context.Context) func() error {
	hc := &http.Client{}
	url := b.url + "/v1/ticker?markets=" + market
	return func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("raw ticker: HTTP %s", resp.Status)
		}
		var v []rawTickerBody
		return json.NewDecoder(resp.Body).Decode(&v)
	}
}

// rawTickerBody is the plain struct of the raw baseline.
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

// syncTicker is the floor of a ticker call without net/http's transport:
// the request is written and the response read on the caller's goroutine
// over one kept-alive connection (http.ReadResponse), then decoded as by
// rawTicker. net/http hands each request to the connection's write
// goroutine and each response back from its read goroutine; the difference
// between the two rows is what those hand-offs cost.
func (b bench) syncTicker() (call func() error, closeConn func(), err error) {
	u, err := url.Parse(b.url)
	if err != nil || u.Scheme != "http" {
		return nil, nil, fmt.Errorf("-url %q: want http://HOST:PORT", b.url)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReader(conn)
	req := []byte("GET /v1/ticker?markets=" + market + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUser-Agent: ccxttwin\r\n\r\n")
	return func() error {
		if _, err := conn.Write(req); err != nil {
			return err
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("sync ticker: HTTP %s", resp.Status)
		}
		var v []rawTickerBody
		return json.Unmarshal(body, &v)
	}, func() { conn.Close() }, nil
}
