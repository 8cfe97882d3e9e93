package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// runCmd runs the command with args and returns its exit status and
// output.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestListsWhatOneDocumentLacks compares a 3.0 document with a 3.1 one
// and checks every kind of difference, and that a change of nullability
// alone (nullable: true against type [number, "null"]) is none.
func TestListsWhatOneDocumentLacks(t *testing.T) {
	code, out, stderr := runCmd(t, "", "testdata/base30.yaml", "testdata/other31.yaml")
	if code != 1 {
		t.Fatalf("exit status %d, want 1 (documents differ); stderr: %s", code, stderr)
	}
	want := `base: testdata/base30.yaml
other: testdata/other31.yaml
9 differences: 2 operations, 1 parameters, 1 statuses, 4 fields, 1 types

operation GET /v1/notices: only in base
field     POST /v1/orders request body: client_order_id: only in other
field     POST /v1/orders response 201: market.state: only in other
parameter GET /v1/ticker query timezone: only in other
field     GET /v1/ticker response 200: [].timestamp: only in other
type      GET /v1/ticker response 200: [].trade_price: number in base, string in other
field     GET /v1/ticker response 200: [].trend: only in base
status    GET /v1/ticker response 429: only in other
operation GET /v1/twap: only in other
`
	if out != want {
		t.Errorf("report:\n%s\nwant:\n%s", out, want)
	}
}

func TestJSONReport(t *testing.T) {
	code, out, stderr := runCmd(t, "", "-json", "testdata/base30.yaml", "testdata/other31.yaml")
	if code != 1 {
		t.Fatalf("exit status %d, want 1; stderr: %s", code, stderr)
	}
	var diffs []Difference
	if err := json.Unmarshal([]byte(out), &diffs); err != nil {
		t.Fatalf("not a JSON array of differences: %v\n%s", err, out)
	}
	want := Difference{Kind: "type", Operation: "GET /v1/ticker", Where: "response 200: [].trade_price", Base: "number", Other: "string"}
	found := false
	for _, d := range diffs {
		found = found || d == want
	}
	if len(diffs) != 9 || !found {
		t.Errorf("got %d differences %+v, want 9 including %+v", len(diffs), diffs, want)
	}
}

// TestOurSpecAgreesWithItself reads the project's own spec, from standard
// input as bithumb contract --spec-diff passes it, and finds nothing.
func TestOurSpecAgreesWithItself(t *testing.T) {
	spec, err := os.ReadFile("../../spec/bithumb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd(t, string(spec), "-json", "-", "../../spec/bithumb.yaml")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("exit status %d, output %q, stderr %q; want 0 and []", code, out, stderr)
	}
}

func TestRefusesWhatItCannotCompare(t *testing.T) {
	for _, tc := range []struct {
		name, stdin string
		args        []string
		stderr      string
	}{
		{"no arguments", "", nil, "usage: bithumb-specdiff"},
		{"one argument", "", []string{"testdata/base30.yaml"}, "usage: bithumb-specdiff"},
		{"both from stdin", "", []string{"-", "-"}, "only one of BASE and OTHER"},
		{"missing file", "", []string{"testdata/base30.yaml", "testdata/missing.yaml"}, "missing.yaml"},
		{"not OpenAPI", "just: text\n", []string{"testdata/base30.yaml", "-"}, "the document has no paths"},
		{"not YAML", "{", []string{"-", "testdata/base30.yaml"}, "-: not an OpenAPI document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, tc.stdin, tc.args...)
			if code != 2 || out != "" || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, stderr containing %q", code, out, stderr, tc.stderr)
			}
		})
	}
}

func TestRefusesAnOversizedDocument(t *testing.T) {
	big := strings.Repeat("#", maxDocumentBytes+1)
	code, _, stderr := runCmd(t, big, "-", "testdata/base30.yaml")
	if code != 2 || !strings.Contains(stderr, "larger than 32 MiB") {
		t.Errorf("exit %d, stderr %q; want 2 and the size limit", code, stderr)
	}
}
