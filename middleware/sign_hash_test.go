package middleware

import (
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// signVectors mirrors testdata/sign_vectors.json.
type signVectors struct {
	Comment     string `json:"comment"`
	QueryHashes []struct {
		Name       string `json:"name"`
		HashString string `json:"hash_string"`
		QueryHash  string `json:"query_hash"`
	} `json:"query_hashes"`
	JWTTokens []struct {
		Name        string `json:"name"`
		AccessKey   string `json:"access_key"`
		SecretKey   string `json:"secret_key"`
		Nonce       string `json:"nonce"`
		TimestampMS int64  `json:"timestamp_ms"`
		Method      string `json:"method"`
		URL         string `json:"url"`
		HashString  string `json:"hash_string"`
		Payload     string `json:"payload"`
		Token       string `json:"token"`
	} `json:"jwt_tokens"`
	Requests []struct {
		Name       string  `json:"name"`
		Method     string  `json:"method"`
		Path       string  `json:"path"`
		RawQuery   string  `json:"raw_query"`
		WireQuery  string  `json:"wire_query"`
		Body       *string `json:"body"`
		HashString string  `json:"hash_string"`
	} `json:"requests"`
	HMAC []struct {
		Name          string `json:"name"`
		ConnectKey    string `json:"connect_key"`
		SecretKey     string `json:"secret_key"`
		APIClientType string `json:"api_client_type"`
		NonceMS       int64  `json:"nonce_ms"`
		URL           string `json:"url"`
		BodyIn        string `json:"body_in"`
		BodyOut       string `json:"body_out"`
		HMACHex       string `json:"hmac_hex"`
		APISign       string `json:"api_sign"`
	} `json:"hmac"`
}

// loadSignVectors reads testdata/sign_vectors.json and checks that every
// section is present, so an emptied file cannot make the tests vacuous.
func loadSignVectors(t *testing.T) signVectors {
	t.Helper()
	raw, err := os.ReadFile("testdata/sign_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v signVectors
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding sign_vectors.json: %v", err)
	}
	if len(v.QueryHashes) == 0 || len(v.JWTTokens) == 0 || len(v.Requests) < 20 || len(v.HMAC) == 0 {
		t.Fatalf("sign_vectors.json is missing vectors: %d query hashes, %d tokens, %d requests, %d hmac",
			len(v.QueryHashes), len(v.JWTTokens), len(v.Requests), len(v.HMAC))
	}
	return v
}

// signSHA512Hex is the test's own SHA-512, independent of QueryHash.
func signSHA512Hex(s string) string {
	sum := sha512.Sum512([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestQueryHashVectors(t *testing.T) {
	v := loadSignVectors(t)
	for _, tc := range v.QueryHashes {
		t.Run(tc.Name, func(t *testing.T) {
			if got := QueryHash(tc.HashString); got != tc.QueryHash {
				t.Errorf("QueryHash(%q) = %s, want %s", tc.HashString, got, tc.QueryHash)
			}
		})
	}
	if got := QueryHash(""); len(got) != 128 || strings.ToLower(got) != got {
		t.Errorf("QueryHash(\"\") = %q, want 128 lower-case hex characters", got)
	}
}

// TestHashStringsFromVectors checks the request vectors at the level of
// the hash-string functions (TestSignRequestVectors checks them through
// SignRequest).
func TestHashStringsFromVectors(t *testing.T) {
	v := loadSignVectors(t)
	for _, tc := range v.Requests {
		t.Run(tc.Name, func(t *testing.T) {
			var parts []string
			if tc.RawQuery != "" {
				wire, err := CanonicalQuery(tc.RawQuery)
				if err != nil {
					t.Fatalf("CanonicalQuery: %v", err)
				}
				if wire != tc.WireQuery {
					t.Errorf("CanonicalQuery(%q) = %q, want %q", tc.RawQuery, wire, tc.WireQuery)
				}
				fromRaw, err := QueryHashString(tc.RawQuery)
				if err != nil {
					t.Fatalf("QueryHashString(raw): %v", err)
				}
				fromWire, err := QueryHashString(wire)
				if err != nil {
					t.Fatalf("QueryHashString(wire): %v", err)
				}
				if fromRaw != fromWire {
					t.Errorf("hash string of raw query %q != of wire query %q", fromRaw, fromWire)
				}
				parts = append(parts, fromWire)
			}
			if tc.Body != nil {
				hs, err := BodyHashString([]byte(*tc.Body))
				if err != nil {
					t.Fatalf("BodyHashString: %v", err)
				}
				if hs != "" {
					parts = append(parts, hs)
				}
			}
			if got := strings.Join(parts, "&"); got != tc.HashString {
				t.Errorf("hash string = %q, want %q", got, tc.HashString)
			}
		})
	}
}

func TestQueryHashString(t *testing.T) {
	tests := []struct {
		raw, want string
	}{
		{"", ""},
		{"a=1&b=2", "a=1&b=2"},
		{"b=2&a=1", "b=2&a=1"}, // order kept, never sorted
		{"a=1&a=2&a=1", "a=1&a=2&a=1"},
		{"uuids%5B%5D=a&uuids%5b%5d=b", "uuids[]=a&uuids[]=b"},
		{"next_key=page%2B%2F%3D%3D", "next_key=page+/=="},
		{"next_key=page+x", "next_key=page x"}, // form encoding: + is a space
		{"flag&a=1", "flag=&a=1"},
		{"a=1&&b=2&", "a=1&b=2"},
		{"a=&b=", "a=&b="},
		{"a=x=y", "a=x=y"},
		{"a=%26%3D", "a=&="}, // raw, ambiguous by design: the server hashes raw values
		{"q=%ED%99%8D", "q=홍"},
		{"q=홍", "q=홍"},
	}
	for _, tc := range tests {
		got, err := QueryHashString(tc.raw)
		if err != nil {
			t.Errorf("QueryHashString(%q): %v", tc.raw, err)
			continue
		}
		if got != tc.want {
			t.Errorf("QueryHashString(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestCanonicalQuery(t *testing.T) {
	tests := []struct {
		raw, want string
	}{
		{"", ""},
		{"a=1&b=2", "a=1&b=2"},
		{"uuids%5B%5D=a&uuids%5B%5D=b", "uuids[]=a&uuids[]=b"},
		{"uuids[]=a", "uuids[]=a"},
		{"next_key=page+/==", "next_key=page%20%2F%3D%3D"},
		{"next_key=page%2B%2F%3D%3D", "next_key=page%2B%2F%3D%3D"},
		{"v=A-Za-z0-9-_.!~*'()", "v=A-Za-z0-9-_.!~*'()"},
		{"v=%5B%5D%40%23%24%25%5E%7C%3B%3A%3F%2C", "v=%5B%5D%40%23%24%25%5E%7C%3B%3A%3F%2C"},
		{"v=%7e%2a", "v=~*"},
		{"markets=KRW-BTC,KRW-ETH", "markets=KRW-BTC%2CKRW-ETH"},
		{"q=홍", "q=%ED%99%8D"},
		{"flag&&a=1&", "flag=&a=1"},
		{"k%20ey=v", "k%20ey=v"},
		{"a=%ff", "a=%FF"}, // invalid UTF-8 is carried byte for byte
	}
	for _, tc := range tests {
		got, err := CanonicalQuery(tc.raw)
		if err != nil {
			t.Errorf("CanonicalQuery(%q): %v", tc.raw, err)
			continue
		}
		if got != tc.want {
			t.Errorf("CanonicalQuery(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestQueryBadPercentEncoding(t *testing.T) {
	for _, raw := range []string{"a=%zzsecretvalue", "%g0secretkey=1", "a=1&b=%"} {
		for name, f := range map[string]func(string) (string, error){
			"QueryHashString": QueryHashString,
			"CanonicalQuery":  CanonicalQuery,
		} {
			got, err := f(raw)
			if err == nil {
				t.Errorf("%s(%q) = %q, want an error", name, raw, got)
				continue
			}
			if !strings.HasPrefix(err.Error(), "middleware: ") {
				t.Errorf("%s(%q) error %q lacks the package prefix", name, raw, err)
			}
			if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "%") {
				t.Errorf("%s(%q) error %q quotes the query", name, raw, err)
			}
		}
	}
}

func TestBodyHashStringErrors(t *testing.T) {
	bodies := []string{
		``,
		`   `,
		`null`,
		`[]`,
		`[{"a":1}]`,
		`"secretvalue"`,
		`42`,
		`{"a":1} x`,
		`{"a":1}{"b":2}`,
		`{"a":1`,
		`{"a":}`,
		`{"a" 1}`,
		`{"a":1,}`,
		`{"a":[1,2}`,
		`{"a":secretvalue}`,
		`{"a":"secretvalue`,
		`{"a":` + strings.Repeat(`[`, 40) + strings.Repeat(`]`, 40) + `}`,
		`{"a":` + strings.Repeat(`{"b":`, 40) + `1` + strings.Repeat(`}`, 40) + `}`,
		// 100 KB key × 50 000 elements: a 5 GB hash string if unbounded.
		`{"` + strings.Repeat("k", 100_000) + `":[` + strings.Repeat(`1,`, 50_000) + `1]}`,
	}
	for _, body := range bodies {
		got, err := BodyHashString([]byte(body))
		if err == nil {
			t.Errorf("BodyHashString(%q) = %q, want an error", body, got)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "middleware: ") {
			t.Errorf("BodyHashString(%q) error %q lacks the package prefix", body, msg)
		}
		if strings.Contains(msg, "secretvalue") {
			t.Errorf("BodyHashString(%q) error %q quotes the body", body, msg)
		}
	}
	// A non-object body wraps the sentinel so SignRequest callers can tell
	// a bad body from a transport error.
	if _, err := BodyHashString([]byte(`[1]`)); !errors.Is(err, errSignBodyNotObject) {
		t.Errorf("BodyHashString([1]) error = %v, want errSignBodyNotObject", err)
	}
}

func TestBodyHashStringShapes(t *testing.T) {
	tests := []struct {
		body, want string
	}{
		{`{}`, ""},
		{` {} `, ""},
		{`{"a":null}`, ""},
		{`{"a":[]}`, ""},
		{`{"z":1,"a":2}`, "z=1&a=2"},
		{`{"a":1,"a":2}`, "a=1&a=2"},
		{`{"n":1e3,"m":-12.50,"k":0}`, "n=1e3&m=-12.50&k=0"},
		{`{"s":"","t":"a&b=c"}`, "s=&t=a&b=c"},
		{`{"m":[[1,2],[3]]}`, "m[0][]=1&m[0][]=2&m[1][]=3"},
		{`{"m":[1,{"x":2}]}`, "m[]=1&m[1][x]=2"},
		{`{"o":[{"a":{"b":[true]}}]}`, "o[0][a][b][]=true"},
		{`{"emoji":"🙂","tab":"a\tb"}`, "emoji=🙂&tab=a\tb"},
	}
	for _, tc := range tests {
		got, err := BodyHashString([]byte(tc.body))
		if err != nil {
			t.Errorf("BodyHashString(%q): %v", tc.body, err)
			continue
		}
		if got != tc.want {
			t.Errorf("BodyHashString(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
	// Nesting right at the limit still works.
	deep := `{"a":` + strings.Repeat(`[`, maxSignBodyDepth-1) + `1` + strings.Repeat(`]`, maxSignBodyDepth-1) + `}`
	if got, err := BodyHashString([]byte(deep)); err != nil || got != "a"+strings.Repeat("[0]", maxSignBodyDepth-2)+"[]=1" {
		t.Errorf("BodyHashString(depth %d) = %q, %v", maxSignBodyDepth, got, err)
	}
}

// FuzzCanonicalQuery checks the two properties SignRequest relies on:
// rewriting a query to the wire form keeps its hash string, and the wire
// form is stable under a second rewrite (a retried request is re-signed).
func FuzzCanonicalQuery(f *testing.F) {
	for _, seed := range []string{
		"a=1&b=2", "uuids%5B%5D=a&uuids%5B%5D=b", "next_key=page%2B%2F%3D%3D",
		"q=%ED%99%8D", "flag&&x=%26%3D", "a+b=c+d", "k[%5D=%ff", "=v&k=",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		hs, err := QueryHashString(raw)
		wire, err2 := CanonicalQuery(raw)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("QueryHashString err %v, CanonicalQuery err %v", err, err2)
		}
		if err != nil {
			return
		}
		hs2, err := QueryHashString(wire)
		if err != nil {
			t.Fatalf("QueryHashString(CanonicalQuery(%q)) = error %v", raw, err)
		}
		if hs2 != hs {
			t.Fatalf("hash string changed by CanonicalQuery: %q -> %q", hs, hs2)
		}
		wire2, err := CanonicalQuery(wire)
		if err != nil || wire2 != wire {
			t.Fatalf("CanonicalQuery not idempotent: %q -> %q (%v)", wire, wire2, err)
		}
		for i := 0; i < len(wire); i++ {
			if c := wire[i]; c != '%' && c != '&' && c != '=' && c != '[' && c != ']' && !isURIComponentUnreserved(c) {
				t.Fatalf("wire form %q has unencoded byte %q", wire, c)
			}
		}
	})
}

// FuzzBodyHashString checks that BodyHashString never panics and that
// it accepts exactly the bodies that are JSON objects.
func FuzzBodyHashString(f *testing.F) {
	for _, seed := range []string{`{}`, `{"a":[1,{"b":null}]}`, `[1]`, `{"a":1.5E-7}`, `{"a":"홍"}`, `{"a":1}x`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := BodyHashString(body)
		var obj map[string]any
		isObject := json.Unmarshal(body, &obj) == nil && obj != nil
		if isObject && err != nil && !strings.Contains(err.Error(), "nests deeper") {
			t.Fatalf("valid object %q rejected: %v", body, err)
		}
		if !isObject && err == nil {
			t.Fatalf("non-object %q accepted", body)
		}
	})
}
