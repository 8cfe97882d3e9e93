package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/faults"
	"github.com/bithumb-go/bithumb/sim/internal/api"
	"github.com/bithumb-go/bithumb/sim/market"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
	"github.com/bithumb-go/bithumb/sim/store"
	"github.com/bithumb-go/bithumb/sim/ws"
)

// Version is sent in the X-Sim-Version header of every response.
const Version = "bithumb-go-sim/0.1.0"

// warmUp is how much live trading precedes the start.
const warmUp = 5 * time.Minute

// maxBody caps request bodies.
const maxBody = 1 << 20

// Server is a simulated Bithumb exchange and an http.Handler serving its
// REST API (API 2.0 and the legacy API 1.0), its WebSocket streams
// (/websocket/v1, /websocket/v2/private, /websocket/v1/private; see
// package ws) plus the admin endpoints under /_sim/. Create one with New
// and release it with Close. It is safe for concurrent use.
//
// New starts no goroutine: time passes for the exchange whenever a
// request arrives (the engine catches up to its clock), continuously
// while Run is running, and every WebSocket tick while stream
// connections are open.
type Server struct {
	// cfg is a pointer so that fmt, where it prints a Server field by
	// field (past Format), shows an address instead of the API keys.
	cfg      *Config
	engine   *engine.Engine
	verifier *auth.Verifier
	limiter  *ratelimit.Limiter
	faults   *faults.Injector
	ws       *ws.Server
	store    *store.Store
	clock    clock.Clock
	wall     func() time.Time
	logger   *slog.Logger

	mux    *http.ServeMux
	routes map[string]endpoint // by "METHOD /path/{template}"
	scopes map[string]auth.Scope

	closeOnce sync.Once
	closeErr  error
}

// Option configures New.
type Option func(*options) error

type options struct {
	cfg    Config
	clock  clock.Clock
	wall   func() time.Time
	logger *slog.Logger
	// wsTrace sees every WebSocket frame sent (tests).
	wsTrace func(endpoint string, frame []byte, deliberate bool)
}

// WithConfig sets the whole configuration (default: the zero Config).
// Options that set one field (WithSeed, WithDataDir, WithFaults) must come
// after it.
func WithConfig(c Config) Option {
	return func(o *options) error { o.cfg = c; return nil }
}

// WithClock sets the exchange clock: order and trade times, the price
// process, TWAP schedules and transfer delays follow it. Tests pass a
// *clock.Fake. The default is a clock starting at Config.Start running
// Config.TimeScale times real time.
func WithClock(c clock.Clock) Option {
	return func(o *options) error {
		if c == nil {
			return errors.New("sim: WithClock: nil clock")
		}
		o.clock = c
		return nil
	}
}

// WithWallClock sets the clock that JWT timestamps, legacy nonces and rate
// limits are checked against (default time.Now). Clients sign with real
// time, so this is not the exchange clock.
func WithWallClock(now func() time.Time) Option {
	return func(o *options) error {
		if now == nil {
			return errors.New("sim: WithWallClock: nil clock")
		}
		o.wall = now
		return nil
	}
}

// WithLogger logs one line per request at debug level (method, path,
// operation, status; never headers, queries or bodies) and lifecycle
// events at info level. The default discards.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error { o.logger = l; return nil }
}

// WithSeed sets Config.Seed.
func WithSeed(seed uint64) Option {
	return func(o *options) error { o.cfg.Seed = seed; return nil }
}

// WithDataDir sets Config.DataDir.
func WithDataDir(dir string) Option {
	return func(o *options) error { o.cfg.DataDir = dir; return nil }
}

// WithFaults sets Config.Faults.
func WithFaults(f faults.Config) Option {
	return func(o *options) error { o.cfg.Faults = f; return nil }
}

