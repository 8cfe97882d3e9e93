package bithumb

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// withClientOrderIDs returns the JSON body of a placeOrder or
// placeOrderBatch raw request with a generated client order id (see
// NewClientOrderID) in every order that has none, and the client order
// ids of all its orders, in order. An order that has one keeps it; a
// body in which every order has one is returned as it is, byte for byte.
// Only the orders are touched: a missing id is added as the order
// object's last member. A body that is not the expected JSON object is
// returned as it is, without ids, for the spec check to refuse.
func withClientOrderIDs(operationID string, body []byte) ([]byte, []string, error) {
	switch operationID {
	case "placeOrder":
		order, id, err := orderWithID(body)
		if err != nil || order == nil {
			return body, nil, err
		}
		return order, []string{id}, nil
	case "placeOrderBatch":
		return batchWithIDs(body)
	}
	return body, nil, nil
}

// orderWithID returns order with a client_order_id, and that id. It
// returns nil and no error when order is not a JSON object, or when its
// client_order_id is there but not a non-empty string.
func orderWithID(order json.RawMessage) (json.RawMessage, string, error) {
	var members map[string]json.RawMessage
	if json.Unmarshal(order, &members) != nil || members == nil {
		return nil, "", nil
	}
	if raw, ok := members["client_order_id"]; ok {
		var id string
		if json.Unmarshal(raw, &id) != nil || id == "" {
			return nil, "", nil
		}
		return order, id, nil
	}
	id, err := NewClientOrderID()
	if err != nil {
		return nil, "", err
	}
	trimmed := bytes.TrimRight(order, " \t\r\n")
	out := append([]byte(nil), trimmed[:len(trimmed)-1]...) // without the closing brace
	if len(members) > 0 {
		out = append(out, ',')
	}
	out = fmt.Appendf(out, `"client_order_id":%q}`, id)
	return out, id, nil
}

// batchWithIDs is withClientOrderIDs for placeOrderBatch: the members of
// the body keep their order and bytes, batch_orders gets its orders with
// ids.
func batchWithIDs(body []byte) ([]byte, []string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return body, nil, nil
	}
	type member struct {
		key   string
		value json.RawMessage
	}
	var members []member
	var ids []string
	changed := false
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		var value json.RawMessage
		if err != nil || !ok || dec.Decode(&value) != nil {
			return body, nil, nil
		}
		if key == "batch_orders" {
			var orders []json.RawMessage
			if json.Unmarshal(value, &orders) != nil {
				return body, nil, nil
			}
			for i, o := range orders {
				withID, id, err := orderWithID(o)
				if err != nil {
					return nil, nil, err
				}
				if withID == nil {
					return body, nil, nil
				}
				changed = changed || !bytes.Equal(withID, o)
				orders[i] = withID
				ids = append(ids, id)
			}
			items := make([][]byte, len(orders))
			for i, o := range orders {
				items[i] = o
			}
			value = append(append([]byte{'['}, bytes.Join(items, []byte{','})...), ']')
		}
		members = append(members, member{key, value})
	}
	if !changed {
		return body, ids, nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONKey(&b, m.key)
		b.Write(m.value)
	}
	b.WriteByte('}')
	return b.Bytes(), ids, nil
}

// writeJSONKey writes key as a JSON string and a colon, leaving <, > and
// & as they are.
func writeJSONKey(b *bytes.Buffer, key string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(key)     // a string always encodes; writes to a Buffer never fail
	b.Truncate(b.Len() - 1) // Encode's newline
	b.WriteByte(':')
}
