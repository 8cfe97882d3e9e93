package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/spec"
)

// specPath is the spec file, relative to this package's directory (the
// working directory of go test).
const specPath = "../spec/bithumb.yaml"

// restFixtureDir holds the repository's copy of the REST fixtures.
const restFixtureDir = "testdata/rest"

var defineFormatsOnce sync.Once

// defineFormats teaches kin-openapi the spec's custom string format
// "decimal". kin-openapi keeps format validators in a process-wide map, so
// this runs once, from TestMain; the map belongs to this test binary only.
func defineFormats() {
	defineFormatsOnce.Do(func() {
		openapi3.DefineStringFormatValidator("decimal", spec.DecimalFormat())
	})
}

func TestMain(m *testing.M) {
	defineFormats()
	os.Exit(m.Run())
}

// loadSpec loads spec/bithumb.yaml with kin-openapi's loader, resolving
// every $ref. Each call returns a fresh document, so tests may not disturb
// one another.
func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	return doc
}

// validateSpec validates doc as an OpenAPI 3.0 document, reporting every
// problem at once and rejecting schema formats that kin-openapi does not
// know (so a typo such as format: decimals fails).
func validateSpec(doc *openapi3.T) error {
	return doc.Validate(context.Background(),
		openapi3.EnableSchemaFormatValidation(),
		openapi3.EnableMultiError(),
	)
}

// operation is one operation of the spec with its method and path template.
type operation struct {
	Method string
	Path   string
	Op     *openapi3.Operation
}

// operations lists every operation of doc, sorted by path and method.
func operations(doc *openapi3.T) []operation {
	var ops []operation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, operation{Method: method, Path: path, Op: op})
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
	return ops
}

// name returns the operationId, or "METHOD path" when it has none.
func (o operation) name() string {
	if o.Op.OperationID != "" {
		return o.Op.OperationID
	}
	return o.Method + " " + o.Path
}

// restFixture is one file of testdata/rest: one HTTP exchange (see
// testdata/README.md).
type restFixture struct {
	// File is the file name, e.g. v1_ticker__live_2025.json.
	File string `json:"-"`

	Source      string          `json:"source"`
	Method      string          `json:"method"`
	Path        string          `json:"path"`
	Query       *string         `json:"query"`
	RequestBody json.RawMessage `json:"request_body"`
	Status      int             `json:"status"`
	Note        string          `json:"note"`
	Fragment    bool            `json:"fragment"`
	// Body is the verbatim response body, never decoded through float64.
	Body json.RawMessage `json:"body"`
}

// loadRESTFixtures reads every *.json file of testdata/rest, sorted by
// name. It fails on unknown fields and on missing method, path, status or
// body, so that a malformed fixture cannot pass silently.
func loadRESTFixtures(t testing.TB) []restFixture {
	t.Helper()
	return loadFixtures(t, restFixtureDir, func(fx *restFixture, file string) error {
		fx.File = file
		return fx.check()
	})
}

// loadFixtures reads every *.json file of dir, sorted by name, into a T,
// failing on a file with a member T does not have, then hands each to
// check with the file's base name; an error of check fails the test.
func loadFixtures[T any](t testing.TB, dir string, check func(fx *T, file string) error) []T {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	sort.Strings(files)
	out := make([]T, 0, len(files))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var fx T
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&fx); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := check(&fx, filepath.Base(file)); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, fx)
	}
	return out
}

// check reports a fixture that lacks a field the tests need.
func (fx restFixture) check() error {
	var missing []string
	if fx.Method == "" {
		missing = append(missing, "method")
	}
	if !strings.HasPrefix(fx.Path, "/") {
		missing = append(missing, "path")
	}
	if fx.Status < 100 || fx.Status > 599 {
		missing = append(missing, "status")
	}
	if len(fx.Body) == 0 {
		missing = append(missing, "body")
	}
	if len(missing) > 0 {
		return errors.New("missing or invalid " + strings.Join(missing, ", "))
	}
	return nil
}