// New builds a simulator. With Config.DataDir set it opens (and locks)
// the database there and restores the saved state; Close releases it.
func New(opts ...Option) (*Server, error) {
	var o options
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	cfg := o.cfg
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	s := &Server{cfg: &cfg, logger: o.logger, wall: o.wall}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.wall == nil {
		s.wall = time.Now
	}
	s.clock = o.clock
	if s.clock == nil {
		start := cfg.Start
		if start.IsZero() {
			start = s.wall()
		}
		s.clock = clock.NewScaled(clock.Func(s.wall), start, cfg.TimeScale)
	}

	var snap engine.Snapshot
	restored := false
	if cfg.DataDir == "" {
		cfg.generateKeys(nil)
	} else {
		st, err := store.Open(cfg.DataDir)
		if err != nil {
			return nil, err
		}
		s.store = st
		if err := s.keepKeys(); err != nil {
			st.Close()
			return nil, err
		}
		snap, err = st.Load()
		switch {
		case err == nil:
			restored = true
		case errors.Is(err, store.ErrEmpty):
		default:
			st.Close()
			return nil, err
		}
	}
	ecfg := engine.Config{
		Markets:       cfg.Markets,
		Market:        market.Config{Seed: cfg.Seed, Step: cfg.Step.D(), HistoryDays: cfg.HistoryDays},
		MakerFee:      cfg.MakerFee,
		TakerFee:      cfg.TakerFee,
		OrderNotReady: cfg.OrderNotReady.D(),
		TransferDelay: cfg.TransferDelay.D(),
		Warnings:      cfg.Warnings,
		Notices:       cfg.Notices,
	}
	// The live period starts a few minutes back, so the tape, the ticker
	// and minute candles have trades from the first request on.
	ecfg.Market.LiveStart = s.clock.Now().Add(-warmUp)
	if restored && !snap.Meta.LiveStart.IsZero() {
		ecfg.Market.LiveStart = snap.Meta.LiveStart
	}
	eng, err := engine.New(ecfg, s.clock)
	if err != nil {
		s.closeStore()
		return nil, err
	}
	s.engine = eng
	var keys []auth.Key
	for _, a := range cfg.Accounts {
		if !restored {
			if err := eng.AddAccount(a.ID, a.Funds, a.WithdrawAddresses); err != nil {
				s.closeStore()
				return nil, err
			}
		}
		keys = append(keys, a.Keys...)
	}
	if restored {
		eng.Restore(snap)
		for _, a := range cfg.Accounts {
			if !eng.HasAccount(a.ID) {
				if err := eng.AddAccount(a.ID, a.Funds, a.WithdrawAddresses); err != nil {
					s.closeStore()
					return nil, err
				}
			}
		}
	}
	if s.store != nil {
		eng.SetPersister(s.store)
		if err := eng.Checkpoint(); err != nil {
			s.closeStore()
			return nil, err
		}
	}
	s.verifier = auth.NewVerifier(keys, auth.Options{Window: cfg.AuthWindow.D(), Now: s.wall})
	s.faults = faults.New(cfg.Faults)
	s.ws = ws.New(ws.Options{
		Engine: eng, Verifier: s.verifier, Config: cfg.WebSocket, RateLimit: cfg.RateLimit,
		OrderbookMillis: cfg.Quirks.OrderbookMillis, Wall: s.wall, Logger: s.logger, Trace: o.wsTrace,
	})
	if err := s.buildRoutes(); err != nil {
		s.closeStore()
		return nil, err
	}
	s.logger.Info("sim: ready", "routes", len(s.routes), "markets", len(cfg.Markets), "accounts", len(cfg.Accounts), "restored", restored)
	return s, nil
}

// keepKeys fills the keys' missing halves from the data directory's
// saved keys (generating those it lacks) and saves them back, so that
// the generated keys work across restarts. The store must be open: its
// lock keeps another simulator off the directory.
func (s *Server) keepKeys() error {
	saved, err := loadKeys(s.cfg.DataDir)
	if err != nil {
		return err
	}
	return saveKeys(s.cfg.DataDir, s.cfg.generateKeys(saved))
}

func (s *Server) closeStore() {
	if s.store != nil {
		s.store.Close()
	}
}

// Close ends the WebSocket connections (their goroutines have exited when
// it returns), saves a checkpoint and closes the database (if any). It
// does not stop an http.Server serving s; shut that down first (an
// http.Server does not wait for WebSocket connections, Close does).
// Close is idempotent.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.ws.Close()
		if s.store != nil {
			s.closeErr = errors.Join(s.engine.Checkpoint(), s.store.Close())
		}
	})
	return s.closeErr
}

// Engine returns the exchange behind the server, for tests and tools
// (the WebSocket server subscribes to its event feed).
func (s *Server) Engine() *engine.Engine { return s.engine }

// Faults returns the fault injector (the admin endpoint's backing).
func (s *Server) Faults() *faults.Injector { return s.faults }

// WebSocket returns the WebSocket server (faults, stats).
func (s *Server) WebSocket() *ws.Server { return s.ws }

