package validation

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
)

// wantErr checks that err is an *Error on field whose reason contains
// reason, or nil when reason is "".
func wantErr(t *testing.T, name string, err error, field, reason string) {
	t.Helper()
	if reason == "" {
		if err != nil {
			t.Errorf("%s: %v, want no error", name, err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%s: err = %v, want an *Error on %s", name, err, field)
		return
	}
	if e.Field != field || !strings.Contains(e.Reason, reason) {
		t.Errorf("%s: field %q reason %q, want field %q reason with %q", name, e.Field, e.Reason, field, reason)
	}
	if len(e.Value) > maxValue+3 {
		t.Errorf("%s: the value in the error is %d bytes long", name, len(e.Value))
	}
}

func TestTextRules(t *testing.T) {
	t.Parallel()
	code := &Schema{Type: TypeString, Pattern: &Pattern{Expr: `^[A-Z]+-[A-Z]+$`, Message: "is not a market"}}
	bare := &Schema{Type: TypeString, Pattern: &Pattern{Expr: `^[0-9]+$`}}
	count := &Schema{Type: TypeInteger, Bounds: Bounds{Minimum: "1", Maximum: "200"}}
	exclusive := &Schema{Type: TypeNumber, Bounds: Bounds{Minimum: "0", ExclusiveMinimum: true, Maximum: "10", ExclusiveMaximum: true}}
	unit := &Schema{Type: TypeInteger, Enum: []string{"1", "3", "5"}}
	side := &Schema{Type: TypeString, Enum: []string{"bid", "ask"}}
	length := &Schema{Type: TypeString, MinLength: 2, MaxLength: 3}
	amount := &Schema{Type: TypeString, Decimal: true, Bounds: Bounds{Minimum: "0", ExclusiveMinimum: true, Maximum: "1e20", ExclusiveMaximum: true, MaxScale: 18}}
	anyDecimal := &Schema{Type: TypeString, Decimal: true}
	duration := &Schema{Type: TypeString, Numeric: true, Bounds: Bounds{Minimum: "300", Maximum: "43200"}}
	flag := &Schema{Type: TypeBoolean}
	tests := []struct {
		name   string
		s      *Schema
		v      string
		reason string
	}{
		{"pattern ok", code, "KRW-BTC", ""},
		{"pattern message", code, "KRWBTC", "is not a market"},
		{"pattern without message", bare, "12a", "must match ^[0-9]+$"},
		{"pattern empty", code, "", "is required"},
		{"integer ok", count, "200", ""},
		{"integer below", count, "0", "must be at least 1"},
		{"integer above", count, "201", "must be at most 200"},
		{"integer syntax", count, "1.0", "must be an integer"},
		{"integer overflow", count, "99999999999999999999", "must be an integer"},
		{"exclusive minimum", exclusive, "0", "must be greater than 0"},
		{"exclusive maximum", exclusive, "10", "must be less than 10"},
		{"exclusive inside", exclusive, "9.999", ""},
		{"number syntax", exclusive, "x", "must be a number"},
		{"enum integer ok", unit, "3", ""},
		{"enum integer", unit, "2", "must be one of 1, 3, 5"},
		{"enum string", side, "buy", "must be one of bid, ask"},
		{"min length", length, "a", "at least 2 characters"},
		{"max length counts characters", length, "한국어", ""},
		{"max length", length, "abcd", "at most 3 characters"},
		{"decimal ok", amount, "0.000000000000000001", ""},
		{"decimal upper edge", amount, "99999999999999999999.999999999999999999", ""},
		{"decimal 19 places", amount, "0.0000000000000000001", "more than 18 digits after the decimal point"},
		{"decimal 65536 places", amount, "0." + strings.Repeat("0", 65535) + "1", "more than 18 digits after the decimal point"},
		{"decimal 1e20", amount, "100000000000000000000", "must be less than 1e20"},
		{"decimal zero", amount, "0", "must be greater than 0"},
		{"decimal negative", amount, "-1", "must be greater than 0"},
		{"decimal exponent", amount, "1e5", "is not a decimal number"},
		{"decimal bare point", amount, "1.", "is not a decimal number"},
		{"decimal text", amount, "abc", "is not a decimal number"},
		{"decimal beyond decimal.MaxDigits", anyDecimal, strings.Repeat("9", 101), "within the limits"},
		{"decimal beyond decimal.MaxScale", anyDecimal, "0." + strings.Repeat("1", 101), "more than 100 digits after"},
		{"numeric string ok", duration, "300", ""},
		{"numeric string below", duration, "10", "must be at least 300"},
		{"numeric string above", duration, "43201", "must be at most 43200"},
		{"boolean ok", flag, "true", ""},
		{"boolean", flag, "yes", "must be true or false"},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.s.CheckText("f", tt.v), "f", tt.reason)
	}
}

func TestJSONRules(t *testing.T) {
	t.Parallel()
	order := &Schema{Type: TypeObject, Required: []string{"market", "side"}, Properties: []Property{
		{Name: "market", Schema: &Schema{Type: TypeString, Pattern: &Pattern{Expr: `^[A-Z]+-[A-Z]+$`}}},
		{Name: "side", Schema: &Schema{Type: TypeString, Enum: []string{"bid", "ask"}}},
		{Name: "volume", Schema: &Schema{Type: TypeString, Decimal: true, Bounds: Bounds{Minimum: "0", ExclusiveMinimum: true}}},
		{Name: "count", Schema: &Schema{Type: TypeInteger, Nullable: true, Bounds: Bounds{Maximum: "5"}}},
		{Name: "price", Schema: &Schema{Type: TypeNumber, Bounds: Bounds{Maximum: "1e30"}}},
		{Name: "post", Schema: &Schema{Type: TypeBoolean}},
	}}
	batch := &Schema{Type: TypeObject, Required: []string{"orders"}, Properties: []Property{
		{Name: "orders", Schema: &Schema{Type: TypeArray, MinItems: 1, MaxItems: 3, Items: order}},
	}}
	closed := &Schema{Type: TypeObject, Closed: true, Properties: []Property{{Name: "a", Schema: &Schema{Type: TypeString}}}}
	o := `{"market":"KRW-BTC","side":"bid"}`
	tests := []struct {
		name          string
		s             *Schema
		body          string
		field, reason string
		unknown       []string
	}{
		{"ok", batch, `{"orders":[` + o + `]}`, "", "", nil},
		{"missing", batch, `{}`, "orders", "is required", nil},
		{"too few", batch, `{"orders":[]}`, "orders", "at least 1", nil},
		{"too many", batch, `{"orders":[` + strings.Repeat(o+",", 3) + o + `]}`, "orders", "at most 3", nil},
		{"item field", batch, `{"orders":[` + o + `,` + o + `,{"market":"KRW-BTC","side":"bid","volume":"0"}]}`, "orders[2].volume", "must be greater than 0", nil},
		{"item required", batch, `{"orders":[{"market":"KRW-BTC"}]}`, "orders[0].side", "is required", nil},
		{"item type", batch, `{"orders":[{"market":1,"side":"bid"}]}`, "orders[0].market", "must be a string", nil},
		{"not an array", batch, `{"orders":{}}`, "orders", "must be an array", nil},
		{"not an object", batch, `[]`, "body", "must be an object", nil},
		{"null", order, `{"market":null,"side":"bid"}`, "market", "must not be null", nil},
		{"nullable", order, `{"market":"A-B","side":"bid","count":null}`, "", "", nil},
		{"integer", order, `{"market":"A-B","side":"bid","count":1.5}`, "count", "must be an integer", nil},
		{"integer bound", order, `{"market":"A-B","side":"bid","count":6}`, "count", "at most 5", nil},
		// A float64 would round 10^30+1 down to 10^30 and let it pass.
		{"numbers are exact", order, `{"market":"A-B","side":"bid","price":1000000000000000000000000000001}`, "price", "at most 1e30", nil},
		{"boolean", order, `{"market":"A-B","side":"bid","post":"true"}`, "post", "true or false", nil},
		{"unknown fields are data", batch, `{"orders":[{"market":"A-B","side":"bid","x":1}],"y":2}`, "", "", []string{"orders[0].x", "y"}},
		{"closed object", closed, `{"a":"1","b":2}`, "b", "is not a field", nil},
		{"syntax", order, `{"market":`, "body", "not valid JSON", nil},
		{"trailing data", order, `{"market":"A-B","side":"bid"} {}`, "body", "not valid JSON", nil},
		{"depth", &Schema{}, strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), "body", "nested more than", nil},
	}
	for _, tt := range tests {
		v, err := parseJSON([]byte(tt.body))
		rep := &Report{}
		if err == nil {
			if e := tt.s.checkJSON("", v, rep); e != nil {
				err = e
			}
		} else {
			err = fail("body", "", "is not valid JSON: "+err.Error())
		}
		wantErr(t, tt.name, err, tt.field, tt.reason)
		if strings.Join(rep.Unknown, ",") != strings.Join(tt.unknown, ",") {
			t.Errorf("%s: unknown = %v, want %v", tt.name, rep.Unknown, tt.unknown)
		}
	}
}

