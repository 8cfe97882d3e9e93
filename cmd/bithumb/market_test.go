package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
)

// Every example in the help of the market-data commands and of version
// runs against the simulator and prints something.
func TestMarketCommandExamples(t *testing.T) {
	m := startSim(t, quietMarket...)
	for _, name := range []string{"markets", "ticker", "orderbook", "trades", "candles", "version"} {
		cmd := subcommand(t, name)
		help := runCLI(t, nil, nil, name, "--help")
		if help.code != 0 || !strings.Contains(help.stdout, "Examples:") || !strings.Contains(help.stdout, cmd.Example) {
			t.Errorf("%s --help: exit %d, no examples:\n%s", name, help.code, help.stdout)
		}
		for _, ex := range exampleCommands(t, cmd) {
			r := m.run(t, ex.args()...)
			if r.code != 0 || r.stdout == "" {
				t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
			}
		}
	}
	// The root's examples, but for the shell's line that sources the
	// completion script (tested in TestCompletionCommand).
	ran := 0
	for _, ex := range commandLines(t, rootExample) {
		if ex.words[0] != "bithumb" {
			continue
		}
		if r := m.run(t, ex.args()...); r.code != 0 || r.stdout == "" {
			t.Errorf("%s: exit %d\nstdout: %s\nstderr: %s", ex.text, r.code, r.stdout, r.stderr)
		}
		ran++
	}
	if ran != 3 {
		t.Errorf("%d root examples ran, want 3", ran)
	}
}

func TestMarketsTableAlignsKoreanNames(t *testing.T) {
	m := startSim(t, quietMarket...)
	r := m.run(t, "markets", "--warnings")
	want := `MARKET   KOREAN    ENGLISH   WARNING
KRW-BTC  비트코인  Bitcoin   NONE
KRW-ETH  이더리움  Ethereum  NONE
KRW-XRP  리플      XRP       CAUTION
BTC-ETH  이더리움  Ethereum  NONE
`
	if r.code != 0 || r.stdout != want {
		t.Errorf("markets --warnings: exit %d\n%s\nwant\n%s\nstderr: %s", r.code, r.stdout, want, r.stderr)
	}
	if r := m.run(t, "markets"); r.code != 0 || strings.Contains(r.stdout, "WARNING") || !strings.Contains(r.stdout, "리플      XRP\n") {
		t.Errorf("markets: exit %d\n%s", r.code, r.stdout)
	}
}

// decodeNumbers decodes a JSON array of objects keeping numbers as they
// were written.
func decodeNumbers(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v []map[string]any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return v
}

