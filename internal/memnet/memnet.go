// Package memnet is an in-memory network for tests: a net.Listener whose
// connections are buffered in-memory pipes, and an HTTP server on it with
// a client that dials it.
//
// Nothing here touches the operating system's network. A goroutine that
// waits on a memnet connection waits on a channel, so servers and clients
// on memnet can run inside a testing/synctest bubble, where a goroutine
// blocked on a real socket would keep the fake clock from advancing and
// synctest.Wait from returning.
//
// Unlike net.Pipe, a connection buffers what is written (up to
// BufferSize bytes per direction, like a socket buffer), so that a writer
// does not wait for the reader to come back.
package memnet

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// BufferSize is how many unread bytes one direction of a connection
// holds before Write waits for the reader.
const BufferSize = 1 << 20

// buffer is one direction of a connection.
type buffer struct {
	mu         sync.Mutex
	data       []byte
	writerGone bool          // the writing end closed: EOF once data is read
	readerGone bool          // the reading end closed: writes fail
	changed    chan struct{} // closed and replaced on every change
}

func newBuffer() *buffer { return &buffer{changed: make(chan struct{})} }

// notifyLocked wakes the goroutines waiting for a change. b.mu is held.
func (b *buffer) notifyLocked() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// Conn is one end of an in-memory connection. It implements net.Conn,
// deadlines included.
type Conn struct {
	rx, tx        *buffer
	local, remote net.Addr
	done          chan struct{} // closed by Close
	once          sync.Once
	rd, wd        *deadline
}

// Pipe returns the two ends of a new connection: what one writes, the
// other reads.
func Pipe(a, b net.Addr) (*Conn, *Conn) {
	ab, ba := newBuffer(), newBuffer()
	c1 := &Conn{rx: ba, tx: ab, local: a, remote: b, done: make(chan struct{}), rd: newDeadline(), wd: newDeadline()}
	c2 := &Conn{rx: ab, tx: ba, local: b, remote: a, done: make(chan struct{}), rd: newDeadline(), wd: newDeadline()}
	return c1, c2
}

// Read reads what the other end wrote. It returns io.EOF once the other
// end has closed and everything it wrote has been read.
func (c *Conn) Read(p []byte) (int, error) {
	for {
		select {
		case <-c.done:
			return 0, net.ErrClosed
		case <-c.rd.wait():
			return 0, os.ErrDeadlineExceeded
		default:
		}
		b := c.rx
		b.mu.Lock()
		if len(b.data) > 0 {
			n := copy(p, b.data)
			b.data = b.data[n:]
			if len(b.data) == 0 {
				b.data = nil
			}
			b.notifyLocked()
			b.mu.Unlock()
			return n, nil
		}
		if b.writerGone {
			b.mu.Unlock()
			return 0, io.EOF
		}
		if len(p) == 0 {
			b.mu.Unlock()
			return 0, nil
		}
		changed := b.changed
		b.mu.Unlock()
		select {
		case <-changed:
		case <-c.done:
			return 0, net.ErrClosed
		case <-c.rd.wait():
			return 0, os.ErrDeadlineExceeded
		}
	}
}

// Write writes p for the other end to read. It waits while the other
// end's unread data fills the buffer; it fails once the other end has
// closed.
func (c *Conn) Write(p []byte) (int, error) {
	n := 0
	for {
		select {
		case <-c.done:
			return n, net.ErrClosed
		case <-c.wd.wait():
			return n, os.ErrDeadlineExceeded
		default:
		}
		b := c.tx
		b.mu.Lock()
		if b.readerGone {
			b.mu.Unlock()
			return n, &net.OpError{Op: "write", Net: "memnet", Source: c.local, Addr: c.remote, Err: syscall.EPIPE}
		}
		if room := BufferSize - len(b.data); room > 0 {
			k := min(room, len(p))
			b.data = append(b.data, p[:k]...)
			p, n = p[k:], n+k
			b.notifyLocked()
			b.mu.Unlock()
			if len(p) == 0 {
				return n, nil
			}
			continue
		}
		changed := b.changed
		b.mu.Unlock()
		select {
		case <-changed:
		case <-c.done:
			return n, net.ErrClosed
		case <-c.wd.wait():
			return n, os.ErrDeadlineExceeded
		}
	}
}

// Close closes this end: its pending and later reads and writes fail,
// the other end reads what was written so far and then io.EOF, and its
// writes fail.
func (c *Conn) Close() error {
	err := net.ErrClosed
	c.once.Do(func() {
		err = nil
		close(c.done)
		c.tx.mu.Lock()
		c.tx.writerGone = true
		c.tx.notifyLocked()
		c.tx.mu.Unlock()
		c.rx.mu.Lock()
		c.rx.readerGone = true
		c.rx.data = nil
		c.rx.notifyLocked()
		c.rx.mu.Unlock()
		c.rd.stop()
		c.wd.stop()
	})
	return err
}