// TestCheckRequestWithTheSpecsRules runs requests through the generated
// rules of a few operations.
func TestCheckRequestWithTheSpecsRules(t *testing.T) {
	t.Parallel()
	order := func(fields string) []byte {
		return []byte(`{"market":"KRW-BTC","side":"bid","order_type":"limit"` + fields + `}`)
	}
	q := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name, method, path string
		query              url.Values
		ct                 string
		body               []byte
		field, reason      string
	}{
		{"place ok", "POST", "/v2/orders", nil, JSON, order(`,"price":"84000000","volume":"0.001"`), "", ""},
		{"place content type with charset", "POST", "/v2/orders", nil, JSON + "; charset=utf-8", order(``), "", ""},
		{"place 19 decimals", "POST", "/v2/orders", nil, JSON, order(`,"volume":"0.0000000000000000001"`), "volume", "more than 18 digits"},
		{"place 1e20", "POST", "/v2/orders", nil, JSON, order(`,"price":"100000000000000000000"`), "price", "less than 1e20"},
		{"place side", "POST", "/v2/orders", nil, JSON, []byte(`{"market":"KRW-BTC","side":"buy","order_type":"limit"}`), "side", "must be one of"},
		{"place market", "POST", "/v2/orders", nil, JSON, []byte(`{"market":"KRW BTC","side":"bid","order_type":"limit"}`), "market", "is not a market code"},
		{"place client order id", "POST", "/v2/orders", nil, JSON, order(`,"client_order_id":"a b"`), "client_order_id", "1 to 36 characters"},
		{"place no body", "POST", "/v2/orders", nil, "", nil, "body", "is required"},
		{"place a form", "POST", "/v2/orders", nil, Form, []byte("market=KRW-BTC"), "body", "must be application/json"},
		{"batch item", "POST", "/v2/orders/batch", nil, JSON, []byte(`{"batch_orders":[` + string(order(``)) + `,` + string(order(`,"volume":"-1"`)) + `]}`), "batch_orders[1].volume", "greater than 0"},
		{"batch size", "POST", "/v2/orders/batch", nil, JSON, []byte(`{"batch_orders":[]}`), "batch_orders", "at least 1"},
		{"tickers ok", "GET", "/v1/ticker", q("markets", "KRW-BTC,BTC-ETH"), "", nil, "", ""},
		{"tickers missing", "GET", "/v1/ticker", nil, "", nil, "markets", "is required"},
		{"tickers item", "GET", "/v1/ticker", q("markets", "KRW-BTC,,BTC-ETH"), "", nil, "markets[1]", "is required"},
		{"tickers 201", "GET", "/v1/ticker", q("markets", strings.TrimSuffix(strings.Repeat("KRW-BTC,", 201), ",")), "", nil, "markets", "at most 200"},
		{"candle unit", "GET", "/v1/candles/minutes/7", q("market", "KRW-BTC"), "", nil, "unit", "must be one of"},
		{"candle count", "GET", "/v1/candles/minutes/1", q("market", "KRW-BTC", "count", "201"), "", nil, "count", "at most 200"},
		{"template path", "GET", "/v1/candles/minutes/{unit}", q("market", "KRW-BTC"), "", nil, "", ""},
		{"order ids", "GET", "/v1/orders", q("uuids[]", "C0101000000001799625", "uuids[]", "x"), "", nil, "uuids[1]", "is not an order id"},
		{"repeated scalar", "GET", "/v1/orders", q("market", "KRW-BTC", "market", "KRW-ETH"), "", nil, "market", "more than once"},
		{"legacy pair", "GET", "/public/ticker/BTC-KRW", nil, "", nil, "pair", "legacy pair"},
		{"legacy pair escaped", "GET", "/public/ticker/BTC%2FKRW", nil, "", nil, "pair", "legacy pair"},
		{"legacy form ok", "POST", "/trade/place", nil, Form, []byte("order_currency=BTC&payment_currency=KRW&units=0.001&price=9500000&type=bid"), "", ""},
		{"legacy form units", "POST", "/trade/place", nil, Form, []byte("order_currency=BTC&payment_currency=KRW&units=0&price=9500000&type=bid"), "units", "greater than 0"},
		{"legacy form required", "POST", "/trade/place", nil, Form, []byte("order_currency=BTC"), "payment_currency", "is required"},
		{"legacy empty form", "POST", "/info/balance", nil, Form, nil, "", ""},
		{"legacy empty form required", "POST", "/trade/place", nil, "", nil, "order_currency", "is required"},
		{"legacy order id", "POST", "/trade/cancel", nil, Form, []byte("order_currency=BTC&payment_currency=KRW&type=bid&order_id=C1%26x%3Dy"), "order_id", "is not an order id"},
		{"twap duration", "POST", "/v1/twap", nil, JSON, []byte(`{"market":"KRW-BTC","side":"ask","volume":"1","duration":"10","frequency":"30"}`), "duration", "at least 300"},
	}
	for _, tt := range tests {
		err := CheckRequest(tt.method, tt.path, tt.query, tt.ct, tt.body)
		wantErr(t, tt.name, err, tt.field, tt.reason)
	}
	if err := CheckRequest("GET", "/v9/new", nil, "", nil); !errors.Is(err, ErrUnknownOperation) {
		t.Errorf("unknown path: %v", err)
	}
	if err := CheckRequest("PUT", "/v2/orders", nil, "", nil); !errors.Is(err, ErrUnknownOperation) {
		t.Errorf("unknown method: %v", err)
	}
	rep, err := Check(Request{Method: "GET", Path: "/v1/orders", Query: q("market", "KRW-BTC", "zz", "1", "aa", "2")})
	if err != nil || rep.Operation.ID != "listOrders" || strings.Join(rep.Unknown, ",") != "aa,zz" {
		t.Errorf("Check = %+v, %v; want listOrders with unknown aa, zz", rep, err)
	}
	rep, err = Check(Request{Method: "post", Path: "/v2/orders", ContentType: JSON, Body: order(`,"stp":"x"`)})
	if err != nil || strings.Join(rep.Unknown, ",") != "stp" {
		t.Errorf("Check = %+v, %v; want stp unknown", rep, err)
	}
}

