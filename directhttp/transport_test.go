package directhttp_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/bithumb-go/bithumb/directhttp"
)

// TestKeepsConnectionAlive: calls one after the other, over http and
// https, get their answers over one connection.
func TestKeepsConnectionAlive(t *testing.T) {
	for _, tlsOn := range []bool{false, true} {
		var conns atomic.Int32
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, r.Proto+" "+r.URL.Path)
		})
		srv := httptest.NewUnstartedServer(h)
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}
		tr := &directhttp.Transport{}
		if tlsOn {
			srv.StartTLS()
			tr.TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
		} else {
			srv.Start()
		}
		for i := range 3 {
			resp, err := tr.RoundTrip(mustGet(t, srv.URL+"/x"))
			if err != nil {
				t.Fatalf("tls=%v call %d: %v", tlsOn, i, err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || string(b) != "HTTP/1.1 /x" {
				t.Errorf("tls=%v call %d: body %q, %v; want %q", tlsOn, i, b, err, "HTTP/1.1 /x")
			}
		}
		tr.CloseIdleConnections()
		srv.Close()
		if n := conns.Load(); n != 1 {
			t.Errorf("tls=%v: %d connections for 3 calls; want 1", tlsOn, n)
		}
	}
}

func mustGet(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