// Config returns the normalised configuration, generated keys included.
func (s *Server) Config() Config { return *s.cfg }

// Keys returns every API key of every account.
func (s *Server) Keys() []auth.Key {
	var out []auth.Key
	for _, a := range s.cfg.Accounts {
		out = append(out, a.Keys...)
	}
	return out
}

// AddKey registers another API key for an existing account.
func (s *Server) AddKey(k auth.Key) error {
	if !s.engine.HasAccount(k.Account) {
		return fmt.Errorf("sim: no account %q", k.Account)
	}
	if k.AccessKey == "" || k.SecretKey == "" {
		return errors.New("sim: AddKey: empty key")
	}
	s.verifier.AddKey(k)
	return nil
}

// Run makes time pass while ctx lasts: it advances the exchange every
// tick (default 200 ms) so TWAP orders, transfers and the market move
// without requests, and checkpoints the data directory every minute. It
// returns when ctx is done.
func (s *Server) Run(ctx context.Context, tick time.Duration) {
	if tick <= 0 {
		tick = 200 * time.Millisecond
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.engine.Advance()
			if s.store != nil && time.Since(last) > time.Minute {
				last = time.Now()
				if err := s.engine.Checkpoint(); err != nil {
					s.logger.Warn("sim: checkpoint failed", "error", err)
				}
			}
		}
	}
}

// ----------------------------------------------------------------- routing

type ctxKey struct{}

// reqInfo is what the middleware learned about a request.
type reqInfo struct {
	ep      endpoint
	account string
	key     auth.Key
	// form is the parsed body of a form request (legacy API).
	form url.Values
}

func infoFrom(ctx context.Context) *reqInfo {
	ri, _ := ctx.Value(ctxKey{}).(*reqInfo)
	if ri == nil {
		return &reqInfo{}
	}
	return ri
}

func (s *Server) buildRoutes() error {
	// The simulator reads what each operation needs from the spec itself
	// (routes.go), never from the client's catalog.
	table, err := specRoutes()
	if err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	s.routes = map[string]endpoint{}
	s.scopes = map[string]auth.Scope{}
	for _, e := range table.endpoints {
		s.routes[e.Method+" "+e.Path] = e
		s.scopes[e.OperationID] = e.Scope
	}
	s.limiter = ratelimit.New(table.categories, s.cfg.RateLimit, s.wall, table.assetRules...)
	s.mux = http.NewServeMux()
	strict := api.NewStrictHandlerWithOptions(&handlers{s: s}, nil, api.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.requestError,
		ResponseErrorHandlerFunc: s.responseError,
	})
	api.HandlerWithOptions(strict, api.StdHTTPServerOptions{BaseRouter: s.mux, ErrorHandlerFunc: s.requestError})
	// Every operation of the spec must be served: a route the generated
	// router registered but the catalog lacks (or the reverse) is a bug.
	for key := range s.routes {
		method, path, _ := strings.Cut(key, " ")
		r, _ := http.NewRequest(method, "http://sim"+strings.NewReplacer("{", "", "}", "").Replace(path), nil)
		if _, pattern := s.mux.Handler(r); pattern != key {
			return fmt.Errorf("sim: operation %s is not routed (got %q)", key, pattern)
		}
	}
	return nil
}

