package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// repoRoot returns the repository's root directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gen", "cfg.yaml")); err != nil {
		t.Fatalf("not the repository root: %v", err)
	}
	return dir
}

// goCommand runs the go command in the repository's root and returns its
// combined output.
func goCommand(t *testing.T, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = repoRoot(t)
	return cmd.CombinedOutput()
}

// runOapiCodegen generates the gen package of specFile into outFile with
// the repository's gen/cfg.yaml, as `make generate` does, except that the
// output goes to outFile.
func runOapiCodegen(t *testing.T, specFile, outFile string) {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(repoRoot(t), "gen", "cfg.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out := regexp.MustCompile(`(?m)^output:.*$`)
	if !out.Match(cfg) {
		t.Fatal("gen/cfg.yaml has no output line")
	}
	cfg = out.ReplaceAll(cfg, []byte("output: "+strings.ReplaceAll(outFile, "$", "$$")))
	cfgFile := filepath.Join(t.TempDir(), "cfg.yaml")
	if err := os.WriteFile(cfgFile, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	// From gen/, as go generate runs it: the config's paths (its user
	// templates) are relative to it. The output goes to outFile only.
	cmd := exec.Command("go", "tool", "oapi-codegen", "-config", cfgFile, specFile)
	cmd.Dir = filepath.Join(repoRoot(t), "gen")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("oapi-codegen: %v\n%s", err, msg)
	}
	if _, err := os.Stat(outFile); err != nil {
		t.Fatalf("oapi-codegen wrote no %s: %v", outFile, err)
	}
}

// withOverlay runs the go command with -overlay: each key of files, a path
// in the repository, reads as the file its value names.
func withOverlay(t *testing.T, files map[string]string, args ...string) ([]byte, error) {
	t.Helper()
	ov, err := json.Marshal(map[string]any{"Replace": files})
	if err != nil {
		t.Fatal(err)
	}
	ovFile := filepath.Join(t.TempDir(), "overlay.json")
	if err := os.WriteFile(ovFile, ov, 0o600); err != nil {
		t.Fatal(err)
	}
	return goCommand(t, append([]string{args[0], "-overlay", ovFile}, args[1:]...)...)
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// fixture is the fixture written to a temporary directory.
type fixture struct {
	dir       string
	spec      string // the spec file
	genDir    string
	rootDir   string
	genImport string
}

// fixtureImportDir is where the fixture's root package appears to the go
// command (through -overlay); testdata keeps it out of ./...
const fixtureImportDir = "internal/cmd/methodgen/testdata/fixture"

// genCache holds oapi-codegen's output for each fixture spec text, so
// that the cases that share a spec run it once.
var (
	genMu    sync.Mutex
	genCache = map[string]string{}
)

// newFixture writes the fixture spec with the given replacements applied
// (old, new pairs), runs oapi-codegen on it and writes the root package's
// files, hooks replacing fixtureHooks.
func newFixture(t *testing.T, hooks string, replacements ...string) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{
		dir:       dir,
		spec:      filepath.Join(dir, "spec.yaml"),
		genDir:    filepath.Join(dir, "gen"),
		rootDir:   filepath.Join(dir, "root"),
		genImport: "github.com/bithumb-go/bithumb/" + fixtureImportDir + "/gen",
	}
	spec := fixtureSpec
	for i := 0; i+1 < len(replacements); i += 2 {
		if !strings.Contains(spec, replacements[i]) {
			t.Fatalf("the fixture spec has no %q", replacements[i])
		}
		spec = strings.Replace(spec, replacements[i], replacements[i+1], 1)
	}
	writeFile(t, f.spec, spec)
	if err := os.MkdirAll(f.genDir, 0o755); err != nil {
		t.Fatal(err)
	}
	genFile := filepath.Join(f.genDir, "gen.go")
	genMu.Lock()
	cached, ok := genCache[spec]
	genMu.Unlock()
	if ok {
		writeFile(t, genFile, cached)
	} else {
		runOapiCodegen(t, f.spec, genFile)
		out, err := os.ReadFile(genFile)
		if err != nil {
			t.Fatal(err)
		}
		genMu.Lock()
		genCache[spec] = string(out)
		genMu.Unlock()
	}
	for name, text := range map[string]string{"client.go": fixtureClient, "types.go": fixtureTypes, "hooks.go": hooks} {
		writeFile(t, filepath.Join(f.rootDir, name), strings.ReplaceAll(text, "GENIMPORT", f.genImport))
	}
	return f
}

func (f *fixture) config() Config {
	return Config{Spec: f.spec, GenDir: f.genDir, RootDir: f.rootDir, GenImport: f.genImport}
}

// signatures returns the signature and doc comment of each method of src.
func signatures(t *testing.T, src []byte) (sigs, docs map[string]string) {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "methods_gen.go", src, parser.ParseComments)
	if err != nil {
		t.Fatalf("the output does not parse: %v\n%s", err, src)
	}
	sigs, docs = map[string]string{}, map[string]string{}
	for _, decl := range file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, fd.Type); err != nil {
			t.Fatal(err)
		}
		recv := ""
		if fd.Recv != nil {
			var r bytes.Buffer
			printer.Fprint(&r, fset, fd.Recv.List[0].Type)
			recv = "(" + r.String() + ")."
		}
		sigs[recv+fd.Name.Name] = b.String()
		if fd.Doc != nil {
			var lines []string
			for _, c := range fd.Doc.List {
				lines = append(lines, c.Text)
			}
			docs[recv+fd.Name.Name] = strings.Join(lines, "\n")
		}
	}
	return sigs, docs
}

