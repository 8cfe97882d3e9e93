package middleware

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// The tests of this file drive the retry layer against a scripted
// transport inside a synctest bubble: every wait (backoff, Retry-After,
// the budget's refill) runs on the bubble's fake clock, so the exact
// durations can be asserted and no test waits in real time.

// outcome is what the scripted transport answers to one attempt: a
// response, or err.
type outcome struct {
	status int
	header []string // name, value pairs
	body   string
	err    error
}

func answer(status int, body string, header ...string) outcome {
	return outcome{status: status, body: body, header: header}
}

func failWith(err error) outcome { return outcome{err: err} }

// sentAttempt is what the scripted transport saw of one attempt.
type sentAttempt struct {
	method, url, body string
	attempt           int       // AttemptFrom of the attempt's context
	at                time.Time // on the bubble's clock
	endpoint          Endpoint
	hasEndpoint       bool
	req               *http.Request // as received, headers included
}

// scripted is a fake transport: the n-th attempt gets outcomes[n] (the
// last one repeats), and every attempt is recorded. Like a real transport
// it fails at once when the request's context is done. before, when set,
// runs at the start of every attempt with its number (1 for the first).
type scripted struct {
	mu       sync.Mutex
	outcomes []outcome
	seen     []sentAttempt
	before   func(n int)
}

func script(outcomes ...outcome) *scripted { return &scripted{outcomes: outcomes} }

func (s *scripted) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	e, ok := EndpointFrom(req.Context())
	s.mu.Lock()
	n := len(s.seen)
	s.seen = append(s.seen, sentAttempt{
		method: req.Method, url: req.URL.String(), body: string(body),
		attempt: AttemptFrom(req.Context()), at: time.Now(), endpoint: e, hasEndpoint: ok, req: req,
	})
	o := s.outcomes[min(n, len(s.outcomes)-1)]
	before := s.before
	s.mu.Unlock()
	if before != nil {
		before(n + 1)
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if o.err != nil {
		return nil, o.err
	}
	h := http.Header{}
	for i := 0; i+1 < len(o.header); i += 2 {
		h.Add(o.header[i], o.header[i+1])
	}
	return &http.Response{
		StatusCode:    o.status,
		Status:        fmt.Sprintf("%d %s", o.status, http.StatusText(o.status)),
		Header:        h,
		Body:          io.NopCloser(strings.NewReader(o.body)),
		ContentLength: int64(len(o.body)),
		Request:       req,
	}, nil
}

func (s *scripted) attempts() []sentAttempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sentAttempt(nil), s.seen...)
}

// gaps returns the waits between consecutive attempts.
func (s *scripted) gaps() []time.Duration {
	seen := s.attempts()
	var d []time.Duration
	for i := 1; i < len(seen); i++ {
		d = append(d, seen[i].at.Sub(seen[i-1].at))
	}
	return d
}

var (
	safeEndpoint      = Endpoint{OperationID: "getOrder", Method: "GET", Path: "/v1/order", Category: "private-other", Retry: RetrySafe, Auth: AuthJWT}
	reconcileEndpoint = Endpoint{OperationID: "placeOrder", Method: "POST", Path: "/v2/orders", Category: "orders", Retry: RetryReconcile, Auth: AuthJWT}
	neverEndpoint     = Endpoint{OperationID: "withdrawCoin", Method: "POST", Path: "/v1/withdraws/coin", Category: "private-other", Retry: RetryNever, Auth: AuthJWT}
)

// newRequest returns a request to the retry layer: with e in its context,
// or without any Endpoint when e is nil.
func newRequest(t *testing.T, ctx context.Context, e *Endpoint, body string) *http.Request {
	t.Helper()
	method, path := "GET", "/v1/order"
	if e != nil {
		ctx = WithEndpoint(ctx, *e)
		method, path = e.Method, e.Path
	}
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, "https://api.bithumb.com"+path, r)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// roundTrip sends one request through rt and returns the response with its
// body read, or the error.
func roundTrip(t *testing.T, rt http.RoundTripper, req *http.Request) (status int, body string, err error) {
	t.Helper()
	resp, err := rt.RoundTrip(req)
	if err != nil {
		if resp != nil {
			t.Errorf("RoundTrip returned a response with the error %v", err)
		}
		return 0, "", err
	}
	data, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		t.Fatalf("reading the body: %v", rerr)
	}
	return resp.StatusCode, string(data), nil
}

func always(v float64) func() float64 { return func() float64 { return v } }

// timeoutError is a network timeout (net.Error) of no particular package.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

