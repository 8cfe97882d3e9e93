package drift

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/spec"
)

const tickerBody = `[{"market":"KRW-BTC","trade_date":"20250825","trade_time":"062700","trade_date_kst":"20250825","trade_time_kst":"152700","trade_timestamp":1756135620000,"opening_price":156000000,"high_price":156500000,"low_price":155000000,"trade_price":156100000,"prev_closing_price":156000000,"change":"RISE","change_price":100000,"change_rate":0.0006,"signed_change_price":100000,"signed_change_rate":0.0006,"trade_volume":0.001,"acc_trade_price":1000000,"acc_trade_price_24h":2000000,"acc_trade_volume":1.5,"acc_trade_volume_24h":3,"highest_52_week_price":170000000,"highest_52_week_date":"2025-07-14","lowest_52_week_price":80000000,"lowest_52_week_date":"2024-09-06","timestamp":1756103220000}]`

// TestTypedDecoder finds the generated type of an answer by operation id
// and status, and fails a body that the client cannot decode.
func TestTypedDecoder(t *testing.T) {
	decode, ok := TypedDecoder("listTickers", 200)
	if !ok {
		t.Fatal("no decoder for listTickers 200")
	}
	if err := decode([]byte(tickerBody)); err != nil {
		t.Errorf("a ticker list: %v", err)
	}
	if err := decode([]byte(`{"error":{"name":404,"message":"Code not found"}}`)); err != nil {
		t.Errorf("a quotation error answer: %v", err)
	}
	bad := strings.Replace(tickerBody, `"trade_price":156100000`, `"trade_price":"156100000x"`, 1)
	if err := decode([]byte(bad)); err == nil {
		t.Error("a ticker whose trade_price is not a number decoded")
	}
	if decode, ok := TypedDecoder("listAccounts", 200); !ok || decode([]byte(`[{"currency":"KRW","balance":"1","locked":"0","avg_buy_price":"0","avg_buy_price_modified":false,"unit_currency":"KRW"}]`)) != nil {
		t.Error("listAccounts 200 does not decode an account list")
	}
	for _, c := range []struct {
		id     string
		status int
	}{{"noSuchOperation", 200}, {"listTickers", 299}, {"", 200}} {
		if _, ok := TypedDecoder(c.id, c.status); ok {
			t.Errorf("TypedDecoder(%q, %d) found a type", c.id, c.status)
		}
	}
}

// TestEveryPlannedCallHasATypedDecoder: every planned call (the GETs
// and the read-only POSTs, legacy form POSTs included) decodes its 200
// answer through a generated type, so no answer escapes the
// decode check.
func TestEveryPlannedCallHasATypedDecoder(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Plan(doc, true) {
		if _, ok := TypedDecoder(c.OperationID, 200); !ok {
			t.Errorf("%s: no generated type for its 200 answer", c.OperationID)
		}
	}
}

