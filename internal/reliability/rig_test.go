package reliability_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/rs/zerolog"
	"go.uber.org/goleak"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/directhttp"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

// scenario runs f as the subtest name and counts it. Scenarios run one
// after the other: when f and its cleanups are done, every goroutine
// started since the subtest began must have exited, or the scenario
// counts a leak.
func scenario(t *testing.T, name string, f func(t *testing.T)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		counts.scenarios.Add(1)
		before := goleak.IgnoreCurrent()
		// Registered first, so it runs after every other cleanup.
		t.Cleanup(func() {
			if err := goleak.Find(append([]goleak.Option{before}, toolGoroutines...)...); err != nil {
				counts.leaks.Add(1)
				t.Errorf("goroutines left behind: %v", err)
			}
		})
		f(t)
	})
}

// toolGoroutines are the goroutines of toxiproxy v2.5.0 that it can leave
// blocked; they are the tool's, not the SDK's or the simulator's:
//   - a link's toxic, after a timeout toxic has closed the link (the toxic
//     before it in the chain waits to hand on data nobody reads);
//   - a removal of the toxics that deadlocked (see resetToxics): the reset
//     itself, its removals of each link's toxics, and the link writers
//     that wait for the collection's lock.
var toolGoroutines = []goleak.Option{
	goleak.IgnoreAnyFunction("github.com/Shopify/toxiproxy/v2/toxics.(*ToxicStub).Run"),
	goleak.IgnoreAnyFunction("github.com/Shopify/toxiproxy/v2.(*ToxicCollection).ResetToxics"),
	goleak.IgnoreAnyFunction("github.com/Shopify/toxiproxy/v2.(*ToxicLink).RemoveToxic"),
	goleak.IgnoreAnyFunction("github.com/Shopify/toxiproxy/v2.(*ToxicCollection).RemoveLink"),
}

// resetWait bounds the removal of a proxy's toxics (resetToxics); a
// variable for its test.
var resetWait = 10 * time.Second

// resetToxics removes p's toxics. toxiproxy v2.5.0 can deadlock there when
// a link's destination closes at the same moment (toxiproxy issue #558):
// the reset holds the collection's lock while it waits for a toxic that
// waits to hand data to the link's writer, and the writer, its destination
// gone, waits for that lock to remove the link. After resetWait it gives
// up, leaving those goroutines blocked (toolGoroutines), so that the
// scenario ends instead of hanging the suite; the caller stops the proxy
// all the same.
func resetToxics(t *testing.T, p *toxiproxy.Proxy) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Toxics.ResetToxics(context.Background())
	}()
	select {
	case <-done:
	case <-time.After(resetWait):
		t.Logf("toxiproxy deadlocked removing its toxics (toxiproxy issue #558); stopping the proxy without it")
	}
}

// toxic is one toxiproxy toxic: its type, direction ("upstream" is
// client to exchange, "downstream" exchange to client), the share of
// connections it applies to, and its attributes.
type toxic struct {
	Type     string
	Stream   string
	Toxicity float32
	Attrs    map[string]any
}

func (x toxic) String() string {
	return fmt.Sprintf("%s/%s@%.2f%v", x.Type, x.Stream, x.Toxicity, x.Attrs)
}

// faultProxy is an in-process toxiproxy proxy in front of upstream
// (host:port) on a loopback port.
type faultProxy struct {
	t     *testing.T
	srv   *toxiproxy.ApiServer
	p     *toxiproxy.Proxy
	mu    sync.Mutex
	names []string
}

func newFaultProxy(t *testing.T, upstream string) *faultProxy {
	t.Helper()
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(nil), zerolog.Nop())
	p := toxiproxy.NewProxy(srv, "exchange", "127.0.0.1:0", upstream)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	fp := &faultProxy{t: t, srv: srv, p: p}
	t.Cleanup(func() {
		fp.mu.Lock()
		defer fp.mu.Unlock()
		resetToxics(t, fp.p)
		fp.p.Stop()
	})
	return fp
}

