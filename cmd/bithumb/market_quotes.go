package main

// The quotation commands that fetch one page: markets, ticker and
// orderbook.

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

func newMarketsCommand(a *app) *cobra.Command {
	var warnings bool
	cmd := &cobra.Command{
		Use:   "markets",
		Short: "List the tradable markets with their Korean and English names",
		Long: `List the markets that Bithumb trades (GET /v1/market/all), with their
Korean and English names. With --warnings each market also shows its
market warning: CAUTION or NONE.`,
		Example: `  bithumb markets
  bithumb markets --warnings
  bithumb markets --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.newClient("markets", noKeys)
			if err != nil {
				return err
			}
			markets, err := c.ListMarkets(commandContext(cmd), bithumb.ListMarketsParams{IsDetails: &warnings})
			if err != nil {
				return err
			}
			return a.print(markets, func() *table {
				t := &table{Header: []string{"MARKET", "KOREAN", "ENGLISH"}}
				if warnings {
					t.Header = append(t.Header, "WARNING")
				}
				for _, m := range markets {
					row := []string{m.Market, m.KoreanName, m.EnglishName}
					if warnings && m.MarketWarning != nil {
						row = append(row, string(*m.MarketWarning))
					}
					t.Add(row...)
				}
				return t
			})
		},
	}
	cmd.Flags().BoolVar(&warnings, "warnings", false, "show each market's warning (CAUTION or NONE)")
	return cmd
}

func newTickerCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "ticker MARKET...",
		Short: "Show the current price of markets",
		Long: `Show the current price of each MARKET (GET /v1/ticker): the last trade
price, the change since the previous close (00:00 KST), the day's high and
low, and the volume and value traded in the last 24 hours. Up to 200
markets; every number is printed with all of its digits.`,
		Example: `  bithumb ticker KRW-BTC
  bithumb ticker KRW-BTC KRW-ETH KRW-XRP
  bithumb ticker KRW-BTC --json`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: a.completeMarkets(true),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkMarkets(args); err != nil {
				return err
			}
			c, err := a.newClient("ticker", noKeys)
			if err != nil {
				return err
			}
			tickers, err := c.ListTickers(commandContext(cmd), args...)
			if err != nil {
				return quoteError(err)
			}
			return a.print(tickers, func() *table {
				t := &table{
					Header: []string{"MARKET", "PRICE", "CHANGE", "RATE", "HIGH", "LOW", "VOLUME 24H", "VALUE 24H"},
					Right:  []bool{false, true, true, true, true, true, true, true},
				}
				for _, k := range tickers {
					t.Add(k.Market, k.TradePrice.String(), signed(k.SignedChangePrice), percent(k.SignedChangeRate),
						k.HighPrice.String(), k.LowPrice.String(), k.AccTradeVolume24H.String(), k.AccTradePrice24H.String())
				}
				return t
			})
		},
	}
}

// signed writes d with its sign, + for a positive value.
func signed(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + d.String()
	}
	return d.String()
}

// percent writes the rate d (0.0123) as a signed percentage (+1.23%),
// exactly.
func percent(d decimal.Decimal) string {
	return signed(d.Mul(decimal.NewFromInt(100))) + "%"
}

// maxDepth is the most levels that Bithumb's orderbook has for one market.
const maxDepth = 30

func newOrderbookCommand(a *app) *cobra.Command {
	var depth int
	cmd := &cobra.Command{
		Use:   "orderbook MARKET",
		Short: "Show the orderbook of a market",
		Long: fmt.Sprintf(`Show the orderbook of MARKET (GET /v1/orderbook): the asks from the
highest shown down to the best, then the bids from the best down, --depth
levels each (1 to %d), with the total size on each side. With --json the
orderbook is printed with --depth levels.`, maxDepth),
		Example: `  bithumb orderbook KRW-BTC
  bithumb orderbook KRW-BTC --depth 5
  bithumb orderbook KRW-ETH --depth 3 --json`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeMarkets(false),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkMarkets(args); err != nil {
				return err
			}
			if err := checkCount("depth", depth, maxDepth); err != nil {
				return err
			}
			c, err := a.newClient("orderbook", noKeys)
			if err != nil {
				return err
			}
			books, err := c.ListOrderbooks(commandContext(cmd), args[0])
			if err != nil {
				return quoteError(err)
			}
			if len(books) != 1 {
				return fmt.Errorf("the server answered %d orderbooks for %s, want 1", len(books), args[0])
			}
			book := books[0]
			book.OrderbookUnits = book.OrderbookUnits[:min(depth, len(book.OrderbookUnits))]
			return a.print(book, func() *table { return orderbookTable(book) })
		},
	}
	cmd.Flags().IntVar(&depth, "depth", 10, fmt.Sprintf("levels shown on each side (`N`, 1 to %d)", maxDepth))
	return cmd
}

// orderbookTable lays book out as a ladder: asks from the highest down,
// then bids from the best down, and the totals of each side.
func orderbookTable(book bithumb.Orderbook) *table {
	t := &table{Header: []string{"SIDE", "PRICE", "SIZE"}, Right: []bool{false, true, true}}
	units := book.OrderbookUnits
	for i := len(units) - 1; i >= 0; i-- {
		t.Add("ask", units[i].AskPrice.String(), units[i].AskSize.String())
	}
	for _, u := range units {
		t.Add("bid", u.BidPrice.String(), u.BidSize.String())
	}
	t.Add("total ask", "", book.TotalAskSize.String())
	t.Add("total bid", "", book.TotalBidSize.String())
	return t
}