// ServeHTTP serves one request: admin paths, then the gateway's 404 for
// unknown routes, then rate limiting, authentication, fault injection and
// the operation's handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	w.Header().Set("X-Sim-Version", Version)
	// The Date header follows the clock that tokens are checked against,
	// so that a client can measure its skew (WithWallClock).
	w.Header().Set("Date", s.wall().UTC().Format(http.TimeFormat))
	if strings.HasPrefix(r.URL.Path, "/_sim/") || r.URL.Path == "/_sim" {
		s.serveAdmin(w, r)
		return
	}
	if ws.IsPath(r.URL.Path) {
		s.logger.LogAttrs(r.Context(), slog.LevelDebug, "sim websocket handshake", slog.String("path", r.URL.Path))
		s.ws.ServeHTTP(w, r)
		return
	}
	_, pattern := s.mux.Handler(r)
	ep, known := s.routes[pattern]
	category := ep.Category
	if !known {
		category = "public-other"
	}
	ip := clientIP(r)
	d := s.limiter.Allow(ip, category)
	setRateHeaders(w.Header(), d)
	if !known {
		writeJSON(w, http.StatusNotFound, map[string]string{"name": "not_found", "message": "No Route matched with those values"})
		return
	}
	if !d.Allowed {
		s.tooMany(w, d)
		return
	}
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		r.Body.Close()
		if err != nil || len(b) > maxBody {
			s.writeError(w, ep, http.StatusBadRequest, "invalid_parameter", "request body too large or unreadable")
			return
		}
		body = b
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
	}
	ri := &reqInfo{ep: ep}
	if strings.Contains(r.Header.Get("Content-Type"), "x-www-form-urlencoded") {
		ri.form, _ = url.ParseQuery(string(body))
	}
	switch ep.Auth {
	case authJWT, authHMAC:
		req := auth.FromHTTP(r, body)
		req.RemoteIP = ip
		var key auth.Key
		var aerr *auth.Error
		if ep.Auth == authJWT {
			key, aerr = s.verifier.VerifyJWT(req, s.scopes[ep.OperationID])
		} else {
			key, aerr = s.verifier.VerifyHMAC(req, s.scopes[ep.OperationID])
		}
		if aerr != nil {
			if aerr.Name == auth.ErrNotAllowIP {
				w.Header().Set("X-Sim-Client-Ip", ip)
			}
			if aerr.LegacyStatus != "" {
				writeJSON(w, http.StatusOK, map[string]string{"status": aerr.LegacyStatus, "message": aerr.Message})
			} else {
				writeJSON(w, aerr.HTTPStatus, errorBody(aerr.Name, aerr.Message))
			}
			s.logRequest(r, ep, aerr.HTTPStatus, start)
			return
		}
		ri.key, ri.account = key, key.Account
	}
	if ep.Asset.Rule != "" {
		counts := s.assetCounts(ep, r.URL.Query(), ri.form, body, ri.account)
		if ad := s.limiter.AllowAssets(ip, ep.Asset.Rule, counts); !ad.Allowed {
			s.tooManyOnAsset(w, ad)
			s.logRequest(r, ep, http.StatusTooManyRequests, start)
			return
		}
	}
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, ri))
	plan := s.faults.Decide(ep.OperationID)
	if plan.Latency > 0 {
		t := time.NewTimer(plan.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	switch {
	case plan.RateLimit:
		w.Header().Set("X-Sim-Fault", "rate_limit")
		s.tooMany(w, ratelimit.Decision{Requested: d.Requested, Burst: d.Burst, Replenish: d.Replenish, RetryAfter: time.Second})
		return
	case plan.Error:
		w.Header().Set("X-Sim-Fault", "error")
		writeJSON(w, http.StatusInternalServerError, errorBody("server_error", "시스템이 원활하지 않습니다. 잠시 후 다시 시도해 주세요."))
		return
	case plan.Reset, plan.Malformed, plan.SlowBody > 0:
		rec := newRecorder()
		s.mux.ServeHTTP(rec, r)
		s.deliverFaulty(r.Context(), w, rec, plan)
		return
	}
	sw := &statusWriter{ResponseWriter: w}
	s.mux.ServeHTTP(sw, r)
	s.logRequest(r, ep, sw.status, start)
}

func (s *Server) logRequest(r *http.Request, ep endpoint, status int, start time.Time) {
	s.logger.LogAttrs(r.Context(), slog.LevelDebug, "sim request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("operation", ep.OperationID),
		slog.Int("status", status), slog.Duration("duration", time.Since(start)))
}

// deliverFaulty sends a handled response badly: not at all (connection
// reset), truncated, or slowly. A slow body stops when ctx (the
// request's) ends.
func (s *Server) deliverFaulty(ctx context.Context, w http.ResponseWriter, rec *recorder, plan faults.Plan) {
	if plan.Reset {
		hj, ok := w.(http.Hijacker)
		if !ok {
			// HTTP/2 and recorders cannot hijack: abort the handler's
			// response instead, which resets the stream.
			panic(http.ErrAbortHandler)
		}
		conn, _, err := hj.Hijack()
		if err != nil {
			return
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		conn.Close()
		return
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	body := rec.body.Bytes()
	if plan.Malformed {
		w.Header().Set("X-Sim-Fault", "malformed")
		cut := len(body) / 2
		if cut < 1 {
			cut = 1
		}
		if cut > len(body) {
			cut = len(body)
		}
		body = append(append([]byte(nil), body[:cut]...), []byte(`,"`)...)
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.status)
		_, _ = w.Write(body)
		return
	}
	w.Header().Set("X-Sim-Fault", "slow_body")
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.status)
	fl, _ := w.(http.Flusher)
	for len(body) > 0 {
		n := min(16, len(body))
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		body = body[n:]
		if fl != nil {
			fl.Flush()
		}
		if len(body) > 0 {
			t := time.NewTimer(plan.SlowBody)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return
			}
		}
	}
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func setRateHeaders(h http.Header, d ratelimit.Decision) {
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(d.Remaining))
	h.Set("X-Ratelimit-Requested-Tokens", strconv.Itoa(d.Requested))
	h.Set("X-Ratelimit-Burst-Capacity", strconv.Itoa(d.Burst))
	h.Set("X-Ratelimit-Replenish-Rate", strconv.Itoa(d.Replenish))
}

