package directhttp

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// conn is one connection of a Transport. A request holds it from its
// write until its response body is done; in between it sits in the pool.
type conn struct {
	t    *Transport
	key  connKey
	nc   net.Conn // what requests are written to: raw, or TLS over raw
	raw  net.Conn // the TCP connection, checked before reuse
	peek peeker   // on raw
	br   *bufio.Reader
	bw   *bufio.Writer

	idleTimer *time.Timer // closes the connection after IdleConnTimeout idle

	// Of the current request: whether the connection came from the pool,
	// and the bytes written to it so far.
	reused  bool
	written int64
	// headerLeft caps the bytes read while the response header is read;
	// -1 lifts the cap.
	headerLeft int64

	// dl guards the deadlines: once interrupted (the request's context
	// ended), nothing may lift the deadline that interrupt set.
	dl          sync.Mutex
	interrupted bool
}

// unsent reports whether the failed request of c left not a byte on a
// reused connection (see Transport.RoundTrip): every request that got as
// far as reading an answer had been written.
func (c *conn) unsent() bool { return c.reused && c.written == 0 }

// longAgo is a deadline in the past: setting it fails every pending and
// future read and write at once.
var longAgo = time.Unix(1, 0)

func newConn(t *Transport, key connKey, nc, raw net.Conn) *conn {
	c := &conn{t: t, key: key, nc: nc, raw: raw, headerLeft: -1}
	c.peek.init(raw)
	c.br = bufio.NewReaderSize(meter{c}, 4096)
	c.bw = bufio.NewWriterSize(meter{c}, 4096)
	c.idleTimer = time.AfterFunc(time.Hour, func() { t.expire(c) })
	c.idleTimer.Stop()
	return c
}

// meter counts the bytes written to the connection and applies the
// header cap to its reads.
type meter struct{ c *conn }

func (m meter) Write(p []byte) (int, error) {
	n, err := m.c.nc.Write(p)
	m.c.written += int64(n)
	return n, err
}

func (m meter) Read(p []byte) (int, error) {
	c := m.c
	if c.headerLeft == 0 {
		return 0, errHeaderTooLarge
	}
	if c.headerLeft > 0 && int64(len(p)) > c.headerLeft {
		p = p[:c.headerLeft]
	}
	n, err := c.nc.Read(p)
	if c.headerLeft > 0 {
		c.headerLeft -= int64(n)
	}
	return n, err
}

var errHeaderTooLarge = errors.New("directhttp: response header exceeds MaxResponseHeaderBytes")

// errHeaderTimeout is returned when the response header did not arrive
// within ResponseHeaderTimeout.
var errHeaderTimeout error = &timeoutError{"directhttp: timeout awaiting response headers"}

// errHandshakeTimeout is returned when the TLS handshake did not end
// within TLSHandshakeTimeout.
var errHandshakeTimeout error = &timeoutError{"directhttp: TLS handshake timeout"}

type timeoutError struct{ msg string }

func (e *timeoutError) Error() string   { return e.msg }
func (e *timeoutError) Timeout() bool   { return true }
func (e *timeoutError) Temporary() bool { return true }

var _ net.Error = (*timeoutError)(nil)

// roundTrip writes req and reads its response's header. On success the
// response's body holds the connection; on failure the connection is
// closed.
func (c *conn) roundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	c.written = 0
	var stop func() bool
	if ctx.Done() != nil {
		stop = context.AfterFunc(ctx, c.interrupt)
		// A context that has already ended runs interrupt on a goroutine
		// of its own, which may come only after the request was written:
		// such a request must not start.
		if err := ctx.Err(); err != nil {
			closeBody(req)
			return nil, c.fail(ctx, stop, err)
		}
	}
	handled, err := writeRequest(c.bw, req) // closes req.Body
	if !handled {
		err = req.Write(c.bw)
	}
	if err == nil {
		err = c.bw.Flush()
	}
	if err != nil {
		return nil, c.fail(ctx, stop, err)
	}
	c.setReadDeadline(time.Now().Add(orDefault(c.t.ResponseHeaderTimeout, DefaultResponseHeaderTimeout)))
	c.headerLeft = orDefault(c.t.MaxResponseHeaderBytes, DefaultMaxResponseHeaderBytes)
	resp, err := c.readResponse(req)
	c.headerLeft = -1
	if err != nil {
		if isTimeout(err) && ctx.Err() == nil {
			err = errHeaderTimeout
		}
		return nil, c.fail(ctx, stop, err)
	}
	c.setReadDeadline(time.Time{})
	b := &body{c: c, rc: resp.Body, ctx: ctx, stop: stop, keep: !resp.Close && !req.Close}
	if resp.Body == http.NoBody {
		b.end(true)
		return resp, nil
	}
	resp.Body = b
	return resp, nil
}

