package directhttp_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bithumb-go/bithumb/directhttp"
	"github.com/bithumb-go/bithumb/middleware"
)

// TestRequestsItCannotSend: a request without URL, host or a scheme it
// speaks, or with a method or a header field that net/http's Transport
// refuses, fails before anything is dialled, and its body is closed.
func TestRequestsItCannotSend(t *testing.T) {
	ok := &url.URL{Scheme: "http", Host: "127.0.0.1:80", Path: "/"}
	for name, tt := range map[string]struct {
		method string
		u      *url.URL
		header http.Header
	}{
		"nil URL":              {http.MethodPost, nil, nil},
		"no host":              {http.MethodPost, &url.URL{Scheme: "http", Path: "/v1/orders"}, nil},
		"ftp":                  {http.MethodPost, &url.URL{Scheme: "ftp", Host: "127.0.0.1:21", Path: "/"}, nil},
		"ws":                   {http.MethodPost, &url.URL{Scheme: "ws", Host: "127.0.0.1:80", Path: "/"}, nil},
		"method with a space":  {"PO ST", ok, nil},
		"header name":          {http.MethodPost, ok, http.Header{"Bad Name": {"v"}}},
		"header value with LF": {http.MethodPost, ok, http.Header{"X-Order": {"a\nInjected: b"}}},
	} {
		d := &faultDialer{}
		tr := newTransport(t)
		tr.DialContext = d.DialContext
		body := &trackedBody{Reader: strings.NewReader("x")}
		header := tt.header
		if header == nil {
			header = http.Header{}
		}
		req := (&http.Request{Method: tt.method, URL: tt.u, Header: header, Body: body, ContentLength: 1}).WithContext(t.Context())
		resp, err := tr.RoundTrip(req)
		if err == nil {
			resp.Body.Close()
			t.Errorf("%s: no error", name)
		}
		if !body.closed.Load() {
			t.Errorf("%s: the body was not closed", name)
		}
		if n := d.dials.Load(); n != 0 {
			t.Errorf("%s: %d dials", name, n)
		}
	}
}

// TestDialFailureIsNotSent: a refused connection is an error by which the
// client knows that the request was never sent, and the body is closed.
func TestDialFailureIsNotSent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	tr := newTransport(t)
	body := &trackedBody{Reader: strings.NewReader("x")}
	req := newReq(t, t.Context(), http.MethodPost, "http://"+addr+"/v1/orders", "")
	req.Body, req.ContentLength = body, 1
	_, err = tr.RoundTrip(req)
	if err == nil || !middleware.NotSent(err) {
		t.Errorf("error %v; want one for which middleware.NotSent is true", err)
	}
	if !body.closed.Load() {
		t.Error("the body was not closed")
	}
}

// TestTLSFailures: a server that speaks only HTTP/2, or whose certificate
// is not trusted, fails the call.
func TestTLSFailures(t *testing.T) {
	// A server that speaks only HTTP/2 (Go's TLS server lets a client
	// that offers only http/1.1 through without ALPN), which answers an
	// HTTP/1.1 request with its connection preface and a close.
	cert := httptest.NewUnstartedServer(nil)
	cert.StartTLS()
	cert.Close()
	cfg := cert.TLS.Clone()
	cfg.NextProtos = []string{"h2"}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	negotiated := make(chan string, 1)
	startRaw(t, tls.NewListener(ln, cfg), func(c net.Conn) {
		tc := c.(*tls.Conn)
		if err := tc.HandshakeContext(t.Context()); err != nil {
			negotiated <- err.Error()
			return
		}
		negotiated <- tc.ConnectionState().NegotiatedProtocol
		io.WriteString(tc, "\x00\x00\x00\x04\x00\x00\x00\x00\x00") // SETTINGS
	})
	tr := newTransport(t)
	tr.TLSClientConfig = cert.Client().Transport.(*http.Transport).TLSClientConfig
	if resp, err := tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, "https://"+ln.Addr().String()+"/", "")); err == nil {
		resp.Body.Close()
		t.Error("h2 only: no error")
	}
	if p := waitFor(t, negotiated, "the handshake"); p != "" {
		t.Errorf("h2 only: negotiated %q; want none", p)
	}

	untrusted := newTestServer(t, true, func(w http.ResponseWriter, r *http.Request) {},
		func(srv *httptest.Server) { srv.Config.ErrorLog = log.New(io.Discard, "", 0) })
	tr = newTransport(t)
	var verr *tls.CertificateVerificationError
	if _, err := tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, untrusted.URL+"/", "")); !errors.As(err, &verr) {
		t.Errorf("untrusted certificate: error %v; want a *tls.CertificateVerificationError", err)
	}
	if n := untrusted.hitsOf("/"); n != 0 {
		t.Errorf("untrusted certificate: the server got %d requests", n)
	}
}

