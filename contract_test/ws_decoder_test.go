package contract_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/spec"
)

// wsclientDir is package wsclient's directory, whose decoder the spec's
// WebSocket schemas are checked against.
const wsclientDir = "../wsclient"

// decodedField is a member that wsclient's decoder reads: the keys of one
// case of its `switch string(key)`. The first key is the DEFAULT name,
// the second the SIMPLE name (the same when the case has one key: status
// and error frames), the rest aliases. Paths are dotted through nested
// objects and array items (orderbook_units.ask_price).
type decodedField struct {
	def, simple string
	aliases     []string
}

// decoderMessage is what the decoder reads of one kind of frame.
type decoderMessage struct {
	typ, endpoint string // as x-bithumb-ws-message names them
	fields        []decodedField
}

// readDecoder reads the decoder's field lists from the sources of package
// wsclient (file name -> source), without running it:
//
//   - the method of each data message type is the decoder method called
//     in that type's case of decode's `switch string(typ)`; a call inside
//     `if d.v1Orders` is the deprecated private endpoint's;
//   - a method's fields are the cases of its `switch string(key)`, and a
//     case that calls another decoder method with such a switch
//     (orderbookUnits, assetList, serverError) has that method's fields
//     nested under it;
//   - slowEnvelope's cases give the members outside the typed methods:
//     the case that sets kindData (type, ty) belongs to every data
//     message, the one that sets kindStatus is the status frame, and the
//     one that calls a nested method is the error frame.
func readDecoder(sources map[string][]byte) ([]decoderMessage, error) {
	fset := token.NewFileSet()
	methods := map[string]*ast.FuncDecl{}
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, sources[name], 0)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok && id.Name == "decoder" {
					methods[fn.Name.Name] = fn
				}
			}
		}
	}
	r := decoderReader{methods: methods}
	for _, need := range []string{"decode", "slowEnvelope"} {
		if methods[need] == nil {
			return nil, fmt.Errorf("the decoder has no method %s", need)
		}
	}

	// The envelope.
	var envelope []decodedField
	var out []decoderMessage
	for _, cc := range switchCases(methods["slowEnvelope"].Body, "key") {
		keys, err := caseKeys(cc)
		if err != nil {
			return nil, fmt.Errorf("slowEnvelope: %w", err)
		}
		field := newDecodedField(keys)
		nested, err := r.nestedFields(cc.Body, 0)
		if err != nil {
			return nil, err
		}
		switch {
		case mentions(cc.Body, "kindData"):
			envelope = append(envelope, field)
		case mentions(cc.Body, "kindStatus"):
			out = append(out, decoderMessage{typ: spec.WSTypeStatus, fields: []decodedField{field}})
		case nested != nil:
			out = append(out, decoderMessage{typ: spec.WSTypeError, fields: append([]decodedField{field}, prefixed(field, nested)...)})
		default:
			return nil, fmt.Errorf("slowEnvelope: the case %q is neither the type, the status nor the error member", keys)
		}
	}
	if len(envelope) == 0 {
		return nil, fmt.Errorf("slowEnvelope: no case reads a data message's type")
	}

	// The data messages.
	for _, cc := range switchCases(methods["decode"].Body, "typ") {
		keys, err := caseKeys(cc)
		if err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		for _, typ := range keys {
			calls := r.typedCalls(cc.Body, "")
			if len(calls) == 0 {
				return nil, fmt.Errorf("decode: the case %q calls no decoder method", typ)
			}
			for _, c := range calls {
				fields, err := r.fields(c.method, 0)
				if err != nil {
					return nil, err
				}
				out = append(out, decoderMessage{typ: typ, endpoint: c.endpoint, fields: append(slices.Clone(envelope), fields...)})
			}
		}
	}
	return out, nil
}

type decoderReader struct {
	methods map[string]*ast.FuncDecl
}

// typedCall is a decoder method called for a message type, and the
// endpoint whose frames it reads ("" for the type's current endpoint).
type typedCall struct {
	method, endpoint string
}

// typedCalls lists the decoder methods with a key switch called in body;
// calls in the body of `if d.v1Orders` read the deprecated private
// endpoint's frames.
func (r decoderReader) typedCalls(body []ast.Stmt, endpoint string) []typedCall {
	var out []typedCall
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.IfStmt:
				inner := endpoint
				if mentions([]ast.Stmt{&ast.ExprStmt{X: n.Cond}}, "v1Orders") {
					inner = spec.WSEndpointPrivateV1
				}
				out = append(out, r.typedCalls(n.Body.List, inner)...)
				if n.Else != nil {
					out = append(out, r.typedCalls([]ast.Stmt{n.Else}, endpoint)...)
				}
				return false
			case *ast.CallExpr:
				if m := r.decoderCall(n); m != "" {
					out = append(out, typedCall{m, endpoint})
				}
			}
			return true
		})
	}
	return out
}

