// Package decimal provides Decimal, the exact decimal number used for every
// price, volume, balance and fee in bithumb-go.
//
// Bithumb sends money in two ways: quotation endpoints (ticker, orderbook,
// trades, candles) send JSON numbers, sometimes in exponent notation (1.4E-7)
// or with more than 17 significant digits (1.76373410121466379999997512);
// exchange endpoints (accounts, orders, deposits) send the same values as JSON
// strings ("0.0025"). A float64 loses digits in both cases. Decimal decodes
// both forms without going through a float, keeps every digit including
// trailing zeros ("5.6370" stays "5.6370"), and encodes them back unchanged.
//
// # Representation
//
// A Decimal is sign × coefficient × 10^exponent. Coefficients of up to 19
// digits are stored inline, so decoding the common case allocates nothing;
// longer coefficients fall back to math/big.
//
// # Limits
//
// Parsing text (Parse, UnmarshalText, UnmarshalJSON) accepts a number only
// if, written out in plain notation, it has
//
//   - at most [MaxDigits] (100) digits, not counting leading zeros: this
//     bounds both the coefficient and the magnitude (below 10^100), and
//   - at most [MaxScale] (100) digits after the decimal point (non-zero
//     values are at least 10^-100 in absolute value).
//
// Exponents count: "1e100" has 101 digits written out and is rejected, and
// so is "1e-101". Text outside these limits fails with [ErrRange] after a
// single pass over it, without allocating in proportion to its length: a
// hostile JSON number of a million digits is refused in about a
// millisecond, an exponent such as 1e-999999999 at once, where an unbounded
// parser spends seconds and gigabytes. The String of a parsed value is at
// most 103 bytes long and parses back to the same value. The limits are far beyond any price, volume, balance or fee an
// exchange sends (27 significant digits and 26 decimals are the most seen);
// values built in Go (New, NewFromBigInt, arithmetic) are not limited.
//
// # JSON
//
// UnmarshalJSON accepts a JSON number or a JSON string holding a number.
// MarshalJSON writes the value back in the form it was decoded from: a
// number stays a number, a string stays a string. Values built in Go
// (Parse, New, arithmetic) marshal as JSON strings, which is what Bithumb
// expects in request bodies; use [Decimal.AsNumber] to marshal one as a
// JSON number. JSON null leaves the Decimal unchanged; use *Decimal for
// fields that can be null.
//
// # Arithmetic
//
// Add, Sub and Mul are exact. Division and rounding take an explicit scale
// and [RoundingMode], so no digit is dropped without the caller saying so.
package decimal

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// Decimal is an exact decimal number. The zero value is 0.
//
// Decimal is an immutable value: methods never modify their receiver, and a
// Decimal may be copied and shared between goroutines freely.
type Decimal struct {
	// lo is the coefficient when big is nil.
	lo uint64
	// big is the absolute coefficient when it does not fit in uint64. It is
	// never modified after construction.
	big *big.Int
	// exp is the power of ten: value = ±coefficient × 10^exp. A negative exp
	// is the number of digits after the decimal point.
	exp int32
	// neg reports a negative value. It is false for zero.
	neg bool
	// number reports that MarshalJSON writes a JSON number, not a string.
	number bool
}

// Zero is the Decimal 0.
var Zero = Decimal{}

// ErrSyntax is returned (wrapped) for text that is not a decimal number.
var ErrSyntax = errors.New("decimal: invalid syntax")

// ErrRange is returned (wrapped) for a well-formed number outside the
// limits of parsed text ([MaxDigits], [MaxScale]); the message says which
// limit was exceeded. It does not match [ErrSyntax].
var ErrRange = errors.New("decimal: out of range")

// Limits of parsed text; see "Limits" in the package documentation.
const (
	// MaxDigits is the most digits a parsed number may have written out
	// in plain notation, leading zeros not counted (trailing zeros and the
	// zeros a positive exponent stands for are counted).
	MaxDigits = 100
	// MaxScale is the most digits after the decimal point a parsed number
	// may have, counting the places a negative exponent adds.
	MaxScale = 100
)

