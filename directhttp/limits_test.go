package directhttp_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestResponseHeaderTimeout: an answer whose header does not come within
// ResponseHeaderTimeout fails with a timeout (a net.Error), not with a
// context's error, and its connection is closed.
func TestResponseHeaderTimeout(t *testing.T) {
	s, entered, gone := blockingServer(t)
	s.tr.ResponseHeaderTimeout = 30 * time.Millisecond
	done := roundTripAsync(s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/block", ""))
	waitFor(t, entered, "the request")
	err := waitFor(t, done, "the call's end")
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || errors.Is(err, context.DeadlineExceeded) ||
		!strings.Contains(err.Error(), "timeout awaiting response headers") {
		t.Errorf("error %v; want a net.Error timeout awaiting response headers, not a context's", err)
	}
	waitFor(t, gone, "the server to see the connection close")

	// The timeout bounds the header only: a body that comes later is read.
	resp, err := s.tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, s.URL+"/partial", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	waitFor(t, entered, "the request")
	if _, err := io.ReadFull(resp.Body, make([]byte, 4)); err != nil {
		t.Fatal(err)
	}
	done2 := make(chan error, 1)
	go func() {
		_, err := resp.Body.Read(make([]byte, 1))
		done2 <- err
	}()
	select {
	case err := <-done2:
		t.Errorf("the body's read ended (%v) while the server was still sending", err)
	case <-time.After(100 * time.Millisecond):
		// Three times the header timeout passed, and the read waits on.
	}
	resp.Body.Close()
	waitFor(t, done2, "the read's end")
}

// TestMaxResponseHeaderBytes: a header larger than MaxResponseHeaderBytes
// fails the call, and the Transport reads no more than the cap, even from
// a server that sends a header without end.
func TestMaxResponseHeaderBytes(t *testing.T) {
	const limit = 4096
	raw := newRawServer(t, func(c net.Conn) {
		if _, err := readRequest(bufio.NewReader(c)); err != nil {
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nX-Long: ")
		chunk := strings.Repeat("a", 1024)
		for {
			if _, err := io.WriteString(c, chunk); err != nil {
				return
			}
		}
	})
	d := &faultDialer{}
	tr := newTransport(t)
	tr.DialContext = d.DialContext
	tr.MaxResponseHeaderBytes = limit
	if _, err := tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, raw.url()+"/", "")); err == nil {
		t.Fatal("no error")
	}
	if n := d.conn(0).bytesRead.Load(); n > limit {
		t.Errorf("read %d bytes; want at most %d", n, limit)
	}
	if !d.conn(0).closed.Load() {
		t.Error("the connection was not closed")
	}

	// A header within the cap is fine.
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Long", strings.Repeat("a", 2000))
	})
	s.tr.MaxResponseHeaderBytes = limit
	call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/", ""))
}

// TestInformationalResponses: 1xx answers before the final one are
// skipped (103 Early Hints); a few too many, or a 101, fail the call.
func TestInformationalResponses(t *testing.T) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</style.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Set("X-Final", "yes")
		io.WriteString(w, "final")
	})
	resp, body := call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/", ""))
	if resp.StatusCode != http.StatusOK || body != "final" || resp.Header.Get("X-Final") != "yes" {
		t.Errorf("%d %q %v", resp.StatusCode, body, resp.Header)
	}
	// The first and last informational statuses, from a raw server.
	raw := newRawServer(t, func(c net.Conn) {
		if _, err := readRequest(bufio.NewReader(c)); err == nil {
			io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 199 Odd\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal")
		}
	})
	if resp, body := call(t, newTransport(t), newReq(t, t.Context(), http.MethodGet, raw.url()+"/", "")); resp.StatusCode != http.StatusOK || body != "final" {
		t.Errorf("after 100 and 199: %d %q", resp.StatusCode, body)
	}

	for name, answer := range map[string]string{
		// What follows a 101 is the new protocol's, here bytes that
		// would read as an answer.
		"101":      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
		"many 1xx": strings.Repeat("HTTP/1.1 103 Early Hints\r\n\r\n", 20) + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
	} {
		raw := newRawServer(t, func(c net.Conn) {
			if _, err := readRequest(bufio.NewReader(c)); err != nil {
				return
			}
			io.WriteString(c, answer)
			io.Copy(io.Discard, c) // until the client closes
		})
		d := &faultDialer{}
		tr := newTransport(t)
		tr.DialContext = d.DialContext
		if resp, err := tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, raw.url()+"/", "")); err == nil {
			resp.Body.Close()
			t.Errorf("%s: status %d, no error", name, resp.StatusCode)
			continue
		}
		if !d.conn(0).closed.Load() {
			t.Errorf("%s: the connection was not closed", name)
		}
	}
}

// TestTLSHandshakeTimeout: a server that takes the connection but never
// answers the TLS handshake fails the call after TLSHandshakeTimeout with
// a timeout (a net.Error), not with a context's error: the request's
// context did not end.
func TestTLSHandshakeTimeout(t *testing.T) {
	raw := newRawServer(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	tr := newTransport(t)
	tr.TLSHandshakeTimeout = 30 * time.Millisecond
	_, err := tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, "https://"+raw.ln.Addr().String()+"/", ""))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || errors.Is(err, context.DeadlineExceeded) ||
		!strings.Contains(err.Error(), "TLS handshake timeout") {
		t.Errorf("error %v; want a net.Error TLS handshake timeout, not a context's", err)
	}

	// The request's own deadline is still the context's.
	tr.TLSHandshakeTimeout = wait
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	if _, err := tr.RoundTrip(newReq(t, ctx, http.MethodGet, "https://"+raw.ln.Addr().String()+"/", "")); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v; want context.DeadlineExceeded", err)
	}
}
