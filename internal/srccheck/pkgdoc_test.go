package srccheck

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEveryPackageHasAPackageComment: every package of the module opens its
// `go doc` with a comment of its own, "Package x ..." (or "Command x ..."
// for a main package), and no generator's boilerplate comes first: go doc
// shows the package comments of all files in file-name order.
func TestEveryPackageHasAPackageComment(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	dirs := map[string][]string{} // directory → its non-test .go files, sorted
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			dirs[filepath.Dir(path)] = append(dirs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 20 {
		t.Fatalf("found %d packages: is the module root %s?", len(dirs), root)
	}
	for dir, files := range dirs {
		slices.Sort(files)
		var first, pkg string
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			pkg = f.Name.Name
			if f.Doc != nil && first == "" {
				first = f.Doc.Text()
			}
		}
		want := "Package " + pkg + " "
		if pkg == "main" {
			want = "Command "
		}
		if !strings.HasPrefix(first, want) || strings.Contains(first, "provides primitives to interact with") {
			rel, _ := filepath.Rel(root, dir)
			t.Errorf("%s: go doc opens with %q, want %q…", rel, firstLine(first), want)
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
