package bithumb_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/directhttp"
	"github.com/bithumb-go/bithumb/internal/plain"
	"github.com/bithumb-go/bithumb/middleware"
)

// The round-trip benchmarks compare one call through the whole client
// (typed method, request validation, rate limiter, retry layer, signer,
// typed decode into exact decimals) with the least a program can do
// instead: net/http and encoding/json into a plain struct, the chance call
// signed by hand. Both send to the same loopback server, which answers
// every request with the same recorded body, so the difference is what
// the client adds on top of the network.

// rtTickerBody is the live /v1/ticker answer of
// contract_test/testdata/rest/v1_ticker__live_2025.json.
const rtTickerBody = `[{"market":"KRW-BTC","trade_date":"20250825","trade_time":"152707","trade_date_kst":"20250826","trade_time_kst":"002707",` +
	`"trade_timestamp":1756168027954,"opening_price":157120000,"high_price":157476000,"low_price":156602000,` +
	`"trade_price":157450000,"prev_closing_price":157120000,"change":"RISE","change_price":330000,"change_rate":0.0021,` +
	`"signed_change_price":330000,"signed_change_rate":0.0021,"trade_volume":0.00040361,"acc_trade_price":2675920640.37342,` +
	`"acc_trade_price_24h":205839989370.0371,"acc_trade_volume":17.03631171,"acc_trade_volume_24h":1311.88031357,` +
	`"highest_52_week_price":169900000,"highest_52_week_date":"2025-08-15","lowest_52_week_price":72029000,` +
	`"lowest_52_week_date":"2024-09-08","timestamp":1756135632646}]`

// rtChanceBody is a /v1/orders/chance answer for KRW-BTC in the shape of
// the live 2025 capture (no price_unit, full account rows); the fixtures
// hold no chance body, so this is the spec's example of the operation.
const rtChanceBody = `{"bid_fee":"0.0025","ask_fee":"0.0025","maker_bid_fee":"0.0025","maker_ask_fee":"0.0025",` +
	`"market":{"id":"KRW-BTC","name":"BTC/KRW","order_types":["limit"],"order_sides":["ask","bid"],` +
	`"bid_types":["limit","price"],"ask_types":["limit","market"],"bid":{"currency":"KRW","min_total":"5000"},` +
	`"ask":{"currency":"BTC","min_total":"5000"},"max_total":"1000000000","state":"active"},` +
	`"bid_account":{"currency":"KRW","balance":"10981650.10635","locked":"98246","avg_buy_price":"0","avg_buy_price_modified":false,"unit_currency":"KRW"},` +
	`"ask_account":{"currency":"BTC","balance":"0.5","locked":"0","avg_buy_price":"36340973","avg_buy_price_modified":false,"unit_currency":"KRW"}}`

const (
	rtAccessKey = "roundtrip-access-key"
	rtSecretKey = "roundtrip-secret-key"
)

// rtServer serves rtHandler(check) on loopback.
func rtServer(tb testing.TB, check func(*http.Request)) *httptest.Server {
	tb.Helper()
	ts := httptest.NewServer(rtHandler(check))
	tb.Cleanup(ts.Close)
	return ts
}

// rtHandler answers /v1/ticker and /v1/orders/chance with the recorded
// bodies. A chance request without a bearer token gets a 401, so that
// neither side can skip signing; check, when not nil, sees every request.
func rtHandler(check func(*http.Request)) http.Handler {
	ticker, chance := []byte(rtTickerBody), []byte(rtChanceBody)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if check != nil {
			check(r)
		}
		var body []byte
		switch r.URL.Path {
		case "/v1/ticker":
			body = ticker
		case "/v1/orders/chance":
			if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = io.WriteString(w, `{"error":{"name":"jwt_verification","message":"no token"}}`)
				return
			}
			body = chance
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	})
}

// rtTransport is the transport both sides use: a fresh clone of the test
// server's, so that neither shares the other's connections.
func rtTransport(tb testing.TB, ts *httptest.Server) *http.Transport {
	tb.Helper()
	tr := ts.Client().Transport.(*http.Transport).Clone()
	tb.Cleanup(tr.CloseIdleConnections)
	return tr
}

