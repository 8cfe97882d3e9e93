package engine

import (
	"testing"

	"github.com/bithumb-go/bithumb/sim/clock"
)

// TestWalletStateValues: a configured currency's wallet state is one of
// the four that Bithumb documents (입출금 현황, 2026); unsupported is not one.
func TestWalletStateValues(t *testing.T) {
	for state, ok := range map[string]bool{"": true, "working": true, "paused": true, "deposit_only": true, "withdraw_only": true, "unsupported": false} {
		_, err := New(Config{Markets: testMarkets(), Currencies: []Currency{{Code: "DOGE", WalletState: state}}}, clock.NewFake(t0))
		if (err == nil) != ok {
			t.Errorf("wallet_state %q: %v", state, err)
		}
	}
}