// decoderCall returns the name of the method if call is d.<method>(…) of
// a decoder method with a key switch, else "".
func (r decoderReader) decoderCall(call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "d" {
		return ""
	}
	fn := r.methods[sel.Sel.Name]
	if fn == nil || len(switchCases(fn.Body, "key")) == 0 {
		return ""
	}
	return sel.Sel.Name
}

// fields returns the fields a decoder method reads.
func (r decoderReader) fields(method string, depth int) ([]decodedField, error) {
	if depth > 4 {
		return nil, fmt.Errorf("decoder method %s: nested too deep", method)
	}
	fn := r.methods[method]
	if fn == nil {
		return nil, fmt.Errorf("no decoder method %s", method)
	}
	var out []decodedField
	for _, cc := range switchCases(fn.Body, "key") {
		keys, err := caseKeys(cc)
		if err != nil {
			return nil, fmt.Errorf("decoder method %s: %w", method, err)
		}
		field := newDecodedField(keys)
		out = append(out, field)
		nested, err := r.nestedFields(cc.Body, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, prefixed(field, nested)...)
	}
	return out, nil
}

// nestedFields returns the fields of the decoder methods with a key
// switch that body calls (nil when it calls none).
func (r decoderReader) nestedFields(body []ast.Stmt, depth int) ([]decodedField, error) {
	var out []decodedField
	var err error
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || err != nil {
				return err == nil
			}
			if m := r.decoderCall(call); m != "" {
				var f []decodedField
				f, err = r.fields(m, depth+1)
				out = append(out, f...)
			}
			return true
		})
	}
	return out, err
}

func newDecodedField(keys []string) decodedField {
	f := decodedField{def: keys[0], simple: keys[0]}
	if len(keys) > 1 {
		f.simple = keys[1]
		f.aliases = keys[2:]
	}
	return f
}

// prefixed puts nested fields under parent. Aliases stay keys, as
// x-bithumb-ws-aliases lists them.
func prefixed(parent decodedField, nested []decodedField) []decodedField {
	out := make([]decodedField, 0, len(nested))
	for _, f := range nested {
		out = append(out, decodedField{def: parent.def + "." + f.def, simple: parent.simple + "." + f.simple, aliases: f.aliases})
	}
	return out
}

// switchCases returns the case clauses of every `switch string(<tag>)`
// in body, closures included.
func switchCases(body *ast.BlockStmt, tag string) []*ast.CaseClause {
	var out []*ast.CaseClause
	ast.Inspect(body, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok {
			return true
		}
		call, ok := sw.Tag.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		if fn, ok := call.Fun.(*ast.Ident); !ok || fn.Name != "string" {
			return true
		}
		if arg, ok := call.Args[0].(*ast.Ident); !ok || arg.Name != tag {
			return true
		}
		for _, st := range sw.Body.List {
			if cc, ok := st.(*ast.CaseClause); ok && cc.List != nil {
				out = append(out, cc)
			}
		}
		return true
	})
	return out
}

// caseKeys returns the string literals of a case clause.
func caseKeys(cc *ast.CaseClause) ([]string, error) {
	var keys []string
	for _, e := range cc.List {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return nil, fmt.Errorf("a case that is not a string literal")
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return nil, err
		}
		keys = append(keys, s)
	}
	return keys, nil
}

// mentions reports whether the identifier name occurs in body.
func mentions(body []ast.Stmt, name string) bool {
	found := false
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == name {
				found = true
			}
			return !found
		})
	}
	return found
}

// readWSClientSources reads the non-test Go files of package wsclient.
func readWSClientSources(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(wsclientDir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = data
	}
	if len(out) == 0 {
		t.Fatalf("no sources in %s", wsclientDir)
	}
	return out
}

// schemaSignature describes the value a property schema admits, without
// descriptions and extensions and through single-element allOf wrappers,
// so that a DEFAULT property and its SIMPLE twin can be compared.
func schemaSignature(s *openapi3.Schema) string {
	if s == nil {
		return "any"
	}
	if len(s.AllOf) == 1 && s.Type == nil && len(s.Properties) == 0 && s.Items == nil && len(s.OneOf) == 0 {
		return schemaSignature(s.AllOf[0].Value)
	}
	var parts []string
	if s.Type != nil {
		parts = append(parts, "type="+strings.Join(s.Type.Slice(), "|"))
	}
	if s.Format != "" {
		parts = append(parts, "format="+s.Format)
	}
	if s.Pattern != "" {
		parts = append(parts, "pattern="+s.Pattern)
	}
	if s.Nullable {
		parts = append(parts, "nullable")
	}
	if len(s.Enum) > 0 {
		e, _ := json.Marshal(s.Enum)
		parts = append(parts, "enum="+string(e))
	}
	for _, sub := range s.OneOf {
		parts = append(parts, "oneOf("+schemaSignature(sub.Value)+")")
	}
	if s.Items != nil {
		parts = append(parts, "items")
	}
	return strings.Join(parts, ",")
}

