package middleware

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// The HTTP path of the client is a chain of http.RoundTrippers, outermost
// first:
//
//	Resolve → Retry → Limit → Sign → Observe (size cap and log) → http.Transport
//
// Everything that must happen once per attempt (a rate-limit token, a
// fresh nonce and timestamp, the log line) sits under the retry layer.
// Signing is the last layer that may change the request: anything that
// edits the URL or body must sit above it.

// Layer is one stage of the chain: it wraps the RoundTripper below it.
// Every layer of this package is built the same way, by a constructor
// that takes the layer's settings and returns a Layer (Resolve, Retry,
// Limit, Sign, Observe), so that layers compose by plain function
// application and Chain only orders them:
//
//	rt := Retry(RetryConfig{})(Limit(limiter)(Sign(jwt, nil)(Observe(0, nil)(http.DefaultTransport))))
type Layer func(next http.RoundTripper) http.RoundTripper

// RoundTripFunc adapts a function to http.RoundTripper.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f(req).
func (f RoundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// Resolve returns the layer that finds each request's Endpoint in catalog
// (by method and path) and stores it in the request context for the layers
// below. A request whose context already carries an Endpoint keeps it. An
// unknown path gets GuessEndpoint(method, path, signed).
func Resolve(catalog *Catalog, signed bool) Layer {
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			if _, ok := EndpointFrom(req.Context()); ok {
				return next.RoundTrip(req)
			}
			e, ok := catalog.Lookup(req.Method, req.URL.Path)
			if !ok {
				e = GuessEndpoint(req.Method, req.URL.Path, signed)
			}
			return next.RoundTrip(req.WithContext(WithEndpoint(req.Context(), e)))
		})
	}
}

// ErrNoCredentials is returned for a private endpoint when the client has
// no credentials for its signing scheme.
var ErrNoCredentials = errors.New("bithumb: this endpoint needs API keys; none were configured")

// Sign returns the layer that signs each attempt according to its
// Endpoint's Auth: a JWT (jwt) for API 2.0 private endpoints, HMAC headers
// (hmac) for legacy private endpoints, nothing for public ones. Either
// signer may be nil when the client has no keys; signing a private request
// then fails with ErrNoCredentials before anything is sent. The request is
// cloned, never modified.
func Sign(jwt *JWTSigner, hmac *HMACSigner) Layer {
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			e, _ := EndpointFrom(req.Context())
			var sign func(*http.Request) error
			switch e.Auth {
			case AuthJWT:
				if jwt == nil {
					return nil, ErrNoCredentials
				}
				sign = jwt.SignRequest
			case AuthHMAC:
				if hmac == nil {
					return nil, ErrNoCredentials
				}
				sign = hmac.SignRequest
			default:
				return next.RoundTrip(req)
			}
			signed := req.Clone(req.Context())
			if err := sign(signed); err != nil {
				return nil, err
			}
			return next.RoundTrip(signed)
		})
	}
}

// ErrResponseTooLarge is returned while reading a response body that is
// larger than the configured cap.
var ErrResponseTooLarge = errors.New("bithumb: response body exceeds the size limit")

// Observe returns the layer that caps response bodies at maxBody bytes
// (reading more fails with ErrResponseTooLarge), marks every failure after
// the request was handed to base as an *InFlightError, and, when logger is not
// nil, logs every attempt at debug level (failures at warn level): method,
// path, status, duration, rate-limit category and attempt number. It never
// logs headers, query strings or bodies, so neither keys nor tokens can
// reach the log.
func Observe(maxBody int64, logger *slog.Logger) Layer {
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			if err := req.Context().Err(); err != nil {
				return nil, err // not sent: no InFlightError
			}
			var start time.Time
			if logger != nil {
				start = time.Now()
			}
			resp, err := next.RoundTrip(req)
			if logger != nil {
				logAttempt(req, resp, err, time.Since(start), logger)
			}
			if err != nil {
				return nil, &InFlightError{Err: err}
			}
			resp.Body = &observedBody{rc: resp.Body, capped: maxBody > 0, left: maxBody}
			return resp, nil
		})
	}
}

