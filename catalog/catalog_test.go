package catalog

import (
	"strings"
	"testing"
)

func testEndpoints() []Endpoint {
	return []Endpoint{
		{OperationID: "getTicker", Method: "GET", Path: "/v1/ticker", Category: "public", Retry: RetrySafe},
		{OperationID: "getMinuteCandles", Method: "GET", Path: "/v1/candles/minutes/{unit}", Category: "public", Retry: RetrySafe},
		{OperationID: "getOrder", Method: "GET", Path: "/v1/order", Category: "private-other", Retry: RetrySafe, Auth: AuthJWT},
		{OperationID: "cancelOrder", Method: "DELETE", Path: "/v2/order", Category: "private-other", Retry: RetrySafe, Auth: AuthJWT},
		{OperationID: "placeOrder", Method: "POST", Path: "/v2/orders", Category: "orders", Retry: RetryReconcile, Auth: AuthJWT},
		{OperationID: "getTwapOrder", Method: "GET", Path: "/v2/twap/{id}/fills", Category: "private-other", Retry: RetrySafe, Auth: AuthJWT},
		{OperationID: "deleteTwapOrder", Method: "DELETE", Path: "/v2/twap/{id}", Category: "private-other", Retry: RetryNever, Auth: AuthJWT},
		{OperationID: "legacyBalance", Method: "POST", Path: "/info/balance", Category: "private-other", Retry: RetrySafe, Auth: AuthHMAC, Legacy: true},
	}
}

func mustNew(t *testing.T) *Catalog {
	t.Helper()
	c, err := New(testEndpoints())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLookup: exact paths, path templates (a parameter matches one
// non-empty segment) and the method all have to match.
func TestLookup(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	for _, tt := range []struct {
		method, path, want string // want: the operation id, or "" for none
	}{
		{"GET", "/v1/ticker", "getTicker"},
		{"POST", "/v1/ticker", ""},
		{"GET", "/v1/ticker/", ""},
		{"GET", "/v1/Ticker", ""},
		{"get", "/v1/ticker", ""},
		{"GET", "/v1/candles/minutes/5", "getMinuteCandles"},
		{"GET", "/v1/candles/minutes/240", "getMinuteCandles"},
		{"GET", "/v1/candles/minutes/{unit}", "getMinuteCandles"},
		{"GET", "/v1/candles/minutes/", ""},
		{"GET", "/v1/candles/minutes", ""},
		{"GET", "/v1/candles/minutes/5/x", ""},
		{"GET", "/v1/candles/hours/5", ""},
		{"POST", "/v1/candles/minutes/5", ""},
		{"GET", "/v2/twap/T1/fills", "getTwapOrder"},
		{"DELETE", "/v2/twap/T1", "deleteTwapOrder"},
		{"GET", "/v2/twap/T1", ""},
		{"DELETE", "/v2/twap/T1/fills", ""},
		{"DELETE", "/v2/twap//fills", ""},
		{"DELETE", "/v2/order", "cancelOrder"},
		{"POST", "/info/balance", "legacyBalance"},
		{"GET", "/", ""},
		{"GET", "", ""},
	} {
		e, ok := c.Lookup(tt.method, tt.path)
		if ok != (tt.want != "") || e.OperationID != tt.want {
			t.Errorf("Lookup(%s %s) = %q, %v; want %q", tt.method, tt.path, e.OperationID, ok, tt.want)
		}
		if ok && (e.Method != tt.method || e.Category == "") {
			t.Errorf("Lookup(%s %s) returned %+v", tt.method, tt.path, e)
		}
	}
	var none *Catalog
	if e, ok := none.Lookup("GET", "/v1/ticker"); ok || e != (Endpoint{}) {
		t.Errorf("a nil catalog found %+v", e)
	}
	if e, ok := none.Operation("getTicker"); ok || e != (Endpoint{}) {
		t.Errorf("a nil catalog found %+v", e)
	}
	if all := none.Endpoints(); all != nil {
		t.Errorf("a nil catalog has endpoints %v", all)
	}
}

// TestOperationAndEndpoints: lookup by operation id, and the endpoints
// sorted by it, as a copy.
func TestOperationAndEndpoints(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	if e, ok := c.Operation("placeOrder"); !ok || e.Path != "/v2/orders" || e.Retry != RetryReconcile {
		t.Errorf("Operation(placeOrder) = %+v, %v", e, ok)
	}
	if e, ok := c.Operation("getMinuteCandles"); !ok || e.Path != "/v1/candles/minutes/{unit}" {
		t.Errorf("Operation(getMinuteCandles) = %+v, %v", e, ok)
	}
	if _, ok := c.Operation("nope"); ok {
		t.Error("Operation(nope) found something")
	}
	all := c.Endpoints()
	var ids []string
	for _, e := range all {
		ids = append(ids, e.OperationID)
	}
	if got := strings.Join(ids, ","); got != "cancelOrder,deleteTwapOrder,getMinuteCandles,getOrder,getTicker,getTwapOrder,legacyBalance,placeOrder" {
		t.Errorf("Endpoints() = %s", got)
	}
	all[0].OperationID = "changed"
	if c.Endpoints()[0].OperationID != "cancelOrder" {
		t.Error("Endpoints() shares the catalog's slice")
	}
}

// TestNewKeepsACopy: changing the slice given to New changes nothing.
func TestNewKeepsACopy(t *testing.T) {
	t.Parallel()
	in := testEndpoints()
	c, err := New(in)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		in[i].Auth = AuthHMAC
	}
	if e, _ := c.Operation("getTicker"); e.Auth != AuthNone {
		t.Errorf("Operation(getTicker) = %+v after the input changed", e)
	}
	if e := c.Endpoints()[4]; e.OperationID != "getTicker" || e.Auth != AuthNone {
		t.Errorf("Endpoints()[4] = %+v after the input changed", e)
	}
}

// TestNewRejects: incomplete endpoints, duplicates and templates it cannot
// match.
func TestNewRejects(t *testing.T) {
	t.Parallel()
	ok := Endpoint{OperationID: "a", Method: "GET", Path: "/v1/a"}
	for _, tt := range []struct {
		name      string
		endpoints []Endpoint
		want      string // in the error
	}{
		{"no operation id", []Endpoint{{Method: "GET", Path: "/v1/x"}}, "incomplete"},
		{"no method", []Endpoint{{OperationID: "x", Path: "/v1/x"}}, "incomplete"},
		{"no path", []Endpoint{{OperationID: "x", Method: "GET"}}, "incomplete"},
		{"relative path", []Endpoint{{OperationID: "x", Method: "GET", Path: "v1/x"}}, "incomplete"},
		{"same method and path", []Endpoint{ok, {OperationID: "b", Method: "GET", Path: "/v1/a"}}, "duplicate endpoint GET /v1/a"},
		{"same template", []Endpoint{{OperationID: "a", Method: "GET", Path: "/v1/{x}"}, {OperationID: "b", Method: "GET", Path: "/v1/{x}"}}, "duplicate endpoint GET /v1/{x}"},
		{"same operation id", []Endpoint{ok, {OperationID: "a", Method: "POST", Path: "/v1/a"}}, "duplicate operation id a"},
		{"parameter inside a segment", []Endpoint{{OperationID: "x", Method: "GET", Path: "/v1/x{id}"}}, "unsupported path template /v1/x{id}"},
		{"unclosed parameter", []Endpoint{{OperationID: "x", Method: "GET", Path: "/v1/{id"}}, "unsupported path template"},
		{"stray brace", []Endpoint{{OperationID: "x", Method: "GET", Path: "/v1/{a}/b}"}}, "unsupported path template"},
		{"only a closing brace", []Endpoint{{OperationID: "x", Method: "GET", Path: "/v1/b}"}}, "unsupported path template"},
		{"empty parameter", []Endpoint{{OperationID: "x", Method: "GET", Path: "/v1/{}"}}, "unsupported path template"},
		{"nested braces", []Endpoint{{OperationID: "x", Method: "GET", Path: "/v1/{{a}}"}}, "unsupported path template"},
	} {
		c, err := New(tt.endpoints)
		if err == nil || c != nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "catalog: ") {
			t.Errorf("%s: New = %v, %v; want an error with %q", tt.name, c, err, tt.want)
		}
	}
	// The same path under two methods, and two templates of one shape
	// under two methods, are fine.
	if _, err := New([]Endpoint{ok, {OperationID: "b", Method: "POST", Path: "/v1/a"},
		{OperationID: "c", Method: "GET", Path: "/v1/{x}/y"}, {OperationID: "d", Method: "DELETE", Path: "/v1/{x}/y"}}); err != nil {
		t.Errorf("New: %v", err)
	}
	if c, err := New(nil); err != nil || len(c.Endpoints()) != 0 {
		t.Errorf("an empty catalog: %v, %v", c, err)
	}
}