// Reasons for ErrRange, returned unwrapped by parse.
var (
	errTooManyDigits = fmt.Errorf("more than %d significant digits", MaxDigits)
	errTooLarge      = fmt.Errorf("exponent too large: more than %d digits before the decimal point", MaxDigits)
	errTooSmall      = fmt.Errorf("exponent too small: more than %d digits after the decimal point", MaxScale)
)

// expCap is where parse stops accumulating an exponent: no input shorter
// than a terabyte has enough fraction digits to bring a larger exponent
// back within the limits, and the arithmetic cannot overflow.
const expCap = 1 << 40

// New returns coefficient × 10^exp. New(12345, -2) is 123.45.
func New(coefficient int64, exp int32) Decimal {
	d := Decimal{exp: exp}
	if coefficient < 0 {
		d.neg = true
		d.lo = uint64(-(coefficient + 1)) + 1 // safe for math.MinInt64
	} else {
		d.lo = uint64(coefficient)
	}
	return d.normSign()
}

// NewFromInt returns the integer v as a Decimal.
func NewFromInt(v int64) Decimal { return New(v, 0) }

// NewFromBigInt returns coefficient × 10^exp. The big.Int is copied.
func NewFromBigInt(coefficient *big.Int, exp int32) Decimal {
	abs := new(big.Int).Abs(coefficient)
	return fromBig(abs, exp, coefficient.Sign() < 0)
}

// Parse parses a decimal number such as "123.45", "-0.00000014", "1.4E-7"
// or "17853976619640000". It accepts an optional leading sign, digits with
// an optional fraction, and an optional exponent. It does not accept
// spaces, thousands separators, "NaN" or "Inf". Malformed text fails with
// [ErrSyntax]; a number beyond [MaxDigits] or [MaxScale] fails with
// [ErrRange].
func Parse(s string) (Decimal, error) {
	d, err := parse(s)
	if err != nil {
		return Decimal{}, parseError(err, s, true)
	}
	return d, nil
}

// MustParse is like Parse but panics on invalid input. It is meant for
// constants in tests and examples.
func MustParse(s string) Decimal {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// parseError wraps an error of parse with the start of the input, quoted
// with %q when quote is set.
func parseError[T string | []byte](err error, s T, quote bool) error {
	verb := "%s"
	if quote {
		verb = "%q"
	}
	if err == ErrSyntax {
		return fmt.Errorf("%w: "+verb, ErrSyntax, truncate(s))
	}
	return fmt.Errorf("%w: %v: "+verb, ErrRange, err, truncate(s))
}

// parse is the core of Parse. It returns ErrSyntax or one of the ErrRange
// reasons unwrapped. It reads the input once, and allocates nothing for
// inputs with at most 19 significant digits (which always fit in a
// uint64); longer coefficients, at most MaxDigits, take two small
// allocations.
func parse[T string | []byte](s T) (Decimal, error) {
	var d Decimal
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		d.neg = s[i] == '-'
		i++
	}
	intStart := i
	for i < len(s) && s[i] == '0' {
		i++
	}
	// sigStart is the first significant (non-zero) digit, once found.
	sigStart := i
	var coef uint64
	for ; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			break
		}
		coef = coef*10 + uint64(c) // wraps past 19 digits; then unused
	}
	if i == intStart {
		return Decimal{}, ErrSyntax // "", "-", ".5", "e5"
	}
	sig := i - sigStart
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		fracStart := i
		if sig == 0 {
			for i < len(s) && s[i] == '0' {
				i++
			}
			sigStart = i
		}
		for ; i < len(s); i++ {
			c := s[i] - '0'
			if c > 9 {
				break
			}
			coef = coef*10 + uint64(c)
		}
		fracDigits = i - fracStart
		if fracDigits == 0 {
			return Decimal{}, ErrSyntax // "1."
		}
		if sig > 0 {
			sig += fracDigits
		} else {
			sig = i - sigStart
		}
	}
	mantissaEnd := i
	exp := int64(0)
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return Decimal{}, ErrSyntax
		}
		i++
		expNeg := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			expNeg = s[i] == '-'
			i++
		}
		if i == len(s) {
			return Decimal{}, ErrSyntax
		}
		for ; i < len(s); i++ {
			c := s[i] - '0'
			if c > 9 {
				return Decimal{}, ErrSyntax
			}
			if exp < expCap {
				exp = exp*10 + int64(c)
			}
		}
		if expNeg {
			exp = -exp
		}
	}
	exp -= int64(fracDigits)
	switch {
	case sig > MaxDigits:
		return Decimal{}, errTooManyDigits
	case exp > int64(MaxDigits-sig):
		return Decimal{}, errTooLarge
	case exp < -MaxScale:
		return Decimal{}, errTooSmall
	}
	d.exp = int32(exp)
	if sig <= 19 {
		d.lo = coef
		return d.normSign(), nil
	}
	return fromBig(bigFromDigits(s[sigStart:mantissaEnd], sig), d.exp, d.neg), nil
}