// schemaProperty returns the schema at a dotted path of a message schema
// (through objects and array items).
func schemaProperty(s *openapi3.Schema, path string) *openapi3.Schema {
	for _, name := range strings.Split(path, ".") {
		for s != nil && s.Items != nil {
			s = s.Items.Value
		}
		if s == nil {
			return nil
		}
		p := s.Properties[name]
		if p == nil {
			return nil
		}
		s = p.Value
	}
	return s
}

// wsDecoderProblems compares the decoder's field lists with the spec's
// message schemas, both ways: every schema has a decoder message of its
// type and endpoint, the DEFAULT and SIMPLE schemas' fields are exactly
// the decoder's DEFAULT and SIMPLE keys, the aliases the decoder accepts
// are the ones the schemas declare (x-bithumb-ws-aliases), and a DEFAULT
// property and its SIMPLE twin admit the same values.
func wsDecoderProblems(decoded []decoderMessage, msgs []spec.WSMessage) []string {
	var problems []string
	used := map[string]bool{}
	for _, dm := range decoded {
		label := dm.typ
		if dm.endpoint != "" {
			label += " (" + dm.endpoint + ")"
		}
		schemas := map[string]spec.WSMessage{}
		for _, format := range []string{spec.WSFormatDefault, spec.WSFormatSimple} {
			m, ok := spec.FindWSMessage(msgs, dm.typ, format, dm.endpoint)
			if !ok || (dm.endpoint != "" && m.Endpoint != dm.endpoint) {
				if format == spec.WSFormatDefault || (dm.typ != spec.WSTypeStatus && dm.typ != spec.WSTypeError) {
					problems = append(problems, fmt.Sprintf("the decoder reads %s messages, but no %s schema of the spec describes them", label, format))
				}
				continue
			}
			used[m.Name] = true
			schemas[format] = m
		}
		declared := map[string][]string{} // decoder key -> aliases the schemas declare
		for format, m := range schemas {
			paths, aliases := spec.WSFieldPaths(m.Schema)
			var keys []string
			for _, f := range dm.fields {
				k := f.def
				if format == spec.WSFormatSimple {
					k = f.simple
				}
				keys = append(keys, k)
				declared[f.def] = append(declared[f.def], aliases[k]...)
			}
			for _, k := range keys {
				if !slices.Contains(paths, k) {
					problems = append(problems, fmt.Sprintf("the decoder reads %s %s field %q, which schema %s lacks", label, format, k, m.Name))
				}
			}
			for _, p := range paths {
				if !slices.Contains(keys, p) {
					problems = append(problems, fmt.Sprintf("schema %s has field %q, which the decoder of %s messages does not read", m.Name, p, label))
				}
			}
		}
		for _, f := range dm.fields {
			want := slices.Clone(f.aliases)
			got := slices.Clone(declared[f.def])
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				problems = append(problems, fmt.Sprintf("%s field %q: the decoder accepts the aliases %q, the schemas declare %q", label, f.def, want, got))
			}
			def, simple := schemas[spec.WSFormatDefault], schemas[spec.WSFormatSimple]
			if def.Schema == nil || simple.Schema == nil {
				continue
			}
			d, s := schemaProperty(def.Schema, f.def), schemaProperty(simple.Schema, f.simple)
			if d == nil || s == nil || len(d.Properties) > 0 || len(s.Properties) > 0 {
				continue
			}
			if sd, ss := schemaSignature(d), schemaSignature(s); sd != ss {
				problems = append(problems, fmt.Sprintf("%s: %s.%s admits %s but %s.%s admits %s", label, def.Name, f.def, sd, simple.Name, f.simple, ss))
			}
		}
	}
	for _, m := range msgs {
		if !used[m.Name] {
			problems = append(problems, fmt.Sprintf("schema %s (%s %s) describes messages that the decoder does not read", m.Name, m.Type, m.Format))
		}
	}
	sort.Strings(problems)
	return problems
}