var (
	dialRefused = &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	dnsFailure  = &net.DNSError{Err: "no such host", Name: "api.bithumb.com", IsNotFound: true}
	readReset   = &net.OpError{Op: "read", Net: "tcp", Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}}
	writePipe   = &net.OpError{Op: "write", Net: "tcp", Err: &os.SyscallError{Syscall: "write", Err: syscall.EPIPE}}
)

// TestRetryPolicyTable: which answers are retried, per retry policy of the
// request's Endpoint, with at most MaxAttempts (3) attempts.
func TestRetryPolicyTable(t *testing.T) {
	t.Parallel()
	const notReady = `{"error":{"name":"order_not_ready","message":"주문 처리 중입니다."}}`
	policies := []struct {
		name string
		e    *Endpoint
	}{
		{"safe", &safeEndpoint},
		{"reconcile", &reconcileEndpoint},
		{"never", &neverEndpoint},
		{"no endpoint", nil},
	}
	tests := []struct {
		name   string
		script []outcome
		// attempts per policy, in the order of policies.
		attempts [4]int
		// the final status, or 0 when an error is expected.
		status int
	}{
		{"200", []outcome{answer(200, `{}`)}, [4]int{1, 1, 1, 1}, 200},
		{"302 is returned, not followed", []outcome{answer(302, ``, "Location", "https://elsewhere.example/v1/order")}, [4]int{1, 1, 1, 1}, 302},
		{"400", []outcome{answer(400, `{"error":{"name":"invalid_parameter"}}`)}, [4]int{1, 1, 1, 1}, 400},
		{"404", []outcome{answer(404, `{"error":{"name":"order_not_found"}}`)}, [4]int{1, 1, 1, 1}, 404},
		{"499", []outcome{answer(499, ``)}, [4]int{1, 1, 1, 1}, 499},
		{"500", []outcome{answer(500, ``)}, [4]int{3, 1, 1, 1}, 500},
		{"502", []outcome{answer(502, `<html>bad gateway</html>`)}, [4]int{3, 1, 1, 1}, 502},
		{"503", []outcome{answer(503, ``)}, [4]int{3, 1, 1, 1}, 503},
		{"504", []outcome{answer(504, ``)}, [4]int{3, 1, 1, 1}, 504},
		{"599", []outcome{answer(599, ``)}, [4]int{3, 1, 1, 1}, 599},
		{"501 is never retried", []outcome{answer(501, ``)}, [4]int{1, 1, 1, 1}, 501},
		{"503 then 200", []outcome{answer(503, ``), answer(200, `{}`)}, [4]int{2, 1, 1, 1}, 0},
		{"429 once for non-safe", []outcome{answer(429, ``)}, [4]int{3, 2, 2, 2}, 429},
		{"429 then 200", []outcome{answer(429, ``), answer(200, `{}`)}, [4]int{2, 2, 2, 2}, 200},
		{"429, 503, 429", []outcome{answer(429, ``), answer(503, ``), answer(429, ``)}, [4]int{3, 2, 2, 2}, 0},
		{"422 order_not_ready", []outcome{answer(422, notReady)}, [4]int{3, 1, 1, 1}, 422},
		{"422 order_not_ready then 200", []outcome{answer(422, notReady), answer(200, `{}`)}, [4]int{2, 1, 1, 1}, 0},
		{"422 other name", []outcome{answer(422, `{"error":{"name":"invalid_price"}}`)}, [4]int{1, 1, 1, 1}, 422},
		{"422 name outside an error object", []outcome{answer(422, `{"name":"order_not_ready"}`)}, [4]int{1, 1, 1, 1}, 422},
		{"422 not JSON", []outcome{answer(422, `order_not_ready`)}, [4]int{1, 1, 1, 1}, 422},
		{"401 nonce_used then 200", []outcome{answer(401, `{"error":{"name":"nonce_used"}}`), answer(200, `{}`)}, [4]int{2, 1, 1, 1}, 0},
		{"401 other name", []outcome{answer(401, `{"error":{"name":"jwt_verification"}}`)}, [4]int{1, 1, 1, 1}, 401},
		{"dial refused", []outcome{failWith(dialRefused)}, [4]int{3, 3, 3, 3}, 0},
		{"dial refused then 200", []outcome{failWith(dialRefused), answer(200, `{}`)}, [4]int{2, 2, 2, 2}, 200},
		{"DNS failure", []outcome{failWith(dnsFailure)}, [4]int{3, 3, 3, 3}, 0},
		{"bare ECONNREFUSED", []outcome{failWith(fmt.Errorf("connect: %w", syscall.ECONNREFUSED))}, [4]int{3, 3, 3, 3}, 0},
		{"reset after the write", []outcome{failWith(readReset)}, [4]int{3, 1, 1, 1}, 0},
		{"broken pipe", []outcome{failWith(writePipe)}, [4]int{3, 1, 1, 1}, 0},
		{"unexpected EOF", []outcome{failWith(io.ErrUnexpectedEOF)}, [4]int{3, 1, 1, 1}, 0},
		{"EOF", []outcome{failWith(io.EOF)}, [4]int{3, 1, 1, 1}, 0},
		{"network timeout", []outcome{failWith(timeoutError{})}, [4]int{3, 1, 1, 1}, 0},
		{"no credentials", []outcome{failWith(ErrNoCredentials)}, [4]int{1, 1, 1, 1}, 0},
		{"invalid credentials", []outcome{failWith(fmt.Errorf("bad key: %w", ErrInvalidCredentials))}, [4]int{1, 1, 1, 1}, 0},
		{"response too large", []outcome{failWith(ErrResponseTooLarge)}, [4]int{1, 1, 1, 1}, 0},
		{"rate limiter deadline", []outcome{failWith(ErrLimiterDeadline)}, [4]int{1, 1, 1, 1}, 0},
		{"canceled below", []outcome{failWith(context.Canceled)}, [4]int{1, 1, 1, 1}, 0},
		{"an error of no network", []outcome{failWith(errors.New("middleware: request body nests deeper than 32 levels"))}, [4]int{1, 1, 1, 1}, 0},
	}
	for _, tt := range tests {
		for i, p := range policies {
			t.Run(tt.name+"/"+p.name, func(t *testing.T) {
				t.Parallel()
				synctest.Test(t, func(t *testing.T) {
					s := script(tt.script...)
					rt := Retry(RetryConfig{MaxAttempts: 3})(s)
					status, _, err := roundTrip(t, rt, newRequest(t, t.Context(), p.e, ""))
					if got := len(s.attempts()); got != tt.attempts[i] {
						t.Errorf("%d attempts, want %d", got, tt.attempts[i])
					}
					last := tt.script[min(tt.attempts[i], len(tt.script))-1]
					switch {
					case last.err != nil:
						if !errors.Is(err, last.err) {
							t.Errorf("error %v, want %v", err, last.err)
						}
					case err != nil:
						t.Errorf("error %v, want status %d", err, last.status)
					case status != last.status:
						t.Errorf("status %d, want %d", status, last.status)
					}
					if tt.status != 0 && status != tt.status {
						t.Errorf("status %d, want %d", status, tt.status)
					}
				})
			})
		}
	}
}

