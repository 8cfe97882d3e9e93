package bithumb

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/middleware"
)

// TestInvalidLimiterAndRetryOptionsFailNew: a limit or retry setting that
// cannot work is an error from New (and NewHTTPClient), never a panic or a
// limiter that misbehaves later.
func TestInvalidLimiterAndRetryOptionsFailNew(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	for _, tt := range []struct {
		name string
		opt  Option
		want string // in the error; "" for success
	}{
		{"rate limit", WithRateLimit("public-ticker", 10), ""},
		{"rate limit, fractional", WithRateLimit("public-ticker", 0.5), ""},
		{"rate limit 0", WithRateLimit("public-ticker", 0), "WithRateLimit"},
		{"rate limit negative", WithRateLimit("public-ticker", -1), "WithRateLimit"},
		{"rate limit NaN", WithRateLimit("public-ticker", nan), "WithRateLimit"},
		{"rate limit +Inf", WithRateLimit("public-ticker", inf), "WithRateLimit"},
		{"rate limit -Inf", WithRateLimit("public-ticker", -inf), "WithRateLimit"},
		{"rate limit huge", WithRateLimit("public-ticker", 1e300), "WithRateLimit"},
		{"rate limit of an unknown category", WithRateLimit("no-such-category", 10), "unknown category"},
		{"order cap", WithOrderRateCap(10), ""},
		{"order cap 0", WithOrderRateCap(0), "WithOrderRateCap"},
		{"order cap NaN", WithOrderRateCap(nan), "WithOrderRateCap"},
		{"order cap +Inf", WithOrderRateCap(inf), "WithOrderRateCap"},
		{"order cap huge", WithOrderRateCap(1e300), "WithOrderRateCap"},
		{"nil limiter", WithLimiter(nil), "nil limiter"},
		{"retry", WithRetry(RetryConfig{MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Second, BudgetPerSecond: 1}), ""},
		{"retry, negative attempts", WithRetry(RetryConfig{MaxAttempts: -1}), "WithRetry"},
		{"retry, negative backoff", WithRetry(RetryConfig{MinBackoff: -time.Second}), "WithRetry"},
		{"retry, negative burst", WithRetry(RetryConfig{BudgetBurst: -1}), "WithRetry"},
		{"retry, negative budget", WithRetry(RetryConfig{BudgetPerSecond: -1}), "WithRetry"},
		{"retry, NaN budget", WithRetry(RetryConfig{BudgetPerSecond: nan}), "WithRetry"},
		{"retry, infinite budget", WithRetry(RetryConfig{BudgetPerSecond: inf}), "WithRetry"},
		{"retry, backoff bounds crossed", WithRetry(RetryConfig{MinBackoff: time.Second, MaxBackoff: time.Millisecond}), "WithRetry"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tt.opt)
			hc, hcErr := NewHTTPClient(tt.opt)
			if tt.want == "" {
				if err != nil || c == nil || hcErr != nil || hc == nil {
					t.Fatalf("New: %v; NewHTTPClient: %v", err, hcErr)
				}
				return
			}
			for _, err := range []error{err, hcErr} {
				if err == nil || !strings.HasPrefix(err.Error(), "bithumb: ") || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %v, want one containing %q", err, tt.want)
				}
			}
			if c != nil || hc != nil {
				t.Error("a client came back with the error")
			}
		})
	}
}

// TestRetryConfigCarriesEveryField: each field of RetryConfig reaches the
// retry layer's configuration under the same name.
func TestRetryConfigCarriesEveryField(t *testing.T) {
	t.Parallel()
	var cfg RetryConfig
	v := reflect.ValueOf(&cfg).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Float64:
			f.SetFloat(float64(i) + 0.5)
		default:
			t.Fatalf("field %s of kind %s: extend the test", v.Type().Field(i).Name, f.Kind())
		}
	}
	got := reflect.ValueOf(cfg.middleware())
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		mf := got.FieldByName(name)
		if !mf.IsValid() {
			t.Errorf("middleware.RetryConfig has no field %s", name)
			continue
		}
		if !reflect.DeepEqual(mf.Interface(), v.Field(i).Interface()) {
			t.Errorf("%s = %v, want %v", name, mf.Interface(), v.Field(i).Interface())
		}
	}
	var zero middleware.RetryConfig
	if n := reflect.TypeOf(zero).NumField(); n != v.NumField()+1 { // + Rand, for tests of package middleware
		t.Errorf("middleware.RetryConfig has %d fields, RetryConfig %d: is a new one missing here?", n, v.NumField())
	}
}
