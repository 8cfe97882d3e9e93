package wsclient

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// Client is one WebSocket connection to one Bithumb endpoint, shared by
// any number of subscriptions, that reconnects on its own.
//
// Create it with [New]; the zero value is not usable. The client connects
// when the first subscription is made and disconnects when the last one is
// closed. All methods are safe for concurrent use. Close the client to
// release its goroutines; a client is public or private for its whole life
// (see [Options].Signer), so use one client per endpoint.
type Client struct {
	set     settings
	backoff backoff

	ctx    context.Context // the client's lifetime
	cancel context.CancelFunc
	done   chan struct{} // closed when the supervisor has exited
	kick   chan struct{} // cap 1: the subscription set changed

	mu       sync.Mutex
	subs     []*Subscription
	nextID   uint64
	gen      uint64 // incremented on every change of subs
	sentGen  uint64 // the gen of the last request written
	dialFail uint64 // failed dials so far
	lastErr  error  // the last dial error, nil after a successful dial
	progress chan struct{}
	closed   bool

	routes    atomic.Pointer[routes]
	connected atomic.Bool
	stats     counters
	closeOnce sync.Once
}

type counters struct {
	dials, dialErrors, rateLimited, connects, reconnects atomic.Uint64
	stalls, noPongs                                      atomic.Uint64
	messages, status, unknown, decodeErrors              atomic.Uint64
	serverErrors, unrouted, dropped                      atomic.Uint64
}

// Stats are a client's counters since New. They only grow (except
// Subscriptions and Connected).
type Stats struct {
	// Dials counts handshake attempts; DialErrors the failed ones, of which
	// RateLimited were answered with HTTP 429.
	Dials, DialErrors, RateLimited uint64
	// Connects counts successful handshakes; Reconnects those that ended a
	// gap (each delivered a [Reconnected] event).
	Connects, Reconnects uint64
	// Stalls counts connections replaced for lack of data ([ErrStalled]);
	// NoPongs those replaced for lack of any frame ([ErrNoPong]).
	Stalls, NoPongs uint64
	// Messages counts decoded data messages; StatusMessages the
	// {"status":"UP"} keepalives; Unknown the messages of an unknown type
	// (skipped); DecodeErrors the malformed messages (skipped, logged);
	// ServerErrors the {"error":…} messages; Unrouted the data messages that
	// matched no subscription.
	Messages, StatusMessages, Unknown, DecodeErrors, ServerErrors, Unrouted uint64
	// Dropped counts events discarded by full subscription buffers.
	Dropped uint64
	// Subscriptions is the number of open subscriptions.
	Subscriptions int
	// Connected reports whether a connection is up.
	Connected bool
}

// New returns a client for the endpoint that opts describe. It validates
// opts (errors wrap [ErrInvalidOptions]) and starts the client's
// supervisor goroutine, which stays idle until the first Subscribe. No
// connection is made by New.
func New(opts Options) (*Client, error) {
	set, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		set: set,
		backoff: backoff{
			min: set.BackoffMin, max: set.BackoffMax, rateLimited: set.RateLimitBackoff,
		},
		ctx:      ctx,
		cancel:   cancel,
		done:     make(chan struct{}),
		kick:     make(chan struct{}, 1),
		progress: make(chan struct{}),
	}
	c.routes.Store(&routes{})
	go c.run()
	return c, nil
}

// newTicket returns a random UUID for the ticket field of subscriptions,
// or a time-based name if the system's random source fails.
func newTicket() string {
	if id, err := uuid.NewRandom(); err == nil {
		return id.String()
	}
	return fmt.Sprintf("bithumb-go-%d", time.Now().UnixNano())
}

// Private reports whether the client is private (has a Signer).
func (c *Client) Private() bool { return c.set.private }

// URL returns the endpoint.
func (c *Client) URL() string { return c.set.URL }

