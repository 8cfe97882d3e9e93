package clock

import (
	"encoding/json"
	"testing"
	"time"
)

func TestClocks(t *testing.T) {
	base := NewFake(time.Unix(100, 0))
	s := NewScaled(base, time.Unix(1000, 0), 60)
	base.Advance(2 * time.Second)
	if got := s.Now(); !got.Equal(time.Unix(1120, 0)) {
		t.Fatalf("scaled %v", got)
	}
	var d struct{ A, B Duration }
	if err := json.Unmarshal([]byte(`{"A":"1.5s","B":2000000}`), &d); err != nil || d.A.D() != 1500*time.Millisecond || d.B.D() != 2*time.Millisecond {
		t.Fatalf("%+v %v", d, err)
	}
	b, _ := json.Marshal(Duration(time.Minute))
	if string(b) != `"1m0s"` {
		t.Fatal(string(b))
	}
}
