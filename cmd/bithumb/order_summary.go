package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// summary shows the order as the confirmation prompt and --dry-run do:
// market, side, order type, price, volume, total and fee.
func (q *orderQuote) summary() *table {
	req := q.req
	t := &table{Header: []string{"ORDER", ""}}
	market := req.Market
	if q.chance.Market.Name != "" {
		market += " (" + q.chance.Market.Name + ")"
	}
	t.Add("market", market)
	t.Add("side", fmt.Sprintf("%s (%s)", req.Side, sideWord(req.Side)))
	orderType := string(req.OrderType)
	if req.TimeInForce != "" {
		orderType += ", " + string(req.TimeInForce)
	}
	t.Add("order type", orderType)
	about := ""
	switch {
	case req.OrderType == bithumb.OrderTypeLimit:
		t.Add("price", req.Price.String()+" "+q.quote)
		t.Add("volume", req.Volume.String()+" "+q.base)
	case req.Side == bithumb.OrderSideBid:
		t.Add("price", "market (best available)")
		t.Add("volume", "what "+req.Price.String()+" "+q.quote+" buys")
	default:
		about = "about "
		t.Add("price", "market (last trade "+q.lastPrice.String()+" "+q.quote+")")
		t.Add("volume", req.Volume.String()+" "+q.base)
	}
	t.Add("total", about+q.total.Normalize().String()+" "+q.quote)
	t.Add("fee", fmt.Sprintf("%s%s %s (%s%%)", about, q.fee.Normalize(), q.quote, q.feeRate.Mul(decimal.NewFromInt(100)).Normalize()))
	t.Add("client order id", req.ClientOrderID)
	return t
}

// dryRun is what --dry-run --json prints: the order as it would be sent,
// what it costs, and what Bithumb would refuse in it.
type dryRun struct {
	// Request is the body of POST /v2/orders.
	Request bithumb.PlaceOrderRequest `json:"request"`
	// Total is what the order trades in the quote currency, and Fee the
	// fee on it at FeeRate; both are estimates at the last price when
	// Estimated is true.
	Total     decimal.Decimal `json:"total"`
	Fee       decimal.Decimal `json:"fee"`
	FeeRate   decimal.Decimal `json:"fee_rate"`
	Estimated bool            `json:"estimated"`
	// Problems lists what Bithumb would refuse; empty when the order
	// passes the local checks.
	Problems []string `json:"problems"`
}

// printDryRun prints the summary, the problems found and the request
// that would be sent, and fails when there are problems.
func (a *app) printDryRun(q *orderQuote, problems []string) error {
	if problems == nil {
		problems = []string{}
	}
	if a.global.json {
		err := a.printJSON(dryRun{Request: q.req, Total: q.total, Fee: q.fee, FeeRate: q.feeRate, Estimated: q.estimated(), Problems: problems})
		if err == nil && len(problems) > 0 {
			err = &exitError{code: 1}
		}
		return err
	}
	if err := q.summary().Write(a.stdout); err != nil {
		return err
	}
	body, err := json.Marshal(q.req)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		fmt.Fprintln(a.stdout, "\nThe order would be refused:")
		for _, p := range problems {
			fmt.Fprintln(a.stdout, "  ✘ "+p)
		}
		fmt.Fprintf(a.stdout, "\nDry run: nothing was sent. The request would be:\nPOST /v2/orders %s\n", body)
		return &exitError{code: 1}
	}
	fmt.Fprintf(a.stdout, "\n✔ The order passes the local checks (order type, tick size, minimum and maximum total, balance).\nDry run: nothing was sent. The request would be:\nPOST /v2/orders %s\n", body)
	return nil
}

// exchangeTime prints an exchange time in its own zone (KST as Bithumb
// sends it), to the second.
func exchangeTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02 15:04:05 -07:00")
}
