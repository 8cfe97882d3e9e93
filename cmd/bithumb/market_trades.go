package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// Paging limits of the trades command.
const (
	tradesPageSize = 500    // the most trades that one GET /v1/trades/ticks returns
	maxTrades      = 10_000 // the most trades that one command fetches
)

func newTradesCommand(a *app) *cobra.Command {
	var count, daysAgo int
	cmd := &cobra.Command{
		Use:   "trades MARKET",
		Short: "Show the recent trades of a market",
		Long: fmt.Sprintf(`Show the recent trades of MARKET (GET /v1/trades/ticks), newest first:
the time (UTC), the side of the taker (ASK: a sell, BID: a buy), the price
and the volume.

--count N fetches N trades (1 to %d). Above %d, the page size of the API,
the trades are fetched page by page, each page before the last trade of the
previous one (its sequential_id as the cursor), and the progress is
reported on standard error. --days-ago D (1 to 7) starts D days back
instead of now.`, maxTrades, tradesPageSize),
		Example: `  bithumb trades KRW-BTC
  bithumb trades KRW-BTC --count 100
  bithumb trades KRW-ETH --count 5 --json
  bithumb trades KRW-BTC --days-ago 1 --count 3`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeMarkets(false),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkMarkets(args); err != nil {
				return err
			}
			if err := checkCount("count", count, maxTrades); err != nil {
				return err
			}
			params := bithumb.ListTradesParams{Market: args[0]}
			if cmd.Flags().Changed("days-ago") {
				if daysAgo < 1 || daysAgo > 7 {
					return fmt.Errorf("--days-ago %d: want 1 to 7", daysAgo)
				}
				params.DaysAgo = bithumb.Ptr(int64(daysAgo))
			}
			c, err := a.newClient("trades", noKeys)
			if err != nil {
				return err
			}
			trades, err := a.fetchTrades(commandContext(cmd), c, params, count)
			if err != nil {
				return quoteError(err)
			}
			return a.print(trades, func() *table {
				t := &table{Header: []string{"TIME (UTC)", "SIDE", "PRICE", "VOLUME"}, Right: []bool{false, false, true, true}}
				for _, tr := range trades {
					t.Add(tr.TradeDateUTC+" "+tr.TradeTimeUTC, string(tr.AskBid), tr.TradePrice.String(), tr.TradeVolume.String())
				}
				return t
			})
		},
	}
	cmd.Flags().IntVar(&count, "count", 20, fmt.Sprintf("number of trades (`N`, 1 to %d)", maxTrades))
	cmd.Flags().IntVar(&daysAgo, "days-ago", 0, "start `D` days back (1 to 7) instead of now")
	return cmd
}

// fetchTrades fetches count trades, newest first, page by page when
// count exceeds tradesPageSize: each page asks for the trades before the
// last one of the previous page (cursor = its sequential_id). It stops
// early when the server has no more, and reports the progress of a paged
// fetch on standard error.
func (a *app) fetchTrades(ctx context.Context, c *bithumb.Client, params bithumb.ListTradesParams, count int) ([]bithumb.Trade, error) {
	var all []bithumb.Trade
	for len(all) < count {
		want := min(count-len(all), tradesPageSize)
		params.Count = bithumb.Ptr(int64(want))
		page, err := c.ListTrades(ctx, params)
		if err != nil {
			return nil, err
		}
		all = append(all, page[:min(len(page), want)]...)
		if count > tradesPageSize {
			a.progress("fetched %d/%d trades", len(all), count)
		}
		last := len(page) - 1
		if len(page) < want || page[last].SequentialID == nil {
			break // no more trades, or no cursor to go on with
		}
		params.Cursor = bithumb.Ptr(page[last].SequentialID.String())
	}
	return all, nil
}
