package bithumb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/directhttp"
	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/internal/sysconn"
	"github.com/bithumb-go/bithumb/middleware"
)

// DefaultBaseURL is the production REST host. Bithumb has no sandbox; point
// WithBaseURL at the simulator (package sim) for tests.
const DefaultBaseURL = "https://api.bithumb.com"

// Client is a Bithumb REST client. Create one with New; the zero value is
// not usable. A Client is safe for concurrent use by multiple goroutines
// and should be reused: it holds the rate limiter and the connection pool.
//
// Every method takes a context first; cancelling it aborts the call, and
// its deadline bounds the call with all of its retries.
type Client struct {
	raw     *gen.Client
	http    *http.Client
	catalog *catalog.Catalog
	// opts is a pointer so that printing a Client shows an address; it
	// never holds the secret key after New returns.
	opts *options
	// deadlines bounds each call by opts.timeout (see withCallTimeout).
	deadlines *callDeadlines
}

// New returns a Client configured by opts. Without options it talks to
// the production host without credentials (public endpoints only). New
// checks every option and returns the first invalid one's error.
func New(opts ...Option) (*Client, error) {
	o, catalog, hc, err := newChain(opts)
	if err != nil {
		return nil, err
	}
	// checkRequest checks every request against the spec's rules before
	// it reaches the chain. The User-Agent is set on the request the
	// generated client has just built, which saves userAgentLayer a copy
	// of every request.
	raw, err := gen.NewClient(o.baseURL, gen.WithHTTPClient(chainDoer{hc.Transport}), gen.WithRequestEditorFn(checkRequest),
		gen.WithRequestEditorFn(setUserAgent(o.userAgent)))
	if err != nil {
		return nil, fmt.Errorf("bithumb: %w", err)
	}
	return &Client{raw: raw, http: hc, catalog: catalog, opts: o, deadlines: &callDeadlines{timeout: o.timeout}}, nil
}

// NewHTTPClient returns an *http.Client whose transport is the whole chain
// that a Client uses (endpoint lookup, retries, rate limiting, signing, the
// response size cap and logging; see package middleware), configured by the
// same options as New. It is for programs that call package gen directly:
//
//	hc, err := bithumb.NewHTTPClient(bithumb.WithCredentialsFromEnv())
//	api, err := gen.NewClientWithResponses(bithumb.DefaultBaseURL, gen.WithHTTPClient(hc))
//	resp, err := api.ListTickersWithResponse(ctx, &gen.ListTickersParams{Markets: []string{"KRW-BTC"}})
//	if err == nil {
//		err = bithumb.CheckResponse(resp.HTTPResponse, resp.Body)
//	}
//
// Each request is signed (with a fresh nonce per attempt), rate limited in
// its category and retried as its endpoint's x-bithumb-retry policy in the
// spec allows: reads and cancels are retried, order placements,
// withdrawals and TWAP orders are never re-sent after a failure that
// leaves their outcome unknown. The reconciliation of Client.PlaceOrder
// (look-ups by client_order_id, re-sends only of orders proven absent) is
// not part of the transport: an order placed through gen that fails with
// a 5xx or a lost answer may or may not exist, and middleware.Ambiguous
// tells when. Use Client.PlaceOrder, Client.CancelOrder and their batch
// forms for orders.
//
// WithBaseURL has no effect here: the base URL is gen.NewClient's
// argument. WithTimeout bounds each request, retries included, and the
// reading of its body; the request's own context may bound it further.
// Errors inside an HTTP 200 are not errors to an http.Client: check every
// response with CheckResponse.
func NewHTTPClient(opts ...Option) (*http.Client, error) {
	o, _, hc, err := newChain(opts)
	if err != nil {
		return nil, err
	}
	if o.timeout > 0 {
		hc.Transport = timeoutLayer(o.timeout)(hc.Transport)
	}
	return hc, nil
}

