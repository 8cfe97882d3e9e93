package store

import (
	"errors"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/market"
)

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(); !errors.Is(err, ErrEmpty) {
		t.Fatalf("new store: %v", err)
	}
	// The file is locked while open.
	if _, err := OpenTimeout(dir, 50*time.Millisecond); err == nil {
		t.Fatal("a second Open succeeded")
	}
	at := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)
	b := &engine.Batch{
		Meta:     engine.Meta{OrderSeq: 3, Fees: map[string]decimal.Decimal{"KRW": decimal.MustParse("12.5")}, LiveStart: at},
		Accounts: []*engine.Account{{ID: "a", Balances: map[string]*engine.Balance{"KRW": {Balance: decimal.MustParse("100.25")}}}},
		Orders:   []*engine.Order{{ID: "C1", Account: "a", Price: decimal.MustParse("5000"), State: engine.StateWait, CreatedAt: at}},
		Markets:  map[string]market.State{"KRW-BTC": {Step: 9, Mid: 1.5}},
	}
	if err := s.Save(b); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if snap.Meta.OrderSeq != 3 || !snap.Meta.Fees["KRW"].Equal(decimal.MustParse("12.5")) || !snap.Meta.LiveStart.Equal(at) ||
		len(snap.Accounts) != 1 || !snap.Accounts[0].Balances["KRW"].Balance.Equal(decimal.MustParse("100.25")) ||
		len(snap.Orders) != 1 || !snap.Orders[0].Price.Equal(decimal.MustParse("5000")) || snap.Markets["KRW-BTC"].Step != 9 {
		t.Fatalf("%+v", snap)
	}
}
