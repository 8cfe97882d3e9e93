package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
)

// syncTransport is the RoundTripper of `-transport sync`, an experiment: the
// SDK's calls over one kept-alive HTTP/1.1 connection, each request written
// and its response read on the caller's goroutine, as the ticker-sync floor
// does, instead of net/http's hand-offs to the connection's goroutines. It
// serves one call at a time (a call holds it until its response body is
// closed), plain http only, and has no cancellation: a measurement, not a
// transport for programs.
type syncTransport struct {
	mu   sync.Mutex // held from a request's write until its body is closed
	conn net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
}

// RoundTrip sends req on the connection, dialled on first use, and reads
// the response's header; the body is read from the connection as the
// caller reads it.
func (t *syncTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "http" {
		return nil, errors.New("-transport sync: plain http only")
	}
	t.mu.Lock()
	if t.conn == nil {
		conn, err := net.Dial("tcp", req.URL.Host)
		if err != nil {
			t.mu.Unlock()
			return nil, err
		}
		t.conn, t.br, t.bw = conn, bufio.NewReader(conn), bufio.NewWriter(conn)
	}
	err := req.Write(t.bw)
	if err == nil {
		err = t.bw.Flush()
	}
	var resp *http.Response
	if err == nil {
		resp, err = http.ReadResponse(t.br, req)
	}
	if err != nil {
		t.drop()
		t.mu.Unlock()
		return nil, err
	}
	resp.Body = &syncBody{ReadCloser: resp.Body, t: t, last: resp.Close}
	return resp, nil
}

// drop closes the connection; the next call dials a new one.
func (t *syncTransport) drop() {
	if t.conn != nil {
		t.conn.Close()
		t.conn = nil
	}
}

// syncBody releases the transport when closed, keeping the connection
// when the body was read to its end and the server keeps it alive.
type syncBody struct {
	io.ReadCloser
	t    *syncTransport
	last bool // the server closes the connection after this response
	once sync.Once
}

func (b *syncBody) Close() error {
	b.once.Do(func() {
		_, err := io.Copy(io.Discard, b.ReadCloser)
		if b.ReadCloser.Close() != nil || err != nil || b.last {
			b.t.drop()
		}
		b.t.mu.Unlock()
	})
	return nil
}
