package market

import "github.com/bithumb-go/bithumb/decimal"

// krwTicks is the KRW price tick table (REST.md §8.2): the tick of a price
// is the step of the first row whose bound exceeds the price.
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

var krwTopTick = decimal.NewFromInt(1000)

// KRWTick returns the tick size of a KRW-market price.
func KRWTick(price decimal.Decimal) decimal.Decimal {
	for _, r := range krwTicks {
		if price.LessThan(r.below) {
			return r.step
		}
	}
	return krwTopTick
}

// krwTickFloat is KRWTick for the float price process.
func krwTickFloat(p float64) float64 {
	switch {
	case p < 1:
		return 0.0001
	case p < 10:
		return 0.001
	case p < 100:
		return 0.01
	case p < 5_000:
		return 1
	case p < 10_000:
		return 5
	case p < 50_000:
		return 10
	case p < 100_000:
		return 50
	case p < 500_000:
		return 100
	case p < 1_000_000:
		return 500
	}
	return 1000
}