// chunkDigits is how many decimal digits always fit in a big.Word: 19 on
// 64-bit platforms, 9 on 32-bit ones.
const chunkDigits = 9 + 10*(bits.UintSize/64)

// pow10Word[n] is 10^n for n <= chunkDigits.
var pow10Word = func() (t [chunkDigits + 1]big.Word) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return t
}()

// bigFromDigits returns the value of the digits of s (a '.' among them is
// skipped), which hold sig digits. It multiplies the words in place, a
// chunk of digits at a time, into a slice sized for sig digits.
func bigFromDigits[T string | []byte](s T, sig int) *big.Int {
	// 10^sig < 2^(sig × 3.3220).
	words := make([]big.Word, 0, sig*3322/1000/bits.UintSize+2)
	var acc big.Word
	n := 0
	for j := 0; j < len(s); j++ {
		c := s[j]
		if c == '.' {
			continue
		}
		acc = acc*10 + big.Word(c-'0')
		if n++; n == chunkDigits {
			words = mulAddWord(words, pow10Word[n], acc)
			acc, n = 0, 0
		}
	}
	if n > 0 {
		words = mulAddWord(words, pow10Word[n], acc)
	}
	return new(big.Int).SetBits(words)
}

// mulAddWord returns z×m + a for the little-endian natural number z,
// reusing z's storage.
func mulAddWord(z []big.Word, m, a big.Word) []big.Word {
	carry := uint(a)
	for i := range z {
		hi, lo := bits.Mul(uint(z[i]), uint(m))
		lo, c := bits.Add(lo, carry, 0)
		z[i] = big.Word(lo)
		carry = hi + c
	}
	if carry != 0 {
		z = append(z, big.Word(carry))
	}
	return z
}

// fromBig builds a Decimal from an absolute coefficient, moving it inline
// when it fits.
func fromBig(abs *big.Int, exp int32, neg bool) Decimal {
	d := Decimal{exp: exp, neg: neg}
	if abs.IsUint64() {
		d.lo = abs.Uint64()
	} else {
		d.big = abs
	}
	return d.normSign()
}

func (d Decimal) normSign() Decimal {
	if d.big == nil && d.lo == 0 {
		d.neg = false
	}
	return d
}

// truncate returns the start of s for an error message, without copying
// the rest.
func truncate[T string | []byte](s T) string {
	if len(s) > 64 {
		return string(s[:64]) + "..."
	}
	return string(s)
}

// coefficient returns the absolute coefficient as a new big.Int.
func (d Decimal) coefficient() *big.Int {
	if d.big != nil {
		return new(big.Int).Set(d.big)
	}
	return new(big.Int).SetUint64(d.lo)
}

