package main

import (
	"context"
	"net/http/httptrace"
	"regexp"
	"testing"
)

// TestRawCalls makes each raw call against the simulator, which checks
// their tokens with its own code, and checks what they decoded. The calls
// keep one connection alive, as the SDK's do: a floor that dialled on
// every call would measure the dial.
func TestRawCalls(t *testing.T) {
	url := startBenchSim(t)
	r, err := newRawClient(url)
	if err != nil {
		t.Fatal(err)
	}
	dials := 0
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if !info.Reused {
				dials++
			}
		},
	})
	for range 2 {
		tickers, err := r.ticker(ctx)
		if err != nil || len(tickers) != 1 || tickers[0].Market != market || tickers[0].TradePrice <= 0 {
			t.Fatalf("ticker = %+v, %v", tickers, err)
		}
		books, err := r.orderbook(ctx)
		if err != nil || len(books) != 1 || books[0].Market != market || len(books[0].OrderbookUnits) == 0 || books[0].OrderbookUnits[0].AskPrice <= 0 {
			t.Fatalf("orderbook = %+v, %v", books, err)
		}
		chance, err := r.chance(ctx)
		if err != nil || chance.Market.ID != market || chance.BidFee == "" || chance.BidAccount.Currency != "KRW" || chance.BidAccount.Balance == "" {
			t.Fatalf("chance = %+v, %v", chance, err)
		}
		accounts, err := r.accounts(ctx)
		if err != nil || len(accounts) == 0 || accounts[0].Currency == "" || accounts[0].Balance <= 0 {
			t.Fatalf("accounts = %+v, %v", accounts, err)
		}
		placed, err := r.place(ctx)
		if err != nil || placed.OrderID == "" || placed.Market != market || placed.Side != "bid" {
			t.Fatalf("place = %+v, %v", placed, err)
		}
		if !regexp.MustCompile(`^[A-Za-z0-9_-]{1,36}$`).MatchString(placed.ClientOrderID) {
			t.Errorf("client_order_id %q does not match the spec's pattern", placed.ClientOrderID)
		}
		cancelled, err := r.cancel(ctx, placed.OrderID)
		if err != nil || cancelled.OrderID != placed.OrderID || cancelled.ClientOrderID != placed.ClientOrderID {
			t.Fatalf("cancel of %+v = %+v, %v", placed, cancelled, err)
		}
	}
	if dials != 1 {
		t.Errorf("the raw calls dialled %d connections, want 1", dials)
	}
}

func TestRawClientNeedsKeys(t *testing.T) {
	t.Setenv("BITHUMB_ACCESS_KEY", "")
	t.Setenv("BITHUMB_SECRET_KEY", "secret")
	if _, err := newRawClient("http://127.0.0.1:1"); err == nil {
		t.Fatal("newRawClient without an access key: no error")
	}
}
