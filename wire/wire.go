// Package wire holds the Go types for the ways Bithumb writes instants and
// identifiers on the wire, so that generated and hand-written types decode
// every reading of a field that sources disagree on.
//
//   - [Timestamp]: Unix epoch milliseconds or microseconds, as a JSON number
//     or a JSON string.
//   - [Int64]: a 64-bit integer sent as a JSON number or a JSON string
//     (sequential_id exceeds 2^53, so it must never pass through float64).
//   - [DateTimeUTC], [DateTimeKST]: "2006-01-02T15:04:05" without an offset,
//     in UTC or in Korea Standard Time (candles).
//   - [KSTTime]: "2006-01-02 15:04:05" in Korea Standard Time (notices,
//     market warnings, WebSocket trade times).
//   - [Date]: "2006-01-02" (52-week high and low dates, candle periods).
//
// Every type remembers enough of its input to marshal it back unchanged, and
// every type's zero value decodes JSON null and "" (where Bithumb sends an
// empty string for "none") as the zero time.
package wire

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// KST is Korea Standard Time (UTC+9, no daylight saving time). It is a fixed
// zone so that it works without the system's time zone database.
var KST = time.FixedZone("KST", 9*60*60)

// Timestamp is an instant that Bithumb sends as Unix epoch time: usually
// milliseconds, in some payloads microseconds (16-digit values, e.g. the
// orderbook timestamp of 2025), as a JSON number or a JSON string. The unit
// is detected by magnitude: values at or above 10^14 are microseconds (10^14
// ms would be the year 5138).
//
// The zero Timestamp is the zero time.Time and marshals as JSON null.
type Timestamp struct {
	t      time.Time
	micros bool
	quoted bool
}

// microsThreshold separates milliseconds from microseconds.
const microsThreshold = 100_000_000_000_000

// NewTimestamp returns t as a Timestamp that marshals as epoch milliseconds.
func NewTimestamp(t time.Time) Timestamp { return Timestamp{t: t} }

// TimestampFromMillis returns the Timestamp for ms milliseconds since the
// Unix epoch, in UTC.
func TimestampFromMillis(ms int64) Timestamp { return timestampFromInt(ms) }

// Time returns the instant (in UTC when decoded).
func (ts Timestamp) Time() time.Time { return ts.t }

// IsZero reports whether ts is unset.
func (ts Timestamp) IsZero() bool { return ts.t.IsZero() }

// UnixMilli returns the instant in milliseconds since the Unix epoch.
func (ts Timestamp) UnixMilli() int64 { return ts.t.UnixMilli() }

// String returns the instant in RFC 3339 format with milliseconds, or "" for
// the zero Timestamp.
func (ts Timestamp) String() string {
	if ts.t.IsZero() {
		return ""
	}
	return ts.t.Format("2006-01-02T15:04:05.000Z07:00")
}

// UnmarshalJSON accepts a JSON number or string of epoch milliseconds or
// microseconds. null and "" leave ts unchanged. Text longer than 32
// characters fails without being copied.
func (ts *Timestamp) UnmarshalJSON(data []byte) error {
	raw, quoted, ok := unquote(data)
	if !ok {
		return nil
	}
	n, err := parseInt64(raw)
	if err != nil {
		return fmt.Errorf("wire: timestamp %s is not a 64-bit integer", truncate(data))
	}
	*ts = timestampFromInt(n)
	ts.quoted = quoted
	return nil
}

func timestampFromInt(n int64) Timestamp {
	if n >= microsThreshold || n <= -microsThreshold {
		return Timestamp{t: time.UnixMicro(n).UTC(), micros: true}
	}
	return Timestamp{t: time.UnixMilli(n).UTC()}
}

// MarshalJSON writes the instant in the unit and form it was decoded from;
// a Timestamp built in Go marshals as a JSON number of milliseconds.
func (ts Timestamp) MarshalJSON() ([]byte, error) {
	if ts.t.IsZero() {
		return []byte("null"), nil
	}
	n := ts.t.UnixMilli()
	if ts.micros {
		n = ts.t.UnixMicro()
	}
	return quoteIf(strconv.AppendInt(nil, n, 10), ts.quoted), nil
}

