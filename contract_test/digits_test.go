package contract_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/gen"
)

// decodeFunc decodes a response body into a generated Go type and returns
// a pointer to the value.
type decodeFunc func(body []byte) (any, error)

// decodeInto decodes body into a new T with encoding/json, as the
// generated client does, but also rejects fields that T does not have and
// trailing data: a field the type drops is a field whose digits are lost.
func decodeInto[T any](body []byte) (any, error) {
	v := new(T)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, fmt.Errorf("decode into %T: %w", *v, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("decode into %T: data after the JSON value", *v)
	}
	return v, nil
}

// successTypes maps every operation with a JSON success response to the
// generated type of that response. For quotation endpoints, whose HTTP 200
// is either the data or an error, it is the data branch; error bodies
// decode into gen.ErrorResponse (see decoderFor).
var successTypes = map[string]decodeFunc{
	// quotation
	"listMarkets":        decodeInto[[]gen.Market],
	"listMinuteCandles":  decodeInto[[]gen.MinuteCandle],
	"listDayCandles":     decodeInto[[]gen.DayCandle],
	"listWeekCandles":    decodeInto[[]gen.PeriodCandle],
	"listMonthCandles":   decodeInto[[]gen.PeriodCandle],
	"listTrades":         decodeInto[[]gen.Trade],
	"listTickers":        decodeInto[[]gen.Ticker],
	"listOrderbooks":     decodeInto[[]gen.Orderbook],
	"listMarketWarnings": decodeInto[[]gen.MarketWarning],
	"listNotices":        decodeInto[[]gen.Notice],
	"listTransferFees":   decodeInto[[]gen.CurrencyFees],
	// account
	"listAccounts":    decodeInto[[]gen.Account],
	"getOrderChance":  decodeInto[gen.OrderChance],
	"listAPIKeys":     decodeInto[[]gen.APIKey],
	"getWalletStatus": decodeInto[[]gen.WalletStatus],
	// order
	"getOrder":          decodeInto[gen.OrderDetail],
	"cancelOrderV1":     decodeInto[gen.CancelOrderV1Response],
	"listOrders":        decodeInto[[]gen.Order],
	"placeOrderV1":      decodeInto[gen.PlaceOrderV1Response],
	"searchOrders":      decodeInto[[]gen.OrderV2],
	"listPendingOrders": decodeInto[gen.OrderPage],
	"listClosedOrders":  decodeInto[gen.OrderPage],
	"placeOrder":        decodeInto[gen.PlaceOrderResponse],
	"cancelOrder":       decodeInto[gen.CancelOrderResponse],
	"placeOrderBatch":   decodeInto[gen.PlaceOrderBatchResponse],
	"cancelOrderBatch":  decodeInto[gen.CancelOrderBatchResponse],
	// twap
	"placeTwapOrder":  decodeInto[gen.TWAPOrderID],
	"listTwapOrders":  decodeInto[gen.TWAPOrderPage],
	"cancelTwapOrder": decodeInto[gen.TWAPOrderID],
	// withdraw
	"getWithdrawChance":     decodeInto[gen.WithdrawChance],
	"listWithdrawAddresses": decodeInto[[]gen.WithdrawAddress],
	"withdrawCoin":          decodeInto[gen.Transfer],
	"cancelCoinWithdrawal":  decodeInto[gen.CancelWithdrawalResponse],
	"getWithdrawal":         decodeInto[gen.Transfer],
	"listWithdrawals":       decodeInto[[]gen.Transfer],
	"listKRWWithdrawals":    decodeInto[[]gen.Transfer],
	"withdrawKRW":           decodeInto[gen.Transfer],
	// deposit
	"getDeposit":           decodeInto[gen.Transfer],
	"listDeposits":         decodeInto[[]gen.Transfer],
	"listKRWDeposits":      decodeInto[[]gen.Transfer],
	"depositKRW":           decodeInto[gen.Transfer],
	"createDepositAddress": decodeInto[gen.DepositAddress],
	"listDepositAddresses": decodeInto[[]gen.DepositAddress],
	"getDepositAddress":    decodeInto[gen.DepositAddress],
	// legacy public
	"legacyTicker":             decodeInto[gen.LegacyTickerResponse],
	"legacyOrderbook":          decodeInto[gen.LegacyOrderbookResponse],
	"legacyTransactionHistory": decodeInto[gen.LegacyTransactionHistoryResponse],
	"legacyCandlestick":        decodeInto[gen.LegacyCandlestickResponse],
	"legacyAssetsStatus":       decodeInto[gen.LegacyAssetsStatusResponse],
	"legacyWithdrawMinimum":    decodeInto[gen.LegacyWithdrawMinimumResponse],
	"legacyNetworkInfo":        decodeInto[gen.LegacyNetworkInfoResponse],
	// legacy private
	"legacyAccount":          decodeInto[gen.LegacyAccountResponse],
	"legacyBalance":          decodeInto[gen.LegacyBalanceResponse],
	"legacyInfoTicker":       decodeInto[gen.LegacyInfoTickerResponse],
	"legacyWalletAddress":    decodeInto[gen.LegacyWalletAddressResponse],
	"legacyOrders":           decodeInto[gen.LegacyOrdersResponse],
	"legacyOrderDetail":      decodeInto[gen.LegacyOrderDetailResponse],
	"legacyUserTransactions": decodeInto[gen.LegacyUserTransactionsResponse],
	"legacyPlaceOrder":       decodeInto[gen.LegacyOrderIDResponse],
	"legacyCancelOrder":      decodeInto[gen.LegacyStatusResponse],
	"legacyMarketBuy":        decodeInto[gen.LegacyOrderIDResponse],
	"legacyMarketSell":       decodeInto[gen.LegacyOrderIDResponse],
}

