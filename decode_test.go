package bithumb

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/internal/jsonscan"
)

// decodeTargets are the result types that decodeBody decodes by hand.
var decodeTargets = map[string]func() any{
	"[]Orderbook": func() any { return new([]Orderbook) },
	"[]Ticker":    func() any { return new([]Ticker) },
	"[]Trade":     func() any { return new([]Trade) },
	"[]Account":   func() any { return new([]Account) },
	"OrderDetail": func() any { return new(OrderDetail) },
	"OrderChance": func() any { return new(OrderChance) },

	"PlaceOrderResponse":  func() any { return new(PlaceOrderResponse) },
	"CancelOrderResponse": func() any { return new(CancelOrderResponse) },
}

// checkDecode checks that decoding body into a new value of newOut agrees
// with today's decode, json.Unmarshal into the same type: when the
// hand-written decoder accepts body, json.Unmarshal succeeds with a deeply
// equal value; decodeBody always gives json.Unmarshal's value and error.
// It reports whether the hand-written decoder accepted body.
func checkDecode(t *testing.T, body []byte, newOut func() any) bool {
	t.Helper()
	want := newOut()
	wantErr := json.Unmarshal(body, want)
	fast := newOut()
	accepted := decodeFast(body, fast)
	if accepted {
		if wantErr != nil {
			t.Fatalf("%T: the hand-written decoder accepted %q, json.Unmarshal fails: %v", fast, short(body), wantErr)
		}
		if !reflect.DeepEqual(fast, want) {
			t.Fatalf("%T of %q:\nhand-written %+v\njson.Unmarshal %+v", fast, short(body), fast, want)
		}
	} else if !reflect.ValueOf(fast).Elem().IsZero() {
		t.Fatalf("%T: the hand-written decoder refused %q but changed its result: %+v", fast, short(body), fast)
	}
	got := newOut()
	gotErr := decodeBody(body, got)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeBody(%q) into %T = %+v, %v; json.Unmarshal gives %+v, %v", short(body), got, got, gotErr, want, wantErr)
	}
	return accepted
}

// short returns the start of body, for messages.
func short(body []byte) []byte {
	if len(body) > 200 {
		return body[:200]
	}
	return body
}

// contractBodies returns the body of every fixture of contract_test.
func contractBodies(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("contract_test", "testdata", "rest", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no contract fixtures: %v", err)
	}
	bodies := make(map[string][]byte)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var fx struct{ Body json.RawMessage }
		if err := json.Unmarshal(raw, &fx); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		bodies[filepath.Base(f)] = fx.Body
	}
	return bodies
}

// TestDecodeContractFixtures decodes every contract fixture's body into
// every hand-decoded type and compares with json.Unmarshal.
func TestDecodeContractFixtures(t *testing.T) {
	for name, body := range contractBodies(t) {
		for target, newOut := range decodeTargets {
			t.Run(name+"/"+target, func(t *testing.T) { checkDecode(t, body, newOut) })
		}
	}
}

// TestDecodePayloads checks the benchmark's bodies, which the hand-written
// decoders must accept (or BenchmarkDecode would measure encoding/json).
func TestDecodePayloads(t *testing.T) {
	for _, p := range decodePayloads {
		body := readDecodePayload(t, p.name)
		if !checkDecode(t, body, p.exact) {
			t.Errorf("%s: the hand-written decoder fell back to encoding/json", p.name)
		}
		for _, newOut := range decodeTargets {
			checkDecode(t, body, newOut)
		}
	}
	if !checkDecode(t, readDecodePayload(t, "order_chance"), decodeTargets["OrderChance"]) {
		t.Error("order_chance: the hand-written decoder fell back to encoding/json")
	}
	bodies := contractBodies(t)
	for _, b := range []struct {
		target string
		body   []byte
	}{
		{"PlaceOrderResponse", placedOrderBody},
		{"PlaceOrderResponse", bodies["v2_orders_post__live_2025.json"]},
		{"CancelOrderResponse", bodies["v2_order_delete__doc.json"]},
	} {
		if !checkDecode(t, b.body, decodeTargets[b.target]) {
			t.Errorf("%s %s: the hand-written decoder fell back to encoding/json", b.target, b.body)
		}
	}
}

// placedOrderBody is the 2025 capture of a placement's answer with the
// members that answers carry since 2026 (client_order_id, stp_type) and
// time_in_force.
var placedOrderBody = []byte(`{"order_id":"C0101000002440517711","market":"KRW-BTC","side":"bid","order_type":"limit",` +
	`"created_at":"2025-08-26T00:27:13+09:00","client_order_id":"my-order-001","stp_type":"cancel_taker","time_in_force":"post_only"}`)

