package bithumb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/faults"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

// These tests check the three-outcome rule of order placement and cancel
// against the simulator with its faults on: every call ends in the order,
// a definite rejection or an *AmbiguousOrderError, and the orders the
// exchange holds are exactly the ones the client reported as placed, plus
// at most one for each ambiguous outcome. Nothing is placed twice and
// nothing placed is reported as a plain failure.

// exchangeRig is a simulator behind httptest, with an optional handler in
// front of it, and a client of its default account.
type exchangeRig struct {
	t      *testing.T
	sim    *sim.Server
	ts     *httptest.Server
	key    auth.Key
	client *bithumb.Client
	// accounted holds the client order ids that the client reported as
	// placed or ambiguous.
	accounted map[string]bool
}

// newExchangeRig starts a simulator with fs and no rate limits (the
// tests are about outcomes, not pacing). front, when not nil, wraps the
// simulator's handler.
func newExchangeRig(t *testing.T, fs faults.Config, front func(http.Handler) http.Handler, opts ...bithumb.Option) *exchangeRig {
	t.Helper()
	s, err := sim.New(sim.WithConfig(sim.Config{HistoryDays: 2, Faults: fs, RateLimit: ratelimit.Config{Disabled: true}}))
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = s
	if front != nil {
		h = front(s)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	r := &exchangeRig{t: t, sim: s, ts: ts, key: s.Keys()[0], accounted: map[string]bool{}}
	r.client = r.newClient(opts...)
	return r
}

func (r *exchangeRig) newClient(opts ...bithumb.Option) *bithumb.Client {
	r.t.Helper()
	c, err := bithumb.New(append([]bithumb.Option{
		bithumb.WithBaseURL(r.ts.URL), bithumb.WithKeys(r.key.AccessKey, r.key.SecretKey),
		bithumb.WithHTTPClient(r.ts.Client()), bithumb.WithoutRateLimit(),
		// A 429's Retry-After (1 s from the simulator) is not waited for:
		// the refusal comes back at once.
		bithumb.WithRetry(bithumb.RetryConfig{MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond,
			MaxRetryAfter: 100 * time.Millisecond, BudgetPerSecond: 1e6, BudgetBurst: 1e6}),
		bithumb.WithReconcileDelay(time.Millisecond),
	}, opts...)...)
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

// restingBid is a limit buy far below the market, so that it rests on
// the book: 0.001 BTC at half the day's low.
func (r *exchangeRig) restingBid(clientOrderID string) bithumb.PlaceOrderRequest {
	tk, ok := r.sim.Engine().Ticker("KRW-BTC")
	if !ok {
		panic("no KRW-BTC ticker")
	}
	price := tk.Low.Div(decimal.NewFromInt(2), 0, decimal.Down).Truncate(-3)
	return bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
		Price: price.AsString(), Volume: decimal.MustParse("0.001").AsString(), ClientOrderID: clientOrderID}
}

// ordersByClientID returns the simulator's orders of the default account
// by client order id, and fails on an order without one.
func (r *exchangeRig) ordersByClientID() map[string][]*engine.Order {
	r.t.Helper()
	out := map[string][]*engine.Order{}
	for _, o := range r.sim.Engine().Orders(r.key.Account, engine.OrderQuery{Limit: 1 << 20}) {
		if o.ClientOrderID == "" {
			r.t.Errorf("order %s on the exchange has no client order id", o.ID)
		}
		out[o.ClientOrderID] = append(out[o.ClientOrderID], o)
	}
	return out
}

// placement is one PlaceOrder call and its outcome.
type placement struct {
	req  bithumb.PlaceOrderRequest // ClientOrderID empty when generated
	resp *bithumb.PlaceOrderResponse
	err  error
}

// placeMany places n resting bids from workers goroutines. Every other
// order leaves its client order id to the client.
func (r *exchangeRig) placeMany(ctx context.Context, c *bithumb.Client, prefix string, n, workers int) []placement {
	out := make([]placement, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				id := ""
				if i%2 == 0 {
					id = fmt.Sprintf("%s-%d", prefix, i)
				}
				req := r.restingBid(id)
				resp, err := c.PlaceOrder(ctx, req)
				out[i] = placement{req: req, resp: resp, err: err}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// tally counts the outcomes of a run.
type tally struct{ placed, rejected, ambiguous, ambiguousPlaced int }

func (t tally) String() string {
	return fmt.Sprintf("placed=%d rejected=%d ambiguous=%d (of which on the exchange: %d)", t.placed, t.rejected, t.ambiguous, t.ambiguousPlaced)
}

// checkPlacements asserts the three-outcome rule: each placement is the
// order, a definite rejection or an AmbiguousOrderError with its client
// order id; the exchange holds one order per placed outcome, none for a
// rejection and at most one per ambiguous outcome, and nothing else.
func (r *exchangeRig) checkPlacements(ps []placement) tally {
	r.t.Helper()
	onExchange := r.ordersByClientID()
	accounted := r.accounted
	var n tally
	for i, p := range ps {
		var amb *bithumb.AmbiguousOrderError
		switch {
		case p.err == nil:
			n.placed++
			if p.resp == nil || p.resp.OrderID == "" || p.resp.ClientOrderID == nil {
				r.t.Errorf("placement %d: success without an order: %+v", i, p.resp)
				continue
			}
			id := *p.resp.ClientOrderID
			if p.req.ClientOrderID != "" && id != p.req.ClientOrderID {
				r.t.Errorf("placement %d: client order id %q, sent %q", i, id, p.req.ClientOrderID)
			}
			if got := onExchange[id]; len(got) != 1 || got[0].ID != p.resp.OrderID {
				r.t.Errorf("placement %d: reported %s as %s; the exchange has %d order(s) with that id", i, id, p.resp.OrderID, len(got))
			}
			accounted[id] = true
		case errors.As(p.err, &amb):
			n.ambiguous++
			if amb.Op != "place" || len(amb.ClientOrderIDs) != 1 || amb.ClientOrderIDs[0] == "" {
				r.t.Errorf("placement %d: ambiguous without its client order id: %v", i, amb)
				continue
			}
			id := amb.ClientOrderIDs[0]
			if p.req.ClientOrderID != "" && id != p.req.ClientOrderID {
				r.t.Errorf("placement %d: ambiguous about %q, sent %q", i, id, p.req.ClientOrderID)
			}
			if !strings.Contains(p.err.Error(), id) {
				r.t.Errorf("placement %d: the error does not name %s: %v", i, id, p.err)
			}
			if got := len(onExchange[id]); got > 1 {
				r.t.Errorf("placement %d: %d orders with client order id %s", i, got, id)
			} else if got == 1 {
				n.ambiguousPlaced++
			}
			accounted[id] = true
		default:
			n.rejected++
			if !definiteRejection(p.err) {
				r.t.Errorf("placement %d: a failure that is neither definite nor ambiguous: %v (%T)", i, p.err, p.err)
			}
			if id := p.req.ClientOrderID; id != "" && len(onExchange[id]) != 0 {
				r.t.Errorf("placement %d: rejected with %v, but the exchange holds %s", i, p.err, id)
			}
		}
	}
	return n
}

// checkNothingLost fails for every order on the exchange that the client
// reported neither as placed nor as ambiguous.
func (r *exchangeRig) checkNothingLost() {
	r.t.Helper()
	for id, os := range r.ordersByClientID() {
		if !r.accounted[id] {
			r.t.Errorf("lost: the exchange holds %d order(s) with client order id %s, reported as failed", len(os), id)
		}
	}
}

// definiteRejection reports whether err proves that nothing was placed:
// an answer of the exchange that is neither a 5xx nor a duplicate,
// invalid input, or a context that ended before the request was sent.
func definiteRejection(err error) bool {
	var apiErr *bithumb.APIError
	if errors.As(err, &apiErr) {
		return apiErr.EffectiveStatus() < 500 && !errors.Is(err, bithumb.ErrDuplicateClientOrder)
	}
	notSent := !middleware.Ambiguous(err) && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled))
	return errors.Is(err, bithumb.ErrInvalidInput) || notSent
}

// TestPlacementOutcomesPerFault places many orders under each of the
// simulator's fault classes and checks the three-outcome rule.
func TestPlacementOutcomesPerFault(t *testing.T) {
	t.Parallel()
	onlyPlace := []string{"placeOrder", "placeOrderBatch"}
	for _, tt := range []struct {
		name  string
		fs    faults.Config
		front func(http.Handler) http.Handler
		opts  []bithumb.Option
		// wantAll: every placement must end placed (the lookups see no
		// faults, so nothing can stay in doubt).
		wantAll bool
	}{
		{"5xx", faults.Config{Seed: 1, Operations: onlyPlace, ErrorRate: 0.6}, nil, nil, false},
		{"429", faults.Config{Seed: 2, Operations: onlyPlace, RateLimitRate: 0.6}, nil, nil, false},
		{"reset after the order was placed", faults.Config{Seed: 3, Operations: onlyPlace, ResetRate: 0.6}, nil, nil, true},
		{"malformed 201", faults.Config{Seed: 4, Operations: onlyPlace, MalformedRate: 0.6}, nil, nil, true},
		{"slow body", faults.Config{Seed: 5, Operations: onlyPlace, SlowBodyRate: 0.5, SlowBodyDelay: clock.Duration(time.Millisecond)}, nil, nil, true},
		{"timeout before the exchange handles it", faults.Config{Seed: 6, Operations: onlyPlace, Latency: clock.Duration(20 * time.Millisecond)},
			nil, []bithumb.Option{bithumb.WithTimeout(10 * time.Millisecond)}, false},
		{"timeout after the exchange placed it", faults.Config{}, answerNever(0.6), []bithumb.Option{bithumb.WithTimeout(200 * time.Millisecond)}, false},
		{"5xx and resets", faults.Config{Seed: 7, Operations: onlyPlace, ErrorRate: 0.7, ResetRate: 0.9}, nil, nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newExchangeRig(t, tt.fs, tt.front, tt.opts...)
			ps := r.placeMany(t.Context(), r.client, "o", 100, 8)
			bs := r.placeBatches(t.Context(), r.client, "b", 6, 5)
			n, nb := r.checkPlacements(ps), r.checkBatches(bs)
			r.checkNothingLost()
			t.Log("single: ", n, "; batch: ", nb)
			if tt.wantAll && (n.placed != len(ps) || nb.placed != 6*5) {
				t.Errorf("single: %v; batch: %v; want every order placed", n, nb)
			}
		})
	}
}

