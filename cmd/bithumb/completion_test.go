package main

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// complete runs cobra's hidden __complete command for the command line
// args (the last one being the word to complete) and returns the
// completions and the directive line.
func complete(t *testing.T, apiURL string, args ...string) ([]string, string) {
	t.Helper()
	r := runCLI(t, nil, nil, append([]string{"__complete", "--api-url", apiURL}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

// Market codes complete from the simulator's markets, with their names,
// and never as files.
func TestCompleteMarketCodes(t *testing.T) {
	m := startSim(t, quietMarket...)
	got, directive := complete(t, m.url, "ticker", "krw-")
	want := []string{"KRW-BTC\tBitcoin 비트코인", "KRW-ETH\tEthereum 이더리움", "KRW-XRP\tXRP 리플"}
	if strings.Join(got, "|") != strings.Join(want, "|") || directive != ":4" {
		t.Errorf("ticker krw-: %q %s, want %q :4", got, directive, want)
	}
	// ticker takes several markets: those given are not offered again.
	got, _ = complete(t, m.url, "ticker", "KRW-BTC", "")
	if len(got) != 3 || strings.Contains(strings.Join(got, "|"), "KRW-BTC\t") {
		t.Errorf("ticker KRW-BTC '': %q", got)
	}
	for _, name := range []string{"orderbook", "trades", "candles"} {
		if got, directive := complete(t, m.url, name, "BTC"); len(got) != 1 || !strings.HasPrefix(got[0], "BTC-ETH\t") || directive != ":4" {
			t.Errorf("%s BTC: %q %s", name, got, directive)
		}
		// One market only.
		if got, _ := complete(t, m.url, name, "KRW-BTC", ""); len(got) != 0 {
			t.Errorf("%s KRW-BTC '': %q", name, got)
		}
	}
}

// Offline, completion offers nothing, quickly, and does not fail.
func TestCompleteMarketCodesOffline(t *testing.T) {
	closed := httptest.NewServer(nil)
	closed.Close()
	got, directive := complete(t, closed.URL, "ticker", "KRW")
	if len(got) != 0 || directive != ":4" {
		t.Errorf("offline: %q %s", got, directive)
	}
}

// cobra's completion command is there and the root help shows how to use
// it.
func TestCompletionCommand(t *testing.T) {
	r := runCLI(t, nil, nil, "completion", "bash")
	if r.code != 0 || !strings.Contains(r.stdout, "bash completion") {
		t.Errorf("completion bash: exit %d:\n%.200s", r.code, r.stdout)
	}
	r = runCLI(t, nil, nil, "--help")
	if !strings.Contains(r.stdout, "source <(bithumb completion bash)") || !strings.Contains(r.stdout, "completion") {
		t.Errorf("--help does not show completion:\n%s", r.stdout)
	}
}
