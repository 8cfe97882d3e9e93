package middleware

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// answering is a transport that answers each request with the status and
// body that answer gives for it, recording whether each body was closed.
type answering struct {
	answer func(req *http.Request, body string) (int, string)
	mu     sync.Mutex
	open   int
}

func (a *answering) RoundTrip(req *http.Request) (*http.Response, error) {
	var b []byte
	if req.Body != nil {
		b, _ = io.ReadAll(req.Body)
	}
	status, body := a.answer(req, string(b))
	a.mu.Lock()
	a.open++
	a.mu.Unlock()
	return &http.Response{StatusCode: status, Header: http.Header{}, Body: &closeCounter{Reader: strings.NewReader(body), a: a}}, nil
}

type closeCounter struct {
	io.Reader
	a    *answering
	once sync.Once
}

func (c *closeCounter) Close() error {
	c.once.Do(func() {
		c.a.mu.Lock()
		c.a.open--
		c.a.mu.Unlock()
	})
	return nil
}

// TestLimitRemembersAnsweredOrderIDs: the exchange's order ids in the 2xx
// answers of placements (where the spec's answer-id says) are remembered
// with the order's asset, a batch's by the position of their order, so
// that cancels by those ids count on it; ids of failed results, of
// answers that are not 2xx or that cannot be read, and ids placed through
// another layer count on nothing. Layers above get every answer as sent.
func TestLimitRemembersAnsweredOrderIDs(t *testing.T) {
	t.Parallel()
	rec := &assetRecorder{}
	answers := map[string]struct {
		status int
		body   string
	}{
		"placeOrder":       {201, `{"order_id":"C0101000000000000001","market":"KRW-BTC","client_order_id":"c-1"}`},
		"placeOrderV1":     {201, ` {"market":"KRW-DOGE", "uuid" : "C0101000000000000002"} `},
		"placeTwapOrder":   {200, `{"algo_order_id":"T-1"}`},
		"legacyPlaceOrder": {200, `{"status":"0000","order_id":"C0101000000000000003"}`},
		"legacyMarketBuy":  {200, `{"status":"5600","message":"error"}`},
		"placeOrderBatch": {200, `{"batch_orders_response":[{"client_order_id":"b-1","order_id":"C0101000000000000011"},` +
			`{"client_order_id":"b-2","name":"cross_trading","message":"x"},{"order_id":"C0101000000000000013","extra":{"a":[1,2]}}]}`},
	}
	var mu sync.Mutex
	var got []string // the answers as the layer above read them
	tr := &answering{answer: func(req *http.Request, body string) (int, string) {
		e, _ := EndpointFrom(req.Context())
		if a, ok := answers[e.OperationID]; ok {
			return a.status, a.body
		}
		return 200, `{}`
	}}
	rt := Limit(rec)(tr)
	other := Limit(rec)(tr)
	send := func(rt http.RoundTripper, op, query, body string) string {
		t.Helper()
		resp, err := rt.RoundTrip(assetLimitedRequest(t, t.Context(), op, query, body))
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s: reading the answer: %v", op, err)
		}
		resp.Body.Close()
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
		return string(b)
	}
	for _, p := range []struct{ op, body string }{
		{"placeOrder", `{"market":"KRW-BTC","client_order_id":"c-1"}`},
		{"placeOrderV1", `{"market":"KRW-DOGE"}`},
		{"placeTwapOrder", `{"market":"KRW-SOL"}`},
		{"legacyPlaceOrder", "order_currency=ETH&payment_currency=KRW&units=1&price=1&type=bid"},
		{"legacyMarketBuy", "order_currency=ADA&payment_currency=KRW&units=1"},
		{"placeOrderBatch", `{"batch_orders":[{"market":"KRW-XRP"},{"market":"KRW-ETH"},{"market":"BTC-TRX"}]}`},
	} {
		if b := send(rt, p.op, "", p.body); b != answers[p.op].body {
			t.Errorf("%s: the layer above read %q, want the answer as sent %q", p.op, b, answers[p.op].body)
		}
	}
	if tr.open != 0 {
		t.Errorf("%d answer bodies left open", tr.open)
	}
	for _, tt := range []struct {
		rt          http.RoundTripper
		op, query   string
		body        string
		want        []string
		description string
	}{
		{rt, "cancelOrder", "?order_id=C0101000000000000001", "", []string{"BTC"}, "a single order's id"},
		{rt, "cancelOrder", "?order_id=C0101000000000000003", "", []string{"ETH"}, "a legacy order's id, cancelled through API 2.0"},
		{rt, "cancelOrderV1", "?uuid=C0101000000000000002", "", []string{"DOGE"}, "the pre-v2.1.5 order's uuid"},
		{rt, "cancelTwapOrder", "?algo_order_id=T-1", "", []string{"SOL"}, "a TWAP order's id"},
		{rt, "cancelOrderBatch", "", `{"order_ids":["C0101000000000000013","C0101000000000000011","C0101000000000000099","C0101000000000000001"]}`,
			[]string{"TRX", "XRP", "BTC"}, "batch results by their order's position, an unknown id left out"},
		{rt, "cancelOrder", "?order_id=C0101000000000000012", "", nil, "an id no answer held"},
		{other, "cancelOrder", "?order_id=C0101000000000000001", "", nil, "an id placed through another layer"},
		{other, "cancelOrder", "?client_order_id=c-1", "", nil, "a client id placed through another layer"},
	} {
		rec.assets = nil
		send(tt.rt, tt.op, tt.query, tt.body)
		var want []string
		for _, a := range tt.want {
			want = append(want, "asset-orders:"+a)
		}
		if !slices.Equal(rec.assets, want) {
			t.Errorf("%s (%s %s%s): per-asset waits %v, want %v", tt.description, tt.op, tt.query, tt.body, rec.assets, want)
		}
	}
}