// TestRetryResendsTheSameRequest: every attempt carries the same method,
// URL, body and Endpoint, and the attempt number counts up from 1.
func TestRetryResendsTheSameRequest(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := script(failWith(dialRefused), answer(429, ``), answer(201, `{"uuid":"C1"}`))
		rt := Retry(RetryConfig{})(s)
		status, body, err := roundTrip(t, rt, newRequest(t, t.Context(), &reconcileEndpoint, `{"market":"KRW-BTC"}`))
		if err != nil || status != 201 || body != `{"uuid":"C1"}` {
			t.Fatalf("got %d %q %v", status, body, err)
		}
		seen := s.attempts()
		if len(seen) != 3 {
			t.Fatalf("%d attempts, want 3", len(seen))
		}
		for i, a := range seen {
			if a.attempt != i+1 {
				t.Errorf("attempt %d carries AttemptFrom %d", i+1, a.attempt)
			}
			if a.method != "POST" || a.url != "https://api.bithumb.com/v2/orders" || a.body != `{"market":"KRW-BTC"}` {
				t.Errorf("attempt %d sent %s %s %q", i+1, a.method, a.url, a.body)
			}
			if !a.hasEndpoint || a.endpoint != reconcileEndpoint {
				t.Errorf("attempt %d lost its endpoint: %+v", i+1, a.endpoint)
			}
		}
	})
}

// TestRetryAttemptLimit: MaxAttempts bounds the attempts; 0 or less means
// 4.
func TestRetryAttemptLimit(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ max, want int }{{-1, 4}, {0, 4}, {1, 1}, {2, 2}, {5, 5}, {7, 7}} {
		t.Run(fmt.Sprint(tt.max), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				s := script(answer(503, ``))
				rt := Retry(RetryConfig{MaxAttempts: tt.max})(s)
				status, _, err := roundTrip(t, rt, newRequest(t, t.Context(), &safeEndpoint, ""))
				if err != nil || status != 503 {
					t.Fatalf("got %d %v, want the last 503", status, err)
				}
				if got := len(s.attempts()); got != tt.want {
					t.Errorf("%d attempts, want %d", got, tt.want)
				}
			})
		})
	}
}

