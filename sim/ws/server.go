package ws

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

// connectCategory is the rate-limit category of handshakes.
const connectCategory = "websocket-connect"

// feedBuffer is the engine feed's buffer: enough for a long catch-up of
// every market between two reads.
const feedBuffer = 1 << 15

// Options configure a Server.
type Options struct {
	// Engine is the exchange whose market process and event feed the
	// streams show. Required.
	Engine *engine.Engine
	// Verifier checks the JWT of private handshakes. Required.
	Verifier *auth.Verifier
	// Config tunes the streams (see Config for defaults).
	Config Config
	// RateLimit tunes the handshake limiter like the REST limiters
	// (Disabled, Scale, ExcessBeforeBlock, ExcessWindow, BlockScale).
	RateLimit ratelimit.Config
	// OrderbookMillis sends orderbook timestamps in milliseconds instead
	// of Bithumb's microseconds.
	OrderbookMillis bool
	// Wall is the clock of rate limits (default time.Now).
	Wall func() time.Time
	// Logger receives connection events at debug level (default discard).
	Logger *slog.Logger
	// Trace, when set, is called with every frame about to be written
	// (so before the client can see it) and its endpoint path; deliberate
	// marks a frame malformed on purpose by a fault. For tests.
	Trace func(endpoint string, frame []byte, deliberate bool)
}

// Server serves the WebSocket endpoints. It is an http.Handler for the
// three endpoint paths. Create it with New; Close ends every connection
// and goroutine. New starts no goroutine: the first connection starts
// the one that follows the exchange.
type Server struct {
	eng     *engine.Engine
	ver     *auth.Verifier
	cfg     Config
	micros  bool
	log     *slog.Logger
	trace   func(string, []byte, bool)
	limiter *ratelimit.Limiter // nil: unlimited
	faults  *injector

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once

	// mu guards the connections, their subscription sets and the hub's
	// state, so that a subscription's snapshots and the realtime messages
	// that follow are queued in order.
	mu         sync.Mutex
	closed     bool
	conns      map[*conn]struct{}
	hubRunning bool
	hub        hubState

	stats counters
}

type counters struct {
	accepted, rateLimited, unauthorized   atomic.Uint64
	requests, badRequests                 atomic.Uint64
	messages, status, errors              atomic.Uint64
	drops, stalls, malformed, faultErrors atomic.Uint64
	idleClosed, overflows, feedDropped    atomic.Uint64
	open                                  atomic.Int64
}

// Stats are the server's counters since New.
type Stats struct {
	// Open is the number of open connections.
	Open int64 `json:"open"`
	// Accepted counts handshakes accepted; RateLimited those answered
	// 429; Unauthorized those answered 401.
	Accepted     uint64 `json:"accepted"`
	RateLimited  uint64 `json:"rate_limited"`
	Unauthorized uint64 `json:"unauthorized"`
	// Requests counts subscription requests handled (the subscription set
	// is replaced, or the error queued); BadRequests those answered with
	// an error message.
	Requests    uint64 `json:"requests"`
	BadRequests uint64 `json:"bad_requests"`
	// Messages counts data messages sent; StatusMessages the
	// {"status":"UP"} keepalives; ErrorMessages the error messages
	// (answers and faults).
	Messages       uint64 `json:"messages"`
	StatusMessages uint64 `json:"status_messages"`
	ErrorMessages  uint64 `json:"error_messages"`
	// Drops, Stalls, Malformed and FaultErrors count injected faults.
	Drops       uint64 `json:"drops"`
	Stalls      uint64 `json:"stalls"`
	Malformed   uint64 `json:"malformed"`
	FaultErrors uint64 `json:"fault_errors"`
	// IdleClosed counts connections closed by the idle timeout;
	// Overflows those closed because the client read too slowly.
	IdleClosed uint64 `json:"idle_closed"`
	Overflows  uint64 `json:"overflows"`
	// FeedDropped counts engine events lost because the streams fell
	// behind the exchange.
	FeedDropped uint64 `json:"feed_dropped"`
}

