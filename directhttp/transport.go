package directhttp

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/bithumb-go/bithumb/internal/sysconn"
)

// Defaults of the Transport's zero fields; bithumb.NewTransport has the
// same timeouts and idle connections per host.
const (
	DefaultDialTimeout            = 10 * time.Second
	DefaultTLSHandshakeTimeout    = 10 * time.Second
	DefaultResponseHeaderTimeout  = 15 * time.Second
	DefaultIdleConnTimeout        = 90 * time.Second
	DefaultMaxIdleConnsPerHost    = 32
	DefaultMaxResponseHeaderBytes = 1 << 20
)

// Transport is an http.RoundTripper for HTTP/1.1 that makes each round trip
// on the caller's goroutine; see the package documentation. Its zero value
// is ready to use, with the defaults above. A Transport is safe for
// concurrent use; set its fields before its first request and do not
// change them after.
type Transport struct {
	// DialContext opens the TCP connections; nil uses a net.Dialer with
	// DialTimeout and a 30 s keep-alive. A dialer's errors are returned as
	// they are: net.Dialer's are *net.OpError with Op "dial", by which
	// the client tells that a request was never sent.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)

	// DialTimeout bounds a connect by the default dialer
	// (DefaultDialTimeout when zero).
	DialTimeout time.Duration

	// TLSClientConfig configures https connections; nil means the
	// defaults of crypto/tls. It is cloned for each connection, which gets
	// the request's host as ServerName when it has none, and "http/1.1" as
	// its only ALPN protocol.
	TLSClientConfig *tls.Config

	// TLSHandshakeTimeout bounds a TLS handshake
	// (DefaultTLSHandshakeTimeout when zero).
	TLSHandshakeTimeout time.Duration

	// ResponseHeaderTimeout bounds the wait for the response's header
	// after the request was written (DefaultResponseHeaderTimeout when
	// zero); it does not bound the body, which the request's context
	// does.
	ResponseHeaderTimeout time.Duration

	// MaxResponseHeaderBytes caps the size of a response's header,
	// informational (1xx) headers included
	// (DefaultMaxResponseHeaderBytes when zero).
	MaxResponseHeaderBytes int64

	// IdleConnTimeout is how long a connection may stay idle in the pool
	// before it is closed (DefaultIdleConnTimeout when zero).
	IdleConnTimeout time.Duration

	// MaxIdleConnsPerHost caps the idle connections kept per scheme and
	// host (DefaultMaxIdleConnsPerHost when zero; negative keeps none, so
	// that each request has a connection of its own).
	MaxIdleConnsPerHost int

	// Proxy returns the proxy of a request, as http.Transport.Proxy does;
	// nil means http.ProxyFromEnvironment. A request with a proxy goes to
	// Proxied instead.
	Proxy func(*http.Request) (*url.URL, error)

	// Proxied carries the requests that go through a proxy; nil means a
	// clone of http.DefaultTransport with this Transport's timeouts and
	// TLS configuration, whose connections are made as this Transport's
	// (as bithumb.NewTransport's).
	Proxied http.RoundTripper

	mu   sync.Mutex
	idle map[connKey][]*conn // the most recently used last

	proxiedOnce sync.Once
	proxied     http.RoundTripper // set once under mu, read under mu by CloseIdleConnections
}

// connKey names the connections that can carry a request: its scheme and
// host as written in its URL.
type connKey struct {
	https bool
	host  string
}

