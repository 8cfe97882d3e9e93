// Package redislimit is a rate limiter for the bithumb client that several
// processes share through Redis, so that all of them together stay under
// Bithumb's published limits.
//
// Every category is a GCRA bucket (the generic cell rate algorithm) kept in
// one Redis key per identity and category, e.g.
// "bithumb:ratelimit:<hash of the identity>:private-order". A Lua script
// reserves a slot atomically on Redis's clock, so the processes' clocks do
// not matter. The buckets have the shape of the in-process limiter's
// (middleware.BucketShape): at most 85% of the published limit in any
// one-second window.
//
// The per-asset rules (catalog.AssetRules: orders and cancels on one
// asset) are GCRA buckets too, one key per identity, rule and asset, e.g.
// "bithumb:ratelimit:<hash>:asset:asset-orders:BTC"; a key expires once
// its bucket has refilled, so Redis holds the assets in use only. The
// Limiter is a middleware.AssetLimiter, so a client given it paces per
// asset across processes as well. The assets of orders that a cancel
// names by id only are known to the client (middleware.Limit) that placed
// them, not shared: a cancel in one process of an order another placed is
// paced by its category only.
//
// When Redis cannot be reached the limiter falls back to the in-process
// middleware.CategoryLimiter with the same limits, logs one warning, and
// goes back to Redis as soon as it answers again (it is asked at most once
// a second meanwhile). Callers never see Redis's errors.
//
// The package is separate from the client so that programs that do not use
// Redis do not link a Redis client.
package redislimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/middleware"
)

// reserveScript reserves one request of one or more GCRA buckets (a
// category, and its cap if it has one) on Redis's clock. KEYS are the
// buckets; ARGV[1] is the longest wait the caller accepts, in microseconds
// (negative: any), then come each bucket's emission interval and burst
// tolerance, in microseconds. The request may go when every bucket admits
// it. The script returns {1, wait} when it may be sent after wait
// microseconds (the slots are then taken), or {0, wait} when wait is
// longer than the caller accepts (nothing is taken).
var reserveScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local maxWait = tonumber(ARGV[1])
local tats = {}
local wait = 0
for i, key in ipairs(KEYS) do
  local tat = tonumber(redis.call('GET', key) or now)
  if tat < now then tat = now end
  tats[i] = tat
  local w = tat - tonumber(ARGV[2 * i + 1]) - now
  if w > wait then wait = w end
end
if maxWait >= 0 and wait > maxWait then return {0, wait} end
local send = now + wait
for i, key in ipairs(KEYS) do
  local tat = tats[i]
  if tat < send then tat = send end
  local newTat = tat + tonumber(ARGV[2 * i])
  redis.call('SET', key, string.format('%.0f', newTat), 'PX', math.ceil((newTat - now) / 1000) + 1000)
end
return {1, wait}
`)

// pauseScript holds a GCRA bucket back: no request of it is admitted
// before ARGV[1] microseconds from now. ARGV[2] is the bucket's tolerance.
var pauseScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local want = now + tonumber(ARGV[1]) + tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
if tat >= want then return 0 end
redis.call('SET', KEYS[1], string.format('%.0f', want), 'PX', math.ceil((want - now) / 1000) + 1000)
return 1
`)

// probeInterval is how often a limiter that has fallen back to local
// limits asks Redis whether it is back.
const probeInterval = time.Second

// Limiter is a middleware.Limiter whose buckets live in Redis, shared by
// every process that uses the same Redis and identity. Create one with
// New; it is safe for concurrent use.
type Limiter struct {
	rdb      redis.Scripter
	prefix   string
	buckets  map[string]gcra
	caps     map[string]gcra
	assets   map[string]gcra // per-asset rules
	fallback gcra
	local    middleware.Limiter
	logger   *slog.Logger
	timeout  time.Duration
	now      func() time.Time // the wake-up check's clock (tests)

	down      atomic.Bool
	mu        sync.Mutex
	nextProbe time.Time
}

