package main

import (
	"testing"
)

// TestAccountExamplesRun runs every example of the account, order and
// wallet commands against the simulator, in this order (the order
// examples place, get and then cancel my-order-1).
func TestAccountExamplesRun(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	for _, path := range [][]string{
		{"order", "place"}, {"buy"}, {"sell"}, {"order"}, {"order", "get"}, {"order", "list"}, {"order", "cancel"},
		{"balance"}, {"deposits"}, {"withdrawals"}, {"wallet"}, {"wallet", "status"}, {"api-keys"},
	} {
		for _, ex := range exampleCommands(t, subcommand(t, path...)) {
			r := runCLI(t, nil, s.env(nil), ex.args()...)
			if r.code != 0 {
				t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
			}
		}
	}
}
