package middleware

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

func TestAmbiguity(t *testing.T) {
	t.Parallel()
	inFlight := func(err error) error { return &InFlightError{Err: err} }
	tests := []struct {
		name      string
		err       error
		ambiguous bool
		notSent   bool
	}{
		{"nil", nil, false, false},
		{"dial refused", inFlight(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), false, true},
		{"no such host", inFlight(&net.DNSError{Err: "no such host", Name: "x"}), false, true},
		{"reset after write", inFlight(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), true, false},
		{"EOF after write", inFlight(io.ErrUnexpectedEOF), true, false},
		{"cancelled while in flight", inFlight(context.Canceled), true, false},
		{"deadline while in flight", inFlight(context.DeadlineExceeded), true, false},
		{"body too large", inFlight(ErrResponseTooLarge), true, false},
		{"5xx", &APIError{StatusCode: 502}, true, false},
		{"5xx inside a 200", &APIError{StatusCode: 200, Name: "500"}, true, false},
		{"4xx", &APIError{StatusCode: 400}, false, false},
		{"429", &APIError{StatusCode: 429}, false, false},
		{"deadline before sending", context.DeadlineExceeded, false, false},
		{"cancelled before sending", context.Canceled, false, false},
		{"no keys", ErrNoCredentials, false, false},
		{"a bare reset never reached the transport layer", io.ErrUnexpectedEOF, false, false},
	}
	for _, tt := range tests {
		if got := Ambiguous(tt.err); got != tt.ambiguous {
			t.Errorf("%s: Ambiguous = %v", tt.name, got)
		}
		if got := NotSent(tt.err); got != tt.notSent {
			t.Errorf("%s: NotSent = %v", tt.name, got)
		}
	}
}

type readCloser struct {
	io.Reader
	closed bool
}

func (r *readCloser) Close() error { r.closed = true; return nil }

func TestObserveMarksFailuresAfterSending(t *testing.T) {
	t.Parallel()
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	req, _ := http.NewRequest("GET", "http://127.0.0.1/v1/accounts", nil)

	failing := Observe(0, nil)(RoundTripFunc(func(*http.Request) (*http.Response, error) { return nil, reset }))
	_, err := failing.RoundTrip(req)
	var inFlight *InFlightError
	if !errors.As(err, &inFlight) || !errors.Is(err, syscall.ECONNRESET) || err.Error() != reset.Error() {
		t.Errorf("transport failure: %v (%T)", err, err)
	}

	for _, tt := range []struct {
		name    string
		max     int64
		body    io.Reader
		want    string
		wantErr error
	}{
		{"uncapped", 0, strings.NewReader("hello"), "hello", nil},
		{"exactly the cap", 5, strings.NewReader("hello"), "hello", nil},
		{"over the cap", 4, strings.NewReader("hello"), "hell", ErrResponseTooLarge},
		{"cut short", 0, io.MultiReader(strings.NewReader("hel"), errReader{io.ErrUnexpectedEOF}), "hel", io.ErrUnexpectedEOF},
		{"cut short under a cap", 10, io.MultiReader(strings.NewReader("hel"), errReader{io.ErrUnexpectedEOF}), "hel", io.ErrUnexpectedEOF},
	} {
		rc := &readCloser{Reader: tt.body}
		rt := Observe(tt.max, nil)(RoundTripFunc(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Body: rc}, nil
		}))
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, err := io.ReadAll(resp.Body)
		if string(got) != tt.want {
			t.Errorf("%s: read %q, want %q", tt.name, got, tt.want)
		}
		switch {
		case tt.wantErr == nil && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.wantErr != nil && (!errors.Is(err, tt.wantErr) || !errors.As(err, &inFlight) || !Ambiguous(err)):
			t.Errorf("%s: err = %v (%T), want an ambiguous %v", tt.name, err, err, tt.wantErr)
		}
		resp.Body.Close()
		if !rc.closed {
			t.Errorf("%s: body not closed", tt.name)
		}
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestObserveSendsNothingOnceTheContextIsDone(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", "http://127.0.0.1/v2/orders", nil)
	sent := false
	rt := Observe(0, nil)(RoundTripFunc(func(*http.Request) (*http.Response, error) { sent = true; return nil, context.Canceled }))
	_, err := rt.RoundTrip(req)
	if sent || !errors.Is(err, context.Canceled) || Ambiguous(err) {
		t.Errorf("sent %v, err %v, ambiguous %v", sent, err, Ambiguous(err))
	}
}