// gcra is a bucket's shape in microseconds.
type gcra struct {
	interval, tolerance int64
}

func newGCRA(perSecond float64) gcra {
	burst, refill := middleware.BucketShape(perSecond)
	interval := int64(math.Ceil(1e6 / refill)) // rounded towards slower
	if interval < 1 {
		interval = 1
	}
	return gcra{interval: interval, tolerance: int64(burst-1) * interval}
}

type config struct {
	limits  map[string]float64 // categories and per-asset rules
	caps    map[string]float64
	local   middleware.Limiter
	logger  *slog.Logger
	prefix  string
	timeout time.Duration
}

// Option configures New.
type Option func(*config) error

// WithRateLimit overrides the published limit of one category or
// per-asset rule, in requests per second, like bithumb.WithRateLimit does
// for the in-process limiter. Every process sharing the buckets must use
// the same limits.
func WithRateLimit(category string, perSecond float64) Option {
	return func(c *config) error {
		if err := (middleware.RateLimit{PerSecond: perSecond}).Validate(); err != nil {
			return fmt.Errorf("redislimit: WithRateLimit(%q): %w", category, err)
		}
		c.limits[category] = perSecond
		return nil
	}
}

// WithCap adds a second limit on category on top of its own, shared like
// the first, e.g. 10 order placements per second as
// bithumb.WithOrderRateCap sets for the in-process limiter (which a
// client given this limiter does not use). The default fallback limiter
// applies the cap too.
func WithCap(category string, perSecond float64) Option {
	return func(c *config) error {
		if err := (middleware.RateLimit{PerSecond: perSecond}).Validate(); err != nil {
			return fmt.Errorf("redislimit: WithCap(%q): %w", category, err)
		}
		c.caps[category] = perSecond
		return nil
	}
}

// WithFallback replaces the limiter used while Redis is unavailable. The
// default is a middleware.CategoryLimiter with the same limits; note that
// each process then spends the whole limit on its own, so a program that
// runs several processes may want a stricter one here.
func WithFallback(l middleware.Limiter) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("redislimit: WithFallback: nil limiter")
		}
		c.local = l
		return nil
	}
}

// WithLogger sets where the warning about falling back to local limits,
// and the notice of Redis's return, are logged (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("redislimit: WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithKeyPrefix sets the prefix of the Redis keys (default
// "bithumb:ratelimit:").
func WithKeyPrefix(prefix string) Option {
	return func(c *config) error {
		c.prefix = prefix
		return nil
	}
}

// WithRedisTimeout bounds each call to Redis (default 1s); a call that
// takes longer counts as Redis being unavailable.
func WithRedisTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("redislimit: WithRedisTimeout: %v is not positive", d)
		}
		c.timeout = d
		return nil
	}
}

