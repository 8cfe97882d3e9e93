package bithumb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/middleware"
)

// Option configures New. Options validate their arguments: New returns the
// error of the first invalid option.
type Option func(*options) error

type options struct {
	baseURL         string
	accessKey       string
	secretKey       string
	transport       http.RoundTripper
	timeout         time.Duration
	logger          *slog.Logger
	maxResponseSize int64
	userAgent       string
	jwtOptions      []middleware.JWTOption
	hmacOptions     []middleware.HMACOption
	limiter         Limiter
	rateLimits      map[string]float64
	orderCap        float64
	noRateLimit     bool
	retry           RetryConfig
	reconcileDelay  time.Duration
}

// Defaults of New.
const (
	// DefaultTimeout bounds one call, its retries included, unless the
	// context's deadline is shorter.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxResponseSize caps response bodies; a larger body fails
	// with ErrResponseTooLarge instead of exhausting memory.
	DefaultMaxResponseSize = 16 << 20
)

// Version is the version of this module, sent in the User-Agent header.
const Version = "0.1.0"

func defaultOptions() options {
	return options{
		baseURL:         DefaultBaseURL,
		timeout:         DefaultTimeout,
		maxResponseSize: DefaultMaxResponseSize,
		userAgent:       "bithumb-go/" + Version,
		reconcileDelay:  defaultReconcileDelay,
	}
}

func (o *options) hasCredentials() bool { return o.accessKey != "" }

// WithBaseURL sets the REST base URL, e.g. the simulator's
// "http://127.0.0.1:8080". It must be an absolute http or https URL
// without a query; a trailing slash is removed.
func WithBaseURL(rawURL string) Option {
	return func(o *options) error {
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("bithumb: WithBaseURL: %q is not an absolute http(s) URL", rawURL)
		}
		if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("bithumb: WithBaseURL: %q must not carry a query, fragment or user info", u.Redacted())
		}
		o.baseURL = strings.TrimRight(u.String(), "/")
		return nil
	}
}

// WithCredentials sets the API key pair used to sign private requests:
// JWT for API 2.0, HMAC for the legacy API 1.0. The keys are checked for
// shape (length, no whitespace); a malformed key is an error that shows
// only the key's masked form.
func WithCredentials(c credentials.Credentials) Option {
	return func(o *options) error {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("bithumb: WithCredentials: %w", err)
		}
		o.accessKey, o.secretKey = c.AccessKey(), c.SecretKey()
		return nil
	}
}

// WithKeys is shorthand for WithCredentials(credentials.New(accessKey, secretKey)).
func WithKeys(accessKey, secretKey string) Option {
	return WithCredentials(credentials.New(accessKey, secretKey))
}

// WithCredentialsFromEnv reads the keys from BITHUMB_ACCESS_KEY and
// BITHUMB_SECRET_KEY. It fails when they are missing or malformed.
func WithCredentialsFromEnv() Option {
	return func(o *options) error {
		c, err := credentials.FromEnv()
		if err != nil {
			return fmt.Errorf("bithumb: WithCredentialsFromEnv: %w", err)
		}
		return WithCredentials(c)(o)
	}
}

// WithHTTPClient makes the client send requests with hc's Transport (and
// use hc's Timeout as the per-call timeout when it is set). The client's
// own layers (signing, rate limiting, retries) wrap that transport; hc
// itself is not modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) error {
		if hc == nil {
			return errors.New("bithumb: WithHTTPClient: nil client")
		}
		o.transport = hc.Transport
		if o.transport == nil {
			o.transport = http.DefaultTransport
		}
		if hc.Timeout > 0 {
			o.timeout = hc.Timeout
		}
		return nil
	}
}

// WithTransport sets the http.RoundTripper under the client's layers (the
// default is NewTransport's, with connect, TLS and response-header
// timeouts; wrap NewTransport to keep them). A program that makes many
// calls can pass a *directhttp.Transport (package
// github.com/bithumb-go/bithumb/directhttp), which spends less CPU per call
// than net/http's, with the same timeouts:
//
//	c, err := bithumb.New(bithumb.WithTransport(&directhttp.Transport{}))
func WithTransport(rt http.RoundTripper) Option {
	return func(o *options) error {
		if rt == nil {
			return errors.New("bithumb: WithTransport: nil transport")
		}
		o.transport = rt
		return nil
	}
}

