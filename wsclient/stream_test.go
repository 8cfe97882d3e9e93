package wsclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"
)

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// normalizeRequest re-encodes a request with sorted keys and sorted codes
// (the client sorts codes; their order means nothing to the server).
func normalizeRequest(t *testing.T, b []byte) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var req []map[string]any
	if err := dec.Decode(&req); err != nil {
		t.Fatal(err)
	}
	for _, f := range req {
		if codes, ok := f["codes"].([]any); ok {
			slices.SortFunc(codes, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
		}
	}
	return mustJSON(t, req)
}

// TestBuildRequestFixtures rebuilds the documented requests.
func TestBuildRequestFixtures(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file    string
		ticket  string
		format  Format
		streams []Stream
	}{
		{"ws_request_ticker__doc.json", "test example", "", []Stream{Tickers("KRW-BTC")}},
		{"ws_request_orderbook_level__doc.json", "test example", FormatDefault,
			[]Stream{Orderbooks("KRW-BTC", "KRW-ETH.3").WithLevel(decimal.MustParse("10"))}},
		{"ws_request_ticker_simple__2nd.json", "test example", FormatSimple, []Stream{Tickers("KRW-BTC", "BTC-ETH")}},
		{"ws_request_myorder__doc.json", "test example", "", []Stream{MyOrders()}},
		{"ws_request_myorder_codes__doc.json", "test example", "", []Stream{MyOrders("KRW-BTC")}},
		{"ws_request_myasset__doc.json", "test example", "", []Stream{MyAssets()}},
		{"ws_request_private_combined__obs.json", "private", FormatDefault, []Stream{MyAssets(), MyOrders()}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			for _, s := range c.streams {
				if err := s.Validate(); err != nil {
					t.Fatal(err)
				}
			}
			var want []json.RawMessage
			if err := json.Unmarshal(loadFixture(t, c.file).Frames[0], &want); err != nil {
				t.Fatal(err)
			}
			got := buildRequest(c.ticket, c.format, c.streams)
			if c.format == "" {
				// The client always names the format; the doc example
				// leaves the default implicit.
				got = got[:len(got)-1]
			}
			gotJSON := normalizeRequest(t, mustJSON(t, got))
			wantJSON := normalizeRequest(t, mustJSON(t, want))
			if !bytes.Equal(gotJSON, wantJSON) {
				t.Fatalf("request\n got %s\nwant %s", gotJSON, wantJSON)
			}
		})
	}
}

func TestBuildRequestUnion(t *testing.T) {
	t.Parallel()
	streams := []Stream{
		Tickers("KRW-ETH", "KRW-BTC"),
		Tickers("KRW-BTC", "KRW-XRP").RealtimeOnly(),
		Trades("KRW-BTC"),
		Orderbooks("KRW-BTC.5", "KRW-ETH.3"),
		Orderbooks("KRW-BTC.15", "KRW-ETH"),
		Orderbooks("KRW-BTC").WithLevel(decimal.MustParse("1000")),
		Trades("KRW-DOGE").RealtimeOnly(),
	}
	got := string(mustJSON(t, buildRequest("t", FormatSimple, streams)))
	want := `[{"ticket":"t"},` +
		`{"type":"ticker","codes":["KRW-BTC","KRW-ETH","KRW-XRP"]},` +
		`{"type":"trade","codes":["KRW-BTC","KRW-DOGE"]},` +
		`{"type":"orderbook","codes":["KRW-BTC.15","KRW-ETH"]},` +
		`{"type":"orderbook","codes":["KRW-BTC"],"level":1000},` +
		`{"format":"SIMPLE"}]`
	if got != want {
		t.Fatalf("union\n got %s\nwant %s", got, want)
	}

	got = string(mustJSON(t, buildRequest("t", "", []Stream{Tickers("KRW-BTC").SnapshotOnly(), Tickers("KRW-ETH").SnapshotOnly()})))
	want = `[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC","KRW-ETH"],"isOnlySnapshot":true},{"format":"DEFAULT"}]`
	if got != want {
		t.Fatalf("flags\n got %s\nwant %s", got, want)
	}

	got = string(mustJSON(t, buildRequest("t", "", []Stream{MyOrders("KRW-BTC"), MyOrders(), MyAssets(), MyAssets()})))
	want = `[{"ticket":"t"},{"type":"myOrder","codes":[]},{"type":"myAsset"},{"format":"DEFAULT"}]`
	if got != want {
		t.Fatalf("private\n got %s\nwant %s", got, want)
	}
	if buildRequest("t", "", nil) != nil {
		t.Fatal("empty set must give no request")
	}
}

func TestStreamValidate(t *testing.T) {
	t.Parallel()
	bad := []Stream{
		{Type: "candle", Codes: []string{"KRW-BTC"}},
		{Type: ""},
		Tickers(),
		Trades(""),
		Tickers("krw-btc"),
		Tickers("KRW-btc"),
		Tickers("KRWBTC"),
		Tickers("KRW-BTC-X"),
		Tickers("KRW-BTC.5"),
		Orderbooks("KRW-BTC.0"),
		Orderbooks("KRW-BTC.31"),
		Orderbooks("KRW-BTC.x"),
		Orderbooks("KRW-BTC.+5"),
		{Type: TypeMyAsset, Codes: []string{"KRW-BTC"}},
		MyOrders("krw-btc"),
		Tickers("KRW-BTC").SnapshotOnly().RealtimeOnly(),
		MyAssets().RealtimeOnly(),
		Tickers("KRW-BTC").WithLevel(decimal.MustParse("10")),
		Orderbooks("KRW-BTC").WithLevel(decimal.MustParse("-1")),
		Tickers("KRW-B TC"),
	}
	for _, s := range bad {
		if err := s.Validate(); !errors.Is(err, ErrInvalidSubscription) {
			t.Errorf("Validate(%+v) = %v, want ErrInvalidSubscription", s, err)
		}
	}
	good := []Stream{
		Tickers("KRW-BTC", "BTC-ETH"), Trades("KRW-1INCH"), Orderbooks("KRW-ETH.3", "KRW-BTC.30"),
		Orderbooks("KRW-BTC").WithLevel(decimal.MustParse("10000")), MyOrders(), MyOrders("KRW-BTC"), MyAssets(),
		Tickers("KRW-BTC").RealtimeOnly(), Trades("KRW-BTC").SnapshotOnly(),
	}
	for _, s := range good {
		if err := s.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v", s, err)
		}
	}
}

func TestStreamConstructorsCopyCodes(t *testing.T) {
	t.Parallel()
	codes := []string{"KRW-BTC"}
	s := Tickers(codes...)
	codes[0] = "KRW-ETH"
	if s.Codes[0] != "KRW-BTC" {
		t.Fatal("Tickers kept the caller's slice")
	}
}
