package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

func TestDepositsAndWithdrawals(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	e := s.srv.Engine()
	if _, err := e.DepositCoin(tradeAccount, "BTC", decimal.MustParse("0.123456789")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DepositKRW(tradeAccount, decimal.NewFromInt(70_000)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.WithdrawKRW(tradeAccount, decimal.NewFromInt(30_000)); err != nil {
		t.Fatal(err)
	}

	r := runCLI(t, nil, s.env(nil), "deposits")
	if r.code != 0 {
		t.Fatalf("deposits: exit %d: %s", r.code, r.stderr)
	}
	wantAll(t, "deposits", r.stdout, "CURRENCY", "BTC", "0.123456789", "KRW", "70000")
	r = runCLI(t, nil, s.env(nil), "deposits", "--currency", "btc")
	if !strings.Contains(r.stdout, "0.123456789") || strings.Contains(r.stdout, "70000") {
		t.Errorf("deposits --currency btc:\n%s", r.stdout)
	}
	var krw []map[string]any
	r = runCLI(t, nil, s.env(nil), "--json", "deposits", "--currency", "KRW")
	if err := json.Unmarshal([]byte(r.stdout), &krw); err != nil || len(krw) != 1 || krw[0]["amount"] != "70000" {
		t.Errorf("deposits --currency KRW --json = %v, %v: %s", krw, err, r.stdout)
	}

	r = runCLI(t, nil, s.env(nil), "withdrawals")
	wantAll(t, "withdrawals", r.stdout, "KRW", "30000")
	if strings.Contains(r.stdout, "70000") {
		t.Errorf("withdrawals lists a deposit:\n%s", r.stdout)
	}
	r = runCLI(t, nil, s.env(nil), "--json", "withdrawals", "--currency", "BTC")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("withdrawals --currency BTC: exit %d, %q", r.code, r.stdout)
	}
}

func TestWalletStatus(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	r := runCLI(t, nil, s.env(nil), "wallet", "status")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	wantAll(t, "wallet status", r.stdout, "CURRENCY", "WALLET", "BTC", "ETH", "working", "normal")
	r = runCLI(t, nil, s.env(nil), "--json", "wallet", "status", "--currency", "btc")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) != 1 || rows[0]["currency"] != "BTC" {
		t.Errorf("wallet status --currency btc --json = %v, %v: %s", rows, err, r.stdout)
	}
	r = runCLI(t, nil, s.env(nil), "wallet", "status", "--currency", "NOPE")
	if r.code != 1 || !strings.Contains(r.stderr, "--currency NOPE") {
		t.Errorf("an unknown currency: exit %d, %q", r.code, r.stderr)
	}
}

func TestAPIKeys(t *testing.T) {
	t.Parallel()
	s := startTradeSim(t, nil)
	r := runCLI(t, nil, s.env(nil), "api-keys")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	wantAll(t, "api-keys", r.stdout, "ACCESS KEY", "EXPIRES", "DAYS LEFT", testAccess, "2027-01-05 12:00:00 +09:00")
	var keys []map[string]any
	r = runCLI(t, nil, s.env(nil), "--json", "api-keys")
	if err := json.Unmarshal([]byte(r.stdout), &keys); err != nil || len(keys) != 1 || keys[0]["access_key"] != testAccess {
		t.Errorf("api-keys --json = %v, %v", keys, err)
	}
}

func TestAPIKeysDaysLeft(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	apiKeysTable([]bithumb.APIKey{
		{AccessKey: "soon", ExpireAt: now.Add(30*24*time.Hour + time.Hour)},
		{AccessKey: "gone", ExpireAt: now.Add(-time.Second)},
	}, now).Write(&b)
	want := "ACCESS KEY  EXPIRES                     DAYS LEFT\n" +
		"soon        2027-01-05 01:00:00 +00:00         30\n" +
		"gone        2026-12-05 23:59:59 +00:00    expired\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
