package contract_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/internal/drift"
)

// liveEnv opts in to the test that calls the real api.bithumb.com. It
// only reads; it never places or cancels an order or moves funds.
// `bithumb contract --live` (make contract-live) runs the same check with
// a report, and the WebSocket streams too.
const liveEnv = "BITHUMB_LIVE"

// TestLiveResponsesMatchTheSpec detects spec drift with package drift,
// the checker of `bithumb contract --live`: it calls every read-only
// operation of the spec (the safe GETs and the operations marked
// x-bithumb-read-only) with the spec's sample arguments, through the
// transport that refuses anything else, and fails on breaking
// drift (a missing required field, a type change, an undocumented
// status, an answer the client cannot decode) or a call without an
// answer; additive drift (new fields, new enum values) is logged. Private
// endpoints are called only when BITHUMB_ACCESS_KEY and
// BITHUMB_SECRET_KEY are set.
func TestLiveResponsesMatchTheSpec(t *testing.T) {
	if os.Getenv(liveEnv) == "" {
		t.Skipf("set %s=1 to call the real Bithumb API", liveEnv)
	}
	doc := loadSpec(t)
	opts := []bithumb.Option{
		bithumb.WithRateLimit("public-other", 5),
		bithumb.WithTransport(drift.Transport{Guard: drift.NewGuard(doc), Next: http.DefaultTransport}),
	}
	private := os.Getenv("BITHUMB_ACCESS_KEY") != ""
	if private {
		opts = append(opts, bithumb.WithCredentialsFromEnv())
	}
	c, err := bithumb.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for _, r := range drift.CheckREST(ctx, doc, c, drift.Plan(doc, private), nil) {
		switch {
		case strings.HasPrefix(r.Note, "no answer"):
			t.Errorf("%s (%s): %s", r.Name, r.Request, r.Note)
		case r.Note != "":
			t.Logf("%s (%s): %s", r.Name, r.Request, r.Note)
		}
		for _, f := range r.Findings {
			if f.Breaking {
				t.Errorf("%s (%s) HTTP %d: %s at %s: %s", r.Name, r.Request, r.Status, f.Kind, f.Path, f.Detail)
			} else {
				t.Logf("%s (%s): %s at %s: %s", r.Name, r.Request, f.Kind, f.Path, f.Detail)
			}
		}
	}
}
