package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

// search posts body to /v2/orders/search, signed here, and returns the
// status and the order ids of the answer (nil for an error answer).
func (f *fixture) search(body string) (int, []string) {
	f.t.Helper()
	hs, err := auth.BodyHashString([]byte(body))
	if err != nil {
		f.t.Fatal(err)
	}
	tok, err := auth.SignJWT(f.key.SecretKey, claims(f.key, "search-"+time.Now().Format(time.RFC3339Nano), time.Now(), hs))
	if err != nil {
		f.t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", f.ts.URL+"/v2/orders/search", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var rows []struct {
		OrderID string `json:"order_id"`
	}
	if resp.StatusCode != 200 {
		return resp.StatusCode, nil
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		f.t.Fatalf("%s: %v", b, err)
	}
	ids := []string{}
	for _, r := range rows {
		ids = append(ids, r.OrderID)
	}
	return resp.StatusCode, ids
}

// TestSearchOrdersRules: POST /v2/orders/search uses order_ids when both
// id lists come, drops null and malformed ids, and answers [] when nothing
// matches (Bithumb's docs, 2026).
func TestSearchOrdersRules(t *testing.T) {
	f := newFixture(t, WithClock(clock.NewFake(testStart)))
	f.v.allowBad(true) // null and malformed ids break the spec on purpose
	ctx, c := t.Context(), f.client
	book, _ := c.ListOrderbooks(ctx, "KRW-XRP")
	low := book[0].OrderbookUnits[0].BidPrice.Sub(dec("100"))
	var ids []string
	for _, cid := range []string{"s-1", "s-2"} {
		r, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-XRP", Side: "bid", OrderType: "limit", Price: low.AsString(), Volume: dec("5"), ClientOrderID: cid})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.OrderID)
	}
	cases := []struct {
		name, body string
		status     int
		want       []string
	}{
		{"order_ids wins", `{"order_ids":["` + ids[0] + `"],"client_order_ids":["s-2"]}`, 200, []string{ids[0]}},
		{"null and malformed ids dropped", `{"order_ids":[null,"not-an-order","` + ids[1] + `"]}`, 200, []string{ids[1]}},
		{"malformed client ids dropped", `{"client_order_ids":["has space",null,"s-1"]}`, 200, []string{ids[0]}},
		{"no match", `{"order_ids":["C0101999999999999999"]}`, 200, []string{}},
		{"only bad ids: no match, not every order", `{"order_ids":[null,"x y"]}`, 200, []string{}},
		{"no ids", `{"market":"KRW-XRP"}`, 400, nil},
	}
	for _, tc := range cases {
		status, got := f.search(tc.body)
		if status != tc.status || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %d %v, want %d %v", tc.name, status, got, tc.status, tc.want)
		}
	}
}

// TestCursorListDefaults: GET /v2/orders/pending lists wait orders and
// 100 of them by default; GET /v2/orders/history lists done and cancel
// orders by default, fills in a missing start or end so that the range is
// 7 days, and refuses a longer range (Bithumb's docs, 2026).
func TestCursorListDefaults(t *testing.T) {
	// 103 orders on one asset at once: over the per-asset rule (20 a
	// second), raised here.
	cfg := Config{HistoryDays: 40, RateLimit: ratelimit.Config{Overrides: map[string]float64{"asset-orders": 1000}}}
	f := newFixture(t, WithClock(clock.NewFake(testStart)), WithConfig(cfg))
	ctx, c := t.Context(), f.client
	book, _ := c.ListOrderbooks(ctx, "KRW-XRP")
	low := book[0].OrderbookUnits[0].BidPrice.Sub(dec("100"))
	var ids []string
	for i := 0; i < 102; i++ {
		r, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-XRP", Side: "bid", OrderType: "limit", Price: low.AsString(), Volume: dec("2")})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.OrderID)
	}
	if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &ids[0]}); err != nil {
		t.Fatal(err)
	}
	done, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-XRP", Side: "bid", OrderType: "price", Price: dec("10000")})
	if err != nil {
		t.Fatal(err)
	}

	page, err := c.ListPendingOrders(ctx, bithumb.ListPendingOrdersParams{})
	if err != nil || len(page.Data) != 100 || !page.HasNext {
		t.Fatalf("pending without limit: %d rows, has_next %v, %v; want 100 and more", len(page.Data), page.HasNext, err)
	}
	for _, o := range page.Data {
		if o.State != "wait" {
			t.Errorf("pending without state lists %s order %s", o.State, o.OrderID)
		}
	}

	states := func(p *bithumb.OrderPage) map[string]string {
		out := map[string]string{}
		for _, o := range p.Data {
			out[o.OrderID] = string(o.State)
		}
		return out
	}
	hist, err := c.ListClosedOrders(ctx, bithumb.ListClosedOrdersParams{})
	if got := states(hist); err != nil || len(got) != 2 || got[ids[0]] != "cancel" || got[done.OrderID] != "done" {
		t.Fatalf("history without state: %v %v, want %s cancel and %s done", got, err, ids[0], done.OrderID)
	}
	ms := func(d time.Duration) *int64 { v := testStart.Add(d).UnixMilli(); return &v }
	const day = 24 * time.Hour
	for _, tc := range []struct {
		name       string
		start, end *int64
		want       int
	}{
		{"start only: the 7 days after it", ms(-8 * day), nil, 0},
		{"start only, an hour before", ms(-time.Hour), nil, 2},
		{"end only: the 7 days before it", nil, ms(8 * day), 0},
		{"end only, an hour after", nil, ms(time.Hour), 2},
	} {
		p, err := c.ListClosedOrders(ctx, bithumb.ListClosedOrdersParams{StartTime: tc.start, EndTime: tc.end})
		if err != nil || len(p.Data) != tc.want {
			t.Errorf("%s: %d rows, %v; want %d", tc.name, len(p.Data), err, tc.want)
		}
	}
	// A range over 7 days is refused by the simulator's own check (the
	// client would refuse it before sending, so it is signed here).
	q := "start_time=" + itoa(*ms(-8 * day)) + "&end_time=" + itoa(*ms(0))
	if st, out := f.sendJWT("GET", "/v2/orders/history", q, "", claims(f.key, "range-8d", time.Now(), q), f.key.SecretKey); st != 400 || errorName(out) != "invalid_parameter" {
		t.Errorf("8 days: %d %v, want 400 invalid_parameter", st, out)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestTWAPFrequencyFive: the simulator refuses a TWAP frequency of 5
// seconds with its own check (15, 20, 30, 60 or 120 only, Bithumb's docs,
// 2026); the client would refuse it before sending, so it is signed here.
func TestTWAPFrequencyFive(t *testing.T) {
	f := newFixture(t, WithClock(clock.NewFake(testStart)))
	f.v.allowBad(true) // frequency 5 breaks the spec on purpose
	for freq, want := range map[string]int{"5": 400, "15": 200} {
		body := `{"market":"KRW-XRP","side":"bid","price":"600000","duration":"300","frequency":"` + freq + `"}`
		hs, err := auth.BodyHashString([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		st, out := f.sendJWT("POST", "/v1/twap", "", body, claims(f.key, "twap-"+freq, time.Now(), hs), f.key.SecretKey)
		if st != want || want == 400 && errorName(out) != "invalid_parameter" {
			t.Errorf("frequency %s: %d %v, want %d", freq, st, out, want)
		}
	}
}
