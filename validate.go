package bithumb

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

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

// The shapes of the ids Bithumb hands out. An id that does not have its
// shape is rejected before anything is sent, so that a stray &, a newline
// or a megabyte of text never reaches a query string or a signed hash.
var (
	// orderIDRE: "C" and 19 digits, e.g. C0101000000001799625 (the
	// digits after C vary with the matching engine).
	orderIDRE = regexp.MustCompile(`^C[0-9]{19}$`)
	// uuidRE: a UUID in its text form, the order id of orders placed
	// through the older v1 endpoints.
	uuidRE = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	// twapIDRE: TWAP ids are opaque: the documentation shows
	// "TWAP-A01B02C03D04E05F06", live answers carry a UUIDv7.
	twapIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	// transferIDRE: deposit and withdrawal ids are numeric strings,
	// e.g. "200359853".
	transferIDRE = regexp.MustCompile(`^[0-9]{1,20}$`)
	// txidRE: transaction ids are chain hashes (hex, base58, base64),
	// internal ids such as "20240709163030.72335" or numeric KRW ids.
	txidRE = regexp.MustCompile(`^[A-Za-z0-9._:@+/=-][A-Za-z0-9._:@+/=, -]{0,127}$`)
	// legacyOrderIDRE: API 1.0 order ids have the order id shape, or are
	// numeric in older answers.
	legacyOrderIDRE = regexp.MustCompile(`^(C[0-9]{19}|[0-9]{1,20})$`)
)

// idCheck checks a required id: empty is "is required", anything else
// must match ok.
func (v *validator) idCheck(field, id string, ok bool, reason string) {
	v.check(id != "", field, id, "is required")
	v.check(id == "" || ok, field, id, reason)
}

// orderID checks an order id: C and 19 digits, or the UUID of an order
// placed through the v1 endpoints.
func (v *validator) orderID(field, id string) {
	v.idCheck(field, id, orderIDRE.MatchString(id) || uuidRE.MatchString(id),
		"is not an order id (C and 19 digits such as C0101000000001799625, or the UUID of an older order)")
}

// twapID checks a TWAP algo_order_id: 1 to 64 characters of A-Z, a-z, 0-9,
// - and _ (a UUID or the documented TWAP-... form).
func (v *validator) twapID(field, id string) {
	v.idCheck(field, id, twapIDRE.MatchString(id), "is not a TWAP order id (1 to 64 characters of A-Z, a-z, 0-9, - and _)")
}

// transferID checks a deposit or withdrawal id: digits, or a UUID.
func (v *validator) transferID(field, id string) {
	v.idCheck(field, id, transferIDRE.MatchString(id) || uuidRE.MatchString(id),
		"is not a deposit or withdrawal id (digits such as 200359853)")
}

// txid checks a transaction id: 1 to 128 characters of letters, digits and
// . _ : @ + / = , - and space, not starting with a space or a comma.
func (v *validator) txid(field, id string) {
	v.idCheck(field, id, txidRE.MatchString(id),
		"is not a transaction id (1 to 128 characters of letters, digits and . _ : @ + / = , - or space)")
}

// legacyOrderID checks an API 1.0 order id: C and 19 digits, or digits.
func (v *validator) legacyOrderID(field, id string) {
	v.idCheck(field, id, legacyOrderIDRE.MatchString(id), "is not an order id (C and 19 digits such as C0101000003152294086)")
}

// each applies check to every element of ids, naming them field[i].
func (v *validator) each(field string, ids []string, check func(field, id string)) {
	for i, id := range ids {
		check(fmt.Sprintf("%s[%d]", field, i), id)
	}
}

// maxPathLen bounds the path of a raw request.
const maxPathLen = 512

// rawPath checks the path of a raw request: an absolute path of segments
// made of A-Z, a-z, 0-9, -, _ and ., with no empty, . or .. segment. It
// refuses what could send a request elsewhere than the API host or to
// another path than the one written: "//host", "@", backslashes,
// percent-encoding, control characters, a query or a fragment.
func (v *validator) rawPath(field, p string) {
	if v.err != nil {
		return
	}
	reason := ""
	switch {
	case p == "":
		reason = "is required"
	case len(p) > maxPathLen:
		reason = fmt.Sprintf("is longer than %d bytes", maxPathLen)
	case p[0] != '/':
		reason = "must start with /"
	}
	for i := 0; reason == "" && i < len(p); i++ {
		switch c := p[i]; {
		case c < 0x20 || c == 0x7f:
			reason = "must not contain control characters"
		case c == '?' || c == '#':
			reason = "must carry no query or fragment (give the query in Query)"
		case c == '%':
			reason = "must not be percent-encoded"
		case c == '\\':
			reason = "must not contain a backslash"
		case c == '@':
			reason = "must not contain @"
		case c == '/' || c == '-' || c == '_' || c == '.' ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
		default:
			reason = "may contain only A-Z, a-z, 0-9, /, -, _ and ."
		}
	}
	if reason == "" {
		for _, seg := range strings.Split(p[1:], "/") {
			switch seg {
			case "":
				reason = "must not contain an empty segment (// or a trailing /)"
			case ".", "..":
				reason = "must not contain a . or .. segment"
			}
			if reason != "" {
				break
			}
		}
	}
	v.check(reason == "", field, p, reason)
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
