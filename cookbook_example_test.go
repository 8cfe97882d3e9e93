package bithumb_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/faults"
	"github.com/bithumb-go/bithumb/wsclient"
)

// The examples of docs/cookbook run against the simulator, in process.

// cookbookKey is the simulator account's key in these examples.
var cookbookKey = auth.Key{AccessKey: "cookbook-access-key-0001", SecretKey: "cookbook-secret-key-0001"}

// cookbookSim starts a simulator with cfg's accounts (cookbookKey's
// account "me" when none) on a fixed exchange clock.
func cookbookSim(cfg sim.Config) (url string, stop func()) {
	if cfg.Accounts == nil {
		cfg.Accounts = []sim.AccountConfig{{ID: "me", Keys: []auth.Key{cookbookKey}}}
	}
	cfg.HistoryDays = 2
	s, err := sim.New(sim.WithConfig(cfg), sim.WithClock(clock.NewFake(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC))))
	if err != nil {
		log.Fatal(err)
	}
	ts := httptest.NewServer(s)
	return ts.URL, func() { ts.Close(); s.Close() }
}

// The answer to a placement is lost: the exchange placed the order and
// then reset the connection. The client looks the order up by its
// client_order_id and returns it; nothing is placed twice.
func Example_placeOrderAnswerLost() {
	url, stop := cookbookSim(sim.Config{Faults: faults.Config{Operations: []string{"placeOrder"}, NextReset: 1}})
	defer stop()
	c, err := bithumb.New(bithumb.WithBaseURL(url), bithumb.WithKeys(cookbookKey.AccessKey, cookbookKey.SecretKey),
		bithumb.WithReconcileDelay(time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	order, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{
		Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
		Price: decimal.MustParse("140000000"), Volume: decimal.MustParse("0.01"),
		ClientOrderID: "rebalance-2026-01-05-001", // your own id: the key to look the order up
	})
	var amb *bithumb.AmbiguousOrderError
	switch {
	case err == nil:
		fmt.Println("placed:", *order.ClientOrderID)
	case errors.As(err, &amb):
		// Unknown: look it up later by amb.ClientOrderIDs, and place it
		// again only with the same id.
		fmt.Println("in doubt:", amb.ClientOrderIDs)
	default:
		fmt.Println("rejected, nothing was placed:", err)
	}

	open, err := c.ListOrders(ctx, bithumb.ListOrdersParams{Market: bithumb.Ptr("KRW-BTC"), State: bithumb.Ptr(bithumb.OrderStateWait)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("open orders:", len(open))
	// Output:
	// placed: rebalance-2026-01-05-001
	// open orders: 1
}

// Later, or in another process: whether an order in doubt exists is a
// look-up by its client_order_id.
func Example_lookUpOrderInDoubt() {
	url, stop := cookbookSim(sim.Config{})
	defer stop()
	c, err := bithumb.New(bithumb.WithBaseURL(url), bithumb.WithKeys(cookbookKey.AccessKey, cookbookKey.SecretKey))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	o, err := c.GetOrder(ctx, bithumb.GetOrderParams{ClientOrderID: bithumb.Ptr("rebalance-2026-01-05-002")})
	switch {
	case err == nil:
		fmt.Println("it exists:", o.UUID, o.State)
	case errors.Is(err, bithumb.ErrOrderNotFound):
		fmt.Println("not placed (yet): place it again with the same client_order_id")
	default:
		fmt.Println("cannot tell now, try again later:", err)
	}
	// Output:
	// not placed (yet): place it again with the same client_order_id
}

// The 401 and 403 answers of the private API each have an errors.Is
// target, and each has its own cause.
func Example_authErrors() {
	keys := []auth.Key{
		{AccessKey: "read-only-access-key-01", SecretKey: "read-only-secret-key-01", Scopes: []auth.Scope{auth.ScopeAccount}},
		{AccessKey: "office-ip-access-key-01", SecretKey: "office-ip-secret-key-01", AllowedIPs: []string{"203.0.113.7"}},
	}
	url, stop := cookbookSim(sim.Config{Accounts: []sim.AccountConfig{{ID: "me", Keys: append(keys, cookbookKey)}}})
	defer stop()
	ctx := context.Background()
	client := func(access, secret string, opts ...bithumb.Option) *bithumb.Client {
		c, err := bithumb.New(append([]bithumb.Option{bithumb.WithBaseURL(url), bithumb.WithKeys(access, secret)}, opts...)...)
		if err != nil {
			log.Fatal(err)
		}
		return c
	}
	buy := bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
		Price: decimal.MustParse("140000000"), Volume: decimal.MustParse("0.01")}
	show := func(what string, err error) {
		var apiErr *bithumb.APIError
		if errors.As(err, &apiErr) {
			fmt.Printf("%-22s %d %s\n", what, apiErr.StatusCode, apiErr.Name)
		}
	}

	// A key without the "orders" permission.
	_, err := client(keys[0].AccessKey, keys[0].SecretKey).PlaceOrder(ctx, buy)
	show("missing permission:", err)
	fmt.Println(errors.Is(err, bithumb.ErrOutOfScope))

	// A key bound to other IP addresses than the caller's.
	_, err = client(keys[1].AccessKey, keys[1].SecretKey).ListAccounts(ctx)
	show("IP not allowed:", err)
	fmt.Println(errors.Is(err, bithumb.ErrNotAllowIP))

	// The right access key with a wrong secret: the signature fails.
	_, err = client(cookbookKey.AccessKey, "not-the-secret-key-0001").ListAccounts(ctx)
	show("wrong secret:", err)
	fmt.Println(errors.Is(err, bithumb.ErrJWTVerification))

	// An access key the exchange does not know (deleted, or a typo).
	_, err = client("no-such-access-key-0001", cookbookKey.SecretKey).ListAccounts(ctx)
	show("unknown key:", err)
	fmt.Println(errors.Is(err, bithumb.ErrInvalidAccessKey))

	// A clock five minutes slow: the token's timestamp is too old.
	slow := func() time.Time { return time.Now().Add(-5 * time.Minute) }
	_, err = client(cookbookKey.AccessKey, cookbookKey.SecretKey, bithumb.WithClock(slow)).ListAccounts(ctx)
	show("clock skew:", err)
	fmt.Println(errors.Is(err, bithumb.ErrExpiredJWT), errors.Is(err, bithumb.ErrUnauthorized))
	// Output:
	// missing permission:    401 out_of_scope
	// true
	// IP not allowed:        401 NotAllowIP
	// true
	// wrong secret:          401 jwt_verification
	// true
	// unknown key:           401 invalid_access_key
	// true
	// clock skew:            401 expired_jwt
	// true true
}

// A private stream lost its connection, and an order was cancelled
// during the gap: Bithumb does not replay the missed message. After the
// Reconnected event, the StreamReconciler reads the orders the stream had
// shown open, and the balances, through REST and hands them over as
// events marked RECONCILED, to apply like the stream's own.
//
// In a program the events come from sub.Events() (see the wsclient
// examples); here they are written out, so that the gap is certain.
func Example_streamResync() {
	url, stop := cookbookSim(sim.Config{})
	defer stop()
	c, err := bithumb.New(bithumb.WithBaseURL(url), bithumb.WithKeys(cookbookKey.AccessKey, cookbookKey.SecretKey))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	placed, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
		Price: decimal.MustParse("140000000"), Volume: decimal.MustParse("0.01"), ClientOrderID: "grid-1"})
	if err != nil {
		log.Fatal(err)
	}

	r := c.StreamReconciler()
	stream := []wsclient.Event{
		&wsclient.MyOrder{OrderID: placed.OrderID, Code: "KRW-BTC", State: "wait"}, // the stream shows the order open
		&wsclient.Disconnected{},
		// ... the order is cancelled now; the stream's message is lost ...
		&wsclient.Reconnected{},
	}
	for _, ev := range stream {
		if _, ok := ev.(*wsclient.Disconnected); ok { // during the gap
			if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &placed.OrderID}); err != nil {
				log.Fatal(err)
			}
		}
		fixes, err := r.Handle(ctx, ev) // tracks open orders; after a gap, reads REST
		if err != nil {
			log.Fatal(err) // REST failed: call r.Reconcile(ctx) again later
		}
		for _, f := range fixes {
			switch f := f.(type) {
			case *wsclient.MyOrder:
				fmt.Println("order", f.OrderID == placed.OrderID, f.State, f.StreamType)
			case *wsclient.MyAsset:
				for _, a := range f.Assets {
					if a.Currency == "KRW" {
						fmt.Println("KRW", a.Balance, "locked", a.Locked, f.StreamType)
					}
				}
			}
		}
	}
	fmt.Println("open orders:", len(r.OpenOrders()))
	// Output:
	// order true cancel RECONCILED
	// KRW 100000000 locked 0 RECONCILED
	// open orders: 0
}
