package sim

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/faults"
)

// TestSlowBodyEndsWithTheRequest: a slow body stops between two pieces
// when the request's context ends (the client went away), instead of
// sleeping through the rest of the body.
func TestSlowBodyEndsWithTheRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const delay = time.Hour
		s, err := New(WithConfig(Config{HistoryDays: 20, Faults: faults.Config{NextSlowBody: 1, SlowBodyDelay: clock.Duration(delay)}}))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		rec := httptest.NewRecorder()
		done := make(chan struct{})
		go func() {
			defer close(done)
			s.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, "GET", "/v1/market/all", nil))
		}()
		time.Sleep(delay / 2) // the first piece is out, the second waits
		cancel()
		synctest.Wait()
		select {
		case <-done:
		default:
			t.Error("the slow body goes on after the request ended")
			<-done // an hour a piece, on the bubble's clock
			return
		}
		if rec.Header().Get("X-Sim-Fault") != "slow_body" || !strings.HasPrefix(rec.Body.String(), "[") || rec.Body.Len() != 16 {
			t.Errorf("sent %q (%v), want the first 16-byte piece of a slow body", rec.Body.String(), rec.Header())
		}
	})
}