// TestGenerateFixture runs the generator on the fixture and checks the
// signatures and docs of what it writes, that the output does not change
// when generated again (with the previous output in the package), and,
// by compiling it and running a test of the fixture package with it, that
// every generated method sends its request and decodes its answer.
func TestGenerateFixture(t *testing.T) {
	f := newFixture(t, fixtureHooks)
	src, err := Generate(f.config())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated:\n%s", src)
	if !bytes.HasPrefix(src, []byte(header+"\n")) {
		t.Errorf("the output does not start with %q", header)
	}

	sigs, docs := signatures(t, src)
	want := map[string]string{
		"(*Client).ListThings":       "func(ctx context.Context, params ListThingsParams) ([]Thing, error)",
		"(*Client).CreateThing":      "func(ctx context.Context, body ThingRequest) (*Thing, error)",
		"(*Client).GetThing":         "func(ctx context.Context, thingID string, params GetThingParams) (*Thing, error)",
		"(*Client).ForgetThing":      "func(ctx context.Context, thingID string) error",
		"(*Client).ListThingCandles": "func(ctx context.Context, unit ListThingCandlesParamsUnit) ([]Thing, error)",
		"(*Client).LegacyPoke":       "func(ctx context.Context, form LegacyPokeForm) (*gen.LegacyStatus, error)",
		"(*Client).InlineThing":      "func(ctx context.Context) (*InlineThingResult, error)",
		"(*Client).ListInlineThings": "func(ctx context.Context) ([]ListInlineThingsResult, error)",
	}
	for name, sig := range want {
		if sigs[name] != sig {
			t.Errorf("%s: signature %q, want %q", name, sigs[name], sig)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(sigs)) {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected function %s %s (hand-written operations must be left out)", name, sigs[name])
		}
	}
	for name, doc := range docs {
		op := strings.ToLower(name[len("(*Client)."):][:1]) + name[len("(*Client).")+1:]
		if !strings.HasSuffix(doc, "\n//\n"+Marker+" "+op) {
			t.Errorf("%s: the doc does not end with a blank line and %s %s:\n%s", name, Marker, op, doc)
		}
		if !strings.HasPrefix(doc, "// "+name[len("(*Client)."):]+" calls ") {
			t.Errorf("%s: the doc does not start with the method's name:\n%s", name, doc)
		}
	}
	wantDocs := map[string][]string{
		"(*Client).ListThings": {
			"// ListThings calls GET /v1/things: All things (사물 목록).",
			"//\n// Things of a market, newest first.\n//\n// A second paragraph",
		},
		"(*Client).GetThing":   {"\n// Deprecated: "},
		"(*Client).LegacyPoke": {"// LegacyPoke calls POST /info/poke: Legacy poke."},
	}
	for name, parts := range wantDocs {
		for _, p := range parts {
			if !strings.Contains(docs[name], p) {
				t.Errorf("%s: the doc lacks %q:\n%s", name, p, docs[name])
			}
		}
	}
	for name, doc := range docs {
		for _, line := range strings.Split(doc, "\n") {
			if len([]rune(line)) > 80 {
				t.Errorf("%s: doc line longer than 80 characters: %q", name, line)
			}
		}
	}

	// Deterministic, and blind to its own output.
	writeFile(t, filepath.Join(f.rootDir, "methods_gen.go"), string(src))
	again, err := Generate(f.config())
	if err != nil {
		t.Fatalf("generating with the previous output in the package: %v", err)
	}
	if !bytes.Equal(src, again) {
		t.Errorf("a second run wrote something else:\n%s", again)
	}

	// Package gen is imported only when the code names it.
	onlyToGen := fixtureHooks
	for _, op := range []string{"createThing", "getThing", "forgetThing", "listThingCandles", "legacyPoke", "inlineThing", "listInlineThings"} {
		onlyToGen += fmt.Sprintf("\n//bithumb:operation %s\nfunc (c *Client) %s() {}\n", op, strings.ToUpper(op[:1])+op[1:])
	}
	writeFile(t, filepath.Join(f.rootDir, "hooks.go"), strings.ReplaceAll(onlyToGen, "GENIMPORT", f.genImport))
	small, err := Generate(f.config())
	if err != nil {
		t.Fatal(err)
	}
	if sigs, _ := signatures(t, small); len(sigs) != 1 || sigs["(*Client).ListThings"] == "" {
		t.Errorf("with every other operation hand-written, generated %v", sigs)
	}
	if bytes.Contains(small, []byte(f.genImport)) {
		t.Errorf("imports package gen without naming it:\n%s", small)
	}
	writeFile(t, filepath.Join(f.rootDir, "hooks.go"), strings.ReplaceAll(fixtureHooks, "GENIMPORT", f.genImport))

	if testing.Short() {
		t.Skip("compiling the fixture: not in -short mode")
	}
	root := repoRoot(t)
	pkg := filepath.Join(root, filepath.FromSlash(fixtureImportDir))
	test := filepath.Join(f.dir, "behaviour_test.go")
	writeFile(t, test, strings.ReplaceAll(fixtureBehaviour, "GENIMPORT", f.genImport))
	overlay := map[string]string{
		filepath.Join(pkg, "gen", "gen.go"):     filepath.Join(f.genDir, "gen.go"),
		filepath.Join(pkg, "behaviour_test.go"): test,
		filepath.Join(pkg, "methods_gen.go"):    filepath.Join(f.rootDir, "methods_gen.go"),
		filepath.Join(pkg, "client.go"):         filepath.Join(f.rootDir, "client.go"),
		filepath.Join(pkg, "types.go"):          filepath.Join(f.rootDir, "types.go"),
		filepath.Join(pkg, "hooks.go"):          filepath.Join(f.rootDir, "hooks.go"),
	}
	// The go command cannot run a test in a directory that exists only
	// in the overlay, so the test binary is built, then run here.
	bin := filepath.Join(f.dir, "fixture.test")
	if out, err := withOverlay(t, overlay, "test", "-vet=off", "-c", "-o", bin, "./"+fixtureImportDir); err != nil {
		t.Fatalf("compiling the fixture with the generated methods: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-test.count=1", "-test.v")
	cmd.Dir = f.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the fixture's test of the generated methods: %v\n%s", err, out)
	}
	t.Logf("the fixture's test:\n%s", out)
}

