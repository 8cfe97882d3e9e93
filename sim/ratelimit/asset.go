package ratelimit

import (
	"math"
	"time"
)

// AssetRule is a per-asset limit (the spec's x-bithumb-asset-rate-limits):
// the orders and cancels of one IP on one asset, on top of the limits of
// their categories. Bithumb's rate-limit page (2026-10-27) says more than
// about 20 per second on one asset "may be restricted"; the simulator
// restricts them: 429 too_many_requests.
type AssetRule struct {
	// Name is the rule, e.g. "asset-orders".
	Name string
	// PerSecond is the refill rate and the bucket size.
	PerSecond float64
}

// assetSweepMin is the number of per-asset buckets below which the
// limiter does not look for refilled ones to drop.
const assetSweepMin = 256

type assetKey struct{ ip, rule, asset string }

// AllowAssets takes, for ip under rule, counts[asset] tokens of each
// asset's bucket, all or none: when one bucket lacks them, nothing is
// taken and the decision is not allowed, with RetryAfter the time that
// bucket needs. A count above the bucket size needs a full bucket and
// leaves it in debt, so that a large batch is possible but slows the
// next ones. An unknown rule allows everything; so does Config.Disabled.
// Rejections do not count towards an IP block: Bithumb announces a
// restriction of the asset, not of the IP.
func (l *Limiter) AllowAssets(ip, rule string, counts map[string]int) Decision {
	d := Decision{Allowed: true}
	r, ok := l.rules[rule]
	if !ok || l.cfg.Disabled {
		return d
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.assetBuckets) >= l.assetSweepAt {
		l.sweepAssets(now)
	}
	for asset, n := range counts {
		b := l.assetBucket(assetKey{ip, rule, asset}, r, now)
		if need := math.Min(float64(n), r.PerSecond); b.tokens < need {
			d.Allowed = false
			d.RetryAfter = max(d.RetryAfter, time.Duration((need-b.tokens)/r.PerSecond*float64(time.Second)))
		}
	}
	if !d.Allowed {
		return d
	}
	for asset, n := range counts {
		l.assetBuckets[assetKey{ip, rule, asset}].tokens -= float64(n)
	}
	return d
}

// assetBucket returns the bucket of k, created full or refilled to now.
// It needs l.mu.
func (l *Limiter) assetBucket(k assetKey, r AssetRule, now time.Time) *bucket {
	b := l.assetBuckets[k]
	if b == nil {
		b = &bucket{tokens: r.PerSecond, last: now}
		l.assetBuckets[k] = b
	}
	b.refill(r.PerSecond, now)
	return b
}

// sweepAssets drops the buckets that have refilled by now, which admit
// what new ones would, so memory follows the assets in use. It needs
// l.mu.
func (l *Limiter) sweepAssets(now time.Time) {
	for k, b := range l.assetBuckets {
		r := l.rules[k.rule]
		if b.tokens+now.Sub(b.last).Seconds()*r.PerSecond >= r.PerSecond {
			delete(l.assetBuckets, k)
		}
	}
	l.assetSweepAt = max(assetSweepMin, 2*len(l.assetBuckets))
}
