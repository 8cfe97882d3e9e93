package bithumb_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/middleware"
)

// hangingBody blocks its reads until ctx ends.
type hangingBody struct{ ctx context.Context }

func (b hangingBody) Read([]byte) (int, error) { <-b.ctx.Done(); return 0, b.ctx.Err() }
func (b hangingBody) Close() error             { return nil }

// TestNewHTTPClientTimeout: WithTimeout bounds each request of
// NewHTTPClient's client, the reading of its body included, as a context
// deadline, so that the error still tells that the request was sent.
func TestNewHTTPClientTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 3 * time.Second
	for _, tt := range []struct {
		name      string
		transport middleware.RoundTripFunc
	}{
		{"no answer", func(req *http.Request) (*http.Response, error) {
			<-req.Context().Done()
			return nil, req.Context().Err()
		}},
		{"a body that never ends", func(req *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: hangingBody{req.Context()}, Request: req}, nil
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				hc, err := bithumb.NewHTTPClient(bithumb.WithTransport(tt.transport), bithumb.WithTimeout(timeout), bithumb.WithMaxAttempts(1))
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				resp, err := hc.Get("http://exchange.invalid/v1/ticker?markets=KRW-BTC")
				if err == nil {
					_, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				if took := time.Since(start); took != timeout {
					t.Errorf("took %v, want %v", took, timeout)
				}
				if !errors.Is(err, context.DeadlineExceeded) || !middleware.Ambiguous(err) {
					t.Errorf("err = %v; want a deadline after sending", err)
				}
			})
		})
	}
}

// TestNewHTTPClientRequests: the client sets the User-Agent of requests
// that have none, keeps the caller's, never follows a redirect (it would
// re-send a signed request elsewhere), and releases a request's deadline
// once its body is read.
func TestNewHTTPClientRequests(t *testing.T) {
	t.Parallel()
	var seen []*http.Request
	rt := middleware.RoundTripFunc(func(req *http.Request) (*http.Response, error) {
		seen = append(seen, req)
		return &http.Response{StatusCode: http.StatusFound, Header: http.Header{"Location": {"http://elsewhere.invalid/"}},
			Body: io.NopCloser(strings.NewReader("{}")), Request: req}, nil
	})
	hc, err := bithumb.NewHTTPClient(bithumb.WithTransport(rt), bithumb.WithUserAgent("probe/1"), bithumb.WithTimeout(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, ua := range []string{"", "mine/2"} {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", "http://exchange.invalid/v1/market/all", nil)
		if ua != "" {
			req.Header.Set("User-Agent", ua)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadAll(resp.Body); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			t.Errorf("status %d: the redirect was followed", resp.StatusCode)
		}
		got := seen[len(seen)-1]
		want := ua
		if want == "" {
			want = "probe/1"
		}
		if got.Header.Get("User-Agent") != want {
			t.Errorf("User-Agent %q, want %q", got.Header.Get("User-Agent"), want)
		}
		if req.Header.Get("User-Agent") != ua {
			t.Error("the caller's request was changed")
		}
		if got.Context().Err() == nil {
			t.Error("the request's deadline is still running after its body was read")
		}
	}
	if len(seen) != 2 {
		t.Errorf("%d requests sent, want 2", len(seen))
	}
}
