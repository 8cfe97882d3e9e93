package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
)

// startBenchSim serves bench/sim.yaml's exchange in-process with the keys of
// the environment, as bench/with-sim.sh does with the binary.
func startBenchSim(t *testing.T) string {
	t.Helper()
	cfg, err := sim.LoadConfig(filepath.Join("..", "..", "..", "bench", "sim.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	key := auth.Key{AccessKey: "twin-test-access-key", SecretKey: "twin-test-secret-key-0123456789"}
	t.Setenv("BITHUMB_ACCESS_KEY", key.AccessKey)
	t.Setenv("BITHUMB_SECRET_KEY", key.SecretKey)
	cfg.Accounts = []sim.AccountConfig{{Keys: []auth.Key{key}}}
	s, err := sim.New(sim.WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestRunMeasuresEveryCall(t *testing.T) {
	url := startBenchSim(t)
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run([]string{"-url", url, "-n", "3", "-warmup", "1", "-out", filepath.Join(dir, "go-1.json")}, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	rep, err := readReport(filepath.Join(dir, "go-1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	for _, r := range rep.Results {
		calls = append(calls, r.Call)
		if r.N != 3 || r.MedianUS <= 0 || r.P99US < r.MedianUS || r.CPUUSPerCall < 0 {
			t.Errorf("%s: implausible statistics %+v", r.Call, r)
		}
	}
	if got, want := strings.Join(calls, " "), "ticker ticker-direct ticker-raw ticker-sync orderbook orderbook-direct orderbook-raw chance chance-direct chance-raw "+
		"accounts accounts-direct accounts-raw place place-direct place-raw cancel cancel-direct cancel-raw"; got != want {
		t.Errorf("calls = %q, want %q", got, want)
	}
}

func TestSummarizeRounds(t *testing.T) {
	dir := t.TempDir()
	round := func(name, client string, cpu ...float64) {
		rep := report{Client: client, Runtime: "rt"}
		for i, c := range []string{"ticker", "place"} {
			rep.Results = append(rep.Results, result{Call: c, N: 1, MedianUS: 10 * cpu[i], P99US: 20 * cpu[i], CPUUSPerCall: cpu[i]})
		}
		if client == "go" {
			rep.Results = append(rep.Results, result{Call: "ticker-raw", N: 1, MedianUS: 1, P99US: 1, CPUUSPerCall: 50},
				result{Call: "ticker-sync", N: 1, MedianUS: 1, P99US: 1, CPUUSPerCall: 25},
				result{Call: "place-raw", N: 1, MedianUS: 1, P99US: 1, CPUUSPerCall: 40})
		}
		if err := writeJSON(filepath.Join(dir, name), rep); err != nil {
			t.Fatal(err)
		}
	}
	// Per-round CPU ratios: ticker 4, 6 and 8 (median 6); place 2, 3, 10
	// (median 3); place-raw, compared with ccxt's place, 5, 7.5 and 25.
	round("ccxt-1.json", "ccxt", 400, 200)
	round("go-1.json", "go", 100, 100)
	round("ccxt-2.json", "ccxt", 600, 300)
	round("go-2.json", "go", 100, 100)
	round("ccxt-3.json", "ccxt", 800, 1000)
	round("go-3.json", "go", 100, 100)
	var out bytes.Buffer
	if err := summarizeRounds(&out, dir, ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`(?m)^ticker +600 +100 +6\.0× \(4\.0–8\.0\) +6000/12000 +1000/2000$`,
		`(?m)^place +300 +100 +3\.0× \(2\.0–10\.0\)`,
		`(?m)^ticker-raw +600 +50 +12\.0× `,
		`(?m)^ticker-sync +600 +25 +24\.0× `,
		`(?m)^place-raw +300 +40 +7\.5× \(5\.0–25\.0\)`,
	} {
		if !regexp.MustCompile(want).MatchString(out.String()) {
			t.Errorf("summary does not match %s:\n%s", want, out.String())
		}
	}
}

func TestSummarizeRoundsNeedsBothReports(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go-1.json"), []byte(`{"client":"go"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	err := summarizeRounds(&bytes.Buffer{}, dir, "")
	if err == nil || !strings.Contains(err.Error(), "ccxt report") {
		t.Fatalf("err = %v, want one about the missing ccxt report", err)
	}
}
