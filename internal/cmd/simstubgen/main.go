// Command simstubgen writes the two files that let the simulator serve an
// operation of spec/bithumb.yaml before anyone writes its handler. It is run
// by `make generate` after oapi-codegen has generated the simulator's
// server (sim/internal/api/server.gen.go).
//
// Usage (from the repository root):
//
//	go run ./internal/cmd/simstubgen -spec spec/bithumb.yaml \
//		-server sim/internal/api/server.gen.go \
//		-examples sim/internal/api/examples.gen.go -visit sim/visit_gen.go
//
// It writes:
//
//   - -examples, in the server's package: type Examples, with one method per
//     method of StrictServerInterface. Each answers the operation's
//     documented example: the JSON example (example, or the first of
//     examples by name) of its lowest 2xx response that has one, with that
//     status, as an ExampleResponse (declared by hand in the same package).
//     An operation without such an example answers 501 not_implemented.
//     ExampleResponse gets the Visit method of every operation, so that it
//     is a response object of each.
//   - -visit, in package sim: the Visit method of every operation for
//     sim's rawResponse, the error and raw bodies its handlers return.
//
// The simulator's handlers struct embeds Examples, so a method written by
// hand wins by Go's method promotion and every other operation answers its
// example. Examples are copied from the spec's YAML text, so their numbers
// keep every digit.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("simstubgen: ")
	specPath := flag.String("spec", "spec/bithumb.yaml", "the OpenAPI document")
	serverPath := flag.String("server", "sim/internal/api/server.gen.go", "the generated strict server")
	examplesPath := flag.String("examples", "sim/internal/api/examples.gen.go", "the Examples file to write (server's package)")
	visitPath := flag.String("visit", "sim/visit_gen.go", "the rawResponse Visit methods to write (package sim)")
	visitPkg := flag.String("visit-package", "sim", "the package of -visit")
	visitType := flag.String("visit-type", "rawResponse", "the type of -visit that gets the Visit methods")
	flag.Parse()

	methods, pkg, err := strictMethods(*serverPath)
	if err != nil {
		log.Fatal(err)
	}
	text, err := os.ReadFile(*specPath)
	if err != nil {
		log.Fatal(err)
	}
	ops, err := specOperations(text)
	if err != nil {
		log.Fatal(err)
	}
	byFold := map[string]operation{}
	for _, o := range ops {
		byFold[strings.ToLower(o.ID)] = o
	}
	var matched []stub
	for _, m := range methods {
		o, ok := byFold[strings.ToLower(m)]
		if !ok {
			log.Fatalf("%s: StrictServerInterface method %s has no operation in %s", *serverPath, m, *specPath)
		}
		delete(byFold, strings.ToLower(m))
		matched = append(matched, stub{Method: m, operation: o})
	}
	for _, o := range byFold {
		log.Fatalf("operation %s (%s %s) has no method in %s: regenerate it first", o.ID, o.Method, o.Path, *serverPath)
	}

	src, err := examplesFile(pkg, matched)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*examplesPath, src, 0o644); err != nil {
		log.Fatal(err)
	}
	src, err = visitFile(*visitPkg, *visitType, *serverPath, matched)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*visitPath, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// strictMethods returns the method names of StrictServerInterface in
// path, in their order, and the file's package name.
func strictMethods(path string) ([]string, string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, "", err
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			ts := s.(*ast.TypeSpec)
			it, ok := ts.Type.(*ast.InterfaceType)
			if !ok || ts.Name.Name != "StrictServerInterface" {
				continue
			}
			var names []string
			for _, m := range it.Methods.List {
				for _, n := range m.Names {
					names = append(names, n.Name)
				}
			}
			if len(names) == 0 {
				return nil, "", fmt.Errorf("%s: StrictServerInterface has no methods", path)
			}
			return names, f.Name.Name, nil
		}
	}
	return nil, "", fmt.Errorf("%s: no StrictServerInterface (generate the strict server first)", path)
}

