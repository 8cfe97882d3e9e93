package main

import (
	"strings"
	"testing"
)

// accountExampleLines returns the command lines of a command's Example
// text: comments dropped, continued lines joined, each split into its
// arguments (shellWords).
func accountExampleLines(t *testing.T, example string) [][]string {
	t.Helper()
	var out [][]string
	var cur string
	for _, line := range strings.Split(example, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if more, ok := strings.CutSuffix(line, `\`); ok {
			cur += more
			continue
		}
		out = append(out, shellWords(t, cur+line))
		cur = ""
	}
	return out
}

// TestAccountExamplesRun runs every example of the account, order and
// wallet commands against the simulator, in this order (the order
// examples place, get and then cancel my-order-1).
func TestAccountExamplesRun(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	root := newRootCommand(nil, nil, nil, mapEnv(nil))
	for _, path := range [][]string{
		{"order", "place"}, {"buy"}, {"sell"}, {"order"}, {"order", "get"}, {"order", "list"}, {"order", "cancel"},
		{"balance"}, {"deposits"}, {"withdrawals"}, {"wallet"}, {"wallet", "status"}, {"api-keys"},
	} {
		cmd, _, err := root.Find(path)
		if err != nil || cmd.Name() != path[len(path)-1] {
			t.Fatalf("no command %q: %v", path, err)
		}
		lines := accountExampleLines(t, cmd.Example)
		if len(lines) == 0 {
			t.Errorf("bithumb %s has no examples", strings.Join(path, " "))
		}
		for _, args := range lines {
			if args[0] != "bithumb" {
				t.Errorf("example %q does not start with bithumb", args)
				continue
			}
			r := runCLI(t, nil, s.env(nil), args[1:]...)
			if r.code != 0 {
				t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
			}
		}
	}
}