// decodeEdgeCases are bodies at the edges of what encoding/json accepts
// and of what the hand-written decoders handle themselves.
var decodeEdgeCases = []string{
	``, ` `, `null`, ` null `, `[]`, `{}`, `[null]`, `[{}]`, `[[]]`, `[{}]x`, `[{}] `, "\ufeff[]", `[{},]`, `[,{}]`,
	`[{"market":null,"orderbook_units":null,"timestamp":null,"total_ask_size":null}]`,
	`[{"market":"KRW-BTC","orderbook_units":[]}]`,
	`[{"orderbook_units":[null,{"ask_price":"1.5"},{"ask_price":1e3}]}]`,
	`[{"orderbook_units":[{"ask_price":1,"bid_price":2}],"orderbook_units":[{"ask_price":3}]}]`,
	`[{"MARKET":"KRW-BTC"}]`, `[{"Market":"x","market":"y"}]`, `[{"market":"x","market":"y"}]`,
	`[{"mar\u006bet":"KRW-BTC"}]`, `[{"market":"KRW\u002dBTC"}]`, `[{"market":"한국"}]`, "[{\"market\":\"\xff\"}]",
	"[{\"market\":\"a\x01\"}]", `[{"market":1}]`, `[{"market":true}]`, `[{"market":{}}]`,
	`[{"unknown":{"a":[1,2,{"b":null}],"c":"\u00e9"},"market":"x"}]`, `[{"unknown":[1,]}]`, `[{"unknown":01}]`,
	`[{"unknown":-}]`, `[{"unknown":1.}]`, `[{"unknown":1e}]`, `[{"unknown":tru}]`, `[{"unknown":nul}]`,
	`[{"timestamp":"1756135632646"}]`, `[{"timestamp":1.5}]`, `[{"timestamp":""}]`,
	`[{"total_ask_size":"0.1"},{"total_ask_size":"x"}]`, `[{"total_ask_size":-0}]`, `[{"total_ask_size":[1]}]`,
	`[{"ask_bid":"BID","sequential_id":"17853976619640000"}]`, `[{"sequential_id":null}]`, `[{"sequential_id":1e3}]`,
	`[{"avg_buy_price_modified":true}]`, `[{"avg_buy_price_modified":null}]`, `[{"avg_buy_price_modified":"true"}]`,
	`[{"avg_buy_price_modified":1}]`, `[{"highest_52_week_date":"2025-13-01"}]`, `[{"highest_52_week_date":20250101}]`,
	`{"uuid":"C1","trades":[],"trades_count":0}`, `{"trades":null,"price":null,"client_order_id":null}`,
	`{"trades_count":1.0}`, `{"trades_count":"1"}`, `{"trades_count":99999999999999999999}`, `{"trades_count":-0}`,
	`{"created_at":"2024-07-12T16:30:01+09:00","trades":[{"created_at":"2024-07-12T16:30:02Z","trend":"up"}]}`,
	`{"created_at":"yesterday"}`, `{"created_at":null}`, `{"time_in_force":"ioc","stp_type":"cancel_maker"}`,
	`{"price":"9500000","volume":"0.001","executed_funds":"x"}`, `{"price":{}}`, `{"trades":{}}`, `{"trades":[1]}`,
	`{"market":{"order_sides":null,"order_types":null,"bid":null,"max_total":null}}`,
	`{"market":{"order_sides":[],"ask_types":[],"bid":{"price_unit":"1000","min_total":5000}}}`,
	`{"market":{"order_sides":["ask",null,"bid"]}}`, `{"market":{"order_sides":["ask",1]}}`, `{"market":{"order_sides":"ask"}}`,
	`{"market":{"order_types":["a\u0062"]}}`, `{"market":{"bid_types":[,]}}`, `{"market":{"ask":{"currency":"KRW"},"ask":{}}}`,
	`{"bid_account":{"balance":"1","locked":"0"},"bid_account":null}`, `{"ask_account":[]}`, `{"maker_bid_fee":null}`,
	`{"uuid":"a"}{"uuid":"b"}`, `{"uuid":"a"`, `{"uuid" "a"}`, `{"uuid":"a",}`, `{uuid:"a"}`,
}

func TestDecodeEdgeCases(t *testing.T) {
	for _, body := range decodeEdgeCases {
		for target, newOut := range decodeTargets {
			t.Run(target, func(t *testing.T) { checkDecode(t, []byte(body), newOut) })
		}
	}
}

// TestDecodeBounds: a value nested deeper than jsonscan.MaxDepth and a
// number of a million digits are left to encoding/json and to Decimal's
// limits, with the same outcome as before.
func TestDecodeBounds(t *testing.T) {
	deep := `[{"unknown":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}]`
	checkDecode(t, []byte(deep), decodeTargets["[]Orderbook"])
	huge := `[{"total_ask_size":1` + strings.Repeat("0", 1_000_000) + `}]`
	checkDecode(t, []byte(huge), decodeTargets["[]Orderbook"])
	if err := decodeBody([]byte(huge), new([]Orderbook)); err == nil {
		t.Error("a number of a million digits was accepted")
	}
}

