package srccheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// findInSources returns the non-test .go files under root that contain
// needle, skipping testdata and hidden directories.
func findInSources(t *testing.T, root, needle string) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), needle) {
			hits = append(hits, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// TestNoInsecureSkipVerify: no non-test source of the module sets
// InsecureSkipVerify (crypto/tls or any other package's), so the client
// always verifies the exchange's certificate chain and host name.
func TestNoInsecureSkipVerify(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	if n := len(findInSources(t, root, "package ")); n < 50 {
		t.Fatalf("only %d Go sources found under %s: the walk is broken", n, root)
	}
	for _, path := range findInSources(t, root, "InsecureSkipVerify") {
		t.Errorf("%s mentions InsecureSkipVerify", path)
	}
}

// TestFindInSourcesFindsIt: the scanner reports a non-test source that
// sets the field, and ignores tests and testdata.
func TestFindInSourcesFindsIt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const src = "package x\nvar c = tls.Config{InsecureSkipVerify: true}\n"
	write("a/bad.go", src)
	write("a/bad_test.go", src)
	write("a/testdata/bad.go", src)
	write("a/good.go", "package x\n")
	hits := findInSources(t, dir, "InsecureSkipVerify")
	if len(hits) != 1 || !strings.HasSuffix(hits[0], filepath.Join("a", "bad.go")) {
		t.Fatalf("found %v, want only a/bad.go", hits)
	}
}
