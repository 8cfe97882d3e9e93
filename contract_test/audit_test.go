package contract_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// auditCase is one correction of the spec from the audit against
// Bithumb's 2026 documentation: source names what it rests on (also in
// the operation's x-bithumb-doc or the schema's description), and check
// fails while the spec, or the client generated from it, still has the
// old behaviour.
type auditCase struct {
	name   string
	source string
	check  func(t *testing.T, doc *openapi3.T)
}

var auditCases = []auditCase{
	{"wallet_state has no unsupported", "입출금 현황 (GET /v1/status/wallet), Bithumb docs 2026", func(t *testing.T, doc *openapi3.T) {
		s := componentProperty(t, doc, "WalletStatus", "wallet_state")
		if got, want := enumStrings(s), []string{"working", "withdraw_only", "deposit_only", "paused"}; !slices.Equal(got, want) {
			t.Errorf("wallet_state enum %v, want %v", got, want)
		}
		if !strings.Contains(s.Description, "입출금 현황") {
			t.Errorf("wallet_state cites no source: %q", s.Description)
		}
		body := `[{"currency":"BTC","wallet_state":"unsupported","block_state":"normal"}]`
		if err := validateBody(t, doc, "getWalletStatus", 200, body); err == nil {
			t.Error("a wallet_state of unsupported validates")
		}
	}},
	{"an order's trades have no trend", "개별 주문 조회 (GET /v1/order), Bithumb docs 2026", func(t *testing.T, doc *openapi3.T) {
		s := componentSchema(t, doc, "OrderTrade")
		if _, ok := s.Properties["trend"]; ok {
			t.Error("OrderTrade still declares trend")
		}
		if !strings.Contains(s.Description, "개별 주문 조회") {
			t.Errorf("OrderTrade cites no source: %q", s.Description)
		}
		if _, ok := reflect.TypeFor[bithumb.OrderTrade]().FieldByName("Trend"); ok {
			t.Error("bithumb.OrderTrade still has a Trend field")
		}
	}},
	{"TWAP frequency is 15, 20, 30, 60 or 120", "TWAP - 주문 요청 (POST /v1/twap), Bithumb docs 2026", func(t *testing.T, doc *openapi3.T) {
		s := componentProperty(t, doc, "PlaceTwapOrderRequest", "frequency")
		if got, want := enumStrings(s), []string{"15", "20", "30", "60", "120"}; !slices.Equal(got, want) {
			t.Errorf("frequency enum %v, want %v", got, want)
		}
		refusedBeforeSending(t, doc, "frequency", func(ctx context.Context, c *bithumb.Client) error {
			_, err := c.PlaceTWAPOrder(ctx, bithumb.PlaceTWAPOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideAsk, Volume: decimal.MustParse("0.01"), Duration: "600", Frequency: "5"})
			return err
		})
	}},
	{"pending orders: state defaults to wait, limit to 100, at most 100", "대기 주문 목록 조회 (GET /v2/orders/pending), Bithumb docs 2026", func(t *testing.T, doc *openapi3.T) {
		op := mustOperation(t, doc, "listPendingOrders")
		state, limit := queryParameter(t, op, "state"), queryParameter(t, op, "limit")
		if state.Schema.Value.Default != "wait" {
			t.Errorf("state default %v, want wait", state.Schema.Value.Default)
		}
		ls := limit.Schema.Value
		if ls.Default != float64(100) || ls.Max == nil || *ls.Max != 100 || ls.Min == nil || *ls.Min != 1 {
			t.Errorf("limit default %v, bounds %v..%v, want default 100 within 1..100", ls.Default, ls.Min, ls.Max)
		}
		for _, p := range []*openapi3.Parameter{state, limit} {
			if !strings.Contains(p.Description, "대기 주문 목록 조회") {
				t.Errorf("%s cites no source: %q", p.Name, p.Description)
			}
		}
		refusedBeforeSending(t, doc, "limit", func(ctx context.Context, c *bithumb.Client) error {
			_, err := c.ListPendingOrders(ctx, bithumb.ListPendingOrdersParams{Limit: bithumb.Ptr[int64](101)})
			return err
		})
	}},
	{"order search: order_ids wins, bad ids are dropped, either row shape", "POST /v2/orders/search in Bithumb's catalog (llms.txt), Bithumb docs 2026", func(t *testing.T, doc *openapi3.T) {
		op := mustOperation(t, doc, "searchOrders")
		for _, want := range []string{"`order_ids` wins", "invalid ids are dropped", "no match is `[]`", "`uuid`, `ord_type`"} {
			if !strings.Contains(flat(op.Op.Description), want) {
				t.Errorf("searchOrders description does not say %q", want)
			}
		}
		// A row in the v1 read shape is a valid answer, and the client
		// reads its id and type.
		v1 := `[{"uuid":"C0101000007410714029","side":"bid","ord_type":"limit","price":"50000000","state":"wait","market":"KRW-BTC",` +
			`"created_at":"2026-04-06T12:00:00+09:00","volume":"0.001","remaining_volume":"0.001","reserved_fee":"25","remaining_fee":"25",` +
			`"paid_fee":"0","locked":"50025","executed_volume":"0","trades_count":0,"stp_type":"cancel_taker"}]`
		if err := validateBody(t, doc, "searchOrders", 200, v1); err != nil {
			t.Errorf("a row in the v1 read shape does not validate:\n%s", errorLines(err))
		}
		if err := validateBody(t, doc, "searchOrders", 200, `[]`); err != nil {
			t.Errorf("no match ([]) does not validate:\n%s", errorLines(err))
		}
		rows, err := callServed(t, doc, "searchOrders", v1, func(ctx context.Context, c *bithumb.Client) (any, error) {
			return c.SearchOrders(ctx, bithumb.SearchOrdersRequest{OrderIds: []string{"C0101000007410714029"}})
		})
		if got, _ := rows.([]bithumb.OrderV2); err != nil || len(got) != 1 || got[0].OrderID != "C0101000007410714029" || got[0].OrderType != bithumb.OrderTypeLimit {
			t.Errorf("the client read %+v, %v from a v1-shaped row", rows, err)
		}
	}},
	{"closed orders: done and cancel by default, 7 days at most", "종료 주문 목록 조회 (GET /v2/orders/history), Bithumb docs 2026", func(t *testing.T, doc *openapi3.T) {
		op := mustOperation(t, doc, "listClosedOrders")
		for _, want := range []string{"with neither, done and cancel", "filled in so that the range is 7 days", "longer range is an error", "종료 주문 목록 조회"} {
			if !strings.Contains(flat(op.Op.Description), want) {
				t.Errorf("listClosedOrders description does not say %q", want)
			}
		}
		start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
		refusedBeforeSending(t, doc, "end_time", func(ctx context.Context, c *bithumb.Client) error {
			_, err := c.ListClosedOrders(ctx, bithumb.ListClosedOrdersParams{StartTime: &start, EndTime: bithumb.Ptr(start + 7*24*3600*1000 + 1)})
			return err
		})
	}},
	{"best orders and time_in_force are for KRW markets only", "Bithumb changelog 2026-06-30", func(t *testing.T, doc *openapi3.T) {
		op := mustOperation(t, doc, "placeOrder")
		if !strings.Contains(flat(op.Op.Description), "`time_in_force` are for KRW markets only (Bithumb changelog, 2026-06-30)") {
			t.Errorf("placeOrder description does not state the KRW-only rule with its source:\n%s", op.Op.Description)
		}
		if d := componentSchema(t, doc, "TimeInForce").Description; !strings.Contains(d, "KRW markets only") {
			t.Errorf("TimeInForce: %q", d)
		}
		refusedBeforeSending(t, doc, "order_type", func(ctx context.Context, c *bithumb.Client) error {
			_, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "BTC-ETH", Side: bithumb.OrderSideAsk, OrderType: bithumb.OrderTypeBest, Volume: decimal.MustParse("1"), TimeInForce: bithumb.TimeInForceIoc})
			return err
		})
		refusedBeforeSending(t, doc, "time_in_force", func(ctx context.Context, c *bithumb.Client) error {
			_, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "BTC-ETH", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit, Price: decimal.MustParse("0.03"), Volume: decimal.MustParse("1"), TimeInForce: bithumb.TimeInForcePostOnly})
			return err
		})
	}},
	{"self-trade prevention cancels at matching time", "Bithumb changelog 2026-05-07", func(t *testing.T, doc *openapi3.T) {
		op := mustOperation(t, doc, "placeOrder")
		for _, want := range []string{"Self-trade prevention (Bithumb changelog, 2026-05-07)", "no longer refused (400 `cross_trading`) at placement",
			"the remainder that would trade with the own order is cancelled", "`stp_type` is sent on every order"} {
			if !strings.Contains(flat(op.Op.Description), want) {
				t.Errorf("placeOrder description does not say %q", want)
			}
		}
		// cross_trading stays a known name.
		if d := doc.Components.Responses["BadRequest"].Value.Description; d == nil || !strings.Contains(*d, "cross_trading") {
			t.Error("BadRequest no longer names cross_trading")
		}
		if !errors.Is(bithumb.ErrorName("cross_trading"), bithumb.ErrCrossTrading) {
			t.Error("the client no longer knows cross_trading")
		}
		// An order placed, then cancelled by self-trade prevention, as
		// GET /v1/order shows it.
		cancelled := `{"uuid":"C0101000000001818115","side":"bid","ord_type":"limit","price":"9500000","state":"cancel","market":"KRW-BTC",` +
			`"created_at":"2026-06-01T10:00:00+09:00","volume":"0.001","remaining_volume":"0.001","reserved_fee":"23.75","remaining_fee":"0",` +
			`"paid_fee":"0","locked":"0","executed_volume":"0","executed_funds":"0","trades_count":0,"stp_type":"cancel_taker",` +
			`"cancel_type":"stp_cancel","canceling_uuid":"C0101000000001818113","trades":[]}`
		if err := validateBody(t, doc, "getOrder", 200, cancelled); err != nil {
			t.Errorf("an order cancelled by self-trade prevention does not validate:\n%s", errorLines(err))
		}
	}},
	{"documentation links", "REST.md §2 titles; WEBSOCKET.md BT-rest-ob; MAXT '체결-내역-조회'; D-LLMS", func(t *testing.T, doc *openapi3.T) {
		want := map[string]string{
			"searchOrders":   "https://apidocs.bithumb.com/llms.txt",
			"listAccounts":   "https://apidocs.bithumb.com/reference/전체-계좌자산-조회",
			"listOrderbooks": "https://apidocs.bithumb.com/reference/시세-호가-정보orderbook-조회",
			"listTrades":     "https://apidocs.bithumb.com/reference/체결-내역-조회",
		}
		for id, url := range want {
			var link docLink
			if ok, err := extension(mustOperation(t, doc, id).Op.Extensions, "x-bithumb-doc", &link); !ok || err != nil || link.URL != url {
				t.Errorf("%s: x-bithumb-doc %+v (%v), want url %s", id, link, err, url)
			}
		}
	}},
}