// TestPlan: the safe GETs and the operations marked read-only, each with
// sample arguments for its required parameters and body fields (but
// legacyOrderDetail, whose order id has no example), the private ones
// skipped without keys, and no operation that changes state.
func TestPlan(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	gets, marked := 0, 0
	for _, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			switch {
			case method == http.MethodGet:
				gets++
			case op.Extensions["x-bithumb-read-only"] == true:
				marked++
			}
		}
	}
	withKeys := Plan(doc, true)
	if len(withKeys) != gets+marked {
		t.Errorf("%d calls, want one per GET operation (%d) and per operation marked read-only (%d)", len(withKeys), gets, marked)
	}
	for _, c := range withKeys {
		wantSkip := ""
		if c.OperationID == "legacyOrderDetail" {
			wantSkip = `the spec has no example for the required body field "order_id"`
		}
		if c.Skip != wantSkip || strings.Contains(c.Path, "{") {
			t.Errorf("%s: %s %s skip %q: want every path parameter filled and skip %q", c.OperationID, c.Method, c.Path, c.Skip, wantSkip)
		}
		if c.Method != http.MethodGet && c.Skip == "" && (c.JSONBody == nil) == (c.Form == nil) {
			t.Errorf("%s: %s with JSON body %q and form %v: want one of them", c.OperationID, c.Method, c.JSONBody, c.Form)
		}
		if op := doc.Paths.Value(c.Template).GetOperation(c.Method); !ReadOnly(c.Method, op) {
			t.Errorf("%s: %s %s is planned but not read-only", c.OperationID, c.Method, c.Template)
		}
	}
	public := 0
	for _, c := range Plan(doc, false) {
		switch {
		case c.Private && c.Skip == "":
			t.Errorf("%s is private but planned without keys", c.OperationID)
		case !c.Private:
			public++
		}
	}
	if public < 15 {
		t.Errorf("%d public calls; want the quotation and legacy public GETs", public)
	}
	byID := map[string]Call{}
	for _, c := range withKeys {
		byID[c.OperationID] = c
	}
	for _, id := range []string{"placeOrder", "cancelOrder", "cancelOrderBatch", "createDepositAddress", "withdrawCoin", "legacyPlaceOrder", "legacyCancelOrder"} {
		if c, ok := byID[id]; ok {
			t.Errorf("%s (%s %s) is planned", id, c.Method, c.Path)
		}
	}
	if c := byID["listTickers"]; fmt.Sprint(c.Query) != "[{markets KRW-BTC}]" {
		t.Errorf("listTickers query %v, want markets=KRW-BTC from the spec's example", c.Query)
	}
	if c := byID["legacyTicker"]; c.Path != "/public/ticker/BTC_KRW" {
		t.Errorf("legacyTicker path %s", c.Path)
	}
	if c := byID["searchOrders"]; c.Method != http.MethodPost || c.Path != "/v2/orders/search" || c.Form != nil ||
		string(c.JSONBody) != `{"client_order_ids":["client-1","client-2"],"market":"KRW-BTC","order_by":"desc"}` {
		t.Errorf("searchOrders: %s %s body %s form %v, want POST with the spec's example as JSON", c.Method, c.Path, c.JSONBody, c.Form)
	}
	if c := byID["legacyBalance"]; c.Method != http.MethodPost || c.JSONBody != nil || fmt.Sprint(c.Form) != "[{endpoint /info/balance} {currency BTC}]" {
		t.Errorf("legacyBalance: %s body %s form %v, want POST with the form endpoint=/info/balance&currency=BTC", c.Method, c.JSONBody, c.Form)
	}
}

// TestPlanBodyFromSchema: without an example, the body is built from the
// schema's properties (required ones from their example, enum or
// default, optional ones only from an example; an array property as a
// list), and a required field without any value skips the call.
func TestPlanBodyFromSchema(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /v2/find:
    post:
      operationId: find
      x-bithumb-read-only: true
      x-bithumb-retry: safe
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [market, ids, order_by]
              properties:
                market: {type: string, example: KRW-BTC}
                ids: {type: array, items: {type: string, example: C0101000000000000001}}
                order_by: {type: string, enum: [desc, asc]}
                limit: {type: integer, default: 100}
                note: {type: string, example: hi}
      responses: {"200": {description: ok}}
  /info/detail:
    post:
      operationId: detail
      x-bithumb-read-only: true
      x-bithumb-retry: safe
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [endpoint, order_id]
              properties:
                endpoint: {type: string}
                order_id: {type: string}
      responses: {"200": {description: ok}}
  /info/plain:
    post:
      operationId: plain
      x-bithumb-read-only: true
      x-bithumb-retry: safe
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {endpoint: {type: string}, count: {type: integer}}}
      responses: {"200": {description: ok}}
  /v2/upload:
    post:
      operationId: upload
      x-bithumb-read-only: true
      x-bithumb-retry: safe
      requestBody:
        required: true
        content:
          text/plain: {schema: {type: string}}
      responses: {"200": {description: ok}}
  /v2/place:
    post:
      operationId: place
      x-bithumb-retry: safe
      responses: {"200": {description: ok}}
