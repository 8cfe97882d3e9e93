package reliability_test

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/rs/zerolog"
	"go.uber.org/goleak"

	"github.com/bithumb-go/bithumb"
)

// TestCheckerCatchesLostOutcomes: the checks of the suite find an order
// reported as a plain failure although it was placed, an order nobody
// reported at all; and they find nothing in honest reports of
// placements and cancels.
func TestCheckerCatchesLostOutcomes(t *testing.T) {
	e := newExchange(t)
	var dups, lost atomic.Int64
	var msgs []string
	e.duplicates, e.lost = &dups, &lost
	e.errorf = func(format string, args ...any) { msgs = append(msgs, fmt.Sprintf(format, args...)) }
	c := e.client(bithumb.WithBaseURL(e.ts.URL))

	ps := e.placeMany(t.Context(), c, "honest", 4, 2)
	if n := e.check(ps, nil); n.placed != 4 || lost.Load() != 0 || dups.Load() != 0 {
		t.Fatalf("honest report: %v, lost=%d duplicates=%d: %q", n, lost.Load(), dups.Load(), msgs)
	}

	// The first order is reported as a failure that proves nothing, and
	// the last is left out of the report.
	bad := append([]placement(nil), ps[:3]...)
	bad[0].resp, bad[0].err = nil, errors.New("connection reset")
	e.check(bad, nil)
	if lost.Load() < 2 || dups.Load() != 0 {
		t.Errorf("lost=%d duplicates=%d, want at least 2 and 0: %q", lost.Load(), dups.Load(), msgs)
	}
	for _, want := range []string{"neither definite nor ambiguous", "reported as failed"} {
		if !strings.Contains(strings.Join(msgs, "\n"), want) {
			t.Errorf("no report %q in %q", want, msgs)
		}
	}

	// Honest cancels of the resting orders find nothing.
	lost.Store(0)
	msgs = nil
	accepted, refused, ambiguous := e.cancelAll(t.Context(), c, 1, func() {})
	if accepted != 4 || refused != 0 || ambiguous != 0 || lost.Load() != 0 {
		t.Fatalf("cancels: %d %d %d, lost=%d: %q", accepted, refused, ambiguous, lost.Load(), msgs)
	}
}

// TestResetToxicsGivesUp: a removal of the toxics that cannot take the
// collection's lock (as in toxiproxy's deadlock) ends after resetWait
// instead of hanging the suite, and leaves only goroutines that
// toolGoroutines names.
func TestResetToxicsGivesUp(t *testing.T) {
	before := goleak.IgnoreCurrent()
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(nil), zerolog.Nop())
	p := toxiproxy.NewProxy(srv, "deadlocked", "127.0.0.1:0", "127.0.0.1:1")
	defer func(d time.Duration) { resetWait = d }(resetWait)
	resetWait = 50 * time.Millisecond

	p.Toxics.Lock() // held, as by the deadlocked removal
	resetToxics(t, p)
	if err := goleak.Find(append([]goleak.Option{before}, toolGoroutines...)...); err != nil {
		t.Errorf("goroutines left that toolGoroutines does not name: %v", err)
	}
	p.Toxics.Unlock() // the blocked removal can end now
}
