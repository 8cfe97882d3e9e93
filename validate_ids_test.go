package bithumb

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/validation"
)

// Ids in the shapes that Bithumb documents and that the simulator
// (sim/engine) hands out.
const (
	docOrderID     = "C0101000000001799625"                 // REST.md 3.4
	otherEngineID  = "C0661000000000760010"                 // another matching engine
	simOrderID     = "C0101100000000000042"                 // sim: "C0101" + 15 digits
	v1OrderUUID    = "6f5570df-d8bc-4daf-85b4-976733feb624" // older v1 order id
	docTWAPID      = "TWAP-A01B02C03D04E05F06"              // TWAP id of the documentation
	liveTWAPID     = "019f3ed7-4f92-7179-beee-84b4c71e53fa" // TWAP id of live answers (UUIDv7)
	docTransferID  = "200359853"                            // deposit and withdrawal ids
	internalTxid   = "20240709163030.72335"                 // internal transfer txid (also the sim's)
	chainTxid      = "0x28d331ddca9fb3b5a413737b3062289db4995dfeaddb96c4d82abd591fe17a52"
	legacyNumberID = "1571898717178573" // numeric API 1.0 order id
)

// mib is a 1 MiB id.
var mib = strings.Repeat("1", 1<<20)

// idRule checks id against the spec's rule of a parameter or form field
// that holds an id, naming it "id", as the typed methods' requests are
// checked.
func idRule(op, field string) func(*testing.T, string) error {
	return func(t *testing.T, id string) error {
		t.Helper()
		s := validation.Field(op, field)
		if s == nil {
			t.Fatalf("the spec has no %s in %s", field, op)
		}
		return inputError(s.CheckText("id", id))
	}
}

// The id rules of the spec, by the operation and field that carry them.
var (
	orderIDRule       = idRule("cancelOrder", "order_id")
	twapIDRule        = idRule("cancelTwapOrder", "algo_order_id")
	transferIDRule    = idRule("cancelCoinWithdrawal", "withdrawal_id")
	txidRule          = idRule("getDeposit", "txid")
	legacyOrderIDRule = idRule("legacyCancelOrder", "order_id")
)

func TestIDRulesAcceptTheDocumentedShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		check func(*testing.T, string) error
		ids   []string
	}{
		{"order id", orderIDRule, []string{docOrderID, otherEngineID, simOrderID, v1OrderUUID, strings.ToUpper(v1OrderUUID)}},
		{"twap id", twapIDRule, []string{docTWAPID, liveTWAPID, "TWAP-001-PROGRESS-BID", "T0101000000000000001"}},
		{"transfer id", transferIDRule, []string{docTransferID, "12703781", "200000001", v1OrderUUID}},
		{"txid", txidRule, []string{internalTxid, chainTxid, "1596146", "0.0.12345@1615422161.673238162",
			"5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW", "te6cckEBAQEAJwAASgEAAA+/9+=", "hash with space, comma"}},
		{"legacy order id", legacyOrderIDRule, []string{"C0101000003152294086", legacyNumberID}},
	}
	for _, tt := range tests {
		for _, id := range tt.ids {
			if err := tt.check(t, id); err != nil {
				t.Errorf("%s %q: %v", tt.name, id, err)
			}
		}
	}
}

func TestIDRulesRejectOtherShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		check  func(*testing.T, string) error
		reason string
		ids    []string
	}{
		{"order id", orderIDRule, "is not an order id", []string{
			"C1", "C010100000000179962", "C01010000000017996250", "c0101000000001799625", "D0101000000001799625",
			docOrderID + "&market=KRW-BTC", "&order_id=" + docOrderID, docOrderID + "\n", " " + docOrderID,
			"C０101000000001799625", "6f5570df-d8bc-4daf-85b4-976733feb62", "6f5570dfd8bc4daf85b4976733feb624",
			"../" + docOrderID, mib,
		}},
		{"twap id", twapIDRule, "is not a TWAP order id", []string{
			"TWAP 1", "TWAP&1", "TWAP/1", "TWAP\x00", strings.Repeat("a", 65), "트왑", mib,
		}},
		{"transfer id", transferIDRule, "is not a deposit or withdrawal id", []string{
			"-1", "1e9", "200359853&currency=BTC", "200359853 ", strings.Repeat("9", 21), "١٢٣", mib,
		}},
		{"txid", txidRule, "is not a transaction id", []string{
			" leading", ",leading", "a&b", "a?b", "a#b", "a%26b", "a\nb", "a\x7fb", "a\"b", "해시", strings.Repeat("f", 129), mib,
		}},
		{"legacy order id", legacyOrderIDRule, "is not an order id", []string{
			"C1", v1OrderUUID, "1571898717178573&type=bid", mib,
		}},
	}
	for _, tt := range tests {
		for _, id := range tt.ids {
			err := tt.check(t, id)
			var in *InputError
			if !errors.As(err, &in) || in.Field != "id" || !strings.Contains(in.Reason, tt.reason) {
				t.Errorf("%s %.40q: err = %v, want an InputError on id that %s", tt.name, id, err, tt.reason)
				continue
			}
			if len(err.Error()) > 300 {
				t.Errorf("%s: the error is %d bytes long; the value must be cut", tt.name, len(err.Error()))
			}
		}
		if err := tt.check(t, ""); err == nil || !strings.Contains(err.Error(), "is required") {
			t.Errorf("%s of \"\": err = %v, want is required", tt.name, err)
		}
	}
}

