package directhttp

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/internal/sysconn/sysconntest"
)

// TestDefaultDialer: without a DialContext, connections are made by a
// net.Dialer with DialTimeout (DefaultDialTimeout when zero) and a 30 s
// keep-alive.
func TestDefaultDialer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	for _, tt := range []struct{ set, want time.Duration }{{0, DefaultDialTimeout}, {3 * time.Second, 3 * time.Second}} {
		tr := &Transport{DialTimeout: tt.set}
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL, nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		tr.CloseIdleConnections()
		if d := tr.newDialer(); d.Timeout != tt.want || d.KeepAlive != 30*time.Second {
			t.Errorf("DialTimeout %v: dialer timeout %v, keep-alive %v; want %v, 30s", tt.set, d.Timeout, d.KeepAlive, tt.want)
		}
	}
}

// TestProxiedDefaults: the net/http transport made for proxied requests
// has the Transport's timeouts, header cap and TLS configuration, and the
// default dialer's settings, with sysconn's connections.
func TestProxiedDefaults(t *testing.T) {
	tr := &Transport{TLSHandshakeTimeout: 7 * time.Second, ResponseHeaderTimeout: 8 * time.Second, MaxResponseHeaderBytes: 9}
	h := tr.proxiedTransport().(*http.Transport)
	if h.TLSHandshakeTimeout != 7*time.Second || h.ResponseHeaderTimeout != 8*time.Second || h.MaxResponseHeaderBytes != 9 || h.Proxy == nil || h.DialContext == nil {
		t.Errorf("proxied transport: %v %v %v proxy %v dial %v", h.TLSHandshakeTimeout, h.ResponseHeaderTimeout, h.MaxResponseHeaderBytes, h.Proxy != nil, h.DialContext != nil)
	}
	sysconntest.CheckDial(t, h.DialContext) // the connections bithumb.NewTransport's have
	d := (&Transport{}).proxiedTransport().(*http.Transport)
	if d.TLSHandshakeTimeout != DefaultTLSHandshakeTimeout || d.ResponseHeaderTimeout != DefaultResponseHeaderTimeout || d.MaxResponseHeaderBytes != DefaultMaxResponseHeaderBytes {
		t.Errorf("default proxied transport: %v %v %v", d.TLSHandshakeTimeout, d.ResponseHeaderTimeout, d.MaxResponseHeaderBytes)
	}
}
