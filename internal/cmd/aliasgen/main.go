// Command aliasgen writes types_gen.go in the root package: the model,
// parameter and request types of package gen, declared again in package
// bithumb so that `go doc bithumb.PlaceOrderRequest` shows each field with
// its documentation, and programs import only package bithumb. It is run by
// `make generate` after oapi-codegen, and reads nothing but the generated
// file.
//
// Usage (from the repository root):
//
//	go run ./internal/cmd/aliasgen -gen gen/bithumb.gen.go -out types_gen.go
//
// What it writes, for each exported type of gen that is neither part of the
// generated client and server nor one of the exclusions below:
//
//   - A struct type becomes a defined struct type of the same name, with the
//     same fields and json tags and the field documentation of gen (which
//     comes from the spec's descriptions). A field without one is documented
//     by its enum values or its JSON key. Field types are the root package's
//     types, so the fields of a struct are structs of package bithumb too.
//   - A type with additional properties (the legacy API's objects) gets
//     MarshalJSON and UnmarshalJSON methods that go through gen's, so its
//     AdditionalProperties keep the keys the spec does not name.
//   - An enum stays an alias of gen's type (so its Valid method and the
//     generated client accept it unchanged), followed by its constants
//     declared with the alias's name, which go doc lists under the type.
//   - Types that the generated client takes as parameters or request bodies
//     get an unexported toGen method that converts them for the client:
//     for parameters (passed by pointer) func (v *T) toGen() *gen.T, for
//     bodies func (v T) toGen() gen.T. When the field types are identical
//     it is a plain conversion, otherwise a field-by-field copy.
//
// Exclusions and renames, so that the root package exports no artefact of
// the generator:
//
//   - Aliases (type X = Y: string formats such as MarketCode, wire and
//     decimal formats such as NumberOrString, parameter and response
//     components) are not exported; fields use the aliased type itself.
//   - Unions (oapi-codegen's structs around a json.RawMessage, with their
//     As/From/Merge methods and their variant aliases such as
//     ErrorDetailName0) are not exported. A field of a union type takes the
//     hand-written root type of unionTypes, or json.RawMessage.
//   - Bithumb's error envelopes (errorEnvelopes) are not exported: the root
//     package reports them as *APIError.
//   - The WebSocket message types (Ws*, wsMessageTypes) are not exported:
//     package wsclient decodes those messages into its own types.
//   - Form bodies XFormdataBody are named XForm; nested objects such as
//     LegacyNetworkInfoResponse_Data_Item are named LegacyNetworkInfoItem
//     (see rootName).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"log"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

