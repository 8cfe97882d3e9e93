package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// TestWatchMarketCheck: an unlisted market is an error before any
// connection; a lower-case code, accepted by REST, is streamed.
func TestWatchMarketCheck(t *testing.T) {
	t.Parallel()
	w := startSim(t, quietMarket...)
	r := w.watch(t, nil, "ticker", "KRW-BTC", "KRW-NOPE", "BTC-NADA")
	if r.code != 1 || !strings.Contains(r.stderr, "markets KRW-NOPE, BTC-NADA are not listed at "+w.url) || strings.Contains(r.stderr, "connecting") {
		t.Errorf("unlisted: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = w.watch(t, nil, "orderbook", "krw-eth.3", "--count", "1")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "orderbook KRW-ETH") || !strings.Contains(r.stdout, "(3 levels)") {
		t.Errorf("lower case: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "bithumb: subscribed to orderbook KRW-ETH.3; waiting for events\n") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

// TestWatchMarketListUnreachable: without the market list, watch says
// where it looked and how to skip the check.
func TestWatchMarketListUnreachable(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, nil, "watch", "ticker", "KRW-BTC", "--api-url", "http://"+closedPort(t), "--ws-url", "ws://"+closedPort(t))
	if r.code != 1 || !strings.Contains(r.stderr, "--skip-market-check") || strings.Contains(r.stderr, "connecting") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// TestWatchJSONAgainstTheSimulator: --json prints Bithumb's DEFAULT names
// whether the stream is DEFAULT or SIMPLE, and the same message either
// way.
func TestWatchJSONAgainstTheSimulator(t *testing.T) {
	t.Parallel()
	w := startSim(t, quietMarket...)
	for _, args := range [][]string{{"ticker", "KRW-BTC"}, {"orderbook", "KRW-BTC.2"}} {
		def := w.watch(t, nil, append(args, "--json", "--count", "1")...)
		simple := w.watch(t, nil, append(args, "--json", "--count", "1", "--format", "simple")...)
		if def.code != 0 || simple.code != 0 {
			t.Fatalf("%v: exit %d and %d: %s %s", args, def.code, simple.code, def.stderr, simple.stderr)
		}
		if def.stdout != simple.stdout {
			t.Errorf("%v: DEFAULT printed\n%s\nSIMPLE printed\n%s", args, def.stdout, simple.stdout)
		}
		var msg map[string]json.RawMessage
		if err := json.Unmarshal([]byte(def.stdout), &msg); err != nil {
			t.Fatalf("%v: %v: %s", args, err, def.stdout)
		}
		if string(msg["type"]) != `"`+args[0]+`"` || string(msg["code"]) != `"`+strings.TrimSuffix(args[1], ".2")+`"` || msg["stream_type"] == nil {
			t.Errorf("%v: %s", args, def.stdout)
		}
	}
}

// TestWatchExamples runs every example of `watch --help` against the
// simulator: the address 127.0.0.1:8080 becomes the simulator's, the
// simulator is added where an example names no server, and an example
// without --count stops after one event. The private example gets the
// simulator's keys and an order placed once it has subscribed.
func TestWatchExamples(t *testing.T) {
	t.Parallel()
	w := startSim(t, quietMarket...)
	env := map[string]string{"BITHUMB_ACCESS_KEY": w.key.AccessKey, "BITHUMB_SECRET_KEY": w.key.SecretKey}
	for _, ex := range exampleCommands(t, subcommand(t, "watch")) {
		args := slices.Clone(ex.args())
		for i := range args {
			args[i] = strings.ReplaceAll(args[i], "127.0.0.1:8080", w.host)
		}
		line := strings.Join(args, " ")
		if !strings.Contains(line, "--ws-url") { // an example with --ws-url runs as written
			args = append(args, "--api-url", w.url, "--ws-url", "ws://"+w.host)
		}
		if !strings.Contains(line, "--count") {
			args = append(args, "--count", "1")
		}
		if !strings.Contains(line, "--timeout") {
			args = append(args, "--timeout", "1m")
		}
		var r result
		if args[1] == "myOrder" || args[1] == "myAsset" {
			r = w.withOrder(t, env, args)
		} else {
			r = runCLI(t, nil, env, args...)
		}
		if r.code != 0 || r.stdout == "" {
			t.Errorf("bithumb %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
}

// withOrder runs args while placing orders, resting far below the price,
// once the watch has subscribed and until it ends: the simulator sends a
// private event only when something changes.
func (w *testSim) withOrder(t *testing.T, env map[string]string, args []string) result {
	t.Helper()
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- run(t.Context(), args, strings.NewReader(""), &stdout, &stderr, mapEnv(env))
	}()
	c, err := bithumb.New(bithumb.WithBaseURL(w.url), bithumb.WithKeys(w.key.AccessKey, w.key.SecretKey))
	if err != nil {
		t.Fatal(err)
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case code := <-done:
			return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
		case <-tick.C:
		}
		if !strings.Contains(stderr.String(), "subscribed") {
			continue
		}
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		_, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
			Price: decimal.NewFromInt(1_000_000), Volume: decimal.MustParse("0.01")})
		cancel()
		if err != nil {
			t.Fatalf("placing an order: %v", err)
		}
	}
}

// TestWatchMarketListFromTheWebSocketHost: with only --ws-url (the
// simulator's address), the market list is read from the same host, so
// an unlisted market is refused there and a listed one streams.
func TestWatchMarketListFromTheWebSocketHost(t *testing.T) {
	t.Parallel()
	w := startSim(t, quietMarket...)
	r := runCLI(t, nil, nil, "watch", "ticker", "KRW-NOPE", "--ws-url", "ws://"+w.host, "--timeout", "1m")
	if r.code != 1 || !strings.Contains(r.stderr, "market KRW-NOPE is not listed at "+w.url) {
		t.Errorf("unlisted: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = runCLI(t, nil, map[string]string{envWSURL: "ws://" + w.host}, "watch", "ticker", "KRW-BTC", "--count", "1", "--timeout", "1m")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "ticker    KRW-BTC") {
		t.Errorf("listed: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestMarketListBase(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		g    globalOptions
		want string
	}{
		{"default", nil, globalOptions{}, bithumb.DefaultBaseURL},
		{"api-url wins", nil, globalOptions{apiURL: "http://a:1", wsURL: "ws://b:2"}, "http://a:1"},
		{"api env wins", map[string]string{envAPIURL: "http://a:1"}, globalOptions{wsURL: "ws://b:2"}, "http://a:1"},
		{"ws flag", nil, globalOptions{wsURL: "ws://127.0.0.1:8080/websocket/v1"}, "http://127.0.0.1:8080"},
		{"ws env, tls", map[string]string{envWSURL: "wss://example.com"}, globalOptions{}, "https://example.com"},
		{"production ws", nil, globalOptions{wsURL: "wss://ws-api.bithumb.com/websocket/v1"}, bithumb.DefaultBaseURL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &app{lookup: func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }, global: &tc.g}
			got, err := a.marketListBase()
			if err != nil || got != tc.want {
				t.Errorf("marketListBase() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