func logAttempt(req *http.Request, resp *http.Response, err error, d time.Duration, logger *slog.Logger) {
	e, _ := EndpointFrom(req.Context())
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.URL.Path),
		slog.String("operation", e.OperationID),
		slog.String("category", e.Category),
		slog.Int("attempt", AttemptFrom(req.Context())),
		slog.Duration("duration", d),
	}
	level := slog.LevelDebug
	if err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", redactError(err)))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if resp.StatusCode >= 400 {
			level = slog.LevelWarn
		}
	}
	logger.LogAttrs(req.Context(), level, "bithumb request", attrs...)
}

// redactError describes a transport error without the URL that
// *url.Error carries (its query could hold anything a caller put there).
func redactError(err error) string {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			return inner.Error()
		}
	}
	return err.Error()
}

// observedBody caps a response body at left bytes (when capped) and marks its read failures as *InFlightError: a body cut
// short is an answer lost after the request was sent.
type observedBody struct {
	rc     io.ReadCloser
	capped bool
	left   int64
}

func (b *observedBody) Read(p []byte) (int, error) {
	n, err := b.read(p)
	if err != nil && err != io.EOF {
		err = &InFlightError{Err: err}
	}
	return n, err
}

func (b *observedBody) read(p []byte) (int, error) {
	if !b.capped {
		return b.rc.Read(p)
	}
	if b.left <= 0 {
		// Is there more? A body of exactly the limit is fine.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, ErrResponseTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *observedBody) Close() error { return b.rc.Close() }

// InFlightError wraps a failure that happened after a request was handed
// to the network: the transport's error (a reset, a timeout, a cancelled
// context) or a failure while reading the response body. The exchange
// may have executed such a request, unless NotSent(err) shows that it
// never left this machine; see Ambiguous.
type InFlightError struct{ Err error }

// Error returns the wrapped error's text.
func (e *InFlightError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *InFlightError) Unwrap() error { return e.Err }

type attemptKey struct{}

// WithAttempt returns ctx carrying the attempt number n (1 for the first).
func WithAttempt(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, attemptKey{}, n)
}

// AttemptFrom returns the attempt number stored by WithAttempt, or 1.
func AttemptFrom(ctx context.Context) int {
	if n, ok := ctx.Value(attemptKey{}).(int); ok {
		return n
	}
	return 1
}

// Chain builds the client's RoundTripper from base (usually an
// *http.Transport) and the layers' settings, in the order described
// above: Resolve, Retry, Limit, Sign, Observe. c.Retry and c.Limit may be
// nil to leave those layers out.
func Chain(base http.RoundTripper, c ChainConfig) http.RoundTripper {
	rt := Observe(c.MaxBody, c.Logger)(base)
	rt = Sign(c.JWT, c.HMAC)(rt)
	if c.Limit != nil {
		rt = c.Limit(rt)
	}
	if c.Retry != nil {
		rt = c.Retry(rt)
	}
	return Resolve(c.Catalog, c.JWT != nil)(rt)
}

// ChainConfig holds what Chain needs.
type ChainConfig struct {
	// Catalog maps requests to endpoints. Required.
	Catalog *Catalog
	// JWT and HMAC sign private requests; either may be nil.
	JWT  *JWTSigner
	HMAC *HMACSigner
	// MaxBody caps response bodies; 0 means no cap.
	MaxBody int64
	// Logger receives one record per attempt; nil disables logging.
	Logger *slog.Logger
	// Limit and Retry are the rate-limit and retry layers (see Limit and
	// Retry); nil leaves them out.
	Limit Layer
	Retry Layer
}

// String makes a ChainConfig safe to print: it shows which layers are set,
// never the signers' keys.
func (c ChainConfig) String() string {
	return fmt.Sprintf("ChainConfig{jwt:%t hmac:%t maxBody:%d logger:%t limit:%t retry:%t}",
		c.JWT != nil, c.HMAC != nil, c.MaxBody, c.Logger != nil, c.Limit != nil, c.Retry != nil)
}
