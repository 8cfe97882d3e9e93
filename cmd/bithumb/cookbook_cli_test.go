package main

import (
	"os"
	"strings"
	"testing"
)

// cookbookCLIPage is the cookbook's page on the command line.
const cookbookCLIPage = "../../docs/cookbook/cli.md"

// TestCookbookCLIPageRuns: every `bithumb` command line of the cookbook's
// CLI page runs against the simulator, in the page's order, and exits 0,
// except the lines whose comment says "not run here" (they run until
// interrupted, or prompt). A page that shows a command or a flag that does
// not exist fails here.
func TestCookbookCLIPageRuns(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(cookbookCLIPage)
	if err != nil {
		t.Fatal(err)
	}
	var runnable []string
	for line := range strings.SplitSeq(shellBlocks(string(data)), "\n") {
		if !strings.Contains(line, "# not run here") {
			runnable = append(runnable, line)
		}
	}
	s := startTradeSim(t, nil)
	env := s.env(map[string]string{envWSURL: "ws" + strings.TrimPrefix(s.url, "http")})
	ran := 0
	for _, c := range commandLines(t, strings.Join(runnable, "\n")) {
		if c.words[0] != "bithumb" {
			continue // go install, export, source
		}
		if r := runCLI(t, nil, env, c.args()...); r.code != 0 {
			t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", c.text, r.code, r.stdout, r.stderr)
		}
		ran++
	}
	if ran < 20 {
		t.Errorf("only %d command lines of %s ran", ran, cookbookCLIPage)
	}
}