// TestPlacementOutcomesUnderRandomFaults is a property test: for random
// mixes of every fault on every operation (look-ups and searches
// included), the orders on the exchange match what the client reported.
func TestPlacementOutcomesUnderRandomFaults(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 0))
			fs := faults.Config{Seed: seed,
				ErrorRate: rng.Float64() * 0.4, RateLimitRate: rng.Float64() * 0.2, ResetRate: rng.Float64() * 0.4,
				MalformedRate: rng.Float64() * 0.4, SlowBodyRate: rng.Float64() * 0.2, SlowBodyDelay: clock.Duration(time.Millisecond),
				LatencyJitter: clock.Duration(time.Duration(rng.IntN(3)) * time.Millisecond)}
			r := newExchangeRig(t, fs, nil)
			t.Logf("faults %+v", fs)
			ps := r.placeMany(t.Context(), r.client, "p", 40, 4)
			batches := r.placeBatches(t.Context(), r.client, "b", 6, 5)
			t.Log("single: ", r.checkPlacements(ps), "; batch: ", r.checkBatches(batches))
			r.checkNothingLost()
		})
	}
}

// TestIssueReproductions are the three minimal cases that used to lose an
// order: each ends with the one order on the exchange returned.
func TestPlacementReproductions(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		fs    faults.Config
		front func(http.Handler) http.Handler
	}{
		{"malformed 201", faults.Config{Operations: []string{"placeOrder"}, NextMalformed: 1}, nil},
		{"three 5xx then a reset", faults.Config{Operations: []string{"placeOrder"}, NextError: 3, NextReset: 1}, nil},
		{"late accept", faults.Config{}, lateAccept},
		{"201 {}", faults.Config{}, emptySuccess(`{}`)},
		{"201 null", faults.Config{}, emptySuccess(`null`)},
		{"201 empty order id", faults.Config{}, emptySuccess(`{"order_id":""}`)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newExchangeRig(t, tt.fs, tt.front)
			resp, err := r.client.PlaceOrder(t.Context(), r.restingBid(""))
			if err != nil {
				t.Fatalf("PlaceOrder: %v", err)
			}
			all := r.sim.Engine().Orders(r.key.Account, engine.OrderQuery{Limit: 100})
			if len(all) != 1 || all[0].ID != resp.OrderID || all[0].ClientOrderID != *resp.ClientOrderID {
				t.Fatalf("returned %s (%s); the exchange holds %d order(s)", resp.OrderID, *resp.ClientOrderID, len(all))
			}
		})
	}
}

