package wire

import (
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/internal/alloctest"
)

// TestLongIntegersFailCheaply checks that Int64 and Timestamp reject a
// number of a million digits, as a JSON number or a string, without
// copying it, and still decode the extremes of int64.
func TestLongIntegersFailCheaply(t *testing.T) {
	digits := strings.Repeat("1234567890", 100_000)
	for _, data := range [][]byte{[]byte(digits), []byte(`"` + digits + `"`)} {
		var i Int64
		var ts Timestamp
		for name, f := range map[string]func() error{
			"Int64":     func() error { return i.UnmarshalJSON(data) },
			"Timestamp": func() error { return ts.UnmarshalJSON(data) },
		} {
			if err := f(); err == nil || len(err.Error()) > 200 {
				t.Errorf("%s: error %.300v, want a short error", name, err)
			}
			if b := alloctest.LeastHeapBytes(func() { _ = f() }); b > 4<<10 {
				t.Errorf("%s: allocated %d bytes for a rejected number", name, b)
			}
		}
	}
	for _, s := range []string{"-9223372036854775808", "9223372036854775807", `"-9223372036854775808"`, "00000000000017853976619640000"} {
		var i Int64
		if err := i.UnmarshalJSON([]byte(s)); err != nil {
			t.Errorf("Int64 %s: %v", s, err)
		}
	}
	for _, s := range []string{"9223372036854775808", "-9223372036854775809"} {
		var i Int64
		if err := i.UnmarshalJSON([]byte(s)); err == nil {
			t.Errorf("Int64 %s accepted", s)
		}
	}
}
