package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// apiCommands returns the `bithumb api` command lines of text, in order
// (commandLines), failing the test on a line that names `bithumb api`
// but does not run it.
func apiCommands(t *testing.T, text string) []commandLine {
	t.Helper()
	var out []commandLine
	for _, ex := range commandLines(t, text) {
		if len(ex.words) >= 2 && ex.words[0] == "bithumb" && ex.words[1] == "api" {
			out = append(out, ex)
		} else if strings.Contains(ex.text, "bithumb api ") {
			t.Fatalf("not a bithumb api command line: %q", ex.text)
		}
	}
	return out
}

// exampleOrderID matches the order ids of the examples: "C0101..." and
// "C0102..." placeholders, or a made-up full id.
var exampleOrderID = regexp.MustCompile(`C010[12](\.\.\.|\d{15})`)

// apiExampleRunner runs `bithumb api` example lines against a
// simulator: --api-url is the simulator's, orders.json a real batch, and
// the order ids those of resting orders.
type apiExampleRunner struct {
	s     *testSim
	ids   map[string]string // placeholder: resting order id
	batch string            // the path of orders.json
}

// batchBody is the content of the examples' orders.json.
const batchBody = `{"batch_orders":[{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"80000000","volume":"0.001"}]}`

func newAPIExampleRunner(t *testing.T, s *testSim) *apiExampleRunner {
	t.Helper()
	batch := filepath.Join(t.TempDir(), "orders.json")
	if err := os.WriteFile(batch, []byte(batchBody), 0o600); err != nil {
		t.Fatal(err)
	}
	return &apiExampleRunner{s: s, ids: map[string]string{}, batch: batch}
}

// run runs ex, a `bithumb api` command line.
func (x *apiExampleRunner) run(t *testing.T, ex commandLine) result {
	t.Helper()
	args := []string{}
	for j := 2; j < len(ex.words); j++ {
		a := ex.words[j]
		switch {
		case a == "--api-url":
			j++ // the simulator's URL instead
			continue
		case a == "orders.json":
			a = x.batch
		}
		a = exampleOrderID.ReplaceAllStringFunc(a, func(placeholder string) string {
			if x.ids[placeholder] == "" {
				x.ids[placeholder] = x.s.restingBid(t, 80_000_000, "")
			}
			return x.ids[placeholder]
		})
		args = append(args, a)
	}
	stdin := ""
	switch ex.stdin {
	case "":
	case "jq -c . orders.json":
		stdin = batchBody
	default:
		t.Fatalf("example %q: unknown input command %q", ex.text, ex.stdin)
	}
	return x.s.api(t, stdin, args...)
}

// runAPIExamples runs every command line of lines against a new simulator
// in order; each must succeed.
func runAPIExamples(t *testing.T, lines []commandLine) {
	t.Helper()
	x := newAPIExampleRunner(t, startSim(t, withSeed(5), withoutRateLimit()))
	for _, ex := range lines {
		if r := x.run(t, ex); r.code != 0 || r.stdout == "" {
			t.Errorf("example %q: exit %d\nstdout %s\nstderr %s", ex.text, r.code, r.stdout, r.stderr)
		}
	}
}

func TestAPIHelpExamplesRun(t *testing.T) {
	t.Parallel()
	lines := apiCommands(t, apiExamples)
	if len(lines) < 10 {
		t.Fatalf("only %d example command lines found", len(lines))
	}
	runAPIExamples(t, lines)
}