func main() {
	genFile := flag.String("gen", "gen/bithumb.gen.go", "generated file to read")
	out := flag.String("out", "types_gen.go", "file to write")
	flag.Parse()
	src, err := generate(*genFile)
	if err != nil {
		log.Fatalf("aliasgen: %v", err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatalf("aliasgen: %v", err)
	}
}

// internalTypes matches the generated client's and server's own types,
// which the root package replaces or which only the simulator uses.
var internalTypes = regexp.MustCompile(`^(Client|ClientInterface|ClientOption|ClientWithResponses|ClientWithResponsesInterface|HttpRequestDoer|RequestEditorFn|ServerInterface|ServerInterfaceWrapper|StrictServerInterface|StrictHandlerFunc|StrictMiddlewareFunc|StrictHTTPServerOptions|MiddlewareFunc|ServeMux|StdHTTPServerOptions)$|HTTPResponse|RequestBody$|JSONResponse$|JSONResponseBody[0-9]*$|[0-9]{3}Response$|RequestObject$|ResponseObject$|ResponseHeaders$|ParamError$|HeaderError$|ParamFormatError$|ForParamError$`)

// wsMessageTypes matches the types of the spec's WebSocket message schemas
// (Ws*, see the spec's info.description) and of their fields. The REST
// client never sees these messages; package wsclient decodes them into
// its own event types, so the root package does not export them.
var wsMessageTypes = regexp.MustCompile(`^Ws[A-Z]`)

// errorEnvelopes are Bithumb's error bodies. The root package turns every
// one of them into an *APIError, so it does not export them.
var errorEnvelopes = map[string]bool{"ErrorResponse": true, "GatewayError": true}

// unionTypes names the hand-written root type that replaces a union in the
// fields of root types. Other unions become json.RawMessage.
var unionTypes = map[string]string{"ErrorDetail_Name": "ErrorDetailName"}

// rootName returns the root package's name for gen's type name.
func rootName(name string) string {
	if base, ok := strings.CutSuffix(name, "FormdataBody"); ok {
		return base + "Form"
	}
	parts := strings.Split(name, "_")
	if len(parts) == 1 {
		return name
	}
	// Parent_Field[_Item]: the type of a nested object or array item.
	rest := parts[1:]
	if len(rest) >= 2 && rest[0] == "Data" && rest[len(rest)-1] == "Item" {
		rest = rest[1:]
	}
	return strings.TrimSuffix(parts[0], "Response") + strings.Join(rest, "")
}

// kind is what a gen type becomes in the root package.
type kind int

const (
	skipped kind = iota
	structType
	enumType
	otherType // a defined type that is neither a struct nor an enum
)

type genType struct {
	name, root string
	spec       *ast.TypeSpec
	doc        string
	kind       kind
	consts     []constant
	additional bool // has AdditionalProperties and its own JSON methods
}

type constant struct {
	name, value string
}

type generator struct {
	fset   *token.FileSet
	types  map[string]*genType
	alias  map[string]ast.Expr // gen's aliases: name -> aliased type
	unions map[string]bool
	// conversions wanted, by root type name
	toGen, fromGen map[string]bool
	// params: root types the client takes by pointer
	params map[string]bool
	// bodies: gen's request body types defined on a model type
	// (type XFormdataRequestBody XFormdataBody), by the model type's name
	bodies map[string]string
	// bodyOf: the request body type that a root type's toGen returns
	bodyOf  map[string]string
	imports map[string]bool
}

func generate(genFile string) ([]byte, error) {
	g := &generator{
		fset:    token.NewFileSet(),
		types:   map[string]*genType{},
		alias:   map[string]ast.Expr{},
		unions:  map[string]bool{},
		toGen:   map[string]bool{},
		fromGen: map[string]bool{},
		params:  map[string]bool{},
		bodies:  map[string]string{},
		bodyOf:  map[string]string{},
		imports: map[string]bool{"github.com/bithumb-go/bithumb/gen": true},
	}
	f, err := parser.ParseFile(g.fset, genFile, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	if err := g.read(f); err != nil {
		return nil, err
	}
	return g.write()
}

// read classifies gen's declarations.
func (g *generator) read(f *ast.File) error {
	variants := map[string]bool{} // union variants (the X of AsX)
	var clientMethods []*ast.FuncDecl
	var consts []*ast.ValueSpec
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) != 1 {
				continue
			}
			recv := typeName(d.Recv.List[0].Type)
			switch {
			case recv == "Client" && d.Name.IsExported():
				clientMethods = append(clientMethods, d)
			case strings.HasPrefix(d.Name.Name, "As"):
				variants[strings.TrimPrefix(d.Name.Name, "As")] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					g.readType(d, s)
				case *ast.ValueSpec:
					if d.Tok == token.CONST {
						consts = append(consts, s)
					}
				}
			}
		}
	}
	for _, s := range consts {
		g.readConst(s)
	}
	for name := range variants {
		// A variant's alias (X0 = []Y) is not a type of its own; a
		// variant that is an object schema of the spec (OrderV2 in
		// SearchOrderRow) is.
		if t := g.types[name]; t != nil && t.kind != structType {
			delete(g.types, name)
		}
	}
	for _, t := range g.types {
		if g.unions[t.name] || errorEnvelopes[t.name] {
			t.kind = skipped
		}
		if t.kind == enumType && len(t.consts) == 0 {
			t.kind = otherType
		}
	}
	roots := map[string]string{}
	for _, t := range g.types {
		if t.kind == skipped {
			continue
		}
		if prev, dup := roots[t.root]; dup {
			return fmt.Errorf("gen types %s and %s would both be %s in the root package: add a rule to rootName", prev, t.name, t.root)
		}
		roots[t.root] = t.name
	}
	// What the generated client takes: parameters by pointer, bodies by
	// value.
	for _, m := range clientMethods {
		for _, p := range m.Type.Params.List {
			expr := p.Type
			star, isPtr := expr.(*ast.StarExpr)
			if isPtr {
				expr = star.X
			}
			body := ""
			if id, ok := expr.(*ast.Ident); ok && g.bodies[id.Name] != "" {
				body, expr = id.Name, ast.NewIdent(g.bodies[id.Name])
			}
			t := g.lookup(expr)
			if t == nil || t.kind != structType {
				continue
			}
			if isPtr {
				g.params[t.root] = true
			}
			if body != "" {
				g.bodyOf[t.root] = body
			}
			g.wantToGen(t)
		}
	}
	for _, t := range g.sorted() {
		if t.additional {
			g.wantToGen(t)
			g.wantFromGen(t)
		}
	}
	return nil
}