// WithTimeout bounds every call of a Client, retries included (default
// DefaultTimeout); 0 means no bound other than the context's. For
// PlaceOrder, CancelOrder and their batch forms it bounds the whole call,
// reconciliation included: the look-ups and re-sends after an attempt in
// doubt, and the waits between them (WithReconcileDelay). A placement
// whose attempt takes the whole timeout therefore ends in an
// *AmbiguousOrderError without a look-up; the default transport gives up
// on an unanswered request after 15 s, which leaves the default timeout
// room for look-ups. For NewHTTPClient it bounds each request, retries
// included.
func WithTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return fmt.Errorf("bithumb: WithTimeout: negative duration %v", d)
		}
		o.timeout = d
		return nil
	}
}

// WithLogger logs every HTTP attempt at debug level (failures at warn):
// method, path, status, duration, rate-limit category and attempt. Headers,
// query strings and bodies are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		o.logger = l
		return nil
	}
}

// WithMaxResponseSize caps response bodies at n bytes (default
// DefaultMaxResponseSize).
func WithMaxResponseSize(n int64) Option {
	return func(o *options) error {
		if n <= 0 {
			return fmt.Errorf("bithumb: WithMaxResponseSize: %d is not positive", n)
		}
		o.maxResponseSize = n
		return nil
	}
}

// WithUserAgent sets the User-Agent header (default "bithumb-go/<Version>").
func WithUserAgent(ua string) Option {
	return func(o *options) error {
		if ua == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("bithumb: WithUserAgent: invalid value %q", ua)
		}
		o.userAgent = ua
		return nil
	}
}

// WithClock makes the signers take their timestamps from now instead of
// time.Now. It exists for tests and for hosts whose clock is known to be
// off.
func WithClock(now func() time.Time) Option {
	return func(o *options) error {
		if now == nil {
			return errors.New("bithumb: WithClock: nil clock")
		}
		o.jwtOptions = append(o.jwtOptions, middleware.WithJWTClock(now))
		o.hmacOptions = append(o.hmacOptions, middleware.WithHMACClock(now))
		return nil
	}
}

// WithRateLimit overrides the limit of one rate-limit category (see
// Client.Endpoints for the categories; defaults are Bithumb's published
// limits from the spec: 150/s per public category, 140/s per private
// category, 20/s for batch endpoints), or of one per-asset rule: the
// spec's "asset-orders" (default 20/s, Bithumb's rate-limit page of
// 2026-10-27) paces the orders and cancels on each asset (BTC, whatever
// its market) on top of their categories, at most 85% of perSecond in any
// one second; a batch counts once per order, and a cancel by client order
// id or by exchange order id (order_id, uuid, algo_order_id) counts on
// the asset of the order if it was placed through this client (the last
// 4096 of each kind of id are remembered, the exchange's from the
// placement's answer), while a cancel of an order placed elsewhere names
// no asset the client knows and is paced by its category only. The
// client paces the category so
// that the server never sees more than perSecond requests of it per
// second: at most perSecond in any one-second window until the server's
// x-ratelimit-* headers announce its bucket, then within the bucket they
// announce (never above perSecond). Against a server that refills once a
// second, requests held for its window boundary go out together just
// after it, so a one-second span that straddles the boundary can hold a
// few more than perSecond, all within the server's new window. perSecond
// must be a number greater than 0 and at most 1e6 (NaN and infinities are
// refused); New fails for a category or rule the spec does not have.
func WithRateLimit(category string, perSecond float64) Option {
	return func(o *options) error {
		if err := (middleware.RateLimit{PerSecond: perSecond}).Validate(); err != nil {
			return fmt.Errorf("bithumb: WithRateLimit(%q): %w", category, err)
		}
		if o.rateLimits == nil {
			o.rateLimits = map[string]float64{}
		}
		o.rateLimits[category] = perSecond
		return nil
	}
}

// WithOrderRateCap additionally holds order placement (category
// private-order) to perSecond, as Bithumb's own CLI does with 10/s. It is
// opt-in: Bithumb's rate-limit page (2026-10-27) names no such order
// limit, only 140/s per private category and about 20/s per asset, which
// the client always honours. perSecond is checked as by WithRateLimit.
func WithOrderRateCap(perSecond float64) Option {
	return func(o *options) error {
		if err := (middleware.RateLimit{PerSecond: perSecond}).Validate(); err != nil {
			return fmt.Errorf("bithumb: WithOrderRateCap: %w", err)
		}
		o.orderCap = perSecond
		return nil
	}
}

