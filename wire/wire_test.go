package wire

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimestamp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		wantMs int64
		out    string
	}{
		{`1756135632646`, 1756135632646, `1756135632646`},
		{`"1756135632646"`, 1756135632646, `"1756135632646"`},
		{`1756135632646123`, 1756135632646, `1756135632646123`}, // microseconds
		{`"1783141846061516"`, 1783141846061, `"1783141846061516"`},
	}
	for _, tt := range tests {
		var ts Timestamp
		if err := json.Unmarshal([]byte(tt.in), &ts); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if got := ts.UnixMilli(); got != tt.wantMs {
			t.Errorf("%s: UnixMilli = %d, want %d", tt.in, got, tt.wantMs)
		}
		out, _ := json.Marshal(ts)
		if string(out) != tt.out {
			t.Errorf("%s: marshal = %s, want %s", tt.in, out, tt.out)
		}
	}
	for _, in := range []string{`null`, `""`} {
		var ts Timestamp
		if err := json.Unmarshal([]byte(in), &ts); err != nil || !ts.IsZero() {
			t.Errorf("%s: %v %v", in, ts, err)
		}
	}
	for _, in := range []string{`1.5`, `"abc"`, `true`} {
		var ts Timestamp
		if err := json.Unmarshal([]byte(in), &ts); err == nil {
			t.Errorf("%s accepted", in)
		}
	}
	if got := TimestampFromMillis(1529910247984).String(); got != "2018-06-25T07:04:07.984Z" {
		t.Errorf("String = %s", got)
	}
}

func TestInt64AboveFloatPrecision(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want int64
	}{{`17853976619640001`, 17853976619640001}, {`"17853976619640001"`, 17853976619640001}, {`9223372036854775807`, 9223372036854775807}} {
		var v Int64
		if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
			t.Fatal(err)
		}
		if v.Value() != tt.want {
			t.Errorf("%s = %d", tt.in, v.Value())
		}
		out, _ := json.Marshal(v)
		if string(out) != tt.in {
			t.Errorf("round trip %s -> %s", tt.in, out)
		}
	}
	var v Int64
	if err := json.Unmarshal([]byte(`1.5`), &v); err == nil {
		t.Error("1.5 accepted")
	}
}

func TestLayouts(t *testing.T) {
	t.Parallel()
	var c struct {
		UTC  DateTimeUTC `json:"utc"`
		KST  DateTimeKST `json:"kst"`
		Spc  KSTTime     `json:"spc"`
		Date Date        `json:"date"`
	}
	in := `{"utc":"2025-08-25T15:27:00","kst":"2025-08-26T00:27:00","spc":"2026-01-15 18:00:00","date":"2025-08-15"}`
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	if !c.UTC.Time().Equal(c.KST.Time()) {
		t.Errorf("UTC %v and KST %v of the same candle differ", c.UTC.Time(), c.KST.Time())
	}
	if want := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC); !c.Spc.Time().Equal(want) {
		t.Errorf("KSTTime = %v, want %v", c.Spc.Time(), want)
	}
	if c.Date.Time() != time.Date(2025, 8, 15, 0, 0, 0, 0, time.UTC) {
		t.Errorf("Date = %v", c.Date.Time())
	}
	out, _ := json.Marshal(c)
	if string(out) != in {
		t.Errorf("round trip:\n got %s\nwant %s", out, in)
	}
	var d Date
	if err := json.Unmarshal([]byte(`"2025/08/15"`), &d); err == nil {
		t.Error("bad layout accepted")
	}
	if err := json.Unmarshal([]byte(`20250815`), &d); err == nil {
		t.Error("number accepted as date")
	}
	if err := json.Unmarshal([]byte(`""`), &d); err != nil || !d.Time().IsZero() {
		t.Error(`"" is not the zero date`)
	}
}

// TestKSTTimeHourWithoutZeroPadding: the legacy API writes hours before
// 10 without their leading zero; both forms are the same time, and the
// minutes and seconds still need two digits.
func TestKSTTimeHourWithoutZeroPadding(t *testing.T) {
	var a, b KSTTime
	if err := a.UnmarshalJSON([]byte(`"2024-01-02 9:03:04"`)); err != nil {
		t.Fatal(err)
	}
	if err := b.UnmarshalJSON([]byte(`"2024-01-02 09:03:04"`)); err != nil {
		t.Fatal(err)
	}
	if !a.Time().Equal(b.Time()) || a.String() != "2024-01-02 09:03:04" {
		t.Errorf("%v and %v differ, or print as %q", a.Time(), b.Time(), a.String())
	}
	var c KSTTime
	if err := c.UnmarshalJSON([]byte(`"2024-01-02 9:3:04"`)); err == nil {
		t.Error("a minute without two digits was accepted")
	}
}