// TestWSDecoderMatchesSpec: every field of the spec's WebSocket message
// schemas is read by wsclient's decoder under the same key, in both
// formats, and every key the decoder reads is in the schemas (see
// wsDecoderProblems and readDecoder).
func TestWSDecoderMatchesSpec(t *testing.T) {
	decoded, err := readDecoder(readWSClientSources(t))
	if err != nil {
		t.Fatal(err)
	}
	msgs := loadWSMessages(t, loadSpec(t))
	for _, p := range wsDecoderProblems(decoded, msgs) {
		t.Error(p)
	}
	for _, dm := range decoded {
		t.Logf("%s %s: %d fields", dm.typ, dm.endpoint, len(dm.fields))
	}
}

// TestWSDecoderParityDetectsDrift proves that TestWSDecoderMatchesSpec can
// fail: a field added to or removed from either side, a changed alias, a
// SIMPLE twin of another type and a schema without a decoder are each
// reported.
func TestWSDecoderParityDetectsDrift(t *testing.T) {
	sources := readWSClientSources(t)
	editSource := func(t *testing.T, old, new string) map[string][]byte {
		t.Helper()
		src := sources["decode.go"]
		if !strings.Contains(string(src), old) {
			t.Fatalf("decode.go has no %q", old)
		}
		out := map[string][]byte{}
		for k, v := range sources {
			out[k] = v
		}
		out["decode.go"] = []byte(strings.Replace(string(src), old, new, 1))
		return out
	}
	editSpec := func(t *testing.T, edit func(map[string]*openapi3.Schema)) []spec.WSMessage {
		t.Helper()
		doc := loadSpec(t)
		byName := map[string]*openapi3.Schema{}
		for name, ref := range doc.Components.Schemas {
			byName[name] = ref.Value
		}
		edit(byName)
		return loadWSMessages(t, doc)
	}
	cases := []struct {
		name    string
		sources func(t *testing.T) map[string][]byte
		msgs    func(t *testing.T) []spec.WSMessage
		want    string
	}{
		{
			name: "decoder reads a new field",
			sources: func(t *testing.T) map[string][]byte {
				return editSource(t, `case "trade_volume", "tv":`, `case "best_ask_price", "bap":
			return sc.skip()
		case "trade_volume", "tv":`)
			},
			want: `"best_ask_price"`,
		},
		{
			name: "decoder drops a nested field",
			sources: func(t *testing.T) map[string][]byte {
				return editSource(t, `case "locked", "l":`, `case "locked_", "l_":`)
			},
			want: `"assets.locked"`,
		},
		{
			name: "decoder accepts a new alias",
			sources: func(t *testing.T) map[string][]byte {
				return editSource(t, `case "paid_fee", "pf":`, `case "paid_fee", "pf", "fee":`)
			},
			want: `"paid_fee": the decoder accepts the aliases`,
		},
		{
			name: "schema gains a field",
			msgs: func(t *testing.T) []spec.WSMessage {
				return editSpec(t, func(s map[string]*openapi3.Schema) {
					s["WsTrade"].Properties["best_bid_price"] = openapi3.NewSchemaRef("", openapi3.NewFloat64Schema())
				})
			},
			want: `schema WsTrade has field "best_bid_price"`,
		},
		{
			name: "SIMPLE schema loses a field",
			msgs: func(t *testing.T) []spec.WSMessage {
				return editSpec(t, func(s map[string]*openapi3.Schema) { delete(s["WsMyOrderV1Simple"].Properties, "tc") })
			},
			want: `field "tc", which schema WsMyOrderV1Simple lacks`,
		},
		{
			name: "SIMPLE twin of another type",
			msgs: func(t *testing.T) []spec.WSMessage {
				return editSpec(t, func(s map[string]*openapi3.Schema) {
					s["WsTickerSimple"].Properties["its"] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
				})
			},
			want: `WsTickerSimple.its admits type=string`,
		},
		{
			name: "schema without a decoder",
			msgs: func(t *testing.T) []spec.WSMessage {
				return editSpec(t, func(s map[string]*openapi3.Schema) {
					s["WsTicker"].Extensions["x-bithumb-ws-message"] = map[string]any{"type": "candle", "format": "DEFAULT"}
				})
			},
			want: "schema WsTicker (candle DEFAULT) describes messages that the decoder does not read",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := sources
			if c.sources != nil {
				src = c.sources(t)
			}
			var msgs []spec.WSMessage
			if c.msgs != nil {
				msgs = c.msgs(t)
			} else {
				msgs = loadWSMessages(t, loadSpec(t))
			}
			decoded, err := readDecoder(src)
			if err != nil {
				t.Fatal(err)
			}
			problems := wsDecoderProblems(decoded, msgs)
			for _, p := range problems {
				if strings.Contains(p, c.want) {
					t.Logf("reported as expected: %s", p)
					return
				}
			}
			t.Errorf("no problem mentions %q; got %q", c.want, problems)
		})
	}
}
