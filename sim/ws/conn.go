package ws

import (
	"bytes"
	"context"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/bithumb-go/bithumb/sim/auth"
)

// frameKind tells the writer what a queued frame is.
type frameKind uint8

const (
	frameData       frameKind = iota // a snapshot or realtime message: faults apply
	frameError                       // the answer to a bad request
	frameErrorClose                  // the same, then close (Config.CloseOnError)
	frameStatus                      // {"status":"UP"} answering a text PING
)

type frame struct {
	data []byte
	kind frameKind
}

// conn is one client connection. Its handler goroutine reads; one writer
// goroutine sends everything queued on out, applies faults and runs the
// idle and status timers.
type conn struct {
	s        *Server
	ws       *websocket.Conn
	endpoint string
	private  bool
	v1       bool // /websocket/v1/private: v1 myOrder names
	key      auth.Key

	ctx    context.Context
	cancel context.CancelFunc

	out        chan frame
	inject     chan Fault
	writerDone chan struct{}

	lastActive atomic.Int64 // unix nanos of the last activity
	stalled    atomic.Bool
	overflowed atomic.Bool

	// subs is the subscription set; guarded by s.mu.
	subs *subSet
}

func newConn(s *Server, endpoint string, private bool, key auth.Key) *conn {
	c := &conn{
		s: s, endpoint: endpoint, private: private, v1: endpoint == PrivateV1Path, key: key,
		out: make(chan frame, s.cfg.QueueSize), inject: make(chan Fault, 4), writerDone: make(chan struct{}),
	}
	c.touch()
	return c
}

func (c *conn) touch() { c.lastActive.Store(time.Now().UnixNano()) }

// onPing is called for every ping frame: it is activity, and a stalled
// connection does not answer it.
func (c *conn) onPing(context.Context, []byte) bool {
	c.touch()
	return !c.stalled.Load()
}

// send queues a frame without blocking. A client that lets the queue fill
// up is disconnected.
func (c *conn) send(f frame) {
	select {
	case c.out <- f:
	default:
		if c.overflowed.CompareAndSwap(false, true) {
			c.s.stats.overflows.Add(1)
			c.s.log.Warn("sim ws: client too slow, closing", "endpoint", c.endpoint)
			c.cancel()
		}
	}
}

var (
	textPing = []byte("PING")
	textPong = []byte("PONG")
)

// serve is the connection's reader, run by its handler goroutine until
// the connection ends; then it tears the connection down.
func (c *conn) serve() {
	s := c.s
	defer s.wg.Done()
	defer func() {
		c.cancel()
		<-c.writerDone
		_ = c.ws.CloseNow()
		s.unregister(c)
	}()
	for {
		_, data, err := c.ws.Read(c.ctx)
		if err != nil {
			return
		}
		c.touch()
		if c.stalled.Load() {
			continue
		}
		msg := bytes.TrimSpace(data)
		switch {
		case bytes.Equal(msg, textPing):
			c.send(frame{data: statusUp, kind: frameStatus})
			continue
		case bytes.Equal(msg, textPong):
			continue
		}
		req, werr := parseRequest(msg, c.private)
		if werr == nil {
			werr = c.checkScopes(req)
		}
		if werr != nil {
			s.stats.badRequests.Add(1)
			kind := frameError
			if s.cfg.CloseOnError {
				kind = frameErrorClose
			}
			c.send(frame{data: werr.bytes(), kind: kind})
		} else {
			s.subscribe(c, req)
		}
		// Counted once handled: a test that sees the count knows that the
		// new subscription set is in place.
		s.stats.requests.Add(1)
	}
}

// checkScopes refuses private types the key may not read.
func (c *conn) checkScopes(req *request) *wsError {
	for _, it := range req.items {
		switch {
		case it.typ == typeMyOrder && !c.key.Allows(auth.ScopeOrderRead),
			it.typ == typeMyAsset && !c.key.Allows(auth.ScopeAccount):
			return errInvalidScope
		}
	}
	return nil
}