func (g *generator) readType(d *ast.GenDecl, s *ast.TypeSpec) {
	name := s.Name.Name
	if s.Assign.IsValid() {
		g.alias[name] = s.Type
		return
	}
	if id, ok := s.Type.(*ast.Ident); ok && strings.HasSuffix(name, "RequestBody") {
		g.bodies[name] = id.Name
	}
	if !s.Name.IsExported() || internalTypes.MatchString(name) || wsMessageTypes.MatchString(name) {
		return
	}
	t := &genType{name: name, root: rootName(name), spec: s, doc: commentText(d.Doc, s.Doc)}
	switch u := s.Type.(type) {
	case *ast.StructType:
		t.kind = structType
		for _, fld := range u.Fields.List {
			for _, n := range fld.Names {
				switch n.Name {
				case "union":
					g.unions[name] = true
				case "AdditionalProperties":
					t.additional = true
				}
			}
		}
	case *ast.Ident:
		t.kind = enumType // until it turns out to have no constants
	default:
		t.kind = otherType
	}
	g.types[name] = t
}

func (g *generator) readConst(s *ast.ValueSpec) {
	id, ok := s.Type.(*ast.Ident)
	if !ok || len(s.Values) != len(s.Names) {
		return
	}
	t := g.types[id.Name]
	if t == nil {
		return
	}
	for i, n := range s.Names {
		if n.IsExported() {
			t.consts = append(t.consts, constant{n.Name, g.print(s.Values[i])})
		}
	}
}

func (g *generator) sorted() []*genType {
	var ts []*genType
	for _, t := range g.types {
		if t.kind != skipped {
			ts = append(ts, t)
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].root < ts[j].root })
	return ts
}

// lookup returns the exported gen type that expr names, through aliases.
func (g *generator) lookup(expr ast.Expr) *genType {
	for {
		id, ok := expr.(*ast.Ident)
		if !ok {
			return nil
		}
		if a, ok := g.alias[id.Name]; ok {
			expr = a
			continue
		}
		t := g.types[id.Name]
		if t == nil || t.kind == skipped {
			return nil
		}
		return t
	}
}

// resolve follows gen's aliases.
func (g *generator) resolve(expr ast.Expr) ast.Expr {
	for {
		id, ok := expr.(*ast.Ident)
		if !ok {
			return expr
		}
		a, ok := g.alias[id.Name]
		if !ok {
			return expr
		}
		expr = a
	}
}

// wantToGen records that t, and every type its fields need converted,
// gets a toGen method.
func (g *generator) wantToGen(t *genType) {
	if g.toGen[t.root] {
		return
	}
	g.toGen[t.root] = true
	g.walkFields(t, g.wantToGen)
}

// wantFromGen records that t, and every type its fields need converted,
// gets a fromGen function.
func (g *generator) wantFromGen(t *genType) {
	if g.fromGen[t.root] {
		return
	}
	g.fromGen[t.root] = true
	g.walkFields(t, g.wantFromGen)
}

// walkFields calls f for each struct type named in t's fields that is
// not identical in gen and in the root package.
func (g *generator) walkFields(t *genType, f func(*genType)) {
	if g.convertible(t) {
		return
	}
	eachIdent(t.spec.Type, func(id *ast.Ident) {
		if u := g.lookup(id); u != nil && u.kind == structType {
			f(u)
		}
	})
}