func TestBodyLimits(t *testing.T) {
	t.Parallel()
	big := append([]byte(`{"market":"`), make([]byte, MaxBodySize)...)
	wantErr(t, "size", CheckRequest("POST", "/v2/orders", nil, JSON, big), "body", "larger than")
	deep := strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000)
	wantErr(t, "depth", CheckRequest("POST", "/v2/orders", nil, JSON, []byte(deep)), "body", "nested more than")
}

func TestCheckDecimal(t *testing.T) {
	t.Parallel()
	amount := Field("placeOrder", "price")
	if amount == nil {
		t.Fatal("no rule for placeOrder price")
	}
	tests := []struct {
		name   string
		d      decimal.Decimal
		value  string
		reason string
	}{
		{"ok", decimal.MustParse("84000000"), "", ""},
		{"smallest", decimal.MustParse("0.000000000000000001"), "", ""},
		{"zero", decimal.Zero, "0", "greater than 0"},
		{"negative huge", decimal.New(-3, 999999999), "-3e999999999", "greater than 0"},
		{"negative tiny", decimal.New(-1, -65536), "-1e-65536", "greater than 0"},
		{"tiny", decimal.New(1, -65536), "1e-65536", "more than 18 digits after"},
		{"19 places", decimal.MustParse("0.0000000000000000001"), "0.0000000000000000001", "more than 18 digits after"},
		{"1e20", decimal.New(1, 20), "100000000000000000000", "less than 1e20"},
		{"huge", decimal.New(1, 999999999), "1e999999999", "less than 1e20"},
	}
	for _, tt := range tests {
		start := time.Now()
		err := amount.CheckDecimal("price", tt.d)
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: took %v", tt.name, d)
		}
		wantErr(t, tt.name, err, "price", tt.reason)
		var e *Error
		if errors.As(err, &e) && e.Value != tt.value {
			t.Errorf("%s: value %q, want %q", tt.name, e.Value, tt.value)
		}
	}
	// Without a rule: decimal's own limits.
	var none *Schema
	wantErr(t, "no rule", none.CheckDecimal("x", decimal.New(1, 200)), "x", "more than 100 digits")
	wantErr(t, "no rule ok", none.CheckDecimal("x", decimal.New(-1, 50)), "x", "")
}

