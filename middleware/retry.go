package middleware

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"
)

// RetryConfig configures the retry layer. The zero value of a field means
// its default.
type RetryConfig struct {
	// MaxAttempts bounds the attempts of one request (default 4: one try
	// and three retries).
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the exponential backoff with full
	// jitter between attempts (defaults 200 ms and 5 s).
	MinBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After the layer waits for; a 429
	// asking for longer is returned at once (default 30 s).
	MaxRetryAfter time.Duration
	// Budget limits retries across all requests of the client: at most
	// BudgetPerSecond retries per second with a burst of BudgetBurst
	// (defaults 5 and 20), so that an outage does not multiply the load
	// (failed calls count toward Bithumb's limits too).
	BudgetPerSecond float64
	BudgetBurst     int
	// Rand returns a float in [0,1) for the jitter (default math/rand/v2).
	Rand func() float64
}

func (c *RetryConfig) setDefaults() {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 4
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = 200 * time.Millisecond
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 5 * time.Second
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = 30 * time.Second
	}
	if c.BudgetPerSecond <= 0 {
		c.BudgetPerSecond = 5
	}
	if c.BudgetBurst <= 0 {
		c.BudgetBurst = 20
	}
	if c.Rand == nil {
		c.Rand = rand.Float64
	}
}

// Retry returns the retry layer, built on hashicorp/go-retryablehttp. It
// re-sends a request only when the spec's x-bithumb-retry policy of its
// endpoint allows it:
//
//   - Every endpoint: an attempt that failed before the request was
//     written (the connection could not be made) is retried; so is a 429
//     (Bithumb rejected the request without executing it), at most once
//     for endpoints that are not "safe", and only when the Retry-After
//     wait fits in MaxRetryAfter and the context's deadline.
//   - "safe" endpoints (reads and cancels): also connection errors after
//     the request was written, 5xx, 422 order_not_ready, and 401
//     nonce_used (net/http's own replay of a GET, which re-sends the
//     token the exchange has already seen).
//   - "reconcile" and "never" endpoints are otherwise never re-sent: the
//     outcome is unknown, and the caller (PlaceOrder's reconciliation)
//     decides.
//
// Every attempt passes through the layers below again, so it waits for
// the rate limiter and is signed with a fresh nonce. Nothing is retried
// once the context is done.
func Retry(cfg RetryConfig) Layer {
	cfg.setDefaults()
	budget := rate.NewLimiter(rate.Limit(cfg.BudgetPerSecond), cfg.BudgetBurst)
	return func(next http.RoundTripper) http.RoundTripper {
		r := &retrier{cfg: cfg, budget: budget}
		rc := &retryablehttp.Client{
			HTTPClient: &http.Client{
				Transport:     next,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			},
			RetryWaitMin: cfg.MinBackoff,
			RetryWaitMax: cfg.MaxBackoff,
			RetryMax:     cfg.MaxAttempts - 1,
			CheckRetry:   r.checkRetry,
			Backoff:      r.backoff,
			ErrorHandler: retryablehttp.PassthroughErrorHandler,
			RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, i int) {
				// Tell the layers below which attempt this is
				// (AttemptFrom, for the log): the request's retryCtx
				// answers with its state's number.
				if state, ok := req.Context().Value(retryStateKey{}).(*retryState); ok {
					state.attempt = i + 1
				}
			},
		}
		rt := &retryablehttp.RoundTripper{Client: rc}
		return RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			if req.Body != nil {
				// retryablehttp reads the body once for all attempts but
				// leaves it open; a RoundTripper closes it.
				defer req.Body.Close()
			}
			ctx := &retryCtx{Context: req.Context()}
			resp, err := rt.RoundTrip(req.WithContext(ctx))
			if err != nil && ctx.state.inDoubt && !Ambiguous(err) {
				// The context ended while waiting to retry an attempt
				// whose outcome is unknown: so is the request's.
				err = &InFlightError{Err: err}
			}
			return resp, err
		})
	}
}

type retrier struct {
	cfg    RetryConfig
	budget *rate.Limiter
}

// retryState is per request: what the retry layer has seen so far.
type retryState struct {
	attempt    int // the number of the attempt being sent, from 1
	attempts   int // the attempts checked so far
	rateLimits int
	// inDoubt reports that the latest attempt may have been executed
	// without a definite answer (a 5xx, or a failure after sending).
	inDoubt bool
}

type retryStateKey struct{}

// retryCtx is a request's context under the retry layer: it carries the
// request's retryState and answers AttemptFrom with the number of the
// attempt being sent, in one allocation per request.
type retryCtx struct {
	context.Context
	state retryState
}

// Value answers retryStateKey with the state and attemptKey with the
// attempt number.
func (c *retryCtx) Value(key any) any {
	switch key {
	case retryStateKey{}:
		return &c.state
	case attemptKey{}:
		if c.state.attempt > 0 {
			return c.state.attempt
		}
	}
	return c.Context.Value(key)
}

// String describes the context as context.WithValue's do.
func (c *retryCtx) String() string {
	return fmt.Sprint(c.Context) + ".WithValue(middleware.retryStateKey)"
}

