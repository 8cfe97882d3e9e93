package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/faults"
)

// wantAll fails the test unless s holds every one of wants.
func wantAll(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s has no %q:\n%s", what, w, s)
		}
	}
}

func TestOrderDryRunChecksAndSendsNothing(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	r := runCLI(t, nil, s.env(nil), "buy", "KRW-BTC", "--price", "140000000", "--volume", "0.001", "--dry-run")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	wantAll(t, "the dry run", r.stdout,
		"KRW-BTC (BTC/KRW)", "bid (buy)", "limit", "140000000 KRW", "0.001 BTC",
		"total            140000 KRW", "fee              350 KRW (0.25%)",
		"passes the local checks", "nothing was sent",
		`POST /v2/orders {"client_order_id":"bgo`, `"price":"140000000"`, `"volume":"0.001"`)

	// Off the tick size, under the minimum total: both named, exit 1.
	r = runCLI(t, nil, s.env(nil), "order", "place", "KRW-BTC", "--side", "bid", "--price", "140000500", "--volume", "0.00001", "--dry-run")
	if r.code != 1 {
		t.Errorf("an order off the tick size: exit %d, want 1", r.code)
	}
	wantAll(t, "the refused dry run", r.stdout,
		"--price 140000500 is not a multiple of the tick size 1000 at that price: use 140000000 or 140001000",
		"under the minimum order total of 5000 KRW", "nothing was sent")

	// More than the balance; a sell of more BTC than the account holds.
	r = runCLI(t, nil, s.env(nil), "buy", "KRW-BTC", "--price", "140000000", "--volume", "1", "--dry-run")
	wantAll(t, "a buy over the balance", r.stdout, "the order needs 140350000 KRW but 100000000 KRW is available")
	r = runCLI(t, nil, s.env(nil), "sell", "KRW-BTC", "--type", "market", "--volume", "2", "--dry-run")
	wantAll(t, "a sell over the balance", r.stdout, "the order needs 2 BTC but 1 BTC is available", "about ")

	// --json: the request and the amounts, exactly.
	r = runCLI(t, nil, s.env(nil), "--json", "buy", "KRW-BTC", "--type", "price", "--price", "10000.5", "--dry-run")
	var got struct {
		Request  map[string]any `json:"request"`
		Total    json.Number    `json:"total"`
		Fee      json.Number    `json:"fee"`
		Problems []string       `json:"problems"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 0 {
		t.Fatalf("--json dry run: exit %d, %v: %s %s", r.code, err, r.stdout, r.stderr)
	}
	if got.Total != "10000.5" || got.Fee != "25.00125" || got.Request["order_type"] != "price" || len(got.Problems) != 0 {
		t.Errorf("--json dry run = %+v", got)
	}

	if n := s.count("POST /v2/orders"); n != 0 {
		t.Errorf("the simulator received %d orders from dry runs", n)
	}
	if s.count("GET /v1/orders/chance") == 0 {
		t.Error("the dry runs did not read /v1/orders/chance")
	}
}

func TestOrderWithoutTerminalNeedsYes(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	r := runCLI(t, strings.NewReader("y\n"), s.env(nil), "buy", "KRW-BTC", "--price", "140000000", "--volume", "0.001")
	if r.code != 1 || !strings.Contains(r.stderr, "standard input is not a terminal: give --yes") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	// With --yes, an order that fails the local checks is not sent either.
	r = runCLI(t, nil, s.env(nil), "buy", "KRW-BTC", "--price", "140000500", "--volume", "0.001", "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "the order was not sent:\n  --price 140000500 is not a multiple of the tick size 1000") {
		t.Errorf("an off-tick order with --yes: exit %d, stderr %q", r.code, r.stderr)
	}
	if n := s.count("POST /v2/orders"); n != 0 {
		t.Errorf("%d orders were sent", n)
	}
}

func TestOrderFlagsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"buy", "KRW-BTC", "--price", "140000000"}, "--volume is missing"},
		{[]string{"sell", "KRW-BTC", "--type", "price", "--price", "10000"}, "--type price is a market buy"},
		{[]string{"buy", "KRW-BTC", "--type", "market", "--volume", "1"}, "--type market is a market sell"},
		{[]string{"buy", "KRW-BTC", "--type", "price", "--price", "10000", "--volume", "1"}, "--volume: a price buy order takes no volume"},
		{[]string{"buy", "KRW-BTC", "--type", "best", "--price", "10000"}, "--type best needs --tif ioc"},
		{[]string{"buy", "KRW-BTC", "--type", "price", "--price", "10000", "--tif", "ioc"}, "--tif applies to limit and best orders"},
		{[]string{"buy", "KRW-BTC", "--price", "abc", "--volume", "1"}, `--price "abc": give a number greater than 0`},
		{[]string{"buy", "KRW-BTC", "--price", "-5", "--volume", "1"}, `--price "-5"`},
		{[]string{"buy", "KRW-BTC", "--type", "stop", "--price", "1"}, `--type "stop": give limit, price, market or best`},
		{[]string{"order", "place", "KRW-BTC", "--side", "up", "--price", "1", "--volume", "1"}, `--side "up"`},
		{[]string{"order", "list", "--state", "open"}, `--state "open"`},
		{[]string{"buy", "BTC", "--price", "1", "--volume", "1"}, `invalid MARKET "BTC"`},
		{[]string{"order", "list", "KRW_BTC"}, `invalid MARKET "KRW_BTC"`},
		{[]string{"order", "list", "--count", "0"}, `--count 0`},
		{[]string{"order", "get"}, "give its ORDER_ID, or --client-order-id"},
		{[]string{"order", "cancel", "C1", "--client-order-id", "x"}, "not both"},
	} {
		r := runCLI(t, nil, s.env(nil), c.args...)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("bithumb %s: exit %d, stderr %q, want %q", strings.Join(c.args, " "), r.code, r.stderr, c.want)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seen) != 0 {
		t.Errorf("bad flags reached the simulator: %v", s.seen)
	}
}

func TestOrderPlaceGetListCancel(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	r := runCLI(t, nil, s.env(nil), "buy", "KRW-BTC", "--price", "140000000", "--volume", "0.001", "--client-order-id", "t-1", "--yes")
	if r.code != 0 {
		t.Fatalf("buy --yes: exit %d: %s", r.code, r.stderr)
	}
	wantAll(t, "the placed order", r.stdout, "order id         C", "client order id  t-1", "bid (buy)")
	if n := s.count("POST /v2/orders"); n != 1 {
		t.Errorf("%d orders sent, want 1", n)
	}

	r = runCLI(t, nil, s.env(nil), "order", "get", "--client-order-id", "t-1")
	wantAll(t, "order get", r.stdout, "wait (open)", "140000000", "reserved fee      350")
	var detail struct {
		UUID  string      `json:"uuid"`
		Price json.Number `json:"price"`
		State string      `json:"state"`
	}
	r = runCLI(t, nil, s.env(nil), "--json", "order", "get", "--client-order-id", "t-1")
	if err := json.Unmarshal([]byte(r.stdout), &detail); err != nil || detail.Price != "140000000" || detail.State != "wait" {
		t.Errorf("order get --json = %+v, %v: %s", detail, err, r.stdout)
	}

	r = runCLI(t, nil, s.env(nil), "order", "list", "KRW-BTC")
	wantAll(t, "order list", r.stdout, "ORDER ID", detail.UUID, "140000000", "0.001")

	r = runCLI(t, nil, s.env(nil), "order", "cancel", detail.UUID)
	if r.code != 0 {
		t.Fatalf("order cancel: exit %d: %s", r.code, r.stderr)
	}
	wantAll(t, "order cancel", r.stdout, "CANCEL ACCEPTED", detail.UUID, "t-1")
	r = runCLI(t, nil, s.env(nil), "order", "list", "--state", "cancel")
	wantAll(t, "the cancelled orders", r.stdout, detail.UUID)
	if r = runCLI(t, nil, s.env(nil), "order", "list"); strings.Contains(r.stdout, detail.UUID) {
		t.Errorf("the cancelled order is still open:\n%s", r.stdout)
	}
}

// TestOrderCancelledBySelfTradePrevention: a buy that meets the
// account's own resting sell is placed (exit 0, not refused), and order
// get shows that self-trade prevention cancelled it, naming the resting
// order.
func TestOrderCancelledBySelfTradePrevention(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	book, ok := s.srv.Engine().Orderbook("KRW-BTC", 1)
	if !ok {
		t.Fatal("no KRW-BTC book")
	}
	ask := book.Asks[0].Price.String()
	r := runCLI(t, nil, s.env(nil), "sell", "KRW-BTC", "--price", ask, "--volume", "0.001", "--client-order-id", "rest-1", "--yes")
	if r.code != 0 {
		t.Fatalf("sell: exit %d: %s", r.code, r.stderr)
	}
	r = runCLI(t, nil, s.env(nil), "buy", "KRW-BTC", "--price", ask, "--volume", "0.001", "--client-order-id", "stp-1", "--yes")
	if r.code != 0 {
		t.Fatalf("buy against the own sell: exit %d, want 0 (placed): %s", r.code, r.stderr)
	}
	var rest struct {
		UUID string `json:"uuid"`
	}
	r = runCLI(t, nil, s.env(nil), "--json", "order", "get", "--client-order-id", "rest-1")
	if err := json.Unmarshal([]byte(r.stdout), &rest); err != nil || rest.UUID == "" {
		t.Fatalf("order get rest-1: %v: %s", err, r.stdout)
	}
	r = runCLI(t, nil, s.env(nil), "order", "get", "--client-order-id", "stp-1")
	wantAll(t, "order get", r.stdout, "cancel (cancelled)", "stp_cancel", "cancelled by", rest.UUID, "self-trade prevention")
}

func TestOrderListPagesWithProgress(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	s.placeLimitBids(t, 150)
	r := runCLI(t, nil, s.env(nil), "--json", "order", "list", "--count", "120")
	var orders []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil || len(orders) != 120 {
		t.Fatalf("order list --count 120: %d orders, %v, exit %d: %s", len(orders), err, r.code, r.stderr)
	}
	if r.stderr != "fetched 100/120 orders\nfetched 120/120 orders\n" {
		t.Errorf("progress %q", r.stderr)
	}
	// Newest first, and no order twice across the pages.
	ids := map[any]bool{}
	for _, o := range orders {
		ids[o["uuid"]] = true
	}
	if len(ids) != 120 || orders[0]["price"] != "100149000" {
		t.Errorf("%d distinct orders, the first at %v", len(ids), orders[0]["price"])
	}
	// All 150 when more are asked for; one page reports no progress.
	r = runCLI(t, nil, s.env(nil), "--json", "order", "list", "--count", "500")
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil || len(orders) != 150 || !strings.HasSuffix(r.stderr, "fetched 150/500 orders\n") {
		t.Errorf("--count 500: %d orders, %v, stderr %q", len(orders), err, r.stderr)
	}
	r = runCLI(t, nil, s.env(nil), "order", "list", "--count", "100")
	if r.stderr != "" || strings.Count(r.stdout, "\n") != 101 {
		t.Errorf("--count 100: stderr %q, %d lines", r.stderr, strings.Count(r.stdout, "\n"))
	}
}

func TestOrderUnknownOutcomeExits3(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	// Every placement and every look-up fails with a 500: the outcome
	// stays unknown.
	s.srv.Faults().Set(faults.Config{Operations: []string{"placeOrder", "getOrder", "listOrders"}, ErrorRate: 1})
	r := runCLI(t, nil, s.env(nil), "buy", "KRW-BTC", "--price", "140000000", "--volume", "0.001", "--client-order-id", "doubt-1", "--yes")
	if r.code != exitOrderUnknown {
		t.Fatalf("exit %d, want %d: %s", r.code, exitOrderUnknown, r.stderr)
	}
	wantAll(t, "stderr", r.stderr,
		"the outcome of the order placement is unknown", "client_order_id: doubt-1",
		"reconciliation:", "look-up", "bithumb order get --client-order-id doubt-1")
	wantAll(t, "order --help", runCLI(t, nil, nil, "order", "--help").stdout, "3 when the outcome is unknown")
}

func TestOrderCancelUnknownOutcomeExits3(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	s.placeLimitBids(t, 1)
	orders := s.srv.Engine().Orders(tradeAccount, engine.OrderQuery{States: []string{engine.StateWait}})
	if len(orders) != 1 {
		t.Fatalf("%d open orders, want 1", len(orders))
	}
	id := orders[0].ID
	// The cancel and every look-up of the order's state fail with a 500.
	s.srv.Faults().Set(faults.Config{Operations: []string{"cancelOrder", "getOrder"}, ErrorRate: 1})
	r := runCLI(t, nil, s.env(nil), "order", "cancel", id)
	if r.code != exitOrderUnknown {
		t.Fatalf("exit %d, want %d: %s", r.code, exitOrderUnknown, r.stderr)
	}
	wantAll(t, "stderr", r.stderr, "the outcome of the cancel is unknown", "order_id:        "+id,
		"reconciliation:", "Check the order's state before cancelling again: bithumb order get "+id)
}

func TestOrderCompletion(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "buy", "KRW-B"}, []string{"KRW-BTC\tBitcoin 비트코인"}},
		{[]string{"__complete", "order", "list", "krw-x"}, []string{"KRW-XRP\t"}},
		{[]string{"__complete", "sell", "KRW-BTC", "--type", ""}, []string{"limit", "price", "market", "best"}},
		{[]string{"__complete", "order", "place", "KRW-BTC", "--side", ""}, []string{"bid", "ask"}},
		{[]string{"__complete", "order", "list", "--state", "c"}, []string{"cancel"}},
	} {
		r := runCLI(t, nil, s.env(nil), c.args...)
		wantAll(t, strings.Join(c.args, " "), r.stdout, c.want...)
	}
}
