package drift

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// edgeDoc holds small schemas for the walker's edge cases: a field
// without a type, an enum kept through allOf, and a oneOf whose branches
// tie or differ in breaking findings.
const edgeDoc = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Any: {}
    Int: {type: integer}
    Str: {type: string}
    Num: {type: number}
    Side:
      type: string
      enum: [bid, ask]
      allOf:
        - {type: string}
    Pick:
      oneOf:
        - type: object
          properties: {a: {}, b: {}}
        - type: object
          required: [c]
          properties: {c: {}, x: {}, y: {}}
`

func loadEdge(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(edgeDoc))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestCheckBodyEdges: null fits a schema without a type, JSON types meet
// the schema's types, an allOf member without an enum keeps the enum,
// and a oneOf reports the branch with the fewest breaking findings, then
// the fewest findings, then the first.
func TestCheckBodyEdges(t *testing.T) {
	doc := loadEdge(t)
	cases := []struct {
		name, schema, body string
		want               []string // "kind path"
	}{
		{"null without a type", "Any", `null`, nil},
		{"integer where number", "Num", `1`, nil},
		{"string where number", "Num", `"1"`, []string{"type-change $"}},
		{"string where integer", "Int", `"1"`, []string{"type-change $"}},
		{"integral number where string", "Str", `1.0`, []string{"type-change $"}},
		{"integer where string", "Str", `1`, []string{"type-change $"}},
		{"enum kept through allOf", "Side", `"buy"`, []string{"new-enum-value $"}},
		{"enum value through allOf", "Side", `"ask"`, nil},
		{"oneOf: fewer findings win", "Pick", `{"c":1,"x":1}`, nil},
		{"oneOf: fewer additive findings win", "Pick", `{"a":1,"c":1,"x":1,"z":1}`, []string{"new-field $.a", "new-field $.z"}},
		{"oneOf: a tie keeps the first", "Pick", `{"a":1,"c":1}`, []string{"new-field $.c"}},
		{"oneOf: no breaking beats fewer findings", "Pick", `{"x":1,"y":1}`, []string{"new-field $.x", "new-field $.y"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CheckBody(schemaOf(t, doc, c.schema), []byte(c.body))
			var kinds []string
			for _, f := range got {
				kinds = append(kinds, string(f.Kind)+" "+f.Path)
			}
			if strings.Join(kinds, "; ") != strings.Join(c.want, "; ") {
				t.Errorf("findings %q, want %q\n%+v", kinds, c.want, got)
			}
		})
	}
}

// TestDepth counts the nesting of [ and { outside strings, and comes
// back down at each ] and }.
func TestDepth(t *testing.T) {
	for body, want := range map[string]int{
		`1`:           0,
		`[]`:          1,
		`{}`:          1,
		`[][]`:        1,
		`{}{}`:        1,
		`[[],[]]`:     2,
		`[[]][[]]`:    2,
		`{"a":{}}`:    2,
		`"[["`:        0,
		`["[", []]`:   2,
		`["\"[", []]`: 2,
		`["\\", []]`:  2,
		`["\\"]`:      1,
		`[` + strings.Repeat(`[],`, 3*MaxDepth) + `[]]`: 2,
	} {
		if got := depth([]byte(body)); got != want {
			t.Errorf("depth(%.40s) = %d, want %d", body, got, want)
		}
	}
}

// TestLimitsAreInclusive: a body of exactly MaxBodyBytes, and one that
// nests exactly MaxDepth levels, are walked; one byte or one level more
// is not.
func TestLimitsAreInclusive(t *testing.T) {
	str := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}}
	body := []byte(`"` + strings.Repeat("a", MaxBodyBytes-2) + `"`)
	if got := CheckBody(str, body); len(got) != 0 {
		t.Errorf("a body of MaxBodyBytes: %+v", got)
	}
	if got := CheckBody(str, append(body, ' ')); len(got) != 1 || got[0].Kind != Undecodable {
		t.Errorf("a body of MaxBodyBytes+1: %+v, want undecodable", got)
	}

	nested := func(n int) []byte {
		return []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
	}
	if got := CheckBody(recursiveArray(), nested(MaxDepth)); len(got) != 0 {
		t.Errorf("a body nested MaxDepth levels: %+v", got)
	}
	if got := CheckBody(recursiveArray(), nested(MaxDepth+1)); len(got) != 1 || got[0].Kind != Undecodable {
		t.Errorf("a body nested MaxDepth+1 levels: %+v, want undecodable", got)
	}
}

// recursiveArray is an array whose items are arrays of the same schema.
func recursiveArray() *openapi3.Schema {
	s := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeArray}}
	s.Items = &openapi3.SchemaRef{Value: s}
	return s
}

// TestWalkDepthLimit: a decoded value nested past MaxDepth (which
// CheckValue, unlike CheckBody, may be given) is reported once at the
// level that is too deep, through array items, properties and
// additionalProperties alike; MaxDepth levels below the top are walked.
func TestWalkDepthLimit(t *testing.T) {
	obj := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}}
	obj.Properties = openapi3.Schemas{"child": {Value: obj}}
	obj.AdditionalProperties = openapi3.AdditionalProperties{Schema: &openapi3.SchemaRef{Value: obj}}
	arrays := func(n int) any { // n arrays, one in the other
		var v any = []any{}
		for range n - 1 {
			v = []any{v}
		}
		return v
	}
	objects := func(n int, key string) any {
		var v any = map[string]any{}
		for range n - 1 {
			v = map[string]any{key: v}
		}
		return v
	}
	for _, c := range []struct {
		name   string
		schema *openapi3.Schema
		v      any
		want   int
	}{
		{"arrays at the limit", recursiveArray(), arrays(MaxDepth + 1), 0},
		{"arrays past the limit", recursiveArray(), arrays(MaxDepth + 2), 1},
		{"properties at the limit", obj, objects(MaxDepth+1, "child"), 0},
		{"properties past the limit", obj, objects(MaxDepth+2, "child"), 1},
		{"additional members at the limit", obj, objects(MaxDepth+1, "other"), 0},
		{"additional members past the limit", obj, objects(MaxDepth+2, "other"), 1},
	} {
		got := CheckValue(c.schema, c.v)
		if len(got) != c.want || (c.want == 1 && (got[0].Kind != Undecodable || strings.Count(got[0].Path, "[")+strings.Count(got[0].Path, ".") != MaxDepth+1)) {
			t.Errorf("%s: %+v, want %d undecodable finding(s) at level %d", c.name, got, c.want, MaxDepth+1)
		}
	}
}

// TestAllOfDepthLimit: allOf members are merged down to MaxDepth levels,
// no deeper, and an allOf that refers to itself ends.
func TestAllOfDepthLimit(t *testing.T) {
	chain := func(n int) *openapi3.Schema { // n allOf levels below the top; the last requires x
		last := &openapi3.Schema{Required: []string{"x"}}
		s := last
		for range n {
			s = &openapi3.Schema{AllOf: openapi3.SchemaRefs{{Value: s}}}
		}
		return s
	}
	if got := CheckValue(chain(MaxDepth), map[string]any{}); len(got) != 1 || got[0].Kind != MissingField {
		t.Errorf("allOf %d deep: %+v, want x missing", MaxDepth, got)
	}
	for _, n := range []int{MaxDepth + 1, MaxDepth + 2} {
		if got := CheckValue(chain(n), map[string]any{}); len(got) != 0 {
			t.Errorf("allOf %d deep: %+v, want it not merged", n, got)
		}
	}
	self := &openapi3.Schema{Required: []string{"x"}}
	self.AllOf = openapi3.SchemaRefs{{Value: self}}
	if got := CheckValue(self, map[string]any{}); len(got) != 1 || got[0].Kind != MissingField {
		t.Errorf("self-referring allOf: %+v, want x missing", got)
	}
}

// TestMember: a name of letters, digits and underscores is a dotted
// path; any other character, even next to those ranges, is quoted.
func TestMember(t *testing.T) {
	for name, want := range map[string]string{
		"a": "$.a", "z": "$.z", "A": "$.A", "Z": "$.Z", "0": "$.0", "9": "$.9", "_": "$._", "trade_price2": "$.trade_price2",
		"`": "$[\"`\"]", "{": `$["{"]`, "@": `$["@"]`, "[": `$["["]`, "/": `$["/"]`, ":": `$[":"]`, "a-b": `$["a-b"]`,
	} {
		if got := member("$", name); got != want {
			t.Errorf("member($, %q) = %s, want %s", name, got, want)
		}
	}
}

// TestClip: a string of exactly n runes is kept whole.
func TestClip(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{{"abcd", 4, "abcd"}, {"abcde", 4, "a..."}, {"", 4, ""}} {
		if got := clip(c.s, c.n); got != c.want {
			t.Errorf("clip(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
