package main

import (
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

func TestKRWTickTable(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ price, tick string }{
		{"0.5", "0.0001"}, {"0.9999", "0.0001"}, {"1", "0.001"}, {"9.999", "0.001"}, {"10", "0.01"},
		{"99.99", "0.01"}, {"100", "1"}, {"999", "1"}, {"1000", "1"}, {"4999", "1"}, {"5000", "5"},
		{"9995", "5"}, {"10000", "10"}, {"49990", "10"}, {"50000", "50"}, {"99950", "50"}, {"100000", "100"},
		{"499900", "100"}, {"500000", "500"}, {"999500", "500"}, {"1000000", "1000"}, {"150000000", "1000"},
	} {
		if got := krwTick(decimal.MustParse(c.price)); !got.Equal(decimal.MustParse(c.tick)) {
			t.Errorf("krwTick(%s) = %s, want %s", c.price, got, c.tick)
		}
	}
}

// chanceOf is a /v1/orders/chance answer for market with min total 5000
// (quote currency) and the given price unit, fees and balances.
func chanceOf(market string, priceUnit *decimal.Decimal, quoteBalance, baseBalance string) *bithumb.OrderChance {
	base, quote, _ := strings.Cut(market, "-")
	base, quote = quote, base
	side := func(cur string) bithumb.OrderChanceSide {
		return bithumb.OrderChanceSide{Currency: cur, MinTotal: decimal.MustParse("5000"), PriceUnit: priceUnit}
	}
	return &bithumb.OrderChance{
		BidFee: decimal.MustParse("0.0025"), AskFee: decimal.MustParse("0.004"),
		BidAccount: bithumb.Account{Currency: quote, Balance: decimal.MustParse(quoteBalance)},
		AskAccount: bithumb.Account{Currency: base, Balance: decimal.MustParse(baseBalance)},
		Market: bithumb.OrderChanceMarket{
			ID: market, Bid: side(quote), Ask: side(base), MaxTotal: bithumb.Ptr(decimal.MustParse("1000000000")),
			BidTypes: &[]string{"limit", "price"}, AskTypes: &[]string{"limit", "market"},
		},
	}
}

func TestOrderQuoteProblems(t *testing.T) {
	t.Parallel()
	limit := func(side bithumb.OrderSide, price, volume string) bithumb.PlaceOrderRequest {
		return bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: side, OrderType: bithumb.OrderTypeLimit,
			Price: decimal.MustParse(price), Volume: decimal.MustParse(volume)}
	}
	unit := decimal.MustParse("0.00000001")
	for _, c := range []struct {
		name   string
		req    bithumb.PlaceOrderRequest
		chance *bithumb.OrderChance
		last   string
		want   []string
	}{
		{"fine", limit(bithumb.OrderSideBid, "140000000", "0.001"), chanceOf("KRW-BTC", nil, "1000000", "0"), "0", nil},
		{"off tick", limit(bithumb.OrderSideBid, "5003", "2"), chanceOf("KRW-BTC", nil, "1000000", "0"), "0",
			[]string{"--price 5003 is not a multiple of the tick size 5 at that price: use 5000 or 5005"}},
		{"price unit of a non-KRW market", bithumb.PlaceOrderRequest{Market: "BTC-ETH", Side: bithumb.OrderSideAsk,
			OrderType: bithumb.OrderTypeLimit, Price: decimal.MustParse("0.033300005"), Volume: decimal.MustParse("1000000")},
			chanceOf("BTC-ETH", &unit, "0", "2000000"), "0",
			[]string{"--price 0.033300005 is not a multiple of the tick size 0.00000001 at that price: use 0.03330000 or 0.03330001"}},
		{"under the minimum", limit(bithumb.OrderSideAsk, "1000", "4"), chanceOf("KRW-BTC", nil, "0", "10"), "0",
			[]string{"the total, 4000 KRW, is under the minimum order total of 5000 KRW: raise --price or --volume"}},
		{"over the maximum", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypePrice,
			Price: decimal.MustParse("2000000000")}, chanceOf("KRW-BTC", nil, "9000000000", "0"), "0",
			[]string{"the total, 2000000000 KRW, is over the maximum order total of 1000000000 KRW: lower --price (the total to spend)"}},
		{"a buy needs the fee too", limit(bithumb.OrderSideBid, "10000", "1"), chanceOf("KRW-BTC", nil, "10000", "0"), "0",
			[]string{"the order needs 10025 KRW but 10000 KRW is available: lower --price or --volume"}},
		{"a sell needs the volume", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideAsk, OrderType: bithumb.OrderTypeMarket,
			Volume: decimal.MustParse("0.5")}, chanceOf("KRW-BTC", nil, "0", "0.4"), "150000000",
			[]string{"the order needs 0.5 BTC but 0.4 BTC is available: lower --volume"}},
		{"a market sell under the minimum at the last price", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideAsk,
			OrderType: bithumb.OrderTypeMarket, Volume: decimal.MustParse("0.00001")}, chanceOf("KRW-BTC", nil, "0", "1"), "150000000",
			[]string{"the total, about 1500 KRW, is under the minimum"}},
		{"a type the market does not take", bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeBest,
			TimeInForce: bithumb.TimeInForceIoc, Price: decimal.MustParse("10000")}, chanceOf("KRW-BTC", nil, "100000", "0"), "0",
			[]string{"--type best: KRW-BTC takes buy orders of type limit, price"}},
	} {
		q := newOrderQuote(c.req, c.chance, decimal.MustParse(c.last))
		got := q.problems()
		if len(got) != len(c.want) {
			t.Errorf("%s: problems %q, want %q", c.name, got, c.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], c.want[i]) {
				t.Errorf("%s: problem %q, want %q", c.name, got[i], c.want[i])
			}
		}
	}
}

func TestOrderQuoteFeeUsesTheSidesRate(t *testing.T) {
	t.Parallel()
	chance := chanceOf("KRW-BTC", nil, "0", "0")
	sell := newOrderQuote(bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideAsk, OrderType: bithumb.OrderTypeLimit,
		Price: decimal.MustParse("10000"), Volume: decimal.MustParse("1.5")}, chance, decimal.Decimal{})
	if !sell.total.Equal(decimal.MustParse("15000")) || !sell.fee.Equal(decimal.MustParse("60")) || sell.estimated() {
		t.Errorf("sell: total %s fee %s estimated %v", sell.total, sell.fee, sell.estimated())
	}
	buy := newOrderQuote(bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypePrice,
		Price: decimal.MustParse("10000")}, chance, decimal.Decimal{})
	if !buy.total.Equal(decimal.MustParse("10000")) || !buy.fee.Equal(decimal.MustParse("25")) {
		t.Errorf("buy: total %s fee %s", buy.total, buy.fee)
	}
}
