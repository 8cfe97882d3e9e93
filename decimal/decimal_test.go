package decimal

import (
	"encoding/json"
	"errors"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestParseAndString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		scale    int32
	}{
		{"0", "0", 0},
		{"-0", "0", 0},
		{"0.0025", "0.0025", 4},
		{"5.6370", "5.6370", 4},
		{"905111.9000", "905111.9000", 4},
		{"157450000", "157450000", 0},
		{"-330000", "-330000", 0},
		{"1.4E-7", "0.00000014", 8},
		{"-2.7E-7", "-0.00000027", 8},
		{"1e3", "1000", 0},
		{"1E+3", "1000", 0},
		{"+12.5", "12.5", 1},
		{"17853976619640000", "17853976619640000", 0},
		{"1.76373410121466379999997512", "1.76373410121466379999997512", 26},
		{"123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789", 9},
		{"18446744073709551615", "18446744073709551615", 0}, // max uint64
		{"18446744073709551616", "18446744073709551616", 0}, // one more: big path
		{"-0.000000000000000000000000000001", "-0.000000000000000000000000000001", 30},
		{"00012", "12", 0},
	}
	for _, tt := range tests {
		d, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := d.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		if got := d.Scale(); got != tt.scale {
			t.Errorf("Parse(%q).Scale() = %d, want %d", tt.in, got, tt.scale)
		}
		// The value is exactly the one written, compared with big.Rat.
		want, ok := new(big.Rat).SetString(tt.in)
		if !ok {
			t.Fatalf("big.Rat cannot parse %q", tt.in)
		}
		if d.Rat().Cmp(want) != 0 {
			t.Errorf("Parse(%q) = %s, want value %s", tt.in, d.Rat().RatString(), want.RatString())
		}
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "-", "+", ".", "1.", ".5", "1..2", "1.2.3", "1e", "1e+", "e5", "1,000", " 1", "1 ", "NaN", "Inf", "0x10", "--1", "1_000", "１"} {
		_, err := Parse(in)
		if !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) error = %v, want ErrSyntax", in, err)
		}
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	if got := New(12345, -2).String(); got != "123.45" {
		t.Errorf("New(12345,-2) = %s", got)
	}
	if got := New(-5, 2).String(); got != "-500" {
		t.Errorf("New(-5,2) = %s", got)
	}
	if got := New(-9223372036854775808, 0).String(); got != "-9223372036854775808" {
		t.Errorf("New(MinInt64) = %s", got)
	}
	if got := NewFromBigInt(big.NewInt(-42), -1).String(); got != "-4.2" {
		t.Errorf("NewFromBigInt = %s", got)
	}
}

func TestJSONRoundTripKeepsFormAndDigits(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, out string }{
		{`1.76373410121466379999997512`, `1.76373410121466379999997512`},
		{`"1.76373410121466379999997512"`, `"1.76373410121466379999997512"`},
		{`17853976619640000`, `17853976619640000`},
		{`5.6370`, `5.6370`},
		{`"0.0025"`, `"0.0025"`},
		{`"50000000.0"`, `"50000000.0"`},
		{`1.4E-7`, `0.00000014`},
		{`-2.7E-7`, `-0.00000027`},
		{`0`, `0`},
	}
	for _, tt := range tests {
		var d Decimal
		if err := json.Unmarshal([]byte(tt.in), &d); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != tt.out {
			t.Errorf("round trip %s -> %s, want %s", tt.in, out, tt.out)
		}
		want, _ := new(big.Rat).SetString(strings.Trim(tt.in, `"`))
		if d.Rat().Cmp(want) != 0 {
			t.Errorf("%s decoded to a different value: %s", tt.in, d)
		}
	}
}

func TestJSONNullAndErrors(t *testing.T) {
	t.Parallel()
	d := MustParse("7")
	if err := json.Unmarshal([]byte(`null`), &d); err != nil || d.String() != "7" {
		t.Errorf("null: d=%s err=%v, want unchanged", d, err)
	}
	var p *Decimal
	if err := json.Unmarshal([]byte(`null`), &p); err != nil || p != nil {
		t.Errorf("null into *Decimal: %v %v", p, err)
	}
	for _, in := range []string{`"abc"`, `""`, `true`, `"1.2.3"`, `{}`} {
		var d Decimal
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("Unmarshal(%s) succeeded with %s", in, d)
		}
	}
}