// addr is the proxy's listening address (the same for the proxy's whole
// life, across clear).
func (fp *faultProxy) addr() string {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	return fp.p.Listen
}

// add installs the toxics (on new and open connections) and counts them
// as faults.
func (fp *faultProxy) add(xs ...toxic) {
	fp.t.Helper()
	fp.mu.Lock()
	defer fp.mu.Unlock()
	for _, x := range xs {
		name := fmt.Sprintf("t%d", len(fp.names))
		body, err := json.Marshal(map[string]any{"name": name, "type": x.Type, "stream": x.Stream,
			"toxicity": x.Toxicity, "attributes": x.Attrs})
		if err != nil {
			fp.t.Fatal(err)
		}
		if _, err := fp.p.Toxics.AddToxicJson(strings.NewReader(string(body))); err != nil {
			fp.t.Fatalf("toxic %v: %v", x, err)
		}
		fp.names = append(fp.names, name)
		counts.faults.Add(1)
	}
}

// clear removes every toxic by replacing the proxy with a new one on the
// same address, which drops every open connection. toxiproxy v2.5.0 can
// leave a connection that outlived a reset of the toxics with more toxic
// stages than the chain has toxics, and adding a toxic to it later panics
// (index out of range in ToxicLink.AddToxic); a stopped proxy forgets its
// connections only as their goroutines notice, so a restart is not enough.
// The new proxy's toxic collection has no connection from before.
func (fp *faultProxy) clear() {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	old := fp.p
	resetToxics(fp.t, old)
	old.Stop()
	p := toxiproxy.NewProxy(fp.srv, old.Name, old.Listen, old.Upstream)
	if err := p.Start(); err != nil {
		fp.t.Fatalf("restarting the proxy on %s: %v", old.Listen, err)
	}
	fp.p, fp.names = p, nil
}

// exchange is a simulator behind httptest, with a fault proxy in front
// of it.
type exchange struct {
	t     *testing.T
	sim   *sim.Server
	ts    *httptest.Server
	proxy *faultProxy
	key   auth.Key
	// duplicates and lost count the violations the checks find (the
	// run's counters); errorf reports them (t.Errorf).
	duplicates, lost *atomic.Int64
	errorf           func(format string, args ...any)
	// handshakes receives a value for every WebSocket handshake that
	// reaches the exchange.
	handshakes chan struct{}
	// wire counts the client's HTTP attempts and those that the network
	// broke.
	wire countingTransport
	// transport is the client's transport (see transports); nil means
	// net/http's.
	transport closingTransport
}

// closingTransport is a transport whose idle connections can be closed.
type closingTransport interface {
	http.RoundTripper
	CloseIdleConnections()
}

// transports are the transports a client can be built with: net/http's
// and directhttp's, each sending every request on a new connection (so
// that each rolls toxiproxy's dice), and directhttp's keeping its
// connections alive, so that requests meet connections that a fault
// closed while idle.
var transports = []struct {
	name string
	new  func() closingTransport
}{
	{"net/http", func() closingTransport { return newNetHTTP() }},
	{"directhttp", func() closingTransport { return &directhttp.Transport{MaxIdleConnsPerHost: -1} }},
	{"directhttp keep-alive", func() closingTransport { return &directhttp.Transport{} }},
}

// newNetHTTP is the client's default transport (net/http's, with
// bithumb.NewTransport's connections) with every request on a new
// connection.
func newNetHTTP() *http.Transport {
	tr := bithumb.NewTransport()
	tr.DisableKeepAlives = true
	return tr
}

// countingTransport counts round trips and the ones that failed in
// transport or while their body was read.
type countingTransport struct {
	rt               http.RoundTripper
	attempts, broken atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.attempts.Add(1)
	resp, err := c.rt.RoundTrip(r)
	if err != nil {
		c.broken.Add(1)
		return nil, err
	}
	resp.Body = &countingBody{ReadCloser: resp.Body, broken: &c.broken}
	return resp, nil
}

