package bithumb

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/validation"
)

// TestEveryAmountIsCheckedBeforeItIsWritten calls each typed method that
// sends an amount with one of 19 decimals: each fails with an *InputError
// on that field from the spec's rule (not an internal error about a field
// missing from the spec), and nothing is sent.
func TestEveryAmountIsCheckedBeforeItIsWritten(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `{}`)
	c := newTestClient(t, f.URL)
	ctx := t.Context()
	bad := decimal.MustParse("0.0000000000000000001")
	one := decimal.MustParse("1")
	tests := []struct {
		field string
		call  func() error
	}{
		{"price", func() error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideBid, OrderType: OrderTypeLimit, Price: bad, Volume: one})
			return err
		}},
		{"batch_orders[0].volume", func() error {
			_, err := c.PlaceOrderBatch(ctx, PlaceOrderBatchRequest{BatchOrders: []PlaceOrderRequest{{Market: "KRW-BTC", Side: OrderSideAsk, OrderType: OrderTypeMarket, Volume: bad}}})
			return err
		}},
		{"volume", func() error {
			_, err := c.PlaceOrderV1(ctx, PlaceOrderV1Request{Market: "KRW-BTC", Side: OrderSideAsk, OrdType: "market", Volume: bad}) //nolint:staticcheck // still supported
			return err
		}},
		{"price", func() error {
			_, err := c.PlaceTWAPOrder(ctx, PlaceTWAPOrderRequest{Market: "KRW-BTC", Side: OrderSideBid, Price: bad, Duration: "300", Frequency: "30"})
			return err
		}},
		{"volume", func() error {
			_, err := c.PlaceTWAPOrder(ctx, PlaceTWAPOrderRequest{Market: "KRW-BTC", Side: OrderSideAsk, Volume: bad, Duration: "300", Frequency: "30"})
			return err
		}},
		{"amount", func() error {
			_, err := c.WithdrawCoin(ctx, WithdrawCoinRequest{Currency: "BTC", NetType: "BTC", Address: "x", Amount: bad})
			return err
		}},
		{"amount", func() error { _, err := c.WithdrawKRW(ctx, KRWTransferRequest{Amount: bad}); return err }},
		{"amount", func() error { _, err := c.DepositKRW(ctx, KRWTransferRequest{Amount: bad}); return err }},
		{"units", func() error {
			_, err := c.LegacyPlaceOrder(ctx, LegacyPlaceOrderForm{OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: bad, Price: one, Type: LegacySideBid})
			return err
		}},
		{"price", func() error {
			_, err := c.LegacyPlaceOrder(ctx, LegacyPlaceOrderForm{OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: one, Price: bad, Type: LegacySideBid})
			return err
		}},
		{"units", func() error {
			_, err := c.LegacyMarketBuy(ctx, LegacyMarketOrderForm{OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: bad})
			return err
		}},
		{"units", func() error {
			_, err := c.LegacyMarketSell(ctx, LegacyMarketOrderForm{OrderCurrency: "BTC", PaymentCurrency: "KRW", Units: bad})
			return err
		}},
	}
	for i, tt := range tests {
		err := tt.call()
		var in *InputError
		if !errors.As(err, &in) || in.Field != tt.field || !strings.Contains(in.Reason, "more than 18 digits") {
			t.Errorf("call %d: err = %v, want an *InputError on %s", i, err, tt.field)
		}
	}
	if n := f.requests.Load(); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}

// TestTheRulesComeFromTheSpec: the checks of the typed methods follow the
// generated rules, so that a request the rules allow is sent and one
// they refuse is not, without a rule of its own in this package.
func TestTheRulesComeFromTheSpec(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `[]`)
	c := newTestClient(t, f.URL)
	count := validation.Field("listMinuteCandles", "count")
	if count == nil || count.Bounds.Maximum != "200" {
		t.Fatalf("listMinuteCandles count: %+v", count)
	}
	if _, err := c.ListMinuteCandles(t.Context(), 1, ListMinuteCandlesParams{Market: "KRW-BTC", Count: Ptr[int64](200)}); err != nil {
		t.Errorf("count 200: %v", err)
	}
	_, err := c.ListMinuteCandles(t.Context(), 1, ListMinuteCandlesParams{Market: "KRW-BTC", Count: Ptr[int64](201)})
	var in *InputError
	if !errors.As(err, &in) || in.Field != "count" || in.Reason != "must be at most 200" {
		t.Errorf("count 201: %v", err)
	}
	if n := f.requests.Load(); n != 1 {
		t.Errorf("%d requests sent, want 1", n)
	}
}

// TestDoAllowsFieldsTheSpecDoesNotName: Bithumb adds parameters, so Do
// sends a query parameter or a body field that the spec does not name.
func TestDoAllowsFieldsTheSpecDoesNotName(t *testing.T) {
	t.Parallel()
	f := newFake(t, 201, `{"order_id":"C0101000000000000001"}`) // a placement's answer names its order
	c := newTestClient(t, f.URL)
	if _, err := c.Do(t.Context(), RawRequest{Method: "GET", Path: "/v1/orders", Query: []Param{{"market", "KRW-BTC"}, {"new_filter", "1"}}}); err != nil {
		t.Errorf("unknown query parameter: %v", err)
	}
	body := `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"1","volume":"1","new_field":true}`
	if _, err := c.Do(t.Context(), RawRequest{Method: "POST", Path: "/v2/orders", JSONBody: []byte(body)}); err != nil {
		t.Errorf("unknown body field: %v", err)
	}
	if n := f.requests.Load(); n != 2 {
		t.Errorf("%d requests sent, want 2", n)
	}
}

// TestCheckHTTPRequestPutsTheBodyBack: a body without GetBody is read for
// the check and put back whole, even when it is too large to check.
func TestCheckHTTPRequestPutsTheBodyBack(t *testing.T) {
	t.Parallel()
	order := `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"1","volume":"1"}`
	large := `{"market":"` + strings.Repeat("x", validation.MaxBodySize) + `"}`
	for _, tt := range []struct {
		body string
		ok   bool
	}{{order, true}, {large, false}} {
		req, err := http.NewRequest("POST", "http://x/v2/orders", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Body = io.NopCloser(strings.NewReader(tt.body))
		err = checkRequest(t.Context(), req)
		if (err == nil) != tt.ok {
			t.Errorf("%d bytes: err = %v", len(tt.body), err)
		}
		got, _ := io.ReadAll(req.Body)
		if !bytes.Equal(got, []byte(tt.body)) {
			t.Errorf("%d bytes: the body put back has %d bytes", len(tt.body), len(got))
		}
	}
}
