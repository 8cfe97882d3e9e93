package main

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// readmePage is the project's README.
const readmePage = "../../README.md"

// TestReadmeCommandLinesRun: every `bithumb` command line of README.md's
// sh code blocks runs against one simulator, in the README's order, and
// exits 0 with output other than a help text. Only `bithumb sim`, `bithumb demo` (they serve
// until interrupted) and `bithumb auth set` (it asks for the secret) are
// not run; `source <(bithumb completion bash)` runs the completion
// command. An order line with neither --yes nor --dry-run must refuse
// without a terminal, naming --yes, and is answered y on a
// pseudo-terminal. The servers and the keys come from the environment,
// so the lines run as written but for --api-url in `bithumb api` lines.
func TestReadmeCommandLinesRun(t *testing.T) {
	t.Parallel()
	page, err := os.ReadFile(readmePage)
	if err != nil {
		t.Fatal(err)
	}
	s := startSim(t, withSeed(5), withoutRateLimit())
	s.restingBid(t, 60_000_000, "my-order-1") // what `order get` and `order cancel` look up
	env := s.env(map[string]string{envWSURL: "ws://" + s.host})
	api := newAPIExampleRunner(t, s)
	ran := map[string]int{}
	for _, ex := range commandLines(t, shellBlocks(string(page))) {
		if inner, ok := strings.CutPrefix(ex.text, "source <("); ok {
			ex = commandLines(t, strings.TrimSuffix(inner, ")"))[0]
		}
		if ex.words[0] != "bithumb" || len(ex.words) < 2 {
			continue
		}
		name := ex.words[1]
		if name == "sim" || name == "demo" || (name == "auth" && slices.Contains(ex.words, "set")) {
			continue
		}
		ran[name]++
		switch {
		case name == "api":
			if r := api.run(t, ex); r.code != 0 || r.stdout == "" {
				t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
			}
		case isPrompted(ex):
			r := runCLI(t, nil, env, ex.args()...)
			if r.code != 1 || !strings.Contains(r.stderr, "--yes") {
				t.Errorf("%s without a terminal: exit %d, want 1 and a message naming --yes\nstderr: %s", ex.text, r.code, r.stderr)
			}
			t.Run("on a terminal", func(t *testing.T) {
				r := answerOnTerminal(t, env, ex.args(), "y")
				if r.code != 0 || !strings.Contains(r.stdout, "order id") {
					t.Errorf("%s answered y: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
				}
			})
		default:
			// A command group given an unknown subcommand prints its help
			// and exits 0: that is not running.
			if r := runCLI(t, nil, env, ex.args()...); r.code != 0 || r.stdout == "" || strings.Contains(r.stdout, "\nUsage:\n") {
				t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
			}
		}
	}
	if ran["api"] < 5 {
		t.Errorf("only %d `bithumb api` lines of %s ran", ran["api"], readmePage)
	}
	for _, name := range []string{"markets", "ticker", "orderbook", "trades", "candles", "balance", "buy", "sell",
		"order", "deposits", "withdrawals", "wallet", "api-keys", "watch", "doctor", "version", "completion", "api", "auth"} {
		if ran[name] == 0 {
			t.Errorf("no `bithumb %s` line of %s ran", name, readmePage)
		}
	}
}

// isPrompted reports whether ex places an order after asking: buy, sell
// or order place with neither --yes nor --dry-run.
func isPrompted(ex commandLine) bool {
	places := ex.words[1] == "buy" || ex.words[1] == "sell" || (ex.words[1] == "order" && len(ex.words) > 2 && ex.words[2] == "place")
	return places && !slices.Contains(ex.words, "--yes") && !slices.Contains(ex.words, "--dry-run")
}