func (s *Server) tooMany(w http.ResponseWriter, d ratelimit.Decision) {
	d.Remaining = 0
	setRateHeaders(w.Header(), d)
	setRetryAfter(w.Header(), d.RetryAfter)
	msg := "Too many requests"
	if d.Blocked {
		msg = "Too many requests: this IP is blocked for a while"
	}
	writeJSON(w, http.StatusTooManyRequests, errorBody("too_many_requests", msg))
}

// tooManyOnAsset answers a request over a per-asset rule: 429 with
// Bithumb's error envelope, too_many_requests (the name a 429 carries in
// REST.md's reading; Bithumb documents no body for it), and Retry-After.
// The category's x-ratelimit-* headers, already set, stay: the category
// itself had room.
func (s *Server) tooManyOnAsset(w http.ResponseWriter, d ratelimit.Decision) {
	setRetryAfter(w.Header(), d.RetryAfter)
	writeJSON(w, http.StatusTooManyRequests, errorBody("too_many_requests", "Too many orders and cancels on one asset"))
}

// setRetryAfter sets Retry-After to wait in whole seconds, at least 1.
func setRetryAfter(h http.Header, wait time.Duration) {
	secs := int((wait + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	h.Set("Retry-After", strconv.Itoa(secs))
}

// errorBody is Bithumb's error envelope with a string name.
func errorBody(name, message string) map[string]any {
	return map[string]any{"error": map[string]any{"name": name, "message": message}}
}

// writeError answers an error in the form of the endpoint's family:
// quotation errors as HTTP 200 with a numeric name, legacy errors as a
// status envelope, exchange errors with their HTTP status.
func (s *Server) writeError(w http.ResponseWriter, ep endpoint, status int, name, message string) {
	switch {
	case ep.Legacy:
		writeJSON(w, http.StatusOK, map[string]string{"status": "5500", "message": "Invalid Parameter"})
	case ep.Auth == authNone:
		writeJSON(w, http.StatusOK, map[string]any{"error": map[string]any{"name": 400, "message": "Invalid parameter. Check the parameters!"}})
	default:
		writeJSON(w, status, errorBody(name, message))
	}
}

// requestError answers a request the generated router or strict handler
// could not bind (a missing or malformed parameter or body).
func (s *Server) requestError(w http.ResponseWriter, r *http.Request, err error) {
	ep := infoFrom(r.Context()).ep
	var missing *api.RequiredParamError
	switch {
	case ep.Legacy:
		writeJSON(w, http.StatusOK, map[string]string{"status": "5500", "message": "Invalid Parameter"})
	case ep.Auth == authNone && errors.As(err, &missing):
		writeJSON(w, http.StatusOK, map[string]any{"error": map[string]any{"name": 400, "message": "Missing request parameter error. Check the required parameters!"}})
	default:
		s.writeError(w, ep, http.StatusBadRequest, "invalid_parameter", "잘못된 파라미터 입니다.")
	}
}

func (s *Server) responseError(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.Error("sim: response failed", "operation", infoFrom(r.Context()).ep.OperationID, "error", err)
	writeJSON(w, http.StatusInternalServerError, errorBody("server_error", "시스템이 원활하지 않습니다. 잠시 후 다시 시도해 주세요."))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":{"name":"server_error","message":"encoding failed"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// rawResponse is a response object of every operation (see visit.go):
// a status and a body marshalled as is. Handlers use it for errors.
type rawResponse struct {
	status int
	body   any
}

func (r rawResponse) write(w http.ResponseWriter) error {
	writeJSON(w, r.status, r.body)
	return nil
}

// recorder buffers a response.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}, status: http.StatusOK} }

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.status = code }

// statusWriter remembers the status for the log line.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