// lateAccept holds each order's first placement until a look-up of that
// order has answered 404, and only then hands it to the exchange: the
// client gave up on an attempt that lands later. The client's re-send is
// answered duplicate_client_order_id.
func lateAccept(next http.Handler) http.Handler {
	var mu sync.Mutex
	held := map[string]*http.Request{}
	seen := map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/v2/orders":
			body, _ := io.ReadAll(r.Body)
			var o struct {
				ClientOrderID string `json:"client_order_id"`
			}
			json.Unmarshal(body, &o)
			mu.Lock()
			first := !seen[o.ClientOrderID]
			seen[o.ClientOrderID] = true
			if first {
				held[o.ClientOrderID] = r.Clone(context.Background())
				held[o.ClientOrderID].Body = io.NopCloser(bytes.NewReader(body))
			}
			mu.Unlock()
			if first {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			next.ServeHTTP(w, r)
		case r.Method == http.MethodGet && r.URL.Path == "/v1/order":
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			id := r.URL.Query().Get("client_order_id")
			mu.Lock()
			h := held[id]
			delete(held, id)
			mu.Unlock()
			if h != nil && rec.Code == http.StatusNotFound {
				next.ServeHTTP(httptest.NewRecorder(), h) // the late acceptance
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// answerNever lets the exchange place orders, but withholds the answer to
// a share of the placements until the client gives up.
func answerNever(share float64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		var mu sync.Mutex
		rng := rand.New(rand.NewPCG(8, 8))
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			withhold := r.Method == http.MethodPost && rng.Float64() < share
			mu.Unlock()
			if withhold {
				next.ServeHTTP(httptest.NewRecorder(), r)
				<-r.Context().Done()
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// emptySuccess lets the exchange place each order but answers the first
// placement with body instead of the order.
func emptySuccess(body string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		var once sync.Once
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			replaced := false
			if r.Method == http.MethodPost && r.URL.Path == "/v2/orders" {
				once.Do(func() {
					replaced = true
					next.ServeHTTP(httptest.NewRecorder(), r)
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusCreated)
					io.WriteString(w, body)
				})
			}
			if !replaced {
				next.ServeHTTP(w, r)
			}
		})
	}
}

// TestPlacementRejectedDefinitely: a refusal with nothing in doubt is
// returned as is, and a caller's reused client order id is such a
// refusal.
func TestPlacementRejectedDefinitely(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{}, nil)
	if _, err := r.client.PlaceOrder(t.Context(), r.restingBid("reused")); err != nil {
		t.Fatal(err)
	}
	_, err := r.client.PlaceOrder(t.Context(), r.restingBid("reused"))
	var amb *bithumb.AmbiguousOrderError
	if !errors.Is(err, bithumb.ErrDuplicateClientOrder) || errors.As(err, &amb) {
		t.Fatalf("reused id: %v", err)
	}
	big := r.restingBid("too-big")
	big.Volume = decimal.MustParse("1000000")
	if _, err := r.client.PlaceOrder(t.Context(), big); !errors.Is(err, bithumb.ErrBadRequest) || errors.As(err, &amb) {
		t.Fatalf("insufficient funds: %v", err)
	}
	if n := len(r.ordersByClientID()); n != 1 {
		t.Errorf("%d orders on the exchange, want 1", n)
	}
}