// eachIdent calls f for each type name in expr, in the fields of struct
// types too; it never visits field names or package names.
func eachIdent(expr ast.Expr, f func(*ast.Ident)) {
	switch e := expr.(type) {
	case *ast.Ident:
		f(e)
	case *ast.StarExpr:
		eachIdent(e.X, f)
	case *ast.ArrayType:
		eachIdent(e.Elt, f)
	case *ast.MapType:
		eachIdent(e.Key, f)
		eachIdent(e.Value, f)
	case *ast.StructType:
		for _, fld := range e.Fields.List {
			eachIdent(fld.Type, f)
		}
	}
}

// identical reports whether expr denotes the same type in gen and, mapped,
// in the root package: true unless it involves a struct type declared
// again in the root package, or a union.
func (g *generator) identical(expr ast.Expr) bool {
	same := true
	eachIdent(expr, func(id *ast.Ident) {
		if r := g.resolve(id); r != ast.Expr(id) {
			if !g.identical(r) {
				same = false
			}
			return
		}
		if g.unions[id.Name] {
			same = false
		}
		if t := g.types[id.Name]; t != nil && (t.kind == structType || t.kind == otherType) {
			same = false
		}
	})
	return same
}

// convertible reports whether gen.T(v) converts a root value of t: whether
// all of t's field types are identical.
func (g *generator) convertible(t *genType) bool {
	st, ok := t.spec.Type.(*ast.StructType)
	if !ok {
		return true
	}
	for _, f := range st.Fields.List {
		if !g.identical(f.Type) {
			return false
		}
	}
	return true
}

// rootType writes expr as a type of the root package.
func (g *generator) rootType(expr ast.Expr, indent string) string {
	switch e := expr.(type) {
	case *ast.Ident:
		if r := g.resolve(e); r != ast.Expr(e) {
			return g.rootType(r, indent)
		}
		if repl, ok := unionTypes[e.Name]; ok && g.unions[e.Name] {
			return repl
		}
		if g.unions[e.Name] {
			g.imports["encoding/json"] = true
			return "json.RawMessage"
		}
		if t := g.types[e.Name]; t != nil && t.kind != skipped {
			return t.root
		}
		if ast.IsExported(e.Name) {
			// An excluded type of gen (an error envelope).
			return "gen." + e.Name
		}
		return e.Name
	case *ast.StarExpr:
		return "*" + g.rootType(e.X, indent)
	case *ast.ArrayType:
		n := ""
		if e.Len != nil {
			n = g.print(e.Len)
		}
		return "[" + n + "]" + g.rootType(e.Elt, indent)
	case *ast.MapType:
		return "map[" + g.rootType(e.Key, indent) + "]" + g.rootType(e.Value, indent)
	case *ast.SelectorExpr:
		g.importOf(e)
		return g.print(e)
	case *ast.InterfaceType:
		if e.Methods == nil || len(e.Methods.List) == 0 {
			return "any"
		}
		return g.print(e)
	case *ast.StructType:
		var b strings.Builder
		b.WriteString("struct {\n")
		g.writeFields(&b, e, indent+"\t", "")
		b.WriteString(indent + "}")
		return b.String()
	}
	return g.print(expr)
}

// genType writes expr as a type of package gen, seen from the root
// package.
func (g *generator) genType(expr ast.Expr) string {
	var b bytes.Buffer
	qualified := qualify(expr)
	printer.Fprint(&b, g.fset, qualified)
	return b.String()
}

// qualify returns a copy of expr with gen's exported names qualified.
func qualify(expr ast.Expr) ast.Expr {
	switch e := expr.(type) {
	case *ast.Ident:
		if ast.IsExported(e.Name) {
			return &ast.SelectorExpr{X: ast.NewIdent("gen"), Sel: ast.NewIdent(e.Name)}
		}
		return e
	case *ast.StarExpr:
		return &ast.StarExpr{X: qualify(e.X)}
	case *ast.ArrayType:
		return &ast.ArrayType{Len: e.Len, Elt: qualify(e.Elt)}
	case *ast.MapType:
		return &ast.MapType{Key: qualify(e.Key), Value: qualify(e.Value)}
	}
	return expr
}

var knownImports = map[string]string{
	"decimal": "github.com/bithumb-go/bithumb/decimal",
	"wire":    "github.com/bithumb-go/bithumb/wire",
	"time":    "time",
	"json":    "encoding/json",
}

func (g *generator) importOf(e *ast.SelectorExpr) {
	if x, ok := e.X.(*ast.Ident); ok {
		if path, ok := knownImports[x.Name]; ok {
			g.imports[path] = true
			return
		}
		log.Fatalf("aliasgen: unknown package %s in gen's types: add it to knownImports", x.Name)
	}
}

