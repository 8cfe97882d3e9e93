package directhttp_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
)

// sentOnceServer answers each request with its path and body, and counts
// the requests to each path.
func sentOnceServer(t *testing.T) (*testServer, *faultDialer) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s", r.URL.Path, b)
	})
	d := &faultDialer{}
	s.tr.DialContext = d.DialContext
	call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/warm", ""))
	return s, d
}

// TestResentWhenNotAByteWasWritten: a request that a reused connection
// failed to take before a single byte was written goes again, once, on a
// new connection; a POST with its body intact (GetBody).
func TestResentWhenNotAByteWasWritten(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			s, d := sentOnceServer(t)
			d.conn(0).setWriteFault(failNone)
			body := ""
			if method == http.MethodPost {
				body = `{"market":"KRW-BTC","volume":"1"}`
			}
			req := newReq(t, t.Context(), method, s.URL+"/order", body)
			if _, got := call(t, s.tr, req); got != "/order "+body {
				t.Errorf("answer %q", got)
			}
			if n, dials := s.hitsOf("/order"), d.dials.Load(); n != 1 || dials != 2 {
				t.Errorf("the server got the request %d times, %d dials; want 1, 2", n, dials)
			}
			if !d.conn(0).closed.Load() {
				t.Error("the failed connection was not closed")
			}
		})
	}
}

// TestNotResentWithoutGetBody: a POST whose body cannot be read again is
// not sent again; its error is returned.
func TestNotResentWithoutGetBody(t *testing.T) {
	s, d := sentOnceServer(t)
	d.conn(0).setWriteFault(failNone)
	body := &trackedBody{Reader: strings.NewReader("order")}
	req := newReq(t, t.Context(), http.MethodPost, s.URL+"/order", "")
	req.Body, req.ContentLength, req.GetBody = body, 5, nil
	if _, err := s.tr.RoundTrip(req); err == nil {
		t.Fatal("no error")
	}
	if n := s.hitsOf("/order"); n != 0 {
		t.Errorf("the server got the request %d times; want 0", n)
	}
	if !body.closed.Load() {
		t.Error("the request body was not closed")
	}
}

// TestNotResentAfterBytesLeft: once a byte of a request was written, a
// failure (a write cut short, a read that fails after the request was
// written) is returned, and the request is not sent again, whatever its
// method.
func TestNotResentAfterBytesLeft(t *testing.T) {
	faults := []struct {
		name     string
		fault    func(c *faultConn)
		received int // by the server
	}{
		{"write fails after 10 bytes", func(c *faultConn) { c.setWriteFault(failAfter(10)) }, 0},
		{"read fails", func(c *faultConn) { c.setReadFault(failRead) }, 1},
	}
	for _, f := range faults {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(f.name+" "+method, func(t *testing.T) {
				s, d := sentOnceServer(t)
				f.fault(d.conn(0))
				req, err := http.NewRequestWithContext(t.Context(), method, s.URL+"/order", bytes.NewReader([]byte("order")))
				if err != nil {
					t.Fatal(err)
				}
				if method == http.MethodGet {
					req.Body, req.GetBody, req.ContentLength = nil, nil, 0
				}
				resp, err := s.tr.RoundTrip(req)
				if err == nil {
					resp.Body.Close()
					t.Fatal("no error")
				}
				s.waitClosed(t, 1) // after its handler, if it ran
				if n, dials := s.hitsOf("/order"), d.dials.Load(); n != f.received || dials != 1 {
					t.Errorf("the server got the request %d times, %d dials; want %d, 1 dial", n, dials, f.received)
				}
				if !d.conn(0).closed.Load() {
					t.Error("the failed connection was not closed")
				}
			})
		}
	}
}

// TestFreshConnectionNeverRetried: a failure on a new connection is
// returned, even one before a byte was written.
func TestFreshConnectionNeverRetried(t *testing.T) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {})
	d := &faultDialer{onNew: func(c *faultConn) { c.setWriteFault(failNone) }}
	s.tr.DialContext = d.DialContext
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		_, err := s.tr.RoundTrip(newReq(t, t.Context(), method, s.URL+"/order", "x"))
		if !errors.Is(err, syscall.EPIPE) {
			t.Errorf("%s: error %v; want the write's", method, err)
		}
	}
	if n, dials := s.hitsOf("/order"), d.dials.Load(); n != 0 || dials != 2 {
		t.Errorf("the server got %d requests, %d dials; want 0, 2 (one per call)", n, dials)
	}
}

// TestResentOnANewConnection: the request that a reused connection failed
// to take goes again on a new connection, not on another idle one.
func TestResentOnANewConnection(t *testing.T) {
	s, d := sentOnceServer(t)
	held, err := s.tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, s.URL+"/warm", ""))
	if err != nil {
		t.Fatal(err)
	}
	call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/warm", "")) // a second connection
	io.Copy(io.Discard, held.Body)
	held.Body.Close()
	d.conn(0).setWriteFault(failNone)
	d.conn(1).setWriteFault(failNone)
	call(t, s.tr, newReq(t, t.Context(), http.MethodPost, s.URL+"/order", "x"))
	if n, dials := s.hitsOf("/order"), d.dials.Load(); n != 1 || dials != 3 {
		t.Errorf("the server got the request %d times, %d dials; want 1, 3", n, dials)
	}
	if c0, c1 := d.conn(0).closed.Load(), d.conn(1).closed.Load(); c0 == c1 {
		t.Errorf("idle connections closed: %v, %v; want the one that failed only", c0, c1)
	}
}