// TestRetryKeepsTheDoubtOfAnEarlierAttempt: when the context ends while
// the retry layer waits to re-send a request whose last attempt may have
// been executed, the error stays ambiguous; when the last attempt was
// not executed (a 429), it does not.
func TestRetryKeepsTheDoubtOfAnEarlierAttempt(t *testing.T) {
	for _, tt := range []struct {
		name      string
		status    int
		ambiguous bool
	}{
		{"after a 5xx", 503, true},
		{"after a 429", 429, false},
	} {
		synctest.Test(t, func(t *testing.T) {
			// The deadline strikes during the hour-long backoff.
			ctx, cancel := context.WithTimeout(WithEndpoint(t.Context(), Endpoint{OperationID: "cancelOrder", Retry: RetrySafe}), time.Minute)
			defer cancel()
			attempts := 0
			base := RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				attempts++
				return &http.Response{StatusCode: tt.status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
			})
			rt := Retry(RetryConfig{MinBackoff: time.Hour, MaxBackoff: time.Hour})(base)
			req, _ := http.NewRequestWithContext(ctx, "DELETE", "http://127.0.0.1/v2/order?order_id=x", nil)
			resp, err := rt.RoundTrip(req)
			if resp != nil {
				resp.Body.Close()
			}
			if attempts != 1 || !errors.Is(err, context.DeadlineExceeded) || Ambiguous(err) != tt.ambiguous {
				t.Errorf("%s: %d attempt(s), err %v, ambiguous %v", tt.name, attempts, err, Ambiguous(err))
			}
		})
	}
}

// TestDoubtRemembersAnEarlierAttempt: a retried request that ends in a
// definite answer still reports, through Doubt, an earlier attempt that
// may have been executed.
func TestDoubtRemembersAnEarlierAttempt(t *testing.T) {
	for _, tt := range []struct {
		name  string
		first func() (*http.Response, error)
		doubt bool
	}{
		{"5xx, then 404", func() (*http.Response, error) {
			return &http.Response{StatusCode: 503, Body: io.NopCloser(strings.NewReader(`{}`))}, nil
		}, true},
		{"reset, then 404", func() (*http.Response, error) { return nil, &InFlightError{Err: syscall.ECONNRESET} }, true},
		{"429, then 404", func() (*http.Response, error) {
			return &http.Response{StatusCode: 429, Body: io.NopCloser(strings.NewReader(`{}`))}, nil
		}, false},
		{"refused connection, then 404", func() (*http.Response, error) {
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
		}, false},
	} {
		synctest.Test(t, func(t *testing.T) {
			attempts := 0
			base := RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				attempts++
				if attempts == 1 {
					resp, err := tt.first()
					if resp != nil {
						resp.Header, resp.Request = http.Header{}, r
					}
					return resp, err
				}
				return &http.Response{StatusCode: 404, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"error":{"name":"order_not_found"}}`)), Request: r}, nil
			})
			var d Doubt
			ctx := WithDoubt(WithEndpoint(t.Context(), Endpoint{OperationID: "cancelOrder", Retry: RetrySafe}), &d)
			req, _ := http.NewRequestWithContext(ctx, "DELETE", "http://127.0.0.1/v2/order?order_id=x", nil)
			resp, err := Retry(RetryConfig{})(base).RoundTrip(req)
			if err != nil || resp.StatusCode != 404 || attempts != 2 {
				t.Fatalf("%s: %d attempts, %v %v", tt.name, attempts, resp, err)
			}
			resp.Body.Close()
			if d.InDoubt() != tt.doubt {
				t.Errorf("%s: InDoubt = %v", tt.name, d.InDoubt())
			}
		})
	}
}
