package bithumb

import (
	"bytes"
	"encoding/json"
)

// UnmarshalJSON decodes an order in the v2 shape (order_id, order_type)
// or in the v1 read shape (uuid, ord_type). No capture of POST
// /v2/orders/search is known and its rows may come in either shape, so
// OrderID is taken from uuid and OrderType from ord_type when the v2 name
// is absent; when both names come, the v2 one wins. null leaves o as it
// is, as for any other type.
func (o *OrderV2) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	type plain OrderV2 // without this method
	var v struct {
		plain
		UUID    *string    `json:"uuid"`
		OrdType *OrderType `json:"ord_type"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.OrderID == "" && v.UUID != nil {
		v.OrderID = *v.UUID
	}
	if v.OrderType == "" && v.OrdType != nil {
		v.OrderType = *v.OrdType
	}
	*o = OrderV2(v.plain)
	return nil
}
