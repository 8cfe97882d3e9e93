package wire_test

import (
	"encoding/json"
	"fmt"

	"github.com/bithumb-go/bithumb/wire"
)

func ExampleTimestamp() {
	// Milliseconds or microseconds, as a number or a string.
	var v struct {
		A wire.Timestamp `json:"a"`
		B wire.Timestamp `json:"b"`
	}
	_ = json.Unmarshal([]byte(`{"a":1756135632646,"b":"1756135632646123"}`), &v)
	fmt.Println(v.A, v.B)
	// Output: 2025-08-25T15:27:12.646Z 2025-08-25T15:27:12.646Z
}

func ExampleInt64() {
	// sequential_id exceeds 2^53: float64 would round it.
	var id wire.Int64
	_ = json.Unmarshal([]byte(`17853976619640001`), &id)
	fmt.Println(id.Value())
	// Output: 17853976619640001
}