// decoderFor returns the decoder of a fixture's body: gen.GatewayError
// for a 404 of no operation (operationID empty: the gateway's answer to
// an unknown route), gen.ErrorResponse for other error exchanges (error_*
// files and HTTP errors; quotation errors come with HTTP 200), else the success type of its operation: its entry in
// successTypes, else the result type of its generated typed method.
func decoderFor(fx restFixture, operationID string) (decodeFunc, error) {
	if operationID == "" && fx.Status == http.StatusNotFound {
		return decodeInto[gen.GatewayError], nil
	}
	if strings.HasPrefix(fx.File, "error_") || fx.Status >= 400 {
		return decodeInto[gen.ErrorResponse], nil
	}
	if decode, ok := successTypes[operationID]; ok {
		return decode, nil
	}
	generated, err := generatedMethods(rootPackageDir)
	if err != nil {
		return nil, err
	}
	if decode, ok := generatedDecoder(generated[operationID]); ok {
		return decode, nil
	}
	return nil, fmt.Errorf("successTypes has no entry for %s, and it has no generated method", operationID)
}

// TestSuccessTypesCoverSpec checks that successTypes has exactly one entry
// per operation of the spec with a JSON 2xx response, except that an
// operation marked x-bithumb-sim: example (see exampleOnly) may have none
// yet, and one with a generated typed method needs none.
func TestSuccessTypesCoverSpec(t *testing.T) {
	doc := loadSpec(t)
	newOps := exampleOnly(doc)
	want := map[string]bool{}
	for _, o := range operations(doc) {
		for status, ref := range o.Op.Responses.Map() {
			if strings.HasPrefix(status, "2") && ref.Value != nil && ref.Value.Content.Get("application/json") != nil {
				want[o.Op.OperationID] = true
			}
		}
	}
	// An operation whose typed method internal/cmd/methodgen wrote is
	// decoded into that method's result type (see decoderFor).
	generated, err := generatedMethods(rootPackageDir)
	if err != nil {
		t.Fatal(err)
	}
	for id := range want {
		if _, ok := successTypes[id]; !ok && !newOps[id] && generated[id] == "" {
			t.Errorf("successTypes has no entry for operation %s, and it has no generated method", id)
		}
	}
	for id := range successTypes {
		if !want[id] {
			t.Errorf("successTypes has an entry for %s, which is not an operation with a JSON success response", id)
		}
	}
}

// TestFixturesDecodeWithoutLoss decodes every REST fixture into the
// generated type of its operation, encodes it again with encoding/json and
// checks that every number, numeric string and date/time of the fixture
// survives at the same JSON path (see compareLeaves). For fragments only
// the fields present in the fixture are compared.
func TestFixturesDecodeWithoutLoss(t *testing.T) {
	doc := loadSpec(t)
	for _, fx := range loadRESTFixtures(t) {
		t.Run(fx.File, func(t *testing.T) {
			operationID := "" // none: the gateway's answer to an unknown route
			route, _, err := findRoute(doc, fx.Method, fx.Path)
			switch {
			case err == nil:
				operationID = route.Operation.OperationID
			case fx.Status != http.StatusNotFound:
				t.Fatal(err)
			}
			decode, err := decoderFor(fx, operationID)
			if err != nil {
				t.Fatal(err)
			}
			v, err := decode(fx.Body)
			if err != nil {
				t.Fatal(err)
			}
			reencoded, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("re-encode %T: %v", v, err)
			}
			want, err := collectLeaves(fx.Body)
			if err != nil {
				t.Fatalf("fixture body: %v", err)
			}
			got, err := collectLeaves(reencoded)
			if err != nil {
				t.Fatalf("re-encoded body: %v", err)
			}
			if len(want) == 0 {
				t.Logf("the fixture has no numbers or date/times to compare")
			}
			for _, d := range compareLeaves(want, got, fx.Fragment) {
				t.Errorf("%T: %s", v, d)
			}
			for _, path := range sortedKeys(want) {
				if g, ok := got[path]; ok && g.text != want[path].text && compareLeaf(want[path], g) == "" {
					t.Logf("%s: %s re-encoded as %s (same value)", path, want[path].text, g.text)
				}
			}
			t.Logf("%d numbers and date/times compared", len(want))
			if t.Failed() {
				t.Logf("fixture:    %s\nre-encoded: %s", fx.Body, reencoded)
			}
		})
	}
}

