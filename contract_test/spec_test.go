package contract_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestSpecIsValid loads spec/bithumb.yaml and validates it as an OpenAPI
// 3.0 document. (That the generated code matches it is checked by `make
// check-generated`, and by the simulator's server package, which embeds
// the spec.)
func TestSpecIsValid(t *testing.T) {
	doc := loadSpec(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if err := validateSpec(doc); err != nil {
		t.Errorf("%s is not a valid OpenAPI document:\n%s", specPath, errorLines(err))
	}
}

// TestDecimalFormat proves that the format: decimal validator registered by
// TestMain is in effect and accepts exactly the NumberStrings.
func TestDecimalFormat(t *testing.T) {
	schema := openapi3.NewStringSchema()
	schema.Format = "decimal"
	for _, s := range []string{"0", "0.0025", "-330000", "50000000.0", "5.6370", "17853976619640000"} {
		if err := schema.VisitJSON(s); err != nil {
			t.Errorf("%q rejected: %v", s, err)
		}
	}
	for _, s := range []string{"", "1.4E-7", "1e5", "1.", ".5", "+1", "-", "abc", " 1", "1,000", "0x10", "NaN"} {
		if err := schema.VisitJSON(s); err == nil {
			t.Errorf("%q accepted as a decimal", s)
		}
	}
}

// exampleOnly returns the operations the spec marks x-bithumb-sim:
// example: added to the spec, answered by the simulator from their
// response example, and without a simulator handler, a contract case or
// a fixture yet. sim's TestExampleOperations checks that the mark goes
// once a handler is written; the coverage tests here then require the
// rest.
func exampleOnly(doc *openapi3.T) map[string]bool {
	out := map[string]bool{}
	for _, o := range operations(doc) {
		if v, ok := o.Op.Extensions["x-bithumb-sim"]; ok && v == "example" {
			out[o.Op.OperationID] = true
		}
	}
	return out
}

// retryPolicies are the values of x-bithumb-retry.
var retryPolicies = []string{"safe", "reconcile", "never"}

// fundsMoving are the operations that place orders or move funds: sending
// one twice may trade, withdraw or deposit twice, so none may be retried
// as safe. The list is explicit so that renaming one fails this test.
var fundsMoving = []string{
	"placeOrder", "placeOrderV1", "placeOrderBatch", "placeTwapOrder",
	"withdrawCoin", "withdrawKRW", "depositKRW",
	"legacyPlaceOrder", "legacyMarketBuy", "legacyMarketSell",
}

// rateLimitCategory is one entry of x-bithumb-rate-limit-categories.
type rateLimitCategory struct {
	PerSecond   float64 `json:"per-second"`
	Scope       string  `json:"scope"`
	Description string  `json:"description"`
}

// docLink is the value of x-bithumb-doc.
type docLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// TestSpecExtensions checks the vendor extensions that the client, the rate
// limiter and the retry logic read from the spec.
func TestSpecExtensions(t *testing.T) {
	doc := loadSpec(t)

	var categories map[string]rateLimitCategory
	if ok, err := extension(doc.Extensions, "x-bithumb-rate-limit-categories", &categories); !ok || err != nil {
		t.Fatalf("top-level x-bithumb-rate-limit-categories: present=%v, err=%v", ok, err)
	}
	if len(categories) == 0 {
		t.Fatal("x-bithumb-rate-limit-categories is empty")
	}
	for name, c := range categories {
		if c.PerSecond <= 0 || c.Scope == "" {
			t.Errorf("rate-limit category %s: per-second %v, scope %q: want a positive limit and a scope", name, c.PerSecond, c.Scope)
		}
	}

	ops := operations(doc)
	if len(ops) == 0 {
		t.Fatal("the spec has no operations")
	}
	seenIDs := map[string]string{}
	for _, o := range ops {
		where := o.Method + " " + o.Path
		if o.Op.OperationID == "" {
			t.Errorf("%s: no operationId", where)
		} else if prev, dup := seenIDs[o.Op.OperationID]; dup {
			t.Errorf("%s: operationId %s is also used by %s", where, o.Op.OperationID, prev)
		}
		seenIDs[o.Op.OperationID] = where
		where = o.name() + " (" + where + ")"

		var category string
		if ok, err := extension(o.Op.Extensions, "x-bithumb-rate-limit", &category); !ok || err != nil {
			t.Errorf("%s: x-bithumb-rate-limit: present=%v, err=%v", where, ok, err)
		} else if _, defined := categories[category]; !defined {
			t.Errorf("%s: x-bithumb-rate-limit %q is not in x-bithumb-rate-limit-categories", where, category)
		}

		var retry string
		if ok, err := extension(o.Op.Extensions, "x-bithumb-retry", &retry); !ok || err != nil {
			t.Errorf("%s: x-bithumb-retry: present=%v, err=%v", where, ok, err)
		} else if !slices.Contains(retryPolicies, retry) {
			t.Errorf("%s: x-bithumb-retry %q, want one of %v", where, retry, retryPolicies)
		}

		if v, ok := o.Op.Extensions["x-bithumb-sim"]; ok && v != "example" {
			t.Errorf("%s: x-bithumb-sim %v, want example (or no x-bithumb-sim)", where, v)
		}

		var link docLink
		if ok, err := extension(o.Op.Extensions, "x-bithumb-doc", &link); !ok || err != nil {
			t.Errorf("%s: x-bithumb-doc: present=%v, err=%v", where, ok, err)
		} else {
			if link.Title == "" {
				t.Errorf("%s: x-bithumb-doc has no title", where)
			}
			if u, err := url.Parse(link.URL); err != nil || !strings.HasPrefix(link.URL, "https://apidocs.bithumb.com/") || len(u.Path) <= 1 {
				t.Errorf("%s: x-bithumb-doc url %q must be a page under https://apidocs.bithumb.com/", where, link.URL)
			}
		}

		// Order placements and withdrawals must never be re-sent blindly.
		movesFunds := slices.Contains(fundsMoving, o.Op.OperationID) ||
			(o.Method == "POST" && (category == "private-order" || slices.Contains(o.Op.Tags, "withdraw")))
		if movesFunds && retry == "safe" {
			t.Errorf("%s places an order or moves funds but has x-bithumb-retry: safe", where)
		}
		// reconcile looks the order up by client_order_id, so the request
		// must be able to carry one.
		if retry == "reconcile" && !requestHasProperty(o.Op, "client_order_id") {
			t.Errorf("%s: x-bithumb-retry reconcile, but its request body has no client_order_id", where)
		}

		// Private operations: API 2.0 signs with a JWT and documents 401;
		// the legacy API signs with HMAC.
		schemes := securitySchemes(doc, o.Op)
		v2 := strings.HasPrefix(o.Path, "/v1/") || strings.HasPrefix(o.Path, "/v2/")
		legacyPrivate := strings.HasPrefix(o.Path, "/info/") || strings.HasPrefix(o.Path, "/trade/")
		private := slices.Contains(schemes, "bearerAuth") || slices.Contains(schemes, "legacyHMAC")
		if private && v2 {
			if o.Op.Responses.Value("401") == nil {
				t.Errorf("%s is a private API 2.0 operation without a 401 response", where)
			}
			if !slices.Contains(schemes, "bearerAuth") {
				t.Errorf("%s is a private API 2.0 operation not secured by bearerAuth (%v)", where, schemes)
			}
		}
		if legacyPrivate && !slices.Contains(schemes, "legacyHMAC") {
			t.Errorf("%s is a legacy private operation not secured by legacyHMAC (%v)", where, schemes)
		}
	}
	for _, id := range fundsMoving {
		if _, ok := seenIDs[id]; !ok {
			t.Errorf("operation %s (listed in fundsMoving) is not in the spec", id)
		}
	}
}

// TestSpecExamples validates every example of the spec's request bodies
// and responses against the schema next to it.
func TestSpecExamples(t *testing.T) {
	doc := loadSpec(t)
	checked := map[*openapi3.MediaType]string{}
	for _, o := range operations(doc) {
		if rb := o.Op.RequestBody; rb != nil && rb.Value != nil {
			for _, ct := range sortedKeys(rb.Value.Content) {
				where := fmt.Sprintf("%s request body %s", o.name(), ct)
				checkExamples(t, where, rb.Value.Content[ct], openapi3.VisitAsRequest(), checked)
			}
		}
		for _, status := range sortedKeys(o.Op.Responses.Map()) {
			resp := o.Op.Responses.Value(status)
			if resp == nil || resp.Value == nil {
				t.Errorf("%s response %s is not resolved", o.name(), status)
				continue
			}
			for _, ct := range sortedKeys(resp.Value.Content) {
				where := fmt.Sprintf("%s response %s %s", o.name(), status, ct)
				checkExamples(t, where, resp.Value.Content[ct], openapi3.VisitAsResponse(), checked)
			}
		}
	}
	if len(checked) == 0 {
		t.Fatal("found no examples to validate")
	}
	t.Logf("validated the examples of %d media types", len(checked))
}

// checkExamples reports the examples of mt that do not match mt's schema.
// A media type shared through components/responses is checked once;
// checked records it.
func checkExamples(t *testing.T, where string, mt *openapi3.MediaType, mode openapi3.SchemaValidationOption, checked map[*openapi3.MediaType]string) {
	t.Helper()
	if mt == nil || (mt.Example == nil && len(mt.Examples) == 0) {
		return
	}
	if _, done := checked[mt]; done {
		return
	}
	checked[mt] = where
	for _, msg := range exampleErrors(mt, mode) {
		t.Errorf("%s: %s", where, msg)
	}
}

// exampleErrors validates the example and the named examples of mt
// against mt's schema and returns one message per example that fails.
func exampleErrors(mt *openapi3.MediaType, mode openapi3.SchemaValidationOption) []string {
	if mt.Schema == nil || mt.Schema.Value == nil {
		return []string{"has an example but no schema"}
	}
	var msgs []string
	examples := map[string]any{}
	if mt.Example != nil {
		examples["example"] = mt.Example
	}
	for name, ex := range mt.Examples {
		if ex == nil || ex.Value == nil {
			msgs = append(msgs, fmt.Sprintf("example %s is not resolved", name))
			continue
		}
		examples["examples/"+name] = ex.Value.Value
	}
	for _, name := range sortedKeys(examples) {
		value, err := asJSONValue(examples[name])
		if err != nil {
			msgs = append(msgs, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if err := mt.Schema.Value.VisitJSON(value, mode, openapi3.MultiErrors()); err != nil {
			msgs = append(msgs, fmt.Sprintf("%s does not match its schema:\n%s", name, errorLines(err)))
		}
	}
	return msgs
}

// TestSpecExamplesRejects proves that exampleErrors fails on examples that
// break their schema, so that TestSpecExamples passing means something.
func TestSpecExamplesRejects(t *testing.T) {
	doc := loadSpec(t)
	accounts := doc.Paths.Value("/v1/accounts")
	if accounts == nil || accounts.Get == nil || accounts.Get.Responses.Value("200") == nil {
		t.Fatal("GET /v1/accounts 200 is missing from the spec")
	}
	mt := accounts.Get.Responses.Value("200").Value.Content.Get("application/json")
	if mt == nil {
		t.Fatal("GET /v1/accounts 200 has no application/json content")
	}
	if msgs := exampleErrors(mt, openapi3.VisitAsResponse()); len(msgs) > 0 {
		t.Fatalf("the unmodified example fails: %q", msgs)
	}
	row := func(balance any) []any {
		return []any{map[string]any{"currency": "KRW", "balance": balance, "locked": "0", "avg_buy_price": "0", "avg_buy_price_modified": false, "unit_currency": "KRW"}}
	}
	for name, example := range map[string]any{
		"number instead of NumberString": row(10981650.10635),
		"NumberString with exponent":     row("1.0981650E7"),
		"missing required field":         []any{map[string]any{"currency": "KRW"}},
		"object instead of array":        row("1")[0],
	} {
		mt.Example = example
		if msgs := exampleErrors(mt, openapi3.VisitAsResponse()); len(msgs) == 0 {
			t.Errorf("%s: the broken example validated", name)
		}
	}
}

// asJSONValue turns a value decoded from YAML into the form encoding/json
// produces (map[string]any, []any, json.Number, ...), which is what the
// schema validator expects.
func asJSONValue(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out any
	err = dec.Decode(&out)
	return out, err
}

// extension decodes the vendor extension key of ext into into. It reports
// whether the extension is present; unknown fields are an error.
func extension(ext map[string]any, key string, into any) (bool, error) {
	raw, ok := ext[key]
	if !ok {
		return false, nil
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return true, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return true, dec.Decode(into)
}

// securitySchemes returns the names of the security schemes that op
// accepts (its own requirements, else the document's).
func securitySchemes(doc *openapi3.T, op *openapi3.Operation) []string {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	var names []string
	for _, req := range reqs {
		for name := range req {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// requestHasProperty reports whether a request body schema of op has a
// property called name, at any depth (objects, array items, allOf).
func requestHasProperty(op *openapi3.Operation, name string) bool {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return false
	}
	for _, mt := range op.RequestBody.Value.Content {
		if mt.Schema != nil && schemaHasProperty(mt.Schema.Value, name, map[*openapi3.Schema]bool{}) {
			return true
		}
	}
	return false
}

func schemaHasProperty(s *openapi3.Schema, name string, seen map[*openapi3.Schema]bool) bool {
	if s == nil || seen[s] {
		return false
	}
	seen[s] = true
	if _, ok := s.Properties[name]; ok {
		return true
	}
	var subs []*openapi3.SchemaRef
	subs = append(subs, s.AllOf...)
	subs = append(subs, s.Items)
	for _, p := range s.Properties {
		subs = append(subs, p)
	}
	for _, sub := range subs {
		if sub != nil && schemaHasProperty(sub.Value, name, seen) {
			return true
		}
	}
	return false
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// errorLines formats err for a test message, one line per error of a
// kin-openapi MultiError.
func errorLines(err error) string {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		lines := make([]string, 0, len(me))
		for _, e := range me {
			lines = append(lines, "  - "+strings.ReplaceAll(e.Error(), "\n", "\n    "))
		}
		return strings.Join(lines, "\n")
	}
	return "  - " + strings.ReplaceAll(err.Error(), "\n", "\n    ")
}