// newChain applies opts and builds the HTTP client of New and
// NewHTTPClient: the middleware chain over the configured transport.
func newChain(opts []Option) (*options, *catalog.Catalog, *http.Client, error) {
	o := defaultOptions()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&o); err != nil {
			return nil, nil, nil, err
		}
	}
	// The catalog is generated Go code (package catalog): nothing is
	// parsed at run time.
	endpoints := catalog.Default()
	var err error
	var cfg middleware.ChainConfig
	cfg.Catalog = endpoints
	cfg.MaxBody = o.maxResponseSize
	cfg.Logger = o.logger
	if o.hasCredentials() {
		if cfg.JWT, err = middleware.NewJWTSigner(o.accessKey, o.secretKey, o.jwtOptions...); err != nil {
			return nil, nil, nil, err
		}
		if cfg.HMAC, err = middleware.NewHMACSigner(o.accessKey, o.secretKey, o.hmacOptions...); err != nil {
			return nil, nil, nil, err
		}
	}
	o.secretKey = "" // the signers hold it now
	if !o.noRateLimit {
		limiter, err := o.buildLimiter()
		if err != nil {
			return nil, nil, nil, err
		}
		cfg.Limit = middleware.Limit(limiter)
	}
	cfg.Retry = middleware.Retry(o.retry.middleware())
	base := o.transport
	if base == nil {
		base = NewTransport()
	}
	hc := &http.Client{
		// No Timeout here: WithTimeout is a context deadline (see
		// withCallTimeout and timeoutLayer), so that a timeout keeps
		// telling whether the request had been sent.
		Transport: userAgentLayer(o.userAgent)(middleware.Chain(base, cfg)),
		// Bithumb never redirects API calls; following a redirect would
		// re-send a signed request to another URL.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &o, endpoints, hc, nil
}

// chainDoer sends the typed methods' requests through the chain as
// hc.Do does for the http.Client of newChain: the same response, the
// same error (a *url.Error naming the method and the URL, without its
// password), the same refusal to follow redirects (the retry layer's
// http.Client stops at the first answer). What it saves is the work of a
// second http.Client around the retry layer's own: a copy of every
// request's headers and URL for redirects that are never followed.
type chainDoer struct{ rt http.RoundTripper }

// Do sends req through the chain.
func (d chainDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.rt.RoundTrip(req)
	if err == nil && resp == nil {
		err = errors.New("bithumb: internal error: the HTTP chain returned no response and no error")
	}
	if err != nil {
		return nil, &url.Error{Op: urlErrorOp(req.Method), URL: stripPassword(req.URL), Err: err}
	}
	return resp, nil
}

// stripPassword is u's text with its password, if any, replaced by "***",
// as net/http writes it into a *url.Error.
func stripPassword(u *url.URL) string {
	if _, ok := u.User.Password(); ok {
		return strings.Replace(u.String(), u.User.String()+"@", u.User.Username()+":***@", 1)
	}
	return u.String()
}

// urlErrorOp is the Op of the *url.Error that http.Client.Do returns for
// method: "Get", "Post", "Delete"; net/http keeps the first letter and
// lowers the others of an ASCII method, and keeps any other as it is.
func urlErrorOp(method string) string {
	switch method {
	case "", http.MethodGet:
		return "Get"
	case http.MethodPost:
		return "Post"
	case http.MethodDelete:
		return "Delete"
	}
	for i := 0; i < len(method); i++ {
		if method[i] >= utf8.RuneSelf {
			return method
		}
	}
	return method[:1] + strings.ToLower(method[1:])
}

// BaseURL returns the REST base URL the client talks to.
func (c *Client) BaseURL() string { return c.opts.baseURL }

// HasCredentials reports whether the client can call private endpoints.
func (c *Client) HasCredentials() bool { return c.opts.hasCredentials() }

// Endpoints returns the operations of the embedded spec with their
// rate-limit category, retry policy and signing scheme.
func (c *Client) Endpoints() []Endpoint { return c.catalog.Endpoints() }

