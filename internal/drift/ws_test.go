package drift

import (
	"strings"
	"testing"
)

// TestCheckFrames checks each message against the schema of its type
// and format, reports a finding shared by several messages once with
// their count, and says "no schema" (no finding) for a stream the spec
// has no schema for.
func TestCheckFrames(t *testing.T) {
	doc := loadInline(t)
	frames := [][]byte{
		[]byte(`{"type":"ticker","code":"KRW-BTC","trade_price":1,"new":1}`),
		[]byte(`{"type":"ticker","code":"KRW-BTC","trade_price":"1","new":2}`),
		[]byte(`{"type":"ticker","code":"KRW-BTC","trade_price":1,"new":3}`),
	}
	r := CheckFrames(doc, "ticker", "DEFAULT", frames)
	if !r.Checked || r.Frames != 3 || len(r.Findings) != 2 {
		t.Fatalf("%+v, want 3 frames checked and 2 findings", r)
	}
	if f := r.Findings[0]; f.Kind != NewField || f.Path != "$.new" || !strings.Contains(f.Detail, "3 of 3") {
		t.Errorf("first finding %+v, want new-field $.new in 3 of 3 messages", f)
	}
	if f := r.Findings[1]; f.Kind != TypeChange || f.Path != "$.trade_price" || strings.Contains(f.Detail, " of 3") {
		t.Errorf("second finding %+v, want type-change $.trade_price once", f)
	}
	if r := CheckFrames(doc, "ticker", "simple", [][]byte{[]byte(`{"ty":"ticker","cd":"KRW-BTC","tp":1}`)}); !r.Checked || len(r.Findings) != 0 {
		t.Errorf("SIMPLE ticker: %+v", r)
	}
	if r := CheckFrames(doc, "trade", "DEFAULT", frames); r.Checked || len(r.Findings) != 0 || !strings.HasPrefix(r.Note, "no schema") {
		t.Errorf("stream without schema: %+v, want not checked, note no schema", r)
	}
	if r := CheckFrames(doc, "ticker", "DEFAULT", nil); r.Checked || !strings.Contains(r.Note, "no message") {
		t.Errorf("no frames: %+v", r)
	}
}
