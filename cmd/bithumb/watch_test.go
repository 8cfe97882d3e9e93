package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

const tickerFrame = `{"type":"ticker","code":"KRW-BTC","opening_price":484500,"high_price":493100,"low_price":472500,"trade_price":1.76373410121466379999997512,"prev_closing_price":484500,"change":"RISE","change_price":8600,"signed_change_price":8600,"change_rate":0.01775026,"signed_change_rate":0.01775026,"trade_volume":0.00040361,"acc_trade_volume":17.03631171,"acc_trade_volume_24h":1311.88031357,"acc_trade_price":2675920640.37342,"acc_trade_price_24h":205839989370.0371,"trade_date":"20240705","trade_time":"150000","trade_timestamp":1720159200000,"ask_bid":"BID","timestamp":1720159200123,"stream_type":"REALTIME"}`

// wsFake is a WebSocket server that records subscription requests and
// sends frames; dropAfterFirst closes the first connection after one
// frame, to exercise reconnection.
type wsFake struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
	paths    []string
	auth     []string
	conns    atomic.Int64
}

func newWSFake(t *testing.T, frames []string, dropAfterFirst bool) *wsFake {
	t.Helper()
	f := &wsFake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := f.conns.Add(1)
		f.mu.Lock()
		f.paths = append(f.paths, r.URL.Path)
		f.auth = append(f.auth, r.Header.Get("Authorization"))
		f.mu.Unlock()
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := r.Context()
		_, req, err := c.Read(ctx)
		if err != nil {
			return
		}
		f.mu.Lock()
		f.requests = append(f.requests, string(req))
		f.mu.Unlock()
		for i, frame := range frames {
			if err := c.Write(ctx, websocket.MessageBinary, []byte(frame)); err != nil {
				return
			}
			if dropAfterFirst && n == 1 && i == 0 {
				return // the connection dies
			}
		}
		// Stay open, answering nothing, until the client leaves.
		for {
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *wsFake) wsURL() string { return "ws" + strings.TrimPrefix(f.URL, "http") }

func TestWatchPrintsJSONLinesAndStops(t *testing.T) {
	t.Parallel()
	f := newWSFake(t, []string{tickerFrame, strings.Replace(tickerFrame, "KRW-BTC", "KRW-ETH", 1), tickerFrame}, false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var stdout, stderr strings.Builder
	code := run(ctx, []string{"watch", "ticker", "KRW-BTC", "KRW-ETH", "--count", "2", "--json", "--skip-market-check", "--ws-url", f.wsURL()},
		strings.NewReader(""), &stdout, &stderr, mapEnv(nil))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), stdout.String())
	}
	for _, line := range lines {
		var ev map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not JSON: %s", line)
		}
		if string(ev["type"]) != `"ticker"` {
			t.Errorf("type = %s", ev["type"])
		}
	}
	if lines[0] != tickerFrame {
		t.Errorf("printed\n%s\nwant the message as sent\n%s", lines[0], tickerFrame)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.paths[0] != "/websocket/v1" {
		t.Errorf("path = %s, want /websocket/v1 appended to the bare URL", f.paths[0])
	}
	if !strings.Contains(f.requests[0], `"type":"ticker"`) || !strings.Contains(f.requests[0], `"KRW-BTC"`) || !strings.Contains(f.requests[0], `"KRW-ETH"`) {
		t.Errorf("subscription request = %s", f.requests[0])
	}
}

func TestWatchKeepsGoingAcrossReconnects(t *testing.T) {
	t.Parallel()
	f := newWSFake(t, []string{tickerFrame, tickerFrame}, true)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var stdout, stderr strings.Builder
	code := run(ctx, []string{"watch", "ticker", "KRW-BTC", "--count", "2", "--skip-market-check", "--ws-url", f.wsURL()},
		strings.NewReader(""), &stdout, &stderr, mapEnv(nil))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if n := strings.Count(stdout.String(), "ticker    KRW-BTC"); n != 2 {
		t.Errorf("%d ticker lines:\n%s", n, stdout.String())
	}
	for _, want := range []string{"bithumb: connecting to " + f.wsURL() + "/websocket/v1\n", "bithumb: connected\n", "bithumb: disconnected: ", "bithumb: reconnected after 1 attempt(s); events between "} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if f.conns.Load() < 2 {
		t.Errorf("%d connections", f.conns.Load())
	}
}