// buildLimiter returns the configured limiter, or one per category and
// per asset with the spec's published limits and the WithRateLimit
// overrides.
func (o *options) buildLimiter() (Limiter, error) {
	if o.limiter != nil {
		return o.limiter, nil
	}
	cats := catalog.Categories()
	limits := make(map[string]middleware.RateLimit, len(cats))
	for name, c := range cats {
		limits[name] = middleware.RateLimit{PerSecond: c.PerSecond}
	}
	rules := catalog.AssetRules()
	perAsset := make(map[string]float64, len(rules))
	for name, r := range rules {
		perAsset[name] = r.PerSecond
	}
	for name, perSecond := range o.rateLimits {
		switch _, isRule := rules[name]; {
		case isRule:
			perAsset[name] = perSecond
		case cats[name] != (catalog.Category{}):
			limits[name] = middleware.RateLimit{PerSecond: perSecond}
		default:
			return nil, fmt.Errorf("bithumb: WithRateLimit: unknown category or per-asset rule %q", name)
		}
	}
	var opts []middleware.LimiterOption
	for name, perSecond := range perAsset {
		opts = append(opts, middleware.WithAssetLimit(name, perSecond))
	}
	if o.orderCap > 0 {
		opts = append(opts, middleware.WithCap("private-order", o.orderCap))
	}
	// Paths missing from the spec share the strictest private budget.
	return middleware.NewCategoryLimiter(limits, limits["private-other"], opts...)
}

// NewTransport returns a new transport of the kind a Client uses when
// WithTransport is not given: a clone of http.DefaultTransport with
// timeouts suited to an exchange API (10 s to connect, 10 s for the TLS
// handshake, 15 s for the response headers), so that a stuck connection
// fails instead of hanging, and 32 idle connections kept per host. Wrap
// it to add to the transport (logging, say) without losing them:
//
//	bithumb.WithTransport(myLogger{next: bithumb.NewTransport()})
//
// On Linux (amd64 and arm64) its connections read and write with raw
// system calls through the runtime's network poller, which spares the
// runtime's monitor thread a wake-up at every read and write: about a
// quarter less CPU per call (docs/benchmarks.md), with the same results.
// Such a connection (httptrace's GotConnInfo.Conn, say) has every method
// of a *net.TCPConn but is not of that type: assert the interface needed,
// such as interface{ SetNoDelay(bool) error }.
//
// Package directhttp has a transport with the same timeouts that makes each
// round trip on the caller's goroutine, for less CPU per call (HTTP/1.1
// only); see WithTransport.
func NewTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	// directhttp's defaults are the exchange's: one set for both transports.
	t.DialContext = sysconn.DialContext(&net.Dialer{Timeout: directhttp.DefaultDialTimeout, KeepAlive: 30 * time.Second})
	t.TLSHandshakeTimeout = directhttp.DefaultTLSHandshakeTimeout
	t.ResponseHeaderTimeout = directhttp.DefaultResponseHeaderTimeout
	t.MaxIdleConnsPerHost = directhttp.DefaultMaxIdleConnsPerHost
	return t
}

// setUserAgent returns a request editor of the generated client that
// sets the User-Agent header of requests that have none. An editor may
// change the request: the generated client built it for this call.
func setUserAgent(ua string) func(context.Context, *http.Request) error {
	return func(_ context.Context, req *http.Request) error {
		if req.Header.Get("User-Agent") == "" {
			req.Header.Set("User-Agent", ua)
		}
		return nil
	}
}

// userAgentLayer sets the User-Agent header of requests that have none,
// on a copy of the request.
func userAgentLayer(ua string) middleware.Layer {
	return func(next http.RoundTripper) http.RoundTripper {
		return middleware.RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			if req.Header.Get("User-Agent") != "" {
				return next.RoundTrip(req)
			}
			r := req.Clone(req.Context())
			r.Header.Set("User-Agent", ua)
			return next.RoundTrip(r)
		})
	}
}

// timeoutLayer bounds each request, and the reading of its response body,
// by d: the deadline is a context deadline, so that middleware.Ambiguous
// still tells whether a request that timed out had been sent.
func timeoutLayer(d time.Duration) middleware.Layer {
	return func(next http.RoundTripper) http.RoundTripper {
		return middleware.RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			ctx, cancel := context.WithTimeout(req.Context(), d)
			resp, err := next.RoundTrip(req.WithContext(ctx))
			if err != nil {
				cancel()
				return nil, err
			}
			resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		})
	}
}

// cancelBody releases a request's context once its body is read or
// closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.cancel()
	}
	return n, err
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// call runs the operation operationID: it marks ctx with the operation's
// endpoint, sends the request with send, turns an error answer into an
// *APIError, and decodes a successful body into out (unless out is nil).
func (c *Client) call(ctx context.Context, operationID string, out any, send func(context.Context) (*http.Response, error)) error {
	return c.callChecked(ctx, operationID, out, nil, send)
}