// TestRetryBackoffDefaults: with the default backoff (200 ms to 5 s) and a
// jitter of one half, the waits double from 200 ms up to half the cap.
func TestRetryBackoffDefaults(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := script(answer(503, ``))
		rt := Retry(RetryConfig{MaxAttempts: 8, Rand: always(0.5), BudgetBurst: 100})(s)
		roundTrip(t, rt, newRequest(t, t.Context(), &safeEndpoint, ""))
		ms := time.Millisecond
		want := []time.Duration{200 * ms, 200 * ms, 400 * ms, 800 * ms, 1600 * ms, 2500 * ms, 2500 * ms}
		if got := s.gaps(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("waits %v\nwant  %v", got, want)
		}
	})
}

// TestRetryBackoffIsExponentialWithFullJitter: the wait before retry n is
// Rand() times min(MinBackoff<<n, MaxBackoff), never below MinBackoff, and
// never below the Retry-After of the answer.
func TestRetryBackoffIsExponentialWithFullJitter(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	tests := []struct {
		name     string
		cfg      RetryConfig
		script   []outcome
		rand     []float64 // one per retry
		want     []time.Duration
		endpoint *Endpoint
	}{
		{"full jitter", RetryConfig{MaxAttempts: 5, MinBackoff: 100 * ms, MaxBackoff: 10 * time.Second}, []outcome{answer(503, ``)},
			[]float64{0.5, 0.75, 0.25, 0.875}, []time.Duration{100 * ms, 150 * ms, 100 * ms, 700 * ms}, &safeEndpoint},
		{"never below the minimum", RetryConfig{MaxAttempts: 4, MinBackoff: 100 * ms, MaxBackoff: 10 * time.Second}, []outcome{answer(503, ``)},
			[]float64{0, 0.1, 0.2}, []time.Duration{100 * ms, 100 * ms, 100 * ms}, &safeEndpoint},
		{"capped", RetryConfig{MaxAttempts: 5, MinBackoff: 300 * ms, MaxBackoff: 1000 * ms}, []outcome{answer(503, ``)},
			[]float64{0.75, 0.75, 0.75, 0.75}, []time.Duration{300 * ms, 450 * ms, 750 * ms, 750 * ms}, &safeEndpoint},
		{"Retry-After is a floor", RetryConfig{MaxAttempts: 3, MinBackoff: 100 * ms, MaxBackoff: 10 * time.Second}, []outcome{answer(429, ``, "Retry-After", "3")},
			[]float64{0.5, 0.5}, []time.Duration{3 * time.Second, 3 * time.Second}, &safeEndpoint},
		{"a longer jitter beats Retry-After", RetryConfig{MaxAttempts: 3, MinBackoff: 2 * time.Second, MaxBackoff: 10 * time.Second}, []outcome{answer(429, ``, "Retry-After", "1")},
			[]float64{0, 0.5}, []time.Duration{2 * time.Second, 2 * time.Second}, &safeEndpoint},
		{"Retry-After on a 503", RetryConfig{MaxAttempts: 2, MinBackoff: 100 * ms, MaxBackoff: 10 * time.Second}, []outcome{answer(503, ``, "Retry-After", "7")},
			[]float64{0.5}, []time.Duration{7 * time.Second}, &safeEndpoint},
		{"Retry-After as an HTTP date", RetryConfig{MaxAttempts: 2, MinBackoff: 100 * ms, MaxBackoff: 10 * time.Second},
			// The bubble's clock starts at 2000-01-01 00:00:00 UTC.
			[]outcome{answer(429, ``, "Retry-After", "Sat, 01 Jan 2000 00:00:12 GMT")},
			[]float64{0.5}, []time.Duration{12 * time.Second}, &reconcileEndpoint},
		{"after a connection error", RetryConfig{MaxAttempts: 3, MinBackoff: 100 * ms, MaxBackoff: 10 * time.Second}, []outcome{failWith(dialRefused)},
			[]float64{0.5, 0.5}, []time.Duration{100 * ms, 100 * ms}, &neverEndpoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				var calls int
				tt.cfg.Rand = func() float64 {
					calls++
					if calls > len(tt.rand) {
						t.Fatalf("Rand called %d times, want %d", calls, len(tt.rand))
					}
					return tt.rand[calls-1]
				}
				s := script(tt.script...)
				roundTrip(t, Retry(tt.cfg)(s), newRequest(t, t.Context(), tt.endpoint, ""))
				if got := s.gaps(); fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("waits %v\nwant  %v", got, tt.want)
				}
			})
		})
	}
}