// TestGenerateRefuses checks that the generator refuses, with a message
// naming the operation and the way out, every operation it must not or
// cannot write a method for.
func TestGenerateRefuses(t *testing.T) {
	withoutHook := func(op string) string {
		i := strings.Index(fixtureHooks, "// "+strings.ToUpper(op[:1])+op[1:]+" is hand-written.")
		j := strings.Index(fixtureHooks[i:], "\n}\n")
		return fixtureHooks[:i] + fixtureHooks[i+j+3:]
	}
	cases := []struct {
		name         string
		hooks        string
		replacements []string
		want         []string
	}{
		{
			name:  "never re-sent, no hook",
			hooks: withoutHook("sendThing"),
			want:  []string{`operation sendThing (POST /v1/send) has x-bithumb-retry "never"`, "hand-written method", Marker + " sendThing"},
		},
		{
			name:         "reconciled, no hook",
			hooks:        fixtureHooks,
			replacements: []string{"operationId: createThing\n      summary: Create a thing\n      x-bithumb-retry: safe", "operationId: createThing\n      x-bithumb-retry: reconcile"},
			want:         []string{`operation createThing (POST /v1/things) has x-bithumb-retry "reconcile"`, "hand-written method", Marker + " createThing"},
		},
		{
			name:         "no retry policy",
			hooks:        fixtureHooks,
			replacements: []string{"operationId: forgetThing\n      x-bithumb-retry: safe", "operationId: forgetThing"},
			want:         []string{"operation forgetThing (DELETE /v1/things/{thing_id}) has no x-bithumb-retry", Marker + " forgetThing"},
		},
		{
			name:         "inline response schema of a predeclared type",
			hooks:        fixtureHooks,
			replacements: []string{"type: object\n                properties:\n                  ok: {type: boolean}", "type: string"},
			want:         []string{"operation inlineThing (GET /v1/inline)", "neither a named schema, an array of one, an object nor an array of objects", Marker + " inlineThing"},
		},
		{
			name:         "2xx responses of different schemas",
			hooks:        fixtureHooks,
			replacements: []string{"description: existed\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Thing\"}", "description: existed\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/LegacyStatus\"}"},
			want:         []string{"operation createThing (POST /v1/things)", "its 200 and 201 responses have different schemas"},
		},
		{
			name:         "a form field the form encoder leaves out",
			hooks:        fixtureHooks,
			replacements: []string{"units: {type: string}", "units: {type: string, format: decimal}"},
			want:         []string{"operation legacyPoke (POST /info/poke)", "its form field Units is a *decimal.Decimal, which the generated form encoder leaves out", Marker + " legacyPoke"},
		},
		{
			name:  "a method of that name without the marker",
			hooks: fixtureHooks + "\nfunc (c *Client) ListThings() {}\n",
			want:  []string{"operation listThings (GET /v1/things)", "(*Client).ListThings exists but is not marked " + Marker + " listThings"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, c.hooks, c.replacements...)
			src, err := Generate(f.config())
			if err == nil {
				t.Fatalf("generated:\n%s", src)
			}
			t.Logf("refused: %v", err)
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error lacks %q", w)
				}
			}
		})
	}
}