// signedCoefficient returns ±coefficient as a new big.Int.
func (d Decimal) signedCoefficient() *big.Int {
	c := d.coefficient()
	if d.neg {
		c.Neg(c)
	}
	return c
}

// Coefficient returns the signed coefficient c such that d = c × 10^Exponent().
func (d Decimal) Coefficient() *big.Int { return d.signedCoefficient() }

// Exponent returns the power of ten of d's representation. For "5.6370" it
// is -4.
func (d Decimal) Exponent() int32 { return d.exp }

// Scale returns the number of digits after the decimal point as written:
// 4 for "5.6370", 0 for "100" and for "1E+2".
func (d Decimal) Scale() int32 {
	if d.exp >= 0 {
		return 0
	}
	return -d.exp
}

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int {
	switch {
	case d.IsZero():
		return 0
	case d.neg:
		return -1
	default:
		return 1
	}
}

// IsZero reports whether d is 0 (at any scale: "0.000" is zero).
func (d Decimal) IsZero() bool { return d.big == nil && d.lo == 0 }

// IsNegative reports whether d < 0.
func (d Decimal) IsNegative() bool { return d.neg }

// IsPositive reports whether d > 0.
func (d Decimal) IsPositive() bool { return !d.neg && !d.IsZero() }

// IsInteger reports whether d has no fractional part.
func (d Decimal) IsInteger() bool {
	if d.exp >= 0 || d.IsZero() {
		return true
	}
	_, r := new(big.Int).QuoRem(d.coefficient(), pow10(-d.exp), new(big.Int))
	return r.Sign() == 0
}

// String returns d in plain decimal notation without an exponent, keeping
// trailing zeros: "5.6370", "0.00000014", "-330000", "1000" for "1E+3".
func (d Decimal) String() string {
	return string(d.appendText(nil))
}

// appendText appends the plain notation of d to b.
func (d Decimal) appendText(b []byte) []byte {
	if d.neg {
		b = append(b, '-')
	}
	var digits []byte
	var buf [20]byte
	if d.big == nil {
		digits = strconv.AppendUint(buf[:0], d.lo, 10)
	} else {
		digits = d.big.Append(buf[:0], 10)
	}
	switch {
	case d.exp >= 0:
		b = append(b, digits...)
		if d.lo != 0 || d.big != nil {
			for range d.exp {
				b = append(b, '0')
			}
		}
	default:
		frac := int(-d.exp)
		if len(digits) > frac {
			point := len(digits) - frac
			b = append(b, digits[:point]...)
			b = append(b, '.')
			b = append(b, digits[point:]...)
		} else {
			b = append(b, '0', '.')
			for range frac - len(digits) {
				b = append(b, '0')
			}
			b = append(b, digits...)
		}
	}
	return b
}

// StringFixed returns d rounded half away from zero to scale digits after
// the point, always printing exactly that many: MustParse("1.5").StringFixed(2)
// is "1.50".
func (d Decimal) StringFixed(scale int32) string {
	return d.Round(scale, HalfUp).rescale(-scale).String()
}

// MarshalText implements encoding.TextMarshaler with [Decimal.String].
func (d Decimal) MarshalText() ([]byte, error) { return d.appendText(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse], limits
// included.
func (d *Decimal) UnmarshalText(text []byte) error {
	v, err := parse(text)
	if err != nil {
		return parseError(err, text, true)
	}
	*d = v
	return nil
}

// MarshalJSON implements json.Marshaler. It writes a JSON number when d was
// decoded from a JSON number or marked with [Decimal.AsNumber], and a JSON
// string otherwise.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d.number {
		return d.appendText(nil), nil
	}
	b := make([]byte, 0, 24)
	b = append(b, '"')
	b = d.appendText(b)
	return append(b, '"'), nil
}

// UnmarshalJSON implements json.Unmarshaler. It accepts a JSON number or a
// JSON string holding a number, and remembers which one it was. JSON null
// is a no-op. A number beyond the limits of Parse fails with [ErrRange].
func (d *Decimal) UnmarshalJSON(data []byte) error {
	if len(data) == 4 && string(data) == "null" {
		return nil
	}
	number := true
	if len(data) >= 2 && data[0] == '"' && data[len(data)-1] == '"' {
		data = data[1 : len(data)-1]
		number = false
	}
	v, err := parse(data)
	if err != nil {
		return parseError(err, data, false)
	}
	v.number = number
	*d = v
	return nil
}

// AsNumber returns d marked to marshal as a JSON number instead of a JSON
// string. The value is unchanged.
func (d Decimal) AsNumber() Decimal { d.number = true; return d }

// AsString returns d marked to marshal as a JSON string. The value is
// unchanged.
func (d Decimal) AsString() Decimal { d.number = false; return d }

// IsJSONNumber reports whether d marshals as a JSON number.
func (d Decimal) IsJSONNumber() bool { return d.number }

// Int64 returns the integer part of d (truncated toward zero) and whether
// the conversion was exact: false if d had a fractional part or does not
// fit in an int64.
func (d Decimal) Int64() (int64, bool) {
	t := d.Truncate(0)
	c := t.signedCoefficient()
	if t.exp > 0 {
		c.Mul(c, pow10(t.exp))
	}
	if !c.IsInt64() {
		return 0, false
	}
	return c.Int64(), t.Cmp(d) == 0
}