// TestBackoffCeiling: the exponential ceiling is MaxBackoff once
// MinBackoff<<attempt passes it, including when the shift overflows to a
// negative number or to zero.
func TestBackoffCeiling(t *testing.T) {
	t.Parallel()
	r := &retrier{cfg: RetryConfig{Rand: always(0.5)}}
	tests := []struct {
		min, max time.Duration
		attempt  int
		want     time.Duration
	}{
		{10, 1000, 0, 10},   // ceiling 10: half is 5, raised to the minimum
		{10, 1000, 1, 10},   // ceiling 20
		{10, 1000, 2, 20},   // ceiling 40
		{10, 1000, 6, 320},  // ceiling 640
		{10, 1000, 7, 500},  // 1280 is over the cap
		{10, 640, 6, 320},   // exactly the cap
		{3, 1000, 62, 500},  // 3<<62 overflows to a negative number
		{1, 1000, 63, 500},  // 1<<63 is the most negative number
		{1, 1000, 64, 500},  // 1<<64 is 0
		{4, 1000, 62, 500},  // 4<<62 is 0
		{1000, 10, 0, 1000}, // a cap below the minimum: the minimum wins
	}
	for _, tt := range tests {
		if got := r.backoff(tt.min, tt.max, tt.attempt, nil); got != tt.want {
			t.Errorf("backoff(%d, %d, %d) = %d, want %d", tt.min, tt.max, tt.attempt, got, tt.want)
		}
	}
}

// TestRetryAfterLimits: a 429 is retried only when its Retry-After fits in
// MaxRetryAfter (default 30 s) and before the context's deadline;
// otherwise it is returned at once.
func TestRetryAfterLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		maxRetryAfter time.Duration
		retryAfter    string
		timeout       time.Duration // 0: no deadline
		endpoint      *Endpoint
		attempts      int
	}{
		{"default limit, 30 s", 0, "30", 0, &safeEndpoint, 2},
		{"default limit, 31 s", 0, "31", 0, &safeEndpoint, 1},
		{"default limit, 31 s, non-safe", 0, "31", 0, &reconcileEndpoint, 1},
		{"5 s limit, 5 s", 5 * time.Second, "5", 0, &safeEndpoint, 2},
		{"5 s limit, 6 s", 5 * time.Second, "6", 0, &safeEndpoint, 1},
		{"5 s limit, 6 s, non-safe", 5 * time.Second, "6", 0, &neverEndpoint, 1},
		{"a minute allowed", time.Minute, "45", 0, &safeEndpoint, 2},
		{"deadline after the wait", 0, "10", 11 * time.Second, &safeEndpoint, 2},
		{"deadline before the wait", 0, "10", 9 * time.Second, &safeEndpoint, 1},
		{"deadline before the wait, non-safe", 0, "10", 9 * time.Second, &reconcileEndpoint, 1},
		{"deadline without Retry-After", 0, "", time.Second, &safeEndpoint, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				ctx := t.Context()
				if tt.timeout > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.timeout)
					defer cancel()
				}
				var header []string
				if tt.retryAfter != "" {
					header = []string{"Retry-After", tt.retryAfter}
				}
				s := script(answer(429, `{"error":{"name":"too_many_requests"}}`, header...), answer(200, `{}`))
				start := time.Now()
				rt := Retry(RetryConfig{MaxAttempts: 3, MaxRetryAfter: tt.maxRetryAfter, MinBackoff: 100 * time.Millisecond, Rand: always(0)})(s)
				status, body, err := roundTrip(t, rt, newRequest(t, ctx, tt.endpoint, ""))
				if err != nil {
					t.Fatal(err)
				}
				if got := len(s.attempts()); got != tt.attempts {
					t.Fatalf("%d attempts, want %d", got, tt.attempts)
				}
				if tt.attempts == 1 {
					if status != 429 || !strings.Contains(body, "too_many_requests") {
						t.Errorf("got %d %q, want the 429 with its body", status, body)
					}
					if waited := time.Since(start); waited != 0 {
						t.Errorf("returned the 429 after %v, want at once", waited)
					}
				} else if status != 200 {
					t.Errorf("status %d after the retry", status)
				}
			})
		})
	}
}

