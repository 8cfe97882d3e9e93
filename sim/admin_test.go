package sim

import (
	"context"
	"net/http"
	"strings"
	"testing"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/clock"
)

func (f *fixture) post(path, body string) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest("POST", f.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return f.do(req)
}

// TestAdminDepositAndClock funds an account through the admin deposit and
// moves the fake clock through the admin endpoint.
func TestAdminDepositAndClock(t *testing.T) {
	f := newFixture(t, WithClock(clock.NewFake(testStart)))
	ctx := context.Background()
	st, dep := f.post("/_sim/deposit", `{"account":"default","currency":"ETH","amount":"2.5"}`)
	if st != 200 || dep["state"] != "DEPOSIT_PROCESSING" {
		t.Fatalf("deposit: %d %v", st, dep)
	}
	before := balances(t, f.client)["ETH"].Balance
	if st, out := f.post("/_sim/clock/advance", `{"duration":"31s"}`); st != 200 {
		t.Fatalf("advance: %d %v", st, out)
	}
	d, err := f.client.GetDeposit(ctx, bithumb.GetDepositParams{Currency: "ETH", UUID: ptr(dep["uuid"].(string))})
	if err != nil || d.State != "DEPOSIT_ACCEPTED" || d.Txid == nil {
		t.Fatalf("deposit after the delay: %+v %v", d, err)
	}
	if after := balances(t, f.client)["ETH"].Balance; !after.Equal(before.Add(dec("2.5"))) {
		t.Errorf("ETH %s, want %s + 2.5", after, before)
	}
	if st, _ := f.post("/_sim/nope", `{}`); st != 404 {
		t.Errorf("unknown admin path: %d", st)
	}
	if st, _ := f.post("/_sim/faults", `{"no_such_fault":1}`); st != 400 {
		t.Errorf("bad fault config: %d", st)
	}
}