func TestWatchPrivateSignsTheHandshake(t *testing.T) {
	t.Parallel()
	f := newWSFake(t, []string{`{"type":"myAsset","assets":[{"currency":"KRW","balance":"1000.5","locked":"0"}],"asset_timestamp":1727052537592,"timestamp":1727052537687,"stream_type":"REALTIME"}`}, false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var stdout, stderr strings.Builder
	env := mapEnv(map[string]string{"BITHUMB_ACCESS_KEY": "watch-access-key-0123456789", "BITHUMB_SECRET_KEY": "watch-secret-key-0123456789", envWSURL: f.wsURL()})
	code := run(ctx, []string{"watch", "myAsset", "--count", "1"}, strings.NewReader(""), &stdout, &stderr, env)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "KRW 1000.5") {
		t.Errorf("stdout = %q", stdout.String())
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.paths[0] != "/websocket/v2/private" || !strings.HasPrefix(f.auth[0], "Bearer ") {
		t.Errorf("path %s, Authorization %q", f.paths[0], f.auth[0])
	}
	if strings.Contains(stdout.String()+stderr.String(), "watch-secret-key") {
		t.Error("the secret was printed")
	}
}

func TestWatchRejectsBadInput(t *testing.T) {
	t.Parallel()
	// Each is refused before any connection: the URLs lead nowhere.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"watch", "candles", "KRW-BTC"}, `unknown type "candles"`},
		{[]string{"watch", "ticker", "KRW BTC"}, `code "KRW BTC" is not a market code such as KRW-BTC`},
		{[]string{"watch", "ticker", "KRW-BTC.5"}, `code "KRW-BTC.5": a depth suffix (.N) is for orderbook codes only`},
		{[]string{"watch", "orderbook", "KRW-BTC.99"}, "depth suffix must be .1 to .30"},
		{[]string{"watch", "ticker"}, "at least one code is required"},
		{[]string{"watch", "myAsset", "KRW-BTC"}, "myAsset takes no market codes (got KRW-BTC)"},
		{[]string{"watch", "ticker", "KRW-BTC", "--format", "xml"}, `--format "xml": want default or simple`},
		{[]string{"watch", "ticker", "KRW-BTC", "--timeout", "-1s"}, "--timeout -1s is negative"},
		{[]string{"watch", "ticker", "KRW-BTC", "--max-connect-failures", "-1"}, "--max-connect-failures -1 is negative"},
		{[]string{"watch", "ticker", "KRW-BTC", "--ws-url", "http://example.com"}, `--ws-url "http://example.com" is not a ws:// or wss:// URL`},
		{[]string{"watch", "myAsset", "--ws-url", "ws://127.0.0.1:1"}, "watch myAsset"}, // no keys
	} {
		args := append(tt.args, "--api-url", "http://127.0.0.1:1")
		var stdout, stderr strings.Builder
		code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, mapEnv(nil))
		if code != 1 || !strings.Contains(stderr.String(), tt.want) || strings.Contains(stderr.String(), "connecting") {
			t.Errorf("%v: exit %d, stderr %q, want %q and no connection", tt.args, code, stderr.String(), tt.want)
		}
	}
}

// mapEnv is an environment for run.
func mapEnv(m map[string]string) env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// TestWatchServerErrorExits: an error message from the server ends the
// watch with its name and message.
func TestWatchServerErrorExits(t *testing.T) {
	t.Parallel()
	f := newWSFake(t, []string{`{"error":{"name":"INVALID_PARAM","message":"codes 필드가 비어 있습니다."}}`}, false)
	r := runCLI(t, nil, nil, "watch", "ticker", "KRW-BTC", "--skip-market-check", "--timeout", "1m", "--ws-url", f.wsURL())
	if r.code != 1 || !strings.Contains(r.stderr, "bithumb: server error INVALID_PARAM: codes 필드가 비어 있습니다.\n") {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
}