// LocalAddr returns this end's address.
func (c *Conn) LocalAddr() net.Addr { return c.local }

// RemoteAddr returns the other end's address.
func (c *Conn) RemoteAddr() net.Addr { return c.remote }

// SetDeadline sets the read and the write deadline.
func (c *Conn) SetDeadline(t time.Time) error {
	c.rd.set(t)
	c.wd.set(t)
	return nil
}

// SetReadDeadline sets the read deadline; a zero t removes it.
func (c *Conn) SetReadDeadline(t time.Time) error { c.rd.set(t); return nil }

// SetWriteDeadline sets the write deadline; a zero t removes it.
func (c *Conn) SetWriteDeadline(t time.Time) error { c.wd.set(t); return nil }

// deadline is a channel closed when the deadline passes (as in net.Pipe).
type deadline struct {
	mu     sync.Mutex
	timer  *time.Timer
	cancel chan struct{}
}

func newDeadline() *deadline { return &deadline{cancel: make(chan struct{})} }

// set arms the deadline for t; a zero t disarms it, a past t fires it.
func (d *deadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopLocked()
	closed := isClosed(d.cancel)
	if t.IsZero() {
		if closed {
			d.cancel = make(chan struct{})
		}
		return
	}
	if dur := time.Until(t); dur > 0 {
		if closed {
			d.cancel = make(chan struct{})
		}
		ch := d.cancel
		d.timer = time.AfterFunc(dur, func() { close(ch) })
		return
	}
	if !closed {
		close(d.cancel)
	}
}

// stop disarms the timer, leaving the channel as it is.
func (d *deadline) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopLocked()
}

// stopLocked stops the timer; if it already fired, it waits until its
// function has closed the channel.
func (d *deadline) stopLocked() {
	if d.timer != nil && !d.timer.Stop() {
		<-d.cancel
	}
	d.timer = nil
}

// wait returns the channel closed when the deadline passes.
func (d *deadline) wait() chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cancel
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// Listener is an in-memory net.Listener: Dial makes a connection that
// Accept returns. Create one with Listen.
type Listener struct {
	addr  *net.TCPAddr
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
	ports atomic.Int32
}

// Listen returns a listener that pretends to listen on 127.0.0.1:80;
// its connections come from 127.0.0.1 with ports counting up from
// 40000.
func Listen() *Listener {
	l := &Listener{addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80}, conns: make(chan net.Conn), done: make(chan struct{})}
	l.ports.Store(40000)
	return l
}

// Accept waits for the next connection.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops Accept and makes later dials fail.
func (l *Listener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// Addr returns the address the listener pretends to listen on.
func (l *Listener) Addr() net.Addr { return l.addr }

// errRefused is the error of a dial to a closed listener.
var errRefused = errors.New("memnet: connection refused")

// Dial connects to the listener, whatever network and address say, and
// returns the client's end once Accept has taken the server's.
func (l *Listener) Dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: int(l.ports.Add(1))}
	c, s := Pipe(client, l.addr)
	select {
	case l.conns <- s:
		return c, nil
	case <-l.done:
		return nil, &net.OpError{Op: "dial", Net: "memnet", Addr: l.addr, Err: errRefused}
	case <-ctx.Done():
		return nil, &net.OpError{Op: "dial", Net: "memnet", Addr: l.addr, Err: ctx.Err()}
	}
}

// Server is an HTTP server on a Listener, like httptest.Server. Create
// one with NewServer and close it with Close.
type Server struct {
	// URL is the base URL of the server, http://memnet.test: Client
	// reaches the server at any host.
	URL string
	// Listener is the server's listener.
	Listener *Listener

	srv       *http.Server
	transport *http.Transport
	served    chan struct{}
}

// NewServer starts serving h.
func NewServer(h http.Handler) *Server {
	l := Listen()
	s := &Server{
		URL:       "http://memnet.test",
		Listener:  l,
		srv:       &http.Server{Handler: h},
		transport: &http.Transport{DialContext: l.Dial},
		served:    make(chan struct{}),
	}
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(l)
	}()
	return s
}

// Client returns a client whose every request goes to the server.
func (s *Server) Client() *http.Client { return &http.Client{Transport: s.transport} }

// Transport returns the transport of Client.
func (s *Server) Transport() *http.Transport { return s.transport }

// Close stops the server: it closes the listener and every connection
// the HTTP server tracks (not hijacked ones, such as WebSockets), waits
// for Serve to return, and closes the client's idle connections.
func (s *Server) Close() {
	_ = s.srv.Close()
	<-s.served
	s.transport.CloseIdleConnections()
}
