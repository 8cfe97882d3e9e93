package directhttp_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bithumb-go/bithumb/directhttp"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// wait bounds every wait for an event in these tests: far longer than any
// event takes, so that it never decides a test on a loaded machine.
const wait = 10 * time.Second

// testServer is an httptest server that counts its connections, the
// closes of those connections and the requests to each path, with a
// Transport that trusts it.
type testServer struct {
	*httptest.Server
	tr     *directhttp.Transport
	conns  atomic.Int32
	closed chan struct{} // one value per connection the server saw close

	mu   sync.Mutex
	hits map[string]int
}

func newTestServer(t *testing.T, tlsOn bool, h http.HandlerFunc, opts ...func(*httptest.Server)) *testServer {
	t.Helper()
	s := &testServer{closed: make(chan struct{}, 1024), hits: map[string]int{}}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		h(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			s.conns.Add(1)
		case http.StateClosed, http.StateHijacked:
			s.closed <- struct{}{}
		}
	}
	for _, o := range opts {
		o(srv)
	}
	if tlsOn {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	s.Server = srv
	s.tr = &directhttp.Transport{}
	if tlsOn {
		s.tr.TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
	}
	t.Cleanup(func() {
		s.tr.CloseIdleConnections()
		srv.Close()
	})
	return s
}

// hitsOf returns how many requests to path the server received.
func (s *testServer) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// waitClosed waits until the server saw n more connections close.
func (s *testServer) waitClosed(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(wait)
	for i := range n {
		select {
		case <-s.closed:
		case <-timeout:
			t.Fatalf("the server saw %d of %d connections close", i, n)
		}
	}
}

// noneClosed fails the test if the server saw a connection close.
func (s *testServer) noneClosed(t *testing.T) {
	t.Helper()
	select {
	case <-s.closed:
		t.Fatal("the server saw a connection close")
	default:
	}
}

func newReq(t *testing.T, ctx context.Context, method, url, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// call makes a round trip and reads the whole answer.
func call(t *testing.T, rt http.RoundTripper, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", req.Method, req.URL, err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Fatalf("closing the body: %v", err)
	}
	return resp, string(b)
}

// trackedBody is a request body that records that it was closed.
type trackedBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *trackedBody) Close() error { b.closed.Store(true); return nil }

// rawServer is a TCP server on loopback whose connections serve runs.
type rawServer struct {
	ln      net.Listener
	accepts atomic.Int32
	wg      sync.WaitGroup
}

func newRawServer(t *testing.T, serve func(c net.Conn)) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return startRaw(t, ln, serve)
}

func startRaw(t *testing.T, ln net.Listener, serve func(c net.Conn)) *rawServer {
	s := &rawServer{ln: ln}
	var conns sync.Map
	s.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.accepts.Add(1)
			conns.Store(c, true)
			s.wg.Go(func() {
				defer c.Close()
				serve(c)
			})
		}
	})
	t.Cleanup(func() {
		ln.Close()
		conns.Range(func(k, _ any) bool { k.(net.Conn).Close(); return true })
		s.wg.Wait()
	})
	return s
}

func (s *rawServer) url() string { return "http://" + s.ln.Addr().String() }

// readRequest reads one request and its body from br.
func readRequest(br *bufio.Reader) (*http.Request, error) {
	req, err := http.ReadRequest(br)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(io.Discard, req.Body)
	return req, err
}

// faultDialer dials loopback and wraps each connection in a faultConn.
type faultDialer struct {
	dials atomic.Int32
	// onNew, when set, configures each new connection.
	onNew func(*faultConn)

	mu    sync.Mutex
	conns []*faultConn
}

func (d *faultDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d.dials.Add(1)
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	fc := &faultConn{Conn: c}
	if d.onNew != nil {
		d.onNew(fc)
	}
	d.mu.Lock()
	d.conns = append(d.conns, fc)
	d.mu.Unlock()
	return fc, nil
}

func (d *faultDialer) conn(i int) *faultConn {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.conns[i]
}

// faultConn is a connection whose writes and reads can be made to fail.
// It hides the socket, so the Transport cannot peek at it before reuse:
// the faults stand for a server's close that it did not see in time.
type faultConn struct {
	net.Conn
	mu sync.Mutex
	// writeFault, when set, replaces the next Write.
	writeFault func(c net.Conn, p []byte) (int, error)
	// readFault, when set, replaces the next Read.
	readFault func() (int, error)
	// reading, when set, receives a value as each Read starts.
	reading chan struct{}
	closed  atomic.Bool
	// bytesRead counts what the Transport read.
	bytesRead atomic.Int64
}

func (c *faultConn) setWriteFault(f func(c net.Conn, p []byte) (int, error)) {
	c.mu.Lock()
	c.writeFault = f
	c.mu.Unlock()
}

func (c *faultConn) setReadFault(f func() (int, error)) {
	c.mu.Lock()
	c.readFault = f
	c.mu.Unlock()
}

func (c *faultConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	f := c.writeFault
	c.writeFault = nil
	c.mu.Unlock()
	if f != nil {
		return f(c.Conn, p)
	}
	return c.Conn.Write(p)
}

func (c *faultConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	f, ch := c.readFault, c.reading
	c.readFault = nil
	c.mu.Unlock()
	if ch != nil {
		ch <- struct{}{}
	}
	if f != nil {
		return f()
	}
	n, err := c.Conn.Read(p)
	c.bytesRead.Add(int64(n))
	return n, err
}

func (c *faultConn) Close() error {
	c.closed.Store(true)
	return c.Conn.Close()
}

// failNone is a Write that fails with no byte written: the server had
// closed the connection.
func failNone(net.Conn, []byte) (int, error) {
	return 0, &net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE}
}

// failAfter returns a Write that writes n bytes, then fails.
func failAfter(n int) func(c net.Conn, p []byte) (int, error) {
	return func(c net.Conn, p []byte) (int, error) {
		if n > len(p) {
			n = len(p)
		}
		w, _ := c.Write(p[:n])
		return w, &net.OpError{Op: "write", Net: "tcp", Err: syscall.ECONNRESET}
	}
}

// failRead is a Read that fails with a reset.
func failRead() (int, error) {
	return 0, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
}

// waitFor waits for a value on ch, failing the test after wait.
func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(wait):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// newTransport returns a Transport whose idle connections are closed at
// the test's end.
func newTransport(t *testing.T) *directhttp.Transport {
	tr := &directhttp.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// drain reads and closes the body of a round trip's answer, for calls off
// the test's goroutine.
func drain(resp *http.Response, err error) (string, error) {
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }
