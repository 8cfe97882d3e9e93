package middleware

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/bithumb-go/bithumb/catalog"
)

// scanFields must read what jsonFields reads from the decoded body, for
// every body it accepts; the bodies it must accept are the common ones.
func TestScanFieldsAgreesWithJSONFields(t *testing.T) {
	t.Parallel()
	placement := catalog.AssetSource{In: "body", Market: "market", ClientOrderID: "client_order_id", AnswerID: "order_id"}
	cancel := catalog.AssetSource{In: "body", OrderID: "order_id", ClientOrderID: "client_order_id"}
	common := []string{
		`{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"100000000","volume":"0.0001","client_order_id":"my-order-001"}`,
		` {"market":"KRW-BTC","price":100000000,"volume":1e-4} `,
		`{"order_id":["a","b",null],"client_order_id":"x"}`,
		`{"order_id":"a","order_id":"b"}`,
		`{"client_order_id":null,"market":"BTC-ETH","nested":{"market":"KRW-XRP","list":[1,{"a":[]}]}}`,
		`{"order_id":[]}`, `{}`, `{"":"KRW-BTC","market":""}`,
	}
	others := []string{
		``, `null`, `[]`, `"KRW-BTC"`, `{"market":1}`, `{"market":{}}`, `{"market":true}`, `{"order_id":[1]}`,
		`{"order_id":["a",{}]}`, `{"market":"KRW\u002dBTC"}`, `{"m\u0061rket":"KRW-BTC"}`, `{"market":"KRW-BTC"}x`,
		`{"market":"KRW-BTC",}`, `{"market":"KRW-BTC"`, "\ufeff{}", "{\"market\":\"\xff\"}", `{"x":01}`,
	}
	check := func(body string, mustAccept bool) {
		t.Helper()
		for _, src := range []catalog.AssetSource{placement, cancel} {
			get, ok := scanFields([]byte(body), src)
			if !ok {
				if mustAccept {
					t.Errorf("%s: not read", body)
				}
				continue
			}
			var obj map[string]json.RawMessage
			if err := json.Unmarshal([]byte(body), &obj); err != nil {
				t.Errorf("%s: read, but json.Unmarshal fails: %v", body, err)
				continue
			}
			want := jsonFields(obj)
			for _, name := range []string{src.Market, src.OrderID, src.ClientOrderID} {
				if name != "" && !reflect.DeepEqual(get(name), want(name)) {
					t.Errorf("%s: field %s = %q, jsonFields gives %q", body, name, get(name), want(name))
				}
			}
		}
	}
	for _, body := range common {
		check(body, true)
		for i := range len(body) {
			check(body[:i], false)
			for _, r := range []byte(`"\{}[],:n0 x`) {
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
