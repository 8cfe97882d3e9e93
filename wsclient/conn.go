package wsclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/bithumb-go/bithumb/middleware"
)

// connState is the liveness bookkeeping of one connection, shared by its
// reader, its pinger and the supervisor's watchdog.
type connState struct {
	lastFrame atomic.Int64 // unix nanos of the last frame of any kind (pongs included)
	lastData  atomic.Int64 // unix nanos of the last data message
	blocked   atomic.Bool  // the reader waits for a consumer (Block policy)
}

func newConnState() *connState {
	st := &connState{}
	now := time.Now().UnixNano()
	st.lastFrame.Store(now)
	st.lastData.Store(now)
	return st
}

// check is the watchdog: it returns ErrNoPong or ErrStalled when the
// connection must be replaced. Time spent waiting for a consumer does not
// count: the connection was not read then.
func (st *connState) check(now time.Time, set *settings) error {
	n := now.UnixNano()
	if st.blocked.Load() {
		st.lastFrame.Store(n)
		st.lastData.Store(n)
		return nil
	}
	if set.PingInterval > 0 && time.Duration(n-st.lastFrame.Load()) > set.PingInterval+set.PongTimeout {
		return ErrNoPong
	}
	if set.stall > 0 && time.Duration(n-st.lastData.Load()) > set.stall {
		return ErrStalled
	}
	return nil
}

// watchInterval is how often the watchdog looks: a quarter of the shortest
// deadline, between 5ms and 1s.
func (set *settings) watchInterval() time.Duration {
	d := time.Duration(0)
	if set.PingInterval > 0 {
		d = set.PingInterval + set.PongTimeout
	}
	if set.stall > 0 && (d == 0 || set.stall < d) {
		d = set.stall
	}
	if d == 0 {
		return 0
	}
	return min(max(d/4, 5*time.Millisecond), time.Second)
}

// dial performs one rate-limited handshake. Private clients send a fresh
// token on every dial.
func (c *Client) dial(ctx context.Context, st *connState) (*websocket.Conn, error) {
	if err := c.set.DialLimiter.Wait(ctx); err != nil {
		return nil, fmt.Errorf("wsclient: waiting for the dial limiter: %w", err)
	}
	c.stats.dials.Add(1)
	hdr := c.set.Header.Clone()
	if hdr == nil {
		hdr = make(http.Header)
	}
	if c.set.Signer != nil {
		tok, err := c.set.Signer.Token("")
		if err != nil {
			return nil, fmt.Errorf("wsclient: signing the handshake: %w", err)
		}
		hdr.Set("Authorization", "Bearer "+tok)
	}
	dctx, cancel := context.WithTimeout(ctx, c.set.DialTimeout)
	defer cancel()
	conn, resp, err := websocket.Dial(dctx, c.set.URL, &websocket.DialOptions{
		HTTPClient: c.set.HTTPClient,
		HTTPHeader: hdr,
		OnPongReceived: func(context.Context, []byte) {
			st.lastFrame.Store(time.Now().UnixNano())
		},
	})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols && resp.StatusCode != 0 {
			he := &HandshakeError{
				StatusCode: resp.StatusCode,
				RetryAfter: middleware.ParseRetryAfter(resp.Header, time.Now()),
				Err:        err,
			}
			if resp.Body != nil {
				b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
				he.Body = strings.TrimSpace(string(b))
			}
			return nil, he
		}
		return nil, fmt.Errorf("wsclient: dial: %w", err)
	}
	conn.SetReadLimit(c.set.ReadLimit)
	c.set.Logger.Info("wsclient: connected", "url", c.set.URL)
	return conn, nil
}

// sessionResult is how a connection ended.
type sessionResult struct {
	err        error // why the connection was lost
	idle       bool  // no subscriptions left: closed on purpose
	closing    bool  // the client is closing
	subscribed bool  // the first subscription request went out
}

var errNothingToSubscribe = errors.New("wsclient: nothing to subscribe")