// TestRetryContextDone: nothing is retried once the context is done, and
// a backoff wait ends with the context.
func TestRetryContextDone(t *testing.T) {
	t.Parallel()
	t.Run("canceled during an attempt", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			s := script(answer(503, ``))
			s.before = func(int) { cancel() }
			_, _, err := roundTrip(t, Retry(RetryConfig{})(s), newRequest(t, ctx, &safeEndpoint, ""))
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
			if n := len(s.attempts()); n != 1 {
				t.Errorf("%d attempts after the cancel", n)
			}
		})
	})
	t.Run("answered, but canceled meanwhile", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			attempts := 0
			// The answer arrives although the context ended meanwhile.
			rt := Retry(RetryConfig{})(RoundTripFunc(func(req *http.Request) (*http.Response, error) {
				attempts++
				cancel()
				return &http.Response{StatusCode: 503, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
			}))
			resp, _ := rt.RoundTrip(newRequest(t, ctx, &safeEndpoint, ""))
			if resp != nil {
				resp.Body.Close()
			}
			if attempts != 1 {
				t.Errorf("%d attempts after the cancel", attempts)
			}
		})
	})
	t.Run("canceled during the backoff", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			s := script(answer(503, ``))
			rt := Retry(RetryConfig{MinBackoff: time.Second, Rand: always(0)})(s)
			done := make(chan error, 1)
			start := time.Now()
			go func() {
				_, _, err := roundTrip(t, rt, newRequest(t, ctx, &safeEndpoint, ""))
				done <- err
			}()
			synctest.Wait() // the first attempt failed; the layer waits
			if n := len(s.attempts()); n != 1 {
				t.Fatalf("%d attempts before the cancel", n)
			}
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
			if waited := time.Since(start); waited != 0 {
				t.Errorf("the cancel ended the wait after %v", waited)
			}
			if n := len(s.attempts()); n != 1 {
				t.Errorf("%d attempts after the cancel", n)
			}
		})
	})
	t.Run("deadline during the backoff", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
			defer cancel()
			s := script(failWith(readReset))
			start := time.Now()
			rt := Retry(RetryConfig{MinBackoff: 10 * time.Second, MaxBackoff: 20 * time.Second, Rand: always(0)})(s)
			_, _, err := roundTrip(t, rt, newRequest(t, ctx, &safeEndpoint, ""))
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v, want context.DeadlineExceeded", err)
			}
			if waited := time.Since(start); waited != 3*time.Second {
				t.Errorf("gave up after %v, want at the 3 s deadline", waited)
			}
			if n := len(s.attempts()); n != 1 {
				t.Errorf("%d attempts", n)
			}
		})
	})
}

// advance moves the bubble's fake clock on by d (time.Sleep inside a
// synctest bubble returns at once in real time).
func advance(d time.Duration) { time.Sleep(d) }

