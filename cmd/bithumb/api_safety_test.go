package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/sim/faults"
)

// TestAPIMethodFromSpec: the method is the spec's for the path; with
// several, GET; POST is never guessed.
func TestAPIMethodFromSpec(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args       []string
		wantMethod string
	}{
		{[]string{"/v1/ticker", "-f", "markets=KRW-BTC"}, "GET"},                                      // the README's first example
		{[]string{"/v1/orders", "-f", "market=KRW-BTC", "-f", "uuids[]=C0101000000000000001"}, "GET"}, // GET and POST: GET
		{[]string{"/v2/order", "-f", "order_id=C0101000000000000001"}, "DELETE"},                      // DELETE only
		{[]string{"/v2/orders", "-f", "market=KRW-BTC", "-f", "side=bid", "-f", "order_type=limit",
			"-f", "price=84000000", "-f", "volume=0.001"}, "POST"}, // POST only
		{[]string{"/v1/order", "-f", "uuid=C0101000000000000001"}, "GET"},
		{[]string{"-X", "DELETE", "/v1/order", "-f", "uuid=C0101000000000000001"}, "DELETE"},
		{[]string{"/info/balance"}, "POST"},
	} {
		f := newFakeAPI(t, 200, `{"order_id":"C0101000000000000001","status":"0000","data":{}}`)
		r := runCLI(t, nil, keyEnv(), append(apiArgs(t, f), tc.args...)...)
		if r.code != 0 {
			t.Errorf("%v: code %d, stderr %s", tc.args, r.code, r.stderr)
			continue
		}
		if got := f.only(t).method; got != tc.wantMethod {
			t.Errorf("%v: sent %s, want %s", tc.args, got, tc.wantMethod)
		}
	}
}

// TestAPIRefusesWhatTheSpecDoesNotKnow: a wrong method, an unknown path
// and an unknown field are refused before sending, with hints.
func TestAPIRefusesWhatTheSpecDoesNotKnow(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 200, `{}`)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"/v1/withdraws/coin"}, []string{"/v1/withdraws/coin takes POST or DELETE", "-X"}},
		{[]string{"-X", "POST", "/v1/ticker", "-f", "markets=KRW-BTC"}, []string{"no POST /v1/ticker", "/v1/ticker takes GET", "--no-validate"}},
		{[]string{"-X", "GET", "/v2/orders"}, []string{"/v2/orders takes POST"}},
		{[]string{"/v1/tickers", "-f", "markets=KRW-BTC"}, []string{"/v1/tickers is not a path of the spec", "GET /v1/ticker"}},
		{[]string{"/v1/ticker", "-f", "markets=KRW-BTC", "-f", "foo=bar"}, []string{`-f foo: GET /v1/ticker has no query parameter "foo"`, "it knows markets"}},
		// A misspelt field is named even though the field it stands for is missing.
		{[]string{"/v1/ticker", "-f", "market=KRW-BTC"}, []string{`-f market: GET /v1/ticker has no query parameter "market"`, "it knows markets"}},
		{[]string{"/v2/orders", "-f", "market=KRW-BTC", "-f", "side=bid", "-f", "order_type=limit",
			"-f", "price=84000000", "-f", "volume=0.001", "-f", "foo=bar"},
			[]string{`-f foo: POST /v2/orders has no field "foo"`, "client_order_id", "volume", "--no-validate"}},
		{[]string{"/v2/orders/batch", "--input", "-"}, []string{`--input: POST /v2/orders/batch has no field "batch_orders[0].extra"`, "order_type"}},
	} {
		stdin := strings.NewReader(`{"batch_orders":[{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"1000","volume":"1","extra":1}]}`)
		r := runCLI(t, stdin, keyEnv(), append(apiArgs(t, f), tc.args...)...)
		for _, want := range tc.want {
			if r.code != 1 || !strings.Contains(r.stderr, want) {
				t.Errorf("%v: code %d, stderr %q, want it to mention %q", tc.args, r.code, r.stderr, want)
			}
		}
	}
	top := strings.NewReader(`{"extra":1,"batch_orders":[]}`)
	if r := runCLI(t, top, keyEnv(), append(apiArgs(t, f), "/v2/orders/batch", "--input", "-")...); r.code != 1 ||
		!strings.Contains(r.stderr, `--input: POST /v2/orders/batch has no field "extra"; it knows batch_orders`) {
		t.Errorf("--input with an unknown member: code %d, stderr %q", r.code, r.stderr)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}

	// --no-validate sends them, and a 404 answer repeats the hint.
	f = newFakeAPI(t, 404, `{"error":{"name":"not_found","message":"No Route matched"}}`)
	for _, tc := range []struct {
		args []string
		hint string
	}{
		{[]string{"-X", "POST", "/v1/ticker", "-f", "markets=KRW-BTC"}, "hint: the spec has no POST /v1/ticker; /v1/ticker takes GET"},
		{[]string{"/v1/tickers", "-f", "markets=KRW-BTC"}, "hint: /v1/tickers is not a path of the spec; the nearest are GET /v1/ticker"},
		{[]string{"/v1/ticker", "-f", "markets=KRW-BTC", "-f", "foo=bar"}, ""},
	} {
		r := runCLI(t, nil, keyEnv(), append(append(apiArgs(t, f), "--no-validate"), tc.args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, "404 not_found") || strings.Contains(r.stderr, "hint:") != (tc.hint != "") ||
			!strings.Contains(r.stderr, tc.hint) {
			t.Errorf("%v --no-validate: code %d, stderr %q, want the hint %q", tc.args, r.code, r.stderr, tc.hint)
		}
	}
	if n := len(f.requests()); n != 3 {
		t.Errorf("--no-validate: %d requests sent, want 3", n)
	}
}