func TestGoValuesMarshalAsStrings(t *testing.T) {
	t.Parallel()
	b, _ := json.Marshal(struct {
		P Decimal `json:"price"`
		N Decimal `json:"n"`
		Z Decimal `json:"z"`
	}{MustParse("84000000"), MustParse("0.001").AsNumber(), Decimal{}})
	if got, want := string(b), `{"price":"84000000","n":0.001,"z":"0"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	var d Decimal
	_ = json.Unmarshal([]byte(`12.5`), &d)
	if !d.IsJSONNumber() || d.AsString().IsJSONNumber() {
		t.Error("AsString/IsJSONNumber do not track the JSON form")
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	var d Decimal
	if err := d.UnmarshalText([]byte("1.50")); err != nil {
		t.Fatal(err)
	}
	b, _ := d.MarshalText()
	if string(b) != "1.50" {
		t.Errorf("MarshalText = %s", b)
	}
	if err := d.UnmarshalText([]byte("x")); !errors.Is(err, ErrSyntax) {
		t.Errorf("UnmarshalText(x) = %v", err)
	}
}

func TestCmp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"1.0", "1.00", 0},
		{"1", "2", -1},
		{"-1", "-2", 1},
		{"0", "-0.0", 0},
		{"-0.1", "0", -1},
		{"99999999999999999999999", "99999999999999999999998", 1},
		{"0.00000014", "1.4E-7", 0},
		{"18446744073709551615", "18446744073709551616", -1},
	}
	for _, tt := range tests {
		if got := MustParse(tt.a).Cmp(MustParse(tt.b)); got != tt.want {
			t.Errorf("Cmp(%s,%s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if MustParse("1.0").Identical(MustParse("1.00")) || !MustParse("1.0").Equal(MustParse("1.00")) {
		t.Error("Identical/Equal confuse scale and value")
	}
}

// randomDecimal returns a random decimal of up to 30 digits, sometimes
// with a coefficient beyond uint64.
func randomDecimal(r *rand.Rand) Decimal {
	n := 1 + r.IntN(30)
	var b strings.Builder
	if r.IntN(2) == 0 {
		b.WriteByte('-')
	}
	b.WriteByte(byte('1' + r.IntN(9)))
	for range n - 1 {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	s := b.String()
	if frac := r.IntN(len(s)); frac > 0 && s[len(s)-frac-1] != '-' {
		s = s[:len(s)-frac] + "." + s[len(s)-frac:]
	}
	return MustParse(s)
}

func TestArithmeticMatchesBigRat(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		a, b := randomDecimal(r), randomDecimal(r)
		check := func(op string, got Decimal, want *big.Rat) {
			t.Helper()
			if got.Rat().Cmp(want) != 0 {
				t.Fatalf("#%d %s %s %s = %s, want %s", i, a, op, b, got, want.FloatString(40))
			}
		}
		check("+", a.Add(b), new(big.Rat).Add(a.Rat(), b.Rat()))
		check("-", a.Sub(b), new(big.Rat).Sub(a.Rat(), b.Rat()))
		check("*", a.Mul(b), new(big.Rat).Mul(a.Rat(), b.Rat()))
		if got, want := a.Cmp(b), a.Rat().Cmp(b.Rat()); got != want {
			t.Fatalf("Cmp(%s,%s) = %d, want %d", a, b, got, want)
		}
		// Division truncated to 12 places differs from the exact quotient
		// by less than one unit in the last place.
		q := a.Div(b, 12, Down)
		diff := new(big.Rat).Sub(new(big.Rat).Quo(a.Rat(), b.Rat()), q.Rat())
		ulp := new(big.Rat).SetFrac64(1, 1_000_000_000_000)
		if diff.Abs(diff).Cmp(ulp) >= 0 {
			t.Fatalf("Div(%s,%s,12) = %s is off by %s", a, b, q, diff.FloatString(20))
		}
	}
}

func TestRound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		scale int32
		mode  RoundingMode
		want  string
	}{
		{"1.25", 1, HalfUp, "1.3"},
		{"1.25", 1, HalfEven, "1.2"},
		{"1.35", 1, HalfEven, "1.4"},
		{"-1.25", 1, HalfUp, "-1.3"},
		{"1.29", 1, Down, "1.2"},
		{"-1.29", 1, Down, "-1.2"},
		{"1.21", 1, Up, "1.3"},
		{"-1.21", 1, Floor, "-1.3"},
		{"1.21", 1, Floor, "1.2"},
		{"1.21", 1, Ceiling, "1.3"},
		{"-1.29", 1, Ceiling, "-1.2"},
		{"1.2", 3, HalfUp, "1.2"},
		{"1234", -2, HalfUp, "1200"},
		{"1250", -2, HalfUp, "1300"},
		{"0.004", 2, HalfUp, "0.00"},
		{"1.76373410121466379999997512", 8, HalfUp, "1.76373410"},
	}
	for _, tt := range tests {
		if got := MustParse(tt.in).Round(tt.scale, tt.mode).String(); got != tt.want {
			t.Errorf("Round(%s, %d, %d) = %s, want %s", tt.in, tt.scale, tt.mode, got, tt.want)
		}
	}
	if got := MustParse("1.5").StringFixed(3); got != "1.500" {
		t.Errorf("StringFixed = %s", got)
	}
	if got := MustParse("1.5678").StringFixed(2); got != "1.57" {
		t.Errorf("StringFixed = %s", got)
	}
}

func TestDivAndSteps(t *testing.T) {
	t.Parallel()
	if got := MustParse("10").Div(MustParse("3"), 4, HalfUp).String(); got != "3.3333" {
		t.Errorf("10/3 = %s", got)
	}
	if got := MustParse("2").Div(MustParse("3"), 4, HalfUp).String(); got != "0.6667" {
		t.Errorf("2/3 = %s", got)
	}
	if got := MustParse("-2").Div(MustParse("3"), 0, Floor).String(); got != "-1" {
		t.Errorf("-2/3 floor = %s", got)
	}
	if got := MustParse("157451234").RoundToStep(MustParse("1000"), Down).String(); got != "157451000" {
		t.Errorf("tick = %s", got)
	}
	if got := MustParse("0.12345").RoundToStep(MustParse("0.0001"), HalfUp).String(); got != "0.1235" {
		t.Errorf("step = %s", got)
	}
	q, r := MustParse("7.5").QuoRem(MustParse("2"))
	if q.String() != "3" || r.String() != "1.5" {
		t.Errorf("QuoRem = %s, %s", q, r)
	}
	defer func() {
		if recover() == nil {
			t.Error("Div by zero did not panic")
		}
	}()
	MustParse("1").Div(Zero, 2, HalfUp)
}

func TestConversions(t *testing.T) {
	t.Parallel()
	if v, ok := MustParse("17853976619640000").Int64(); !ok || v != 17853976619640000 {
		t.Errorf("Int64 = %d %v", v, ok)
	}
	if v, ok := MustParse("-12.9").Int64(); ok || v != -12 {
		t.Errorf("Int64(-12.9) = %d %v", v, ok)
	}
	if _, ok := MustParse("99999999999999999999").Int64(); ok {
		t.Error("Int64 overflow reported exact")
	}
	if v, ok := MustParse("1E+3").Int64(); !ok || v != 1000 {
		t.Errorf("Int64(1E+3) = %d %v", v, ok)
	}
	if f := MustParse("0.1").InexactFloat64(); f != 0.1 {
		t.Errorf("InexactFloat64 = %v", f)
	}
	if !MustParse("3.000").IsInteger() || MustParse("3.001").IsInteger() {
		t.Error("IsInteger")
	}
	if got := MustParse("5.6370").Normalize().String(); got != "5.637" {
		t.Errorf("Normalize = %s", got)
	}
	if got := MustParse("100.00").Normalize().String(); got != "100" {
		t.Errorf("Normalize = %s", got)
	}
	if got := Sum(MustParse("0.1"), MustParse("0.2")).String(); got != "0.3" {
		t.Errorf("0.1+0.2 = %s", got)
	}
	if Min(MustParse("1"), MustParse("2")).String() != "1" || Max(MustParse("1"), MustParse("2")).String() != "2" {
		t.Error("Min/Max")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1.4E-7", "1.76373410121466379999997512", "17853976619640000", "-0.0", "5.6370", "1e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		want, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("Parse accepted %q, which big.Rat rejects", s)
		}
		if d.Rat().Cmp(want) != 0 {
			t.Fatalf("Parse(%q) = %s, want %s", s, d, want.RatString())
		}
		back, err := Parse(d.String())
		if err != nil || !back.Identical(d) {
			t.Fatalf("String round trip of %q: %q, %v", s, d.String(), err)
		}
	})
}

// Cmp compares by magnitude first: values far apart in size, written with
// exponents, compare as big.Rat compares them, and so do values of the
// same magnitude written at different scales.
func TestCmpAcrossExponents(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		a, b := randomDecimal(r), randomDecimal(r)
		if r.IntN(4) > 0 {
			a = MustParse(a.String() + "E" + strconv.Itoa(r.IntN(81)-40))
		}
		if r.IntN(4) == 0 {
			b = MustParse(a.String() + "0")
		} else if r.IntN(3) > 0 {
			b = MustParse(b.String() + "E" + strconv.Itoa(r.IntN(81)-40))
		}
		if got, want := a.Cmp(b), a.Rat().Cmp(b.Rat()); got != want {
			t.Fatalf("#%d: Cmp(%s, %s) = %d, want %d", i, a, b, got, want)
		}
	}
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"9", "10", -1}, {"10", "9.99", 1}, {"-9", "-10", 1}, {"-10", "-9.99", -1},
		{"1E-30", "1E30", -1}, {"-1E-30", "-1E30", 1}, {"0.0001", "1000000000000000000000000", -1},
		{"10000000000000000000", "9999999999999999999", 1}, {"1E19", "10000000000000000000", 0},
		{"0E5", "0E-5", 0}, {"0", "1E-40", -1},
	} {
		if got := MustParse(tt.a).Cmp(MustParse(tt.b)); got != tt.want {
			t.Errorf("Cmp(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLessThanGreaterThan(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b          string
		less, greater bool
	}{
		{"1.0", "1.00", false, false}, {"1", "2", true, false}, {"2", "1", false, true}, {"-0.1", "0", true, false},
	} {
		a, b := MustParse(tt.a), MustParse(tt.b)
		if a.LessThan(b) != tt.less || a.GreaterThan(b) != tt.greater {
			t.Errorf("%s vs %s: LessThan %v, GreaterThan %v; want %v, %v", tt.a, tt.b, a.LessThan(b), a.GreaterThan(b), tt.less, tt.greater)
		}
	}
}