// TestAuditCorrections checks the corrections of the spec from the audit
// against Bithumb's 2026 documentation, one case each.
func TestAuditCorrections(t *testing.T) {
	doc := loadSpec(t)
	for _, c := range auditCases {
		t.Run(c.name, func(t *testing.T) {
			t.Logf("source: %s", c.source)
			c.check(t, doc)
		})
	}
}

// flat returns s with every run of white space made one space, so that a
// phrase can be found across the line breaks of a YAML block.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func componentSchema(t *testing.T, doc *openapi3.T, name string) *openapi3.Schema {
	t.Helper()
	ref := doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		t.Fatalf("the spec has no schema %s", name)
	}
	return ref.Value
}

func componentProperty(t *testing.T, doc *openapi3.T, schema, property string) *openapi3.Schema {
	t.Helper()
	p := componentSchema(t, doc, schema).Properties[property]
	if p == nil || p.Value == nil {
		t.Fatalf("%s has no property %s", schema, property)
	}
	return p.Value
}

func enumStrings(s *openapi3.Schema) []string {
	var out []string
	for _, v := range s.Enum {
		str, _ := v.(string)
		out = append(out, str)
	}
	return out
}

func mustOperation(t *testing.T, doc *openapi3.T, id string) operation {
	t.Helper()
	op, ok := operationByID(doc, id)
	if !ok {
		t.Fatalf("the spec has no operation %s", id)
	}
	return op
}