// serve runs one connection until it ends. It sends the subscription set,
// delivers Reconnected for pending (before any data of the new connection
// can be read), then starts the reader and the pinger and watches them.
func (c *Client) serve(conn *websocket.Conn, st *connState, pending *gap) (res sessionResult) {
	sctx, cancel := context.WithCancel(c.ctx)
	var wg sync.WaitGroup
	graceful := false
	defer func() {
		if graceful {
			_ = conn.Close(websocket.StatusNormalClosure, "")
		} else {
			_ = conn.CloseNow()
		}
		cancel()
		wg.Wait()
	}()

	// Changes made until now are in the request below.
	select {
	case <-c.kick:
	default:
	}
	if err := c.sendUnion(sctx, conn); err != nil {
		if errors.Is(err, errNothingToSubscribe) {
			res.idle, graceful = true, true
			return res
		}
		if c.ctx.Err() != nil {
			res.closing = true
			return res
		}
		res.err = err
		return res
	}
	res.subscribed = true
	if pending != nil {
		ev := &Reconnected{
			DisconnectedAt: pending.at,
			ReconnectedAt:  time.Now(),
			Attempts:       pending.attempts,
			Cause:          pending.cause,
		}
		for _, s := range pending.subs {
			s.q.pushNotice(ev)
		}
		c.stats.reconnects.Add(1)
		c.set.Logger.Info("wsclient: reconnected", "url", c.set.URL, "gap", ev.Gap(), "attempts", ev.Attempts)
	}
	now := time.Now().UnixNano()
	st.lastFrame.Store(now)
	st.lastData.Store(now)

	readDone := make(chan error, 1)
	wg.Add(2)
	go func() {
		defer wg.Done()
		readDone <- c.readLoop(sctx, conn, st)
	}()
	go func() {
		defer wg.Done()
		c.pingLoop(sctx, conn, st)
	}()

	var tick <-chan time.Time
	if d := c.set.watchInterval(); d > 0 {
		t := time.NewTicker(d)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-c.ctx.Done():
			res.closing = true
			return res
		case err := <-readDone:
			if c.ctx.Err() != nil {
				res.closing = true
				return res
			}
			res.err = fmt.Errorf("wsclient: connection lost: %w", err)
			return res
		case <-c.kick:
			if !c.unsent() {
				// The last request already carried the change: a kick
				// that came after serve began can be for it.
				continue
			}
			if err := c.sendUnion(sctx, conn); err != nil {
				if errors.Is(err, errNothingToSubscribe) {
					c.set.Logger.Info("wsclient: no subscriptions left, disconnecting", "url", c.set.URL)
					res.idle, graceful = true, true
					return res
				}
				res.err = err
				return res
			}
		case now := <-tick:
			if err := st.check(now, &c.set); err != nil {
				if errors.Is(err, ErrStalled) {
					c.stats.stalls.Add(1)
				} else {
					c.stats.noPongs.Add(1)
				}
				res.err = err
				return res
			}
		}
	}
}

// unsent reports whether the subscription set changed since the last
// request was written.
func (c *Client) unsent() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen != c.sentGen
}

// sendUnion writes the request for the current subscription set.
func (c *Client) sendUnion(ctx context.Context, conn *websocket.Conn) error {
	c.mu.Lock()
	gen := c.gen
	subs := slices.Clone(c.subs)
	c.mu.Unlock()
	streams := make([]Stream, len(subs))
	for i, s := range subs {
		streams[i] = s.stream
	}
	req := buildRequest(c.set.Ticket, c.set.Format, streams)
	if req == nil {
		return errNothingToSubscribe
	}
	b, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("wsclient: encoding the subscription request: %w", err)
	}
	wctx, cancel := context.WithTimeout(ctx, c.set.WriteTimeout)
	err = conn.Write(wctx, websocket.MessageText, b)
	cancel()
	if err != nil {
		return fmt.Errorf("wsclient: sending the subscription request: %w", err)
	}
	c.set.Logger.Debug("wsclient: subscription request sent", "request", string(b))
	c.mu.Lock()
	if gen > c.sentGen {
		c.sentGen = gen
	}
	for _, s := range subs {
		s.sent = true
	}
	c.notifyLocked()
	c.mu.Unlock()
	return nil
}

// maxKeptBuffer is the largest read buffer kept between messages.
const maxKeptBuffer = 256 << 10

// readLoop is the connection's only reader. It never sets a per-read
// timeout (coder/websocket closes the connection when a read's context
// expires); the watchdog closes a dead connection instead, which ends the
// read.
func (c *Client) readLoop(ctx context.Context, conn *websocket.Conn, st *connState) error {
	dec := newDecoder(c.set.v1Orders)
	var buf bytes.Buffer
	for {
		_, r, err := conn.Reader(ctx)
		if err != nil {
			return err
		}
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			return err
		}
		st.lastFrame.Store(time.Now().UnixNano())
		c.dispatch(ctx, conn, st, dec, buf.Bytes())
		if buf.Cap() > maxKeptBuffer {
			buf = bytes.Buffer{} // do not pin the memory of one huge message
		}
	}
}

