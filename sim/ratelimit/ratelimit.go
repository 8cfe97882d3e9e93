package ratelimit

import (
	"math"
	"sync"
	"time"

	"github.com/bithumb-go/bithumb/sim/clock"
)

// Category is the limit of one rate-limit category.
type Category struct {
	// Name is the category, e.g. "private-order".
	Name string
	// PerSecond is the refill rate and the bucket size.
	PerSecond float64
	// Group names the block group the category belongs to: "public",
	// "private-info" or "private-trade" (see BlockFor).
	Group string
}

// Config configures a Limiter. The zero value of each field has a
// documented default.
type Config struct {
	// Disabled turns limiting off; headers are still computed.
	Disabled bool `json:"disabled,omitempty"`
	// Scale multiplies every category's limit (default 1).
	Scale float64 `json:"scale,omitempty"`
	// Overrides replaces the per-second limit of named categories and
	// per-asset rules.
	Overrides map[string]float64 `json:"overrides,omitempty"`
	// ExcessBeforeBlock is how many rejected requests within
	// ExcessWindow block the IP's group (default 10; negative: never).
	ExcessBeforeBlock int `json:"excess_before_block,omitempty"`
	// ExcessWindow is the window for counting rejections (default 1 s).
	ExcessWindow clock.Duration `json:"excess_window,omitempty"`
	// BlockScale multiplies Bithumb's block durations (1 minute public, 5
	// minutes private info, 10 minutes private trade); default 1. Tests
	// use tiny factors such as 0.001.
	BlockScale float64 `json:"block_scale,omitempty"`
}

// Decision is the outcome of one request.
type Decision struct {
	// Allowed is false when the request must be answered 429.
	Allowed bool
	// Blocked reports that the IP's group is blocked (Allowed is false).
	Blocked bool
	// Remaining, Requested, Burst and Replenish are the header values.
	Remaining, Requested, Burst, Replenish int
	// RetryAfter is how long to wait when not allowed.
	RetryAfter time.Duration
}

// Limiter limits requests per IP and category.
type Limiter struct {
	cats map[string]Category
	cfg  Config
	now  func() time.Time

	rules map[string]AssetRule

	mu           sync.Mutex
	buckets      map[key]*bucket
	excess       map[groupKey][]time.Time
	blocks       map[groupKey]time.Time
	assetBuckets map[assetKey]*bucket
	assetSweepAt int
}

type key struct{ ip, cat string }
type groupKey struct{ ip, group string }

type bucket struct {
	tokens float64
	last   time.Time
}

// refill adds the tokens that perSecond gives from b.last to now, up to
// perSecond (a second's worth), and moves b.last to now.
func (b *bucket) refill(perSecond float64, now time.Time) {
	if el := now.Sub(b.last); el > 0 {
		b.tokens = math.Min(perSecond, b.tokens+el.Seconds()*perSecond)
		b.last = now
	}
}

// New returns a limiter for categories and the per-asset rules (see
// AllowAssets). now is the clock (nil: time.Now).
func New(categories []Category, cfg Config, now func() time.Time, rules ...AssetRule) *Limiter {
	if now == nil {
		now = time.Now
	}
	if cfg.Scale <= 0 {
		cfg.Scale = 1
	}
	if cfg.BlockScale <= 0 {
		cfg.BlockScale = 1
	}
	if cfg.ExcessBeforeBlock == 0 {
		cfg.ExcessBeforeBlock = 10
	}
	if cfg.ExcessWindow <= 0 {
		cfg.ExcessWindow = clock.Duration(time.Second)
	}
	l := &Limiter{cats: map[string]Category{}, rules: map[string]AssetRule{}, cfg: cfg, now: now}
	for _, r := range rules {
		if v, ok := cfg.Overrides[r.Name]; ok && v > 0 {
			r.PerSecond = v
		} else {
			r.PerSecond *= cfg.Scale
		}
		l.rules[r.Name] = r
	}
	for _, c := range categories {
		if v, ok := cfg.Overrides[c.Name]; ok && v > 0 {
			c.PerSecond = v
		} else {
			c.PerSecond *= cfg.Scale
		}
		if c.Group == "" {
			c.Group = GroupOf(c.Name)
		}
		l.cats[c.Name] = c
	}
	l.Reset()
	return l
}

// GroupOf returns the block group of a category name: public-* is
// "public", private-other is "private-info", everything else (orders,
// cancels, bulk) is "private-trade".
func GroupOf(category string) string {
	switch {
	case len(category) >= 6 && category[:6] == "public":
		return "public"
	case category == "private-other":
		return "private-info"
	default:
		return "private-trade"
	}
}

// BlockFor returns Bithumb's block duration of a group (REST.md §5):
// 1 minute for public, 5 minutes for private info, 10 minutes for private
// trade, before scaling.
func BlockFor(group string) time.Duration {
	switch group {
	case "public":
		return time.Minute
	case "private-info":
		return 5 * time.Minute
	default:
		return 10 * time.Minute
	}
}

// Reset forgets every bucket, rejection and block.
func (l *Limiter) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buckets = map[key]*bucket{}
	l.excess = map[groupKey][]time.Time{}
	l.blocks = map[groupKey]time.Time{}
	l.assetBuckets = map[assetKey]*bucket{}
	l.assetSweepAt = assetSweepMin
}

// Limit returns the per-second limit of category, or 0 if unknown.
func (l *Limiter) Limit(category string) float64 { return l.cats[category].PerSecond }

// Allow takes one token of category for ip.
func (l *Limiter) Allow(ip, category string) Decision {
	c, ok := l.cats[category]
	if !ok {
		c = Category{Name: category, PerSecond: 150, Group: GroupOf(category)}
	}
	now := l.now()
	burst := int(math.Ceil(c.PerSecond))
	d := Decision{Requested: 1, Burst: burst, Replenish: burst}
	l.mu.Lock()
	defer l.mu.Unlock()
	gk := groupKey{ip, c.Group}
	if until, ok := l.blocks[gk]; ok {
		if now.Before(until) {
			d.Blocked = true
			d.RetryAfter = until.Sub(now)
			return d
		}
		delete(l.blocks, gk)
	}
	k := key{ip, c.Name}
	b := l.buckets[k]
	if b == nil {
		b = &bucket{tokens: c.PerSecond, last: now}
		l.buckets[k] = b
	}
	b.refill(c.PerSecond, now)
	if l.cfg.Disabled || b.tokens >= 1 {
		if b.tokens >= 1 {
			b.tokens--
		}
		d.Allowed = true
		d.Remaining = int(math.Floor(b.tokens))
		return d
	}
	d.RetryAfter = time.Duration((1 - b.tokens) / c.PerSecond * float64(time.Second))
	if l.cfg.ExcessBeforeBlock > 0 {
		win := l.excess[gk]
		cut := 0
		for cut < len(win) && now.Sub(win[cut]) > l.cfg.ExcessWindow.D() {
			cut++
		}
		win = append(win[cut:], now)
		if len(win) >= l.cfg.ExcessBeforeBlock {
			dur := time.Duration(float64(BlockFor(c.Group)) * l.cfg.BlockScale)
			l.blocks[gk] = now.Add(dur)
			d.Blocked = true
			d.RetryAfter = dur
			win = nil
		}
		l.excess[gk] = win
	}
	return d
}
