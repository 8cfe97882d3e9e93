package main

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/clock"
)

// marketSim is an in-process simulator whose exchange clock moves only
// when the test advances it, so that its prices hold still between two
// requests.
type marketSim struct {
	url   string
	clock *clock.Fake
}

// startMarketSim starts a simulator with the default markets behind an
// httptest server, closed at the end of the test.
func startMarketSim(t *testing.T) *marketSim {
	t.Helper()
	fake := clock.NewFake(time.Date(2026, 7, 30, 12, 0, 0, 0, time.UTC))
	s, err := sim.New(sim.WithSeed(7), sim.WithClock(fake))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return &marketSim{url: ts.URL, clock: fake}
}

// run runs the command line args against the simulator.
func (m *marketSim) run(t *testing.T, args ...string) result {
	t.Helper()
	return runCLI(t, nil, nil, append(args, "--api-url", m.url)...)
}

// exampleLines returns the command lines of cmd's Example: each line
// starting with "bithumb", without its trailing comment, split into
// arguments after "bithumb". The examples use no shell quoting.
func exampleLines(t *testing.T, cmd *cobra.Command) [][]string {
	t.Helper()
	var lines [][]string
	for _, line := range strings.Split(cmd.Example, "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if fields[0] != "bithumb" {
			t.Fatalf("%s: example %q does not start with bithumb", cmd.Name(), line)
		}
		lines = append(lines, fields[1:])
	}
	if len(lines) == 0 {
		t.Fatalf("%s has no examples", cmd.Name())
	}
	return lines
}

// subcommand returns the command name of the root command.
func subcommand(t *testing.T, name string) *cobra.Command {
	t.Helper()
	root := newRootCommand(nil, nil, nil, func(string) (string, bool) { return "", false })
	cmd, _, err := root.Find([]string{name})
	if err != nil || cmd.Name() != name {
		t.Fatalf("no command %s: %v", name, err)
	}
	return cmd
}
