package middleware

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter paces requests per rate-limit category before they are sent, so
// that Bithumb never has to answer 429 (which, repeated, blocks the IP for
// minutes). Implementations must be safe for concurrent use. The in-process
// implementation is CategoryLimiter; a limiter shared by several processes
// (e.g. backed by Redis) can implement the same interface.
type Limiter interface {
	// Wait blocks until a request of category may be sent, or returns an
	// error without waiting when ctx ends first or its deadline is too
	// close to wait that long.
	Wait(ctx context.Context, category string) error
	// Observe feeds back a response of category: the x-ratelimit-*
	// headers, and 429s, which make the limiter back off. Limit calls it
	// after every request it let through, with status 0 and a nil header
	// when the request got no response.
	Observe(category string, status int, header http.Header)
}

// ErrLimiterDeadline is returned by Wait when the context's deadline comes
// before a request could be sent. It matches context.DeadlineExceeded too.
var ErrLimiterDeadline = &limiterDeadlineError{}

type limiterDeadlineError struct{}

func (*limiterDeadlineError) Error() string {
	return "bithumb: waiting for the rate limiter would exceed the context deadline"
}

func (*limiterDeadlineError) Is(target error) bool { return target == context.DeadlineExceeded }

// RateLimit is the limit of one category.
type RateLimit struct {
	// PerSecond is the number of requests allowed in any one-second
	// window: finite, greater than 0 and at most MaxPerSecond.
	PerSecond float64
}

// MaxPerSecond is the largest rate limit a limiter accepts. Bithumb's
// published limits are 150 per second and less; a larger value is a
// mistake, or a limit that should be turned off instead.
const MaxPerSecond = 1e6

// Validate returns an error unless r.PerSecond is a number greater than 0
// and at most MaxPerSecond (NaN and infinities are refused).
func (r RateLimit) Validate() error {
	if !(r.PerSecond > 0 && r.PerSecond <= MaxPerSecond) {
		return fmt.Errorf("rate limit %v per second is not in (0, %g]", r.PerSecond, float64(MaxPerSecond))
	}
	return nil
}

// CategoryLimiter is a token bucket per category (golang.org/x/time/rate).
// Until the server says otherwise, a category's bucket holds 10% of its
// limit and refills at 75% of it (BucketShape), so that no window of one
// second ever carries more than 85% of the limit (refill + burst), leaving
// room for jitter under Bithumb's per-second counting.
//
// It also reads feedback. While a category's answers carry Bithumb's
// x-ratelimit-* headers (remaining, burst capacity, replenish rate), the
// server's bucket absorbs the jitter, so the category is paced at 97% of
// the announced replenish rate (at most its published limit) with a burst
// of the other 3% (at least 1) instead, still never more than the limit in
// any one second, and each request then waits until a conservative
// estimate of the server's bucket holds it: the last remaining count, plus
// the refill since (for a server that refills per one-second window, only
// once a window boundary has certainly passed), less the requests still
// unanswered. Requests held until a window boundary go out together when
// it passes, within the server's new window. Header values above the
// published limit are taken as the limit; without headers for 5 s the
// category returns to the static shape. When the headers say the server's
// bucket is nearly empty (other processes on the same IP share it), or a
// 429 arrives, the category pauses before its next request (for
// Retry-After, or until the server bucket refills).
//
// With WithAssetLimit it is an AssetLimiter too: a token bucket of the
// same shape per asset and per-asset rule.
//
// Create one with NewCategoryLimiter; the zero value is not usable. It is
// safe for concurrent use.
type CategoryLimiter struct {
	mu       sync.Mutex
	buckets  map[string]*bucket
	fallback RateLimit
	extra    map[string]*rate.Limiter // additional caps, e.g. orders 10/s
	assets   map[string]*assetRule    // per-asset rules (WithAssetLimit)
	now      func() time.Time
}