// newEndpoint is a plain GET endpoint added to a copy of the real spec:
// a path parameter, query parameters, and a list answer that may be an
// error inside HTTP 200, as the quotation endpoints have.
const newEndpoint = `  /v1/notices/{currency}:
    get:
      operationId: listCurrencyNotices
      tags: [quotation]
      summary: Notices about one currency
      x-bithumb-rate-limit: public-other
      x-bithumb-retry: safe
      parameters:
        - {name: currency, in: path, required: true, schema: {$ref: "#/components/schemas/CurrencyCode"}}
        - {name: count, in: query, schema: {type: integer, minimum: 1, maximum: 20}}
      responses:
        "200":
          description: Notices, or a quotation error with HTTP 200.
          content:
            application/json:
              schema:
                oneOf:
                  - type: array
                    items: {$ref: "#/components/schemas/Notice"}
                  - $ref: "#/components/schemas/ErrorResponse"
        "429": {$ref: "#/components/responses/TooManyRequests"}
`

// TestRealSpecNewEndpoint adds a plain GET endpoint to a copy of
// spec/bithumb.yaml, regenerates gen from it, hides the hand-written
// methods of the safe operations that the root package does not call
// itself (so that the generator writes them), and checks that the
// generator writes a method for the new endpoint and for each hidden one,
// and that the root package compiles with them.
func TestRealSpecNewEndpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates gen and compiles the root package: not in -short mode")
	}
	root := repoRoot(t)
	tmp := t.TempDir()
	text, err := os.ReadFile(filepath.Join(root, "spec", "bithumb.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	before, after, ok := strings.Cut(string(text), "\npaths:\n")
	if !ok {
		t.Fatal("spec/bithumb.yaml has no paths: line")
	}
	spec := before + "\npaths:\n" + newEndpoint + after
	specFile := filepath.Join(tmp, "bithumb.yaml")
	writeFile(t, specFile, spec)
	genDir := filepath.Join(tmp, "gen")
	if err := os.MkdirAll(genDir, 0o755); err != nil {
		t.Fatal(err)
	}
	runOapiCodegen(t, specFile, filepath.Join(genDir, "bithumb.gen.go"))

	rootDir := filepath.Join(tmp, "root")
	hidden, modified := hideSafeMethods(t, root, specFile, rootDir)
	if len(hidden) < 10 {
		t.Fatalf("only %d hand-written methods could be hidden: %v", len(hidden), hidden)
	}
	src, err := Generate(Config{Spec: specFile, GenDir: genDir, RootDir: rootDir})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "methods_gen.go")
	writeFile(t, out, string(src))

	sigs, docs := signatures(t, src)
	const newSig = "func(ctx context.Context, currency string, params gen.ListCurrencyNoticesParams) ([]Notice, error)"
	if got := sigs["(*Client).ListCurrencyNotices"]; got != newSig {
		t.Errorf("ListCurrencyNotices: signature %q, want %q", got, newSig)
	}
	if doc := docs["(*Client).ListCurrencyNotices"]; !strings.Contains(strings.ReplaceAll(doc, "\n// ", " "), "calls GET /v1/notices/{currency}: Notices about one currency.") || !strings.HasSuffix(doc, Marker+" listCurrencyNotices") {
		t.Errorf("ListCurrencyNotices: doc\n%s", doc)
	}
	want := append([]string{"(*Client).ListCurrencyNotices"}, hidden...)
	slices.Sort(want)
	if got := slices.Sorted(maps.Keys(sigs)); !slices.Equal(got, want) {
		t.Errorf("generated %v\nwant %v", got, want)
	}
	t.Logf("generated %d methods, %d of them for hidden hand-written ones", len(sigs), len(hidden))

	overlay := map[string]string{
		filepath.Join(root, "gen", "bithumb.gen.go"): filepath.Join(genDir, "bithumb.gen.go"),
		filepath.Join(root, "methods_gen.go"):        out,
	}
	for _, name := range modified {
		overlay[filepath.Join(root, name)] = filepath.Join(rootDir, name)
	}
	if msg, err := withOverlay(t, overlay, "build", "."); err != nil {
		t.Fatalf("the root package does not compile with the generated methods: %v\n%s\n%s", err, msg, src)
	}
}

