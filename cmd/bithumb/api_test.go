package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb"
)

// apiArgs is the start of an `api` command line against f, with a
// credentials file that does not exist, so that no test reads the real
// user's file.
func apiArgs(t *testing.T, f *fakeAPI) []string {
	return []string{"api", "--api-url", f.URL, "--credentials-file", filepath.Join(t.TempDir(), "none.json")}
}

func TestAPIGetQueryKeepsOrderAndBrackets(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 200, `[]`)
	args := append(apiArgs(t, f), "/v1/orders?market=KRW-BTC", "--no-validate",
		"-X", "get", "-f", "uuids[]=C0101000000000000002", "-f", "uuids[]=C0101000000000000001", "-f", "next_key=page+/==", "-f", "state=wait")
	r := runCLI(t, nil, keyEnv(), args...)
	if r.code != 0 {
		t.Fatalf("code %d, stderr %s", r.code, r.stderr)
	}
	req := f.only(t)
	if req.method != "GET" || req.path != "/v1/orders" || req.body != "" {
		t.Errorf("request = %s %s body %q", req.method, req.path, req.body)
	}
	if want := "market=KRW-BTC&uuids[]=C0101000000000000002&uuids[]=C0101000000000000001&next_key=page%2B%2F%3D%3D&state=wait"; req.rawQuery != want {
		t.Errorf("query = %s\nwant    %s", req.rawQuery, want)
	}
	if got := jwtAccessKey(t, req.header.Get("Authorization")); got != testAccess {
		t.Errorf("JWT access_key = %q, want the test key", got)
	}
	if r.stdout != "[]" {
		t.Errorf("stdout = %q", r.stdout)
	}
}

func TestAPIDeleteFieldsGoToQuery(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 200, `{"order_id":"C0101"}`)
	r := runCLI(t, nil, keyEnv(), append(apiArgs(t, f), "-X", "DELETE", "v2/order", "-f", "order_id=C0101000000000000001")...)
	if r.code != 0 {
		t.Fatalf("code %d, stderr %s", r.code, r.stderr)
	}
	req := f.only(t)
	if req.method != "DELETE" || req.path != "/v2/order" || req.rawQuery != "order_id=C0101000000000000001" || req.body != "" {
		t.Errorf("request = %s %s?%s body %q", req.method, req.path, req.rawQuery, req.body)
	}
}

func TestAPIPostBodyKeepsOrder(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 201, `{"order_id":"C0101"}`)
	r := runCLI(t, nil, keyEnv(), append(apiArgs(t, f), "/v2/orders",
		"-f", "market=KRW-BTC", "-f", "side=bid", "-f", "volume=0.001", "-f", "price=84000000",
		"-f", "order_type=limit", "-f", "client_order_id=my-order-1")...)
	if r.code != 0 {
		t.Fatalf("code %d, stderr %s", r.code, r.stderr)
	}
	req := f.only(t)
	want := `{"market":"KRW-BTC","side":"bid","volume":"0.001","price":"84000000","order_type":"limit","client_order_id":"my-order-1"}`
	if req.method != "POST" || req.body != want {
		t.Errorf("%s body = %s\nwant        %s", req.method, req.body, want)
	}
	if ct := req.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if req.header.Get("Authorization") == "" {
		t.Error("POST not signed")
	}
}