// rtStack returns the full client against ts (see rtClient).
func rtStack(tb testing.TB, ts *httptest.Server) *bithumb.Client {
	tb.Helper()
	return rtClient(tb, ts.URL, rtTransport(tb, ts))
}

// rtClient returns the full client for baseURL over transport: keys (so
// the signer is in the chain), the default retry layer and timeout, and
// a rate limiter whose limits are so high that it never waits.
func rtClient(tb testing.TB, baseURL string, transport http.RoundTripper) *bithumb.Client {
	tb.Helper()
	opts := []bithumb.Option{
		bithumb.WithBaseURL(baseURL), bithumb.WithKeys(rtAccessKey, rtSecretKey), bithumb.WithTransport(transport),
	}
	for _, e := range []string{"public-ticker", "private-other"} {
		opts = append(opts, bithumb.WithRateLimit(e, middleware.MaxPerSecond))
	}
	c, err := bithumb.New(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// rtBaseline is what a program without the client writes: an
// http.Client, a hand-made JWT, encoding/json into plain structs.
type rtBaseline struct {
	base   string
	hc     *http.Client
	signer *plain.Signer
}

func newRTBaseline(tb testing.TB, ts *httptest.Server) *rtBaseline {
	tb.Helper()
	return &rtBaseline{base: ts.URL, hc: &http.Client{Transport: rtTransport(tb, ts)}, signer: rtSigner}
}

// get sends a GET of path and query, with authorization when it is not
// empty, and decodes a 200 answer into out.
func (c *rtBaseline) get(ctx context.Context, path, query, authorization string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path+"?"+query, nil)
	if err != nil {
		return err
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return json.Unmarshal(body, out)
}

func (c *rtBaseline) ticker(ctx context.Context, market string) ([]plain.Ticker, error) {
	var out []plain.Ticker
	err := c.get(ctx, "/v1/ticker", "markets="+market, "", &out)
	return out, err
}

func (c *rtBaseline) chance(ctx context.Context, market string) (*plain.Chance, error) {
	query := "market=" + market
	var out plain.Chance
	if err := c.get(ctx, "/v1/orders/chance", query, c.signer.Authorization(query), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// rtSigner signs the baseline's chance requests by hand (plain.Signer).
var rtSigner = plain.NewSigner(rtAccessKey, rtSecretKey)

// BenchmarkRoundTrip measures one call of the client (stack) against the
// same call made with net/http and encoding/json (baseline), on a
// loopback server answering recorded bodies. Compare the two with
// benchstat (`make bench`); the target is stack at most 1.10× baseline
// in ns/op and 1.5× in allocations. direct is the full client over
// directhttp's transport instead of net/http's.
func BenchmarkRoundTrip(b *testing.B) {
	ctx := context.Background()
	ts := rtServer(b, nil)
	stack, baseline, direct := rtStack(b, ts), newRTBaseline(b, ts), rtDirect(b, ts)
	rtRun(b, "ticker/stack", func() error { _, err := stack.ListTickers(ctx, "KRW-BTC"); return err })
	rtRun(b, "ticker/direct", func() error { _, err := direct.ListTickers(ctx, "KRW-BTC"); return err })
	rtRun(b, "ticker/baseline", func() error { _, err := baseline.ticker(ctx, "KRW-BTC"); return err })
	rtRun(b, "chance/stack", func() error { _, err := stack.GetOrderChance(ctx, "KRW-BTC"); return err })
	rtRun(b, "chance/direct", func() error { _, err := direct.GetOrderChance(ctx, "KRW-BTC"); return err })
	rtRun(b, "chance/baseline", func() error { _, err := baseline.chance(ctx, "KRW-BTC"); return err })
}

// rtDirect returns the full client against ts over a directhttp.Transport
// in place of net/http's.
func rtDirect(tb testing.TB, ts *httptest.Server) *bithumb.Client {
	tb.Helper()
	tr := &directhttp.Transport{}
	tb.Cleanup(tr.CloseIdleConnections)
	return rtClient(tb, ts.URL, tr)
}

// rtRun runs call as the sub-benchmark name, after one call that warms
// the connection.
func rtRun(b *testing.B, name string, call func() error) {
	b.Run(name, func(b *testing.B) {
		if err := call(); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := call(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRoundTripInMemory is BenchmarkRoundTrip with an in-memory
// transport in place of the loopback server: the same calls, the same
// bodies, no network, no server goroutines. What is left is the CPU that
// each side spends per call, which a busy machine disturbs much less than
// a round trip through the kernel.
func BenchmarkRoundTripInMemory(b *testing.B) {
	ctx := context.Background()
	mem := rtMemoryTransport{handler: rtHandler(nil)}
	stack := rtClient(b, "http://bench.invalid", mem)
	baseline := &rtBaseline{base: "http://bench.invalid", hc: &http.Client{Transport: mem}, signer: rtSigner}
	rtRun(b, "ticker/stack", func() error { _, err := stack.ListTickers(ctx, "KRW-BTC"); return err })
	rtRun(b, "ticker/baseline", func() error { _, err := baseline.ticker(ctx, "KRW-BTC"); return err })
	rtRun(b, "chance/stack", func() error { _, err := stack.GetOrderChance(ctx, "KRW-BTC"); return err })
	rtRun(b, "chance/baseline", func() error { _, err := baseline.chance(ctx, "KRW-BTC"); return err })
}

// BenchmarkRoundTripAlternating measures the ratios of BenchmarkRoundTrip
// (ticker, chance) and BenchmarkRoundTripInMemory (memory-ticker,
// memory-chance) in a way that a busy machine disturbs less: one
// iteration runs rtBlocks blocks of rtBlockCalls stack calls, each
// followed by as many baseline calls, and reports the median of the
// per-block time ratios as stack/baseline. Load that lasts longer than a
// pair of blocks (a few milliseconds) weighs on both sides alike, and a
// pair that a burst of load hit is an outlier the median ignores. Use
// -benchtime 1x and several runs.
func BenchmarkRoundTripAlternating(b *testing.B) {
	ctx := context.Background()
	ts := rtServer(b, nil)
	stack, baseline := rtStack(b, ts), newRTBaseline(b, ts)
	mem := rtMemoryTransport{handler: rtHandler(nil)}
	mstack := rtClient(b, "http://bench.invalid", mem)
	mbaseline := &rtBaseline{base: "http://bench.invalid", hc: &http.Client{Transport: mem}, signer: rtSigner}
	ticker := func(c *bithumb.Client) func() error {
		return func() error { _, err := c.ListTickers(ctx, "KRW-BTC"); return err }
	}
	chance := func(c *bithumb.Client) func() error {
		return func() error { _, err := c.GetOrderChance(ctx, "KRW-BTC"); return err }
	}
	pairs := []struct {
		name                    string
		stackCall, baselineCall func() error
	}{
		{"ticker", ticker(stack), func() error { _, err := baseline.ticker(ctx, "KRW-BTC"); return err }},
		{"chance", chance(stack), func() error { _, err := baseline.chance(ctx, "KRW-BTC"); return err }},
		{"memory-ticker", ticker(mstack), func() error { _, err := mbaseline.ticker(ctx, "KRW-BTC"); return err }},
		{"memory-chance", chance(mstack), func() error { _, err := mbaseline.chance(ctx, "KRW-BTC"); return err }},
	}
	for _, p := range pairs {
		stackCall, baselineCall := p.stackCall, p.baselineCall
		b.Run(p.name, func(b *testing.B) {
			for _, call := range []func() error{stackCall, baselineCall} {
				if err := call(); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				ratios := make([]float64, 0, rtBlocks)
				for range rtBlocks {
					s, err := rtTimeBlock(stackCall)
					if err != nil {
						b.Fatal(err)
					}
					base, err := rtTimeBlock(baselineCall)
					if err != nil {
						b.Fatal(err)
					}
					ratios = append(ratios, float64(s)/float64(base))
				}
				slices.Sort(ratios)
				b.ReportMetric(ratios[len(ratios)/2], "stack/baseline")
			}
		})
	}
}

// The shape of BenchmarkRoundTripAlternating's iterations.
const (
	rtBlocks     = 60
	rtBlockCalls = 50
)

// rtTimeBlock times rtBlockCalls calls of call.
func rtTimeBlock(call func() error) (time.Duration, error) {
	start := time.Now()
	for range rtBlockCalls {
		if err := call(); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// rtMemoryTransport answers every request with handler, in memory.
type rtMemoryTransport struct{ handler http.Handler }

func (m rtMemoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	m.handler.ServeHTTP(w, req)
	resp := w.Result()
	resp.Request = req
	return resp, nil
}

// TestRoundTripSidesAgree checks that both sides of BenchmarkRoundTrip do
// the same work: the same requests reach the server, both chance requests
// carry a token that verifies with the secret and covers the query, and
// both decode the same values.
func TestRoundTripSidesAgree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	type seen struct{ path, query string }
	got := make(chan seen, 8)
	ts := rtServer(t, func(r *http.Request) {
		if r.URL.Path == "/v1/orders/chance" {
			rtVerifyToken(t, r)
		}
		got <- seen{r.URL.Path, r.URL.RawQuery}
	})
	stack, baseline := rtStack(t, ts), newRTBaseline(t, ts)

	st, err := stack.ListTickers(ctx, "KRW-BTC")
	if err != nil {
		t.Fatal(err)
	}
	bt, err := baseline.ticker(ctx, "KRW-BTC")
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || len(bt) != 1 || st[0].TradePrice.String() != "157450000" || bt[0].TradePrice != 157450000 ||
		st[0].AccTradeVolume24H.String() != "1311.88031357" || bt[0].AccTradeVolume24H != 1311.88031357 {
		t.Errorf("ticker: stack %+v, baseline %+v", st, bt)
	}

	sc, err := stack.GetOrderChance(ctx, "KRW-BTC")
	if err != nil {
		t.Fatal(err)
	}
	bc, err := baseline.chance(ctx, "KRW-BTC")
	if err != nil {
		t.Fatal(err)
	}
	if sc.BidAccount.Balance.String() != "10981650.10635" || bc.BidAccount.Balance != "10981650.10635" ||
		sc.Market.MaxTotal.String() != "1000000000" || bc.Market.MaxTotal != "1000000000" {
		t.Errorf("chance: stack %+v, baseline %+v", sc, bc)
	}

	want := []seen{
		{"/v1/ticker", "markets=KRW-BTC"}, {"/v1/ticker", "markets=KRW-BTC"},
		{"/v1/orders/chance", "market=KRW-BTC"}, {"/v1/orders/chance", "market=KRW-BTC"},
	}
	for i, w := range want {
		if g := <-got; g != w {
			t.Errorf("request %d: %+v, want %+v", i+1, g, w)
		}
	}
}

// rtVerifyToken fails t unless r carries an HS256 JWT signed with the
// secret whose claims name the access key and hash r's query.
func rtVerifyToken(t *testing.T, r *http.Request) {
	t.Helper()
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	parts := strings.Split(token, ".")
	if !ok || len(parts) != 3 {
		t.Errorf("%s: no bearer JWT", r.URL.Path)
		return
	}
	mac := hmac.New(sha256.New, []byte(rtSecretKey))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		t.Errorf("%s: the JWT's signature does not verify", r.URL.Path)
		return
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		AccessKey string `json:"access_key"`
		Nonce     string `json:"nonce"`
		QueryHash string `json:"query_hash"`
	}
	if err != nil || json.Unmarshal(payload, &claims) != nil {
		t.Errorf("%s: unreadable JWT claims", r.URL.Path)
		return
	}
	sum := sha512.Sum512([]byte(r.URL.RawQuery))
	if claims.AccessKey != rtAccessKey || claims.Nonce == "" || claims.QueryHash != hex.EncodeToString(sum[:]) {
		t.Errorf("%s: claims %+v do not match the request", r.URL.Path, claims)
	}
}
