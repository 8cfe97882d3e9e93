package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"
)

func TestBalance(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, map[string]decimal.Decimal{
		"KRW": decimal.MustParse("1234567.891"), "BTC": decimal.Zero, "ETH": decimal.MustParse("0.000000012345678901"),
	})
	r := runCLI(t, nil, s.env(nil), "balance")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// Numbers right-aligned with every digit; zero balances left out.
	want := "" +
		"CURRENCY               BALANCE  LOCKED  AVG BUY PRICE  UNIT\n" +
		"KRW                1234567.891       0              0  KRW\n" +
		"ETH       0.000000012345678901       0        5000000  KRW\n"
	if r.stdout != want {
		t.Errorf("balance:\n%s\nwant:\n%s", r.stdout, want)
	}
	// --json: the SDK's values, numbers exact.
	r = runCLI(t, nil, s.env(nil), "--json", "balance")
	var accounts []struct {
		Currency string `json:"currency"`
		Balance  string `json:"balance"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &accounts); err != nil || len(accounts) != 2 || accounts[1].Balance != "0.000000012345678901" {
		t.Errorf("balance --json = %+v, %v: %s", accounts, err, r.stdout)
	}
}

func TestBalanceAllShowsZeroBalances(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 200, `[{"currency":"KRW","balance":"5","locked":"0","avg_buy_price":"0","avg_buy_price_modified":false,"unit_currency":"KRW"},`+
		`{"currency":"BTC","balance":"0","locked":"0","avg_buy_price":"0","avg_buy_price_modified":false,"unit_currency":"KRW"},`+
		`{"currency":"ETH","balance":"0","locked":"0.5","avg_buy_price":"0","avg_buy_price_modified":false,"unit_currency":"KRW"}]`)
	env := keyEnv()
	env[envAPIURL] = f.URL
	r := runCLI(t, nil, env, "balance")
	if strings.Contains(r.stdout, "BTC") || !strings.Contains(r.stdout, "ETH") {
		t.Errorf("balance shows BTC (zero) or hides ETH (locked):\n%s", r.stdout)
	}
	if r = runCLI(t, nil, env, "balance", "--all"); !strings.Contains(r.stdout, "BTC") {
		t.Errorf("balance --all leaves out BTC:\n%s", r.stdout)
	}
}

func TestBalanceNeedsKeys(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	r := runCLI(t, nil, map[string]string{envAPIURL: s.url}, "balance", "--credentials-file", t.TempDir()+"/none.json")
	if r.code != 1 || !strings.Contains(r.stderr, "balance needs API keys") {
		t.Errorf("balance without keys: exit %d, stderr %q", r.code, r.stderr)
	}
}
