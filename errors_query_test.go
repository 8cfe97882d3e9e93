package bithumb_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/middleware"
)

// TestErrorsNeverShowTheQuery: the query of a request (here an order id)
// never appears in the text of a typed call's error, whatever the failure:
// the transport's, a cancelled context, a 5xx, an error answer or a body
// that cannot be decoded. The errors keep what errors.Is and
// middleware.Ambiguous need.
func TestErrorsNeverShowTheQuery(t *testing.T) {
	t.Parallel()
	const orderID = "C0101000000001799625"
	reset := func(req *http.Request) (*http.Response, error) { return nil, syscall.ECONNRESET }
	// A transport of the caller's (a proxy, a tracer) may wrap its errors
	// in a *url.Error of its own.
	wrapped := func(req *http.Request) (*http.Response, error) {
		return nil, &url.Error{Op: "Get", URL: req.URL.String(), Err: syscall.ECONNRESET}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name      string
		transport middleware.RoundTripFunc // nil: the test server
		status    int
		body      string
		ctx       context.Context
		is        error
		ambiguous bool
	}{
		{name: "transport failure", transport: reset, is: syscall.ECONNRESET, ambiguous: true},
		{name: "transport failure in a url.Error", transport: wrapped, is: syscall.ECONNRESET, ambiguous: true},
		{name: "cancelled context", transport: reset, ctx: cancelled, is: context.Canceled},
		{name: "5xx", status: 503, body: `<html>` + orderID + `</html>`, is: bithumb.ErrServer, ambiguous: true},
		{name: "API error", status: 404, body: `{"error":{"name":"order_not_found","message":"주문을 찾지 못했습니다."}}`, is: bithumb.ErrOrderNotFound},
		{name: "undecodable success", status: 200, body: `{"uuid": 1, "x": "` + orderID + `"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			opts := []bithumb.Option{bithumb.WithBaseURL(srv.URL), bithumb.WithMaxAttempts(1), bithumb.WithoutRateLimit(),
				bithumb.WithKeys("example-access-key-0123456789", "example-secret-key-0123456789")}
			if tt.transport != nil {
				opts = append(opts, bithumb.WithTransport(tt.transport))
			}
			c, err := bithumb.New(opts...)
			if err != nil {
				t.Fatal(err)
			}
			ctx := tt.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			_, err = c.GetOrder(ctx, bithumb.GetOrderParams{UUID: bithumb.Ptr(orderID)})
			if err == nil {
				t.Fatal("no error")
			}
			if msg := err.Error(); strings.Contains(msg, orderID) || strings.Contains(msg, "uuid=") || strings.Contains(msg, "?") {
				t.Errorf("the error shows the query: %s", msg)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			if got := middleware.Ambiguous(err); got != tt.ambiguous {
				t.Errorf("Ambiguous(%v) = %v, want %v", err, got, tt.ambiguous)
			}
		})
	}
}