// TestServerName: the TLS connection names the request's host, without
// its port.
func TestServerName(t *testing.T) {
	s := newTestServer(t, true, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.TLS.ServerName)
	})
	// The test certificate is for example.com, among others.
	port := s.Listener.Addr().(*net.TCPAddr).Port
	s.tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, s.Listener.Addr().String())
	}
	req := newReq(t, t.Context(), http.MethodGet, "https://example.com:"+strconv.Itoa(port)+"/", "")
	if _, body := call(t, s.tr, req); body != "example.com" {
		t.Errorf("server name %q; want example.com", body)
	}
}

// fakeRoundTripper records the requests it gets.
type fakeRoundTripper struct {
	got       atomic.Pointer[http.Request]
	idleCalls atomic.Int32 // calls of CloseIdleConnections
}

func (f *fakeRoundTripper) CloseIdleConnections() { f.idleCalls.Add(1) }

func (f *fakeRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	f.got.Store(req)
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusTeapot, Body: http.NoBody, Request: req}, nil
}

// TestProxy: a request with a proxy goes to Proxied, and nothing is
// dialled; CloseIdleConnections reaches Proxied; a Proxy error is
// returned and the body closed.
func TestProxy(t *testing.T) {
	d := &faultDialer{}
	fake := &fakeRoundTripper{}
	tr := &directhttp.Transport{
		DialContext: d.DialContext,
		Proxy:       http.ProxyURL(&url.URL{Scheme: "http", Host: "127.0.0.1:3128"}),
		Proxied:     fake,
	}
	req := newReq(t, t.Context(), http.MethodGet, "http://127.0.0.1:1/v1/ticker", "")
	resp, err := tr.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusTeapot || fake.got.Load() != req {
		t.Errorf("status %v, error %v; want the Proxied transport's answer", resp, err)
	}
	if n := d.dials.Load(); n != 0 {
		t.Errorf("%d dials; want 0", n)
	}
	tr.CloseIdleConnections()
	if n := fake.idleCalls.Load(); n != 1 {
		t.Errorf("CloseIdleConnections reached Proxied %d times; want 1", n)
	}

	proxyErr := errors.New("no proxy for you")
	tr = &directhttp.Transport{
		DialContext: d.DialContext,
		Proxy:       func(*http.Request) (*url.URL, error) { return nil, proxyErr },
		Proxied:     fake,
	}
	body := &trackedBody{Reader: strings.NewReader("x")}
	req = newReq(t, t.Context(), http.MethodPost, "http://127.0.0.1:1/v1/orders", "")
	req.Body, req.ContentLength = body, 1
	if _, err := tr.RoundTrip(req); !errors.Is(err, proxyErr) {
		t.Errorf("error %v; want the Proxy's", err)
	}
	if !body.closed.Load() {
		t.Error("the body was not closed")
	}
	if n := d.dials.Load(); n != 0 || fake.got.Load() == req {
		t.Errorf("%d dials, or the request went to Proxied", n)
	}
}

// TestCloseIdleConnectionsWhileProxying: CloseIdleConnections may run
// while the first request through a proxy makes the Proxied transport.
func TestCloseIdleConnectionsWhileProxying(t *testing.T) {
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "via proxy "+r.URL.String())
	}))
	t.Cleanup(proxy.Close)
	proxyURL, err := url.Parse(proxy.URL)
	if err != nil {
		t.Fatal(err)
	}
	tr := &directhttp.Transport{Proxy: http.ProxyURL(proxyURL)}
	t.Cleanup(tr.CloseIdleConnections)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tr.CloseIdleConnections()
	}()
	_, body := call(t, tr, newReq(t, t.Context(), http.MethodGet, "http://bithumb.example/v1/ticker", ""))
	<-done
	if body != "via proxy http://bithumb.example/v1/ticker" {
		t.Errorf("answer %q", body)
	}
}

// TestTLSServerWithoutALPN: a server that negotiates no protocol by ALPN
// speaks HTTP/1.1, and the call goes through.
func TestTLSServerWithoutALPN(t *testing.T) {
	cert := httptest.NewUnstartedServer(nil)
	cert.StartTLS()
	cert.Close()
	cfg := cert.TLS.Clone()
	cfg.NextProtos = nil
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	startRaw(t, tls.NewListener(ln, cfg), func(c net.Conn) {
		if _, err := readRequest(bufio.NewReader(c)); err == nil {
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	tr := newTransport(t)
	tr.TLSClientConfig = cert.Client().Transport.(*http.Transport).TLSClientConfig
	resp, err := tr.RoundTrip(newReq(t, t.Context(), http.MethodGet, "https://"+ln.Addr().String()+"/", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, err := io.ReadAll(resp.Body); err != nil || string(b) != "ok" {
		t.Errorf("body %q, %v; want ok", b, err)
	}
}

// TestFailureWithoutCancellation: a call whose context can never end
// (context.Background) fails as any other when the server hangs up
// without answering.
func TestFailureWithoutCancellation(t *testing.T) {
	s := newRawServer(t, func(c net.Conn) { readRequest(bufio.NewReader(c)) })
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, s.url()+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := newTransport(t).RoundTrip(req); err == nil {
		resp.Body.Close()
		t.Fatal("no error")
	}
}
