package sim

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

// TestPerAssetRuleEnforced: the simulator reads the per-asset rule from
// the spec and answers 429 too_many_requests, which the client types as
// both ErrRateLimited and ErrTooManyRequests, once one IP's orders and
// cancels on one asset exceed it; other assets, and the asset after a
// refill, are served. A batch counts per order, a cancel on the asset of
// its order. The limit is lowered to 3 per second here.
func TestPerAssetRuleEnforced(t *testing.T) {
	wall := clock.NewFake(time.Now())
	cfg := Config{RateLimit: ratelimit.Config{Overrides: map[string]float64{"asset-orders": 3}}}
	f := newFixture(t, WithConfig(cfg), WithWallClock(wall.Now))
	c := f.newClient(f.key, bithumb.WithClock(wall.Now))
	ctx := context.Background()
	tooMany := func(err error) bool {
		return errors.Is(err, bithumb.ErrRateLimited) && errors.Is(err, bithumb.ErrTooManyRequests)
	}
	bid := f.limitBid(t, "asset-1")
	if _, err := c.PlaceOrder(ctx, bid); err != nil {
		t.Fatal(err)
	}
	batch := bithumb.PlaceOrderBatchRequest{}
	for i := range 2 {
		o := f.limitBid(t, "asset-b"+strconv.Itoa(i))
		batch.BatchOrders = append(batch.BatchOrders, o)
	}
	if _, err := c.PlaceOrderBatch(ctx, batch); err != nil {
		t.Fatal(err)
	}
	// Three orders on BTC: the fourth request on BTC is restricted.
	bid.ClientOrderID = "asset-2"
	if _, err := c.PlaceOrder(ctx, bid); !tooMany(err) {
		t.Fatalf("the 4th order on BTC in one second: %v, want a 429 too_many_requests", err)
	}
	cid := "asset-1"
	if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{ClientOrderID: &cid}); !tooMany(err) {
		t.Fatalf("a cancel of a BTC order with BTC's bucket empty: %v, want a 429", err)
	}
	if f.ordersWithClientID("asset-2") != 0 {
		t.Error("a restricted order was placed")
	}
	// Another asset has its own bucket.
	eth := bithumb.PlaceOrderRequest{Market: "KRW-ETH", Side: "bid", OrderType: "price", Price: dec("10000").AsString(), ClientOrderID: "asset-eth"}
	if _, err := c.PlaceOrder(ctx, eth); err != nil {
		t.Fatalf("an order on ETH: %v", err)
	}
	// After a second BTC's bucket is full again.
	wall.Advance(time.Second)
	if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{ClientOrderID: &cid}); err != nil {
		t.Fatalf("the cancel after a refill: %v", err)
	}
}

// TestClientStaysUnderThePerAssetRule: a client with its default limits
// sends 25 orders on one asset as fast as it may, and the simulator, with
// Bithumb's 20/s per asset, restricts none.
func TestClientStaysUnderThePerAssetRule(t *testing.T) {
	f := newFixture(t)
	c, err := bithumb.New(bithumb.WithBaseURL(f.ts.URL), bithumb.WithKeys(f.key.AccessKey, f.key.SecretKey),
		bithumb.WithHTTPClient(f.ts.Client()), bithumb.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		if _, err := c.PlaceOrder(context.Background(), f.limitBid(t, "paced-"+strconv.Itoa(i))); err != nil {
			t.Fatalf("order %d: %v", i+1, err)
		}
	}
}

// TestClientCancelsByOrderIDUnderThePerAssetRule: a client with its
// default limits places 30 orders on one asset (20 single, a batch of
// 10), then cancels them all at once by the exchange's order ids: 20
// goroutines cancel one each and a batch cancel names the other 10. The
// simulator, with Bithumb's 20/s per asset, counts every cancel on the
// order's asset and restricts none: the client paces them on the asset it
// read from the placements' answers, not on the cancel category's 140/s,
// which would send all 30 within a fraction of a second.
func TestClientCancelsByOrderIDUnderThePerAssetRule(t *testing.T) {
	f := newFixture(t)
	c, err := bithumb.New(bithumb.WithBaseURL(f.ts.URL), bithumb.WithKeys(f.key.AccessKey, f.key.SecretKey),
		bithumb.WithHTTPClient(f.ts.Client()), bithumb.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var single []string
	for i := range 20 {
		o, err := c.PlaceOrder(ctx, f.limitBid(t, "by-id-"+strconv.Itoa(i)))
		if err != nil {
			t.Fatalf("order %d: %v", i+1, err)
		}
		single = append(single, o.OrderID)
	}
	var batch bithumb.PlaceOrderBatchRequest
	for i := range 10 {
		batch.BatchOrders = append(batch.BatchOrders, f.limitBid(t, "by-id-b"+strconv.Itoa(i)))
	}
	placed, err := c.PlaceOrderBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	var batchIDs []string
	for i, r := range placed.BatchOrdersResponse {
		if r.OrderID == nil {
			t.Fatalf("batch order %d was not placed: %+v", i+1, r)
		}
		batchIDs = append(batchIDs, *r.OrderID)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(single)+1)
	for _, id := range single {
		wg.Go(func() {
			if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &id}); err != nil {
				errs <- fmt.Errorf("cancel %s: %w", id, err)
			}
		})
	}
	wg.Go(func() {
		res, err := c.CancelOrderBatch(ctx, bithumb.CancelOrderBatchRequest{OrderIds: batchIDs})
		if err != nil {
			errs <- fmt.Errorf("batch cancel: %w", err)
			return
		}
		if len(res.Success) != len(batchIDs) {
			errs <- fmt.Errorf("batch cancel: %d accepted, %+v failed, want all %d accepted", len(res.Success), res.Fail, len(batchIDs))
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