// Int64 is a 64-bit integer that Bithumb sends as a JSON number or a JSON
// string. It decodes both exactly (never through float64) and marshals in
// the form it was decoded from.
type Int64 struct {
	v      int64
	quoted bool
}

// NewInt64 returns v as an Int64 that marshals as a JSON number.
func NewInt64(v int64) Int64 { return Int64{v: v} }

// Value returns the integer.
func (i Int64) Value() int64 { return i.v }

// String returns the integer in base 10.
func (i Int64) String() string { return strconv.FormatInt(i.v, 10) }

// UnmarshalJSON accepts a JSON integer or a JSON string holding one. null
// and "" leave i unchanged. Text longer than 32 characters fails without
// being copied.
func (i *Int64) UnmarshalJSON(data []byte) error {
	raw, quoted, ok := unquote(data)
	if !ok {
		return nil
	}
	v, err := parseInt64(raw)
	if err != nil {
		return fmt.Errorf("wire: %s is not a 64-bit integer", truncate(data))
	}
	*i = Int64{v: v, quoted: quoted}
	return nil
}

// MarshalJSON writes the integer as it was decoded: a number or a string.
func (i Int64) MarshalJSON() ([]byte, error) {
	return quoteIf(strconv.AppendInt(nil, i.v, 10), i.quoted), nil
}

// layoutTime is the shared implementation of the string-encoded instants.
type layoutTime struct{ t time.Time }

func (l *layoutTime) unmarshal(data []byte, layout string, loc *time.Location, what string) error {
	raw, quoted, ok := unquote(data)
	if !ok {
		return nil
	}
	if !quoted {
		return fmt.Errorf("wire: %s must be a JSON string, got %s", what, truncate(data))
	}
	t, err := time.ParseInLocation(layout, string(raw), loc)
	if err != nil {
		return fmt.Errorf("wire: %s %q does not match %q", what, truncate(raw), layout)
	}
	l.t = t
	return nil
}

func (l layoutTime) marshal(layout string, loc *time.Location) ([]byte, error) {
	if l.t.IsZero() {
		return []byte("null"), nil
	}
	return quoteIf([]byte(l.t.In(loc).Format(layout)), true), nil
}

func (l layoutTime) format(layout string, loc *time.Location) string {
	if l.t.IsZero() {
		return ""
	}
	return l.t.In(loc).Format(layout)
}

const (
	layoutISOLocal = "2006-01-02T15:04:05"
	layoutSpaced   = "2006-01-02 15:04:05"
	layoutDate     = "2006-01-02"
)

// DateTimeUTC is a "2006-01-02T15:04:05" time without an offset that Bithumb
// writes in UTC (candle_date_time_utc).
type DateTimeUTC struct{ layoutTime }

// NewDateTimeUTC returns t as a DateTimeUTC (truncated to the second when
// marshalled).
func NewDateTimeUTC(t time.Time) DateTimeUTC { return DateTimeUTC{layoutTime{t}} }

// Time returns the instant.
func (d DateTimeUTC) Time() time.Time { return d.t }

// String returns the wire form.
func (d DateTimeUTC) String() string { return d.format(layoutISOLocal, time.UTC) }

// UnmarshalJSON parses the wire form. null and "" leave d unchanged.
func (d *DateTimeUTC) UnmarshalJSON(b []byte) error {
	return d.unmarshal(b, layoutISOLocal, time.UTC, "UTC date-time")
}

// MarshalJSON writes the wire form, or null for the zero value.
func (d DateTimeUTC) MarshalJSON() ([]byte, error) { return d.marshal(layoutISOLocal, time.UTC) }

// DateTimeKST is a "2006-01-02T15:04:05" time without an offset that Bithumb
// writes in Korea Standard Time (candle_date_time_kst).
type DateTimeKST struct{ layoutTime }