// TestRetryBudget: retries across all requests of one Retry layer are
// limited to BudgetPerSecond with a burst of BudgetBurst; the budget
// refills with time, and only retries spend it.
func TestRetryBudget(t *testing.T) {
	t.Parallel()
	tiny := RetryConfig{MaxAttempts: 100, MinBackoff: time.Nanosecond, MaxBackoff: time.Nanosecond}
	count := func(t *testing.T, rt http.RoundTripper, s *scripted, e *Endpoint) int {
		t.Helper()
		before := len(s.attempts())
		roundTrip(t, rt, newRequest(t, t.Context(), e, ""))
		return len(s.attempts()) - before
	}
	t.Run("defaults: burst 20, 5 per second", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			s := script(answer(503, ``))
			rt := Retry(tiny)(s)
			if n := count(t, rt, s, &safeEndpoint); n != 21 {
				t.Errorf("first request: %d attempts, want 1 + 20 retries", n)
			}
			if n := count(t, rt, s, &safeEndpoint); n != 1 {
				t.Errorf("with the budget spent: %d attempts, want 1", n)
			}
			advance(time.Second)
			if n := count(t, rt, s, &safeEndpoint); n != 6 {
				t.Errorf("a second later: %d attempts, want 1 + 5 retries", n)
			}
			advance(200 * time.Millisecond)
			if n := count(t, rt, s, &safeEndpoint); n != 2 {
				t.Errorf("200 ms later: %d attempts, want 1 + 1 retry", n)
			}
		})
	})
	t.Run("configured", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			cfg := tiny
			cfg.BudgetPerSecond, cfg.BudgetBurst = 2, 3
			s := script(answer(503, ``))
			rt := Retry(cfg)(s)
			if n := count(t, rt, s, &safeEndpoint); n != 4 {
				t.Errorf("first request: %d attempts, want 1 + 3 retries", n)
			}
			if n := count(t, rt, s, &safeEndpoint); n != 1 {
				t.Errorf("with the budget spent: %d attempts, want 1", n)
			}
			advance(time.Second)
			if n := count(t, rt, s, &safeEndpoint); n != 3 {
				t.Errorf("a second later: %d attempts, want 1 + 2 retries", n)
			}
			advance(time.Hour)
			if n := count(t, rt, s, &safeEndpoint); n != 4 {
				t.Errorf("an hour later: %d attempts, want 1 + the burst of 3", n)
			}
		})
	})
	t.Run("shared by every transport of the layer", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			cfg := tiny
			cfg.BudgetPerSecond, cfg.BudgetBurst = 1, 2
			layer := Retry(cfg)
			s1, s2 := script(failWith(dialRefused)), script(failWith(dialRefused))
			if n := count(t, layer(s1), s1, &neverEndpoint); n != 3 {
				t.Errorf("first transport: %d attempts, want 3", n)
			}
			if n := count(t, layer(s2), s2, &neverEndpoint); n != 1 {
				t.Errorf("second transport: %d attempts, want 1 (the budget is spent)", n)
			}
			// Another layer has its own budget.
			s3 := script(failWith(dialRefused))
			if n := count(t, Retry(cfg)(s3), s3, &neverEndpoint); n != 3 {
				t.Errorf("another layer: %d attempts, want 3", n)
			}
		})
	})
	t.Run("the last attempt spends nothing", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			cfg := tiny
			cfg.MaxAttempts, cfg.BudgetPerSecond, cfg.BudgetBurst = 2, 1e-9, 2
			s := script(answer(503, ``))
			rt := Retry(cfg)(s)
			for i, want := range []int{2, 2, 1} {
				if n := count(t, rt, s, &safeEndpoint); n != want {
					t.Errorf("request %d: %d attempts, want %d", i+1, n, want)
				}
			}
		})
	})
	t.Run("answers that are not retried spend nothing", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			cfg := tiny
			cfg.BudgetPerSecond, cfg.BudgetBurst = 1e-9, 1
			s := script(answer(200, `{}`), answer(503, ``), answer(404, ``), failWith(readReset), answer(429, ``, "Retry-After", "3600"), answer(500, ``))
			rt := Retry(cfg)(s)
			for i, e := range []*Endpoint{&safeEndpoint, &reconcileEndpoint, &safeEndpoint, &neverEndpoint, &safeEndpoint} {
				if n := count(t, rt, s, e); n != 1 {
					t.Errorf("request %d: %d attempts, want 1", i+1, n)
				}
			}
			if n := count(t, rt, s, &safeEndpoint); n != 2 {
				t.Errorf("last request: %d attempts, want 2 (the budget is intact)", n)
			}
		})
	})
}

// TestRetryKeepsTheBodyReadable: peeking at a 422's error name leaves the
// whole body to the caller, also past MaxErrorBody.
func TestRetryKeepsTheBodyReadable(t *testing.T) {
	t.Parallel()
	long := `{"error":{"name":"invalid_price","message":"` + strings.Repeat("가", 3000) + `"}}`
	for _, body := range []string{`{"error":{"name":"invalid_price"}}`, long, `not json`, ``} {
		synctest.Test(t, func(t *testing.T) {
			s := script(answer(422, body))
			status, got, err := roundTrip(t, Retry(RetryConfig{})(s), newRequest(t, t.Context(), &safeEndpoint, ""))
			if err != nil || status != 422 || got != body {
				t.Errorf("got %d, %d bytes, %v; want 422 with the %d bytes", status, len(got), err, len(body))
			}
		})
	}
}

// errAfterData is a body that yields data and then fails.
type errAfterData struct {
	r   io.Reader
	err error
}

func (b *errAfterData) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, b.err
	}
	return n, err
}