// writeFields writes the fields of a struct type, each with its
// documentation.
func (g *generator) writeFields(b *strings.Builder, st *ast.StructType, indent, owner string) {
	for i, f := range st.Fields.List {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, n := range f.Names {
			for _, line := range strings.Split(g.fieldDoc(n.Name, f, owner), "\n") {
				if line == "" {
					b.WriteString(indent + "//\n")
				} else {
					b.WriteString(indent + "// " + line + "\n")
				}
			}
			fmt.Fprintf(b, "%s%s %s", indent, n.Name, g.rootType(f.Type, indent))
			if tag := jsonTag(f); tag != "" {
				fmt.Fprintf(b, " `json:%s`", strconv.Quote(tag))
			}
			b.WriteString("\n")
		}
	}
}

// jsonTag returns the json key of a field's tag, without the form tag
// that only gen's encoder reads.
func jsonTag(f *ast.Field) string {
	if f.Tag == nil {
		return ""
	}
	tag, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return ""
	}
	return reflectTag(tag, "json")
}

// reflectTag is reflect.StructTag.Get.
func reflectTag(tag, key string) string {
	for tag != "" {
		i := 0
		for i < len(tag) && tag[i] == ' ' {
			i++
		}
		tag = tag[i:]
		i = 0
		for i < len(tag) && tag[i] > ' ' && tag[i] != ':' && tag[i] != '"' {
			i++
		}
		if i == 0 || i+1 >= len(tag) || tag[i] != ':' || tag[i+1] != '"' {
			return ""
		}
		name := tag[:i]
		tag = tag[i+1:]
		i = 1
		for i < len(tag) && tag[i] != '"' {
			if tag[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(tag) {
			return ""
		}
		qvalue := tag[:i+1]
		tag = tag[i+1:]
		if name == key {
			v, _ := strconv.Unquote(qvalue)
			return v
		}
	}
	return ""
}

// fieldDoc returns the documentation of a field of the struct type owner:
// gen's, without the leading field name, or else its enum values, or else
// its name on the wire.
func (g *generator) fieldDoc(name string, f *ast.Field, owner string) string {
	if f.Doc != nil {
		text := strings.TrimSpace(f.Doc.Text())
		text = strings.TrimPrefix(text, name+" ")
		if text != "" {
			return text
		}
	}
	if name == "AdditionalProperties" {
		return "AdditionalProperties holds the keys that the spec does not name."
	}
	if t := g.lookup(elem(f.Type)); t != nil && t.kind == enumType {
		values := make([]string, len(t.consts))
		for i, c := range t.consts {
			values[i] = strings.Trim(c.value, `"`)
		}
		return "One of " + strings.Join(values, ", ") + " (the " + t.root + " constants)."
	}
	key, _, _ := strings.Cut(jsonTag(f), ",")
	if key == "" {
		return name + " has no documentation in the spec."
	}
	switch {
	case strings.HasSuffix(owner, "Params"):
		return "The parameter " + strconv.Quote(key) + "."
	case strings.HasSuffix(owner, "Form"):
		return "The form field " + strconv.Quote(key) + "."
	}
	return "The JSON key " + strconv.Quote(key) + "."
}

// elem strips pointers and slices.
func elem(expr ast.Expr) ast.Expr {
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.ArrayType:
			expr = e.Elt
		default:
			return expr
		}
	}
}