// TestPlacementCancelledContextIsAmbiguous: a context cancelled while the
// request is on its way leaves the outcome unknown, and the error says
// which order to look up.
func TestPlacementCancelledContextIsAmbiguous(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	var once sync.Once
	front := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				next.ServeHTTP(httptest.NewRecorder(), r) // placed, and the answer never comes
				once.Do(func() { close(arrived) })
				<-r.Context().Done()
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	r := newExchangeRig(t, faults.Config{}, front)
	ctx, cancel := context.WithCancel(t.Context())
	go func() { <-arrived; cancel() }()
	_, err := r.client.PlaceOrder(ctx, r.restingBid("cancelled-1"))
	var amb *bithumb.AmbiguousOrderError
	if !errors.As(err, &amb) || amb.ClientOrderIDs[0] != "cancelled-1" || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if n := len(r.ordersByClientID()["cancelled-1"]); n != 1 {
		t.Errorf("%d orders on the exchange", n)
	}
}

// TestPlacementNotSentIsDefinite: a context that ends before anything
// was sent is a plain error, not an ambiguous one.
func TestPlacementNotSentIsDefinite(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{}, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := r.client.PlaceOrder(ctx, r.restingBid("never-sent"))
	var amb *bithumb.AmbiguousOrderError
	if !errors.Is(err, context.Canceled) || errors.As(err, &amb) {
		t.Fatalf("err = %v", err)
	}
}