type bucket struct {
	// lim has BucketShape's shape, or while fed is set (headers steer
	// it) feedbackShare of the server's rate and the rest of that rate
	// as burst.
	lim        *rate.Limiter
	fed        bool
	pauseUntil time.Time
	view       serverView
}

func newBucket(perSecond float64) *bucket {
	return &bucket{lim: newTokenBucket(perSecond), view: serverView{published: perSecond}}
}

// reshape gives b.lim the shape that the server's headers call for at
// now. It needs l.mu.
func (b *bucket) reshape(now time.Time) {
	switch fresh := b.view.fresh(now); {
	case fresh:
		// The burst makes up for a short stall of the process: no more
		// than the announced rate (at most the published limit) in any
		// one second.
		rps := feedbackShare * b.view.replenish
		r, burst := rate.Limit(rps), max(1, int(b.view.replenish-rps))
		if !b.fed || b.lim.Limit() != r || b.lim.Burst() != burst {
			owed := 0.0
			if !b.fed {
				owed = switchDebt(b.lim, now, float64(r), burst)
			}
			b.lim.SetLimitAt(now, r)
			for ; owed > 0; owed-- {
				b.lim.ReserveN(now, 1)
			}
			b.lim.SetBurstAt(now, burst)
		}
	case b.fed:
		burst, refill := BucketShape(b.view.published)
		b.lim.SetLimitAt(now, rate.Limit(refill))
		b.lim.SetBurstAt(now, burst)
	}
	b.fed = b.view.fresh(now)
}

// switchDebt returns how many tokens lim, about to be sped up from its
// static shape to rate with burst, must owe so that the requests it lets
// through in any one second stay within rate+burst: the part of the
// static burst that burst does not cover (it may have just been spent),
// and for the k requests already waiting their turn at the slower rate,
// enough that new ones are not let through among them (k·(rate/old−1)).
func switchDebt(lim *rate.Limiter, now time.Time, rate float64, burst int) float64 {
	owed := float64(lim.Burst() - burst)
	if k := -lim.TokensAt(now); k > 0 {
		owed += k * (rate/float64(lim.Limit()) - 1)
	}
	return math.Ceil(owed)
}

// LimiterOption configures NewCategoryLimiter. An option whose argument
// is invalid makes NewCategoryLimiter fail with its error.
type LimiterOption func(*CategoryLimiter) error

// WithCap adds a second limit on category on top of its own, e.g.
// Bithumb's CLI holds order placement to 10 per second. category must not
// be empty, and perSecond must pass RateLimit.Validate.
func WithCap(category string, perSecond float64) LimiterOption {
	return func(l *CategoryLimiter) error {
		if category == "" {
			return errors.New("middleware: WithCap: empty category")
		}
		if err := (RateLimit{PerSecond: perSecond}).Validate(); err != nil {
			return fmt.Errorf("middleware: WithCap(%q): %w", category, err)
		}
		l.extra[category] = newTokenBucket(perSecond)
		return nil
	}
}

// WithLimiterClock sets the clock of the feedback pauses, after a 429 or
// a nearly empty server bucket (tests); the pacing and the estimate of the
// server's bucket read time.Now. now must not be nil.
func WithLimiterClock(now func() time.Time) LimiterOption {
	return func(l *CategoryLimiter) error {
		if now == nil {
			return errors.New("middleware: WithLimiterClock: nil clock")
		}
		l.now = now
		return nil
	}
}