// Limiter paces requests per rate-limit category before they are sent.
// The client's default is an in-process token bucket per category with
// the spec's limits (see WithRateLimit); WithLimiter replaces it, e.g. with
// redislimit.New (package middleware/redislimit), which shares the limits
// of one API key or IP among processes. A Limiter that also has the
// WaitAsset method of middleware.AssetLimiter paces orders and cancels per
// asset too; one without it paces by category only. Implementations must
// be safe for concurrent use. Every middleware.Limiter is a Limiter.
type Limiter interface {
	// Wait blocks until a request of category may be sent, or returns an
	// error without waiting when ctx ends first or its deadline is too
	// close to wait that long.
	Wait(ctx context.Context, category string) error
	// Observe feeds back a response of category: the x-ratelimit-*
	// headers, and 429s, which make the limiter back off.
	Observe(category string, status int, header http.Header)
}

// WithLimiter replaces the in-process rate limiter, e.g. with one shared
// by several processes on the same IP (Bithumb counts per IP). With it,
// WithRateLimit and WithOrderRateCap have no effect: configure l instead.
func WithLimiter(l Limiter) Option {
	return func(o *options) error {
		if l == nil {
			return errors.New("bithumb: WithLimiter: nil limiter")
		}
		o.limiter = l
		return nil
	}
}

// WithoutRateLimit turns client-side rate limiting off. Only for tests
// against the simulator: Bithumb blocks IPs that exceed its limits.
func WithoutRateLimit() Option {
	return func(o *options) error {
		o.noRateLimit = true
		return nil
	}
}

// RetryConfig configures retries (see WithRetry). A zero field keeps its
// default; no field may be negative.
type RetryConfig struct {
	// MaxAttempts bounds the attempts of one request (default 4: one try
	// and three retries); 1 turns retries off.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the exponential backoff with full
	// jitter between attempts (defaults 200 ms and 5 s).
	MinBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After the client waits for; a
	// 429 asking for longer is returned at once (default 30 s).
	MaxRetryAfter time.Duration
	// BudgetPerSecond and BudgetBurst limit retries across all requests
	// of the client (defaults 5 per second, burst 20), so that an outage
	// does not multiply the load: failed calls count toward Bithumb's
	// limits too. BudgetPerSecond must be finite.
	BudgetPerSecond float64
	BudgetBurst     int
}

// middleware returns the retry layer's configuration.
func (c RetryConfig) middleware() middleware.RetryConfig {
	return middleware.RetryConfig{
		MaxAttempts: c.MaxAttempts, MinBackoff: c.MinBackoff, MaxBackoff: c.MaxBackoff,
		MaxRetryAfter: c.MaxRetryAfter, BudgetPerSecond: c.BudgetPerSecond, BudgetBurst: c.BudgetBurst,
	}
}

// WithRetry configures retries (attempts, backoff, Retry-After bound and
// the retry budget); zero fields keep their defaults, and negative or
// non-finite ones are an error. Which requests may be retried at all is
// not configurable: it follows the spec (reads and cancels yes; orders,
// withdrawals and TWAP orders never blindly).
func WithRetry(cfg RetryConfig) Option {
	return func(o *options) error {
		if cfg.MaxAttempts < 0 || cfg.MinBackoff < 0 || cfg.MaxBackoff < 0 || cfg.MaxRetryAfter < 0 || cfg.BudgetBurst < 0 ||
			!(cfg.BudgetPerSecond >= 0) || math.IsInf(cfg.BudgetPerSecond, 1) {
			return errors.New("bithumb: WithRetry: negative or non-finite setting")
		}
		if cfg.MaxBackoff > 0 && cfg.MinBackoff > cfg.MaxBackoff {
			return fmt.Errorf("bithumb: WithRetry: MinBackoff %v exceeds MaxBackoff %v", cfg.MinBackoff, cfg.MaxBackoff)
		}
		o.retry = cfg
		return nil
	}
}

// WithMaxAttempts is shorthand for WithRetry with only MaxAttempts set; 1
// turns retries off.
func WithMaxAttempts(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("bithumb: WithMaxAttempts: %d is less than 1", n)
		}
		o.retry.MaxAttempts = n
		return nil
	}
}

// WithReconcileDelay sets how long the client waits before looking up an
// order whose placement or cancel is in doubt, so that an order still
// being accepted has become visible (default 300 ms). It also spaces the
// look-ups that settle such an outcome.
func WithReconcileDelay(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return fmt.Errorf("bithumb: WithReconcileDelay: negative duration %v", d)
		}
		o.reconcileDelay = d
		return nil
	}
}
