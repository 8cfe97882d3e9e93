package middleware

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestCheckResponseSuccessShortcut: a 2xx answer of API 2.0 is decoded a
// second time only when it may hold an "error" member, and that changes
// no result: CheckResponse reports an error exactly when encoding/json
// finds one, whatever the letter case or escaping of the key.
func TestCheckResponseSuccessShortcut(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		body     string
		mayHold  bool
		wantsErr bool
	}{
		{`{"bid_fee":"0.0025","market":{"id":"KRW-BTC","state":"active"}}`, false, false},
		{`[{"market":"KRW-BTC","trade_price":157450000}]`, false, false},
		{`{}`, false, false},
		{`{"error":{"name":"404","message":"Code not found"}}`, true, true},
		{`{"ERROR":{"name":"x"}}`, true, true},
		{`{"Error":{"name":"x"}}`, true, true},
		{`{"\u0065rror":{"name":"x"}}`, true, true},
		{`{"a":"\u0041"}`, true, false},
		{`{"message":"error"}`, true, false},
		{`{"error":null}`, true, false},
		{`{"error":{"message":"no name"}}`, true, false},
		{`{"errors":{"name":"x"}}`, false, false},
	} {
		if got := mayHoldErrorKey([]byte(tt.body)); got != tt.mayHold {
			t.Errorf("mayHoldErrorKey(%s) = %t, want %t", tt.body, got, tt.mayHold)
		}
		var w wireError
		full := json.Unmarshal([]byte(tt.body), &w) == nil && w.Error != nil && len(w.Error.Name) > 0
		if full != tt.wantsErr {
			t.Fatalf("%s: the table is wrong: encoding/json finds an error: %t", tt.body, full)
		}
		resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}}
		if got := CheckResponse(resp, []byte(tt.body), Endpoint{OperationID: "getOrderChance"}); (got != nil) != tt.wantsErr {
			t.Errorf("CheckResponse(200, %s) = %v, want an error: %t", tt.body, got, tt.wantsErr)
		}
	}
}