func TestFieldAndLookup(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		op, name string
		want     bool
	}{
		{"placeOrder", "price", true},
		{"placeOrderBatch", "batch_orders", true},
		{"placeOrderBatch", "batch_orders[7].volume", true},
		{"placeOrderBatch", "batch_orders[].volume", true},
		{"listOrders", "uuids[]", true},
		{"legacyPlaceOrder", "units", true},
		{"placeOrder", "nope", false},
		{"noSuchOperation", "price", false},
		{"listTickers", "price", false},
	} {
		if got := Field(tt.op, tt.name) != nil; got != tt.want {
			t.Errorf("Field(%s, %s) found = %v, want %v", tt.op, tt.name, got, tt.want)
		}
	}
	// A literal segment wins over a parameter; path parameters are decoded.
	op, params, ok := Lookup("get", "/public/ticker/ALL%5FKRW")
	if !ok || op.ID != "legacyTicker" || params["pair"] != "ALL_KRW" {
		t.Errorf("Lookup = %v %v %v", op, params, ok)
	}
	seen := map[string]bool{}
	for _, op := range Operations() {
		if seen[op.ID] {
			t.Errorf("operation %s twice", op.ID)
		}
		seen[op.ID] = true
		if got, ok := ByID(op.ID); !ok || got != op {
			t.Errorf("ByID(%s) = %v", op.ID, got)
		}
	}
}