// Subscribe adds a subscription to stream and returns once the
// subscription request that includes it has been written to a connection
// (connecting first if needed). Because Bithumb replaces a connection's
// whole subscription set with every request, the request carries the union
// of all open subscriptions of the client.
//
// The stream is validated first; an invalid stream is rejected with an
// error wrapping [ErrInvalidSubscription] and nothing is sent. If ctx ends
// before the request is sent, the subscription is dropped and the error
// wraps ctx's error and the last connection error. A handshake rejected
// for good (HTTP 400, 401, 403, 404) fails Subscribe at once with a
// [*HandshakeError].
//
// Once Subscribe has returned, the subscription survives reconnects: the
// client sends it again on every new connection and delivers a
// [Reconnected] event.
func (c *Client) Subscribe(ctx context.Context, stream Stream, opts ...SubscribeOption) (*Subscription, error) {
	if err := stream.Validate(); err != nil {
		return nil, err
	}
	switch {
	case stream.Type.Private() && !c.set.private:
		return nil, fmt.Errorf("%w: %s is private: use a client with Options.Signer (private endpoint)", ErrInvalidSubscription, stream.Type)
	case !stream.Type.Private() && c.set.private:
		return nil, fmt.Errorf("%w: %s is public: use a client without Signer (public endpoint)", ErrInvalidSubscription, stream.Type)
	}
	so := subOptions{buffer: c.set.Buffer, overflow: c.set.Overflow}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&so); err != nil {
			return nil, err
		}
	}
	if so.conflate && stream.Type != TypeOrderbook && stream.Type != TypeTicker {
		return nil, fmt.Errorf("%w: WithConflation applies to orderbook and ticker streams, not %s", ErrInvalidSubscription, stream.Type)
	}
	norm, depth := stream.normalize()
	sub := &Subscription{
		c:      c,
		stream: norm,
		depth:  depth,
		level:  norm.Level,
		raw:    so.raw,
		q:      newQueue(so.buffer, so.overflow, so.conflate, &c.stats.dropped),
	}

	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	c.nextID++
	sub.id = c.nextID
	c.subs = append(c.subs, sub)
	c.changedLocked()
	want, fails := c.gen, c.dialFail
	c.mu.Unlock()
	c.poke()

	for {
		c.mu.Lock()
		switch {
		case c.sentGen >= want:
			c.mu.Unlock()
			return sub, nil
		case c.closed:
			c.mu.Unlock()
			sub.end(ErrClosed, false)
			return nil, ErrClosed
		case c.dialFail > fails && isPermanent(c.lastErr):
			err := c.lastErr
			c.mu.Unlock()
			sub.end(ErrSubscriptionClosed, true)
			return nil, fmt.Errorf("wsclient: subscribe %s: %w", stream, err)
		}
		wait := c.progress
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			c.mu.Lock()
			last := c.lastErr
			c.mu.Unlock()
			sub.end(ErrSubscriptionClosed, true)
			if last != nil {
				return nil, fmt.Errorf("wsclient: subscribe %s: %w (last connection error: %w)", stream, ctx.Err(), last)
			}
			return nil, fmt.Errorf("wsclient: subscribe %s: %w", stream, ctx.Err())
		}
	}
}

func isPermanent(err error) bool {
	var he *HandshakeError
	return errors.As(err, &he) && he.permanent()
}

// changedLocked records a change of the subscription set. c.mu is held.
func (c *Client) changedLocked() {
	c.gen++
	c.routes.Store(buildRoutes(slices.Clone(c.subs)))
}

// notifyLocked wakes the goroutines waiting in Subscribe. c.mu is held.
func (c *Client) notifyLocked() {
	close(c.progress)
	c.progress = make(chan struct{})
}

// poke tells the supervisor that the subscription set changed.
func (c *Client) poke() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// remove unregisters a closed subscription.
func (c *Client) remove(s *Subscription) {
	c.mu.Lock()
	i := slices.Index(c.subs, s)
	if i < 0 || c.closed {
		c.mu.Unlock()
		return
	}
	c.subs = slices.Delete(c.subs, i, i+1)
	c.changedLocked()
	c.mu.Unlock()
	c.poke()
}

// Close closes the connection and every subscription (their Next returns
// [ErrClosed], their Events channels close), and waits until every
// goroutine of the client has exited. It is idempotent and safe to call
// concurrently; it always returns nil.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		subs := c.subs
		c.subs = nil
		c.routes.Store(&routes{})
		c.notifyLocked()
		c.mu.Unlock()
		for _, s := range subs {
			s.end(ErrClosed, false)
		}
		c.cancel()
		<-c.done
	})
	return nil
}

