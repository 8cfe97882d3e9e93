package decimal

import (
	"encoding/json"
	"errors"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/internal/alloctest"
)

// TestParseLimitsEdges checks the values just inside and just outside
// MaxDigits and MaxScale, in every form an exchange writes numbers.
func TestParseLimitsEdges(t *testing.T) {
	t.Parallel()
	nines := strings.Repeat("9", MaxDigits)
	accept := []string{
		nines,       // 100 digits
		"-" + nines, // sign not counted
		"0." + strings.Repeat("0", MaxScale-1) + "1", // scale 100
		"0." + strings.Repeat("0", MaxScale),         // zero at scale 100
		"9." + strings.Repeat("9", MaxDigits-1),      // 100 digits, scale 99
		strings.Repeat("0", 1000) + "1",              // leading zeros are free
		"0.0000" + nines[:96],                        // 96 significant digits
		"1e99",                                       // 100 digits written out
		"1e-100",
		"1.5e-99",
		"0e100",
		"1.76373410121466379999997512", // 27 significant digits
		"17853976619640000",            // above 2^53
		"1.4E-7", "-2.7E-7", "1E+3",
		"1" + strings.Repeat("0", 40) + "e-40", // the exponent brings it back
	}
	for _, in := range accept {
		d, err := Parse(in)
		if err != nil {
			t.Errorf("Parse(%.40s…) = %v", in, err)
			continue
		}
		want, _ := new(big.Rat).SetString(in)
		if d.Rat().Cmp(want) != 0 {
			t.Errorf("Parse(%.40s…) = %.40s…, wrong value", in, d)
		}
		// The plain notation is bounded and parses back to the same value.
		str := d.String()
		if len(str) > MaxDigits+MaxScale+3 || len(str) > 103 {
			t.Errorf("Parse(%.40s…).String() is %d bytes long", in, len(str))
		}
		if back, err := Parse(str); err != nil || !back.Identical(d) {
			t.Errorf("String round trip of %.40s…: %v", in, err)
		}
	}
	reject := []struct{ in, reason string }{
		{"1" + nines, "significant digits"},
		{"-1" + nines, "significant digits"},
		{"1." + nines, "significant digits"},
		{"0.0" + nines + "1", "significant digits"},
		{"1e100", "too large"},
		{"1.5e100", "too large"},
		{nines + "0", "significant digits"},
		{nines + "e1", "too large"},
		{"0e101", "too large"},
		{"1e-101", "too small"},
		{"1.0e-100", "too small"},
		{"0." + strings.Repeat("0", MaxScale+1), "too small"},
		{"1e-65536", "too small"},
		{"1e65536", "too large"},
		{"1e99999999999999999999999999999999", "too large"},
		{"1e-99999999999999999999999999999999", "too small"},
	}
	for _, tt := range reject {
		_, err := Parse(tt.in)
		if !errors.Is(err, ErrRange) || errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("Parse(%.40s…) error = %v, want ErrRange (%s)", tt.in, err, tt.reason)
		}
		var d Decimal
		if err := json.Unmarshal([]byte(tt.in), &d); !errors.Is(err, ErrRange) {
			t.Errorf("json.Unmarshal(%.40s…) error = %v, want ErrRange", tt.in, err)
		}
		if err := json.Unmarshal([]byte(`"`+tt.in+`"`), &d); !errors.Is(err, ErrRange) {
			t.Errorf(`json.Unmarshal("%.40s…") error = %v, want ErrRange`, tt.in, err)
		}
		if err := d.UnmarshalText([]byte(tt.in)); !errors.Is(err, ErrRange) {
			t.Errorf("UnmarshalText(%.40s…) error = %v, want ErrRange", tt.in, err)
		}
	}
	// Malformed text stays a syntax error even when it is also too long.
	if _, err := Parse(strings.Repeat("1", 1000) + "x"); !errors.Is(err, ErrSyntax) {
		t.Errorf("long malformed text: %v, want ErrSyntax", err)
	}
}