// New returns a limiter that keeps its buckets in rdb (a *redis.Client,
// *redis.ClusterClient or *redis.Ring). identity names whose budget the
// buckets count: the API access key, or the public IP address, shared by
// the processes that Bithumb counts together. It is hashed before it goes
// into the key names, so a key never reaches Redis in clear.
//
// The limits are the spec's published ones (x-bithumb-rate-limit-categories),
// with the overrides of WithRateLimit; paths outside the spec use
// private-other's, as in the client's own limiter.
func New(rdb redis.Scripter, identity string, opts ...Option) (*Limiter, error) {
	if rdb == nil {
		return nil, errors.New("redislimit: nil Redis client")
	}
	if identity == "" {
		return nil, errors.New("redislimit: empty identity")
	}
	cats, rules := catalog.Categories(), catalog.AssetRules()
	c := config{limits: map[string]float64{}, caps: map[string]float64{}, logger: slog.Default(), prefix: "bithumb:ratelimit:", timeout: time.Second}
	for name, cat := range cats {
		c.limits[name] = cat.PerSecond
	}
	for name, r := range rules {
		c.limits[name] = r.PerSecond
	}
	for _, opt := range opts {
		if err := opt(&c); err != nil {
			return nil, err
		}
	}
	assets := map[string]float64{}
	for name, perSecond := range c.limits {
		if _, ok := rules[name]; ok {
			assets[name] = perSecond
			delete(c.limits, name)
		} else if _, ok := cats[name]; !ok {
			return nil, fmt.Errorf("redislimit: WithRateLimit: unknown category or per-asset rule %q", name)
		}
	}
	for name := range c.caps {
		if _, ok := cats[name]; !ok {
			return nil, fmt.Errorf("redislimit: WithCap: unknown category %q", name)
		}
	}
	if c.local == nil {
		limits := make(map[string]middleware.RateLimit, len(c.limits))
		for name, perSecond := range c.limits {
			limits[name] = middleware.RateLimit{PerSecond: perSecond}
		}
		var opts []middleware.LimiterOption
		for name, perSecond := range c.caps {
			opts = append(opts, middleware.WithCap(name, perSecond))
		}
		for name, perSecond := range assets {
			opts = append(opts, middleware.WithAssetLimit(name, perSecond))
		}
		local, err := middleware.NewCategoryLimiter(limits, limits["private-other"], opts...)
		if err != nil {
			return nil, err
		}
		c.local = local
	}
	sum := sha256.Sum256([]byte(identity))
	l := &Limiter{
		rdb:      rdb,
		prefix:   c.prefix + hex.EncodeToString(sum[:12]) + ":",
		buckets:  make(map[string]gcra, len(c.limits)),
		caps:     make(map[string]gcra, len(c.caps)),
		assets:   make(map[string]gcra, len(assets)),
		fallback: newGCRA(c.limits["private-other"]),
		local:    c.local,
		logger:   c.logger,
		timeout:  c.timeout,
		now:      time.Now,
	}
	for name, perSecond := range c.limits {
		l.buckets[name] = newGCRA(perSecond)
	}
	for name, perSecond := range c.caps {
		l.caps[name] = newGCRA(perSecond)
	}
	for name, perSecond := range assets {
		l.assets[name] = newGCRA(perSecond)
	}
	return l, nil
}

func (l *Limiter) bucket(category string) (key string, g gcra) {
	g, ok := l.buckets[category]
	if !ok {
		g = l.fallback
	}
	return l.prefix + category, g
}

