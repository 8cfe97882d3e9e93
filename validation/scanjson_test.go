package validation

import (
	"reflect"
	"strings"
	"testing"
)

// scanJSON gives readJSON's value for every body it reads, and reads the
// common request bodies itself.
func TestScanJSONAgreesWithReadJSON(t *testing.T) {
	t.Parallel()
	common := []string{
		`{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"100000000","volume":"0.0001","client_order_id":"my-order-001"}`,
		`{"batch_orders":[{"market":"KRW-BTC","price":1.5e8,"volume":-0.0001,"post_only":true},{"market":"BTC-ETH","x":null,"y":false}]}`,
		` {"order_ids":["a","b"],"a":{"b":{"c":[[],{}]}},"a":1} `, `[]`, `{}`, `"한국"`, `0`, `-1.5E+3`, `null`,
		strings.Repeat("[", 32) + strings.Repeat("]", 32),
	}
	others := []string{
		``, ` `, `{"a":1}x`, `{"a":1,}`, `[1,]`, `{"\u0061":1}`, `{"한":1}`, `"a\"b"`, `"\u00e9"`, "\"\xff\"",
		`01`, `1.`, `tru`, `nul`, `{"a" 1}`, `{"a":}`, strings.Repeat("[", 33) + strings.Repeat("]", 33),
		strings.Repeat(`{"a":`, 33) + "1" + strings.Repeat("}", 33), "\ufeff{}", `[1 2]`, `{} {}`,
	}
	check := func(body string, mustRead bool) {
		t.Helper()
		got, ok := scanJSON([]byte(body))
		if !ok {
			if mustRead {
				t.Errorf("%q: not read", body)
			}
			return
		}
		want, err := readJSON([]byte(body))
		if err != nil {
			t.Errorf("%q: read as %#v, readJSON fails: %v", body, got, err)
		} else if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %#v, readJSON gives %#v", body, got, want)
		}
	}
	for _, body := range common {
		check(body, true)
		for i := range len(body) {
			check(body[:i], false)
			for _, r := range []byte(`"\{}[],:n0-.eE+ xt` + "\x00\x80") {
				b := []byte(body)
				b[i] = r
				check(string(b), false)
			}
		}
	}
	for _, body := range others {
		check(body, false)
	}
}