// Stats returns the client's counters.
func (c *Client) Stats() Stats {
	c.mu.Lock()
	n := len(c.subs)
	c.mu.Unlock()
	return Stats{
		Dials:          c.stats.dials.Load(),
		DialErrors:     c.stats.dialErrors.Load(),
		RateLimited:    c.stats.rateLimited.Load(),
		Connects:       c.stats.connects.Load(),
		Reconnects:     c.stats.reconnects.Load(),
		Stalls:         c.stats.stalls.Load(),
		NoPongs:        c.stats.noPongs.Load(),
		Messages:       c.stats.messages.Load(),
		StatusMessages: c.stats.status.Load(),
		Unknown:        c.stats.unknown.Load(),
		DecodeErrors:   c.stats.decodeErrors.Load(),
		ServerErrors:   c.stats.serverErrors.Load(),
		Unrouted:       c.stats.unrouted.Load(),
		Dropped:        c.stats.dropped.Load(),
		Subscriptions:  n,
		Connected:      c.connected.Load(),
	}
}

// gap is a disconnection that the subscriptions in subs have been told
// about (Disconnected) and that ends with a Reconnected event.
type gap struct {
	at       time.Time
	cause    error
	subs     []*Subscription
	attempts int
}

// run is the supervisor: it connects while there are subscriptions, serves
// the connection, and reconnects with backoff when it is lost.
func (c *Client) run() {
	defer close(c.done)
	var (
		attempt int   // consecutive failures, for the backoff
		tries   int   // handshakes since the last successful one
		cause   error // what ended the last attempt
		pending *gap
	)
	for {
		idle, ok := c.waitForSubscriptions()
		if !ok {
			return
		}
		if idle {
			pending, attempt, tries = nil, 0, 0
		}
		var d time.Duration
		if attempt > 0 {
			d = c.backoff.delay(attempt, cause)
			c.set.Logger.Debug("wsclient: waiting before reconnecting", "delay", d, "attempt", attempt)
			if !sleepCtx(c.ctx, d) {
				return
			}
		}
		if pending != nil {
			pending.attempts++
		}
		tries++
		c.report(StateChange{State: StateConnecting, Attempt: tries, Delay: d})
		st := newConnState()
		conn, err := c.dial(c.ctx, st)
		if err != nil {
			if c.ctx.Err() != nil {
				return
			}
			c.report(StateChange{State: StateConnectFailed, Attempt: tries, Err: err})
			c.dialFailed(err)
			attempt, cause = attempt+1, err
			continue
		}
		tries = 0
		c.report(StateChange{State: StateConnected})
		c.dialSucceeded()
		start := time.Now()
		res := c.serve(conn, st, pending)
		c.connected.Store(false)
		if res.subscribed {
			pending = nil
		}
		switch {
		case res.closing || c.ctx.Err() != nil:
			return
		case res.idle:
			pending, attempt = nil, 0
			continue
		}
		c.report(StateChange{State: StateDisconnected, Err: res.err})
		if time.Since(start) >= c.set.StableAfter {
			attempt = 0
		} else {
			attempt++
		}
		cause = res.err
		c.set.Logger.Warn("wsclient: connection lost", "url", c.set.URL, "err", res.err)
		if pending == nil {
			pending = c.lost(res.err)
		}
	}
}

// waitForSubscriptions blocks until there is at least one subscription.
// idle reports that it had to wait; ok is false when the client closed.
func (c *Client) waitForSubscriptions() (idle, ok bool) {
	for {
		c.mu.Lock()
		n := len(c.subs)
		c.mu.Unlock()
		if n > 0 {
			return idle, true
		}
		idle = true
		select {
		case <-c.kick:
		case <-c.ctx.Done():
			return idle, false
		}
	}
}

func (c *Client) dialFailed(err error) {
	c.stats.dialErrors.Add(1)
	if errors.Is(err, ErrRateLimited) {
		c.stats.rateLimited.Add(1)
	}
	c.set.Logger.Warn("wsclient: dial failed", "url", c.set.URL, "err", err)
	c.mu.Lock()
	c.dialFail++
	c.lastErr = err
	c.notifyLocked()
	c.mu.Unlock()
}

func (c *Client) dialSucceeded() {
	c.stats.connects.Add(1)
	c.connected.Store(true)
	c.mu.Lock()
	c.lastErr = nil
	c.mu.Unlock()
}

// lost tells the subscriptions that were live on the lost connection, and
// returns the gap they wait to see closed.
func (c *Client) lost(cause error) *gap {
	now := time.Now()
	c.mu.Lock()
	var subs []*Subscription
	for _, s := range c.subs {
		if s.sent {
			subs = append(subs, s)
		}
	}
	c.mu.Unlock()
	if len(subs) == 0 {
		return nil
	}
	ev := &Disconnected{At: now, Err: cause}
	for _, s := range subs {
		s.q.pushNotice(ev)
	}
	return &gap{at: now, cause: cause, subs: subs}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