type countingBody struct {
	io.ReadCloser
	broken *atomic.Int64
	once   sync.Once
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		b.once.Do(func() { b.broken.Add(1) })
	}
	return n, err
}

func newExchange(t *testing.T) *exchange {
	t.Helper()
	s, err := sim.New(sim.WithConfig(sim.Config{HistoryDays: 2, RateLimit: ratelimit.Config{Disabled: true}}))
	if err != nil {
		t.Fatal(err)
	}
	e := &exchange{t: t, sim: s, key: s.Keys()[0], handshakes: make(chan struct{}, 1024),
		duplicates: &counts.duplicates, lost: &counts.lost, errorf: t.Errorf}
	e.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			select {
			case e.handshakes <- struct{}{}:
			default:
			}
		}
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		e.ts.Close()
		s.Close()
	})
	e.proxy = newFaultProxy(t, e.ts.Listener.Addr().String())
	return e
}

// client is an SDK client that reaches the exchange through the proxy,
// on its own transport (closed at the end of the test).
func (e *exchange) client(opts ...bithumb.Option) *bithumb.Client {
	e.t.Helper()
	tr := e.transport
	if tr == nil {
		tr = newNetHTTP()
	}
	e.t.Cleanup(tr.CloseIdleConnections)
	e.wire.rt = tr
	c, err := bithumb.New(append([]bithumb.Option{
		bithumb.WithBaseURL("http://" + e.proxy.addr()), bithumb.WithKeys(e.key.AccessKey, e.key.SecretKey),
		bithumb.WithHTTPClient(&http.Client{Transport: &e.wire}), bithumb.WithoutRateLimit(),
		bithumb.WithRetry(bithumb.RetryConfig{MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond,
			MaxRetryAfter: 100 * time.Millisecond, BudgetPerSecond: 1e6, BudgetBurst: 1e6}),
		bithumb.WithReconcileDelay(time.Millisecond),
	}, opts...)...)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// restingBid is a limit buy of 0.001 BTC at half the day's low: it rests
// on the book.
func (e *exchange) restingBid(clientOrderID string) bithumb.PlaceOrderRequest {
	tk, ok := e.sim.Engine().Ticker("KRW-BTC")
	if !ok {
		panic("no KRW-BTC ticker")
	}
	price := tk.Low.Div(decimal.NewFromInt(2), 0, decimal.Down).Truncate(-3)
	return bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
		Price: price.AsString(), Volume: decimal.MustParse("0.001").AsString(), ClientOrderID: clientOrderID}
}

// ordersByClientID returns the exchange's orders of the default account
// by client order id; an order without one is lost (nobody asked for it).
func (e *exchange) ordersByClientID() map[string][]*engine.Order {
	e.t.Helper()
	out := map[string][]*engine.Order{}
	for _, o := range e.sim.Engine().Orders(e.key.Account, engine.OrderQuery{Limit: 1 << 20}) {
		if o.ClientOrderID == "" {
			e.lost.Add(1)
			e.errorf("lost: order %s on the exchange has no client order id", o.ID)
			continue
		}
		out[o.ClientOrderID] = append(out[o.ClientOrderID], o)
	}
	return out
}

// placement is one PlaceOrder call and its outcome.
type placement struct {
	req  bithumb.PlaceOrderRequest // ClientOrderID empty when the client made it
	resp *bithumb.PlaceOrderResponse
	err  error
}

