package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// krwTicks is Bithumb's KRW price tick table: a price below `below` must
// be a multiple of step; from 1,000,000 KRW up the step is 1,000. The
// simulator keeps its own copy (sim/market) on purpose: a client check
// and the exchange it is tested against must not share code, so that a
// mistake in one shows up against the other.
var krwTicks = []struct{ below, step decimal.Decimal }{
	{decimal.NewFromInt(1), decimal.New(1, -4)},
	{decimal.NewFromInt(10), decimal.New(1, -3)},
	{decimal.NewFromInt(100), decimal.New(1, -2)},
	{decimal.NewFromInt(5_000), decimal.NewFromInt(1)},
	{decimal.NewFromInt(10_000), decimal.NewFromInt(5)},
	{decimal.NewFromInt(50_000), decimal.NewFromInt(10)},
	{decimal.NewFromInt(100_000), decimal.NewFromInt(50)},
	{decimal.NewFromInt(500_000), decimal.NewFromInt(100)},
	{decimal.NewFromInt(1_000_000), decimal.NewFromInt(500)},
}

// krwTick returns the tick size of price on a KRW market.
func krwTick(price decimal.Decimal) decimal.Decimal {
	for _, r := range krwTicks {
		if price.LessThan(r.below) {
			return r.step
		}
	}
	return decimal.NewFromInt(1_000)
}

// orderQuote is what an order costs and needs, worked out from the order
// and its market's /v1/orders/chance before anything is sent.
type orderQuote struct {
	req    bithumb.PlaceOrderRequest
	chance *bithumb.OrderChance
	// lastPrice is the market's last trade price, which estimates the
	// total of orders that name no price (market and best sells); zero
	// when the order names its total.
	lastPrice decimal.Decimal
	// total is what the order trades in the quote currency (estimated
	// when lastPrice is set); fee is the fee at feeRate on total.
	total, fee, feeRate decimal.Decimal
	quote, base         string // currencies: KRW and BTC of KRW-BTC
}

// newOrderQuote works out the total and the fee of req on the market of
// chance; lastPrice estimates the total of orders that name no price.
func newOrderQuote(req bithumb.PlaceOrderRequest, chance *bithumb.OrderChance, lastPrice decimal.Decimal) *orderQuote {
	q := &orderQuote{req: req, chance: chance, quote: chance.Market.Bid.Currency, base: chance.Market.Ask.Currency}
	q.feeRate = chance.AskFee
	if req.Side == bithumb.OrderSideBid {
		q.feeRate = chance.BidFee
	}
	switch {
	case req.OrderType == bithumb.OrderTypeLimit:
		q.total = req.Price.Mul(req.Volume)
	case req.Side == bithumb.OrderSideBid: // price and best buys: the total to spend
		q.total = req.Price
	default: // market and best sells: volume at about the last price
		q.lastPrice = lastPrice
		q.total = req.Volume.Mul(lastPrice)
	}
	q.fee = q.total.Mul(q.feeRate)
	return q
}

// estimated reports whether total and fee are estimates at the last price.
func (q *orderQuote) estimated() bool { return !q.lastPrice.IsZero() }

// problems returns what Bithumb would refuse in the order, each naming
// the flag to change: an order type the market does not take, a limit
// price off the tick size, a total under the market's minimum or over its
// maximum, and a balance too small to pay for it.
func (q *orderQuote) problems() []string {
	var out []string
	req, m := q.req, q.chance.Market
	side := m.Bid
	types, account := m.BidTypes, q.chance.BidAccount
	if req.Side == bithumb.OrderSideAsk {
		side, types, account = m.Ask, m.AskTypes, q.chance.AskAccount
	}
	if types != nil && !slices.Contains(*types, string(req.OrderType)) {
		out = append(out, fmt.Sprintf("--type %s: %s takes %s orders of type %s", req.OrderType, m.ID, sideWord(req.Side), strings.Join(*types, ", ")))
	}
	if req.OrderType == bithumb.OrderTypeLimit {
		tick := krwTick(req.Price)
		if side.PriceUnit != nil && side.PriceUnit.IsPositive() {
			tick = *side.PriceUnit
		} else if q.quote != "KRW" {
			tick = decimal.Decimal{}
		}
		if !tick.IsZero() {
			if down := req.Price.RoundToStep(tick, decimal.Down); !down.Equal(req.Price) {
				out = append(out, fmt.Sprintf("--price %s is not a multiple of the tick size %s at that price: use %s or %s",
					req.Price, tick, down, down.Add(tick)))
			}
		}
	}
	about := ""
	if q.estimated() {
		about = "about "
	}
	if q.total.LessThan(side.MinTotal) {
		out = append(out, fmt.Sprintf("the total, %s%s %s, is under the minimum order total of %s %s: raise %s",
			about, q.total.Normalize(), q.quote, side.MinTotal, q.quote, amountFlag(req)))
	}
	if m.MaxTotal != nil && q.total.GreaterThan(*m.MaxTotal) {
		out = append(out, fmt.Sprintf("the total, %s%s %s, is over the maximum order total of %s %s: lower %s",
			about, q.total.Normalize(), q.quote, *m.MaxTotal, q.quote, amountFlag(req)))
	}
	need, cur := req.Volume, q.base
	if req.Side == bithumb.OrderSideBid {
		need, cur = q.total.Add(q.fee), q.quote
	}
	if account.Balance.LessThan(need) {
		out = append(out, fmt.Sprintf("the order needs %s %s but %s %s is available: lower %s",
			need.Normalize(), cur, account.Balance, cur, amountFlag(req)))
	}
	return out
}

// amountFlag names the flags that set the amount of req.
func amountFlag(req bithumb.PlaceOrderRequest) string {
	switch {
	case req.OrderType == bithumb.OrderTypeLimit:
		return "--price or --volume"
	case req.Side == bithumb.OrderSideBid:
		return "--price (the total to spend)"
	}
	return "--volume"
}

// sideWord names a side as a trader says it.
func sideWord(s bithumb.OrderSide) string {
	if s == bithumb.OrderSideBid {
		return "buy"
	}
	return "sell"
}