func TestJSONObject(t *testing.T) {
	t.Parallel()
	p := func(k, v string) bithumb.Param { return bithumb.Param{Key: k, Value: v} }
	got, err := jsonObject([]bithumb.Param{p("z", `a"b<c>&d\`), p("ids[]", "1"), p("a", "é"), p("ids[]", "2"), p("empty[]", "")})
	if want := `{"z":"a\"b<c>&d\\","ids":["1","2"],"a":"é","empty":[""]}`; err != nil || string(got) != want {
		t.Errorf("jsonObject = %s, %v; want %s", got, err, want)
	}
}

func TestAPIPostArrays(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 200, `{}`)
	r := runCLI(t, nil, keyEnv(), append(apiArgs(t, f), "/v2/orders/cancel", "--no-validate",
		"-f", "order_ids[]=C0101000000000000001", "-f", "market=KRW-BTC", "-f", "order_ids[]=C0101000000000000002")...)
	if r.code != 0 {
		t.Fatalf("code %d, stderr %s", r.code, r.stderr)
	}
	if got, want := f.only(t).body, `{"order_ids":["C0101000000000000001","C0101000000000000002"],"market":"KRW-BTC"}`; got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
}

func TestAPIInput(t *testing.T) {
	t.Parallel()
	const batch = "{\"batch_orders\": [\n  {\"market\": \"KRW-BTC\", \"side\": \"bid\", \"order_type\": \"limit\",\n" +
		"   \"price\": \"84000000\", \"volume\": \"0.001\", \"client_order_id\": \"batch-1\"}\n]}\n"
	file := filepath.Join(t.TempDir(), "orders.json")
	if err := os.WriteFile(file, []byte(batch), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		stdin string
		args  []string
	}{
		"file":  {"", []string{"--input", file}},
		"stdin": {batch, []string{"--input", "-"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, 200, `[]`)
			args := append(append(apiArgs(t, f), "/v2/orders/batch", "--no-validate", "-f", "dry_run=1"), tc.args...)
			r := runCLI(t, strings.NewReader(tc.stdin), keyEnv(), args...)
			if r.code != 0 {
				t.Fatalf("code %d, stderr %s", r.code, r.stderr)
			}
			req := f.only(t)
			if req.method != "POST" || req.body != batch || req.rawQuery != "dry_run=1" {
				t.Errorf("request = %s ?%s body %q, want POST ?dry_run=1 and the input as it is", req.method, req.rawQuery, req.body)
			}
		})
	}
}

func TestAPILegacyForm(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 200, `{"status":"0000","data":{"total_btc":"1.5"}}`)
	r := runCLI(t, nil, keyEnv(), append(apiArgs(t, f), "/info/balance", "--no-validate", "-f", "currency=BTC", "-f", "endpoint=/info/balance", "-f", "ids[]=1")...)
	if r.code != 0 {
		t.Fatalf("code %d, stderr %s", r.code, r.stderr)
	}
	req := f.only(t)
	if want := "endpoint=%2Finfo%2Fbalance&currency=BTC&ids[]=1"; req.method != "POST" || req.body != want {
		t.Errorf("%s body = %s, want POST %s", req.method, req.body, want)
	}
	if req.header.Get("Api-Sign") == "" || req.header.Get("Api-Key") != testAccess {
		t.Errorf("not HMAC-signed: %v", req.header)
	}
	if r.stdout != `{"status":"0000","data":{"total_btc":"1.5"}}` {
		t.Errorf("stdout = %q", r.stdout)
	}

	// Without fields: still a signed form POST.
	f = newFakeAPI(t, 200, `{"status":"0000","data":{}}`)
	if r := runCLI(t, nil, keyEnv(), append(apiArgs(t, f), "/info/balance")...); r.code != 0 {
		t.Fatalf("code %d, stderr %s", r.code, r.stderr)
	}
	if req := f.only(t); req.method != "POST" || req.body != "endpoint=%2Finfo%2Fbalance" {
		t.Errorf("%s body = %q", req.method, req.body)
	}
}

func TestAPIPublicWithoutKeys(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/v1/ticker", "/public/ticker/BTC_KRW"} {
		f := newFakeAPI(t, 200, `[{"market":"KRW-BTC"}]`)
		r := runCLI(t, nil, nil, append(apiArgs(t, f), path, "--no-validate", "-X", "GET", "-f", "markets=KRW-BTC")...)
		if r.code != 0 || r.stdout != `[{"market":"KRW-BTC"}]` || r.stderr != "" {
			t.Fatalf("%s: code %d, stdout %q, stderr %q", path, r.code, r.stdout, r.stderr)
		}
		if req := f.only(t); req.header.Get("Authorization") != "" || req.rawQuery != "markets=KRW-BTC" {
			t.Errorf("%s: request %v ?%s", path, req.header, req.rawQuery)
		}
	}
}

func TestAPIUnknownPathIsSignedOnlyWithKeys(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 200, `{}`)
	if r := runCLI(t, nil, nil, append(apiArgs(t, f), "--no-validate", "/v1/brand_new")...); r.code != 0 {
		t.Fatalf("without keys: code %d, stderr %s", r.code, r.stderr)
	}
	if runCLI(t, nil, keyEnv(), append(apiArgs(t, f), "--no-validate", "/v1/brand_new")...).code != 0 {
		t.Fatal("with keys: failed")
	}
	reqs := f.requests()
	if len(reqs) != 2 || reqs[0].header.Get("Authorization") != "" || reqs[1].header.Get("Authorization") == "" {
		t.Errorf("want an unsigned request, then a signed one; got %d requests", len(reqs))
	}
}

func TestAPIPrivateWithoutKeys(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/v1/accounts", "/info/balance"} {
		f := newFakeAPI(t, 200, `[]`)
		r := runCLI(t, nil, nil, append(apiArgs(t, f), path)...)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "needs API keys") || !strings.Contains(r.stderr, "bithumb auth set") {
			t.Errorf("%s: code %d, stdout %q, stderr %q", path, r.code, r.stdout, r.stderr)
		}
		if n := len(f.requests()); n != 0 {
			t.Errorf("%s: %d requests sent without keys", path, n)
		}
	}
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status     int
		body       string
		args       []string
		wantStderr string
	}{
		{404, `{"error":{"name":"order_not_found","message":"주문을 찾지 못했습니다."}}`,
			[]string{"-X", "DELETE", "/v2/order", "-f", "order_id=C0101000000000000001"},
			"bithumb: 404 order_not_found: 주문을 찾지 못했습니다.\n"},
		{200, `{"status":"5600","message":"거래 진행중인 내역이 존재하지 않습니다."}`,
			[]string{"/info/balance"},
			"bithumb: status 5600: 거래 진행중인 내역이 존재하지 않습니다.\n"},
	} {
		f := newFakeAPI(t, tc.status, tc.body)
		r := runCLI(t, nil, keyEnv(), append(apiArgs(t, f), tc.args...)...)
		if r.code != 1 || r.stdout != "" || r.stderr != tc.wantStderr {
			t.Errorf("%v: code %d\nstdout %q\nstderr %q\nwant   %q", tc.args, r.code, r.stdout, r.stderr, tc.wantStderr)
		}
	}
}

func TestAPIOutput(t *testing.T) {
	t.Parallel()
	const body = `{"market":"KRW-BTC","trade_price":1.76373410121466379999997512,"ids":[9007199254740993,2e-8]}`
	const pretty = `{
  "market": "KRW-BTC",
  "trade_price": 1.76373410121466379999997512,
  "ids": [
    9007199254740993,
    2e-8
  ]
}
`
	f := newFakeAPI(t, 200, body)
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{nil, body}, // not a terminal
		{[]string{"--raw"}, body},
		{[]string{"--pretty"}, pretty},
	} {
		r := runCLI(t, nil, nil, append(append(apiArgs(t, f), "/v1/ticker", "-X", "GET", "-f", "markets=KRW-BTC"), tc.flags...)...)
		if r.code != 0 || r.stdout != tc.want {
			t.Errorf("%v: code %d, stdout:\n%s\nwant:\n%s", tc.flags, r.code, r.stdout, tc.want)
		}
	}
	r := runCLI(t, nil, nil, append(apiArgs(t, f), "/v1/ticker?markets=KRW-BTC", "--pretty", "--raw")...)
	if r.code == 0 || !strings.Contains(r.stderr, "pretty") {
		t.Errorf("--pretty --raw: code %d, stderr %q", r.code, r.stderr)
	}

	// A body that is not JSON is printed as it is, even with --pretty.
	f = newFakeAPI(t, 200, `not json`)
	if r := runCLI(t, nil, nil, append(apiArgs(t, f), "/v1/ticker?markets=KRW-BTC", "--pretty")...); r.stdout != "not json\n" {
		t.Errorf("non-JSON --pretty: stdout %q", r.stdout)
	}
}

func TestAPIUsageErrors(t *testing.T) {
	t.Parallel()
	badJSON := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(badJSON, []byte(`{"a":`), 0o600); err != nil {
		t.Fatal(err)
	}
	f := newFakeAPI(t, 200, `{}`)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"/v1/orders", "-f", "market"}, "key=value"},
		{[]string{"/v1/orders", "-f", "=x"}, "no key"},
		{[]string{"/v2/orders", "-f", "a=1", "-f", "a=2"}, "a[]=value"},
		{[]string{"/v2/orders", "-f", "a=1", "-f", "a[]=2"}, "both"},
		{[]string{"-X", "PUT", "/v1/orders"}, "GET, POST or DELETE"},
		{[]string{"-X", "GET", "/info/balance"}, "POST only"},
		{[]string{"/info/balance", "--input", badJSON}, "form body"},
		{[]string{"/info/balance", "-f", "endpoint=/info/account"}, "endpoint is its path"},
		{[]string{"/v2/orders", "-f", "market=KRW-BTC", "-f", "side=bid", "-f", "order_type=limit", "-f", "price=abc"}, "price"},
		{[]string{"/v1/ticker"}, "markets"},
		{[]string{"-X", "GET", "/v1/orders", "--input", badJSON}, "GET"},
		{[]string{"/v2/orders/batch", "--input", badJSON}, "not valid JSON"},
		{[]string{"/v2/orders/batch", "--input", filepath.Join(t.TempDir(), "missing.json")}, "--input"},
		{[]string{"https://api.bithumb.com/v1/accounts"}, "--api-url"},
		{[]string{}, "accepts 1 arg"},
	} {
		r := runCLI(t, nil, keyEnv(), append(apiArgs(t, f), tc.args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) || strings.HasPrefix(r.stderr, "bithumb: bithumb:") {
			t.Errorf("%v: code %d, stderr %q, want it to mention %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent for bad command lines", n)
	}
}

func TestAPIURLFromEnvironment(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, 200, `[]`)
	env := map[string]string{"BITHUMB_API_URL": f.URL}
	if r := runCLI(t, nil, env, "api", "/v1/market/all"); r.code != 0 {
		t.Fatalf("code %d, stderr %s", r.code, r.stderr)
	}
	if f.only(t).path != "/v1/market/all" {
		t.Error("BITHUMB_API_URL not used")
	}
	r := runCLI(t, nil, map[string]string{"BITHUMB_API_URL": "ftp://example.com"}, "api", "/v1/market/all")
	if r.code != 1 || !strings.Contains(r.stderr, "ftp://example.com") {
		t.Errorf("bad URL: code %d, stderr %q", r.code, r.stderr)
	}
}