// addr returns the key's host:port, with the scheme's port when the host
// has none.
func (k connKey) addr() string {
	u := url.URL{Host: k.host}
	if u.Port() != "" {
		return k.host
	}
	port := "80"
	if k.https {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// RoundTrip sends req and returns its response, whose body holds the
// connection until it is read to the end or closed. It follows
// http.RoundTripper's contract: it does not modify req, it closes req's
// body, and it returns an error only when it got no response.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	key, err := check(req)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	proxy := t.Proxy
	if proxy == nil {
		proxy = http.ProxyFromEnvironment
	}
	if p, err := proxy(req); err != nil {
		closeBody(req)
		return nil, err
	} else if p != nil {
		return t.proxiedTransport().RoundTrip(req)
	}
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	fresh := false // a reused connection failed to take the request
	for {
		c, err := t.getConn(ctx, key, fresh)
		if err != nil {
			closeBody(req)
			return nil, err
		}
		resp, err := c.roundTrip(req)
		if err == nil {
			return resp, nil
		}
		if !c.unsent() || ctx.Err() != nil {
			return nil, err
		}
		// Not a byte of it left: the server had closed the idle
		// connection. Once more, on a new connection, with a new body.
		fresh = true
		if req, err = rewound(req); err != nil {
			return nil, err
		}
	}
}

// check returns the connection key of req, or why the Transport cannot
// send it.
func check(req *http.Request) (connKey, error) {
	switch {
	case req.URL == nil:
		return connKey{}, errors.New("directhttp: request has no URL")
	case req.URL.Host == "":
		return connKey{}, errors.New("directhttp: request URL has no host")
	case req.URL.Scheme != "http" && req.URL.Scheme != "https":
		return connKey{}, errors.New("directhttp: unsupported protocol scheme " + strconv.Quote(req.URL.Scheme))
	}
	if req.Method != "" && !isToken(req.Method) {
		return connKey{}, errors.New("directhttp: invalid method " + strconv.Quote(req.Method))
	}
	if err := checkHeader(req.Header); err != nil {
		return connKey{}, err
	}
	return connKey{https: req.URL.Scheme == "https", host: req.URL.Host}, nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// rewound returns a shallow copy of req with a new body from GetBody, for
// sending again; req itself when it has no body.
func rewound(req *http.Request) (*http.Request, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, nil
	}
	if req.GetBody == nil {
		return nil, errors.New("directhttp: the server closed an idle connection before the request was sent, and its body cannot be read again (no GetBody)")
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	r := *req
	r.Body = body
	return &r, nil
}

// getConn returns an idle connection for key that is still open, or a new
// one; always a new one when fresh.
func (t *Transport) getConn(ctx context.Context, key connKey, fresh bool) (*conn, error) {
	for !fresh {
		c := t.popIdle(key)
		if c == nil {
			break
		}
		if !c.peek.peerGone() && !c.holdsStrayBytes() {
			c.reused = true
			return c, nil
		}
		c.close()
	}
	return t.dial(ctx, key)
}

// dial opens a connection for key: TCP, then TLS for https.
func (t *Transport) dial(ctx context.Context, key connKey) (*conn, error) {
	dial := t.DialContext
	if dial == nil {
		dial = t.newDialer().DialContext
	}
	raw, err := dial(ctx, "tcp", key.addr())
	if err != nil {
		return nil, err
	}
	raw = sysconn.Wrap(raw)
	nc := raw
	if key.https {
		tc, err := t.handshake(ctx, raw, key)
		if err != nil {
			raw.Close()
			return nil, err
		}
		nc = tc
	}
	return newConn(t, key, nc, raw), nil
}

// newDialer returns the dialer of a Transport without DialContext, and of
// its default Proxied transport: DialTimeout and a 30 s keep-alive.
func (t *Transport) newDialer() *net.Dialer {
	return &net.Dialer{Timeout: orDefault(t.DialTimeout, DefaultDialTimeout), KeepAlive: 30 * time.Second}
}

// handshake runs the TLS client handshake on raw within the handshake
// timeout and checks that the server agreed to HTTP/1.1.
func (t *Transport) handshake(ctx context.Context, raw net.Conn, key connKey) (*tls.Conn, error) {
	cfg := t.TLSClientConfig.Clone()
	if cfg == nil {
		cfg = &tls.Config{}
	}
	if cfg.ServerName == "" {
		cfg.ServerName = (&url.URL{Host: key.host}).Hostname()
	}
	cfg.NextProtos = []string{"http/1.1"}
	tc := tls.Client(raw, cfg)
	hctx, cancel := context.WithTimeout(ctx, orDefault(t.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout))
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		if ctx.Err() == nil && hctx.Err() != nil {
			return nil, errHandshakeTimeout
		}
		return nil, err
	}
	if p := tc.ConnectionState().NegotiatedProtocol; p != "" && p != "http/1.1" {
		return nil, errors.New("directhttp: the server chose protocol " + strconv.Quote(p) + ", not http/1.1")
	}
	return tc, nil
}

// popIdle takes the most recently used idle connection for key, or nil.
func (t *Transport) popIdle(key connKey) *conn {
	t.mu.Lock()
	l := t.idle[key]
	if len(l) == 0 {
		t.mu.Unlock()
		return nil
	}
	c := l[len(l)-1]
	l[len(l)-1] = nil
	t.idle[key] = l[:len(l)-1]
	t.mu.Unlock()
	c.idleTimer.Stop()
	return c
}

// putIdle keeps c for the next request to its host, or closes it when the
// pool for the host is full.
func (t *Transport) putIdle(c *conn) {
	t.mu.Lock()
	if len(t.idle[c.key]) >= orDefault(t.MaxIdleConnsPerHost, DefaultMaxIdleConnsPerHost) {
		t.mu.Unlock()
		c.close()
		return
	}
	if t.idle == nil {
		t.idle = make(map[connKey][]*conn)
	}
	t.idle[c.key] = append(t.idle[c.key], c)
	t.mu.Unlock()
	c.idleTimer.Reset(orDefault(t.IdleConnTimeout, DefaultIdleConnTimeout))
}

// expire closes c if it is still idle: its idle timeout has passed.
func (t *Transport) expire(c *conn) {
	t.mu.Lock()
	l := t.idle[c.key]
	for i, x := range l {
		if x == c {
			copy(l[i:], l[i+1:])
			l[len(l)-1] = nil
			t.idle[c.key] = l[:len(l)-1]
			t.mu.Unlock()
			c.close()
			return
		}
	}
	t.mu.Unlock()
}

// CloseIdleConnections closes the connections that no request holds, and
// those that the Proxied transport keeps. A connection that a request
// holds is kept until its body is done.
func (t *Transport) CloseIdleConnections() {
	t.mu.Lock()
	idle, proxied := t.idle, t.proxied
	t.idle = nil
	t.mu.Unlock()
	for _, l := range idle {
		for _, c := range l {
			c.close()
		}
	}
	if t.Proxied != nil {
		proxied = t.Proxied // the default one is never made then
	}
	if ci, ok := proxied.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// proxiedTransport returns Proxied, or the clone of net/http's default
// transport made on first use.
func (t *Transport) proxiedTransport() http.RoundTripper {
	if t.Proxied != nil {
		return t.Proxied
	}
	t.proxiedOnce.Do(func() {
		h := http.DefaultTransport.(*http.Transport).Clone()
		h.Proxy = t.Proxy
		if h.Proxy == nil {
			h.Proxy = http.ProxyFromEnvironment
		}
		h.DialContext = sysconn.DialContext(t.newDialer())
		h.TLSClientConfig = t.TLSClientConfig.Clone()
		h.TLSHandshakeTimeout = orDefault(t.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout)
		h.ResponseHeaderTimeout = orDefault(t.ResponseHeaderTimeout, DefaultResponseHeaderTimeout)
		h.MaxResponseHeaderBytes = orDefault(t.MaxResponseHeaderBytes, DefaultMaxResponseHeaderBytes)
		t.mu.Lock() // for CloseIdleConnections
		t.proxied = h
		t.mu.Unlock()
	})
	return t.proxied
}

func orDefault[T time.Duration | int64 | int](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}