// callChecked is call with a check of the decoded body: when check fails,
// the call fails with a *DecodeError wrapping its error.
func (c *Client) callChecked(ctx context.Context, operationID string, out any, check func() error, send func(context.Context) (*http.Response, error)) error {
	e, ok := c.catalog.Operation(operationID)
	if !ok {
		// Only a spec and code out of step can get here; the coverage
		// test in contract_test catches it.
		return fmt.Errorf("bithumb: internal error: operation %q is not in the spec", operationID)
	}
	ctx, cancel := c.withCallTimeout(middleware.WithEndpoint(ctx, e))
	defer cancel()
	resp, err := send(ctx)
	if err != nil {
		return callError(ctx, operationID, err)
	}
	defer resp.Body.Close()
	body, err := readBody(resp)
	if err != nil {
		return callError(ctx, operationID, fmt.Errorf("reading the response: %w", err))
	}
	if apiErr := middleware.CheckResponse(resp, body, e); apiErr != nil {
		return apiErr
	}
	if out == nil {
		return nil
	}
	err = decodeBody(body, out)
	if err == nil && check != nil {
		err = check()
	}
	if err != nil {
		return &DecodeError{OperationID: operationID, StatusCode: resp.StatusCode, Err: err, Body: snippet(body)}
	}
	return nil
}

// maxPresized is the largest Content-Length for which readBody sizes its
// buffer up front.
const maxPresized = 1 << 20

// readBody reads resp's body to the end, as io.ReadAll does, into a buffer
// sized by the Content-Length when there is one (one byte more, so that
// the end is seen without growing it).
func readBody(resp *http.Response) ([]byte, error) {
	n := resp.ContentLength
	if n <= 0 || n > maxPresized {
		return io.ReadAll(resp.Body)
	}
	b := make([]byte, 0, n+1)
	for {
		m, err := resp.Body.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			// Longer than announced: the transport fails such a body;
			// read on as io.ReadAll would.
			rest, err := io.ReadAll(resp.Body)
			return append(b, rest...), err
		}
	}
}

// withCallTimeout bounds one call, its retries included, by WithTimeout,
// with a context that behaves as context.WithTimeout's (see
// callDeadlines). A ctx that ends by then already does: a call inside a bounded one (a
// placement's attempts and look-ups) or a caller's own shorter deadline
// gets ctx itself, with the same deadline that context.WithTimeout would
// give, and no second context, timer or registration with ctx.
func (c *Client) withCallTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.opts.timeout <= 0 {
		return ctx, func() {}
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= c.opts.timeout {
		return ctx, func() {}
	}
	return c.deadlines.start(ctx)
}

// callError wraps a failure that produced no response. A cancelled or
// expired context is named first; the transport error it caused stays in
// the chain, so that middleware.Ambiguous still sees where it struck. The
// URLs that net/http put into err lose their query (see stripURLQueries).
func callError(ctx context.Context, operationID string, err error) error {
	stripURLQueries(err)
	var in *InputError
	if errors.As(err, &in) {
		return in // refused before sending: nothing to add
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w (%w)", ctxErr, err)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return err
	}
	return fmt.Errorf("bithumb: %s: %w", operationID, err)
}

// DecodeError reports a successful response whose body does not match the
// spec's type (the API changed, or the spec is wrong) or lacks what the
// call needs, such as a placement's order id. Body holds the start of the
// body. The exchange answered with success, so the request was executed:
// an order placement that ends in a DecodeError is settled by a look-up.
type DecodeError struct {
	OperationID string
	StatusCode  int
	Body        []byte
	Err         error
}

// Error describes the failure without the body.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("bithumb: %s: cannot decode the HTTP %d response: %v", e.OperationID, e.StatusCode, e.Err)
}

// Unwrap returns the JSON error.
func (e *DecodeError) Unwrap() error { return e.Err }

func snippet(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if len(b) > middleware.MaxErrorBody {
		b = b[:middleware.MaxErrorBody]
	}
	return append([]byte(nil), b...)
}