// TestDecodeMutations changes, deletes or cuts each byte of the bodies of
// the hand-decoded answers in turn and compares every variant with
// json.Unmarshal.
func TestDecodeMutations(t *testing.T) {
	bodies := contractBodies(t)
	cases := []struct {
		target string
		body   []byte
	}{
		{"[]Orderbook", bodies["v1_orderbook__doc.json"]},
		{"[]Ticker", bodies["v1_ticker__live_2025.json"]},
		{"[]Trade", bodies["v1_trades_ticks__maxt.json"]},
		{"[]Account", bodies["v1_accounts__doc.json"]},
		{"OrderDetail", bodies["v1_order__live_2026_fragment.json"]},
		{"OrderDetail", readDecodePayload(t, "order_detail")},
		{"OrderChance", readDecodePayload(t, "order_chance")},
		{"PlaceOrderResponse", placedOrderBody},
		{"CancelOrderResponse", bodies["v2_order_delete__doc.json"]},
	}
	replacements := []byte(`"\{}[],:n0-.eE+ xA` + "\x00\x1f\x80")
	accepted, total := 0, 0
	for _, c := range cases {
		newOut := decodeTargets[c.target]
		try := func(variant []byte) {
			total++
			if checkDecode(t, variant, newOut) {
				accepted++
			}
		}
		for i := range c.body {
			try(c.body[:i])
			try(append(append([]byte(nil), c.body[:i]...), c.body[i+1:]...))
			for _, r := range replacements {
				if r != c.body[i] {
					variant := append([]byte(nil), c.body...)
					variant[i] = r
					try(variant)
				}
			}
		}
	}
	t.Logf("%d variants, %d decoded by hand", total, accepted)
	if accepted == 0 || accepted == total {
		t.Errorf("%d of %d variants decoded by hand: the test exercises one path only", accepted, total)
	}
}

// TestDecodeMemberIndexes checks that each member returns the index of
// its field, for every JSON name of the type.
func TestDecodeMemberIndexes(t *testing.T) {
	checkMemberIndexes(t, orderbookDecoder)
	checkMemberIndexes(t, orderbookUnitDecoder)
	checkMemberIndexes(t, tickerDecoder)
	checkMemberIndexes(t, tradeDecoder)
	checkMemberIndexes(t, accountDecoder)
	checkMemberIndexes(t, orderDetailDecoder)
	checkMemberIndexes(t, orderTradeDecoder)
	checkMemberIndexes(t, orderChanceDecoder)
	checkMemberIndexes(t, chanceMarketDecoder)
	checkMemberIndexes(t, chanceSideDecoder)
	checkMemberIndexes(t, placedOrderDecoder)
	checkMemberIndexes(t, cancelledDecoder)
}

func checkMemberIndexes[T any](t *testing.T, d *decoder[T]) {
	t.Helper()
	for i, name := range d.names {
		s := jsonscan.New([]byte("null"))
		var v T
		if field, ok := d.member(&s, &v, []byte(name)); field != i || !ok {
			t.Errorf("%T: member %q gives field %d (ok %v), want %d", v, name, field, ok, i)
		}
	}
}

// TestDecodeIntoValue: json.Unmarshal merges a body into what out holds,
// and so does decodeBody.
func TestDecodeIntoValue(t *testing.T) {
	body := readDecodePayload(t, "order_detail")
	uuid := "C1"
	got, want := OrderDetail{UUID: "x", CancelType: &uuid}, OrderDetail{UUID: "x", CancelType: &uuid}
	if err := decodeBody(body, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(body, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || *got.CancelType != "C1" {
		t.Errorf("decodeBody into a value: %+v, json.Unmarshal %+v", got, want)
	}
	list, wantList := []Account{{Currency: "P"}}, []Account{{Currency: "P"}}
	if decodeBody([]byte(`[{"balance":"1"}]`), &list) != nil || json.Unmarshal([]byte(`[{"balance":"1"}]`), &wantList) != nil {
		t.Fatal("decoding failed")
	}
	if !reflect.DeepEqual(list, wantList) || list[0].Currency != "P" {
		t.Errorf("decodeBody into a list: %+v, json.Unmarshal %+v", list, wantList)
	}
}

// FuzzDecodeBody compares decodeBody with json.Unmarshal for every
// hand-decoded type; its seeds (the contract fixtures, the benchmark's
// bodies and the edge cases) run with go test.
func FuzzDecodeBody(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("contract_test", "testdata", "rest", "*.json"))
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var fx struct{ Body json.RawMessage }
		if err := json.Unmarshal(raw, &fx); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(fx.Body))
	}
	for _, p := range decodePayloads {
		f.Add(readDecodePayload(f, p.name))
	}
	for _, body := range decodeEdgeCases {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, newOut := range decodeTargets {
			checkDecode(t, body, newOut)
		}
	})
}