func (r *retrier) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	state, _ := ctx.Value(retryStateKey{}).(*retryState)
	if state == nil {
		state = &retryState{}
	}
	state.inDoubt = (err != nil && Ambiguous(err)) || (err == nil && resp.StatusCode >= 500)
	if d, ok := ctx.Value(doubtKey{}).(*Doubt); ok && state.inDoubt {
		d.inDoubt.Store(true)
	}
	if ctx.Err() != nil {
		// Stop, and let the attempt's own answer or error through: its
		// error tells whether the request had been sent.
		return false, nil
	}
	state.attempts++
	e, _ := EndpointFrom(ctx)
	safe := e.Retry == RetrySafe
	retry := false
	switch {
	case err != nil:
		// http.Client wraps every transport error in a *url.Error, which
		// is a net.Error itself: classify the error it wraps.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		retry = NotSent(err) || (safe && retryableNetError(err))
	case resp.StatusCode == http.StatusTooManyRequests:
		state.rateLimits++
		wait := ParseRetryAfter(resp.Header, time.Now())
		if wait > r.cfg.MaxRetryAfter {
			return false, nil
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return false, nil
		}
		retry = safe || state.rateLimits == 1
	case resp.StatusCode >= 500:
		retry = safe && resp.StatusCode != http.StatusNotImplemented
	case resp.StatusCode == http.StatusUnprocessableEntity:
		retry = safe && errorName(resp) == "order_not_ready"
	case resp.StatusCode == http.StatusUnauthorized:
		// Every attempt carries a fresh nonce, so nonce_used means that
		// net/http replayed the attempt by itself (it re-sends a GET
		// whose kept-alive connection failed before the answer) with the
		// same token. The exchange refused the replay without executing it.
		retry = safe && errorName(resp) == "nonce_used"
	}
	if !retry || state.attempts >= r.cfg.MaxAttempts {
		return false, nil
	}
	if !r.budget.Allow() {
		return false, nil
	}
	return true, nil
}

// backoff is exponential with full jitter, never shorter than a
// Retry-After the server asked for.
func (r *retrier) backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	ceiling := min << attempt
	if ceiling > max || ceiling <= 0 {
		ceiling = max
	}
	wait := time.Duration(r.cfg.Rand() * float64(ceiling))
	if wait < min {
		wait = min
	}
	if resp != nil {
		if ra := ParseRetryAfter(resp.Header, time.Now()); ra > wait {
			wait = ra
		}
	}
	return wait
}

// errorName peeks at a response's Bithumb error name, leaving the body
// readable.
func errorName(resp *http.Response) string {
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxErrorBody))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), resp.Body), resp.Body}
	if err != nil {
		return ""
	}
	var w wireError
	if json.Unmarshal(data, &w) != nil || w.Error == nil {
		return ""
	}
	return unquoteName(w.Error.Name)
}

// NotSent reports whether err shows that a request never left this
// machine (the connection could not be made), so sending it again cannot
// duplicate anything.
func NotSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED)
}

// retryableNetError reports a network failure worth retrying for a safe
// request: resets, timeouts, unexpected EOFs. Errors of this process's
// own making (bad keys, a deadline, a body over the cap) are not.
func retryableNetError(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, ErrNoCredentials) || errors.Is(err, ErrResponseTooLarge) || errors.Is(err, ErrInvalidCredentials) {
		return false
	}
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.As(err, &ne)
}

// Ambiguous reports whether a failed request may nevertheless have been
// executed by the exchange: an answer of 5xx, or a failure after the
// request was handed to the network (an *InFlightError from the Observe
// layer: a reset, a timeout, a cancelled context, a body cut short or too
// large). A failure before sending (the rate limiter's wait, signing, a
// refused connection) is not ambiguous, and neither is a 4xx or a 429:
// the exchange answered that it did not execute the request.
//
// Bound calls with a context deadline rather than http.Client.Timeout:
// the latter replaces the error it interrupts with a text, which hides
// whether the request had been sent.
//
// An order placement that fails ambiguously must be looked up, not
// re-sent blindly.
func Ambiguous(err error) bool {
	if err == nil || NotSent(err) {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.EffectiveStatus() >= 500
	}
	var inFlight *InFlightError
	return errors.As(err, &inFlight)
}

// Doubt records whether any attempt of a request may have been executed
// by the exchange without a definite answer: a 5xx, or a failure after
// sending. A retried request can end in a definite answer (a 429, a 404)
// after such an attempt; the answer then says nothing about the earlier
// attempt, which only Doubt remembers. Attach one with WithDoubt.
type Doubt struct{ inDoubt atomic.Bool }

// InDoubt reports whether an attempt was in doubt.
func (d *Doubt) InDoubt() bool { return d.inDoubt.Load() }

type doubtKey struct{}

// WithDoubt returns ctx carrying d, which the retry layer sets when an
// attempt of the request sent with ctx is in doubt.
func WithDoubt(ctx context.Context, d *Doubt) context.Context {
	return context.WithValue(ctx, doubtKey{}, d)
}
