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

// TestLatencyAndSlowBodyTakeTheirTime measures, on a synctest bubble's
// clock, the time the latency and slow-body faults add to an answer.
func TestLatencyAndSlowBodyTakeTheirTime(t *testing.T) {
	for _, tt := range []struct {
		name string
		fs   faults.Config
		// want is the time the answer takes, given its body's length.
		want func(bodyLen int) time.Duration
	}{
		{"latency", faults.Config{Latency: clock.Duration(150 * time.Millisecond)},
			func(int) time.Duration { return 150 * time.Millisecond }},
		{"slow body", faults.Config{NextSlowBody: 1, SlowBodyDelay: clock.Duration(2 * time.Millisecond)},
			func(n int) time.Duration { return time.Duration((n+15)/16-1) * 2 * time.Millisecond }},
	} {
		synctest.Test(t, func(t *testing.T) {
			s, err := New(WithConfig(Config{HistoryDays: 20, Faults: tt.fs}))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			rec := httptest.NewRecorder()
			start := time.Now()
			s.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), "GET", "/v1/market/all", nil))
			elapsed := time.Since(start)
			if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "[") {
				t.Fatalf("%s: %d %q", tt.name, rec.Code, rec.Body.String())
			}
			if want := tt.want(rec.Body.Len()); elapsed != want || want <= 0 {
				t.Errorf("%s: the answer took %v, want %v", tt.name, elapsed, want)
			}
		})
	}
}
