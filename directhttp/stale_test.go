package directhttp_test

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestServerClosedIdleConnection: when the server closes an idle
// connection (its IdleTimeout), the next call goes on a new connection,
// without error, and the server gets it once.
func TestServerClosedIdleConnection(t *testing.T) {
	for _, tlsOn := range []bool{false, true} {
		s := newTestServer(t, tlsOn, func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, r.URL.Path)
		}, func(srv *httptest.Server) { srv.Config.IdleTimeout = 20 * time.Millisecond })
		call(t, s.tr, newReq(t, t.Context(), http.MethodGet, s.URL+"/1", ""))
		s.waitClosed(t, 1)
		if _, body := call(t, s.tr, newReq(t, t.Context(), http.MethodPost, s.URL+"/2", "order")); body != "/2" {
			t.Errorf("tls=%v: body %q", tlsOn, body)
		}
		if n, c := s.hitsOf("/2"), s.conns.Load(); n != 1 || c != 2 {
			t.Errorf("tls=%v: the server got the request %d times over %d connections; want once, 2", tlsOn, n, c)
		}
	}
}

// TestServerAnswersOnceThenCloses: a server that closes each connection
// after one answer, without saying so, gets each request once.
func TestServerAnswersOnceThenCloses(t *testing.T) {
	var hits atomic.Int32
	done := make(chan struct{}, 10)
	raw := newRawServer(t, func(c net.Conn) {
		defer func() { done <- struct{}{} }()
		if _, err := readRequest(bufio.NewReader(c)); err != nil {
			return
		}
		hits.Add(1)
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		c.Close()
	})
	tr := newTransport(t)
	for i := range 3 {
		call(t, tr, newReq(t, t.Context(), http.MethodGet, raw.url()+"/", ""))
		waitFor(t, done, "the server's close")
		if n := hits.Load(); n != int32(i+1) {
			t.Fatalf("after call %d the server got %d requests", i+1, n)
		}
	}
	if n := raw.accepts.Load(); n != 3 {
		t.Errorf("%d connections; want 3", n)
	}
}

// TestStrayBytes: bytes the server sends after an answer, which no request
// asked for, keep the connection from being used again: over TCP, whether
// they come with the answer or after it, and over TLS.
func TestStrayBytes(t *testing.T) {
	const fake = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfake"
	for _, tc := range []struct {
		name  string
		tls   bool
		split bool // the stray bytes come after the client read the answer
		size  int  // of the answer's body
		align bool // the answer ends on a 4 KiB read buffer's boundary
	}{
		{"with the answer", false, false, 10, false},
		{"with the answer, aligned", false, false, 10, true},
		{"after the answer", false, true, 10, false},
		{"tls with the answer", true, false, 10, false},
		{"tls after the answer", true, true, 10, false},
		// The answer and the stray bytes in one TLS record, and the
		// stray bytes left in the TLS layer.
		{"tls one record", true, false, 10, true},
		{"tls one record, large", true, false, 3 * 4096, true},
		{"tls one record, odd size", true, false, 4096 + 1000, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			tr := newTransport(t)
			scheme := "http"
			if tc.tls {
				cert := httptest.NewUnstartedServer(nil)
				cert.StartTLS()
				cert.TLS.DynamicRecordSizingDisabled = true
				tr.TLSClientConfig = cert.Client().Transport.(*http.Transport).TLSClientConfig
				ln = tls.NewListener(ln, cert.TLS)
				cert.Close()
				scheme = "https"
			}
			read, wrote := make(chan struct{}), make(chan struct{})
			var n atomic.Int32
			startRaw(t, ln, func(c net.Conn) {
				br := bufio.NewReader(c)
				for {
					req, err := readRequest(br)
					if err != nil {
						return
					}
					i := n.Add(1)
					if i > 1 {
						fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(req.URL.Path), req.URL.Path)
						continue
					}
					// Pad the header so that header and body fill whole
					// 4 KiB buffers, when aligned.
					head := "HTTP/1.1 200 OK\r\nContent-Length: " + fmt.Sprint(tc.size) + "\r\nX-Pad: "
					pad := (4096 - (len(head)+2+tc.size)%4096) % 4096
					if pad < 2 {
						pad += 4096
					}
					if !tc.align {
						pad = 2
					}
					ans := head + strings.Repeat("p", pad-2) + "\r\n\r\n" + strings.Repeat("b", tc.size)
					if tc.split {
						io.WriteString(c, ans)
						<-read
						io.WriteString(c, fake)
					} else {
						io.WriteString(c, ans+fake)
					}
					close(wrote)
				}
			})
			url := scheme + "://" + ln.Addr().String()
			resp, err := tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, url+"/first", ""))
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if len(b) != tc.size || err != nil {
				t.Fatalf("first body: %d bytes, %v", len(b), err)
			}
			close(read)
			waitFor(t, wrote, "the stray bytes")
			_, body := call(t, tr, newReq(t, t.Context(), http.MethodGet, url+"/second", ""))
			if body != "/second" {
				t.Errorf("second call got %q; want /second", body)
			}
		})
	}
}