// TestTypedMethodsRejectMalformedIDs: every typed method that takes an id
// checks its shape and names the field, before anything is sent.
func TestTypedMethodsRejectMalformedIDs(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `{}`)
	c := newTestClient(t, f.URL)
	ctx := context.Background()
	amp := docOrderID + "&market=KRW-BTC"
	tests := []struct {
		name, field string
		call        func() error
	}{
		{"CancelOrder 1 MiB", "order_id", func() error {
			_, err := c.CancelOrder(ctx, CancelOrderParams{OrderID: &mib})
			return err
		}},
		{"CancelOrder &", "order_id", func() error {
			_, err := c.CancelOrder(ctx, CancelOrderParams{OrderID: &amp})
			return err
		}},
		{"CancelOrder bad id beside a client id", "order_id", func() error {
			_, err := c.CancelOrder(ctx, CancelOrderParams{OrderID: Ptr("x"), ClientOrderID: Ptr("mine-1")})
			return err
		}},
		{"CancelOrder client id", "client_order_id", func() error {
			_, err := c.CancelOrder(ctx, CancelOrderParams{ClientOrderID: Ptr("a&b")})
			return err
		}},
		{"GetOrder", "uuid", func() error {
			_, err := c.GetOrder(ctx, GetOrderParams{UUID: &amp})
			return err
		}},
		{"CancelOrderV1", "uuid", func() error {
			_, err := c.CancelOrderV1(ctx, "not-a-uuid") //nolint:staticcheck // still supported
			return err
		}},
		{"CancelOrderBatch order_ids", "order_ids[1]", func() error {
			_, err := c.CancelOrderBatch(ctx, CancelOrderBatchRequest{OrderIds: []string{docOrderID, mib}})
			return err
		}},
		{"CancelOrderBatch client_order_ids", "client_order_ids[0]", func() error {
			_, err := c.CancelOrderBatch(ctx, CancelOrderBatchRequest{ClientOrderIds: []string{"a b"}})
			return err
		}},
		{"SearchOrders", "order_ids[0]", func() error {
			_, err := c.SearchOrders(ctx, SearchOrdersRequest{OrderIds: []string{amp}})
			return err
		}},
		{"ListOrders uuids", "uuids[1]", func() error {
			_, err := c.ListOrders(ctx, ListOrdersParams{Uuids: &[]string{simOrderID, "x"}})
			return err
		}},
		{"ListOrders client_order_ids", "client_order_ids[0]", func() error {
			_, err := c.ListOrders(ctx, ListOrdersParams{ClientOrderIds: &[]string{strings.Repeat("a", 37)}})
			return err
		}},
		{"CancelTWAPOrder", "algo_order_id", func() error {
			_, err := c.CancelTWAPOrder(ctx, "TWAP&state=done")
			return err
		}},
		{"ListTWAPOrders", "uuids[0]", func() error {
			_, err := c.ListTWAPOrders(ctx, ListTWAPOrdersParams{Uuids: &[]string{mib}})
			return err
		}},
		{"CancelCoinWithdrawal", "withdrawal_id", func() error {
			_, err := c.CancelCoinWithdrawal(ctx, "200359853&currency=BTC")
			return err
		}},
		{"GetWithdrawal uuid", "uuid", func() error {
			_, err := c.GetWithdrawal(ctx, GetWithdrawalParams{Currency: "BTC", UUID: &mib})
			return err
		}},
		{"GetWithdrawal txid", "txid", func() error {
			_, err := c.GetWithdrawal(ctx, GetWithdrawalParams{Currency: "BTC", Txid: Ptr("0xabc&uuid=1")})
			return err
		}},
		{"GetDeposit uuid", "uuid", func() error {
			_, err := c.GetDeposit(ctx, GetDepositParams{Currency: "BTC", UUID: Ptr("abc")})
			return err
		}},
		{"GetDeposit txid", "txid", func() error {
			_, err := c.GetDeposit(ctx, GetDepositParams{Currency: "BTC", Txid: &mib})
			return err
		}},
		{"ListWithdrawals uuids", "uuids[0]", func() error {
			_, err := c.ListWithdrawals(ctx, ListWithdrawalsParams{Uuids: &[]string{"x"}})
			return err
		}},
		{"ListWithdrawals txids", "txids[1]", func() error {
			_, err := c.ListWithdrawals(ctx, ListWithdrawalsParams{Txids: &[]string{internalTxid, "a\nb"}})
			return err
		}},
		{"ListKRWWithdrawals", "uuids[0]", func() error {
			_, err := c.ListKRWWithdrawals(ctx, ListKRWWithdrawalsParams{Uuids: &[]string{"1&2"}})
			return err
		}},
		{"ListDeposits", "txids[0]", func() error {
			_, err := c.ListDeposits(ctx, ListDepositsParams{Txids: &[]string{"%00"}})
			return err
		}},
		{"ListKRWDeposits", "uuids[0]", func() error {
			_, err := c.ListKRWDeposits(ctx, ListKRWDepositsParams{Uuids: &[]string{mib}})
			return err
		}},
		{"LegacyOrderDetail", "order_id", func() error {
			_, err := c.LegacyOrderDetail(ctx, LegacyOrderDetailForm{OrderID: "C1&x=y", OrderCurrency: "BTC"})
			return err
		}},
		{"LegacyCancelOrder", "order_id", func() error {
			_, err := c.LegacyCancelOrder(ctx, LegacyCancelOrderForm{OrderID: mib, OrderCurrency: "BTC", PaymentCurrency: "KRW", Type: LegacySideBid})
			return err
		}},
		{"LegacyOrders", "order_id", func() error {
			_, err := c.LegacyOrders(ctx, LegacyOrdersForm{OrderCurrency: "BTC", OrderID: Ptr("x")})
			return err
		}},
	}
	for _, tt := range tests {
		err := tt.call()
		var in *InputError
		if !errors.As(err, &in) || in.Field != tt.field {
			t.Errorf("%s: err = %.200v, want an InputError on %s", tt.name, err, tt.field)
			continue
		}
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: %v does not match ErrInvalidInput", tt.name, err)
		}
		if len(err.Error()) > 300 {
			t.Errorf("%s: the error is %d bytes long", tt.name, len(err.Error()))
		}
	}
	if n := f.requests.Load(); n != 0 {
		t.Errorf("%d requests with malformed ids were sent", n)
	}
}

