package middleware

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// AssetLimiter is a Limiter that also paces requests per asset, under the
// spec's per-asset rules (catalog.AssetRules): Bithumb may restrict more
// than about 20 orders and cancels per second on one asset, whatever
// their categories allow. Limit calls WaitAsset, after Wait, once for
// every order or id a request of a covered endpoint carries on asset; a
// Limiter without the method paces by category only.
type AssetLimiter interface {
	Limiter
	// WaitAsset blocks until one more request on asset (a currency such
	// as "BTC") may be sent under the per-asset rule, or returns an error
	// without waiting when ctx ends first or its deadline is too close to
	// wait that long. A rule the limiter has no limit for does not wait.
	WaitAsset(ctx context.Context, rule, asset string) error
}

// assetSweepMin is the number of buckets of one rule below which
// CategoryLimiter does not look for idle ones to drop.
const assetSweepMin = 64

// assetRule holds the buckets of one per-asset rule, by asset.
type assetRule struct {
	perSecond float64
	buckets   map[string]*assetBucket
	// sweepAt is the number of buckets at which the next sweep runs:
	// twice what the last one left, so sweeping costs O(1) per request.
	sweepAt int
}

// assetBucket is the token bucket of one asset; users counts the waiters
// holding it, so that a sweep never drops a bucket in use.
type assetBucket struct {
	lim   *rate.Limiter
	users int
}

// WithAssetLimit paces requests on each asset under the per-asset rule
// (a name of catalog.AssetRules, e.g. "asset-orders") to perSecond, with
// the headroom of BucketShape: at most 85% of perSecond in any one-second
// window. A bucket is kept per asset while it is in use; once full again
// (idle) it is dropped, so memory follows the assets traded in the last
// moments, not every asset ever seen. rule must not be empty, and
// perSecond must pass RateLimit.Validate.
func WithAssetLimit(rule string, perSecond float64) LimiterOption {
	return func(l *CategoryLimiter) error {
		if rule == "" {
			return errors.New("middleware: WithAssetLimit: empty rule")
		}
		if err := (RateLimit{PerSecond: perSecond}).Validate(); err != nil {
			return fmt.Errorf("middleware: WithAssetLimit(%q): %w", rule, err)
		}
		l.assets[rule] = &assetRule{perSecond: perSecond, buckets: map[string]*assetBucket{}, sweepAt: assetSweepMin}
		return nil
	}
}

// WaitAsset implements AssetLimiter: it waits for the token bucket of
// asset under rule, which WithAssetLimit configures; without it, or for an
// empty asset, it returns nil at once.
func (l *CategoryLimiter) WaitAsset(ctx context.Context, rule, asset string) error {
	l.mu.Lock()
	r := l.assets[rule]
	if r == nil || asset == "" {
		l.mu.Unlock()
		return nil
	}
	b := r.buckets[asset]
	if b == nil {
		if len(r.buckets) >= r.sweepAt {
			r.sweep(time.Now())
		}
		burst, refill := BucketShape(r.perSecond)
		b = &assetBucket{lim: rate.NewLimiter(rate.Limit(refill), burst)}
		r.buckets[asset] = b
	}
	b.users++
	l.mu.Unlock()
	err := wait(ctx, b.lim)
	l.mu.Lock()
	b.users--
	l.mu.Unlock()
	return err
}

// sweep drops the buckets that no one waits on and that have refilled:
// a full bucket admits exactly what a new one would. It needs l.mu.
func (r *assetRule) sweep(now time.Time) {
	for asset, b := range r.buckets {
		if b.users == 0 && b.lim.TokensAt(now) >= float64(b.lim.Burst()) {
			delete(r.buckets, asset)
		}
	}
	r.sweepAt = max(assetSweepMin, 2*len(r.buckets))
}
