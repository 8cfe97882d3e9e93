package bithumb

import (
	"errors"
	"fmt"
	"log/slog"
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
	limiter         middleware.Limiter
	rateLimits      map[string]float64
	orderCap        float64
	noRateLimit     bool
	retry           middleware.RetryConfig
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
// default is a clone of http.DefaultTransport with connect, TLS and
// response-header timeouts).
func WithTransport(rt http.RoundTripper) Option {
	return func(o *options) error {
		if rt == nil {
			return errors.New("bithumb: WithTransport: nil transport")
		}
		o.transport = rt
		return nil
	}
}

// WithTimeout bounds every call, retries included (default
// DefaultTimeout). 0 means no bound other than the context's.
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
// category, 20/s for batch endpoints). The client never sends more than
// perSecond requests of the category in any one-second window.
func WithRateLimit(category string, perSecond float64) Option {
	return func(o *options) error {
		if perSecond <= 0 {
			return fmt.Errorf("bithumb: WithRateLimit(%q): %v is not positive", category, perSecond)
		}
		if o.rateLimits == nil {
			o.rateLimits = map[string]float64{}
		}
		o.rateLimits[category] = perSecond
		return nil
	}
}

// WithOrderRateCap additionally holds order placement (category
// private-order) to perSecond, as Bithumb's own CLI does with 10/s.
func WithOrderRateCap(perSecond float64) Option {
	return func(o *options) error {
		if perSecond <= 0 {
			return fmt.Errorf("bithumb: WithOrderRateCap: %v is not positive", perSecond)
		}
		o.orderCap = perSecond
		return nil
	}
}

// WithLimiter replaces the in-process rate limiter, e.g. with one shared
// by several processes on the same IP (Bithumb counts per IP).
func WithLimiter(l middleware.Limiter) Option {
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

// WithRetry configures retries (attempts, backoff, Retry-After bound and
// the retry budget); zero fields keep their defaults. Which requests may
// be retried at all is not configurable: it follows the spec (reads and
// cancels yes; orders, withdrawals and TWAP orders never blindly).
func WithRetry(cfg middleware.RetryConfig) Option {
	return func(o *options) error {
		if cfg.MaxAttempts < 0 || cfg.MinBackoff < 0 || cfg.MaxBackoff < 0 || cfg.MaxRetryAfter < 0 || cfg.BudgetPerSecond < 0 || cfg.BudgetBurst < 0 {
			return errors.New("bithumb: WithRetry: negative setting")
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