// TestLimitPassesUnreadableAnswersOn: answers of placements that are not
// 2xx, not JSON, not of the shape the spec gives, or that do not line up
// with the request's orders reach the layer above unchanged, and nothing
// is remembered from them.
func TestLimitPassesUnreadableAnswersOn(t *testing.T) {
	t.Parallel()
	const id = "C0101000000000000001"
	for _, tt := range []struct {
		name, op, request string
		status            int
		answer            string
	}{
		{"not 2xx", "placeOrder", `{"market":"KRW-BTC"}`, 400, `{"order_id":"` + id + `"}`},
		{"not JSON", "placeOrder", `{"market":"KRW-BTC"}`, 201, `<html>order_id ` + id + `</html>`},
		{"cut short", "placeOrder", `{"market":"KRW-BTC"}`, 201, `{"order_id":"` + id + `"`},
		{"trailing text", "placeOrder", `{"market":"KRW-BTC"}`, 201, `{"order_id":"` + id + `"} x`},
		{"id not a string", "placeOrder", `{"market":"KRW-BTC"}`, 201, `{"order_id":1}`},
		{"id escaped", "placeOrder", `{"market":"KRW-BTC"}`, 201, `{"order_id":"C0101\u0030"}`},
		{"an array", "placeOrder", `{"market":"KRW-BTC"}`, 201, `[{"order_id":"` + id + `"}]`},
		{"id elsewhere", "placeOrder", `{"market":"KRW-BTC"}`, 201, `{"data":{"order_id":"` + id + `"}}`},
		{"empty", "placeOrder", `{"market":"KRW-BTC"}`, 201, ``},
		{"fewer results than orders", "placeOrderBatch", `{"batch_orders":[{"market":"KRW-BTC"},{"market":"KRW-ETH"}]}`, 200,
			`{"batch_orders_response":[{"order_id":"` + id + `"}]}`},
		{"results not an array", "placeOrderBatch", `{"batch_orders":[{"market":"KRW-BTC"}]}`, 200,
			`{"batch_orders_response":{"order_id":"` + id + `"}}`},
		{"a result not an object", "placeOrderBatch", `{"batch_orders":[{"market":"KRW-BTC"}]}`, 200,
			`{"batch_orders_response":["` + id + `"]}`},
		{"no results", "placeOrderBatch", `{"batch_orders":[{"market":"KRW-BTC"}]}`, 200, `{"order_id":"` + id + `"}`},
	} {
		rec := &assetRecorder{}
		rt := Limit(rec)(&answering{answer: func(req *http.Request, _ string) (int, string) {
			if req.Method == http.MethodPost {
				return tt.status, tt.answer
			}
			return 200, `{}`
		}})
		resp, err := rt.RoundTrip(assetLimitedRequest(t, t.Context(), tt.op, "", tt.request))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || string(b) != tt.answer || resp.StatusCode != tt.status {
			t.Errorf("%s: the layer above got %d %q (%v), want %d %q", tt.name, resp.StatusCode, b, err, tt.status, tt.answer)
		}
		rec.assets = nil
		resp, err = rt.RoundTrip(assetLimitedRequest(t, t.Context(), "cancelOrder", "?order_id="+id, ""))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if len(rec.assets) != 0 {
			t.Errorf("%s: the cancel waited on %v, want no asset remembered", tt.name, rec.assets)
		}
	}
}

// failingBody gives its text, then err.
type failingBody struct {
	r      io.Reader
	err    error
	closed bool
}

func (b *failingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, b.err
	}
	return n, err
}

func (b *failingBody) Close() error { b.closed = true; return nil }