// dispatch decodes one message and delivers it. Text and binary frames are
// handled alike.
func (c *Client) dispatch(ctx context.Context, conn *websocket.Conn, st *connState, dec *decoder, msg []byte) {
	ev, kind, err := dec.decode(msg)
	if err != nil {
		c.stats.decodeErrors.Add(1)
		c.set.Logger.Warn("wsclient: skipping an undecodable message", "err", err, "message", c.loggable(msg))
		return
	}
	switch kind {
	case kindStatus:
		c.stats.status.Add(1)
	case kindPing:
		wctx, cancel := context.WithTimeout(ctx, c.set.WriteTimeout)
		_ = conn.Write(wctx, websocket.MessageText, []byte("PONG"))
		cancel()
	case kindUnknown:
		c.stats.unknown.Add(1)
		c.set.Logger.Debug("wsclient: skipping a message of unknown type", "message", c.loggable(msg))
	case kindError:
		c.stats.serverErrors.Add(1)
		c.set.Logger.Warn("wsclient: server error", "err", ev)
		for _, s := range c.routes.Load().all {
			s.q.pushNotice(ev)
		}
	case kindData:
		c.stats.messages.Add(1)
		st.lastData.Store(time.Now().UnixNano())
		t, market, key := eventRoute(ev)
		r := c.routes.Load()
		m := &message{ev: ev, bytes: msg}
		n := 0
		if byCode := r.byCode[t]; byCode != nil {
			for _, s := range byCode[market] {
				n += c.deliver(ctx, s, st, m, market, key)
			}
		}
		for _, s := range r.any[t] {
			n += c.deliver(ctx, s, st, m, market, key)
		}
		if n == 0 {
			c.stats.unrouted.Add(1)
		}
	}
}

// message is one decoded data message on its way to the subscriptions.
type message struct {
	ev    Event
	bytes []byte // the read buffer: valid during dispatch only
	copy  []byte // bytes copied once, for the WithRaw subscriptions
}

// raw wraps ev, one subscription's view of the message, with the
// message's bytes.
func (m *message) raw(ev Event) *Raw {
	if m.copy == nil {
		m.copy = append([]byte(nil), m.bytes...)
	}
	return &Raw{Event: ev, Message: m.copy}
}

// deliver hands the message to one subscription; it returns 1 if the
// subscription took it.
func (c *Client) deliver(ctx context.Context, s *Subscription, st *connState, m *message, market, key string) int {
	ev, ok := s.accepts(m.ev, market)
	if !ok {
		return 0
	}
	if s.raw {
		ev = m.raw(ev)
	}
	if s.q.policy != Block {
		s.q.push(ev, key, nil)
		return 1
	}
	st.blocked.Store(true)
	s.q.push(ev, key, ctx.Done())
	now := time.Now().UnixNano()
	st.lastFrame.Store(now)
	st.lastData.Store(now)
	st.blocked.Store(false)
	return 1
}

// pingLoop sends a ping frame and the text "PING" every PingInterval. The
// watchdog, not the pinger, decides that a connection is dead: a pong (or
// any other frame) refreshes lastFrame.
func (c *Client) pingLoop(ctx context.Context, conn *websocket.Conn, st *connState) {
	if c.set.PingInterval <= 0 {
		return
	}
	t := time.NewTicker(c.set.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if st.blocked.Load() {
			continue
		}
		if !c.set.DisableTextPing {
			wctx, cancel := context.WithTimeout(ctx, c.set.WriteTimeout)
			err := conn.Write(wctx, websocket.MessageText, textPing)
			cancel()
			if err != nil {
				return
			}
		}
		// Ping waits for the pong, read by readLoop; without a pong it
		// waits until the session ends.
		if err := conn.Ping(ctx); err != nil {
			return
		}
	}
}

// loggable returns the start of a message for a log line. Private
// messages (orders, balances) are never logged, only their size.
func (c *Client) loggable(b []byte) string {
	if c.set.private {
		return fmt.Sprintf("(%d bytes, private)", len(b))
	}
	if len(b) > 256 {
		return string(b[:256]) + "…"
	}
	return string(b)
}
