package sim

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/sim/internal/api"
)

// exampleMark is the extension by which the spec marks an operation that
// the simulator answers from its response example (api.Examples), until
// someone writes its handler: x-bithumb-sim: example.
const exampleMark = "x-bithumb-sim"

// specOperation is an operation of the spec with its Go method name.
type specOperation struct {
	id, method, path, goName string
	op                       *openapi3.Operation
	// example: the spec marks it x-bithumb-sim: example.
	example bool
}

// specOperations lists the operations of the spec, each with the name of
// its method of api.StrictServerInterface.
func specOperations(t *testing.T) []specOperation {
	t.Helper()
	iface := reflect.TypeFor[api.StrictServerInterface]()
	goNames := map[string]string{}
	for i := range iface.NumMethod() {
		goNames[strings.ToLower(iface.Method(i).Name)] = iface.Method(i).Name
	}
	doc := specDoc(t)
	var ops []specOperation
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			o := specOperation{id: op.OperationID, method: method, path: path, op: op, goName: goNames[strings.ToLower(op.OperationID)]}
			if o.goName == "" {
				t.Fatalf("%s has no method in api.StrictServerInterface: run make generate", o.id)
			}
			if v, ok := op.Extensions[exampleMark]; ok {
				if v != "example" {
					t.Errorf("%s: %s: %v, want example", o.id, exampleMark, v)
				}
				o.example = true
			}
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].id < ops[j].id })
	return ops
}

// handwritten returns the methods declared on *handlers in the package's
// (non-test) source files.
func handwritten(t *testing.T) map[string]bool {
	t.Helper()
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]bool{}
	for _, e := range files {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
				continue
			}
			if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok && id.Name == "handlers" {
					out[fd.Name.Name] = true
				}
			}
		}
	}
	return out
}

// TestExampleOperations checks which operations the simulator answers
// from the spec's example: exactly those the spec marks x-bithumb-sim:
// example. Every other operation needs a handler written in this package;
// a marked one must not have one (the mark would hide that it is
// simulated). A marked operation answers its example when called, and
// one that a client can call without parameters (a public GET) answers it
// over HTTP, through the simulator's rate limiting and routing, in a form
// the spec accepts.
func TestExampleOperations(t *testing.T) {
	ops := specOperations(t)
	own := handwritten(t)
	h := reflect.ValueOf(&handlers{})
	var f *fixture
	for _, o := range ops {
		switch {
		case !o.example && !own[o.goName]:
			t.Errorf("%s (%s %s) has no handler: write (*handlers).%s, or mark the operation %s: example in the spec to answer its example",
				o.id, o.method, o.path, o.goName, exampleMark)
			continue
		case o.example && own[o.goName]:
			t.Errorf("%s has a handler, (*handlers).%s, but the spec marks it %s: example: remove the mark", o.id, o.goName, exampleMark)
			continue
		case !o.example:
			continue
		}
		m := h.MethodByName(o.goName)
		out := m.Call([]reflect.Value{reflect.ValueOf(context.Background()), reflect.New(m.Type().In(1)).Elem()})
		if r, ok := out[0].Interface().(api.ExampleResponse); !ok || r.OperationID != o.id {
			t.Errorf("%s: the handlers answer %#v, not its example", o.id, out[0].Interface())
			continue
		}
		if o.method != http.MethodGet || (o.op.Security != nil && len(*o.op.Security) > 0) || hasRequired(o) {
			continue
		}
		if f == nil {
			f = newFixture(t)
		}
		resp, err := f.ts.Client().Get(f.ts.URL + o.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 != 2 || resp.Header.Get(api.ExampleHeader) != o.id || resp.Header.Get("X-Ratelimit-Remaining") == "" {
			t.Errorf("GET %s: %d %s=%q %s", o.path, resp.StatusCode, api.ExampleHeader, resp.Header.Get(api.ExampleHeader), body)
		}
		f.v.mu.Lock()
		if f.v.checked[o.id] == 0 {
			t.Errorf("GET %s: the answer was not validated against the spec", o.path)
		}
		f.v.mu.Unlock()
		t.Logf("%s: answered its example over HTTP", o.id)
	}
}

// hasRequired reports whether the operation has a required parameter, or
// a path parameter.
func hasRequired(o specOperation) bool {
	if strings.Contains(o.path, "{") {
		return true
	}
	for _, p := range o.op.Parameters {
		if p.Value != nil && p.Value.Required {
			return true
		}
	}
	return false
}
