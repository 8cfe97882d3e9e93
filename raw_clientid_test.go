package bithumb

import (
	"strings"
	"testing"
)

func TestWithClientOrderIDs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		op, body, want string // want: the body with "ID" for each generated id
		ids            int
	}{
		{"placeOrder", `{"market":"KRW-BTC","client_order_id":"mine"}`, `{"market":"KRW-BTC","client_order_id":"mine"}`, 1},
		{"placeOrder", "{\"price\": 1.50 }\n", `{"price": 1.50 ,"client_order_id":"ID"}`, 1},
		{"placeOrder", `{}`, `{"client_order_id":"ID"}`, 1},
		{"placeOrder", `{"client_order_id":""}`, `{"client_order_id":""}`, 0}, // left to the spec check
		{"placeOrder", `[1]`, `[1]`, 0},
		{"placeOrderBatch", `{"a&b": 1e400, "batch_orders": [{"client_order_id":"x"}, {"v":"<1>"}], "z":null}`,
			`{"a&b":1e400,"batch_orders":[{"client_order_id":"x"},{"v":"<1>","client_order_id":"ID"}],"z":null}`, 2},
		{"placeOrderBatch", `{"batch_orders": [{"client_order_id":"x"}] }`, `{"batch_orders": [{"client_order_id":"x"}] }`, 1},
		{"placeOrderBatch", `{"batch_orders": 3}`, `{"batch_orders": 3}`, 0},
		{"getOrder", `{}`, `{}`, 0},
	} {
		got, ids, err := withClientOrderIDs(tc.op, []byte(tc.body))
		if err != nil || len(ids) != tc.ids {
			t.Errorf("%s %s: ids %v, err %v; want %d ids", tc.op, tc.body, ids, err, tc.ids)
			continue
		}
		want := tc.want
		for _, id := range ids {
			if strings.HasPrefix(id, "bgo") {
				want = strings.Replace(want, `"ID"`, `"`+id+`"`, 1)
			}
		}
		if string(got) != want {
			t.Errorf("%s %s:\n got %s\nwant %s", tc.op, tc.body, got, want)
		}
	}
}