// TestErrorName: the name of a Bithumb error body, "" when the body cannot
// be read in full, and the body stays readable (reads, then the failure).
func TestErrorName(t *testing.T) {
	t.Parallel()
	const notReady = `{"error":{"name":"order_not_ready"}}`
	tests := []struct {
		body io.Reader
		want string
	}{
		{strings.NewReader(notReady), "order_not_ready"},
		{strings.NewReader(`{"error":{"name":404,"message":"Code not found"}}`), "404"},
		{strings.NewReader(`{"name":"not_found"}`), ""},
		{strings.NewReader(`{"error":null}`), ""},
		{strings.NewReader(`[]`), ""},
		{strings.NewReader(``), ""},
		{&errAfterData{strings.NewReader(notReady), io.ErrUnexpectedEOF}, ""},
	}
	for _, tt := range tests {
		closed := false
		resp := &http.Response{Body: struct {
			io.Reader
			io.Closer
		}{tt.body, closerFunc(func() error { closed = true; return nil })}}
		if got := errorName(resp); got != tt.want {
			t.Errorf("errorName = %q, want %q", got, tt.want)
		}
		data, _ := io.ReadAll(resp.Body)
		if r, ok := tt.body.(*strings.Reader); ok && r.Size() != int64(len(data)) {
			t.Errorf("the body kept %d of %d bytes", len(data), r.Size())
		}
		if resp.Body.Close(); !closed {
			t.Error("closing the body does not close the original")
		}
	}
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// TestNotSentClassification: only failures that show that the request
// never left this machine count as not sent.
func TestNotSentClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"dial refused", dialRefused, true},
		{"dial timeout", &net.OpError{Op: "dial", Net: "tcp", Err: timeoutError{}}, true},
		{"dial, wrapped", fmt.Errorf("get: %w", dialRefused), true},
		{"dial inside url.Error", &url.Error{Op: "Get", URL: "https://api.bithumb.com/v1/ticker", Err: dialRefused}, true},
		{"reset inside url.Error", &url.Error{Op: "Get", URL: "https://api.bithumb.com/v1/ticker", Err: readReset}, false},
		{"DNS", dnsFailure, true},
		{"ECONNREFUSED", syscall.ECONNREFUSED, true},
		{"read reset", readReset, false},
		{"write broken pipe", writePipe, false},
		{"read refused", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"EOF", io.EOF, false},
		{"timeout", timeoutError{}, false},
		{"deadline", context.DeadlineExceeded, false},
		{"no credentials", ErrNoCredentials, false},
		{"other", errors.New("dial tcp: refused"), false},
	}
	for _, tt := range tests {
		if got := NotSent(tt.err); got != tt.want {
			t.Errorf("%s: NotSent = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestNotSentOnARealRefusedDial dials a loopback port that nobody listens
// on: the error that net/http returns for it counts as not sent.
func TestNotSentOnARealRefusedDial(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	req, err := http.NewRequestWithContext(t.Context(), "GET", "http://"+addr+"/v1/ticker", nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{}}
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Skipf("something listens on %s again", addr)
	}
	if !NotSent(err) {
		t.Errorf("NotSent(%v) = false", err)
	}
}

// TestRetryAfterEndingAtTheDeadline: a Retry-After that ends exactly at
// the context's deadline still fits, so the layer waits for it; only a
// longer one returns the 429 at once (see TestRetryAfterLimits).
func TestRetryAfterEndingAtTheDeadline(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		s := script(answer(429, ``, "Retry-After", "10"), answer(200, `{}`))
		start := time.Now()
		resp, err := Retry(RetryConfig{MinBackoff: time.Millisecond, Rand: always(0)})(s).RoundTrip(newRequest(t, ctx, &safeEndpoint, ""))
		if resp != nil {
			resp.Body.Close()
		}
		// At the deadline, the retry and the context's end race: either
		// may win, but the layer has waited the 10 s either way.
		if waited := time.Since(start); waited != 10*time.Second {
			t.Errorf("returned after %v (%v, %v), want after the 10 s wait", waited, resp, err)
		}
	})
}

// TestRetryKeepsTheDoubt: when the context ends during the backoff after
// an attempt whose outcome is unknown (a 5xx, a failure after sending),
// the error is an *InFlightError; after an answer that says nothing was
// executed, or a failure before sending, it is not.
func TestRetryKeepsTheDoubt(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		first   outcome
		inDoubt bool
	}{
		{"500", answer(500, ``), true},
		{"599", answer(599, ``), true},
		{"reset after sending", failWith(&InFlightError{Err: readReset}), true},
		{"429", answer(429, ``), false},
		{"422 order_not_ready", answer(422, `{"error":{"name":"order_not_ready"}}`), false},
		{"dial refused", failWith(dialRefused), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
				defer cancel()
				s := script(tt.first)
				rt := Retry(RetryConfig{MinBackoff: time.Hour, MaxBackoff: time.Hour})(s)
				resp, err := rt.RoundTrip(newRequest(t, ctx, &safeEndpoint, ""))
				if resp != nil {
					resp.Body.Close()
				}
				var inFlight *InFlightError
				if len(s.attempts()) != 1 || !errors.Is(err, context.DeadlineExceeded) || errors.As(err, &inFlight) != tt.inDoubt {
					t.Errorf("%d attempts, error %v (%T); want one attempt and an in-flight error: %v", len(s.attempts()), err, err, tt.inDoubt)
				}
			})
		})
	}
}