// TestLimitPassesAnswerErrorsOn: a placement's answer that fails while
// the layer reads it ahead reaches the layer above with the same bytes
// and the same error, and one longer than the read-ahead bound with all
// its bytes; the original body is closed with the one given above, and
// nothing is remembered from either.
func TestLimitPassesAnswerErrorsOn(t *testing.T) {
	t.Parallel()
	const id = "C0101000000000000001"
	broken := errors.New("connection reset")
	long := `{"order_id":"` + id + `","pad":"` + strings.Repeat("x", maxAnswerRead) + `"}`
	for _, tt := range []struct {
		name, text string
		err        error
	}{
		{"a read error", `{"order_id":"` + id + `"}`, broken},
		{"a long answer", long, io.EOF},
	} {
		rec := &assetRecorder{}
		var body *failingBody
		rt := Limit(rec)(RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			if req.Method == http.MethodPost {
				body = &failingBody{r: strings.NewReader(tt.text), err: tt.err}
				return &http.Response{StatusCode: 201, Header: http.Header{}, Body: body}, nil
			}
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody}, nil
		}))
		resp, err := rt.RoundTrip(assetLimitedRequest(t, t.Context(), "placeOrder", "", `{"market":"KRW-BTC"}`))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		want := tt.err
		if want == io.EOF {
			want = nil
		}
		if string(b) != tt.text || err != want {
			t.Errorf("%s: the layer above read %d bytes and %v, want %d and %v", tt.name, len(b), err, len(tt.text), want)
		}
		if resp.Body.Close(); !body.closed {
			t.Errorf("%s: closing the answer did not close the original body", tt.name)
		}
		resp, err = rt.RoundTrip(assetLimitedRequest(t, t.Context(), "cancelOrder", "?order_id="+id, ""))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if len(rec.assets) != 1 { // the placement's own wait only
			t.Errorf("%s: per-asset waits %v, want the placement's only", tt.name, rec.assets)
		}
	}
}

// TestCancelsByOrderIDFromSixtyFourGoroutines: orders placed on BTC
// through the layer, then cancelled by their exchange order id from 64
// goroutines at once, reach the server within the per-asset rule (at most
// 85% of 20 in any second), while cancels on ETH meanwhile are not slowed
// by BTC's queue.
func TestCancelsByOrderIDFromSixtyFourGoroutines(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// Categories far above the per-asset rule, so that only it paces.
		l := mustLimiter(t, nil, 10000, WithAssetLimit("asset-orders", 20))
		var mu sync.Mutex
		markets := map[string]string{} // order id -> market
		cancels := map[string][]time.Time{}
		next := 0
		rt := Limit(l)(RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			mu.Lock()
			defer mu.Unlock()
			answer := `{}`
			if id := req.URL.Query().Get("order_id"); id != "" {
				cancels[markets[id]] = append(cancels[markets[id]], time.Now())
			} else {
				b, _ := io.ReadAll(req.Body)
				next++
				id := "C" + strconv.Itoa(next)
				markets[id] = strings.TrimSuffix(strings.TrimPrefix(string(b), `{"market":"`), `"}`)
				answer = `{"order_id":"` + id + `","market":"` + markets[id] + `"}`
			}
			return &http.Response{StatusCode: 201, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(answer))}, nil
		}))
		ctx := t.Context()
		do := func(op, query, body string) string {
			resp, err := rt.RoundTrip(assetLimitedRequest(t, ctx, op, query, body))
			if err != nil {
				t.Error(err)
				return ""
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return string(b)
		}
		orderID := func(answer string) string {
			return strings.TrimPrefix(answer[:strings.Index(answer, `","`)], `{"order_id":"`)
		}
		var btc, eth []string
		for range 64 {
			btc = append(btc, orderID(do("placeOrder", "", `{"market":"KRW-BTC"}`)))
		}
		for range 3 {
			eth = append(eth, orderID(do("placeOrder", "", `{"market":"KRW-ETH"}`)))
		}
		time.Sleep(2 * time.Second) // both buckets full again (the fake clock)
		var wg sync.WaitGroup
		for _, id := range btc {
			wg.Go(func() { do("cancelOrder", "?order_id="+id, "") })
		}
		synctest.Wait() // every BTC cancel is queued on the bucket
		start := time.Now()
		do("cancelOrder", "?order_id="+eth[0], "")
		do("cancelOrder", "?order_id="+eth[1], "")
		if d := time.Since(start); d != 0 {
			t.Errorf("two ETH cancels (its burst) waited %v behind BTC's queue", d)
		}
		do("cancelOrder", "?order_id="+eth[2], "")
		if d := time.Since(start); !near(d, time.Second/15) {
			t.Errorf("the third ETH cancel went after %v, want 1/15 s as alone", d)
		}
		wg.Wait()
		at := cancels["KRW-BTC"]
		if len(at) != 64 {
			t.Fatalf("%d BTC cancels sent, want 64", len(at))
		}
		most := busiestSecond(at)
		if most > 17 {
			t.Errorf("%d BTC cancels in one second, want at most 17 (85%% of 20)", most)
		}
	})
}