`
	loaded, err := openapi3.NewLoader().LoadFromData([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Call{}
	for _, c := range Plan(loaded, true) {
		got[c.OperationID] = c
	}
	if len(got) != 4 {
		t.Errorf("planned %v, want find, detail, plain and upload (place is not marked read-only)", got)
	}
	if c := got["find"]; c.Skip != "" || string(c.JSONBody) != `{"ids":["C0101000000000000001"],"market":"KRW-BTC","note":"hi","order_by":"desc"}` {
		t.Errorf("find: body %s skip %q", c.JSONBody, c.Skip)
	}
	if c := got["detail"]; c.Skip != `the spec has no example for the required body field "order_id"` {
		t.Errorf("detail: skip %q, want the missing order_id named", c.Skip)
	}
	if c := got["plain"]; c.Skip != "" || fmt.Sprint(c.Form) != "[{endpoint /info/plain}]" {
		t.Errorf("plain: form %v skip %q, want endpoint only", c.Form, c.Skip)
	}
	if c := got["upload"]; c.Skip != "the live check sends no text/plain body" {
		t.Errorf("upload: skip %q", c.Skip)
	}
}

// TestGuard: GETs pass; a POST passes only to a path whose POST the spec
// marks read-only; placements, cancels, state changes and paths outside
// the spec are refused.
func TestGuard(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	g := NewGuard(doc)
	for _, c := range []struct {
		method, path string
		want         bool
	}{
		{http.MethodGet, "/v1/ticker", true},
		{http.MethodGet, "/v9/anything", true},
		{http.MethodPost, "/v2/orders/search", true},
		{http.MethodPost, "/info/balance", true},
		{http.MethodPost, "/info/order_detail", true},
		{http.MethodPost, "/v2/orders", false},
		{http.MethodDelete, "/v2/order", false},
		{http.MethodPost, "/v2/orders/cancel", false},
		{http.MethodPost, "/v1/deposits/generate_coin_address", false},
		{http.MethodPost, "/trade/place", false},
		{http.MethodPost, "/trade/cancel", false},
		{http.MethodDelete, "/v2/orders/search", false},
		{http.MethodPost, "/v2/orders/search/", false},
		{http.MethodPost, "/v1/ticker", false},
		{http.MethodPost, "/v9/unknown", false},
		{http.MethodPut, "/info/balance", false},
	} {
		if got := g.Allows(c.method, c.path); got != c.want {
			t.Errorf("Allows(%s %s) = %v, want %v", c.method, c.path, got, c.want)
		}
	}
	if NewGuard(nil).Allows(http.MethodPost, "/info/balance") {
		t.Error("the guard of no spec lets a POST through")
	}
	var none *Guard
	if none.Allows(http.MethodPost, "/info/balance") || !none.Allows(http.MethodGet, "/v1/ticker") {
		t.Error("a nil guard does not allow GETs only")
	}

	// Templates with parameters; a path two templates share passes only
	// when both mark it.
	const overlap = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /v1/find/{id}:
    post: {x-bithumb-read-only: true, responses: {"200": {description: ok}}}
  /v1/{kind}/now:
    post: {responses: {"200": {description: ok}}}
`
	loaded, err := openapi3.NewLoader().LoadFromData([]byte(overlap))
	if err != nil {
		t.Fatal(err)
	}
	g = NewGuard(loaded)
	for path, want := range map[string]bool{"/v1/find/a1": true, "/v1/find/": false, "/v1/find/now": false, "/v1/find/a1/b": false} {
		if got := g.Allows(http.MethodPost, path); got != want {
			t.Errorf("overlapping templates: Allows(POST %s) = %v, want %v", path, got, want)
		}
	}
}