// hostile are inputs that took seconds and gigabytes before parsing was
// bounded: a JSON number of a million digits (as a number, a fraction and
// a string), and exponents far beyond any limit.
func hostile() map[string]string {
	digits := strings.Repeat("1234567890", 100_000)
	return map[string]string{
		"1M-digit integer":    digits,
		"1M-digit fraction":   "0." + digits,
		"1M-digit string":     `"` + digits + `"`,
		"1M zeros":            "0." + strings.Repeat("0", 1_000_000) + "1",
		"1M-digit exponent":   "1e" + digits,
		"huge exponent":       "1e999999999",
		"tiny exponent":       "1e-999999999",
		"exponent of 2^63":    "1e9223372036854775808",
		"1M digits, negative": "-" + digits + "e-5",
	}
}

// TestHostileNumbersFailCheaply proves that a million-digit number or a
// huge exponent returns ErrRange after allocating a few hundred bytes,
// through every entry point. (It does not run in parallel: it reads the
// process-wide allocation counter.)
func TestHostileNumbersFailCheaply(t *testing.T) {
	const maxBytes = 16 << 10
	for name, in := range hostile() {
		text := strings.Trim(in, `"`)
		textBytes := []byte(text)
		data := []byte(in)
		doc := append(append([]byte(`{"p":`), data...), '}')
		var d Decimal
		var v struct {
			P Decimal `json:"p"`
		}
		entries := []struct {
			name string
			f    func() error
			// allocs bounds the allocations of one call (the error
			// message takes a few; more under the race detector); every
			// call stays under maxBytes, a small fraction of the
			// million-byte input.
			allocs float64
		}{
			{"Parse", func() error { _, err := Parse(text); return err }, 16},
			{"UnmarshalText", func() error { return d.UnmarshalText(textBytes) }, 16},
			{"UnmarshalJSON", func() error { return d.UnmarshalJSON(data) }, 16},
			// encoding/json scans the document first and then hands the
			// number to UnmarshalJSON without copying it.
			{"json.Unmarshal", func() error { return json.Unmarshal(doc, &v) }, 32},
		}
		for _, e := range entries {
			if err := e.f(); !errors.Is(err, ErrRange) {
				t.Errorf("%s %s: error = %.200v, want ErrRange", e.name, name, err)
				continue
			}
			if n := testing.AllocsPerRun(2, func() { _ = e.f() }); n > e.allocs {
				t.Errorf("%s %s: %v allocations, want at most %v", e.name, name, n, e.allocs)
			}
			if b := alloctest.LeastHeapBytes(func() { _ = e.f() }); b > maxBytes {
				t.Errorf("%s %s: allocated %d bytes, want at most %d", e.name, name, b, maxBytes)
			}
		}
	}
}

// TestLongCoefficientsExact compares parsing with big.Rat on random
// numbers of 1 to MaxDigits significant digits, with a point anywhere and
// an exponent, so that the word-at-a-time path is checked at every length.
func TestLongCoefficientsExact(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		n := 1 + r.IntN(MaxDigits)
		var b strings.Builder
		if r.IntN(2) == 0 {
			b.WriteByte('-')
		}
		b.WriteString(strings.Repeat("0", r.IntN(3)))
		b.WriteByte(byte('1' + r.IntN(9)))
		for range n - 1 {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		s := b.String()
		if frac := r.IntN(n); frac > 0 {
			s = s[:len(s)-frac] + "." + s[len(s)-frac:]
		}
		if r.IntN(3) == 0 {
			s += "e" + strconv.Itoa(r.IntN(40)-20)
		}
		d, err := Parse(s)
		want, _ := new(big.Rat).SetString(s)
		if err != nil {
			// Only the exponent can push a value of at most MaxDigits
			// digits beyond the limits.
			if !errors.Is(err, ErrRange) || !strings.Contains(s, "e") {
				t.Fatalf("#%d Parse(%s): %v", i, s, err)
			}
			continue
		}
		if d.Rat().Cmp(want) != 0 {
			t.Fatalf("#%d Parse(%s) = %s", i, s, d)
		}
	}
}

// BenchmarkParseHostile measures how fast a million-digit number is
// rejected.
func BenchmarkParseHostile(b *testing.B) {
	in := strings.Repeat("1234567890", 100_000)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Parse(in); !errors.Is(err, ErrRange) {
			b.Fatal(err)
		}
	}
}
