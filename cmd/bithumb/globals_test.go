package main

import (
	"strings"
	"testing"
)

// A bad URL is reported by the flag or variable that gave it, not by the
// SDK option it would have become.
func TestBadURLErrorsNameTheFlag(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"api-url flag", nil, []string{"api", "--api-url", "ftp://x", "/v1/market/all"}, `--api-url "ftp://x" is not an http:// or https:// URL`},
		{"api-url env", map[string]string{envAPIURL: "nohost"}, []string{"api", "/v1/market/all"}, envAPIURL + ` "nohost" is not an http:// or https:// URL`},
		{"api-url query", nil, []string{"--api-url", "http://h/?k=v", "api", "/v1/market/all"}, `--api-url "http://h/?k=v": give the base URL only`},
		{"ws-url flag", nil, []string{"watch", "ticker", "KRW-BTC", "--ws-url", "http://h"}, `--ws-url "http://h" is not a ws:// or wss:// URL`},
		{"ws-url env", map[string]string{envWSURL: "http://h"}, []string{"watch", "ticker", "KRW-BTC"}, envWSURL + ` "http://h" is not a ws:// or wss:// URL`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, nil, tc.env, tc.args...)
			if r.code == 0 || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, "With") {
				t.Errorf("exit %d, stderr %q; want an error containing %q", r.code, r.stderr, tc.want)
			}
		})
	}
}

// A group command (order, wallet, auth, completion) refuses a subcommand
// it does not have, instead of printing its help and exiting 0; alone it
// prints its help.
func TestUnknownSubcommandIsAnError(t *testing.T) {
	for _, args := range [][]string{{"wallet", "bogus"}, {"order", "plac"}, {"auth", "bogus"}, {"completion", "bashx"}} {
		r := runCLI(t, nil, nil, args...)
		want := `unknown command "` + args[1] + `" for "bithumb ` + args[0] + `"`
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("bithumb %s: exit %d, stderr %q; want exit 1 and %q", strings.Join(args, " "), r.code, r.stderr, want)
		}
	}
	r := runCLI(t, nil, nil, "wallet")
	if r.code != 0 || !strings.Contains(r.stdout, "Available Commands") {
		t.Errorf("bithumb wallet: exit %d, stdout %q", r.code, r.stdout)
	}
}

// Missing or extra arguments are reported with the command's usage line.
func TestBadArgumentsShowTheUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ticker"}, "bithumb: requires at least 1 arg(s), only received 0; usage: bithumb ticker MARKET..."},
		{[]string{"candles", "KRW-BTC", "KRW-ETH"}, "bithumb: accepts 1 arg(s), received 2; usage: bithumb candles MARKET"},
		{[]string{"api"}, "usage: bithumb api PATH"},
	} {
		r := runCLI(t, nil, nil, tc.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("bithumb %s: exit %d, stderr %q; want %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
}
