package bithumb

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/bithumb-go/bithumb/decimal"
)

// ErrInvalidInput matches every *InputError: an argument that the client
// rejected before sending anything.
var ErrInvalidInput = errors.New("bithumb: invalid input")

// InputError reports an argument rejected before anything was sent. Field
// is the Bithumb parameter name (e.g. "volume", "markets[2]").
type InputError struct {
	Field  string
	Value  string
	Reason string
}

// Error returns e.g. `bithumb: invalid volume "0": must be greater than 0`.
func (e *InputError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("bithumb: invalid %s: %s", e.Field, e.Reason)
	}
	return fmt.Sprintf("bithumb: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

func invalid(field, value, reason string) error {
	if len(value) > 64 {
		value = value[:64] + "..."
	}
	return &InputError{Field: field, Value: value, Reason: reason}
}

var (
	marketRE        = regexp.MustCompile(`^[A-Za-z0-9]+-[A-Za-z0-9]+$`)
	currencyRE      = regexp.MustCompile(`^[A-Za-z0-9]+$`)
	clientOrderIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,36}$`)
	legacyPairRE    = regexp.MustCompile(`^[A-Za-z0-9]+_[A-Za-z]+$`)
)

// validator collects the first failure of a sequence of checks, so that a
// method can list its checks without an if after each.
type validator struct{ err error }

func (v *validator) check(ok bool, field, value, reason string) {
	if v.err == nil && !ok {
		v.err = invalid(field, value, reason)
	}
}

func (v *validator) market(field, m string) {
	switch {
	case m == "":
		v.check(false, field, m, "is required (a market code such as KRW-BTC)")
	default:
		v.check(marketRE.MatchString(m), field, m, "is not a market code such as KRW-BTC")
	}
}

func (v *validator) optionalMarket(field string, m *string) {
	if m != nil {
		v.market(field, *m)
	}
}

func (v *validator) markets(field string, ms []string, max int) {
	v.check(len(ms) > 0, field, "", "needs at least one market code")
	v.check(len(ms) <= max, field, "", fmt.Sprintf("has %d markets; at most %d are allowed", len(ms), max))
	for i, m := range ms {
		v.market(fmt.Sprintf("%s[%d]", field, i), m)
	}
}

func (v *validator) currency(field, c string) {
	v.check(c != "", field, c, "is required (a currency code such as BTC)")
	v.check(c == "" || currencyRE.MatchString(c), field, c, "is not a currency code such as BTC")
}

func (v *validator) required(field, s string) {
	v.check(s != "", field, s, "is required")
}

// Bounds of the amounts the client sends: prices, volumes, units, totals and
// transfer amounts.
//
//   - At most maxAmountScale (18) digits after the decimal point: no
//     common asset is divided finer than 10^-18 (ether's wei), and
//     Bithumb's own price units and volumes use far fewer decimals. A
//     value such as 1e-65536 is refused rather than sent as 65,538
//     characters.
//   - Below 10^maxAmountIntDigits (10^20): beyond any price, quantity or
//     total on any market, and it keeps an amount's text under 40 bytes.
//
// Both are far looser than what the exchange accepts, so that the client
// never refuses an order Bithumb would take; they exist to stop a value
// computed by mistake (a division carried to 60 places, a unit mixed up by
// a factor of 10^30) before it is signed and sent.
const (
	maxAmountScale     = 18
	maxAmountIntDigits = 20
)

// maxAmount is 10^maxAmountIntDigits.
var maxAmount = decimal.New(1, maxAmountIntDigits)

// positive checks an amount: greater than 0, at most maxAmountScale
// decimals and below maxAmount. It never writes out a value that is too
// long (String of 1e-65536 has 65,538 characters).
func (v *validator) positive(field string, d decimal.Decimal) {
	if v.err != nil {
		return
	}
	switch {
	case !d.IsPositive():
		v.err = invalid(field, amountText(d), "must be greater than 0")
	case d.Scale() > maxAmountScale:
		v.err = invalid(field, amountText(d), fmt.Sprintf("has more than %d digits after the decimal point", maxAmountScale))
	case d.Exponent() > maxAmountIntDigits || !d.LessThan(maxAmount):
		// The exponent test comes first: it avoids scaling a value such as
		// 1e999999999 to compare it.
		v.err = invalid(field, amountText(d), fmt.Sprintf("must be less than 1e%d", maxAmountIntDigits))
	}
}

// amountText is d for an error message: its plain text when its exponent
// is small, otherwise coefficient "e" exponent (e.g. "1e-65536"), or ""
// for a coefficient too long to be worth printing.
func amountText(d decimal.Decimal) string {
	e := d.Exponent()
	c := d.Coefficient()
	switch {
	case c.BitLen() > 512:
		return ""
	case e >= -64 && e <= 64:
		return d.String()
	}
	return c.String() + "e" + strconv.Itoa(int(e))
}

func (v *validator) clientOrderID(field, id string) {
	v.check(clientOrderIDRE.MatchString(id), field, id, "must be 1 to 36 characters of A-Z, a-z, 0-9, - and _")
}

func (v *validator) intRange(field string, n *int64, min, max int64) {
	if n != nil {
		v.check(*n >= min && *n <= max, field, fmt.Sprint(*n), fmt.Sprintf("must be between %d and %d", min, max))
	}
}

func (v *validator) oneOf(field string, a, b bool, names string) {
	v.check(a || b, field, "", "needs "+names)
}

// Ptr returns a pointer to v. Optional query parameters are pointers, so
// that "not set" differs from the zero value:
//
//	bithumb.ListOrdersParams{Market: bithumb.Ptr("KRW-BTC"), Limit: bithumb.Ptr[int64](10)}
func Ptr[T any](v T) *T { return &v }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
