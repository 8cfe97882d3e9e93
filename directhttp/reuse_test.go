package directhttp_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestBodyClosedEarlyClosesConnection: a body closed before its end takes
// its connection with it; the next call dials anew.
func TestBodyClosedEarlyClosesConnection(t *testing.T) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("x", 64<<10))
	})
	resp, err := s.tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, s.URL+"/big", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(resp.Body, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s.waitClosed(t, 1)
	call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/big", ""))
	if n := s.conns.Load(); n != 2 {
		t.Errorf("%d connections; want 2", n)
	}

	// Also when nothing more of the body has come yet.
	b, entered, gone := blockingServer(t)
	resp, err = b.tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, b.URL+"/partial", ""))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, entered, "the request")
	if _, err := io.ReadFull(resp.Body, make([]byte, 4)); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	waitFor(t, gone, "the server to see the connection close")
}

// TestConnectionCloseWithoutClose: the Transport itself keeps a
// connection out of the pool when the answer says "Connection: close" or
// the request asked for it, even when the server leaves it open.
func TestConnectionCloseWithoutClose(t *testing.T) {
	for _, byRequest := range []bool{false, true} {
		raw := newRawServer(t, func(c net.Conn) {
			br := bufio.NewReader(c)
			for {
				if _, err := readRequest(br); err != nil {
					return
				}
				hdr := "Connection: close\r\n"
				if byRequest {
					hdr = ""
				}
				io.WriteString(c, "HTTP/1.1 200 OK\r\n"+hdr+"Content-Length: 2\r\n\r\nok")
			}
		})
		tr := newTransport(t)
		for range 2 {
			req := newReq(t, t.Context(), http.MethodGet, raw.url()+"/", "")
			req.Close = byRequest
			call(t, tr, req)
		}
		if n := raw.accepts.Load(); n != 2 {
			t.Errorf("request asks=%v: %d connections for 2 calls; want 2", byRequest, n)
		}
	}
}

// TestConnectionClose: "Connection: close" from the server, or asked by
// the request (req.Close), keeps the connection out of the pool.
func TestConnectionClose(t *testing.T) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/server-closes" {
			w.Header().Set("Connection", "close")
		}
		io.WriteString(w, "ok")
	})
	call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/server-closes", ""))
	s.waitClosed(t, 1)
	req := newReq(t, t.Context(), http.MethodGet, s.URL+"/client-closes", "")
	req.Close = true
	call(t, s.tr, req)
	s.waitClosed(t, 1)
	call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/", ""))
	if n := s.conns.Load(); n != 3 {
		t.Errorf("%d connections for 3 calls; want 3", n)
	}
}

// TestMaxIdleConnsPerHost: with a limit of one, of two connections that
// end at the same time one is kept and the other closed; a negative limit
// keeps none.
func TestMaxIdleConnsPerHost(t *testing.T) {
	arrived := make(chan struct{}, 2)
	release := make(chan struct{})
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/together" {
			arrived <- struct{}{}
			<-release
		}
		io.WriteString(w, "ok")
	})
	s.tr.MaxIdleConnsPerHost = 1
	var wg sync.WaitGroup
	for range 2 {
		req := newReq(t, t.Context(), http.MethodGet, s.URL+"/together", "")
		wg.Go(func() {
			if _, err := drain(s.tr.RoundTrip(req)); err != nil {
				t.Error(err)
			}
		})
	}
	waitFor(t, arrived, "first request")
	waitFor(t, arrived, "second request")
	close(release)
	wg.Wait()
	s.waitClosed(t, 1)
	call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/after", ""))
	s.noneClosed(t)
	if n := s.conns.Load(); n != 2 {
		t.Errorf("%d connections; want 2 (the kept one reused)", n)
	}

	t.Run("negative", func(t *testing.T) {
		s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
		s.tr.MaxIdleConnsPerHost = -1
		for range 3 {
			call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/", ""))
			s.waitClosed(t, 1)
		}
		if n := s.conns.Load(); n != 3 {
			t.Errorf("%d connections for 3 calls; want 3", n)
		}
	})
}

// TestIdleConnTimeout: a connection idle for IdleConnTimeout is closed.
func TestIdleConnTimeout(t *testing.T) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	s.tr.IdleConnTimeout = 30 * time.Millisecond
	call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/", ""))
	s.waitClosed(t, 1)
	call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/", ""))
	if n := s.conns.Load(); n != 2 {
		t.Errorf("%d connections; want 2", n)
	}
}

// TestCloseIdleConnections closes the idle connections, not the one a
// response body still holds, which is reused once its body is read.
func TestCloseIdleConnections(t *testing.T) {
	for _, tlsOn := range []bool{false, true} {
		s := newTestServer(t, tlsOn, func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, r.URL.Path)
		})
		held, err := s.tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, s.URL+"/held", ""))
		if err != nil {
			t.Fatal(err)
		}
		call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/idle", ""))
		s.tr.CloseIdleConnections()
		s.waitClosed(t, 1)
		b, err := io.ReadAll(held.Body)
		held.Body.Close()
		if string(b) != "/held" || err != nil {
			t.Fatalf("tls=%v: held body %q, %v", tlsOn, b, err)
		}
		call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/again", ""))
		s.noneClosed(t)
		if n := s.conns.Load(); n != 2 {
			t.Errorf("tls=%v: %d connections; want 2", tlsOn, n)
		}
	}
}

// TestIdleConnectionsPerHost: connections are kept per host; a call to
// another host does not take one of the first host's.
func TestIdleConnectionsPerHost(t *testing.T) {
	h := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.Host) }
	a := newTestServer(t, false, h)
	b := httptest.NewServer(http.HandlerFunc(h))
	t.Cleanup(b.Close)
	for _, u := range []string{a.URL, b.URL, a.URL, b.URL} {
		if _, body := call(t, a.tr, newReq(t, t.Context(), http.MethodGet, u+"/", "")); body != strings.TrimPrefix(u, "http://") {
			t.Errorf("answer %q from %s", body, u)
		}
	}
	if n := a.conns.Load(); n != 1 {
		t.Errorf("%d connections to the first host; want 1", n)
	}
}