// placeMany places n resting bids from workers goroutines; every other
// one leaves its client order id to the client.
func (e *exchange) placeMany(ctx context.Context, c *bithumb.Client, prefix string, n, workers int) []placement {
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
				req := e.restingBid(id)
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

// batchPlacement is one PlaceOrderBatch call and its outcome.
type batchPlacement struct {
	reqs []bithumb.PlaceOrderRequest
	resp *bithumb.PlaceOrderBatchResponse
	err  error
}

// placeBatches places n batches of size resting bids one after the
// other; the last order of each leaves its id to the client.
func (e *exchange) placeBatches(ctx context.Context, c *bithumb.Client, prefix string, n, size int) []batchPlacement {
	out := make([]batchPlacement, n)
	for i := range out {
		reqs := make([]bithumb.PlaceOrderRequest, size)
		for j := range reqs {
			id := fmt.Sprintf("%s-%d-%d", prefix, i, j)
			if j == size-1 {
				id = ""
			}
			reqs[j] = e.restingBid(id)
		}
		resp, err := c.PlaceOrderBatch(ctx, bithumb.PlaceOrderBatchRequest{BatchOrders: reqs})
		out[i] = batchPlacement{reqs: reqs, resp: resp, err: err}
	}
	return out
}

// tally counts the outcomes of a run.
type tally struct{ placed, rejected, ambiguous, ambiguousPlaced int }

func (n tally) String() string {
	return fmt.Sprintf("placed=%d rejected=%d ambiguous=%d (of which on the exchange: %d)", n.placed, n.rejected, n.ambiguous, n.ambiguousPlaced)
}

// check applies the three-outcome rule to singles and batches and then
// to the whole exchange: every placement is the order (on the exchange
// once), a definite rejection (not on the exchange) or ambiguous with
// its client order id (on the exchange at most once); the exchange holds
// nothing else. Duplicates and lost outcomes are counted for the summary.
func (e *exchange) check(ps []placement, bs []batchPlacement) tally {
	e.t.Helper()
	onExchange := e.ordersByClientID()
	accounted := map[string]bool{}
	var n tally
	dup := func(format string, args ...any) {
		e.duplicates.Add(1)
		e.errorf("duplicate: "+format, args...)
	}
	lost := func(format string, args ...any) {
		e.lost.Add(1)
		e.errorf("lost: "+format, args...)
	}
	for id, os := range onExchange {
		if len(os) > 1 {
			dup("%d orders with client order id %s", len(os), id)
		}
	}
	for i, p := range ps {
		var amb *bithumb.AmbiguousOrderError
		switch {
		case p.err == nil:
			n.placed++
			if p.resp == nil || p.resp.OrderID == "" || p.resp.ClientOrderID == nil {
				lost("placement %d: success without an order: %+v", i, p.resp)
				continue
			}
			id := *p.resp.ClientOrderID
			if p.req.ClientOrderID != "" && id != p.req.ClientOrderID {
				lost("placement %d: client order id %q, sent %q", i, id, p.req.ClientOrderID)
			}
			if got := onExchange[id]; len(got) == 0 || got[0].ID != p.resp.OrderID {
				lost("placement %d: reported %s as %s; the exchange has %d order(s) with that id", i, id, p.resp.OrderID, len(got))
			}
			accounted[id] = true
		case errors.As(p.err, &amb):
			n.ambiguous++
			if amb.Op != "place" || len(amb.ClientOrderIDs) != 1 || amb.ClientOrderIDs[0] == "" {
				lost("placement %d: ambiguous without its client order id: %v", i, amb)
				continue
			}
			id := amb.ClientOrderIDs[0]
			if p.req.ClientOrderID != "" && id != p.req.ClientOrderID {
				lost("placement %d: ambiguous about %q, sent %q", i, id, p.req.ClientOrderID)
			}
			if len(onExchange[id]) > 0 {
				n.ambiguousPlaced++
			}
			accounted[id] = true
		default:
			n.rejected++
			if !definiteRejection(p.err) {
				lost("placement %d: a failure that is neither definite nor ambiguous: %v (%T)", i, p.err, p.err)
			}
			if id := p.req.ClientOrderID; id != "" && len(onExchange[id]) != 0 {
				lost("placement %d: rejected with %v, but the exchange holds %s", i, p.err, id)
			}
		}
	}
	for i, b := range bs {
		var amb *bithumb.AmbiguousOrderError
		if b.err != nil && !errors.As(b.err, &amb) {
			if !definiteRejection(b.err) {
				lost("batch %d: a failure that is neither definite nor ambiguous: %v", i, b.err)
			}
			for _, q := range b.reqs {
				if q.ClientOrderID != "" && len(onExchange[q.ClientOrderID]) != 0 {
					lost("batch %d: refused with %v, but the exchange holds %s", i, b.err, q.ClientOrderID)
				}
			}
			n.rejected += len(b.reqs)
			continue
		}
		if b.resp == nil {
			lost("batch %d: no response with %v", i, b.err)
			continue
		}
		outcomes := len(b.resp.BatchOrdersResponse)
		for _, it := range b.resp.BatchOrdersResponse {
			if it.ClientOrderID == nil {
				lost("batch %d: an item without its client order id", i)
				continue
			}
			got := onExchange[*it.ClientOrderID]
			if it.OrderID != nil {
				n.placed++
				if len(got) == 0 || got[0].ID != *it.OrderID {
					lost("batch %d: reported %s as %s; the exchange has %d", i, *it.ClientOrderID, *it.OrderID, len(got))
				}
				accounted[*it.ClientOrderID] = true
			} else {
				n.rejected++
				if len(got) != 0 {
					lost("batch %d: %s refused (%v), but on the exchange", i, *it.ClientOrderID, it.Name)
				}
			}
		}
		if amb != nil {
			outcomes += len(amb.ClientOrderIDs)
			for _, id := range amb.ClientOrderIDs {
				n.ambiguous++
				if len(onExchange[id]) > 0 {
					n.ambiguousPlaced++
				}
				accounted[id] = true
			}
		}
		if outcomes != len(b.reqs) {
			lost("batch %d: %d outcomes for %d orders", i, outcomes, len(b.reqs))
		}
	}
	for id, os := range onExchange {
		if !accounted[id] {
			lost("the exchange holds %d order(s) with client order id %s, reported as failed", len(os), id)
		}
	}
	return n
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

// cancelAll cancels every resting order of the exchange from workers
// goroutines, every other one by its client order id, and checks the
// three-outcome rule of cancels once the calls have returned (after
// heal, which removes the faults): an accepted cancel left the order
// cancelled, a definitely refused one left it open, an ambiguous one
// names the order. Violations count as lost outcomes.
func (e *exchange) cancelAll(ctx context.Context, c *bithumb.Client, workers int, heal func()) (accepted, refused, ambiguous int) {
	e.t.Helper()
	var orders []*engine.Order
	for _, os := range e.ordersByClientID() {
		if os[0].State == "wait" {
			orders = append(orders, os[0])
		}
	}
	errs := make([]error, len(orders))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				params := bithumb.CancelOrderParams{OrderID: &orders[i].ID}
				if i%2 == 1 {
					id := orders[i].ClientOrderID
					params = bithumb.CancelOrderParams{ClientOrderID: &id}
				}
				_, errs[i] = c.CancelOrder(ctx, params)
			}
		})
	}
	for i := range orders {
		next <- i
	}
	close(next)
	wg.Wait()
	heal()
	now := e.ordersByClientID()
	for i, o := range orders {
		state := now[o.ClientOrderID][0].State
		var amb *bithumb.AmbiguousOrderError
		switch {
		case errs[i] == nil:
			accepted++
			if state != "cancel" {
				e.lost.Add(1)
				e.errorf("lost: cancel of %s accepted, but the order is %s", o.ClientOrderID, state)
			}
		case errors.As(errs[i], &amb):
			ambiguous++
			if amb.Op != "cancel" || len(amb.OrderIDs)+len(amb.ClientOrderIDs) != 1 {
				e.lost.Add(1)
				e.errorf("lost: cancel of %s ambiguous without the order's id: %v", o.ClientOrderID, amb)
			}
		default:
			refused++
			if !definiteRejection(errs[i]) || state != "wait" {
				e.lost.Add(1)
				e.errorf("lost: cancel of %s refused with %v; the order is %s", o.ClientOrderID, errs[i], state)
			}
		}
	}
	return accepted, refused, ambiguous
}
