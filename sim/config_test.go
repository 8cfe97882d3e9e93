package sim

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	bithumb "github.com/bithumb-go/bithumb"
)

const yamlConfig = `
seed: 7
time_scale: 60
auth_window: 30s
markets:
  - market: KRW-BTC
    price: "90000000"
  - market: KRW-SOL
    price: 250000
    korean_name: 솔라나
accounts:
  - id: alice
    keys:
      - access_key: alice-access-key-0000001
        secret_key: alice-secret-key-0000001
        scopes: [account, order:read]
    funds: {KRW: "5000000", SOL: "3"}
quirks: {no_ticker_shift: true}
faults: {latency: 1ms}
rate_limit: {overrides: {public-ticker: 10}, block_scale: 0.01}
`

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sim.yaml")
	if err := os.WriteFile(path, []byte(yamlConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Seed != 7 || c.TimeScale != 60 || c.AuthWindow.D() != 30*time.Second || len(c.Markets) != 2 || c.Markets[1].KoreanName != "솔라나" ||
		!c.Accounts[0].Funds["SOL"].Equal(dec("3")) || c.Accounts[0].Keys[0].Scopes[1] != "order:read" || !c.Quirks.NoTickerShift ||
		c.Faults.Latency.D() != time.Millisecond || c.RateLimit.Overrides["public-ticker"] != 10 {
		t.Fatalf("%+v", c)
	}
	s, err := New(WithConfig(c))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if k := s.Keys(); len(k) != 1 || k[0].Account != "alice" {
		t.Errorf("keys %+v", k)
	}
	if _, err := ParseConfigJSON([]byte(`{"seeed": 1}`)); err == nil {
		t.Error("unknown field accepted")
	}
	if _, err := New(WithConfig(Config{Accounts: []AccountConfig{{ID: "x"}, {ID: "x"}}})); err == nil {
		t.Error("duplicate account accepted")
	}
}

// TestStartAndStop runs the simulator on a loopback listener, calls it
// with the client, and checks a clean shutdown without leaked goroutines.
func TestStartAndStop(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	r, err := Start(ctx, "", WithDataDir(t.TempDir()))
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	PrintBanner(&out, r)
	if !strings.HasPrefix(r.URL, "http://127.0.0.1:") || !strings.HasSuffix(r.WebSocketURL, WebSocketPath) || !strings.Contains(out.String(), r.Keys[0].AccessKey) {
		t.Errorf("banner %q", out.String())
	}
	tr := &http.Transport{}
	c, err := bithumb.New(bithumb.WithBaseURL(r.URL), bithumb.WithKeys(r.Keys[0].AccessKey, r.Keys[0].SecretKey), bithumb.WithTransport(tr))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListAccounts(ctx); err != nil {
		t.Error(err)
	}
	resp, err := http.Get(r.URL + "/_sim/health")
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != `{"status":"ok"}` || resp.Header.Get("X-Sim-Version") != Version {
			t.Errorf("health %s %v", b, resp.Header)
		}
	} else {
		t.Error(err)
	}
	tr.CloseIdleConnections()
	http.DefaultClient.CloseIdleConnections()
	cancel()
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
}
