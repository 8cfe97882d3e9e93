package bithumb

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// rootDoc returns the go doc of the root package, read from its non-test
// sources as `go doc` reads them.
func rootDoc(t *testing.T) (*doc.Package, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	p := pkgs["bithumb"]
	if p == nil {
		t.Fatal("package bithumb not found in .")
	}
	files := make([]*ast.File, 0, len(p.Files))
	for _, f := range p.Files {
		files = append(files, f)
	}
	d, err := doc.NewFromFiles(fset, files, "github.com/bithumb-go/bithumb")
	if err != nil {
		t.Fatal(err)
	}
	return d, fset
}

// generatedArtefact matches the names that only make sense inside package
// gen: oapi-codegen's nested types (X_Data_Item, ErrorDetail_Name), form
// bodies, request and response wrappers, union variants (ErrorDetailName0)
// and Bithumb's error envelopes, which the root package reports as
// *APIError.
var generatedArtefact = regexp.MustCompile(`_|FormdataBody$|RequestBody$|JSONResponse|HTTPResponse$|ResponseObject$|RequestObject$|Name[0-9]+$|Body[0-9]+$|^(ErrorResponse|GatewayError|NotFoundError)$`)

// unionHelper matches the methods oapi-codegen gives unions and types with
// additional properties.
var unionHelper = regexp.MustCompile(`^(As|From|Merge)[A-Z]|^(Get|Set)$`)

// TestNoGeneratedArtefactsExported: the root package exports no name of
// the generator's making, no union helper method, and no struct field whose
// type belongs to package gen, so that `go doc bithumb` reads as an API of
// its own.
func TestNoGeneratedArtefactsExported(t *testing.T) {
	t.Parallel()
	d, _ := rootDoc(t)
	check := func(kind, name string) {
		if generatedArtefact.MatchString(name) {
			t.Errorf("the root package exports %s %s, a generated artefact", kind, name)
		}
	}
	for _, v := range append(append([]*doc.Value{}, d.Consts...), d.Vars...) {
		for _, n := range v.Names {
			check("value", n)
		}
	}
	for _, f := range d.Funcs {
		check("func", f.Name)
	}
	if len(d.Types) < 100 {
		t.Fatalf("only %d types in the root package's doc: the check reads the wrong package", len(d.Types))
	}
	for _, typ := range d.Types {
		check("type", typ.Name)
		for _, v := range append(append([]*doc.Value{}, typ.Consts...), typ.Vars...) {
			for _, n := range v.Names {
				check("value", n)
			}
		}
		for _, f := range append(append([]*doc.Func{}, typ.Funcs...), typ.Methods...) {
			check("func", f.Name)
			if unionHelper.MatchString(f.Name) {
				t.Errorf("the root package exports %s.%s, a generated helper", typ.Name, f.Name)
			}
		}
		spec := typeSpec(typ)
		if spec == nil {
			continue
		}
		if sel, ok := spec.Type.(*ast.SelectorExpr); ok && spec.Assign.IsValid() && isGen(sel.X) {
			// An alias of gen's type is only allowed for an enum, whose
			// constants go doc then lists under it.
			if len(typ.Consts) == 0 {
				t.Errorf("type %s is an alias of gen.%s without constants", typ.Name, sel.Sel.Name)
			}
			continue
		}
		if st, ok := spec.Type.(*ast.StructType); ok {
			for _, f := range st.Fields.List {
				if len(f.Names) == 0 || !f.Names[0].IsExported() {
					continue
				}
				ast.Inspect(f.Type, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok && isGen(sel.X) {
						t.Errorf("field %s.%s has a type of package gen (gen.%s)", typ.Name, f.Names[0].Name, sel.Sel.Name)
					}
					return true
				})
			}
		}
	}
}

func isGen(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "gen"
}

func typeSpec(typ *doc.Type) *ast.TypeSpec {
	for _, s := range typ.Decl.Specs {
		if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == typ.Name {
			return ts
		}
	}
	return nil
}

// TestGoDocShowsFields: `go doc bithumb.PlaceOrderRequest` shows a struct
// whose every field has documentation, and so does every struct type that
// types_gen.go declares; `go doc bithumb.OrderSide` lists its constants.
func TestGoDocShowsFields(t *testing.T) {
	t.Parallel()
	d, fset := rootDoc(t)
	types := map[string]*doc.Type{}
	for _, typ := range d.Types {
		types[typ.Name] = typ
	}

	por := types["PlaceOrderRequest"]
	if por == nil {
		t.Fatal("no type PlaceOrderRequest")
	}
	if por.Doc == "" {
		t.Error("PlaceOrderRequest has no doc")
	}
	st, ok := typeSpec(por).Type.(*ast.StructType)
	if !ok {
		t.Fatalf("PlaceOrderRequest is %T, not a struct type whose fields go doc shows", typeSpec(por).Type)
	}
	fields := map[string]string{}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			fields[n.Name] = strings.TrimSpace(f.Doc.Text())
		}
	}
	for _, name := range []string{"Market", "Side", "OrderType", "Price", "Volume", "ClientOrderID", "TimeInForce"} {
		doc, ok := fields[name]
		switch {
		case !ok:
			t.Errorf("PlaceOrderRequest has no field %s", name)
		case doc == "":
			t.Errorf("PlaceOrderRequest.%s has no doc", name)
		}
	}
	if !strings.Contains(fields["Price"], "Limit price") {
		t.Errorf("PlaceOrderRequest.Price's doc is %q, not the spec's description", fields["Price"])
	}

	structs := 0
	for _, typ := range d.Types {
		if !strings.HasSuffix(fset.Position(typ.Decl.Pos()).Filename, "types_gen.go") {
			continue
		}
		st, ok := typeSpec(typ).Type.(*ast.StructType)
		if !ok {
			continue
		}
		structs++
		if typ.Doc == "" {
			t.Errorf("type %s has no doc", typ.Name)
		}
		for _, f := range st.Fields.List {
			if strings.TrimSpace(f.Doc.Text()) == "" {
				t.Errorf("field %s.%s has no doc", typ.Name, f.Names[0].Name)
			}
		}
	}
	if structs < 50 {
		t.Errorf("only %d struct types in types_gen.go", structs)
	}

	side := types["OrderSide"]
	if side == nil {
		t.Fatal("no type OrderSide")
	}
	var consts []string
	for _, v := range side.Consts {
		consts = append(consts, v.Names...)
	}
	if strings.Join(consts, " ") != "OrderSideAsk OrderSideBid" {
		t.Errorf("go doc OrderSide lists constants %v, want OrderSideAsk OrderSideBid", consts)
	}
}