// operation is one operation of the spec and its documented answer.
type operation struct {
	ID, Method, Path string
	// Status and Body are the documented example: the lowest 2xx status
	// with a JSON example, and that example as JSON. Status is 0 when no
	// 2xx response has one.
	Status int
	Body   []byte
}

type stub struct {
	Method string
	operation
}

var httpMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

// specOperations reads every operation of the OpenAPI document text with
// its documented example.
func specOperations(text []byte) ([]operation, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) != 1 {
		return nil, fmt.Errorf("not a YAML document")
	}
	root := doc.Content[0]
	paths := get(root, "paths")
	if paths == nil {
		return nil, fmt.Errorf("the document has no paths")
	}
	var ops []operation
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, resolve(paths.Content[i+1])
		for j := 0; j+1 < len(item.Content); j += 2 {
			method := item.Content[j].Value
			if !httpMethods[method] {
				continue
			}
			op := resolve(item.Content[j+1])
			id := get(op, "operationId")
			if id == nil || id.Value == "" {
				return nil, fmt.Errorf("%s %s has no operationId", strings.ToUpper(method), path)
			}
			o := operation{ID: id.Value, Method: strings.ToUpper(method), Path: path}
			if err := documentedExample(root, get(op, "responses"), &o); err != nil {
				return nil, fmt.Errorf("%s: %w", o.ID, err)
			}
			ops = append(ops, o)
		}
	}
	return ops, nil
}

// documentedExample sets o.Status and o.Body from the lowest 2xx response
// of responses that has a JSON example.
func documentedExample(root, responses *yaml.Node, o *operation) error {
	if responses == nil {
		return nil
	}
	type candidate struct {
		status int
		node   *yaml.Node
	}
	var cands []candidate
	for i := 0; i+1 < len(responses.Content); i += 2 {
		code, err := strconv.Atoi(responses.Content[i].Value)
		if err != nil || code < 200 || code > 299 {
			continue
		}
		cands = append(cands, candidate{code, responses.Content[i+1]})
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].status < cands[j].status })
	for _, c := range cands {
		resp, err := deref(root, c.node)
		if err != nil {
			return err
		}
		media := get(get(resp, "content"), "application/json")
		if media == nil {
			continue
		}
		ex := get(media, "example")
		if ex == nil {
			if exs := get(media, "examples"); exs != nil && len(exs.Content) >= 2 {
				first := 0
				for k := 2; k+1 < len(exs.Content); k += 2 {
					if exs.Content[k].Value < exs.Content[first].Value {
						first = k
					}
				}
				named, err := deref(root, exs.Content[first+1])
				if err != nil {
					return err
				}
				ex = get(named, "value")
			}
		}
		if ex == nil {
			continue
		}
		var buf bytes.Buffer
		if err := writeJSON(&buf, ex); err != nil {
			return fmt.Errorf("the example of response %d: %w", c.status, err)
		}
		o.Status, o.Body = c.status, buf.Bytes()
		return nil
	}
	return nil
}

// get returns the value of key in the mapping node m, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return resolve(m.Content[i+1])
		}
	}
	return nil
}

// resolve follows YAML aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// deref follows a local $ref (#/components/...) of n.
func deref(root, n *yaml.Node) (*yaml.Node, error) {
	for range 10 {
		ref := get(n, "$ref")
		if ref == nil {
			return n, nil
		}
		p, ok := strings.CutPrefix(ref.Value, "#/")
		if !ok {
			return nil, fmt.Errorf("$ref %q is not local", ref.Value)
		}
		n = root
		for _, part := range strings.Split(p, "/") {
			part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
			if n = get(n, part); n == nil {
				return nil, fmt.Errorf("$ref %q does not resolve", ref.Value)
			}
		}
	}
	return nil, fmt.Errorf("$ref chain too long")
}

