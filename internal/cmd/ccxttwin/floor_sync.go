package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"

	"github.com/bithumb-go/bithumb/internal/plain"
)

// syncTicker is the floor of a ticker call without net/http's transport:
// the request is written and the response read on the caller's goroutine
// over one kept-alive connection (http.ReadResponse), then decoded as by
// rawClient.ticker. net/http hands each request to the connection's write
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
		var v []plain.Ticker
		return json.Unmarshal(body, &v)
	}, func() { conn.Close() }, nil
}