// conv returns the expression that converts src of gen type expr to the
// root type (toGen false) or back (toGen true).
func (g *generator) conv(src string, expr ast.Expr, toGen bool) string {
	if g.identical(expr) {
		return src
	}
	switch e := expr.(type) {
	case *ast.Ident:
		if r := g.resolve(e); r != ast.Expr(e) {
			return g.conv(src, r, toGen)
		}
		t := g.types[e.Name]
		if t == nil || t.kind != structType {
			log.Fatalf("aliasgen: cannot convert %s of type %s", src, e.Name)
		}
		switch {
		case toGen:
			return src + ".toGen()"
		default:
			return "fromGen" + t.root + "(" + src + ")"
		}
	case *ast.StarExpr, *ast.ArrayType, *ast.MapType:
		var inner ast.Expr
		helper := ""
		switch e := e.(type) {
		case *ast.StarExpr:
			inner, helper = e.X, "convertPtr"
		case *ast.ArrayType:
			if e.Len != nil {
				log.Fatalf("aliasgen: cannot convert arrays (%s)", src)
			}
			inner, helper = e.Elt, "convertSlice"
		case *ast.MapType:
			inner, helper = e.Value, "convertMap"
		}
		from, to := g.genType(inner), g.rootType(inner, "")
		if toGen {
			from, to = to, from
		}
		g.imports["helper:"+helper] = true
		return fmt.Sprintf("%s(%s, func(v %s) %s { return %s })", helper, src, from, to, g.conv("v", inner, toGen))
	}
	log.Fatalf("aliasgen: cannot convert %s (%s)", src, g.print(expr))
	return ""
}

