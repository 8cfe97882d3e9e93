package middleware

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
)

// closeRecorder is a request body without GetBody that records its Close.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// TestRetryResendsABodyWithoutGetBody: a request whose body cannot be
// fetched again (no GetBody) is read once and every attempt sends all of
// it; the caller's body is closed.
func TestRetryResendsABodyWithoutGetBody(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const sent = `{"market":"KRW-BTC"}`
		s := script(failWith(dialRefused), answer(503, ``), answer(200, `{}`))
		req := newRequest(t, t.Context(), &safeEndpoint, "")
		body := &closeRecorder{Reader: strings.NewReader(sent)}
		req.Method, req.Body, req.GetBody, req.ContentLength = "POST", body, nil, int64(len(sent))
		status, _, err := roundTrip(t, Retry(RetryConfig{})(s), req)
		if err != nil || status != 200 {
			t.Fatalf("got %d %v, want the third attempt's 200", status, err)
		}
		seen := s.attempts()
		if len(seen) != 3 {
			t.Fatalf("%d attempts, want 3", len(seen))
		}
		for i, a := range seen {
			if a.body != sent {
				t.Errorf("attempt %d sent %q, want %q", i+1, a.body, sent)
			}
		}
		if !body.closed {
			t.Error("the request's body was not closed")
		}
	})
}

// TestRetryNumbersTheAttemptsOfABodilessRequest: the attempts of a GET,
// which share one request, each carry their own number and the endpoint,
// and a WithAttempt below the layer still wins.
func TestRetryNumbersTheAttemptsOfABodilessRequest(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := script(answer(503, ``), failWith(dialRefused), answer(200, `{}`))
		var below []int
		rt := Retry(RetryConfig{})(RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			below = append(below, AttemptFrom(WithAttempt(req.Context(), 9)))
			return s.RoundTrip(req)
		}))
		status, _, err := roundTrip(t, rt, newRequest(t, t.Context(), &safeEndpoint, ""))
		if err != nil || status != 200 {
			t.Fatalf("got %d %v, want the third attempt's 200", status, err)
		}
		seen := s.attempts()
		if len(seen) != 3 {
			t.Fatalf("%d attempts, want 3", len(seen))
		}
		for i, a := range seen {
			if a.attempt != i+1 || !a.hasEndpoint || a.endpoint != safeEndpoint {
				t.Errorf("attempt %d carries AttemptFrom %d and endpoint %+v (%t)", i+1, a.attempt, a.endpoint, a.hasEndpoint)
			}
		}
		if len(below) != 3 || below[0] != 9 || below[2] != 9 {
			t.Errorf("WithAttempt below the layer gave %v, want 9 each time", below)
		}
	})
}