// InexactFloat64 returns the nearest float64 to d. It loses digits by
// design; never use it for money, only for display or statistics.
func (d Decimal) InexactFloat64() float64 {
	// ParseFloat fails only on overflow, and then returns ±Inf, which is
	// the nearest float64.
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

// Rat returns d as a new big.Rat.
func (d Decimal) Rat() *big.Rat {
	r := new(big.Rat).SetInt(d.signedCoefficient())
	switch {
	case d.exp > 0:
		r.Mul(r, new(big.Rat).SetInt(pow10(d.exp)))
	case d.exp < 0:
		r.Quo(r, new(big.Rat).SetInt(pow10(-d.exp)))
	}
	return r
}

var pow10Cache = func() [20]*big.Int {
	var t [20]*big.Int
	v := big.NewInt(1)
	for i := range t {
		t[i] = new(big.Int).Set(v)
		v.Mul(v, big.NewInt(10))
	}
	return t
}()

// pow10 returns 10^n for n >= 0. The result must not be modified.
func pow10(n int32) *big.Int {
	if n < int32(len(pow10Cache)) {
		return pow10Cache[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// rescale returns d with exponent exp, which must be <= d.exp (so that no
// digit is lost).
func (d Decimal) rescale(exp int32) Decimal {
	if exp >= d.exp {
		return d
	}
	shift := d.exp - exp
	if d.big == nil && shift < 20 {
		hi, lo := bits.Mul64(d.lo, pow10Cache[shift].Uint64())
		if hi == 0 {
			return Decimal{lo: lo, exp: exp, neg: d.neg, number: d.number}
		}
	}
	c := d.coefficient()
	c.Mul(c, pow10(shift))
	r := fromBig(c, exp, d.neg)
	r.number = d.number
	return r
}

// align returns a and b rescaled to the same exponent.
func align(a, b Decimal) (Decimal, Decimal) {
	switch {
	case a.exp > b.exp:
		return a.rescale(b.exp), b
	case b.exp > a.exp:
		return a, b.rescale(a.exp)
	}
	return a, b
}

// Cmp compares d and e: -1 if d < e, 0 if equal in value, +1 if d > e.
// "1.0" and "1.00" are equal.
func (d Decimal) Cmp(e Decimal) int {
	if ds, es := d.Sign(), e.Sign(); ds != es {
		if ds < es {
			return -1
		}
		return 1
	}
	if d.big == nil && e.big == nil && d.lo != 0 {
		// Nonzero coefficients of k digits lie in [10^(k-1), 10^k): values
		// whose digits and exponent add up differently differ in magnitude,
		// and need no rescaling (which may take a big.Int) to compare.
		if dm, em := decimalDigits(d.lo)+int(d.exp), decimalDigits(e.lo)+int(e.exp); dm != em {
			if (dm < em) != d.neg {
				return -1
			}
			return 1
		}
	}
	a, b := align(d, e)
	var c int
	if a.big == nil && b.big == nil {
		switch {
		case a.lo < b.lo:
			c = -1
		case a.lo > b.lo:
			c = 1
		}
	} else {
		c = a.coefficient().Cmp(b.coefficient())
	}
	if d.neg {
		return -c
	}
	return c
}

// decimalDigits returns the number of decimal digits of x (1 for 0).
func decimalDigits(x uint64) int {
	n := 1
	for n < len(pow10Uint64) && x >= pow10Uint64[n] {
		n++
	}
	return n
}

// pow10Uint64[n] is 10^n, for every power of ten that fits in a uint64.
var pow10Uint64 = func() (t [20]uint64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return t
}()

// Equal reports whether d and e have the same value.
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// Identical reports whether d and e have the same value and the same
// written scale: "1.0" and "1.00" are Equal but not Identical.
func (d Decimal) Identical(e Decimal) bool { return d.Cmp(e) == 0 && d.Scale() == e.Scale() }

// LessThan reports whether d < e.
func (d Decimal) LessThan(e Decimal) bool { return d.Cmp(e) < 0 }

// GreaterThan reports whether d > e.
func (d Decimal) GreaterThan(e Decimal) bool { return d.Cmp(e) > 0 }

// Neg returns -d.
func (d Decimal) Neg() Decimal {
	d.neg = !d.neg
	return d.normSign()
}

// Abs returns |d|.
func (d Decimal) Abs() Decimal {
	d.neg = false
	return d
}

// Add returns d + e exactly.
func (d Decimal) Add(e Decimal) Decimal {
	a, b := align(d, e)
	if a.big == nil && b.big == nil && a.neg == b.neg {
		if sum, carry := bits.Add64(a.lo, b.lo, 0); carry == 0 {
			return Decimal{lo: sum, exp: a.exp, neg: a.neg}.normSign()
		}
	}
	s := new(big.Int).Add(a.signedCoefficient(), b.signedCoefficient())
	neg := s.Sign() < 0
	return fromBig(s.Abs(s), a.exp, neg)
}

// Sub returns d - e exactly.
func (d Decimal) Sub(e Decimal) Decimal { return d.Add(e.Neg()) }

// Mul returns d × e exactly.
func (d Decimal) Mul(e Decimal) Decimal {
	exp := int64(d.exp) + int64(e.exp)
	if exp > math.MaxInt32 || exp < math.MinInt32 {
		panic("decimal: exponent overflow in Mul")
	}
	if d.big == nil && e.big == nil {
		if hi, lo := bits.Mul64(d.lo, e.lo); hi == 0 {
			return Decimal{lo: lo, exp: int32(exp), neg: d.neg != e.neg}.normSign()
		}
	}
	p := new(big.Int).Mul(d.coefficient(), e.coefficient())
	return fromBig(p, int32(exp), d.neg != e.neg)
}

// RoundingMode says how a value that falls between two representable values
// is rounded.
type RoundingMode int

const (
	// HalfUp rounds to the nearest value, ties away from zero (the usual
	// commercial rounding).
	HalfUp RoundingMode = iota
	// HalfEven rounds to the nearest value, ties to the even neighbour.
	HalfEven
	// Down rounds toward zero (truncation).
	Down
	// Up rounds away from zero.
	Up
	// Floor rounds toward negative infinity.
	Floor
	// Ceiling rounds toward positive infinity.
	Ceiling
)

// Round returns d rounded to scale digits after the decimal point using
// mode. A negative scale rounds to tens, hundreds and so on. If d already
// has at most scale digits it is returned unchanged.
func (d Decimal) Round(scale int32, mode RoundingMode) Decimal {
	target := -scale
	if d.exp >= target {
		return d
	}
	shift := target - d.exp
	q, r := new(big.Int).QuoRem(d.coefficient(), pow10(shift), new(big.Int))
	if r.Sign() != 0 && roundAway(mode, d.neg, q, r, pow10(shift)) {
		q.Add(q, big.NewInt(1))
	}
	out := fromBig(q, target, d.neg)
	out.number = d.number
	return out
}

// roundAway reports whether the truncated quotient q (of an absolute value)
// must be incremented, given the non-zero remainder r of the division by div.
func roundAway(mode RoundingMode, neg bool, q, r, div *big.Int) bool {
	switch mode {
	case Down:
		return false
	case Up:
		return true
	case Floor:
		return neg
	case Ceiling:
		return !neg
	}
	twice := new(big.Int).Lsh(r, 1)
	switch twice.Cmp(div) {
	case 1:
		return true
	case -1:
		return false
	}
	if mode == HalfEven {
		return q.Bit(0) == 1
	}
	return true // HalfUp
}

// Truncate returns d with digits after scale dropped (rounded toward zero).
func (d Decimal) Truncate(scale int32) Decimal { return d.Round(scale, Down) }

// Div returns d / e rounded to scale digits after the decimal point using
// mode. It panics if e is zero, like integer division.
func (d Decimal) Div(e Decimal, scale int32, mode RoundingMode) Decimal {
	if e.IsZero() {
		panic("decimal: division by zero")
	}
	// d/e = (cd × 10^ed) / (ce × 10^ee). Scale the numerator so that the
	// integer quotient carries scale digits after the point.
	shift := int64(d.exp) - int64(e.exp) + int64(scale)
	num := d.coefficient()
	den := e.coefficient()
	if shift >= 0 {
		num.Mul(num, pow10(int32(shift)))
	} else {
		den = new(big.Int).Mul(den, pow10(int32(-shift)))
	}
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	neg := d.neg != e.neg
	if r.Sign() != 0 && roundAway(mode, neg, q, r, den) {
		q.Add(q, big.NewInt(1))
	}
	return fromBig(q, -scale, neg)
}

// QuoRem returns the integer quotient q = trunc(d / e) and the remainder
// d - q×e. It panics if e is zero.
func (d Decimal) QuoRem(e Decimal) (q, r Decimal) {
	q = d.Div(e, 0, Down)
	return q, d.Sub(q.Mul(e))
}

// RoundToStep returns d rounded to a multiple of step using mode, e.g. a
// price rounded to the market's tick size. step must be positive.
func (d Decimal) RoundToStep(step Decimal, mode RoundingMode) Decimal {
	if !step.IsPositive() {
		panic("decimal: RoundToStep needs a positive step")
	}
	n := d.Div(step, 0, mode)
	return n.Mul(step)
}

// Min returns the smaller of d and e.
func Min(d, e Decimal) Decimal {
	if e.LessThan(d) {
		return e
	}
	return d
}

// Max returns the larger of d and e.
func Max(d, e Decimal) Decimal {
	if e.GreaterThan(d) {
		return e
	}
	return d
}

// Sum returns the exact sum of values.
func Sum(values ...Decimal) Decimal {
	var s Decimal
	for _, v := range values {
		s = s.Add(v)
	}
	return s
}

// Normalize returns d with trailing zeros after the decimal point removed:
// "5.6370" becomes "5.637", "100.00" becomes "100".
func (d Decimal) Normalize() Decimal {
	if d.exp >= 0 || d.IsZero() {
		if d.IsZero() {
			d.exp = 0
		}
		return d
	}
	c := d.coefficient()
	ten := big.NewInt(10)
	r := new(big.Int)
	exp := d.exp
	for exp < 0 {
		q, rem := new(big.Int).QuoRem(c, ten, r)
		if rem.Sign() != 0 {
			break
		}
		c = q
		exp++
	}
	out := fromBig(c, exp, d.neg)
	out.number = d.number
	return out
}
