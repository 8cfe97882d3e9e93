package bithumb

import (
	"errors"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"
)

// millionDigits is a number of 1,000,000 digits: under the response size
// cap, and seconds and gigabytes of work for an unbounded decimal parser.
var millionDigits = strings.Repeat("1234567890", 100_000)

// TestMillionDigitNumberInResponse proves that a 2xx body carrying a
// 1,000,000-digit number, as a JSON number (quotation) or a JSON string
// (exchange), fails with a *DecodeError wrapping decimal.ErrRange, and
// that the whole call allocates a few megabytes at most (reading the body
// and the error snippet), not gigabytes. It does not run in parallel: it
// reads the process-wide allocation counter.
func TestMillionDigitNumberInResponse(t *testing.T) {
	tests := []struct {
		name, body string
		call       func(c *Client) error
	}{
		{"ticker trade_price as a JSON number", `[{"market":"KRW-BTC","trade_price":` + millionDigits + `}]`,
			func(c *Client) error { _, err := c.ListTickers(t.Context(), "KRW-BTC"); return err }},
		{"account balance as a JSON string", `[{"currency":"KRW","balance":"0.` + millionDigits + `","locked":"0","avg_buy_price":"0","avg_buy_price_modified":false,"unit_currency":"KRW"}]`,
			func(c *Client) error { _, err := c.ListAccounts(t.Context()); return err }},
		{"orderbook size with a huge exponent", `[{"market":"KRW-BTC","timestamp":1756135632646,"total_ask_size":1e-999999999,"total_bid_size":1,"orderbook_units":[]}]`,
			func(c *Client) error { _, err := c.ListOrderbooks(t.Context(), "KRW-BTC"); return err }},
	}
	for _, tt := range tests {
		f := newFake(t, http.StatusOK, tt.body)
		c := newTestClient(t, f.URL)
		var err error
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err = tt.call(c)
		runtime.ReadMemStats(&after)
		var de *DecodeError
		if !errors.As(err, &de) || !errors.Is(err, decimal.ErrRange) {
			t.Errorf("%s: error = %.300v, want a *DecodeError wrapping decimal.ErrRange", tt.name, err)
			continue
		}
		if n := len(err.Error()); n > 1024 {
			t.Errorf("%s: the error message is %d bytes long", tt.name, n)
		}
		if b := after.TotalAlloc - before.TotalAlloc; b > 64<<20 {
			t.Errorf("%s: the call allocated %d MiB", tt.name, b>>20)
		}
	}
}

// TestOutOfBoundsAmountsAreRejectedBeforeSending checks the spec's bounds
// of amounts (x-bithumb-number) through the typed methods and Client.Do: a price of
// 1e-65536 (65,538 characters written out), a volume with 19 decimals and
// a price of 10^20 fail with an *InputError naming the field, and nothing
// reaches the server.
func TestOutOfBoundsAmountsAreRejectedBeforeSending(t *testing.T) {
	t.Parallel()
	f := newFake(t, http.StatusCreated, `{}`)
	c := newTestClient(t, f.URL)
	ctx := t.Context()
	limit := func(price, volume decimal.Decimal) PlaceOrderRequest {
		return PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideBid, OrderType: OrderTypeLimit, Price: price, Volume: volume}
	}
	one := decimal.MustParse("1")
	tiny := decimal.New(1, -65536)
	tests := []struct {
		name, field, reason string
		call                func() error
	}{
		{"price 1e-65536", "price", "digits after the decimal point", func() error {
			_, err := c.PlaceOrder(ctx, limit(tiny, one))
			return err
		}},
		{"volume 1e-65536", "volume", "digits after the decimal point", func() error {
			_, err := c.PlaceOrder(ctx, limit(one, tiny))
			return err
		}},
		{"volume with 19 decimals", "volume", "more than 18 digits", func() error {
			_, err := c.PlaceOrder(ctx, limit(one, decimal.MustParse("0.0000000000000000001")))
			return err
		}},
		{"price 1e20", "price", "less than 1e20", func() error {
			_, err := c.PlaceOrder(ctx, limit(decimal.New(1, 20), one))
			return err
		}},
		{"price 1e999999999", "price", "less than 1e20", func() error {
			_, err := c.PlaceOrder(ctx, limit(decimal.New(1, 999999999), one))
			return err
		}},
		{"negative tiny price", "price", "greater than 0", func() error {
			_, err := c.PlaceOrder(ctx, limit(tiny.Neg(), one))
			return err
		}},
		{"batch price 1e-65536", "batch_orders[1].price", "digits after the decimal point", func() error {
			_, err := c.PlaceOrderBatch(ctx, PlaceOrderBatchRequest{BatchOrders: []PlaceOrderRequest{limit(one, one), limit(tiny, one)}})
			return err
		}},
		{"raw placeOrder with 65,536 decimals", "price", "decimal", func() error {
			body := `{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"` + tiny.String() + `","volume":"1"}`
			_, err := c.Do(ctx, RawRequest{Method: "POST", Path: "/v2/orders", JSONBody: []byte(body)})
			return err
		}},
	}
	for _, tt := range tests {
		err := tt.call()
		var ie *InputError
		if !errors.As(err, &ie) || !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: error = %.300v, want an *InputError", tt.name, err)
			continue
		}
		if ie.Field != tt.field || !strings.Contains(ie.Reason, tt.reason) {
			t.Errorf("%s: field %q, reason %.200q; want field %q, reason with %q", tt.name, ie.Field, ie.Reason, tt.field, tt.reason)
		}
		if n := len(err.Error()); n > 512 {
			t.Errorf("%s: the error message is %d bytes long", tt.name, n)
		}
	}
	if n := f.requests.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

// TestAmountBounds checks the edges of the spec's bounds of amounts
// (greater than 0, at most 18 decimals, below 1e20), as validator.decimal
// applies them to a value before it is written out, and the short text it
// gives for values too long to write out.
func TestAmountBounds(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"0.000000000000000001", "99999999999999999999", "99999999999999999999.999999999999999999", "157450000", "1.5", "0.00000014"} {
		var v validator
		if v.decimal("placeOrder", "price", decimal.MustParse(s)); v.err != nil {
			t.Errorf("%s rejected: %v", s, v.err)
		}
	}
	for _, tt := range []struct {
		d    decimal.Decimal
		text string
	}{
		{decimal.New(1, -65536), "1e-65536"},
		{decimal.New(-3, 999999999), "-3e999999999"},
		{decimal.MustParse("100000000000000000000"), "100000000000000000000"},
		{decimal.MustParse("0.0000000000000000001"), "0.0000000000000000001"},
		{decimal.MustParse("0"), "0"},
	} {
		var v validator
		v.decimal("placeOrder", "price", tt.d)
		var ie *InputError
		if !errors.As(v.err, &ie) || ie.Value != tt.text {
			t.Errorf("decimal(%s): %v, want an *InputError with value %q", tt.text, v.err, tt.text)
		}
	}
}
