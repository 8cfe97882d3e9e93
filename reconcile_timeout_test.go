package bithumb_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/middleware"
)

// TestTimeoutBoundsReconciliation: WithTimeout bounds a whole placement or
// cancel. Here the exchange never answers anything, so the first attempt
// takes the whole timeout and the look-ups that would settle it would
// hang too: the call still returns when the timeout strikes, with an
// *AmbiguousOrderError naming the order. (Time is the bubble's fake clock.)
func TestTimeoutBoundsReconciliation(t *testing.T) {
	t.Parallel()
	const timeout = 2 * time.Second
	order := bithumb.PlaceOrderRequest{
		Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
		Price: decimal.MustParse("84000000"), Volume: decimal.MustParse("0.001"), ClientOrderID: "timeout-order-1",
	}
	for _, tt := range []struct {
		name string
		call func(context.Context, *bithumb.Client) error
	}{
		{"PlaceOrder", func(ctx context.Context, c *bithumb.Client) error {
			_, err := c.PlaceOrder(ctx, order)
			return err
		}},
		{"PlaceOrderBatch", func(ctx context.Context, c *bithumb.Client) error {
			_, err := c.PlaceOrderBatch(ctx, bithumb.PlaceOrderBatchRequest{BatchOrders: []bithumb.PlaceOrderRequest{order}})
			return err
		}},
		{"CancelOrder", func(ctx context.Context, c *bithumb.Client) error {
			_, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: bithumb.Ptr("C0101000000001799625")})
			return err
		}},
		{"CancelOrderBatch", func(ctx context.Context, c *bithumb.Client) error {
			_, err := c.CancelOrderBatch(ctx, bithumb.CancelOrderBatchRequest{OrderIds: []string{"C0101000000001799625"}})
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				var mu sync.Mutex
				var requests []string
				hang := middleware.RoundTripFunc(func(req *http.Request) (*http.Response, error) {
					mu.Lock()
					requests = append(requests, req.Method+" "+req.URL.Path)
					mu.Unlock()
					<-req.Context().Done() // sent, and never answered
					return nil, req.Context().Err()
				})
				c, err := bithumb.New(bithumb.WithBaseURL("http://exchange.invalid"), bithumb.WithTransport(hang),
					bithumb.WithKeys("example-access-key-0123456789", "example-secret-key-0123456789"),
					bithumb.WithTimeout(timeout), bithumb.WithReconcileDelay(300*time.Millisecond))
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				err = tt.call(t.Context(), c)
				took := time.Since(start)
				synctest.Wait()
				mu.Lock()
				defer mu.Unlock()
				if took > timeout {
					t.Errorf("the call took %v with WithTimeout(%v); requests %v", took, timeout, requests)
				}
				var amb *bithumb.AmbiguousOrderError
				if !errors.As(err, &amb) || !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("err = %v (%T), want an *AmbiguousOrderError from the deadline", err, err)
				}
				if len(amb.ClientOrderIDs)+len(amb.OrderIDs) == 0 {
					t.Errorf("the error names no order: %v", err)
				}
			})
		})
	}
}
