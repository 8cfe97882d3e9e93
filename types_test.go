package bithumb

import (
	"encoding/json"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"
)

func TestErrorDetailNameDecodesStringsAndNumbers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{`{"name":"order_not_found","message":"x"}`, "order_not_found"},
		{`{"name":404,"message":"Code not found"}`, "404"},
		{`{"name": 400 }`, "400"},
	} {
		var d ErrorDetail
		if err := json.Unmarshal([]byte(c.in), &d); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if d.Name != ErrorDetailName(c.want) {
			t.Errorf("%s: Name = %q, want %q", c.in, d.Name, c.want)
		}
	}
	for _, in := range []string{`{"name":true}`, `{"name":{}}`, `{"name":"unterminated}`} {
		var d ErrorDetail
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("%s: decoded as %q, want an error", in, d.Name)
		}
	}
}

// TestLegacyObjectsKeepUnnamedKeys: a legacy object decodes its fields
// exactly and keeps the keys the spec does not name (ALL_KRW's one book
// per currency), and encodes both back.
func TestLegacyObjectsKeepUnnamedKeys(t *testing.T) {
	t.Parallel()
	in := `{"status":"0000","data":{"payment_currency":"KRW","bids":[{"price":"84000000.123456789012345678","quantity":"0.000000000000000001"}],"ETH":{"bids":[]}}}`
	var out LegacyOrderbookResponse
	if err := json.Unmarshal([]byte(in), &out); err != nil {
		t.Fatal(err)
	}
	if out.Data == nil || out.Data.Bids == nil || len(*out.Data.Bids) != 1 {
		t.Fatalf("Data = %+v, want one bid", out.Data)
	}
	bid := (*out.Data.Bids)[0]
	if bid.Price.String() != "84000000.123456789012345678" || bid.Quantity.String() != "0.000000000000000001" {
		t.Errorf("bid = %s @ %s, want the exact digits", bid.Quantity, bid.Price)
	}
	if out.Data.PaymentCurrency == nil || *out.Data.PaymentCurrency != "KRW" {
		t.Errorf("PaymentCurrency = %v, want KRW", out.Data.PaymentCurrency)
	}
	if _, ok := out.Data.AdditionalProperties["ETH"]; !ok || len(out.Data.AdditionalProperties) != 1 {
		t.Errorf("AdditionalProperties = %v, want only ETH", out.Data.AdditionalProperties)
	}

	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var again LegacyOrderbookResponse
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatal(err)
	}
	if _, ok := again.Data.AdditionalProperties["ETH"]; !ok {
		t.Errorf("encoded as %s: ETH is lost", b)
	}
	if got := (*again.Data.Bids)[0].Price.String(); got != "84000000.123456789012345678" {
		t.Errorf("encoded as %s: price %s", b, got)
	}
}

// TestToGenKeepsEveryField: what the typed methods hand to the generated
// client encodes exactly as the root value does, nested values included.
func TestToGenKeepsEveryField(t *testing.T) {
	t.Parallel()
	dec := decimal.MustParse
	batch := PlaceOrderBatchRequest{BatchOrders: []PlaceOrderRequest{
		{Market: "KRW-BTC", Side: OrderSideBid, OrderType: OrderTypeLimit, Price: dec("84000000"), Volume: dec("0.0001"), ClientOrderID: "a-1", TimeInForce: TimeInForcePostOnly},
		{Market: "KRW-ETH", Side: OrderSideAsk, OrderType: OrderTypeMarket, Volume: dec("1.5"), ClientOrderID: "a-2"},
	}}
	states := []ListClosedOrdersParamsStates{ListClosedOrdersParamsStatesDone, ListClosedOrdersParamsStatesCancel}
	params := ListClosedOrdersParams{Market: Ptr("KRW-BTC"), States: &states, Limit: Ptr[int64](7), NextKey: Ptr("k+/=")}
	form := LegacyOrdersForm{OrderCurrency: "BTC", PaymentCurrency: Ptr("KRW"), Count: Ptr[int64](3), OrderID: Ptr("C0101000000001234567")}
	for _, c := range []struct {
		name     string
		root, to any
	}{
		{"PlaceOrderBatchRequest", batch, batch.toGen()},
		{"ListClosedOrdersParams", params, params.toGen()},
		{"LegacyOrdersForm", form, form.toGen()},
	} {
		want, err := json.Marshal(c.root)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(c.to)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: toGen encodes as\n%s\nwant\n%s", c.name, got, want)
		}
	}
}
