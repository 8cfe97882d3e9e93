package bithumb

import (
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkNew measures New with keys and the default per-category rate
// limiter, the most New does. The endpoint catalog is generated Go code,
// so New parses no spec; it should take well under a millisecond.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(WithKeys("bench-access-key", "bench-secret-key")); err != nil {
			b.Fatal(err)
		}
	}
}

// TestClientLinksNoSpec: no package the root package imports, directly or
// through other packages of this module, is package spec (which parses
// spec/bithumb.yaml) or an OpenAPI or YAML library. It reads the import
// declarations of the non-test sources, following the module's own
// packages.
func TestClientLinksNoSpec(t *testing.T) {
	t.Parallel()
	const module = "github.com/bithumb-go/bithumb"
	forbidden := []string{module + "/spec", "github.com/getkin/kin-openapi", "go.yaml.in/yaml", "gopkg.in/yaml", "github.com/oapi-codegen/oapi-codegen"}
	via := map[string]string{module: ""} // package → the package that imports it
	queue := []string{module}
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		for _, imp := range imports(t, "."+strings.TrimPrefix(pkg, module)) {
			for _, f := range forbidden {
				if imp == f || strings.HasPrefix(imp, f+"/") {
					chain := imp
					for p := pkg; p != ""; p = via[p] {
						chain = p + " → " + chain
					}
					t.Errorf("the client links %s: %s", f, chain)
				}
			}
			if _, seen := via[imp]; !seen && (imp == module || strings.HasPrefix(imp, module+"/")) {
				via[imp] = pkg
				queue = append(queue, imp)
			}
		}
	}
	if _, ok := via[module+"/catalog"]; !ok {
		t.Error("the walk never reached package catalog; it is broken")
	}
}

// imports returns the imports of the non-test Go files in dir, leaving out
// files built only with the tools tag.
func imports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if toolsOnly(f.Comments) {
			continue
		}
		for _, spec := range f.Imports {
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
		}
	}
	return out
}

// toolsOnly reports a //go:build line that needs the tools tag.
func toolsOnly(comments []*ast.CommentGroup) bool {
	for _, g := range comments {
		for _, c := range g.List {
			if !constraint.IsGoBuild(c.Text) {
				continue
			}
			expr, err := constraint.Parse(c.Text)
			if err == nil && !expr.Eval(func(tag string) bool { return tag != "tools" && tag != "ignore" }) {
				return true
			}
		}
	}
	return false
}