// leafKind classifies the JSON leaves that the digit check compares.
type leafKind int

const (
	numberLeaf        leafKind = iota // a JSON number: 0.0021, 17853976619640000, 1.4E-7
	numericStringLeaf                 // a JSON string holding a number: "5.6370", "0000"
	timeStringLeaf                    // a JSON string holding a date or date-time
)

func (k leafKind) String() string {
	return [...]string{"number", "numeric string", "date/time string"}[k]
}

// leaf is a JSON number or a numeric or date/time string, with the exact
// text it was written with.
type leaf struct {
	kind leafKind
	text string
}

var (
	// numericText is a number written in decimal, possibly with an exponent.
	numericText = regexp.MustCompile(`^-?\d+(\.\d+)?([eE][-+]?\d+)?$`)
	// timeText is a date, or a date-time with an optional fraction and offset.
	timeText = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$`)
)

// collectLeaves returns the numbers, numeric strings and date/time strings
// of a JSON document by JSON path ($.orders[0].price). It decodes with
// json.Decoder.UseNumber, which keeps each number's literal text, so no
// value passes through float64.
func collectLeaves(data []byte) (map[string]leaf, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the JSON value")
	}
	leaves := map[string]leaf{}
	walkLeaves("$", doc, leaves)
	return leaves, nil
}

// walkLeaves adds the leaves of v, found at path, to leaves.
func walkLeaves(path string, v any, leaves map[string]leaf) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			walkLeaves(path+"."+k, e, leaves)
		}
	case []any:
		for i, e := range v {
			walkLeaves(fmt.Sprintf("%s[%d]", path, i), e, leaves)
		}
	case json.Number:
		leaves[path] = leaf{numberLeaf, v.String()}
	case string:
		switch {
		case numericText.MatchString(v):
			leaves[path] = leaf{numericStringLeaf, v}
		case timeText.MatchString(v):
			leaves[path] = leaf{timeStringLeaf, v}
		}
	}
}

// compareLeaves returns one line per leaf of want (the fixture) that got
// (its re-encoding) does not keep:
//
//   - a leaf must be present at the same path, with the same kind (a
//     number stays a number, a string a string);
//   - numbers and numeric strings must have exactly the same value
//     (compared as big.Rat), and the same text unless the fixture wrote
//     them with an exponent (1.4E-7 may come back as 0.00000014);
//   - dates and date-times must have the same text, except that an RFC
//     3339 date-time may be re-formatted if it is the same instant.
//
// Unless fragment is set, a leaf of got that want lacks is reported too: a
// decoder must not invent values.
func compareLeaves(want, got map[string]leaf, fragment bool) []string {
	var diffs []string
	for _, path := range sortedKeys(want) {
		w := want[path]
		g, ok := got[path]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s: %s %s is lost", path, w.kind, w.text))
			continue
		}
		if msg := compareLeaf(w, g); msg != "" {
			diffs = append(diffs, path+": "+msg)
		}
	}
	if !fragment {
		for _, path := range sortedKeys(got) {
			if _, ok := want[path]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s: %s %s is not in the original", path, got[path].kind, got[path].text))
			}
		}
	}
	sort.Strings(diffs)
	return diffs
}

// compareLeaf explains how g fails to keep w, or returns "".
func compareLeaf(w, g leaf) string {
	if w.kind != g.kind {
		return fmt.Sprintf("%s %s came back as %s %s", w.kind, w.text, g.kind, g.text)
	}
	if w.text == g.text {
		return ""
	}
	if w.kind == timeStringLeaf {
		wt, err1 := time.Parse(time.RFC3339Nano, w.text)
		gt, err2 := time.Parse(time.RFC3339Nano, g.text)
		if err1 == nil && err2 == nil && wt.Equal(gt) {
			return "" // the same instant, formatted differently
		}
		return fmt.Sprintf("time %s came back as %s", w.text, g.text)
	}
	wv, ok1 := new(big.Rat).SetString(w.text)
	gv, ok2 := new(big.Rat).SetString(g.text)
	switch {
	case !ok1 || !ok2:
		return fmt.Sprintf("cannot compare %s with %s", w.text, g.text)
	case wv.Cmp(gv) != 0:
		return fmt.Sprintf("value %s came back as %s", w.text, g.text)
	case !strings.ContainsAny(w.text, "eE"):
		return fmt.Sprintf("text %s came back as %s (same value)", w.text, g.text)
	}
	return "" // an exponent written out in plain notation
}

// TestLeafComparison proves that the digit check catches lost digits,
// changed text and lost fields, and accepts what is legitimately
// re-formatted.
func TestLeafComparison(t *testing.T) {
	cases := []struct {
		name      string
		want, got string
		fragment  bool
		ok        bool
	}{
		{"identical", `{"a":1.76373410121466379999997512,"b":"5.6370","c":[17853976619640000]}`, `{"c":[17853976619640000],"b":"5.6370","a":1.76373410121466379999997512}`, false, true},
		{"digits lost through float64", `{"a":1.76373410121466379999997512}`, `{"a":1.7637341012146638}`, false, false},
		{"integer above 2^53 rounded", `{"id":17853976619640001}`, `{"id":17853976619640000}`, false, false},
		{"integer above 2^53 in exponent form", `{"id":17853976619640000}`, `{"id":1.785397661964e16}`, false, false},
		{"trailing zero of a string dropped", `{"p":"5.6370"}`, `{"p":"5.637"}`, false, false},
		{"trailing zero of a number dropped", `{"p":50000000.0}`, `{"p":50000000}`, false, false},
		{"exponent written out", `{"v":1.4E-7}`, `{"v":0.00000014}`, false, true},
		{"exponent written out wrongly", `{"v":1.4E-7}`, `{"v":0.0000014}`, false, false},
		{"number became a string", `{"name":400}`, `{"name":"400"}`, false, false},
		{"string became a number", `{"fee":"0.0025"}`, `{"fee":0.0025}`, false, false},
		{"field lost", `{"a":"1","b":"2"}`, `{"a":"1"}`, false, false},
		{"array element lost", `{"a":[1,2]}`, `{"a":[1]}`, false, false},
		{"value invented", `{"a":"1"}`, `{"a":"1","b":"0"}`, false, false},
		{"fragment: other fields may appear", `{"a":"1"}`, `{"a":"1","b":"0"}`, true, true},
		{"fragment: present field still checked", `{"a":"1.0"}`, `{"a":"1","b":"0"}`, true, false},
		{"date-time re-formatted, same instant", `{"t":"2026-04-06T12:00:00.000+09:00"}`, `{"t":"2026-04-06T12:00:00+09:00"}`, false, true},
		{"date-time moved", `{"t":"2026-04-06T12:00:00+09:00"}`, `{"t":"2026-04-06T12:00:00Z"}`, false, false},
		{"offset-less time re-formatted", `{"t":"2025-08-25T15:27:00"}`, `{"t":"2025-08-25 15:27:00"}`, false, false},
		{"date lost", `{"d":"2025-08-15"}`, `{"d":null}`, false, false},
		{"non-numeric strings ignored", `{"s":"KRW-BTC","n":null,"b":true}`, `{"s":"KRW-ETH"}`, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, err := collectLeaves([]byte(c.want))
			if err != nil {
				t.Fatal(err)
			}
			got, err := collectLeaves([]byte(c.got))
			if err != nil {
				t.Fatal(err)
			}
			diffs := compareLeaves(want, got, c.fragment)
			if c.ok && len(diffs) > 0 {
				t.Errorf("reported %q, want no difference", diffs)
			}
			if !c.ok && len(diffs) == 0 {
				t.Error("no difference reported")
			}
		})
	}
}

// TestLeafComparisonCatchesFloatDecoding runs the whole round trip with a
// float64 field and with decimal.Decimal: the first must be caught, the
// second must pass.
func TestLeafComparisonCatchesFloatDecoding(t *testing.T) {
	const body = `{"a":1.76373410121466379999997512,"b":"0.0025","c":205839989370.0371}`
	roundTrip := func(v any) []string {
		t.Helper()
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want, err := collectLeaves([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		got, err := collectLeaves(out)
		if err != nil {
			t.Fatal(err)
		}
		return compareLeaves(want, got, false)
	}

	var floats struct {
		A float64 `json:"a"`
		B float64 `json:"b,string"`
		C float64 `json:"c"`
	}
	if diffs := roundTrip(&floats); len(diffs) == 0 {
		t.Error("float64 round trip: no difference reported")
	} else {
		t.Logf("float64 round trip, as expected: %q", diffs)
	}

	var exact struct {
		A decimal.Decimal `json:"a"`
		B decimal.Decimal `json:"b"`
		C decimal.Decimal `json:"c"`
	}
	if diffs := roundTrip(&exact); len(diffs) > 0 {
		t.Errorf("decimal.Decimal round trip: %q", diffs)
	}
}