// NewDateTimeKST returns t as a DateTimeKST.
func NewDateTimeKST(t time.Time) DateTimeKST { return DateTimeKST{layoutTime{t}} }

// Time returns the instant.
func (d DateTimeKST) Time() time.Time { return d.t }

// String returns the wire form.
func (d DateTimeKST) String() string { return d.format(layoutISOLocal, KST) }

// UnmarshalJSON parses the wire form. null and "" leave d unchanged.
func (d *DateTimeKST) UnmarshalJSON(b []byte) error {
	return d.unmarshal(b, layoutISOLocal, KST, "KST date-time")
}

// MarshalJSON writes the wire form, or null for the zero value.
func (d DateTimeKST) MarshalJSON() ([]byte, error) { return d.marshal(layoutISOLocal, KST) }

// KSTTime is a "2006-01-02 15:04:05" time in Korea Standard Time (notices,
// market warnings, the legacy transaction_date). UnmarshalJSON also
// accepts an hour without its leading zero ("2024-01-02 9:03:04"), as the
// legacy API writes it; MarshalJSON always writes two digits.
type KSTTime struct{ layoutTime }

// NewKSTTime returns t as a KSTTime.
func NewKSTTime(t time.Time) KSTTime { return KSTTime{layoutTime{t}} }

// Time returns the instant.
func (k KSTTime) Time() time.Time { return k.t }

// String returns the wire form.
func (k KSTTime) String() string { return k.format(layoutSpaced, KST) }

// UnmarshalJSON parses the wire form. null and "" leave k unchanged.
func (k *KSTTime) UnmarshalJSON(b []byte) error {
	return k.unmarshal(b, layoutSpaced, KST, "KST time")
}

// MarshalJSON writes the wire form, or null for the zero value.
func (k KSTTime) MarshalJSON() ([]byte, error) { return k.marshal(layoutSpaced, KST) }

// Date is a calendar date "2006-01-02". Time returns midnight UTC of that
// date.
type Date struct{ layoutTime }

// NewDate returns the date of t (in t's location).
func NewDate(t time.Time) Date {
	y, m, d := t.Date()
	return Date{layoutTime{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}}
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return d.t }

// String returns the wire form.
func (d Date) String() string { return d.format(layoutDate, time.UTC) }

// UnmarshalJSON parses the wire form. null and "" leave d unchanged.
func (d *Date) UnmarshalJSON(b []byte) error { return d.unmarshal(b, layoutDate, time.UTC, "date") }

// MarshalJSON writes the wire form, or null for the zero value.
func (d Date) MarshalJSON() ([]byte, error) { return d.marshal(layoutDate, time.UTC) }

// unquote strips JSON string quotes. ok is false for null and "".
func unquote(data []byte) (raw []byte, quoted, ok bool) {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil, false, false
	}
	if len(data) >= 2 && data[0] == '"' && data[len(data)-1] == '"' {
		data, quoted = data[1:len(data)-1], true
	}
	return data, quoted, len(data) > 0
}

// maxIntText bounds the text of an integer: 20 characters hold every
// int64 with its sign, the rest leaves room for leading zeros.
const maxIntText = 32

// parseInt64 parses a base-10 int64. Longer text than maxIntText fails
// with strconv.ErrRange before it is copied, so that a number of a
// million digits costs nothing.
func parseInt64(raw []byte) (int64, error) {
	if len(raw) > maxIntText {
		return 0, strconv.ErrRange
	}
	return strconv.ParseInt(string(raw), 10, 64)
}

func quoteIf(b []byte, quoted bool) []byte {
	if !quoted {
		return b
	}
	out := make([]byte, 0, len(b)+2)
	out = append(out, '"')
	out = append(out, b...)
	return append(out, '"')
}

func truncate[T string | []byte](s T) string {
	if len(s) > 64 {
		return string(s[:64]) + "..."
	}
	return string(s)
}
