package ws

import (
	"runtime"
	"strings"
	"testing"
)

// TestLevelOfManyDigitsIsRefusedCheaply sends an orderbook level written
// with 60,000 trailing zeros (it fits in one request frame): once parsed,
// normalizing it took one big division per zero. The request is refused as
// WRONG_FORMAT after allocating a little more than copies of the frame,
// and levels within decimal's limits still work. It does not run in
// parallel: it reads the process-wide allocation counter.
func TestLevelOfManyDigitsIsRefusedCheaply(t *testing.T) {
	for _, level := range []string{"1." + strings.Repeat("0", 60_000), "1" + strings.Repeat("0", 60_000), "1e-60000"} {
		req := []byte(`[{"ticket":"t"},{"type":"orderbook","codes":["KRW-BTC"],"level":` + level + `}]`)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := parseRequest(req, false)
		runtime.ReadMemStats(&after)
		if err != errWrongFormat {
			t.Errorf("level %.20s…: error %v, want WRONG_FORMAT", level, err)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 4<<20 {
			t.Errorf("level %.20s…: parsing allocated %d KiB", level, n>>10)
		}
	}
	req, err := parseRequest([]byte(`[{"ticket":"t"},{"type":"orderbook","codes":["KRW-BTC"],"level":10.`+strings.Repeat("0", 90)+`}]`), false)
	if err != nil || req.items[0].level.String() != "10" {
		t.Errorf("level 10.000…: %v %v", req, err)
	}
}
