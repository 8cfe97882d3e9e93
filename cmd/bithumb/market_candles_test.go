package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"
)

// candleJSON is what the checks of candles read.
type candleJSON struct {
	UTC   string      `json:"candle_date_time_utc"`
	Close json.Number `json:"trade_price"`
	Unit  int         `json:"unit"`
}

// candlesJSON runs candles with --json and decodes its output.
func candlesJSON(t *testing.T, m *testSim, args ...string) ([]candleJSON, string) {
	t.Helper()
	r := m.run(t, append([]string{"candles", "KRW-BTC", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("candles %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	var list []candleJSON
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatal(err)
	}
	return list, r.stderr
}

// Above the page size, candles are fetched page by page, each page ending
// where the previous one started: consecutive minutes, none twice, and the
// progress on stderr.
func TestCandlesPaging(t *testing.T) {
	m := startSim(t, quietMarket...)
	list, stderr := candlesJSON(t, m, "--interval", "1m", "--count", "450")
	if len(list) != 450 {
		t.Fatalf("%d candles, want 450", len(list))
	}
	for i := 1; i < len(list); i++ {
		prev, _ := time.Parse("2006-01-02T15:04:05", list[i-1].UTC)
		cur, _ := time.Parse("2006-01-02T15:04:05", list[i].UTC)
		if prev.Sub(cur) != time.Minute {
			t.Fatalf("candle %d at %s follows %s: want the minute before", i, list[i].UTC, list[i-1].UTC)
		}
	}
	if want := "fetched 200/450 candles\nfetched 400/450 candles\nfetched 450/450 candles\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	first, stderr := candlesJSON(t, m, "--interval", "1m", "--count", "200")
	if stderr != "" || len(first) != 200 || first[0] != list[0] || first[199] != list[199] {
		t.Errorf("one page: stderr %q, %d candles, not the newest of the paged fetch", stderr, len(first))
	}
}

// Each interval asks for its own candles.
func TestCandlesIntervals(t *testing.T) {
	m := startSim(t, quietMarket...)
	for _, tc := range []struct {
		interval string
		step     time.Duration // between two candles; 0: not checked
		unit     int
	}{
		{"3m", 3 * time.Minute, 3},
		{"1h", time.Hour, 60},
		{"4h", 4 * time.Hour, 240},
		{"1d", 24 * time.Hour, 0},
		{"1w", 7 * 24 * time.Hour, 0},
		{"1M", 0, 0},
	} {
		list, _ := candlesJSON(t, m, "--interval", tc.interval, "--count", "3")
		if len(list) != 3 || list[0].Unit != tc.unit {
			t.Errorf("--interval %s: %+v", tc.interval, list)
			continue
		}
		a, _ := time.Parse("2006-01-02T15:04:05", list[0].UTC)
		b, _ := time.Parse("2006-01-02T15:04:05", list[1].UTC)
		if tc.step != 0 && a.Sub(b) != tc.step {
			t.Errorf("--interval %s: candles %s and %s are %v apart, want %v", tc.interval, list[0].UTC, list[1].UTC, a.Sub(b), tc.step)
		}
		if ka, kb := a.Add(9*time.Hour), b.Add(9*time.Hour); tc.interval == "1M" && (ka.Day() != 1 || kb.Day() != 1 || ka.Month() == kb.Month()) {
			t.Errorf("--interval 1M: candles %s and %s are not a month apart", list[0].UTC, list[1].UTC)
		}
	}
}

func TestCandlesTable(t *testing.T) {
	m := startSim(t, quietMarket...)
	r := m.run(t, "candles", "KRW-BTC", "--interval", "1h", "--count", "4")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 5 || !strings.HasPrefix(lines[0], "TIME (KST)") {
		t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Newest first, hour by hour, in KST (the exchange clock is 21:00 KST).
	for i, l := range lines[1:] {
		at, err := time.Parse("2006-01-02 15:04", l[:16])
		if err != nil || i > 0 && at.Add(time.Hour).Format("2006-01-02 15:04") != lines[i][:16] || !strings.HasPrefix(l, "2026-07-30 ") {
			t.Errorf("line %d %q: want the hour before %q, on 2026-07-30 KST", i+1, l, lines[i])
		}
	}
	// The default table has 30 candles.
	if r := m.run(t, "candles", "KRW-BTC"); strings.Count(r.stdout, "\n") != 31 {
		t.Errorf("default: %d lines", strings.Count(r.stdout, "\n"))
	}
}

// The chart fills the width that COLUMNS gives, fetching as many candles
// as fit, without colour when standard output is not a terminal.
func TestCandlesChartFitsColumns(t *testing.T) {
	m := startSim(t, quietMarket...)
	env := map[string]string{"COLUMNS": "60"}
	r := runCLI(t, nil, env, "candles", "KRW-BTC", "--chart", "--api-url", m.url)
	if r.code != 0 || r.stderr != "" || strings.Contains(r.stdout, "\x1b") {
		t.Fatalf("exit %d, stderr %q:\n%s", r.code, r.stderr, r.stdout)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 1+chartHeight+2 || !strings.HasPrefix(lines[0], "KRW-BTC 1d  open ") {
		t.Fatalf("%d lines:\n%s", len(lines), r.stdout)
	}
	axis := lines[1+chartHeight]
	if w := runewidth.StringWidth(axis); w != 60 {
		t.Errorf("the time axis %q is %d columns wide, want 60", axis, w)
	}
	for _, l := range lines[1:] {
		if w := runewidth.StringWidth(l); w > 60 {
			t.Errorf("line %q is %d columns wide", l, w)
		}
	}
	// With --count above what fits, the newest are drawn and stderr says so.
	r = runCLI(t, nil, env, "candles", "KRW-BTC", "--chart", "--count", "100", "--api-url", m.url)
	if r.code != 0 || !strings.Contains(r.stderr, "of 100 candles") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// The second page of candles ends where the first began: to is the start
// of the oldest candle received, in KST. A server that answers the same
// page again ends the fetch instead of looping.
func TestCandlesPageEndsWhereThePreviousBegan(t *testing.T) {
	start := time.Date(2026, 7, 30, 21, 0, 0, 0, time.UTC) // newest, UTC
	page := make([]string, candlesPageSize)
	for i := range page {
		at := start.Add(-time.Duration(i) * time.Minute)
		page[i] = fmt.Sprintf(`{"market":"KRW-BTC","candle_date_time_utc":%q,"candle_date_time_kst":%q,`+
			`"opening_price":1,"high_price":2,"low_price":1,"trade_price":2,"timestamp":1,`+
			`"candle_acc_trade_price":2,"candle_acc_trade_volume":1,"unit":1}`,
			at.Format("2006-01-02T15:04:05"), at.Add(9*time.Hour).Format("2006-01-02T15:04:05"))
	}
	api := newFakeAPI(t, 200, "["+strings.Join(page, ",")+"]")
	r := runCLI(t, nil, nil, "candles", "KRW-BTC", "--interval", "1m", "--count", "450", "--json", "--api-url", api.URL)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	reqs := api.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	// The oldest candle starts 199 minutes before 21:00 UTC: 02:41 KST.
	for i, want := range []string{"count=200&market=KRW-BTC", "count=200&market=KRW-BTC&to=2026-07-31+02%3A41%3A00"} {
		if reqs[i].path != "/v1/candles/minutes/1" || sortedQuery(t, reqs[i].rawQuery) != want {
			t.Errorf("request %d: %s?%s, want the query %s", i+1, reqs[i].path, reqs[i].rawQuery, want)
		}
	}
	var list []candleJSON
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != candlesPageSize {
		t.Errorf("%v: %d candles, want each of the page once", err, len(list))
	}
}
