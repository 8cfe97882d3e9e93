package sim_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
)

// A simulator behind httptest, driven by the root client: place a limit
// order under the market, see it open with its funds locked, cancel it.
func ExampleNew() {
	key := auth.Key{AccessKey: "example-access-key-0001", SecretKey: "example-secret-key-0001"}
	s, err := sim.New(
		sim.WithConfig(sim.Config{Accounts: []sim.AccountConfig{{ID: "me", Keys: []auth.Key{key}}}}),
		// A fake exchange clock makes prices and times reproducible.
		sim.WithClock(clock.NewFake(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC))),
	)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	ts := httptest.NewServer(s)
	defer ts.Close()

	c, err := bithumb.New(bithumb.WithBaseURL(ts.URL), bithumb.WithKeys(key.AccessKey, key.SecretKey))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	placed, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{
		Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
		Price: decimal.MustParse("140000000"), Volume: decimal.MustParse("0.01"), ClientOrderID: "example-1",
	})
	if err != nil {
		panic(err)
	}
	o, _ := c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	fmt.Println(o.State, o.Locked, o.ReservedFee)

	_, _ = c.CancelOrder(ctx, bithumb.CancelOrderParams{ClientOrderID: bithumb.Ptr("example-1")})
	o, _ = c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	accts, _ := c.ListAccounts(ctx)
	fmt.Println(o.State, accts[0].Currency, accts[0].Balance, accts[0].Locked)
	// Output:
	// wait 1403500 3500
	// cancel KRW 100000000 0
}
