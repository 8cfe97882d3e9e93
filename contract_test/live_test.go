package contract_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/spec"
)

// liveEnv opts in to the tests that call the real api.bithumb.com. They
// only read; they never place or cancel an order or move funds.
const liveEnv = "BITHUMB_LIVE"

// recorder keeps every response that passes through it, for validation
// against the spec.
type recorder struct {
	mu   sync.Mutex
	next http.RoundTripper
	seen []recorded
}

type recorded struct {
	req    *http.Request
	status int
	header http.Header
	body   []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.seen = append(r.seen, recorded{req: req, status: resp.StatusCode, header: resp.Header, body: body})
	r.mu.Unlock()
	return resp, nil
}

// TestLiveResponsesMatchTheSpec detects spec drift: it calls read-only
// endpoints of the real exchange and validates every answer against the
// spec, and decodes it through the typed client. Private endpoints are
// called only when BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY are set.
func TestLiveResponsesMatchTheSpec(t *testing.T) {
	if os.Getenv(liveEnv) == "" {
		t.Skipf("set %s=1 to call the real Bithumb API", liveEnv)
	}
	rec := &recorder{next: http.DefaultTransport}
	opts := []bithumb.Option{bithumb.WithTransport(rec), bithumb.WithRateLimit("public-other", 5)}
	private := os.Getenv("BITHUMB_ACCESS_KEY") != ""
	if private {
		opts = append(opts, bithumb.WithCredentialsFromEnv())
	}
	c, err := bithumb.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	calls := map[string]func() error{
		"listMarkets": func() error {
			_, err := c.ListMarkets(ctx, bithumb.ListMarketsParams{IsDetails: bithumb.Ptr(true)})
			return err
		},
		"listTickers":    func() error { _, err := c.ListTickers(ctx, "KRW-BTC", "KRW-ETH"); return err },
		"listOrderbooks": func() error { _, err := c.ListOrderbooks(ctx, "KRW-BTC"); return err },
		"listTrades": func() error {
			_, err := c.ListTrades(ctx, bithumb.ListTradesParams{Market: "KRW-BTC", Count: bithumb.Ptr[int64](5)})
			return err
		},
		"listMinuteCandles": func() error {
			_, err := c.ListMinuteCandles(ctx, 1, bithumb.ListMinuteCandlesParams{Market: "KRW-BTC", Count: bithumb.Ptr[int64](3)})
			return err
		},
		"listDayCandles": func() error {
			_, err := c.ListDayCandles(ctx, bithumb.ListDayCandlesParams{Market: "KRW-BTC", Count: bithumb.Ptr[int64](3)})
			return err
		},
		"listMarketWarnings": func() error { _, err := c.ListMarketWarnings(ctx); return err },
		"listNotices":        func() error { _, err := c.ListNotices(ctx, bithumb.ListNoticesParams{}); return err },
		"listTransferFees":   func() error { _, err := c.ListTransferFees(ctx, "BTC"); return err },
		"legacyTicker":       func() error { _, err := c.LegacyTicker(ctx, "BTC_KRW"); return err },
	}
	if private {
		calls["listAccounts"] = func() error { _, err := c.ListAccounts(ctx); return err }
		calls["getOrderChance"] = func() error { _, err := c.GetOrderChance(ctx, "KRW-BTC"); return err }
		calls["getWalletStatus"] = func() error { _, err := c.GetWalletStatus(ctx); return err }
		calls["listAPIKeys"] = func() error { _, err := c.ListAPIKeys(ctx); return err }
	}
	for name, call := range calls {
		if err := call(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	v, err := spec.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rec.seen {
		if err := v.Response(ctx, r.req, r.status, r.header, r.body); err != nil {
			t.Errorf("%s %s: the live answer does not match the spec: %v", r.req.Method, r.req.URL.Path, err)
		}
	}
}