func queryParameter(t *testing.T, op operation, name string) *openapi3.Parameter {
	t.Helper()
	p := op.Op.Parameters.GetByInAndName("query", name)
	if p == nil || p.Schema == nil || p.Schema.Value == nil {
		t.Fatalf("%s has no query parameter %s", op.Op.OperationID, name)
	}
	return p
}

// validateBody validates body as the answer of operation id with status.
func validateBody(t *testing.T, doc *openapi3.T, id string, status int, body string) error {
	t.Helper()
	op := mustOperation(t, doc, id)
	route, params, err := findRoute(doc, op.Method, op.Path)
	if err != nil {
		t.Fatal(err)
	}
	return validateResponse(route, params, restFixture{Method: op.Method, Path: op.Path, Status: status, Body: []byte(body)})
}

// callServed calls a typed method against a contract server that answers
// body with HTTP 200 and checks the request it sent against the spec.
func callServed(t *testing.T, doc *openapi3.T, id, body string, call func(context.Context, *bithumb.Client) (any, error)) (any, error) {
	t.Helper()
	op := mustOperation(t, doc, id)
	srv := newContractServer(t, doc, servedResponse{status: 200, body: []byte(body), source: "an audit case"})
	c, err := bithumb.New(bithumb.WithBaseURL(srv.URL), bithumb.WithKeys(contractAccessKey, contractSecretKey))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	out, callErr := call(ctx, c)
	checkRequests(t, op, srv.requests())
	return out, callErr
}

// refusedBeforeSending checks that call fails with an *InputError naming
// field and that nothing reached the server.
func refusedBeforeSending(t *testing.T, doc *openapi3.T, field string, call func(context.Context, *bithumb.Client) error) {
	t.Helper()
	srv := newContractServer(t, doc, servedResponse{status: 500, body: []byte(`{}`), source: "nothing"})
	c, err := bithumb.New(bithumb.WithBaseURL(srv.URL), bithumb.WithKeys(contractAccessKey, contractSecretKey))
	if err != nil {
		t.Fatal(err)
	}
	err = call(t.Context(), c)
	var in *bithumb.InputError
	if !errors.As(err, &in) || in.Field != field {
		t.Errorf("error %v, want an *InputError naming %s", err, field)
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}