// New returns a server. It starts no goroutine.
func New(opts Options) *Server {
	cfg := opts.Config
	cfg.normalize()
	s := &Server{
		eng: opts.Engine, ver: opts.Verifier, cfg: cfg, micros: !opts.OrderbookMillis,
		log: opts.Logger, trace: opts.Trace, faults: newInjector(cfg.Faults),
		conns: map[*conn]struct{}{},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if cfg.ConnectsPerSecond > 0 {
		s.limiter = ratelimit.New([]ratelimit.Category{{Name: connectCategory, PerSecond: cfg.ConnectsPerSecond, Group: "websocket"}}, opts.RateLimit, opts.Wall)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.hub.init()
	return s
}

// Config returns the configuration in use (faults as configured at New).
func (s *Server) Config() Config { return s.cfg }

// Faults returns the fault configuration, counters as they stand.
func (s *Server) Faults() Faults { return s.faults.config() }

// SetFaults replaces the fault configuration.
func (s *Server) SetFaults(f Faults) { s.faults.set(f) }

// ResetFaults turns every fault off.
func (s *Server) ResetFaults() { s.faults.set(Faults{}) }

// ResetRateLimit forgets handshake counts and blocks.
func (s *Server) ResetRateLimit() {
	if s.limiter != nil {
		s.limiter.Reset()
	}
}

// Inject applies fault to every open connection of the given endpoints
// (all when empty) at once, and returns how many connections it reached.
func (s *Server) Inject(f Fault, endpoints []string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for c := range s.conns {
		if len(endpoints) > 0 && !slices.Contains(endpoints, c.endpoint) {
			continue
		}
		select {
		case c.inject <- f:
			n++
		default:
		}
	}
	return n
}

// Stats returns the server's counters.
func (s *Server) Stats() Stats {
	c := &s.stats
	return Stats{
		Open: c.open.Load(), Accepted: c.accepted.Load(), RateLimited: c.rateLimited.Load(), Unauthorized: c.unauthorized.Load(),
		Requests: c.requests.Load(), BadRequests: c.badRequests.Load(),
		Messages: c.messages.Load(), StatusMessages: c.status.Load(), ErrorMessages: c.errors.Load(),
		Drops: c.drops.Load(), Stalls: c.stalls.Load(), Malformed: c.malformed.Load(), FaultErrors: c.faultErrors.Load(),
		IdleClosed: c.idleClosed.Load(), Overflows: c.overflows.Load(), FeedDropped: c.feedDropped.Load(),
	}
}

// Close ends every connection (without a close handshake) and waits for
// every goroutine of the server to exit. Later handshakes are answered
// 503. Close is idempotent.
func (s *Server) Close() {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.cancel()
		s.wg.Wait()
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func errorBody(name, message string) map[string]any {
	return map[string]any{"error": map[string]any{"name": name, "message": message}}
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ServeHTTP answers a handshake on one of the endpoint paths: HTTP 429
// beyond the per-IP connection rate, HTTP 401 (Bithumb's REST error body)
// for a private endpoint without a valid JWT, else the upgrade.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	endpoint := r.URL.Path
	if !IsPath(endpoint) {
		writeJSON(w, http.StatusNotFound, map[string]string{"name": "not_found", "message": "No Route matched with those values"})
		return
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		writeJSON(w, http.StatusServiceUnavailable, errorBody("server_error", "server shutting down"))
		return
	}
	ip := clientIP(r)
	if s.limiter != nil {
		d := s.limiter.Allow(ip, connectCategory)
		if !d.Allowed {
			s.stats.rateLimited.Add(1)
			secs := max(int((d.RetryAfter+time.Second-1)/time.Second), 1)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			msg := "Too many requests"
			if d.Blocked {
				msg = "Too many requests: this IP is blocked for a while"
			}
			writeJSON(w, http.StatusTooManyRequests, errorBody("too_many_requests", msg))
			return
		}
	}
	private := endpoint != PublicPath
	var key auth.Key
	if private {
		req := auth.FromHTTP(r, nil)
		req.RemoteIP = ip
		k, aerr := s.ver.VerifyJWT(req, auth.ScopeNone)
		if aerr == nil && !k.Allows(auth.ScopeOrderRead) && !k.Allows(auth.ScopeAccount) {
			aerr = &auth.Error{HTTPStatus: http.StatusUnauthorized, Name: auth.ErrOutOfScope, Message: "권한이 부족합니다."}
		}
		if aerr != nil {
			s.stats.unauthorized.Add(1)
			writeJSON(w, http.StatusUnauthorized, errorBody(aerr.Name, aerr.Message))
			return
		}
		key = k
	}
	c := newConn(s, endpoint, private, key)
	wc, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		// A local simulator: browsers of any origin may connect. The
		// pattern "*" matches every origin host (and the host-less
		// Origin "null" of file:// pages).
		OriginPatterns: []string{"*"},
		OnPingReceived: c.onPing,
	})
	if err != nil {
		// Accept has answered (e.g. 426 for a request without upgrade).
		return
	}
	c.ws = wc
	wc.SetReadLimit(1 << 16)
	if !s.register(c) {
		_ = wc.CloseNow()
		return
	}
	s.stats.accepted.Add(1)
	s.log.Debug("sim ws: connected", "endpoint", endpoint, "account", key.Account)
	c.serve()
	s.log.Debug("sim ws: disconnected", "endpoint", endpoint, "account", key.Account)
}

// register adds a connection and starts its writer (and the hub with the
// first connection). It fails once the server is closed.
func (s *Server) register(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	c.ctx, c.cancel = context.WithCancel(s.ctx)
	s.conns[c] = struct{}{}
	s.stats.open.Add(1)
	if !s.hubRunning {
		s.hubRunning = true
		// Subscribe now, so no event after the first handshake is missed.
		feed, stop := s.eng.Subscribe(feedBuffer)
		s.wg.Add(1)
		go s.runHub(feed, stop)
	}
	s.wg.Add(2) // the handler goroutine (reader) and the writer
	go c.writeLoop()
	return true
}

func (s *Server) unregister(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.stats.open.Add(-1)
}
