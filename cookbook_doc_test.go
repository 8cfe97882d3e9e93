package bithumb_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleMark precedes a Go block of docs/cookbook that is the body of a
// compiled Example: <!-- example: FILE FUNCTION -->, FILE relative to the
// repository's root.
var exampleMark = regexp.MustCompile("<!-- example: (\\S+) (\\S+) -->\n```go\n((?s:.*?))```\n")

// TestCookbookCodeIsCompiled: every marked block of the cookbook is, word
// for word, the body of the Example it names (without its Output
// comment), so the docs show code that compiles and whose output is
// checked.
func TestCookbookCodeIsCompiled(t *testing.T) {
	pages, err := filepath.Glob("docs/cookbook/*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no cookbook pages: %v", err)
	}
	marked := 0
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range exampleMark.FindAllStringSubmatch(string(data), -1) {
			marked++
			want, err := exampleBody(m[1], m[2])
			if err != nil {
				t.Errorf("%s: %v", page, err)
				continue
			}
			if m[3] != want {
				t.Errorf("%s: the block of %s %s is not its body; it should be:\n%s", page, m[1], m[2], want)
			}
		}
	}
	if marked < 5 {
		t.Errorf("only %d marked examples in the cookbook", marked)
	}
}

// exampleBody returns the body of function name in file, one tab of
// indentation removed, without the Output comment.
func exampleBody(file, name string) (string, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return "", err
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != name {
			continue
		}
		body := string(src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset])
		if i := strings.Index(body, "\t// Output:"); i >= 0 {
			body = body[:i]
		}
		var b strings.Builder
		for _, line := range strings.Split(strings.Trim(body, "\n"), "\n") {
			b.WriteString(strings.TrimPrefix(line, "\t") + "\n")
		}
		return b.String(), nil
	}
	return "", os.ErrNotExist
}