// batchPlacement is one PlaceOrderBatch call and its outcome.
type batchPlacement struct {
	reqs []bithumb.PlaceOrderRequest
	resp *bithumb.PlaceOrderBatchResponse
	err  error
}

// placeBatches places n batches of size resting bids, one after the
// other; the last order of each batch leaves its id to the client.
func (r *exchangeRig) placeBatches(ctx context.Context, c *bithumb.Client, prefix string, n, size int) []batchPlacement {
	out := make([]batchPlacement, n)
	for i := range out {
		reqs := make([]bithumb.PlaceOrderRequest, size)
		for j := range reqs {
			id := fmt.Sprintf("%s-%d-%d", prefix, i, j)
			if j == size-1 {
				id = ""
			}
			reqs[j] = r.restingBid(id)
		}
		resp, err := c.PlaceOrderBatch(ctx, bithumb.PlaceOrderBatchRequest{BatchOrders: reqs})
		out[i] = batchPlacement{reqs: reqs, resp: resp, err: err}
	}
	return out
}

// checkBatches asserts the three-outcome rule order by order: each order
// of a batch is an item with an order id (on the exchange), an item with
// a name (not on the exchange), or named by the AmbiguousOrderError; a
// refusal of the whole batch places nothing.
func (r *exchangeRig) checkBatches(bs []batchPlacement) tally {
	r.t.Helper()
	onExchange := r.ordersByClientID()
	var n tally
	for i, b := range bs {
		var amb *bithumb.AmbiguousOrderError
		if b.err != nil && !errors.As(b.err, &amb) {
			if !definiteRejection(b.err) {
				r.t.Errorf("batch %d: a failure that is neither definite nor ambiguous: %v", i, b.err)
			}
			for _, q := range b.reqs {
				if q.ClientOrderID != "" && len(onExchange[q.ClientOrderID]) != 0 {
					r.t.Errorf("batch %d: refused with %v, but the exchange holds %s", i, b.err, q.ClientOrderID)
				}
			}
			n.rejected += len(b.reqs)
			continue
		}
		if b.resp == nil {
			r.t.Errorf("batch %d: no response with %v", i, b.err)
			continue
		}
		outcomes := len(b.resp.BatchOrdersResponse)
		for _, it := range b.resp.BatchOrdersResponse {
			if it.ClientOrderID == nil {
				r.t.Errorf("batch %d: an item without its client order id", i)
				continue
			}
			got := onExchange[*it.ClientOrderID]
			switch {
			case it.OrderID != nil:
				n.placed++
				if len(got) != 1 || got[0].ID != *it.OrderID {
					r.t.Errorf("batch %d: reported %s as %s; the exchange has %d", i, *it.ClientOrderID, *it.OrderID, len(got))
				}
				r.accounted[*it.ClientOrderID] = true
			default:
				n.rejected++
				if len(got) != 0 {
					r.t.Errorf("batch %d: %s refused (%v), but on the exchange", i, *it.ClientOrderID, it.Name)
				}
			}
			delete(onExchange, *it.ClientOrderID)
		}
		if amb != nil {
			outcomes += len(amb.ClientOrderIDs)
			for _, id := range amb.ClientOrderIDs {
				n.ambiguous++
				if len(onExchange[id]) > 1 {
					r.t.Errorf("batch %d: %d orders with client order id %s", i, len(onExchange[id]), id)
				}
				if len(onExchange[id]) == 1 {
					n.ambiguousPlaced++
				}
				r.accounted[id] = true
				delete(onExchange, id)
			}
		}
		if outcomes != len(b.reqs) {
			r.t.Errorf("batch %d: %d outcomes for %d orders", i, outcomes, len(b.reqs))
		}
	}
	return n
}