// writeLoop sends queued frames and runs the connection's timers.
func (c *conn) writeLoop() {
	s := c.s
	defer s.wg.Done()
	defer close(c.writerDone)
	idleTimeout := s.cfg.IdleTimeout.D()
	idle := time.NewTimer(idleTimeout)
	defer idle.Stop()
	var statusC, stallC <-chan time.Time
	var status *time.Ticker
	var stallTimer *time.Timer
	defer func() {
		if status != nil {
			status.Stop()
		}
		if stallTimer != nil {
			stallTimer.Stop()
		}
	}()
	startStall := func() {
		s.stats.stalls.Add(1)
		c.stalled.Store(true)
		if d := s.faults.stallFor().D(); d > 0 {
			if stallTimer == nil {
				stallTimer = time.NewTimer(d)
			} else {
				stallTimer.Reset(d)
			}
			stallC = stallTimer.C
		}
	}
	for {
		select {
		case <-c.ctx.Done():
			return
		case f := <-c.out:
			ok, stall := c.writeFrame(f)
			if !ok {
				return
			}
			if stall {
				startStall()
			}
			if f.kind == frameStatus && status == nil && !c.stalled.Load() {
				status = time.NewTicker(s.cfg.StatusInterval.D())
				statusC = status.C
			}
		case <-statusC:
			if !c.stalled.Load() && !c.write(statusUp, false) {
				return
			}
			if !c.stalled.Load() {
				s.stats.status.Add(1)
			}
		case f := <-c.inject:
			switch f {
			case FaultDrop:
				s.stats.drops.Add(1)
				c.drop()
				return
			case FaultStall:
				startStall()
			case FaultMalformed:
				if !c.stalled.Load() {
					s.stats.malformed.Add(1)
					if !c.write(malformed(nil), true) {
						return
					}
				}
			case FaultError:
				if !c.stalled.Load() && !c.writeFaultError() {
					return
				}
			}
		case <-stallC:
			stallC = nil
			c.stalled.Store(false)
			c.touch()
		case <-idle.C:
			if c.stalled.Load() {
				idle.Reset(idleTimeout)
				continue
			}
			rest := idleTimeout - time.Duration(time.Now().UnixNano()-c.lastActive.Load())
			if rest > 0 {
				idle.Reset(rest)
				continue
			}
			s.stats.idleClosed.Add(1)
			s.log.Debug("sim ws: idle timeout", "endpoint", c.endpoint)
			_ = c.ws.Close(websocket.StatusNormalClosure, "idle timeout")
			c.cancel()
			return
		}
	}
}

// writeFrame sends one queued frame, applying faults to data frames. ok
// is false when the connection is finished; stall asks to start a stall.
func (c *conn) writeFrame(f frame) (ok, stall bool) {
	s := c.s
	if c.stalled.Load() {
		return true, false // a stalled server sends nothing
	}
	switch f.kind {
	case frameStatus:
		if !c.write(f.data, false) {
			return false, false
		}
		s.stats.status.Add(1)
		return true, false
	case frameError:
		s.stats.errors.Add(1)
		c.touch()
		return c.write(f.data, false), false
	case frameErrorClose:
		s.stats.errors.Add(1)
		if c.write(f.data, false) {
			_ = c.ws.Close(websocket.StatusPolicyViolation, "bad request")
		}
		c.cancel()
		return false, false
	}
	switch s.faults.decide(c.endpoint) {
	case FaultDrop:
		s.stats.drops.Add(1)
		c.drop()
		return false, false
	case FaultStall:
		return true, true
	case FaultMalformed:
		s.stats.malformed.Add(1)
		return c.write(malformed(f.data), true), false
	case FaultError:
		if !c.writeFaultError() {
			return false, false
		}
	}
	s.stats.messages.Add(1)
	c.touch()
	return c.write(f.data, false), false
}

func (c *conn) writeFaultError() bool {
	c.s.stats.faultErrors.Add(1)
	c.s.stats.errors.Add(1)
	name, msg := c.s.faults.errorMessage()
	return c.write(errorMessage(name, msg), false)
}

// drop closes the TCP connection without a close frame.
func (c *conn) drop() {
	c.s.log.Debug("sim ws: dropping the connection (fault)", "endpoint", c.endpoint)
	_ = c.ws.CloseNow()
	c.cancel()
}

// write sends one message in the configured frame type.
func (c *conn) write(data []byte, deliberate bool) bool {
	typ := websocket.MessageBinary
	if c.s.cfg.TextFrames {
		typ = websocket.MessageText
	}
	if c.s.trace != nil {
		c.s.trace(c.endpoint, data, deliberate)
	}
	if err := c.ws.Write(c.ctx, typ, data); err != nil {
		c.cancel()
		return false
	}
	return true
}

// malformed returns a truncated copy of msg (a fixed fragment when msg is
// nil): valid JSON up to the middle of the message, then `,"`.
func malformed(msg []byte) []byte {
	if len(msg) == 0 {
		msg = []byte(`{"type":"ticker","code":"KRW-BTC","trade_price":150000000,"stream_type":"REALTIME"}`)
	}
	cut := max(len(msg)/2, 1)
	return append(append([]byte(nil), msg[:cut]...), ',', '"')
}
