package bithumb

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/internal/jsonscan"
	"github.com/bithumb-go/bithumb/wire"
)

// decodeBody decodes a successful response body into out exactly as
// json.Unmarshal(body, out) does: same result, same error. The hot
// answers (orderbooks, tickers, trades, accounts, an order's detail, an
// order's chance) go
// through hand-written decoders that need no reflection; each gives up on
// anything unusual (see package jsonscan), and then json.Unmarshal decodes
// the body from the start. A decoder that gives up leaves out as it
// was.
func decodeBody(body []byte, out any) error {
	if decodeFast(body, out) {
		return nil
	}
	return json.Unmarshal(body, out)
}

// decodeFast decodes body into out by hand and reports whether it did;
// when it did not, out is as it was. Only a zero *out is decoded by hand:
// json.Unmarshal merges into what is there.
func decodeFast(body []byte, out any) bool {
	var ok bool
	switch out := out.(type) {
	case *[]Orderbook:
		ok = *out == nil && decodeList(body, out, orderbookDecoder)
	case *[]Ticker:
		ok = *out == nil && decodeList(body, out, tickerDecoder)
	case *[]Trade:
		ok = *out == nil && decodeList(body, out, tradeDecoder)
	case *[]Account:
		ok = *out == nil && decodeList(body, out, accountDecoder)
	case *OrderDetail:
		ok = reflect.ValueOf(out).Elem().IsZero() && decodeOne(body, out, orderDetailDecoder)
	case *OrderChance:
		ok = reflect.ValueOf(out).Elem().IsZero() && decodeOne(body, out, orderChanceDecoder)
	case *PlaceOrderResponse:
		ok = reflect.ValueOf(out).Elem().IsZero() && decodeOne(body, out, placedOrderDecoder)
	case *CancelOrderResponse:
		ok = reflect.ValueOf(out).Elem().IsZero() && decodeOne(body, out, cancelledDecoder)
	}
	return ok
}

// A decoder decodes objects of type T.
type decoder[T any] struct {
	// names are the JSON names of T's fields, in the order of the fields.
	names []string
	// member decodes the value of the member named key into v and returns
	// the field's index in names, or -1 with the value unread when key is
	// none of them. ok is false when the value is not one that
	// encoding/json would store without an error.
	member func(s *jsonscan.Scanner, v *T, key []byte) (field int, ok bool)
}