func TestPatternThatDoesNotCompileMatchesNothing(t *testing.T) {
	t.Parallel()
	p := &Pattern{Expr: `(`}
	if p.MatchString("") || p.MatchString("(") {
		t.Error("a broken pattern matched")
	}
}

// BenchmarkCheckRequest measures the check of an order placement, as a
// typed method pays it once per call (reported, not asserted).
func BenchmarkCheckRequest(b *testing.B) {
	body := []byte(`{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"84000000","volume":"0.001","client_order_id":"bgo0123456789abcdef0123456789abcdef"}`)
	for b.Loop() {
		if err := CheckRequest("POST", "/v2/orders", nil, JSON, body); err != nil {
			b.Fatal(err)
		}
	}
}

// The bounds of the checks, at their edges.
func TestEdges(t *testing.T) {
	t.Parallel()
	if v := fail("f", strings.Repeat("x", maxValue), "r").Value; v != strings.Repeat("x", maxValue) {
		t.Errorf("a value of %d bytes is shortened to %q", maxValue, v)
	}
	if v := fail("f", strings.Repeat("x", maxValue+1), "r").Value; v != strings.Repeat("x", maxValue)+"..." {
		t.Errorf("a value of %d bytes is %q, want it cut with ...", maxValue+1, v)
	}

	for _, tt := range []struct {
		e    Error
		want string
	}{
		{Error{Field: "volume", Value: "0", Reason: "must be greater than 0"}, `validation: invalid volume "0": must be greater than 0`},
		{Error{Field: "market", Reason: "is required"}, `validation: invalid market: is required`},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %s, want %s", got, tt.want)
		}
	}

	s := &Schema{Type: TypeString, MinLength: 3, MaxLength: 4}
	for v, reason := range map[string]string{"": "is required", "ab": "at least 3", "abc": "", "abcd": "", "abcde": "at most 4", "한국어": ""} {
		var err error
		if e := s.checkString("f", v); e != nil {
			err = e
		}
		wantErr(t, "length of "+v, err, "f", reason)
	}

	// A body of exactly MaxBodySize bytes is checked, not refused for its
	// size (trailing spaces are JSON whitespace).
	body := []byte(`{"market":"KRW-BTC"}`)
	body = append(body, strings.Repeat(" ", MaxBodySize-len(body))...)
	if err := CheckRequest("POST", "/v2/orders", nil, JSON, body); err != nil && strings.Contains(err.Error(), "larger than") {
		t.Errorf("a body of MaxBodySize bytes: %v", err)
	}

	rep, err := Check(Request{Method: "POST", Path: "/info/balance", ContentType: Form, Body: []byte("currency=BTC&endpoint=%2Finfo%2Fbalance&extra=1")})
	if err != nil || len(rep.Unknown) != 1 || rep.Unknown[0] != "extra" {
		t.Errorf("form with an extra field: %+v, %v; want extra unknown", rep, err)
	}
}