// readResponse reads the response to req, past any informational (1xx)
// responses.
func (c *conn) readResponse(req *http.Request) (*http.Response, error) {
	for range 8 {
		resp, err := readResponse(c.br, req)
		if err != nil {
			return nil, err
		}
		switch {
		case resp.StatusCode == http.StatusSwitchingProtocols:
			return nil, errors.New("directhttp: the server switched protocols (101), which this transport does not support")
		case resp.StatusCode >= 100 && resp.StatusCode < 200:
			continue
		}
		return resp, nil
	}
	return nil, errors.New("directhttp: too many informational (1xx) responses")
}

// fail closes the connection after err and returns the error to report:
// the context's when it ended.
func (c *conn) fail(ctx context.Context, stop func() bool, err error) error {
	if stop != nil {
		stop()
	}
	c.close()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return err
}

// interrupt fails the connection's pending reads and writes: the request's
// context ended.
func (c *conn) interrupt() {
	c.dl.Lock()
	c.interrupted = true
	c.nc.SetDeadline(longAgo)
	c.dl.Unlock()
}

// setReadDeadline sets the read deadline unless the request was
// interrupted.
func (c *conn) setReadDeadline(t time.Time) {
	c.dl.Lock()
	if !c.interrupted {
		c.nc.SetReadDeadline(t)
	}
	c.dl.Unlock()
}

// holdsStrayBytes reports whether an idle TLS connection holds bytes that
// no request asked for where peerGone cannot see them: in records the TLS
// layer already took from the socket (a server's stray bytes in the same
// record as its last answer). A read with a deadline in the past returns
// what the TLS layer holds and fails at once without touching the socket;
// the TLS layer survives the timeout. (A body gives its connection to the
// pool only with nothing left in the reader's buffer.)
func (c *conn) holdsStrayBytes() bool {
	if c.nc == c.raw {
		return false
	}
	c.nc.SetReadDeadline(longAgo)
	_, err := c.br.Peek(1)
	c.nc.SetReadDeadline(time.Time{})
	return !isTimeout(err)
}

func (c *conn) close() {
	c.idleTimer.Stop()
	c.nc.Close()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// body is a response body that gives its connection back to the pool when
// it is read to the end, and closes it when closed before.
type body struct {
	c    *conn
	rc   io.ReadCloser
	ctx  context.Context
	stop func() bool // ends the request's cancellation
	keep bool        // neither side asked to close the connection

	mu     sync.Mutex
	done   bool  // the connection was released
	closed bool  // Close was called
	err    error // what the body's last read ended with: io.EOF at its end
}

var errBodyClosed = errors.New("directhttp: read on closed response body")

// Read reads the body. Its errors are the context's when the request's
// context ended. Once the body ended, Read returns the same end again
// (io.EOF after a complete body), as net/http's bodies do, and an error
// once the body is closed.
func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	closed, end := b.closed, b.err
	b.mu.Unlock()
	switch {
	case closed:
		return 0, errBodyClosed
	case end != nil:
		return 0, end
	}
	n, err := b.rc.Read(p)
	switch {
	case err == io.EOF:
		b.setErr(err)
		b.end(true)
	case err != nil:
		b.end(false)
		if ctxErr := b.ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		b.setErr(err)
	}
	return n, err
}

func (b *body) setErr(err error) {
	b.mu.Lock()
	b.err = err
	b.mu.Unlock()
}

// Close ends the body; a body not read to its end takes its connection
// with it.
func (b *body) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.end(false)
	return nil
}

// end releases the connection once: to the pool after a complete body
// (complete) that both sides let keep the connection, closed otherwise.
func (b *body) end(complete bool) {
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return
	}
	b.done = true
	b.mu.Unlock()
	c := b.c
	interrupted := b.stop != nil && !b.stop()
	if complete && b.keep && !interrupted && c.br.Buffered() == 0 {
		c.t.putIdle(c)
		return
	}
	c.close()
}
