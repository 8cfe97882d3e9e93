package bithumb

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"
)

// TestSearchOrdersReadsBothRowShapes: no capture of POST
// /v2/orders/search is known, so a row may come in the v2 shape
// (order_id, order_type) or in the v1 read shape (uuid, ord_type); both
// decode into the same OrderV2.
func TestSearchOrdersReadsBothRowShapes(t *testing.T) {
	t.Parallel()
	const common = `"side":"bid","price":"50000000","state":"wait","market":"KRW-BTC","created_at":"2026-04-06T12:00:00+09:00",` +
		`"volume":"0.001","remaining_volume":"0.001","reserved_fee":"25","remaining_fee":"25","paid_fee":"0","locked":"50025",` +
		`"executed_volume":"0","trades_count":0,"client_order_id":"c-1","stp_type":"cancel_taker"`
	for _, tt := range []struct{ name, body string }{
		{"v2 names", `[{"order_id":"C0101000007410714029","order_type":"limit",` + common + `}]`},
		{"v1 names", `[{"uuid":"C0101000007410714029","ord_type":"limit",` + common + `}]`},
		{"both names, v2 wins", `[{"order_id":"C0101000007410714029","uuid":"C0101000000000000001","order_type":"limit","ord_type":"price",` + common + `}]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, 200, tt.body)
			c := newTestClient(t, f.URL)
			rows, err := c.SearchOrders(context.Background(), SearchOrdersRequest{ClientOrderIds: []string{"c-1"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 {
				t.Fatalf("%d rows", len(rows))
			}
			o := rows[0]
			if o.OrderID != "C0101000007410714029" || o.OrderType != OrderTypeLimit {
				t.Errorf("order_id %q order_type %q, want C0101000007410714029 limit", o.OrderID, o.OrderType)
			}
			if o.ClientOrderID == nil || *o.ClientOrderID != "c-1" || !o.Locked.Equal(decimal.MustParse("50025")) || o.StpType == nil {
				t.Errorf("other fields lost: %+v", o)
			}
		})
	}
}

// TestOrderV2UnmarshalNull: null leaves the value as it is, as for any
// type without its own UnmarshalJSON.
func TestOrderV2UnmarshalNull(t *testing.T) {
	o := OrderV2{OrderID: "C1"}
	if err := json.Unmarshal([]byte(` null `), &o); err != nil || o.OrderID != "C1" {
		t.Errorf("null: %+v %v", o, err)
	}
	var page OrderPage
	if err := json.Unmarshal([]byte(`{"data":[null,{"uuid":"C2","ord_type":"best"}],"has_next":false}`), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 2 || page.Data[0].OrderID != "" || page.Data[1].OrderID != "C2" || page.Data[1].OrderType != OrderTypeBest {
		t.Errorf("page %+v", page.Data)
	}
	if err := json.Unmarshal([]byte(`{"order_id":1}`), &o); err == nil {
		t.Error("a number as order_id decoded")
	}
}