// TestAPIIncludeAndVerbose: -i prints the status and the headers with the
// rate-limit state; --verbose the request, with no credential in it.
func TestAPIIncludeAndVerbose(t *testing.T) {
	t.Parallel()
	s := startSim(t, withSeed(5), withoutRateLimit())
	r := s.api(t, "", "-i", "--verbose", "/v1/accounts")
	head, body, ok := strings.Cut(r.stdout, "\n\n")
	if r.code != 0 || !ok || !strings.HasPrefix(head, "HTTP/1.1 200 OK\n") || !strings.Contains(head, "\nX-Ratelimit-Remaining: ") ||
		!strings.HasPrefix(body, `[{"`) {
		t.Errorf("-i: code %d, stdout:\n%s", r.code, r.stdout)
	}
	for _, want := range []string{"> GET /v1/accounts HTTP/1.1\n", "> Authorization: Bearer [redacted]\n", "> User-Agent: bithumb-go/"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("--verbose: stderr %q, want %q", r.stderr, want)
		}
	}
	if strings.Contains(r.stderr, "eyJ") || strings.Contains(r.stdout+r.stderr, testAccess) {
		t.Errorf("--verbose shows a credential:\n%s", r.stderr)
	}

	// Legacy: HMAC headers, the signature hidden and the access key masked.
	r = s.api(t, "", "--verbose", "/info/balance", "-f", "currency=BTC")
	if r.code != 0 || !strings.Contains(r.stderr, "> POST /info/balance HTTP/1.1\n") || !strings.Contains(r.stderr, "> Api-Sign: [redacted]\n") ||
		strings.Contains(r.stderr, testAccess) || !strings.Contains(r.stderr, "> Api-Key: ") {
		t.Errorf("--verbose legacy: code %d, stderr:\n%s", r.code, r.stderr)
	}
}

// bgoID matches a generated client order id.
var bgoID = regexp.MustCompile(`bgo[0-9a-f]{32}`)

// TestAPIPlacementInDoubt: a placement whose answer is lost is not sent
// again; the generated client_order_id and the look-up's result are
// printed, and the exit status is 3.
func TestAPIPlacementInDoubt(t *testing.T) {
	t.Parallel()
	order := []string{"/v2/orders", "-f", "market=KRW-BTC", "-f", "side=bid", "-f", "order_type=limit", "-f", "price=80000000", "-f", "volume=0.001"}
	for _, tc := range []struct {
		name   string
		fault  faults.Config
		orders int
		want   string
	}{
		{"reset after placing", faults.Config{Operations: []string{"placeOrder"}, NextReset: 1}, 1, ": found: order C"},
		{"500 before placing", faults.Config{Operations: []string{"placeOrder"}, NextError: 1}, 0, ": not found by 3 look-up(s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := startSim(t, withSeed(5), withoutRateLimit())
			s.setFaults(tc.fault)
			r := s.api(t, "", order...)
			id := bgoID.FindString(r.stderr)
			if r.code != exitOrderUnknown || id == "" || !strings.Contains(r.stderr, "client_order_id "+id+tc.want) ||
				!strings.Contains(r.stderr, "not sent again") {
				t.Fatalf("code %d, stderr:\n%s", r.code, r.stderr)
			}
			orders := s.orders()
			if len(orders) != tc.orders {
				t.Fatalf("%d orders on the exchange, want %d", len(orders), tc.orders)
			}
			if tc.orders == 1 && (orders[0].ClientOrderID != id || !strings.Contains(r.stderr, orders[0].ID+", state wait (open)")) {
				t.Errorf("order %s (%s) on the exchange; stderr:\n%s", orders[0].ID, orders[0].ClientOrderID, r.stderr)
			}
		})
	}

	// A v1 placement takes no client_order_id: nothing to look up.
	s := startSim(t, withSeed(5), withoutRateLimit())
	s.setFaults(faults.Config{Operations: []string{"placeOrderV1"}, NextReset: 1})
	r := s.api(t, "", "-X", "POST", "/v1/orders", "-f", "market=KRW-BTC", "-f", "side=bid", "-f", "ord_type=limit", "-f", "price=80000000", "-f", "volume=0.001")
	if r.code != exitOrderUnknown || !strings.Contains(r.stderr, "takes no client_order_id") || len(s.orders()) != 1 {
		t.Errorf("v1: code %d, %d orders, stderr:\n%s", r.code, len(s.orders()), r.stderr)
	}
}

// TestAPICancelInDoubt: a cancel whose answers are all lost reports the
// order's state after a look-up.
func TestAPICancelInDoubt(t *testing.T) {
	t.Parallel()
	s := startSim(t, withSeed(5), withoutRateLimit())
	id := s.restingBid(t, 80_000_000, "api-cancel-1")
	s.setFaults(faults.Config{Operations: []string{"cancelOrder"}, ResetRate: 1})
	r := s.api(t, "", "/v2/order", "-f", "order_id="+id)
	if r.code != exitOrderUnknown || !strings.Contains(r.stderr, "outcome of the cancel is unknown") ||
		!strings.Contains(r.stderr, "order_id "+id+": found: order "+id+", state cancel (cancelled)") {
		t.Errorf("code %d, stderr:\n%s", r.code, r.stderr)
	}
}
