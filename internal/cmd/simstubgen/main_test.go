package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestWriteJSONKeepsNumbersAsWritten converts YAML values to JSON: numbers
// keep every digit and their form, YAML-only number forms become JSON.
func TestWriteJSONKeepsNumbersAsWritten(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{`{a: 1.76373410121466379999997512, b: 50000000.0, c: 17853976619640001}`, `{"a":1.76373410121466379999997512,"b":50000000.0,"c":17853976619640001}`},
		{`[1, "2", null, true, ~, 'x"y', 1e5, .5, +3]`, `[1,"2",null,true,null,"x\"y",1e5,0.5,3]`},
		{`{s: "0.0025", n: "", k: 한글}`, `{"s":"0.0025","n":"","k":"한글"}`},
		{"base: &b {x: 1}\nuse: *b", `{"base":{"x":1},"use":{"x":1}}`},
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(tc.yaml), &doc); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := writeJSON(&buf, doc.Content[0]); err != nil {
			t.Errorf("%s: %v", tc.yaml, err)
		} else if buf.String() != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.yaml, buf.String(), tc.want)
		}
	}
}

const testSpec = `
openapi: 3.0.3
paths:
  /v1/a:
    get:
      operationId: listA
      responses:
        "404": {description: x, content: {application/json: {example: {error: 1}}}}
        "201": {$ref: "#/components/responses/Created"}
        "200": {description: no example, content: {application/json: {schema: {type: object}}}}
    post:
      operationId: placeA
      responses:
        "200":
          description: x
          content:
            application/json:
              examples:
                second: {value: [2]}
                first: {$ref: "#/components/examples/First"}
  /v1/b/{id}:
    parameters: []
    delete:
      operationId: cancelB
      responses:
        "200": {description: no content}
components:
  responses:
    Created: {description: y, content: {application/json: {example: {id: 7}}}}
  examples:
    First: {value: [1]}
`

// TestSpecOperations reads the documented example of each operation: the
// lowest 2xx response with a JSON example (through $refs), the first
// example by name, none when no 2xx response has one.
func TestSpecOperations(t *testing.T) {
	ops, err := specOperations([]byte(testSpec))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]operation{}
	for _, o := range ops {
		got[o.ID] = o
	}
	for _, want := range []operation{
		{ID: "listA", Method: "GET", Path: "/v1/a", Status: 201, Body: []byte(`{"id":7}`)},
		{ID: "placeA", Method: "POST", Path: "/v1/a", Status: 200, Body: []byte(`[1]`)},
		{ID: "cancelB", Method: "DELETE", Path: "/v1/b/{id}"},
	} {
		g := got[want.ID]
		if g.Method != want.Method || g.Path != want.Path || g.Status != want.Status || !bytes.Equal(g.Body, want.Body) {
			t.Errorf("%s: got %s %s %d %s, want %s %s %d %s", want.ID, g.Method, g.Path, g.Status, g.Body, want.Method, want.Path, want.Status, want.Body)
		}
	}
	if len(ops) != 3 {
		t.Errorf("%d operations, want 3", len(ops))
	}
	if _, err := specOperations([]byte("paths: {/x: {get: {responses: {}}}}")); err == nil || !strings.Contains(err.Error(), "operationId") {
		t.Errorf("an operation without operationId: %v", err)
	}
}

// TestFilesCompile checks that both outputs are valid Go with a method
// per operation, and that an operation without an example answers 501.
func TestFilesCompile(t *testing.T) {
	stubs := []stub{
		{Method: "ListA", operation: operation{ID: "listA", Method: "GET", Path: "/v1/a", Status: 200, Body: []byte("{\"a\":\"`\"}")}},
		{Method: "CancelB", operation: operation{ID: "cancelB", Method: "DELETE", Path: "/v1/b"}},
	}
	ex, err := examplesFile("api", stubs)
	if err != nil {
		t.Fatal(err)
	}
	vis, err := visitFile("sim", "rawResponse", "server.gen.go", stubs)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range [][]byte{ex, vis} {
		if _, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0); err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
	}
	for _, want := range []string{
		"func (Examples) ListA(context.Context, ListARequestObject) (ListAResponseObject, error)",
		"Status: 200, Body: []byte(\"{\\\"a\\\":\\\"`\\\"}\")",
		"return notImplemented(\"cancelB\"), nil",
		"func (r ExampleResponse) VisitCancelBResponse(w http.ResponseWriter) error",
	} {
		if !bytes.Contains(ex, []byte(want)) {
			t.Errorf("examples file lacks %s:\n%s", want, ex)
		}
	}
	if !bytes.Contains(vis, []byte("func (r rawResponse) VisitListAResponse(w http.ResponseWriter) error { return r.write(w) }")) {
		t.Errorf("visit file:\n%s", vis)
	}
}