// NewCategoryLimiter returns a limiter with the given per-category limits.
// Categories missing from limits use fallback. It returns an error, and
// no limiter, when a limit fails RateLimit.Validate, a category name is
// empty, or an option is invalid; nil options are skipped.
func NewCategoryLimiter(limits map[string]RateLimit, fallback RateLimit, opts ...LimiterOption) (*CategoryLimiter, error) {
	if err := fallback.Validate(); err != nil {
		return nil, fmt.Errorf("middleware: the fallback %w", err)
	}
	l := &CategoryLimiter{buckets: map[string]*bucket{}, fallback: fallback, extra: map[string]*rate.Limiter{},
		assets: map[string]*assetRule{}, now: time.Now}
	for name, lim := range limits {
		if name == "" {
			return nil, errors.New("middleware: a rate limit with an empty category")
		}
		if err := lim.Validate(); err != nil {
			return nil, fmt.Errorf("middleware: the %w of %s", err, name)
		}
		l.buckets[name] = newBucket(lim.PerSecond)
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(l); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// newTokenBucket returns a bucket of the shape BucketShape gives.
func newTokenBucket(perSecond float64) *rate.Limiter {
	burst, refill := BucketShape(perSecond)
	return rate.NewLimiter(rate.Limit(refill), burst)
}

// BucketShape returns the token bucket that admits at most 85% of
// perSecond requests in any one-second window: it bursts 10% (at least 1)
// and refills at 75%. The 15% left over absorbs jitter (scheduling, new
// connections, the network), which bunches requests up by the time the
// server counts them: measured at a loopback server under the race
// detector, up to 11% more requests landed in one second than left the
// limiter in it. CategoryLimiter uses it until the server's x-ratelimit-*
// headers announce its bucket, and so should any other Limiter that paces
// requests to Bithumb's published limits without them.
func BucketShape(perSecond float64) (burst int, refill float64) {
	burst = int(perSecond / 10)
	if burst < 1 {
		burst = 1
	}
	refill = 0.85*perSecond - float64(burst)
	if refill <= 0 {
		refill = perSecond / 2
	}
	return burst, refill
}

func (l *CategoryLimiter) bucket(category string) *bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[category]
	if !ok {
		b = newBucket(l.fallback.PerSecond)
		l.buckets[category] = b
	}
	return b
}

// Wait implements Limiter.
func (l *CategoryLimiter) Wait(ctx context.Context, category string) error {
	b := l.bucket(category)
	l.mu.Lock()
	pause := b.pauseUntil.Sub(l.now())
	b.reshape(time.Now())
	l.mu.Unlock()
	if err := sleep(ctx, pause); err != nil {
		return err
	}
	if err := wait(ctx, b.lim); err != nil {
		return err
	}
	if extra := l.extra[category]; extra != nil {
		if err := wait(ctx, extra); err != nil {
			return err
		}
	}
	for {
		l.mu.Lock()
		now := time.Now()
		d := b.view.gateDelay(now)
		if d == 0 && b.view.fresh(now) {
			b.view.granted(now)
		}
		l.mu.Unlock()
		if d == 0 {
			return nil
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// sleep waits d, or returns at once with ErrLimiterDeadline when ctx's
// deadline comes first, or with ctx's error when it ends while waiting.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return ErrLimiterDeadline
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// wait is rate.Limiter.Wait with the deadline error made recognisable.
func wait(ctx context.Context, lim *rate.Limiter) error {
	err := lim.Wait(ctx)
	if err != nil && ctx.Err() == nil {
		// x/time/rate refuses up front when the deadline is too close.
		return ErrLimiterDeadline
	}
	return err
}

// lowWater is the fraction of the server-side bucket below which the
// limiter pauses a category until the server's bucket has refilled.
const lowWater = 0.1

// Observe implements Limiter.
func (l *CategoryLimiter) Observe(category string, status int, header http.Header) {
	b := l.bucket(category)
	l.mu.Lock()
	defer l.mu.Unlock()
	b.view.observe(time.Now(), header)
	b.reshape(time.Now())
	if b.view.windowed && status != http.StatusTooManyRequests {
		// The refill comes at the next boundary, which the gate waits
		// for: FeedbackPause's continuous refill does not apply.
		return
	}
	now := l.now()
	pause := FeedbackPause(status, header, now)
	if until := now.Add(pause); pause > 0 && until.After(b.pauseUntil) {
		b.pauseUntil = until
	}
}

// FeedbackPause returns how long a category should pause after a response
// with status and header, received at now: Retry-After (or a second) after
// a 429, the time the server-side bucket needs to refill to 10% when
// Bithumb's x-ratelimit-* headers say it is emptier than that, and zero
// otherwise.
func FeedbackPause(status int, header http.Header, now time.Time) time.Duration {
	var pause time.Duration
	if status == http.StatusTooManyRequests {
		pause = ParseRetryAfter(header, now)
		if pause <= 0 {
			pause = time.Second
		}
	} else if remaining, burst, replenish, ok := rateLimitHeaders(header); ok && replenish > 0 && float64(remaining) < lowWater*float64(burst) {
		// Someone else on this IP is spending the shared bucket: wait
		// until it holds lowWater of its capacity again.
		need := lowWater*float64(burst) - float64(remaining)
		pause = time.Duration(need / float64(replenish) * float64(time.Second))
	}
	return pause
}

// rateLimitHeaders reads Bithumb's x-ratelimit-* headers; ok is false
// unless all three are integers.
func rateLimitHeaders(h http.Header) (remaining, burst, replenish int, ok bool) {
	// The first absent header settles it: most servers send none.
	r, ok := headerInt(h, "X-Ratelimit-Remaining")
	if !ok {
		return 0, 0, 0, false
	}
	b, ok := headerInt(h, "X-Ratelimit-Burst-Capacity")
	if !ok {
		return 0, 0, 0, false
	}
	p, ok := headerInt(h, "X-Ratelimit-Replenish-Rate")
	if !ok {
		return 0, 0, 0, false
	}
	return r, b, p, true
}

// headerInt reads the integer in header name. An absent header costs
// nothing: strconv's error for it would be an allocation on every call to
// a server that sends no x-ratelimit-* headers.
func headerInt(h http.Header, name string) (int, bool) {
	v := h.Get(name)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// Limit returns the layer that waits for limiter before every attempt (it
// sits under the retry layer, so retries spend tokens too) and feeds every
// response back to it.
//
// When limiter is an AssetLimiter and a per-asset rule covers the
// request's endpoint (Endpoint.Asset), the layer then waits once per
// order or id the request carries on its asset: a placement's market, each
// order of a batch, a legacy order's currency, or, for a cancel that
// names orders by id only, the asset of each order placed through this
// layer. For that it remembers the last 4096 client order ids of its
// placements and, apart from them, the last 4096 exchange order ids
// their 2xx answers hold (Endpoint.Asset.AnswerID): it reads such an
// answer's body ahead and puts back a reader that gives the same bytes
// and the same end. A cancel of an order placed elsewhere (another
// client or process, or one forgotten) names no asset the layer knows,
// so only its category paces it.
func Limit(limiter Limiter) Layer {
	assets, _ := limiter.(AssetLimiter)
	mem := newPlacedOrders(orderAssetsSize)
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			e, _ := EndpointFrom(req.Context())
			if err := limiter.Wait(req.Context(), e.Category); err != nil {
				return nil, err
			}
			var onAssets []string
			if assets != nil && e.Asset.Rule != "" {
				onAssets = requestAssets(req, e.Asset, mem)
				for _, asset := range onAssets {
					if asset == "" {
						continue
					}
					if err := assets.WaitAsset(req.Context(), e.Asset.Rule, asset); err != nil {
						return nil, err
					}
				}
			}
			resp, err := next.RoundTrip(req)
			if err != nil {
				limiter.Observe(e.Category, 0, nil)
				return resp, err
			}
			limiter.Observe(e.Category, resp.StatusCode, resp.Header)
			if e.Asset.AnswerID != "" && len(onAssets) > 0 && resp.StatusCode/100 == 2 {
				rememberAnswer(resp, e.Asset, onAssets, mem.byOrderID)
			}
			return resp, nil
		})
	}
}