// TestTypedMethodsSendWellFormedIDs: the shapes of ids that Bithumb and
// the simulator hand out pass the checks and are sent.
func TestTypedMethodsSendWellFormedIDs(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `{}`)
	c := newTestClient(t, f.URL)
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.CancelOrder(ctx, CancelOrderParams{OrderID: Ptr(simOrderID)}); return err },
		func() error { _, err := c.GetOrder(ctx, GetOrderParams{UUID: Ptr(v1OrderUUID)}); return err },
		func() error { _, err := c.CancelTWAPOrder(ctx, liveTWAPID); return err },
		func() error { _, err := c.CancelCoinWithdrawal(ctx, docTransferID); return err },
		func() error {
			_, err := c.GetDeposit(ctx, GetDepositParams{Currency: "BTC", Txid: Ptr(internalTxid)})
			return err
		},
	}
	for i, call := range calls {
		err := call()
		if errors.Is(err, ErrInvalidInput) {
			t.Errorf("call %d: %v", i, err)
		}
	}
	if n := f.requests.Load(); n != int64(len(calls)) {
		t.Errorf("%d requests sent, want %d", n, len(calls))
	}
}

// TestDoRejectsUncleanPaths: Client.Do sends only clean paths, so that a
// path can neither name another host nor climb out of the API.
func TestDoRejectsUncleanPaths(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `{}`)
	c := newTestClient(t, f.URL)
	tests := []struct {
		path, reason string
	}{
		{"", "is required"},
		{"v1/orders", "must start with /"},
		{"http://evil.example/x", "must start with /"},
		{"//host/x", "empty segment"},
		{"/v1//orders", "empty segment"},
		{"/v1/orders/", "empty segment"},
		{"/", "empty segment"},
		{"/@host/x", "@"},
		{"/v1/user@host", "@"},
		{"/v1/../../etc/passwd", ". or .. segment"},
		{"/v1/./orders", ". or .. segment"},
		{"/..", ". or .. segment"},
		{"/v1\\..\\x", "backslash"},
		{"/v1/%2e%2e/x", "percent-encoded"},
		{"/v1/orders%3Fx=1", "percent-encoded"},
		{"/v1/orders\x00", "control"},
		{"/v1/a\nHost: evil", "control"},
		{"/v1/a\rb", "control"},
		{"/v1/a\tb", "control"},
		{"/v1/a\x7f", "control"},
		{"/v1/x?a=b", "no query"},
		{"/v1/x#top", "no query"},
		{"/v1/a b", "may contain only"},
		{"/v1/~user", "may contain only"},
		{"/v1/a:b", "may contain only"},
		{"/v1/a;b", "may contain only"},
		{"/v1/주문", "may contain only"},
		{"/" + strings.Repeat("a", 600), "longer than"},
	}
	for _, tt := range tests {
		_, err := c.Do(t.Context(), RawRequest{Method: "GET", Path: tt.path})
		var in *InputError
		if !errors.As(err, &in) || in.Field != "path" || !strings.Contains(in.Reason, tt.reason) {
			t.Errorf("path %.60q: err = %v, want an InputError on path that says %q", tt.path, err, tt.reason)
		}
	}
	if n := f.requests.Load(); n != 0 {
		t.Errorf("%d requests with unclean paths were sent", n)
	}
	for _, p := range []string{"/v9/new", "/v1/candles/minutes/1", "/public/network-info", "/public/ticker/ALL_KRW", "/v9/file.json"} {
		_, err := c.Do(t.Context(), RawRequest{Method: "GET", Path: p})
		var in *InputError
		if errors.As(err, &in) && in.Field == "path" {
			t.Errorf("clean path %s rejected: %v", p, err)
		}
	}
	if n := f.requests.Load(); n == 0 {
		t.Error("no clean path was sent")
	}
}
