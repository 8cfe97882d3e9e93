package main

// What the market-data commands (markets, ticker, orderbook, trades,
// candles) share: the check of market codes and of counts.

import (
	"errors"
	"fmt"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/validation"
)

// marketRule is the spec's rule for a market code (QUOTE-BASE such as
// KRW-BTC), the one that the SDK checks before sending.
var marketRule = validation.Field("listTrades", "market")

// checkMarkets checks each market code of args by the spec's rule, as the
// SDK does before sending, and names the argument in the error: MARKET
// when the command takes one, MARKET[i] (from 1) when it takes several.
func checkMarkets(args []string) error {
	for i, code := range args {
		name := "MARKET"
		if len(args) > 1 {
			name = fmt.Sprintf("MARKET[%d]", i+1)
		}
		if err := marketRule.CheckText(name, code); err != nil {
			var ve *validation.Error
			if errors.As(err, &ve) {
				return fmt.Errorf("invalid %s %q: %s", ve.Field, ve.Value, ve.Reason)
			}
			return err
		}
	}
	return nil
}

// checkCount checks the value n of the count flag name: at least 1 and at
// most limit, the most that a command fetches page by page.
func checkCount(name string, n, limit int) error {
	if n < 1 || n > limit {
		return fmt.Errorf("--%s %d: want 1 to %d", name, n, limit)
	}
	return nil
}

// quoteError adds to the error of a quotation call what to do about an
// unknown market: Bithumb answers "Code not found" for a code that is
// well formed but not listed.
func quoteError(err error) error {
	if errors.Is(err, bithumb.ErrNotFound) {
		return fmt.Errorf("%w (bithumb markets lists the markets)", err)
	}
	return err
}