// useRedis reports whether to ask Redis: always while it is up, and once a
// probeInterval (to one caller) while it is down.
func (l *Limiter) useRedis() bool {
	if !l.down.Load() {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := time.Now(); now.After(l.nextProbe) {
		l.nextProbe = now.Add(probeInterval)
		return true
	}
	return false
}

// failed records that Redis did not answer, warning on the first failure.
func (l *Limiter) failed(err error) {
	l.mu.Lock()
	l.nextProbe = time.Now().Add(probeInterval)
	l.mu.Unlock()
	if l.down.CompareAndSwap(false, true) {
		l.logger.Warn("bithumb: Redis rate limiter unavailable; falling back to local limits", "error", err)
	}
}

// succeeded records that Redis answered.
func (l *Limiter) succeeded() {
	if l.down.CompareAndSwap(true, false) {
		l.logger.Info("bithumb: Redis rate limiter available again; shared limits resumed")
	}
}

// Wait implements middleware.Limiter. It reserves the category's next
// slot in Redis and sleeps until it comes. When the slot comes after ctx's
// deadline it returns middleware.ErrLimiterDeadline at once without taking
// the slot; a ctx cancelled during the sleep returns ctx.Err() (the slot
// is then spent). When the process wakes up more than 50ms after its slot
// (a stall, an overloaded machine), it reserves a new slot once rather
// than bunch up with the requests of the slots after its own. While Redis
// is unavailable it waits on the local limiter instead.
func (l *Limiter) Wait(ctx context.Context, category string) error {
	key, g := l.bucket(category)
	keys, shapes := []string{key}, []gcra{g}
	if c, ok := l.caps[category]; ok {
		keys, shapes = append(keys, l.prefix+"cap:"+category), append(shapes, c)
	}
	return l.wait(ctx, keys, shapes, func() error { return l.local.Wait(ctx, category) })
}

// WaitAsset implements middleware.AssetLimiter: it waits, as Wait does,
// for the GCRA bucket of asset under the per-asset rule (Redis key
// "<prefix><hash>:asset:<rule>:<asset>", which expires once the bucket has
// refilled, so Redis holds the assets in use only). While Redis is
// unavailable it waits on the fallback limiter when that is a
// middleware.AssetLimiter (the default is), and not at all otherwise. An
// unknown rule or an empty asset does not wait.
func (l *Limiter) WaitAsset(ctx context.Context, rule, asset string) error {
	g, ok := l.assets[rule]
	if !ok || asset == "" {
		return nil
	}
	return l.wait(ctx, []string{l.prefix + "asset:" + rule + ":" + asset}, []gcra{g}, func() error {
		if local, ok := l.local.(middleware.AssetLimiter); ok {
			return local.WaitAsset(ctx, rule, asset)
		}
		return nil
	})
}

// wait reserves a slot of every bucket of keys (with their shapes) in
// Redis and sleeps until it comes, falling back to local; see Wait.
func (l *Limiter) wait(ctx context.Context, keys []string, shapes []gcra, local func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for retried := false; ; retried = true {
		if !l.useRedis() {
			return local()
		}
		wait, err := l.reserve(ctx, keys, shapes)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if errors.Is(err, middleware.ErrLimiterDeadline) {
				l.succeeded()
				return err
			}
			l.failed(err)
			return local()
		}
		l.succeeded()
		if wait <= 0 {
			return nil
		}
		due := l.now().Add(wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		if retried || l.now().Sub(due) <= maxLateness {
			return nil
		}
		// The process woke up late (a stall, an overloaded machine):
		// sent now, the request would land among the slots reserved
		// after its own. Its slot is lost; reserve another, once.
	}
}

// maxLateness is how late after its slot a request may still be sent;
// beyond it, Wait reserves a new slot (once).
const maxLateness = 50 * time.Millisecond

// reserve reserves the next slot of the buckets keys, of the given
// shapes, in Redis and returns how long to wait for it, or
// ErrLimiterDeadline when it comes after ctx's deadline.
func (l *Limiter) reserve(ctx context.Context, keys []string, shapes []gcra) (time.Duration, error) {
	maxWait := int64(-1)
	if dl, ok := ctx.Deadline(); ok {
		maxWait = max(int64(time.Until(dl)/time.Microsecond), 0)
	}
	args := []any{maxWait}
	for _, g := range shapes {
		args = append(args, g.interval, g.tolerance)
	}
	rctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	res, err := reserveScript.Run(rctx, l.rdb, keys, args...).Int64Slice()
	if err != nil {
		return 0, err
	}
	if len(res) != 2 {
		return 0, fmt.Errorf("unexpected reply %v", res)
	}
	if res[0] == 0 {
		return 0, middleware.ErrLimiterDeadline
	}
	return time.Duration(res[1]) * time.Microsecond, nil
}

// Observe implements middleware.Limiter. A 429, or x-ratelimit-* headers
// saying Bithumb's bucket is nearly empty, pause the category for every
// process sharing it (see middleware.FeedbackPause); the local fallback
// limiter is told too.
func (l *Limiter) Observe(category string, status int, header http.Header) {
	l.local.Observe(category, status, header)
	pause := middleware.FeedbackPause(status, header, time.Now())
	if pause <= 0 || l.down.Load() {
		return
	}
	key, g := l.bucket(category)
	ctx, cancel := context.WithTimeout(context.Background(), l.timeout)
	defer cancel()
	if err := pauseScript.Run(ctx, l.rdb, []string{key}, int64(pause/time.Microsecond), g.tolerance).Err(); err != nil {
		l.failed(err)
		return
	}
	l.succeeded()
}

var _ middleware.Limiter = (*Limiter)(nil)