// TestCancelOutcomes cancels many resting orders under faults: every
// cancel is accepted (the order is cancelled on the exchange), definitely
// refused (the order is still open), or ambiguous.
func TestCancelOutcomes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		fs   faults.Config
	}{
		{"resets after the cancel", faults.Config{Seed: 11, Operations: []string{"cancelOrder"}, ResetRate: 0.7}},
		{"5xx", faults.Config{Seed: 12, Operations: []string{"cancelOrder"}, ErrorRate: 0.7}},
		{"malformed answers", faults.Config{Seed: 13, Operations: []string{"cancelOrder"}, MalformedRate: 0.7}},
		{"every fault everywhere", faults.Config{Seed: 14, ErrorRate: 0.2, ResetRate: 0.3, MalformedRate: 0.2, RateLimitRate: 0.1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newExchangeRig(t, faults.Config{}, nil)
			ps := r.placeMany(t.Context(), r.client, "c", 40, 4)
			r.sim.Faults().Set(tt.fs)
			errs := make([]error, len(ps))
			var wg sync.WaitGroup
			for i, p := range ps {
				if p.err != nil {
					t.Fatalf("placement %d: %v", i, p.err)
				}
				wg.Go(func() {
					byClientID := i%2 == 0
					params := bithumb.CancelOrderParams{OrderID: &p.resp.OrderID}
					if byClientID {
						params = bithumb.CancelOrderParams{ClientOrderID: p.resp.ClientOrderID}
					}
					_, errs[i] = r.client.CancelOrder(t.Context(), params)
				})
			}
			wg.Wait()
			var accepted, refused, ambiguous int
			for i, p := range ps {
				o := r.ordersByClientID()[*p.resp.ClientOrderID][0]
				var amb *bithumb.AmbiguousOrderError
				switch {
				case errs[i] == nil:
					accepted++
					if o.State != "cancel" {
						t.Errorf("cancel %d accepted, but the order is %s", i, o.State)
					}
				case errors.As(errs[i], &amb):
					ambiguous++
					if amb.Op != "cancel" || len(amb.OrderIDs)+len(amb.ClientOrderIDs) != 1 {
						t.Errorf("cancel %d: ambiguous without the order's id: %v", i, amb)
					}
				default:
					refused++
					if !definiteRejection(errs[i]) || o.State != "wait" {
						t.Errorf("cancel %d refused with %v; the order is %s", i, errs[i], o.State)
					}
				}
			}
			t.Logf("accepted=%d refused=%d ambiguous=%d", accepted, refused, ambiguous)
		})
	}
}

