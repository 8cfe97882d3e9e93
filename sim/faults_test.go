package sim

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/faults"
)

func (f *fixture) setFaults(c faults.Config) {
	f.t.Helper()
	b, _ := json.Marshal(c)
	req, _ := http.NewRequest("PUT", f.ts.URL+"/_sim/faults", strings.NewReader(string(b)))
	if st, body := f.do(req); st != 200 {
		f.t.Fatalf("PUT /_sim/faults: %d %v", st, body)
	}
}

func (f *fixture) limitBid(t *testing.T, cid string) bithumb.PlaceOrderRequest {
	t.Helper()
	books, err := f.client.ListOrderbooks(context.Background(), "KRW-BTC")
	if err != nil {
		t.Fatal(err)
	}
	return bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: "bid", OrderType: "limit",
		Price: books[0].OrderbookUnits[0].BidPrice.Sub(dec("1000000")).AsString(), Volume: dec("0.001"), ClientOrderID: cid}
}

func (f *fixture) ordersWithClientID(cid string) int {
	n := 0
	for _, o := range f.s.Engine().Orders(f.key.Account, engine.OrderQuery{Limit: 1 << 20}) {
		if o.ClientOrderID == cid {
			n++
		}
	}
	return n
}

// TestResetAfterRead is the ambiguous-order case: the order is placed,
// then the connection is closed without an answer.
func TestResetAfterRead(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	req := f.limitBid(t, "ambiguous-0")

	// On the wire: the request is read and handled, and no response comes.
	f.setFaults(faults.Config{NextReset: 1, Operations: []string{"placeOrder"}})
	body := `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"` + req.Price.String() + `","volume":"0.001","client_order_id":"ambiguous-0"}`
	hs := "market=KRW-BTC&side=bid&order_type=limit&price=" + req.Price.String() + "&volume=0.001&client_order_id=ambiguous-0"
	tok, _ := auth.SignJWT(f.key.SecretKey, claims(f.key, "reset-nonce", time.Now(), hs))
	hreq, _ := http.NewRequest("POST", f.ts.URL+"/v2/orders", strings.NewReader(body))
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Authorization", "Bearer "+tok)
	if resp, err := f.ts.Client().Do(hreq); err == nil {
		resp.Body.Close()
		t.Fatalf("got a response (%d), want the connection closed", resp.StatusCode)
	}
	if n := f.ordersWithClientID("ambiguous-0"); n != 1 {
		t.Fatalf("%d orders placed, want exactly 1", n)
	}

	// Through the client: the transport error is ambiguous, so the client
	// looks the order up by client_order_id instead of sending it again.
	// Whatever it answers, exactly one order exists.
	f.setFaults(faults.Config{NextReset: 1, Operations: []string{"placeOrder"}})
	resp, err := f.client.PlaceOrder(ctx, f.limitBid(t, "ambiguous-1"))
	var amb *bithumb.AmbiguousOrderError
	switch {
	case err == nil && resp.ClientOrderID != nil && *resp.ClientOrderID == "ambiguous-1":
	case errors.As(err, &amb):
	default:
		t.Fatalf("PlaceOrder after a reset: %+v %v", resp, err)
	}
	if n := f.ordersWithClientID("ambiguous-1"); n != 1 {
		t.Fatalf("%d orders placed, want exactly 1", n)
	}
	o, err := f.client.GetOrder(ctx, bithumb.GetOrderParams{ClientOrderID: ptr("ambiguous-1")})
	if err != nil || o.State != "wait" {
		t.Fatalf("lookup: %+v %v", o, err)
	}
}

func TestFaultKinds(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()

	f.setFaults(faults.Config{NextError: 1})
	if _, err := f.client.ListAccounts(ctx); !errors.Is(err, bithumb.ErrServer) || !errors.Is(err, bithumb.ErrServerError) {
		t.Errorf("5xx: %v", err)
	}
	if _, err := f.client.ListAccounts(ctx); err != nil {
		t.Errorf("after the one-shot error: %v", err)
	}

	f.setFaults(faults.Config{NextRateLimit: 2})
	for i := 0; i < 2; i++ {
		if _, err := f.client.ListTickers(ctx, "KRW-BTC"); !errors.Is(err, bithumb.ErrRateLimited) {
			t.Errorf("storm %d: %v", i, err)
		}
	}
	if _, err := f.client.ListTickers(ctx, "KRW-BTC"); err != nil {
		t.Errorf("after the storm: %v", err)
	}

	// How long latency and slow bodies take is measured on a fake clock
	// by TestLatencyAndSlowBodyTakeTheirTime; through the client, the
	// answers still arrive whole.
	f.setFaults(faults.Config{Latency: 1e6})
	if _, err := f.client.ListMarkets(ctx, bithumb.ListMarketsParams{}); err != nil {
		t.Errorf("latency: %v", err)
	}
	f.setFaults(faults.Config{NextSlowBody: 1, SlowBodyDelay: 1e6})
	accts, err := f.client.ListAccounts(ctx)
	if err != nil || len(accts) == 0 {
		t.Errorf("slow body: %v %v", accts, err)
	}

	f.setFaults(faults.Config{NextMalformed: 1, Operations: []string{"listAccounts"}})
	_, err = f.client.ListAccounts(ctx)
	var derr *bithumb.DecodeError
	if !errors.As(err, &derr) {
		t.Errorf("malformed: %v", err)
	}
	// A malformed answer to a placement: the order was placed, and the
	// client finds it by its client order id.
	f.setFaults(faults.Config{NextMalformed: 1, Operations: []string{"placeOrder"}})
	placed, err := f.client.PlaceOrder(ctx, f.limitBid(t, "malformed-1"))
	if err != nil || *placed.ClientOrderID != "malformed-1" {
		t.Errorf("malformed placement: %+v %v", placed, err)
	}
	if n := f.ordersWithClientID("malformed-1"); n != 1 {
		t.Errorf("malformed answer: %d orders placed", n)
	}

	// The admin endpoint reports and resets the configuration.
	f.setFaults(faults.Config{ErrorRate: 0.5, Seed: 9})
	req, _ := http.NewRequest("GET", f.ts.URL+"/_sim/faults", nil)
	if st, body := f.do(req); st != 200 || body["error_rate"] != 0.5 {
		t.Errorf("GET faults: %d %v", st, body)
	}
	req, _ = http.NewRequest("POST", f.ts.URL+"/_sim/faults/reset", nil)
	f.do(req)
	for i := 0; i < 10; i++ {
		if _, err := f.client.ListMarkets(ctx, bithumb.ListMarketsParams{}); err != nil {
			t.Fatalf("after reset: %v", err)
		}
	}
}

// TestFaultsDeterministic: the same seed gives the same faults in the
// same order.
func TestFaultsDeterministic(t *testing.T) {
	run := func() string {
		f := newFixture(t, WithFaults(faults.Config{Seed: 7, ErrorRate: 0.3, RateLimitRate: 0.2}))
		var b strings.Builder
		for i := 0; i < 40; i++ {
			_, err := f.client.ListMarkets(context.Background(), bithumb.ListMarketsParams{})
			switch {
			case err == nil:
				b.WriteByte('.')
			case errors.Is(err, bithumb.ErrRateLimited):
				b.WriteByte('R')
			default:
				b.WriteByte('E')
			}
		}
		return b.String()
	}
	a, b := run(), run()
	if a != b || !strings.Contains(a, "E") || !strings.Contains(a, "R") || !strings.Contains(a, ".") {
		t.Fatalf("runs differ or lack variety:\n%s\n%s", a, b)
	}
}