func (g *generator) write() ([]byte, error) {
	var body strings.Builder
	for _, t := range g.sorted() {
		g.writeType(&body, t)
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/cmd/aliasgen from gen/bithumb.gen.go. DO NOT EDIT.\n\n")
	b.WriteString("package bithumb\n\nimport (\n")
	var paths []string
	for p := range g.imports {
		if !strings.HasPrefix(p, "helper:") {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	for _, p := range paths {
		fmt.Fprintf(&b, "\t%q\n", p)
	}
	b.WriteString(")\n\n")
	b.WriteString(body.String())
	if g.imports["helper:convertPtr"] {
		b.WriteString(`// convertPtr converts *p with f; nil stays nil.
func convertPtr[A, B any](p *A, f func(A) B) *B {
	if p == nil {
		return nil
	}
	v := f(*p)
	return &v
}

`)
	}
	if g.imports["helper:convertSlice"] {
		b.WriteString(`// convertSlice converts each element of s with f; nil stays nil.
func convertSlice[A, B any](s []A, f func(A) B) []B {
	if s == nil {
		return nil
	}
	out := make([]B, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

`)
	}
	if g.imports["helper:convertMap"] {
		b.WriteString(`// convertMap converts each value of m with f; nil stays nil.
func convertMap[K comparable, A, B any](m map[K]A, f func(A) B) map[K]B {
	if m == nil {
		return nil
	}
	out := make(map[K]B, len(m))
	for k, v := range m {
		out[k] = f(v)
	}
	return out
}
`)
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the output: %w\n%s", err, b.Bytes())
	}
	return src, nil
}

func (g *generator) writeType(b *strings.Builder, t *genType) {
	for _, line := range strings.Split(docText(t), "\n") {
		if line == "" {
			b.WriteString("//\n")
		} else {
			b.WriteString("// " + line + "\n")
		}
	}
	switch t.kind {
	case enumType:
		fmt.Fprintf(b, "type %s = gen.%s\n\n", t.root, t.name)
		fmt.Fprintf(b, "// The values of %s.\nconst (\n", t.root)
		for _, c := range t.consts {
			fmt.Fprintf(b, "\t%s %s = %s\n", c.name, t.root, c.value)
		}
		b.WriteString(")\n\n")
		return
	case otherType:
		fmt.Fprintf(b, "type %s %s\n\n", t.root, g.rootType(t.spec.Type, ""))
		return
	}
	st := t.spec.Type.(*ast.StructType)
	fmt.Fprintf(b, "type %s struct {\n", t.root)
	g.writeFields(b, st, "\t", t.root)
	b.WriteString("}\n\n")

	convertible := g.convertible(t)
	if g.toGen[t.root] {
		switch {
		case g.params[t.root] && convertible:
			fmt.Fprintf(b, "// toGen returns v as the generated client's parameters.\nfunc (v *%s) toGen() *gen.%s { return (*gen.%s)(v) }\n\n", t.root, t.name, t.name)
		case g.params[t.root]:
			fmt.Fprintf(b, "// toGen returns v as the generated client's parameters.\nfunc (v *%s) toGen() *gen.%s {\n\tif v == nil {\n\t\treturn nil\n\t}\n\tout := %s\n\treturn &out\n}\n\n", t.root, t.name, g.structConv("(*v)", t, st, true))
		case convertible && g.bodyOf[t.root] != "":
			body := g.bodyOf[t.root]
			fmt.Fprintf(b, "// toGen returns v as the generated client's request body.\nfunc (v %s) toGen() gen.%s { return gen.%s(v) }\n\n", t.root, body, body)
		case convertible:
			fmt.Fprintf(b, "// toGen returns v as the generated client's type.\nfunc (v %s) toGen() gen.%s { return gen.%s(v) }\n\n", t.root, t.name, t.name)
		default:
			fmt.Fprintf(b, "// toGen returns v as the generated client's type.\nfunc (v %s) toGen() gen.%s {\n\treturn %s\n}\n\n", t.root, t.name, g.structConv("v", t, st, true))
		}
	}
	if g.fromGen[t.root] {
		if convertible {
			fmt.Fprintf(b, "// fromGen%s returns the generated client's value as a %s.\nfunc fromGen%s(v gen.%s) %s { return %s(v) }\n\n", t.root, t.root, t.root, t.name, t.root, t.root)
		} else {
			fmt.Fprintf(b, "// fromGen%s returns the generated client's value as a %s.\nfunc fromGen%s(v gen.%s) %s {\n\treturn %s\n}\n\n", t.root, t.root, t.root, t.name, t.root, g.structConv("v", t, st, false))
		}
	}
	if t.additional {
		g.imports["encoding/json"] = true
		fmt.Fprintf(b, `// UnmarshalJSON decodes the fields of the spec, and every other key into
// AdditionalProperties.
func (v *%s) UnmarshalJSON(b []byte) error {
	var g gen.%s
	if err := json.Unmarshal(b, &g); err != nil {
		return err
	}
	*v = fromGen%s(g)
	return nil
}

// MarshalJSON encodes the fields of the spec and AdditionalProperties.
func (v %s) MarshalJSON() ([]byte, error) { return json.Marshal(v.toGen()) }

`, t.root, t.name, t.root, t.root)
	}
}

// structConv returns a composite literal converting src, a struct of type
// t, field by field.
func (g *generator) structConv(src string, t *genType, st *ast.StructType, toGen bool) string {
	var b strings.Builder
	if toGen {
		b.WriteString("gen." + t.name + "{\n")
	} else {
		b.WriteString(t.root + "{\n")
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			fmt.Fprintf(&b, "\t\t%s: %s,\n", n.Name, g.conv(src+"."+n.Name, f.Type, toGen))
		}
	}
	b.WriteString("\t}")
	return b.String()
}

// docText returns the doc comment of a type, rewritten so that it reads as
// the root type's own comment.
func docText(t *genType) string {
	name, text := t.name, t.doc
	root := t.root
	switch {
	case text == "":
		return root + " is an object of the API (see spec/bithumb.yaml)."
	case t.kind == enumType && strings.HasPrefix(text, name+" defines model for "):
		return root + " is the type of the values of " + strings.TrimSuffix(strings.TrimPrefix(text, name+" defines model for "), ".") + " in spec/bithumb.yaml."
	case t.kind == enumType && strings.HasPrefix(text, name+" defines parameters for "):
		return root + " is the type of the values of a parameter of " + strings.TrimPrefix(text, name+" defines parameters for ")
	case strings.HasPrefix(text, name+" defines model for "):
		return root + " is the API object " + strings.TrimSuffix(strings.TrimPrefix(text, name+" defines model for "), ".") + " of spec/bithumb.yaml."
	case strings.HasPrefix(text, name+" defines parameters for "):
		return root + " holds the parameters of " + strings.TrimPrefix(text, name+" defines parameters for ")
	case strings.HasPrefix(text, name+" defines "):
		return root + " holds the " + strings.TrimPrefix(text, name+" defines ")
	case strings.HasPrefix(text, name+" "):
		return root + ": " + strings.TrimPrefix(text, name+" ")
	}
	return text
}

func commentText(groups ...*ast.CommentGroup) string {
	for _, g := range groups {
		if g == nil {
			continue
		}
		if text := strings.TrimSpace(g.Text()); text != "" {
			return text
		}
	}
	return ""
}

func typeName(expr ast.Expr) string {
	if s, ok := expr.(*ast.StarExpr); ok {
		expr = s.X
	}
	if id, ok := expr.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func (g *generator) print(n ast.Node) string {
	var b bytes.Buffer
	printer.Fprint(&b, g.fset, n)
	return b.String()
}
