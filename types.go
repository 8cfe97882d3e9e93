package bithumb

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ErrorDetailName is the name of an error in a response body, such as the
// Error.Name of a refused cancel in a CancelOrderBatchResponse:
// "order_not_found". Bithumb sends it as a JSON string, except on
// quotation endpoints, which send a JSON number (404); a number is kept as
// its text ("404"). ErrorName(n) makes it an errors.Is target.
type ErrorDetailName string

// UnmarshalJSON accepts a JSON string or a JSON number.
func (n *ErrorDetailName) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = ErrorDetailName(s)
		return nil
	}
	var num json.Number
	if err := json.Unmarshal(b, &num); err != nil {
		return fmt.Errorf("bithumb: an error name must be a JSON string or number: %w", err)
	}
	*n = ErrorDetailName(num)
	return nil
}