// hideSafeMethods copies the non-test Go files of the root package in dir
// to rootDir, renaming each hand-written method of an operation that
// specFile marks x-bithumb-retry: safe, unless the package calls it
// itself, to an unexported name without its marker. It returns the
// hidden methods as "(*Client).Name" and the names of the files it
// changed.
func hideSafeMethods(t *testing.T, dir, specFile, rootDir string) (hidden, modified []string) {
	t.Helper()
	text, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	// operationId and x-bithumb-retry of each operation, in the order the
	// spec writes them.
	safe := map[string]bool{}
	ops := regexp.MustCompile(`(?m)^\s+operationId: (\w+)\n(?:\s+[^\n]*\n)*?\s+x-bithumb-retry: (\w+)`)
	for _, m := range ops.FindAllStringSubmatch(string(text), -1) {
		safe[m[1]] = m[2] == "safe"
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	sources := map[string]string{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(name)] = f
		sources[filepath.Base(name)] = string(src)
	}
	// Methods the package calls itself (c.ListOrders, not c.raw.ListOrders).
	called := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if inner, ok := sel.X.(*ast.SelectorExpr); !ok || inner.Sel.Name != "raw" {
					called[sel.Sel.Name] = true
				}
			}
			return true
		})
	}
	for _, base := range slices.Sorted(maps.Keys(files)) {
		f, src := files[base], sources[base]
		if isOwnOutput(f) {
			continue
		}
		changed := false
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Doc == nil || !isMethodOf(fd, "Client") || called[fd.Name.Name] {
				continue
			}
			for _, c := range fd.Doc.List {
				op, ok := strings.CutPrefix(c.Text, Marker+" ")
				if !ok || !safe[op] {
					continue
				}
				name := fd.Name.Name
				src = strings.Replace(src, c.Text+"\n", "", 1)
				src = strings.Replace(src, "func (c *Client) "+name+"(", "func (c *Client) hidden"+name+"(", 1)
				hidden = append(hidden, "(*Client)."+name)
				changed = true
			}
		}
		writeFile(t, filepath.Join(rootDir, base), src)
		if changed {
			modified = append(modified, base)
		}
	}
	slices.Sort(hidden)
	return hidden, modified
}
