package ws

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/market"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestParseRequest(t *testing.T) {
	for _, tc := range []struct {
		req     string
		private bool
		err     *wsError
		items   string // "type:code:depth:level:S/R" joined by spaces
		simple  bool
	}{
		{req: `[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC","BTC-ETH"]},{"format":"SIMPLE"}]`, items: "ticker:KRW-BTC:0:0:SR ticker:BTC-ETH:0:0:SR", simple: true},
		{req: `[{"ticket":"t"},{"type":"orderbook","codes":["KRW-BTC","KRW-ETH.3"],"level":10},{"format":"DEFAULT"}]`, items: "orderbook:KRW-BTC:30:10:SR orderbook:KRW-ETH:3:10:SR"},
		{req: `[{"ticket":"t"},{"type":"orderbook","codes":["KRW-ETH.99","KRW-ETH.x"]}]`, items: "orderbook:KRW-ETH:30:0:SR orderbook:KRW-ETH.x:30:0:SR"},
		{req: `[{"ticket":"t"},{"type":"trade","codes":["KRW-BTC"],"isOnlySnapshot":true},{"type":"ticker","codes":["KRW-BTC"],"is_only_realtime":true}]`, items: "trade:KRW-BTC:0:0:S ticker:KRW-BTC:0:0:R"},
		{req: `[{"ticket":"t"},{"type":"trade","codes":["KRW-BTC"],"isOnlySanpshot":true,"isOnlyRealtime":false}]`, items: "trade:KRW-BTC:0:0:S"},
		{req: `[{"ticket":"t"},{"type":"myOrder","codes":[]},{"type":"myAsset"},{"format":"DEFAULT"}]`, private: true, items: "myOrder::0:0:R myAsset::0:0:R"},
		{req: `[{"ticket":"t"},{"type":"myOrder","codes":["KRW-BTC"]}]`, private: true, items: "myOrder:KRW-BTC:0:0:R"},
		{req: `[{"ticket":"t"},{"type":"myOrder"}]`, private: true, items: "myOrder::0:0:R"},
		{req: ``, err: errWrongFormat},
		{req: `[]`, err: errWrongFormat},
		{req: `[1]`, err: errWrongFormat},
		{req: `[{"ticket":"t"},"x"]`, err: errWrongFormat},
		{req: `[{"type":"ticker","codes":["KRW-BTC"]}]`, err: errNoTicket},
		{req: `[{"ticket":3},{"type":"ticker","codes":["KRW-BTC"]}]`, err: errNoTicket},
		{req: `[{"ticket":"t"}]`, err: errNoType},
		{req: `[{"ticket":"t"},{"codes":["KRW-BTC"]}]`, err: errNoType},
		{req: `[{"ticket":"t"},{"type":""}]`, err: errNoType},
		{req: `[{"ticket":"t"},{"type":"ticker"}]`, err: errNoCodes},
		{req: `[{"ticket":"t"},{"type":"ticker","codes":null}]`, err: errNoCodes},
		{req: `[{"ticket":"t"},{"type":"ticker","codes":[]}]`, err: errEmptyCodes},
		{req: `[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"]},{"format":"SIMPLE_LIST"}]`, err: errFormatParam},
		{req: `[{"ticket":"t"},{"type":"ticker","codes":"KRW-BTC"}]`, err: errWrongFormat},
		{req: `[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"],"level":1}]`, err: errWrongFormat},
		{req: `[{"ticket":"t"},{"type":"orderbook","codes":["KRW-BTC"],"level":-1}]`, err: errWrongFormat},
		{req: `[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"],"isOnlySnapshot":true,"isOnlyRealtime":true}]`, err: errWrongFormat},
		{req: `[{"ticket":"t"},{"type":"myOrder","codes":[]}]`, err: errWrongFormat},
		{req: `[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"]}]`, private: true, err: errWrongFormat},
		{req: `[{"ticket":"t"},{"type":"myAsset","codes":["KRW-BTC"]}]`, private: true, err: errWrongFormat},
	} {
		req, err := parseRequest([]byte(tc.req), tc.private)
		if err != tc.err {
			t.Errorf("%s: error %v, want %v", tc.req, err, tc.err)
			continue
		}
		if err != nil {
			continue
		}
		var got []string
		for _, it := range req.items {
			sr := ""
			if it.snapshot {
				sr += "S"
			}
			if it.realtime {
				sr += "R"
			}
			got = append(got, it.typ+":"+it.code+":"+itoa(it.depth)+":"+it.level.String()+":"+sr)
		}
		if g := strings.Join(got, " "); g != tc.items || req.simple != tc.simple {
			t.Errorf("%s: items %q simple %v, want %q %v", tc.req, g, req.simple, tc.items, tc.simple)
		}
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

func TestGroupLevels(t *testing.T) {
	lv := func(p, s string) market.Level {
		return market.Level{Price: decimal.MustParse(p), Size: decimal.MustParse(s)}
	}
	asks := []market.Level{lv("1001", "1"), lv("1002", "2"), lv("1010", "3"), lv("1011", "4"), lv("1025", "5")}
	bids := []market.Level{lv("999", "1"), lv("991", "2"), lv("990", "3"), lv("979", "4")}
	str := func(ls []market.Level) string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Price.String()+"x"+l.Size.String())
		}
		return strings.Join(out, " ")
	}
	ten := decimal.NewFromInt(10)
	for _, tc := range []struct {
		got, want string
	}{
		{str(groupLevels(asks, ten, true, 30)), "1010x6 1020x4 1030x5"},
		{str(groupLevels(asks, ten, true, 2)), "1010x6 1020x4"},
		{str(groupLevels(bids, ten, false, 30)), "990x6 970x4"},
		{str(groupLevels(asks, decimal.Zero, true, 3)), "1001x1 1002x2 1010x3"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	for in, want := range map[string]string{
		"plain":       `"plain"`,
		`q"b\`:        `"q\"b\\"`,
		"tab\tnl\n":   `"tab\u0009nl\u000a"`,
		"코드 필드가":      `"코드 필드가"`,
		"bad\xffutf8": `"bad\ufffdutf8"`,
		"{}은 지원하지 않는 포맷입니다.": `"{}은 지원하지 않는 포맷입니다."`,
	} {
		got := string(appendJSONString(nil, in))
		if got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("%s: %v", got, err)
		}
	}
}

// TestRenderKeys checks that every message is valid JSON and that SIMPLE
// renames keys without changing values.
func TestRenderKeys(t *testing.T) {
	now := time.Date(2026, 1, 5, 3, 0, 0, 123e6, time.UTC)
	tr := market.Trade{Market: "KRW-BTC", Time: now, Price: decimal.MustParse("150000000"), Volume: decimal.MustParse("0.0100"),
		Side: "BID", SeqID: 17675820000000001, PrevClose: decimal.MustParse("149000000")}
	td := &tickerData{code: "KRW-BTC", t: market.Ticker{Last: tr, Open: tr.PrevClose, High: tr.Price, Low: tr.PrevClose, PrevClose: tr.PrevClose,
		High52Date: now, Low52Date: now}, now: now}
	o := &engine.Order{ID: "C0101", Market: "KRW-BTC", Side: engine.Ask, Type: engine.Limit, Price: decimal.MustParse("151000000"),
		Limit: decimal.MustParse("151000000"), Volume: decimal.MustParse("0.5"), Remaining: decimal.MustParse("0.4"),
		Executed: decimal.MustParse("0.1"), State: engine.StateWait, CreatedAt: now, TimeInForce: "post_only"}
	fill := &engine.Fill{ID: "C0102", Price: o.Price, Volume: decimal.MustParse("0.1"), Funds: decimal.MustParse("15100000"), CreatedAt: now}
	book := &bookView{code: "KRW-BTC", asks: []market.Level{{Price: tr.Price, Size: tr.Volume}}, level: decimal.NewFromInt(1), time: now}
	render := func(simple bool) map[string][]byte {
		return map[string][]byte{
			"ticker":    appendTicker(nil, simple, true, td),
			"trade":     appendTrade(nil, simple, false, true, &tr, now),
			"orderbook": appendOrderbook(nil, simple, false, true, book),
			"myOrderV2": appendMyOrderV2(nil, simple, &orderView{o: o, fill: fill, now: now}),
			"myOrderV1": appendMyOrderV1(nil, simple, &orderView{o: o, fill: fill, now: now}),
			"myAsset":   appendMyAsset(nil, simple, "KRW", engine.Balance{Balance: decimal.MustParse("10.50"), Locked: decimal.Zero}, now, now),
		}
	}
	def, simple := render(false), render(true)
	for name, d := range def {
		var dm, sm map[string]any
		if err := json.Unmarshal(d, &dm); err != nil {
			t.Fatalf("%s: %s: %v", name, d, err)
		}
		if err := json.Unmarshal(simple[name], &sm); err != nil {
			t.Fatalf("%s SIMPLE: %s: %v", name, simple[name], err)
		}
		if len(dm) != len(sm) {
			t.Errorf("%s: %d keys DEFAULT, %d SIMPLE", name, len(dm), len(sm))
		}
		if !strings.HasPrefix(string(d), `{"type":"`) || !strings.HasPrefix(string(simple[name]), `{"ty":"`) {
			t.Errorf("%s: type is not the first key: %s / %s", name, d, simple[name])
		}
	}
	for _, want := range []string{`"trade_date":"20260105"`, `"trade_time":"120000"`, `"change_rate":0.00671141`, `"delisting_date":null`} {
		if !strings.Contains(string(def["ticker"]), want) {
			t.Errorf("ticker %s lacks %s", def["ticker"], want)
		}
	}
	for _, want := range []string{`"trade_date":"2026-01-05"`, `"trade_time":"12:00:00"`, `"sequential_id":"17675820000000001"`, `"trade_volume":0.01`} {
		if !strings.Contains(string(def["trade"]), want) {
			t.Errorf("trade %s lacks %s", def["trade"], want)
		}
	}
	if want := `"timestamp":1767582000123000`; !strings.Contains(string(def["orderbook"]), want) {
		t.Errorf("orderbook %s lacks %s", def["orderbook"], want)
	}
	for _, want := range []string{`"order_id":"C0101"`, `"side":"sell"`, `"state":"trade"`, `"trade_id":"C0102"`, `"order_amount":75500000`,
		`"trade_amount":15100000`, `"time_in_force":"post_only"`} {
		if !strings.Contains(string(def["myOrderV2"]), want) {
			t.Errorf("v2 %s lacks %s", def["myOrderV2"], want)
		}
	}
	if strings.Contains(string(def["myOrderV2"]), "client_order_id") || strings.Contains(string(def["myOrderV2"]), "cancel_type") {
		t.Errorf("v2 keeps empty fields: %s", def["myOrderV2"])
	}
	for _, want := range []string{`"uuid":"C0101"`, `"ask_bid":"ASK"`, `"trade_uuid":"C0102"`, `"price":151000000`, `"volume":0.1`, `"trades_count":0`} {
		if !strings.Contains(string(def["myOrderV1"]), want) {
			t.Errorf("v1 %s lacks %s", def["myOrderV1"], want)
		}
	}
	if want := `{"ty":"myAsset","ast":[{"cu":"KRW","b":"10.5","l":"0"}],"asttms":1767582000123,"tms":1767582000123,"st":"REALTIME"}`; string(simple["myAsset"]) != want {
		t.Errorf("SIMPLE myAsset %s, want %s", simple["myAsset"], want)
	}
}

func TestInjector(t *testing.T) {
	i := newInjector(Faults{NextDrop: 1, NextStall: 1, NextMalformed: 1, NextError: 2, Endpoints: []string{PrivatePath}})
	if f := i.decide(PublicPath); f != "" {
		t.Fatalf("public endpoint got %q", f)
	}
	var got []Fault
	for range 6 {
		got = append(got, i.decide(PrivatePath))
	}
	want := []Fault{FaultDrop, FaultStall, FaultMalformed, FaultError, FaultError, ""}
	for k := range want {
		if got[k] != want[k] {
			t.Fatalf("decisions %v, want %v", got, want)
		}
	}
	if name, msg := i.errorMessage(); name != "WRONG_FORMAT" || msg != errWrongFormat.message {
		t.Errorf("default error %s %s", name, msg)
	}
	// Rates are seeded: the same seed gives the same decisions.
	draw := func() (n int) {
		j := newInjector(Faults{Seed: 7, DropRate: 0.3})
		for range 1000 {
			if j.decide(PublicPath) == FaultDrop {
				n++
			}
		}
		return n
	}
	if a, b := draw(), draw(); a != b || a < 200 || a > 400 {
		t.Errorf("drops %d and %d of 1000 at rate 0.3", a, b)
	}
	if _, err := ParseFault("explode"); err == nil {
		t.Error("unknown fault accepted")
	}
}