// TestCheckRESTRefusesWhatIsNotReadOnly: a call that Plan would never
// make (a placement, a call outside the spec that is not a GET) is
// reported as skipped and never reaches the Doer; a read-only POST is
// sent with its body.
func TestCheckRESTRefusesWhatIsNotReadOnly(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	var sent []bithumb.RawRequest
	d := &fakeDoer{answer: func(req bithumb.RawRequest) (*bithumb.RawResponse, error) {
		sent = append(sent, req)
		return &bithumb.RawResponse{StatusCode: 200, Body: []byte(`[]`)}, nil
	}}
	calls := []Call{
		{OperationID: "placeOrder", Method: http.MethodPost, Template: "/v2/orders", Path: "/v2/orders", JSONBody: []byte(`{}`)},
		{OperationID: "createDepositAddress", Method: http.MethodPost, Template: "/v1/deposits/generate_coin_address", Path: "/v1/deposits/generate_coin_address", JSONBody: []byte(`{}`)},
		{OperationID: "gone", Method: http.MethodPost, Template: "/v9/gone", Path: "/v9/gone"},
		{OperationID: "searchOrders", Method: http.MethodPost, Template: "/v2/orders/search", Path: "/v2/orders/search", JSONBody: []byte(`{"order_ids":["C0101000000000000001"]}`)},
	}
	got := CheckREST(context.Background(), doc, d, calls, nil)
	if len(got) != len(calls) {
		t.Fatalf("%d results, want %d", len(got), len(calls))
	}
	for _, r := range got[:3] {
		if r.Checked || !strings.HasPrefix(r.Note, "skipped: ") {
			t.Errorf("%s: checked %v note %q, want skipped", r.Name, r.Checked, r.Note)
		}
	}
	if len(sent) != 1 || sent[0].Path != "/v2/orders/search" || string(sent[0].JSONBody) != `{"order_ids":["C0101000000000000001"]}` {
		t.Errorf("sent %+v, want the search only, with its body", sent)
	}
	if r := got[3]; !r.Checked || r.Request != "POST /v2/orders/search" || len(r.Findings) != 0 {
		t.Errorf("searchOrders: %+v", r)
	}
}

// TestCheckResponse: statuses the operation does not document, the
// gateway's bare 404, a documented error answer, and an undecodable 200.
func TestCheckResponse(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	op := doc.Paths.Value("/v1/ticker").Get
	cases := []struct {
		name   string
		status int
		body   string
		want   Kind
	}{
		{"match", 200, tickerBody, ""},
		{"undocumented status", 418, `{}`, UnexpectedStatus},
		{"route gone", 404, `{"name":"not_found","message":"No Route matched with those values"}`, RouteGone},
		{"quotation error", 200, `{"error":{"name":404,"message":"Code not found"}}`, ""},
		{"type change", 200, strings.Replace(tickerBody, `"trade_price":156100000`, `"trade_price":"1"`, 1), TypeChange},
		// An integer the schema accepts but the client's int64 cannot hold.
		{"undecodable", 200, strings.Replace(tickerBody, `"trade_timestamp":1756135620000`, `"trade_timestamp":1e30`, 1), Undecodable},
	}
	for _, c := range cases {
		got := CheckResponse(op, c.status, []byte(c.body))
		switch {
		case c.want == "" && len(got) != 0:
			t.Errorf("%s: findings %+v, want none", c.name, got)
		case c.want != "" && (len(got) == 0 || got[0].Kind != c.want):
			t.Errorf("%s: findings %+v, want %s", c.name, got, c.want)
		}
	}
}

// fakeDoer answers every request from a function and records them.
type fakeDoer struct {
	answer func(req bithumb.RawRequest) (*bithumb.RawResponse, error)
	seen   []string
}

func (f *fakeDoer) Do(_ context.Context, req bithumb.RawRequest) (*bithumb.RawResponse, error) {
	f.seen = append(f.seen, req.Method+" "+req.Path)
	return f.answer(req)
}

