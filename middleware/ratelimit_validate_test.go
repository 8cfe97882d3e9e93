package middleware

import (
	"math"
	"strings"
	"testing"
)

// TestLimiterRejectsInvalidSettings: every invalid limit or option is an
// error from NewCategoryLimiter, never a limiter that misbehaves or panics
// later.
func TestLimiterRejectsInvalidSettings(t *testing.T) {
	t.Parallel()
	ok := RateLimit{PerSecond: 10}
	for _, tt := range []struct {
		name     string
		limits   map[string]RateLimit
		fallback RateLimit
		opts     []LimiterOption
		want     string // in the error; "" for success
	}{
		{"valid", map[string]RateLimit{"a": {PerSecond: 150}}, ok, []LimiterOption{WithCap("a", 10), nil}, ""},
		{"tiny but positive", map[string]RateLimit{"a": {PerSecond: 1e-6}}, ok, nil, ""},
		{"at the maximum", map[string]RateLimit{"a": {PerSecond: MaxPerSecond}}, ok, nil, ""},
		{"fallback zero", nil, RateLimit{}, nil, "fallback"},
		{"fallback NaN", nil, RateLimit{PerSecond: math.NaN()}, nil, "fallback"},
		{"fallback +Inf", nil, RateLimit{PerSecond: math.Inf(1)}, nil, "fallback"},
		{"limit NaN", map[string]RateLimit{"a": {PerSecond: math.NaN()}}, ok, nil, "of a"},
		{"limit +Inf", map[string]RateLimit{"a": {PerSecond: math.Inf(1)}}, ok, nil, "of a"},
		{"limit -Inf", map[string]RateLimit{"a": {PerSecond: math.Inf(-1)}}, ok, nil, "of a"},
		{"limit above the maximum", map[string]RateLimit{"a": {PerSecond: 1e300}}, ok, nil, "of a"},
		{"limit negative", map[string]RateLimit{"a": {PerSecond: -1}}, ok, nil, "of a"},
		{"empty category", map[string]RateLimit{"": {PerSecond: 1}}, ok, nil, "empty category"},
		{"cap zero", nil, ok, []LimiterOption{WithCap("a", 0)}, `WithCap("a")`},
		{"cap negative", nil, ok, []LimiterOption{WithCap("a", -10)}, `WithCap("a")`},
		{"cap NaN", nil, ok, []LimiterOption{WithCap("a", math.NaN())}, `WithCap("a")`},
		{"cap +Inf", nil, ok, []LimiterOption{WithCap("a", math.Inf(1))}, `WithCap("a")`},
		{"cap without category", nil, ok, []LimiterOption{WithCap("", 1)}, "empty category"},
		{"nil clock", nil, ok, []LimiterOption{WithLimiterClock(nil)}, "nil clock"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, err := NewCategoryLimiter(tt.limits, tt.fallback, tt.opts...)
			if tt.want == "" {
				if err != nil || l == nil {
					t.Fatalf("NewCategoryLimiter = %v, %v", l, err)
				}
				if err := l.Wait(t.Context(), "a"); err != nil {
					t.Errorf("Wait: %v", err)
				}
				return
			}
			if err == nil || l != nil {
				t.Fatalf("NewCategoryLimiter = %v, %v; want an error", l, err)
			}
			if !strings.HasPrefix(err.Error(), "middleware: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestRateLimitValidate: the bounds of a valid limit.
func TestRateLimitValidate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		perSecond float64
		ok        bool
	}{
		{1, true}, {0.001, true}, {MaxPerSecond, true}, {140, true},
		{0, false}, {-1, false}, {math.Nextafter(MaxPerSecond, math.Inf(1)), false},
		{math.NaN(), false}, {math.Inf(1), false}, {math.Inf(-1), false}, {math.Copysign(0, -1), false},
	} {
		if err := (RateLimit{PerSecond: tt.perSecond}).Validate(); (err == nil) != tt.ok {
			t.Errorf("RateLimit{%v}.Validate() = %v", tt.perSecond, err)
		}
	}
}