func TestAuthSchemeString(t *testing.T) {
	t.Parallel()
	for a, want := range map[AuthScheme]string{AuthNone: "none", AuthJWT: "jwt", AuthHMAC: "hmac", AuthScheme(7): "none", AuthScheme(-1): "none"} {
		if got := a.String(); got != want {
			t.Errorf("AuthScheme(%d).String() = %q, want %q", int(a), got, want)
		}
	}
}

func TestRetryPolicyValid(t *testing.T) {
	t.Parallel()
	for p, want := range map[RetryPolicy]bool{RetrySafe: true, RetryReconcile: true, RetryNever: true, "": false, "Safe": false, "always": false} {
		if got := p.Valid(); got != want {
			t.Errorf("RetryPolicy(%q).Valid() = %v, want %v", p, got, want)
		}
	}
}

// TestAssetOf: a market names the currency after its "-", a currency
// names itself; case and spaces do not matter, and keys stay small.
func TestAssetOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"KRW-BTC": "BTC", "btc": "BTC", " eth ": "ETH", "BTC-ETH": "ETH", "USDT-XRP": "XRP",
		"": "", "KRW-": "", strings.Repeat("a", 40): strings.Repeat("A", 32),
	} {
		if got := AssetOf(in); got != want {
			t.Errorf("AssetOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAssetRulesAreCopies: the map AssetRules returns may be changed
// without changing the next one.
func TestAssetRulesAreCopies(t *testing.T) {
	t.Parallel()
	for name, r := range AssetRules() {
		if len(r.Categories) > 0 {
			r.Categories[0] = "changed"
		}
		if AssetRules()[name].Categories[0] == "changed" {
			t.Errorf("AssetRules shares the categories of %s", name)
		}
	}
}
