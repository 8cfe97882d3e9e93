package main

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/validation"
)

func readSpec(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../../../spec/bithumb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRulesAreUpToDate fails when validation/rules_gen.go is not what
// the generator writes for the spec: run `make generate`.
func TestRulesAreUpToDate(t *testing.T) {
	t.Parallel()
	got, err := Generate(readSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../../validation/rules_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("validation/rules_gen.go is stale: run make generate")
	}
	again, err := Generate(readSpec(t))
	if err != nil || !bytes.Equal(got, again) {
		t.Error("two runs of the generator differ")
	}
}

// TestRulesMatchTheSpec compares the generated rules of every operation
// with the spec as kin-openapi reads it: the operations, their parameters
// (required, pattern, enum, bounds, item counts) and their body's
// required fields and properties, and for a few fields the exact rule.
func TestRulesMatchTheSpec(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(readSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			n++
			rules, ok := validation.ByID(op.OperationID)
			if !ok {
				t.Errorf("%s: no rules", op.OperationID)
				continue
			}
			if rules.Method != method || rules.Path != path {
				t.Errorf("%s: %s %s, want %s %s", op.OperationID, rules.Method, rules.Path, method, path)
			}
			for _, ref := range op.Parameters {
				p := ref.Value
				if p.In != "query" && p.In != "path" {
					continue
				}
				r := rules.Param(p.Name)
				if r == nil {
					t.Errorf("%s: parameter %s has no rule", op.OperationID, p.Name)
					continue
				}
				checkSchema(t, op.OperationID+" "+p.Name, p.Schema.Value, r.Schema)
				if r.Required != p.Required {
					t.Errorf("%s %s: required %v, want %v", op.OperationID, p.Name, r.Required, p.Required)
				}
			}
			if op.RequestBody == nil {
				if rules.Body != nil {
					t.Errorf("%s: a body rule without a body", op.OperationID)
				}
				continue
			}
			for ct, mt := range op.RequestBody.Value.Content {
				if rules.Body == nil || rules.Body.ContentType != ct {
					t.Errorf("%s: body rule %+v, want %s", op.OperationID, rules.Body, ct)
					continue
				}
				checkSchema(t, op.OperationID+" body", mt.Schema.Value, rules.Body.Schema)
			}
		}
	}
	if len(validation.Operations()) != n {
		t.Errorf("%d operations with rules, %d in the spec", len(validation.Operations()), n)
	}
	// A few rules in full.
	price := validation.Field("placeOrder", "price")
	if price == nil || !price.Decimal || price.Bounds != (validation.Bounds{Minimum: "0", ExclusiveMinimum: true, Maximum: "1e20", ExclusiveMaximum: true, MaxScale: 18}) {
		t.Errorf("placeOrder price: %+v", price)
	}
	if s := validation.Field("placeOrderBatch", "batch_orders"); s == nil || s.MinItems != 1 || s.MaxItems != 20 || s.Items.Property("volume") == nil {
		t.Errorf("placeOrderBatch batch_orders: %+v", s)
	}
	if s := validation.Field("listMinuteCandles", "unit"); s == nil || strings.Join(s.Enum, ",") != "1,3,5,10,15,30,60,240" {
		t.Errorf("listMinuteCandles unit: %+v", s)
	}
	if s := validation.Field("cancelOrder", "order_id"); s == nil || s.Pattern == nil || !strings.HasPrefix(s.Pattern.Message, "is not an order id") {
		t.Errorf("cancelOrder order_id: %+v", s)
	}
	if op, _ := validation.ByID("listTickers"); op == nil || op.Param("markets").Explode {
		t.Error("listTickers markets must be comma-separated (explode false)")
	}
	if op, _ := validation.ByID("listOrders"); op == nil || !op.Param("uuids[]").Explode {
		t.Error("listOrders uuids[] must be exploded")
	}
}

// checkSchema compares the rule r with the spec's schema s, recursively.
func checkSchema(t *testing.T, where string, s *openapi3.Schema, r *validation.Schema) {
	t.Helper()
	if r == nil {
		t.Errorf("%s: no rule", where)
		return
	}
	if s.Type != nil && len(*s.Type) == 1 && r.Type.String() != (*s.Type)[0] {
		t.Errorf("%s: type %s, want %s", where, r.Type, (*s.Type)[0])
	}
	if (r.Pattern == nil) != (s.Pattern == "") || r.Pattern != nil && r.Pattern.Expr != s.Pattern {
		t.Errorf("%s: pattern %+v, want %q", where, r.Pattern, s.Pattern)
	}
	if len(r.Enum) != len(s.Enum) {
		t.Errorf("%s: enum %v, want %v", where, r.Enum, s.Enum)
	}
	if r.Decimal != (s.Format == "decimal") {
		t.Errorf("%s: decimal %v, format %q", where, r.Decimal, s.Format)
	}
	if (s.Min != nil) != (r.Bounds.Minimum != "" && !r.Decimal && !r.Numeric) && s.Min != nil {
		t.Errorf("%s: minimum %q, want %v", where, r.Bounds.Minimum, *s.Min)
	}
	if s.MaxItems != nil && uint64(r.MaxItems) != *s.MaxItems || uint64(r.MinItems) != s.MinItems {
		t.Errorf("%s: items %d..%d", where, r.MinItems, r.MaxItems)
	}
	if uint64(r.MinLength) != s.MinLength || s.MaxLength != nil && uint64(r.MaxLength) != *s.MaxLength {
		t.Errorf("%s: length %d..%d", where, r.MinLength, r.MaxLength)
	}
	req := slices.Clone(s.Required)
	slices.Sort(req)
	if !slices.Equal(req, r.Required) {
		t.Errorf("%s: required %v, want %v", where, r.Required, req)
	}
	if len(r.Properties) != len(s.Properties) {
		t.Errorf("%s: %d properties, want %d", where, len(r.Properties), len(s.Properties))
	}
	for name, p := range s.Properties {
		checkSchema(t, where+"."+name, p.Value, r.Property(name))
	}
	if s.Items != nil {
		checkSchema(t, where+"[]", s.Items.Value, r.Items)
	}
}

// TestGenerateRefusesWhatItCannotExpress: a rule the interpreter cannot
// apply stops the generator instead of being dropped.
func TestGenerateRefusesWhatItCannotExpress(t *testing.T) {
	t.Parallel()
	base := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    post:
      operationId: x
      requestBody:
        content:
          application/json:
            schema: %s
      responses: {"200": {description: ok}}
`
	for _, tt := range []struct{ schema, want string }{
		{`{oneOf: [{type: string}, {type: integer}]}`, "oneOf"},
		{`{type: string, format: uuid}`, "unsupported format"},
		{`{type: string, pattern: '(?<=a)b'}`, "not Go RE2"},
		{`{type: string, minimum: 1}`, "x-bithumb-number"},
		{`{type: string, x-bithumb-number: {minimum: 1}}`, "decimal text"},
		{`{type: string, x-bithumb-number: {least: "1"}}`, "unknown key"},
		{`{type: string, x-bithumb-pattern-message: "bad"}`, "without a pattern"},
	} {
		_, err := Generate([]byte(strings.Replace(base, "%s", tt.schema, 1)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.schema, err, tt.want)
		}
	}
}
