package drift

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/spec"
)

// planEdgeDoc has operations for the rules of Plan that the real spec
// does not show apart: one id on two methods, an empty security
// requirement, named examples, number examples, a missing example on a
// private and on a public operation, and a body from its schema's
// example.
const planEdgeDoc = `
openapi: 3.0.3
info: {title: t, version: "1"}
components:
  securitySchemes:
    key: {type: http, scheme: bearer}
paths:
  /same/a:
    get:
      operationId: same
      x-bithumb-retry: safe
      responses: {"200": {description: ok}}
  /same/b:
    post:
      operationId: same
      x-bithumb-read-only: true
      responses: {"200": {description: ok}}
  /open:
    get:
      operationId: open
      x-bithumb-retry: safe
      security: [{}]
      parameters:
        - {name: side, in: query, examples: {b: {value: ask}, a: {value: bid}}, schema: {type: string}}
        - {name: rate, in: query, example: 0.25, schema: {type: number}}
        - {name: big, in: query, example: 1e21, schema: {type: number}}
      responses: {"200": {description: ok}}
  /signed:
    get:
      operationId: signed
      x-bithumb-retry: safe
      security: [{key: []}]
      parameters:
        - {name: uuid, in: query, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
  /public:
    get:
      operationId: public
      x-bithumb-retry: safe
      parameters:
        - {name: uuid, in: query, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
  /search:
    post:
      operationId: search
      x-bithumb-read-only: true
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [market]
              properties: {market: {type: string}}
              example: {market: KRW-ETH}
      responses: {"200": {description: ok}}
  /bare:
    post:
      operationId: bare
      x-bithumb-read-only: true
      requestBody:
        content: {application/json: {schema: {type: object, properties: {note: {type: string}}}}}
      responses: {"200": {description: ok}}
  /note:
    post:
      operationId: note
      x-bithumb-read-only: true
      requestBody:
        content: {application/json: {schema: {type: object, properties: {note: {type: string, example: hi}}}}}
      responses: {"200": {description: ok}}
  /info/count:
    post:
      operationId: count
      x-bithumb-read-only: true
      requestBody:
        content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {count: {type: integer}}}}}
      responses: {"200": {description: ok}}
`

// TestPlanEdges: calls are sorted by operation id, then method; an empty
// security requirement is public; the first named example (by name) is
// sent; numbers are written out in full; the first reason to skip a call
// is the one kept; a body falls back to its schema's example; an optional
// JSON body is sent when it has a sample and left out when it has none,
// while a legacy form always carries its endpoint.
func TestPlanEdges(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(planEdgeDoc))
	if err != nil {
		t.Fatal(err)
	}
	calls := Plan(doc, false)
	var order []string
	got := map[string]Call{}
	for _, c := range calls {
		order = append(order, c.OperationID+" "+c.Method)
		got[c.OperationID] = c
	}
	if want := "bare POST, count POST, note POST, open GET, public GET, same GET, same POST, search POST, signed GET"; strings.Join(order, ", ") != want {
		t.Errorf("order %q, want %q", strings.Join(order, ", "), want)
	}
	if c := got["open"]; c.Private || c.Skip != "" || fmt.Sprint(c.Query) != "[{side bid} {rate 0.25} {big 1000000000000000000000}]" {
		t.Errorf("open: private %v skip %q query %v", c.Private, c.Skip, c.Query)
	}
	if c := got["signed"]; !c.Private || c.Skip != "needs API keys" {
		t.Errorf("signed: private %v skip %q, want the keys named first", c.Private, c.Skip)
	}
	if c := got["public"]; c.Private || c.Skip != `the spec has no example for the required parameter "uuid"` {
		t.Errorf("public: private %v skip %q", c.Private, c.Skip)
	}
	if c := got["bare"]; c.Skip != "" || c.JSONBody != nil || c.Form != nil {
		t.Errorf("bare: body %s form %v skip %q, want nothing sent", c.JSONBody, c.Form, c.Skip)
	}
	if c := got["note"]; c.Skip != "" || string(c.JSONBody) != `{"note":"hi"}` {
		t.Errorf("note: body %s skip %q", c.JSONBody, c.Skip)
	}
	if c := got["count"]; c.Skip != "" || fmt.Sprint(c.Form) != "[{endpoint /info/count}]" || c.JSONBody != nil {
		t.Errorf("count: form %v body %s skip %q, want the endpoint only", c.Form, c.JSONBody, c.Skip)
	}
	if c := got["search"]; c.Skip != "" || string(c.JSONBody) != `{"market":"KRW-ETH"}` {
		t.Errorf("search: body %s skip %q", c.JSONBody, c.Skip)
	}
}

// TestPlanSorted: the real spec's plan is sorted by operation id.
func TestPlanSorted(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	calls := Plan(doc, true)
	if len(calls) < 2 || !sort.SliceIsSorted(calls, func(i, j int) bool { return calls[i].OperationID < calls[j].OperationID }) {
		t.Errorf("%d calls, not sorted by operation id", len(calls))
	}
}

// TestSampleBodyNotJSON: a sample the JSON encoder refuses (YAML cannot
// write one, Go can) skips the call with the reason.
func TestSampleBodyNotJSON(t *testing.T) {
	ref := &openapi3.RequestBodyRef{Value: &openapi3.RequestBody{Required: true, Content: openapi3.Content{
		mediaJSON: &openapi3.MediaType{Example: map[string]any{"x": math.Inf(1)}},
	}}}
	var c Call
	if skip := sampleBody(&c, ref); !strings.HasPrefix(skip, "the spec's sample body is not JSON: ") || c.JSONBody != nil {
		t.Errorf("skip %q body %s", skip, c.JSONBody)
	}
}