// TestCancelBatchOutcomes cancels resting orders in batches under faults:
// each cancel is accepted (cancelled on the exchange), refused (still
// open), or named by the AmbiguousOrderError.
func TestCancelBatchOutcomes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		fs   faults.Config
	}{
		{"resets after the cancel", faults.Config{Seed: 21, Operations: []string{"cancelOrderBatch"}, ResetRate: 0.7}},
		{"malformed answers", faults.Config{Seed: 22, Operations: []string{"cancelOrderBatch"}, MalformedRate: 0.7}},
		{"every fault everywhere", faults.Config{Seed: 23, ErrorRate: 0.2, ResetRate: 0.3, MalformedRate: 0.2, RateLimitRate: 0.1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newExchangeRig(t, faults.Config{}, nil)
			ps := r.placeMany(t.Context(), r.client, "cb", 40, 4)
			r.sim.Faults().Set(tt.fs)
			var accepted, refused, ambiguous int
			for start := 0; start < len(ps); start += 10 {
				var req bithumb.CancelOrderBatchRequest
				byClientID := start%20 == 0
				for _, p := range ps[start : start+10] {
					if p.err != nil {
						t.Fatal(p.err)
					}
					if byClientID {
						req.ClientOrderIds = append(req.ClientOrderIds, *p.resp.ClientOrderID)
					} else {
						req.OrderIds = append(req.OrderIds, p.resp.OrderID)
					}
				}
				resp, err := r.client.CancelOrderBatch(t.Context(), req)
				var amb *bithumb.AmbiguousOrderError
				if err != nil && !errors.As(err, &amb) {
					refused += 10
					if !definiteRejection(err) {
						t.Errorf("batch at %d: %v", start, err)
					}
					continue
				}
				state := map[string]string{}
				for _, p := range ps[start : start+10] {
					o := r.ordersByClientID()[*p.resp.ClientOrderID][0]
					state[o.ID], state[o.ClientOrderID] = o.State, o.State
				}
				outcomes := 0
				for _, it := range resp.Success {
					accepted++
					outcomes++
					id := it.OrderID
					if byClientID {
						id = it.ClientOrderID
					}
					if id == nil || state[*id] != "cancel" {
						t.Errorf("batch at %d: accepted %v, which is %s", start, id, state[deref(id)])
					}
				}
				for _, it := range resp.Fail {
					refused++
					outcomes++
					id := it.OrderID
					if byClientID {
						id = it.ClientOrderID
					}
					if id == nil || state[*id] != "wait" {
						t.Errorf("batch at %d: refused %v, which is %s", start, id, state[deref(id)])
					}
				}
				if amb != nil {
					ambiguous += len(amb.OrderIDs) + len(amb.ClientOrderIDs)
					outcomes += len(amb.OrderIDs) + len(amb.ClientOrderIDs)
				}
				if outcomes != 10 {
					t.Errorf("batch at %d: %d outcomes for 10 cancels", start, outcomes)
				}
			}
			t.Logf("accepted=%d refused=%d ambiguous=%d", accepted, refused, ambiguous)
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestCancelOfAFilledOrder: when the answer to a cancel is lost and the
// order turns out to be done, the cancel is definitely refused with
// ErrOrderDone.
func TestCancelOfAFilledOrder(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{}, nil)
	buy := r.restingBid("filled-1")
	tk, _ := r.sim.Engine().Ticker("KRW-BTC")
	buy.Price = tk.High.Mul(decimal.NewFromInt(2)).Truncate(-3).AsString() // crosses the book: fills at once
	p, err := r.client.PlaceOrder(t.Context(), buy)
	if err != nil {
		t.Fatal(err)
	}
	if o := r.ordersByClientID()["filled-1"][0]; o.State != "done" {
		t.Fatalf("the order is %s, want done", o.State)
	}
	// Every answer to the cancel is lost.
	r.sim.Faults().Set(faults.Config{Operations: []string{"cancelOrder"}, ErrorRate: 1})
	_, err = r.client.CancelOrder(t.Context(), bithumb.CancelOrderParams{OrderID: &p.OrderID})
	var amb *bithumb.AmbiguousOrderError
	if !errors.Is(err, bithumb.ErrOrderDone) || errors.As(err, &amb) || !errors.Is(err, bithumb.ErrServer) {
		t.Fatalf("err = %v", err)
	}
}
