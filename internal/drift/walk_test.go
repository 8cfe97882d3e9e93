package drift

import (
	"context"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// inlineDoc is a small OpenAPI document whose schemas exercise every
// rule of the walker, and two WebSocket message schemas.
const inlineDoc = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Price: {type: string, format: decimal}
    Order:
      type: object
      required: [id, state, price, volume, trades]
      properties:
        id: {type: integer}
        state: {type: string, enum: [wait, done]}
        price: {$ref: "#/components/schemas/Price"}
        volume: {type: number}
        note: {type: string, nullable: true}
        frequency: {type: integer, enum: [15, 30]}
        trades:
          type: array
          items:
            type: object
            required: [funds]
            properties:
              funds: {$ref: "#/components/schemas/Price"}
        extra:
          type: object
          additionalProperties: {type: string}
    Detail:
      allOf:
        - $ref: "#/components/schemas/Order"
        - type: object
          required: [uuid]
          properties:
            uuid: {type: string}
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: object
          required: [name]
          properties:
            name: {type: string}
    OrdersOrError:
      oneOf:
        - type: array
          items: {$ref: "#/components/schemas/Order"}
        - $ref: "#/components/schemas/Error"
    WsTicker:
      x-bithumb-ws-message: {type: ticker, format: DEFAULT}
      type: object
      required: [type, code, trade_price]
      properties:
        type: {type: string}
        code: {type: string}
        trade_price: {type: number}
    WsTickerSimple:
      x-bithumb-ws-message: {type: ticker, format: SIMPLE}
      type: object
      required: [ty, cd, tp]
      properties:
        ty: {type: string}
        cd: {type: string}
        tp: {type: number}
`

func loadInline(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(inlineDoc))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return doc
}

func schemaOf(t *testing.T, doc *openapi3.T, name string) *openapi3.Schema {
	t.Helper()
	ref := doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		t.Fatalf("no schema %s", name)
	}
	return ref.Value
}

const goodOrder = `{"id":7,"state":"wait","price":"9500000","volume":0.001,"note":null,"frequency":15,"trades":[{"funds":"9500"}],"extra":{"k":"v"}}`

// TestCheckBody checks every kind of finding, with its path and class,
// on bodies changed from one that matches.
func TestCheckBody(t *testing.T) {
	doc := loadInline(t)
	cases := []struct {
		name, schema, body string
		want               []string // "kind path"
	}{
		{"matches", "Order", goodOrder, nil},
		{"new field", "Order", strings.Replace(goodOrder, `"id":7`, `"id":7,"fee":"1"`, 1), []string{"new-field $.fee"}},
		{"new field in an element", "Order", strings.Replace(goodOrder, `{"funds":"9500"}`, `{"funds":"9500","side":"bid"}`, 1), []string{"new-field $.trades[0].side"}},
		{"odd field name", "Order", strings.Replace(goodOrder, `"id":7`, `"id":7,"a b":1`, 1), []string{`new-field $["a b"]`}},
		{"missing required", "Order", strings.Replace(goodOrder, `"state":"wait",`, ``, 1), []string{"missing-field $.state"}},
		{"missing required in an element", "Order", strings.Replace(goodOrder, `{"funds":"9500"}`, `{}`, 1), []string{"missing-field $.trades[0].funds"}},
		{"number became string", "Order", strings.Replace(goodOrder, `"volume":0.001`, `"volume":"0.001"`, 1), []string{"type-change $.volume"}},
		{"string became number", "Order", strings.Replace(goodOrder, `"price":"9500000"`, `"price":9500000`, 1), []string{"type-change $.price"}},
		{"null where non-null", "Order", strings.Replace(goodOrder, `"state":"wait"`, `"state":null`, 1), []string{"type-change $.state"}},
		{"null where nullable", "Order", goodOrder, nil},
		{"fraction where integer", "Order", strings.Replace(goodOrder, `"id":7`, `"id":7.5`, 1), []string{"type-change $.id"}},
		{"integral number where integer", "Order", strings.Replace(goodOrder, `"id":7`, `"id":7.0`, 1), nil},
		{"not a decimal", "Order", strings.Replace(goodOrder, `"price":"9500000"`, `"price":"9.5E6"`, 1), []string{"type-change $.price"}},
		{"new enum value", "Order", strings.Replace(goodOrder, `"state":"wait"`, `"state":"watch"`, 1), []string{"new-enum-value $.state"}},
		{"new numeric enum value", "Order", strings.Replace(goodOrder, `"frequency":15`, `"frequency":20`, 1), []string{"new-enum-value $.frequency"}},
		{"numeric enum value as float", "Order", strings.Replace(goodOrder, `"frequency":15`, `"frequency":15.0`, 1), nil},
		{"additionalProperties schema", "Order", strings.Replace(goodOrder, `{"k":"v"}`, `{"k":1}`, 1), []string{"type-change $.extra.k"}},
		{"allOf merges", "Detail", strings.Replace(goodOrder, `"id":7`, `"id":7,"uuid":"u"`, 1), nil},
		{"allOf requires both", "Detail", goodOrder, []string{"missing-field $.uuid"}},
		{"oneOf: data branch", "OrdersOrError", "[" + goodOrder + "]", nil},
		{"oneOf: error branch", "OrdersOrError", `{"error":{"name":"x"}}`, nil},
		{"oneOf: best branch reported", "OrdersOrError", "[" + strings.Replace(goodOrder, `"id":7`, `"id":7,"fee":1`, 1) + "]", []string{"new-field $[0].fee"}},
		{"oneOf: neither", "OrdersOrError", `"text"`, []string{"type-change $"}},
		{"not JSON", "Order", `{"id":`, []string{"undecodable $"}},
		{"trailing data", "Order", goodOrder + ` {}`, []string{"undecodable $"}},
		{"too deep", "Order", strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), []string{"undecodable $"}},
		{"brackets in strings do not count", "Order", strings.Replace(goodOrder, `"k":"v"`, `"k":"`+strings.Repeat("[", 100)+`"`, 1), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CheckBody(schemaOf(t, doc, c.schema), []byte(c.body))
			var kinds []string
			for _, f := range got {
				kinds = append(kinds, string(f.Kind)+" "+f.Path)
				if f.Breaking != f.Kind.Breaking() || f.Detail == "" {
					t.Errorf("finding %+v: breaking must be its kind's, and the detail set", f)
				}
			}
			if strings.Join(kinds, "; ") != strings.Join(c.want, "; ") {
				t.Errorf("findings %q, want %q\n%+v", kinds, c.want, got)
			}
		})
	}
}

// TestCheckBodyTooLarge: a body over MaxBodyBytes is not walked.
func TestCheckBodyTooLarge(t *testing.T) {
	body := make([]byte, MaxBodyBytes+1)
	got := CheckBody(nil, body)
	if len(got) != 1 || got[0].Kind != Undecodable || !strings.Contains(got[0].Detail, "bytes") {
		t.Errorf("findings %+v, want one undecodable naming the size", got)
	}
}

// TestKindBreaking pins the class of every kind.
func TestKindBreaking(t *testing.T) {
	for k, want := range map[Kind]bool{
		NewField: false, NewEnumValue: false,
		MissingField: true, TypeChange: true, UnexpectedStatus: true, RouteGone: true, Undecodable: true,
	} {
		if k.Breaking() != want {
			t.Errorf("%s.Breaking() = %v, want %v", k, k.Breaking(), want)
		}
	}
}

// TestPreviewKeepsRunes: a clipped detail never splits a character.
func TestPreviewKeepsRunes(t *testing.T) {
	got := preview(strings.Repeat("비트코인", 20))
	if !strings.HasSuffix(got, `...`) || strings.ContainsRune(got, '\uFFFD') || len([]rune(got)) != 40 {
		t.Errorf("preview %q", got)
	}
}