// writeJSON writes the YAML value n as compact JSON. Numbers are copied as
// written, so that no digit is lost to a float64.
func writeJSON(buf *bytes.Buffer, n *yaml.Node) error {
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		buf.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				buf.WriteByte(',')
			}
			k, _ := json.Marshal(n.Content[i].Value)
			buf.Write(k)
			buf.WriteByte(':')
			if err := writeJSON(buf, n.Content[i+1]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, c); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			buf.WriteString("null")
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return err
			}
			buf.WriteString(strconv.FormatBool(b))
		case "!!int", "!!float":
			if json.Valid([]byte(n.Value)) {
				buf.WriteString(n.Value)
				return nil
			}
			var f float64
			if err := n.Decode(&f); err != nil {
				return err
			}
			b, err := json.Marshal(f)
			if err != nil {
				return fmt.Errorf("number %q: %w", n.Value, err)
			}
			buf.Write(b)
		default:
			b, _ := json.Marshal(n.Value)
			buf.Write(b)
		}
	default:
		return fmt.Errorf("unexpected YAML node kind %v at line %d", n.Kind, n.Line)
	}
	return nil
}

const header = "// Code generated by internal/cmd/simstubgen from spec/bithumb.yaml. DO NOT EDIT.\n\n"

// examplesFile is the Go source of Examples.
func examplesFile(pkg string, stubs []stub) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(header)
	fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"context\"\n\t\"net/http\"\n)\n\n", pkg)
	b.WriteString(`// Examples implements every operation of StrictServerInterface by
// answering the operation's documented example (see ExampleResponse). The
// simulator embeds it in its handlers, so an operation without a
// hand-written handler answers its example.
type Examples struct{}

var _ StrictServerInterface = Examples{}

`)
	for _, s := range stubs {
		if s.Status == 0 {
			fmt.Fprintf(&b, "// %s answers %s %s with 501 not_implemented: the spec documents no\n// JSON example of a 2xx response.\n", s.Method, s.operation.Method, s.Path)
			fmt.Fprintf(&b, "func (Examples) %s(context.Context, %sRequestObject) (%sResponseObject, error) {\n", s.Method, s.Method, s.Method)
			fmt.Fprintf(&b, "\treturn notImplemented(%q), nil\n}\n\n", s.ID)
			continue
		}
		fmt.Fprintf(&b, "// %s answers %s %s with the spec's example of its %d response.\n", s.Method, s.operation.Method, s.Path, s.Status)
		fmt.Fprintf(&b, "func (Examples) %s(context.Context, %sRequestObject) (%sResponseObject, error) {\n", s.Method, s.Method, s.Method)
		fmt.Fprintf(&b, "\treturn ExampleResponse{OperationID: %q, Status: %d, Body: []byte(%s)}, nil\n}\n\n", s.ID, s.Status, goString(s.Body))
	}
	for _, s := range stubs {
		fmt.Fprintf(&b, "// Visit%sResponse writes r.\n", s.Method)
		fmt.Fprintf(&b, "func (r ExampleResponse) Visit%sResponse(w http.ResponseWriter) error { return r.write(w) }\n\n", s.Method)
	}
	return formatted(&b)
}

// visitFile is the Go source of the Visit methods of typ in package pkg.
func visitFile(pkg, typ, server string, stubs []stub) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(header)
	fmt.Fprintf(&b, "package %s\n\nimport \"net/http\"\n\n", pkg)
	fmt.Fprintf(&b, "// The Visit method of every operation of the strict server (%s),\n// so that %s is a response object of each.\n\n", server, typ)
	for _, s := range stubs {
		fmt.Fprintf(&b, "// Visit%sResponse writes r.\n", s.Method)
		fmt.Fprintf(&b, "func (r %s) Visit%sResponse(w http.ResponseWriter) error { return r.write(w) }\n\n", typ, s.Method)
	}
	return formatted(&b)
}

// goString quotes s as a Go string literal, raw when it can be.
func goString(s []byte) string {
	if !bytes.ContainsAny(s, "`\r") && bytes.IndexFunc(s, func(r rune) bool { return r < ' ' && r != '\t' }) < 0 {
		return "`" + string(s) + "`"
	}
	return strconv.Quote(string(s))
}

func formatted(b *bytes.Buffer) ([]byte, error) {
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the output: %w\n%s", err, b.Bytes())
	}
	return src, nil
}