// TestCheckRESTStopsWithoutNetwork: the first call's error goes to
// first, which stops the check; a check that goes on records calls
// without an answer and checks the ones answered.
func TestCheckRESTStopsWithoutNetwork(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	calls := Plan(doc, false)
	refused := &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}
	d := &fakeDoer{answer: func(bithumb.RawRequest) (*bithumb.RawResponse, error) { return nil, refused }}
	var firstErr error
	if got := CheckREST(context.Background(), doc, d, calls, func(err error) bool { firstErr = err; return !NoNetwork(err) }); got != nil || len(d.seen) != 1 {
		t.Errorf("results %v after %d calls, want none after 1", got, len(d.seen))
	}
	if !errors.Is(firstErr, syscall.ECONNREFUSED) {
		t.Errorf("first saw %v", firstErr)
	}

	d = &fakeDoer{answer: func(req bithumb.RawRequest) (*bithumb.RawResponse, error) {
		if req.Path == "/v1/ticker" {
			return &bithumb.RawResponse{StatusCode: 200, Body: []byte(tickerBody)}, nil
		}
		return nil, errors.New("timeout")
	}}
	results := CheckREST(context.Background(), doc, d, calls, nil)
	checked := 0
	for _, r := range results {
		if r.Checked {
			checked++
			if r.Name != "listTickers" || len(r.Findings) != 0 {
				t.Errorf("%+v", r)
			}
		} else if r.Note == "" {
			t.Errorf("%s: not checked and no note", r.Name)
		}
	}
	if checked != 1 {
		t.Errorf("%d checked, want 1", checked)
	}
	for _, s := range d.seen {
		if !strings.HasPrefix(s, "GET ") {
			t.Errorf("sent %s", s)
		}
	}
}

// TestNoNetwork separates "cannot reach the host at all" from other
// failures.
func TestNoNetwork(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&net.DNSError{Err: "no such host", Name: "api.bithumb.com", IsNotFound: true}, true},
		{fmt.Errorf("GET /v1/ticker: %w", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), true},
		{&net.OpError{Op: "dial", Err: syscall.ENETUNREACH}, true},
		{context.DeadlineExceeded, false},
		{errors.New("x509: certificate signed by unknown authority"), false},
		{nil, false},
	} {
		if got := NoNetwork(c.err); got != c.want {
			t.Errorf("NoNetwork(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// TestReportMarkdown: findings land in the breaking or additive table,
// table cells are escaped, and a skipped report says why.
func TestReportMarkdown(t *testing.T) {
	r := &Report{Target: "https://api.bithumb.com", SpecVersion: "1", REST: []Result{
		{Name: "listTickers", Request: "GET /v1/ticker", Status: 200, Checked: true, Findings: []Finding{
			finding(NewField, "$[0].x", "a|b"), finding(TypeChange, "$[0].trade_price", "string where the spec says number"),
		}},
		{Name: "listAccounts", Request: "GET /v1/accounts", Note: "skipped: needs API keys"},
	}}
	var b bytes.Buffer
	if err := r.Markdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{"**1 breaking, 1 additive**", "## Breaking", "## Additive", `a\|b`, "| listTickers | type-change | `$[0].trade_price` |", "listAccounts (GET /v1/accounts): skipped: needs API keys"} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in\n%s", want, md)
		}
	}
	if !r.HasBreaking() {
		t.Error("HasBreaking is false")
	}
	b.Reset()
	(&Report{Skipped: "no network"}).Markdown(&b)
	if !strings.Contains(b.String(), "skipped: no network") || strings.Contains(b.String(), "##") {
		t.Errorf("skipped report:\n%s", b.String())
	}
}

// TestCheckRESTUnknownTemplate: a call whose template is not in the spec
// is reported, not a panic.
func TestCheckRESTUnknownTemplate(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	d := &fakeDoer{answer: func(bithumb.RawRequest) (*bithumb.RawResponse, error) {
		return &bithumb.RawResponse{StatusCode: 200, Body: []byte(`{}`)}, nil
	}}
	calls := []Call{{OperationID: "gone", Method: http.MethodGet, Template: "/v9/gone", Path: "/v9/gone"}}
	got := CheckREST(context.Background(), doc, d, calls, nil)
	if len(got) != 1 || len(got[0].Findings) != 1 || got[0].Findings[0].Kind != UnexpectedStatus {
		t.Errorf("%+v, want one unexpected-status finding", got)
	}
}