// The ticker's --json prints every number of the API with all its
// digits: each equals the number that the simulator sent.
func TestTickerJSONKeepsExactNumbers(t *testing.T) {
	m := startSim(t, quietMarket...)
	m.clock.Advance(time.Hour)
	resp, err := http.Get(m.url + "/v1/ticker?markets=KRW-BTC,KRW-XRP")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := m.run(t, "ticker", "KRW-BTC", "KRW-XRP", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want, got := decodeNumbers(t, raw), decodeNumbers(t, []byte(r.stdout))
	if len(got) != 2 || len(want) != 2 {
		t.Fatalf("got %d tickers, the API sent %d", len(got), len(want))
	}
	compared := 0
	for i := range want {
		for key, w := range want[i] {
			wn, ok := w.(json.Number)
			if !ok || strings.HasSuffix(key, "timestamp") {
				continue
			}
			gn, ok := got[i][key].(json.Number)
			if !ok {
				t.Errorf("%s %s: printed %v, the API sent %s", want[i]["market"], key, got[i][key], wn)
				continue
			}
			if decimal.MustParse(gn.String()).Cmp(decimal.MustParse(wn.String())) != 0 {
				t.Errorf("%s %s: printed %s, the API sent %s", want[i]["market"], key, gn, wn)
			}
			compared++
		}
	}
	if compared < 20 {
		t.Errorf("only %d numbers compared", compared)
	}
}

func TestTickerTable(t *testing.T) {
	m := startSim(t, quietMarket...)
	r := m.run(t, "ticker", "KRW-BTC", "KRW-XRP")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "MARKET ") ||
		!strings.HasPrefix(lines[1], "KRW-BTC ") || !strings.HasPrefix(lines[2], "KRW-XRP ") {
		t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Numbers are right-aligned: every line ends at the same column.
	for _, l := range lines[1:] {
		if len(l) != len(lines[0]) {
			t.Errorf("line %q is not as long as the header %q", l, lines[0])
		}
	}
}

func TestOrderbookDepth(t *testing.T) {
	m := startSim(t, quietMarket...)
	r := m.run(t, "orderbook", "KRW-BTC", "--depth", "3")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 1+3+3+2 {
		t.Fatalf("exit %d, %d lines:\n%s%s", r.code, len(lines), r.stdout, r.stderr)
	}
	for i, side := range []string{"SIDE", "ask", "ask", "ask", "bid", "bid", "bid", "total ask", "total bid"} {
		if !strings.HasPrefix(lines[i], side+" ") {
			t.Errorf("line %d %q: want %s", i, lines[i], side)
		}
	}
	// The ladder: asks from the highest down, then bids from the best down.
	var prices []decimal.Decimal
	for _, l := range lines[1:7] {
		prices = append(prices, decimal.MustParse(strings.Fields(l)[1]))
	}
	for i := 1; i < len(prices); i++ {
		if !prices[i].LessThan(prices[i-1]) {
			t.Errorf("price %s after %s: the ladder is not descending", prices[i], prices[i-1])
		}
	}
	r = m.run(t, "orderbook", "KRW-BTC", "--depth", "2", "--json")
	var book struct {
		Market string            `json:"market"`
		Units  []json.RawMessage `json:"orderbook_units"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &book); err != nil || book.Market != "KRW-BTC" || len(book.Units) != 2 {
		t.Errorf("--json --depth 2: %v, %+v from %s", err, book, r.stdout)
	}
}

// Bad arguments fail before anything is sent, with an error that names
// the argument or the flag.
func TestMarketCommandsCheckArguments(t *testing.T) {
	api := newFakeAPI(t, 200, `[]`)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ticker", "btc"}, `invalid MARKET "btc": is not a market code such as KRW-BTC`},
		{[]string{"ticker", "KRW-BTC", "KRW_ETH"}, `invalid MARKET[2] "KRW_ETH": is not a market code`},
		{[]string{"orderbook", "KRW BTC"}, `invalid MARKET "KRW BTC"`},
		{[]string{"orderbook", "KRW-BTC", "--depth", "0"}, "--depth 0: want 1 to 30"},
		{[]string{"orderbook", "KRW-BTC", "--depth", "31"}, "--depth 31: want 1 to 30"},
		{[]string{"trades", "KRW-BTC-X"}, `invalid MARKET "KRW-BTC-X"`},
		{[]string{"trades", "KRW-BTC", "--count", "0"}, "--count 0: want 1 to 10000"},
		{[]string{"trades", "KRW-BTC", "--days-ago", "8"}, "--days-ago 8: want 1 to 7"},
		{[]string{"candles", "KRW-"}, `invalid MARKET "KRW-"`},
		{[]string{"candles", "KRW-BTC", "--interval", "2h"}, `--interval "2h": want one of 1m, 3m, 5m, 10m, 15m, 30m, 1h, 4h, 1d, 1w, 1M`},
		{[]string{"candles", "KRW-BTC", "--count", "10001"}, "--count 10001: want 1 to 10000"},
	} {
		r := runCLI(t, nil, nil, append(tc.args, "--api-url", api.URL)...)
		if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("bithumb %s: exit %d, stderr %q; want %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
	if n := len(api.requests()); n != 0 {
		t.Errorf("the API received %d requests", n)
	}
}

// An unknown market is the API's error, with a pointer to the list of
// markets.
func TestUnknownMarketPointsToMarkets(t *testing.T) {
	m := startSim(t, quietMarket...)
	for _, args := range [][]string{{"ticker", "KRW-BTC", "KRW-NOPE"}, {"orderbook", "KRW-NOPE"}, {"trades", "KRW-NOPE"}, {"candles", "KRW-NOPE"}} {
		r := m.run(t, args...)
		if r.code == 0 || !strings.Contains(r.stderr, "Code not found (bithumb markets lists the markets)") {
			t.Errorf("%s: exit %d, stderr %q", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}

// tradeJSON is what the checks of trades read.
type tradeJSON struct {
	Timestamp json.Number `json:"timestamp"` // a number or a string
	Seq       json.Number `json:"sequential_id"`
}

// Above the page size, trades are fetched page by page with the cursor:
// no trade twice, newest first, and the progress on stderr.
func TestTradesPaging(t *testing.T) {
	m := startSim(t, quietMarket...)
	m.clock.Advance(3 * time.Hour)
	r := m.run(t, "trades", "KRW-BTC", "--count", "1200", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var trades []tradeJSON
	if err := json.Unmarshal([]byte(r.stdout), &trades); err != nil {
		t.Fatal(err)
	}
	if len(trades) != 1200 {
		t.Fatalf("%d trades, want 1200", len(trades))
	}
	seen := map[json.Number]bool{}
	for i, tr := range trades {
		if seen[tr.Seq] {
			t.Fatalf("trade %d (%s) printed twice", i, tr.Seq)
		}
		seen[tr.Seq] = true
		if i > 0 && decimal.MustParse(tr.Timestamp.String()).Cmp(decimal.MustParse(trades[i-1].Timestamp.String())) > 0 {
			t.Fatalf("trade %d is newer than trade %d", i, i-1)
		}
	}
	if want := "fetched 500/1200 trades\nfetched 1000/1200 trades\nfetched 1200/1200 trades\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	// One page: the same newest trades, and no progress.
	one := m.run(t, "trades", "KRW-BTC", "--count", "500", "--json")
	var first []tradeJSON
	if err := json.Unmarshal([]byte(one.stdout), &first); err != nil || one.stderr != "" {
		t.Fatalf("%v, stderr %q", err, one.stderr)
	}
	for i := range first {
		if first[i] != trades[i] {
			t.Fatalf("trade %d: one page has %+v, the paged fetch %+v", i, first[i], trades[i])
		}
	}
}

func TestTradesTable(t *testing.T) {
	m := startSim(t, quietMarket...)
	m.clock.Advance(time.Hour)
	r := m.run(t, "trades", "KRW-ETH", "--count", "3")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 4 || !strings.HasPrefix(lines[0], "TIME (UTC)") {
		t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 5 || !strings.HasPrefix(f[0], "2026-07-30") || (f[2] != "ASK" && f[2] != "BID") {
			t.Errorf("row %q: want date, time, side, price, volume", l)
		}
	}
}

// Each page of trades asks for the same day (daysAgo), and each page after
// the first for the trades before the last one received (cursor).
func TestTradesPagesCarryDaysAgoAndCursor(t *testing.T) {
	trade := `{"market":"KRW-BTC","trade_date_utc":"2026-07-29","trade_time_utc":"10:00:00","timestamp":1785319200000,` +
		`"trade_price":"150000000","trade_volume":"0.001","prev_closing_price":"149000000","change_price":"1000000","ask_bid":"BID","sequential_id":"%d"}`
	page := make([]string, tradesPageSize)
	for i := range page {
		page[i] = strings.Replace(trade, "%d", "17853192000000042", 1)
	}
	api := newFakeAPI(t, 200, "["+strings.Join(page, ",")+"]")
	r := runCLI(t, nil, nil, "trades", "KRW-BTC", "--days-ago", "2", "--count", "700", "--api-url", api.URL)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if rows := strings.Count(r.stdout, "\n") - 1; rows != 700 {
		t.Errorf("%d trades printed, want 700 (a server that sends more than asked is cut short)", rows)
	}
	reqs := api.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for i, want := range []string{
		"count=500&daysAgo=2&market=KRW-BTC",
		"count=200&cursor=17853192000000042&daysAgo=2&market=KRW-BTC",
	} {
		if reqs[i].path != "/v1/trades/ticks" || sortedQuery(t, reqs[i].rawQuery) != want {
			t.Errorf("request %d: %s?%s, want the query %s", i+1, reqs[i].path, reqs[i].rawQuery, want)
		}
	}
}

// sortedQuery returns the query raw with its parameters sorted by name.
func sortedQuery(t *testing.T, raw string) string {
	t.Helper()
	q, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	return q.Encode()
}
