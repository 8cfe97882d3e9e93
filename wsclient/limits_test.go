package wsclient

import (
	"errors"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/internal/alloctest"
)

// TestDecodeRejectsHostileNumbers proves that a message carrying a
// 1,000,000-digit number, as a JSON number or a string, or an exponent far
// out of range, fails to decode with decimal.ErrRange (a timestamp with
// an integer error), after allocating a few kilobytes, not gigabytes. The
// messages are in both the DEFAULT and the SIMPLE form. It does not run in
// parallel: it reads the process-wide allocation counter.
func TestDecodeRejectsHostileNumbers(t *testing.T) {
	digits := strings.Repeat("1234567890", 100_000)
	tests := []struct {
		name, msg string
		rangeErr  bool
	}{
		{"ticker trade_price number", `{"type":"ticker","code":"KRW-BTC","trade_price":` + digits + `}`, true},
		{"ticker tp number (SIMPLE)", `{"ty":"ticker","cd":"KRW-BTC","tp":` + digits + `}`, true},
		{"trade trade_price string", `{"type":"trade","code":"KRW-BTC","trade_price":"` + digits + `"}`, true},
		{"trade fraction of a million digits", `{"type":"trade","code":"KRW-BTC","trade_price":0.` + digits + `}`, true},
		{"ticker tiny exponent", `{"type":"ticker","code":"KRW-BTC","trade_price":1e-65536}`, true},
		{"ticker huge exponent", `{"type":"ticker","code":"KRW-BTC","trade_price":1E+999999999}`, true},
		{"myAsset balance string", `{"type":"myAsset","assets":[{"currency":"KRW","balance":"` + digits + `","locked":"0"}]}`, true},
		{"ticker timestamp", `{"type":"ticker","code":"KRW-BTC","timestamp":` + digits + `}`, false},
	}
	dec := newDecoder(false)
	for _, tt := range tests {
		msg := []byte(tt.msg)
		_, _, err := dec.decode(msg)
		if err == nil || tt.rangeErr && !errors.Is(err, decimal.ErrRange) {
			t.Errorf("%s: error = %.300v, want decimal.ErrRange", tt.name, err)
			continue
		}
		if n := len(err.Error()); n > 512 {
			t.Errorf("%s: the error message is %d bytes long", tt.name, n)
		}
		if b := alloctest.LeastHeapBytes(func() { _, _, _ = dec.decode(msg) }); b > 16<<10 {
			t.Errorf("%s: decoding allocated %d bytes", tt.name, b)
		}
	}
	// The decoder is still usable, and the longest real values decode.
	ev, _, err := dec.decode([]byte(`{"type":"ticker","code":"KRW-BTC","trade_price":1.76373410121466379999997512,"trade_volume":1.4E-7}`))
	if err != nil {
		t.Fatal(err)
	}
	if tk := ev.(*Ticker); tk.TradePrice.String() != "1.76373410121466379999997512" || tk.TradeVolume.String() != "0.00000014" {
		t.Errorf("decoded %s and %s", tk.TradePrice, tk.TradeVolume)
	}
}
