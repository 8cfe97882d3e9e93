package contract_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
)

// The corrections of the legacy API 1.0 part of the spec after an audit
// against Bithumb's API 1.0 pages (2026). Each case fails on the spec or
// the client as they were before.

// legacyBody validates body as the 200 answer of GET path and returns the
// problems, or nil.
func legacyBody(t *testing.T, path, body string) error {
	t.Helper()
	doc := loadSpec(t)
	route, params, err := findRoute(doc, "GET", path)
	if err != nil {
		t.Fatal(err)
	}
	return validateResponse(route, params, restFixture{Method: "GET", Path: path, Status: 200, Body: json.RawMessage(body)})
}

// legacyServer answers every request with body and records the last
// request's form.
func legacyServer(t *testing.T, body string) (*bithumb.Client, *url.Values) {
	t.Helper()
	var form url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form, _ = url.ParseQuery(string(b))
		if r.Header.Get("Api-Sign") == "" && strings.HasPrefix(r.URL.Path, "/info/") {
			form.Set("unsigned", "true")
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := bithumb.New(bithumb.WithBaseURL(srv.URL), bithumb.WithKeys(contractAccessKey, contractSecretKey),
		bithumb.WithoutRateLimit(), bithumb.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	return c, &form
}

// TestLegacyWithdrawMinimumNumberOrString: /public/withdraw/minimum's
// `minimum` may be a JSON number; the spec accepts it, and the client
// reads both forms exactly.
func TestLegacyWithdrawMinimumNumberOrString(t *testing.T) {
	t.Parallel()
	body := `{"status":"0000","data":[{"currency":"BTC","net_type":"BTC","minimum":0.002},{"currency":"ETH","net_type":"ETH","minimum":"0.0100"},{"currency":"XRP","net_type":"XRP","minimum":21}]}`
	if err := legacyBody(t, "/public/withdraw/minimum/ALL", body); err != nil {
		t.Errorf("a numeric minimum does not match the spec:\n%s", errorLines(err))
	}
	c, _ := legacyServer(t, body)
	got, err := c.LegacyWithdrawMinimum(context.Background(), "ALL")
	if err != nil {
		t.Fatal(err)
	}
	var mins []string
	for _, row := range *got.Data {
		mins = append(mins, row.Minimum.String())
	}
	if want := []string{"0.002", "0.0100", "21"}; !slices.Equal(mins, want) {
		t.Errorf("minimums %v, want %v", mins, want)
	}
	if err := legacyBody(t, "/public/withdraw/minimum/BTC", `{"status":"0000","data":[{"currency":"BTC","minimum":true}]}`); err == nil {
		t.Error("a boolean minimum matches the spec")
	}
}

// TestLegacyTransactionDateWithoutZeroPadding: /public/transaction_history
// writes hours before 10 without their leading zero; the spec accepts
// both forms, and the client reads both as the same KST time.
func TestLegacyTransactionDateWithoutZeroPadding(t *testing.T) {
	t.Parallel()
	body := `{"status":"0000","data":[` +
		`{"transaction_date":"2024-01-02 9:03:04","type":"bid","units_traded":"0.1","price":"60000000","total":"6000000"},` +
		`{"transaction_date":"2024-01-02 09:03:04","type":"ask","units_traded":"0.1","price":"60000000","total":"6000000"},` +
		`{"transaction_date":"2024-01-02 19:03:04","type":"ask","units_traded":"0.1","price":"60000000","total":"6000000"}]}`
	if err := legacyBody(t, "/public/transaction_history/BTC_KRW", body); err != nil {
		t.Errorf("an hour without zero padding does not match the spec:\n%s", errorLines(err))
	}
	c, _ := legacyServer(t, body)
	got, err := c.LegacyTransactionHistory(context.Background(), "BTC_KRW", bithumb.LegacyTransactionHistoryParams{})
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{
		time.Date(2024, 1, 2, 0, 3, 4, 0, time.UTC), // 09:03:04 KST
		time.Date(2024, 1, 2, 0, 3, 4, 0, time.UTC),
		time.Date(2024, 1, 2, 10, 3, 4, 0, time.UTC),
	}
	for i, row := range *got.Data {
		if at := row.TransactionDate.Time(); !at.Equal(want[i]) {
			t.Errorf("row %d: %v, want %v", i, at.UTC(), want[i])
		}
	}
	for _, bad := range []string{"2024-01-02 9:3:04", "2024-01-02 109:03:04", "2024-1-02 09:03:04"} {
		if err := legacyBody(t, "/public/transaction_history/BTC_KRW",
			`{"status":"0000","data":[{"transaction_date":"`+bad+`","type":"bid","units_traded":"1","price":"1","total":"1"}]}`); err == nil {
			t.Errorf("transaction_date %q matches the spec", bad)
		}
	}
}

// TestLegacyCandlestickIntervals: the interval enum is Bithumb's
// documented list, plus exactly the undocumented values that
// x-bithumb-observed lists with their source.
func TestLegacyCandlestickIntervals(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	op, ok := operationByID(doc, "legacyCandlestick")
	if !ok {
		t.Fatal("no legacyCandlestick")
	}
	documented := []string{"1m", "3m", "5m", "10m", "30m", "1h", "6h", "12h", "24h"}
	p := op.Op.Parameters.GetByInAndName("path", "interval")
	if p == nil {
		t.Fatal("legacyCandlestick has no interval")
	}
	var enum []string
	for _, v := range p.Schema.Value.Enum {
		enum = append(enum, v.(string))
	}
	var observed struct {
		Values []string `json:"values"`
		Source string   `json:"source"`
	}
	if _, err := extension(p.Extensions, "x-bithumb-observed", &observed); err != nil {
		t.Fatalf("x-bithumb-observed: %v", err)
	}
	if len(observed.Values) > 0 && observed.Source == "" {
		t.Error("x-bithumb-observed names no source")
	}
	want := append(slices.Clone(documented), observed.Values...)
	if !slices.Equal(enum, want) {
		t.Errorf("interval enum %v, want the documented %v plus the observed %v", enum, documented, observed.Values)
	}
	for _, v := range observed.Values {
		if slices.Contains(documented, v) {
			t.Errorf("%s is documented, not only observed", v)
		}
	}
}

// TestLegacyInfoTicker: POST /info/ticker is in the spec as an
// HMAC-signed legacy operation with its documentation page, and the
// client sends it signed with its form and reads every number exactly.
func TestLegacyInfoTicker(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	op, ok := operationByID(doc, "legacyInfoTicker")
	if !ok || op.Method != "POST" || op.Path != "/info/ticker" {
		t.Fatalf("legacyInfoTicker = %+v, %v; want POST /info/ticker", op, ok)
	}
	if got := securitySchemes(doc, op.Op); !slices.Equal(got, []string{"legacyHMAC"}) {
		t.Errorf("/info/ticker is signed with %v, want legacyHMAC", got)
	}
	var link docLink
	if _, err := extension(op.Op.Extensions, "x-bithumb-doc", &link); err != nil || !strings.HasPrefix(link.URL, "https://apidocs.bithumb.com/v1.2.0/") {
		t.Errorf("/info/ticker's x-bithumb-doc = %+v, %v; want an API 1.0 page", link, err)
	}
	body := `{"status":"0000","data":{"order_currency":"BTC","payment_currency":"KRW","opening_price":"157120000","closing_price":"157450000",` +
		`"min_price":"156602000","max_price":"157476000","average_price":"157081234.5678","units_traded":"1311.88031357",` +
		`"volume_1day":"1311.88031357","volume_7day":"9822.10402781","fluctate_24H":"330000","fluctate_rate_24H":"0.21","date":"1756135632646"}}`
	c, form := legacyServer(t, body)
	got, err := c.LegacyInfoTicker(context.Background(), bithumb.LegacyInfoTickerForm{OrderCurrency: "BTC"})
	if err != nil {
		t.Fatal(err)
	}
	if form.Get("unsigned") != "" || form.Get("order_currency") != "BTC" || form.Get("endpoint") != "/info/ticker" {
		t.Errorf("the request's form was %v; want it signed, with order_currency BTC and endpoint /info/ticker", *form)
	}
	d := got.Data
	if d == nil || d.AveragePrice.String() != "157081234.5678" || d.Volume7Day.String() != "9822.10402781" || d.Date.Time().UnixMilli() != 1756135632646 {
		t.Errorf("decoded %+v", d)
	}
}