// newDecoder returns the decoder of T with member. T has at most 64
// fields (object tracks them in a uint64).
func newDecoder[T any](member func(s *jsonscan.Scanner, v *T, key []byte) (int, bool)) *decoder[T] {
	t := reflect.TypeFor[T]()
	if t.NumField() > 64 {
		panic("bithumb: " + t.String() + " has more than 64 fields to decode by hand")
	}
	names := make([]string, t.NumField())
	for i := range names {
		names[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
	}
	return &decoder[T]{names: names, member: member}
}

// decodeList decodes a top-level array of T (or null) into *out.
func decodeList[T any](body []byte, out *[]T, d *decoder[T]) bool {
	s := jsonscan.New(body)
	s.Start()
	list, ok := array(&s, d)
	if !ok || !s.End() {
		return false
	}
	*out = list
	return true
}

// decodeOne decodes a top-level object of T (or null) into *out, which
// is zero; on failure it makes *out zero again.
func decodeOne[T any](body []byte, out *T, d *decoder[T]) bool {
	s := jsonscan.New(body)
	s.Start()
	if (s.Null() || object(&s, out, d)) && s.End() {
		return true
	}
	var zero T
	*out = zero
	return false
}

// array decodes an array of T, or null (a nil slice). An empty array
// gives an empty slice that is not nil, as with encoding/json.
func array[T any](s *jsonscan.Scanner, d *decoder[T]) ([]T, bool) {
	if s.Null() {
		return nil, true
	}
	if !s.Open('[') {
		return nil, false
	}
	list := []T{}
	for first := true; ; first = false {
		done, ok := s.NextElem(first)
		if !ok {
			return nil, false
		}
		if done {
			return list, true
		}
		var zero T
		list = append(list, zero)
		if !s.Null() && !object(s, &list[len(list)-1], d) { // null leaves a struct as it is
			return nil, false
		}
	}
}

// object decodes an object into v. A name that is not exactly one of T's
// JSON names but matches one regardless of case (which encoding/json
// would also accept), or a name given twice (encoding/json would merge
// the second value of a list into the first), is not ok; the value of
// another name is read and dropped.
func object[T any](s *jsonscan.Scanner, v *T, d *decoder[T]) bool {
	if !s.Open('{') {
		return false
	}
	var seen uint64
	for first := true; ; first = false {
		key, done, ok := s.NextMember(first)
		if !ok {
			return false
		}
		if done {
			return true
		}
		field, ok := d.member(s, v, key)
		switch {
		case !ok:
			return false
		case field < 0:
			if d.foldsToName(key) {
				return false
			}
			if _, ok := s.Value(); !ok {
				return false
			}
		case seen&(1<<field) != 0:
			return false
		default:
			seen |= 1 << field
		}
	}
}

// foldsToName reports whether key matches one of the JSON names
// regardless of ASCII case (a member name reaching here is ASCII).
func (d *decoder[T]) foldsToName(key []byte) bool {
	for _, name := range d.names {
		if strings.EqualFold(name, string(key)) {
			return true
		}
	}
	return false
}

// The readers below store one value as encoding/json stores it into a
// field of their type, and return the field index they are given.

// readString stores a string; null leaves dst as it is.
func readString[S ~string](s *jsonscan.Scanner, dst *S, field int) (int, bool) {
	b, null, ok := s.String()
	if ok && !null {
		*dst = S(s.Text(b))
	}
	return field, ok
}

// readStrings stores a new list of strings, or nil for null (an empty
// list is not nil); a null item is an empty string.
func readStrings(s *jsonscan.Scanner, dst *[]string, field int) (int, bool) {
	if s.Null() {
		*dst = nil
		return field, true
	}
	var buf [8]string // a list's items are gathered here, then copied once
	list, ok := s.AppendStrings(buf[:0])
	if ok {
		*dst = append(make([]string, 0, len(list)), list...)
	}
	return field, ok
}

// readStringsPtr stores a pointer to a new list of strings, or nil for
// null.
func readStringsPtr(s *jsonscan.Scanner, dst **[]string, field int) (int, bool) {
	if s.Null() {
		*dst = nil
		return field, true
	}
	v := new([]string)
	*dst = v
	return readStrings(s, v, field)
}

// readObject decodes an object into dst, which is zero; null leaves it
// as it is.
func readObject[T any](s *jsonscan.Scanner, dst *T, d *decoder[T], field int) (int, bool) {
	return field, s.Null() || object(s, dst, d)
}

// readStringPtr stores a new string, or nil for null.
func readStringPtr[S ~string](s *jsonscan.Scanner, dst **S, field int) (int, bool) {
	b, null, ok := s.String()
	if ok {
		*dst = nil
		if !null {
			v := S(s.Text(b))
			*dst = &v
		}
	}
	return field, ok
}

// readDecimal hands the value to Decimal.UnmarshalJSON, null included.
func readDecimal(s *jsonscan.Scanner, dst *decimal.Decimal, field int) (int, bool) {
	raw, ok := s.Value()
	return field, ok && dst.UnmarshalJSON(raw) == nil
}

// readDecimalPtr stores a new Decimal, or nil for null.
func readDecimalPtr(s *jsonscan.Scanner, dst **decimal.Decimal, field int) (int, bool) {
	if s.Null() {
		*dst = nil
		return field, true
	}
	raw, ok := s.Value()
	if !ok {
		return field, false
	}
	v := new(decimal.Decimal)
	*dst = v
	return field, v.UnmarshalJSON(raw) == nil
}

// readTimestamp hands the value to wire.Timestamp.UnmarshalJSON.
func readTimestamp(s *jsonscan.Scanner, dst *wire.Timestamp, field int) (int, bool) {
	raw, ok := s.Value()
	return field, ok && dst.UnmarshalJSON(raw) == nil
}

// readDate hands the value to wire.Date.UnmarshalJSON.
func readDate(s *jsonscan.Scanner, dst *wire.Date, field int) (int, bool) {
	raw, ok := s.Value()
	return field, ok && dst.UnmarshalJSON(raw) == nil
}

// readTime hands the value to time.Time.UnmarshalJSON.
func readTime(s *jsonscan.Scanner, dst *time.Time, field int) (int, bool) {
	raw, ok := s.Value()
	return field, ok && dst.UnmarshalJSON(raw) == nil
}

// readInt64Ptr stores a new wire.Int64, or nil for null.
func readInt64Ptr(s *jsonscan.Scanner, dst **wire.Int64, field int) (int, bool) {
	if s.Null() {
		*dst = nil
		return field, true
	}
	raw, ok := s.Value()
	if !ok {
		return field, false
	}
	v := new(wire.Int64)
	*dst = v
	return field, v.UnmarshalJSON(raw) == nil
}

// readInt stores a JSON number that strconv.ParseInt accepts, as
// encoding/json does for an int64; null leaves dst as it is.
func readInt(s *jsonscan.Scanner, dst *int64, field int) (int, bool) {
	if s.Null() {
		return field, true
	}
	raw, ok := s.Number()
	if !ok {
		return field, false
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return field, false
	}
	*dst = n
	return field, true
}

// readBool stores true or false; null leaves dst as it is.
func readBool(s *jsonscan.Scanner, dst *bool, field int) (int, bool) {
	switch {
	case s.Null():
	case s.Literal("true"):
		*dst = true
	case s.Literal("false"):
		*dst = false
	default:
		return field, false
	}
	return field, true
}
