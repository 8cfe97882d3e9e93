package directhttp_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestGetAndPost: a GET with a query string and a POST with a body arrive
// as sent (method, path, query, headers, Host, body bytes and
// Content-Length), and the server's status, headers and body come back.
func TestGetAndPost(t *testing.T) {
	for _, tlsOn := range []bool{false, true} {
		t.Run(fmt.Sprint("tls=", tlsOn), func(t *testing.T) {
			s := newTestServer(t, tlsOn, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				w.Header().Set("X-Echo", r.Header.Get("X-Test"))
				w.Header().Set("X-Host", r.Host)
				w.Header().Set("X-Length", fmt.Sprint(r.ContentLength))
				w.WriteHeader(http.StatusCreated)
				fmt.Fprintf(w, "%s %s?%s [%s]", r.Method, r.URL.Path, r.URL.RawQuery, b)
			})
			req := newReq(t, t.Context(), http.MethodGet, s.URL+"/a/b?market=KRW-BTC&x=%20y", "")
			req.Header.Set("X-Test", "get-header")
			req.Host = "api.example.test"
			resp, body := call(t, s.tr, req)
			if resp.StatusCode != http.StatusCreated || body != "GET /a/b?market=KRW-BTC&x=%20y []" {
				t.Errorf("GET: %d %q", resp.StatusCode, body)
			}
			if g, h := resp.Header.Get("X-Echo"), resp.Header.Get("X-Host"); g != "get-header" || h != "api.example.test" {
				t.Errorf("GET: server saw X-Test %q, Host %q", g, h)
			}

			payload := `{"market":"KRW-BTC","side":"bid","volume":"0.0001","price":"84000000"}` + "\x00\xff"
			req = newReq(t, t.Context(), http.MethodPost, s.URL+"/v1/orders", payload)
			req.Header.Set("X-Test", "post-header")
			resp, body = call(t, s.tr, req)
			if want := "POST /v1/orders? [" + payload + "]"; body != want {
				t.Errorf("POST: body %q; want %q", body, want)
			}
			if l := resp.Header.Get("X-Length"); l != fmt.Sprint(len(payload)) {
				t.Errorf("POST: server saw Content-Length %s; want %d", l, len(payload))
			}
			if n := s.conns.Load(); n != 1 {
				t.Errorf("%d connections for 2 calls; want 1", n)
			}
		})
	}
}

// TestChunkedResponse: a body sent in chunks arrives whole, and the
// connection then serves the next call.
func TestChunkedResponse(t *testing.T) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		for i := range 5 {
			fmt.Fprintf(w, "chunk%d;", i)
			w.(http.Flusher).Flush()
		}
	})
	for range 2 {
		resp, body := call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/c", ""))
		if !slices.Equal(resp.TransferEncoding, []string{"chunked"}) || body != "chunk0;chunk1;chunk2;chunk3;chunk4;" {
			t.Errorf("transfer encoding %v, body %q", resp.TransferEncoding, body)
		}
	}
	if n := s.conns.Load(); n != 1 {
		t.Errorf("%d connections; want 1", n)
	}
}

// TestEmptyBodiesFreeTheConnectionAtOnce: after an answer that has no body
// (Content-Length 0, 204, an answer to HEAD), the connection is back in the
// pool before the body is even closed, and the next call takes it.
func TestEmptyBodiesFreeTheConnectionAtOnce(t *testing.T) {
	s := newTestServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/zero":
			w.Header().Set("Content-Length", "0")
		case "/204":
			w.WriteHeader(http.StatusNoContent)
		case "/head":
			w.Header().Set("Content-Length", "11")
			io.WriteString(w, "not for HEAD")
		}
	})
	reqs := []*http.Request{
		newReq(t, t.Context(), http.MethodGet, s.URL+"/zero", ""),
		newReq(t, t.Context(), http.MethodGet, s.URL+"/204", ""),
		newReq(t, t.Context(), http.MethodHead, s.URL+"/head", ""),
		newReq(t, t.Context(), http.MethodGet, s.URL+"/zero", ""),
	}
	var open []*http.Response
	for _, req := range reqs {
		resp, err := s.tr.RoundTrip(req)
		if err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
		}
		open = append(open, resp) // bodies left unread and unclosed
	}
	if n := s.conns.Load(); n != 1 {
		t.Errorf("%d connections for %d calls whose bodies were not read; want 1", n, len(reqs))
	}
	for i, resp := range open {
		if b, err := io.ReadAll(resp.Body); len(b) != 0 || err != nil {
			t.Errorf("%s %s: body %q, %v", reqs[i].Method, reqs[i].URL.Path, b, err)
		}
	}
	if open[2].ContentLength != 11 {
		t.Errorf("HEAD: Content-Length %d; want 11", open[2].ContentLength)
	}
	for _, r := range open {
		r.Body.Close()
	}
}

// TestBodyToEOF: an answer without a length (HTTP/1.0 style) is read to
// the connection's end, and the connection is not used again.
func TestBodyToEOF(t *testing.T) {
	raw := newRawServer(t, func(c net.Conn) {
		if _, err := readRequest(bufio.NewReader(c)); err != nil {
			return
		}
		io.WriteString(c, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"+strings.Repeat("x", 10000))
	})
	tr := newTransport(t)
	for i := range 2 {
		resp, body := call(t, tr, newReq(t, t.Context(), http.MethodGet, raw.url()+"/eof", ""))
		if len(body) != 10000 || !resp.Close {
			t.Errorf("call %d: %d bytes, Close %v; want 10000, true", i, len(body), resp.Close)
		}
	}
	if n := raw.accepts.Load(); n != 2 {
		t.Errorf("%d connections for 2 calls; want 2", n)
	}
}
