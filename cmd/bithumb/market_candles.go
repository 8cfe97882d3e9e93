package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/wire"
)

// Paging limits of the candles command.
const (
	candlesPageSize = 200    // the most candles that one candles request returns
	maxCandles      = 10_000 // the most candles that one command fetches
)

// intervals lists the values of --interval in order, for help and errors.
var intervals = []string{"1m", "3m", "5m", "10m", "15m", "30m", "1h", "4h", "1d", "1w", "1M"}

// minuteUnits maps the minute intervals to the unit of
// /v1/candles/minutes/{unit}.
var minuteUnits = map[string]bithumb.ListMinuteCandlesParamsUnit{
	"1m": 1, "3m": 3, "5m": 5, "10m": 10, "15m": 15, "30m": 30, "1h": 60, "4h": 240,
}

type candlesOptions struct {
	interval string
	count    int
	chart    bool
}

func newCandlesCommand(a *app) *cobra.Command {
	var o candlesOptions
	cmd := &cobra.Command{
		Use:   "candles MARKET",
		Short: "Show the candles of a market as a table or a chart",
		Long: fmt.Sprintf(`Show the candles (open, high, low, close and volume) of MARKET, newest
first, the time of each in KST (day candles open at 00:00 KST). --interval
is one of %s (1M: a month).

--chart draws the candles in the terminal instead, oldest on the left, one
column each, with a price axis: a rising candle (close at or above open)
has a hollow body ┃, a falling one a filled body █, and │ is the wick from
the low to the high. On a terminal, unless NO_COLOR is set, rising candles
are red and falling ones blue, as Korean exchanges show them. The chart
fits the width of the terminal (COLUMNS, else the terminal's size, else
80); without --count it fetches as many candles as fit. With --json the
candles are printed as the API gives them, newest first, chart or not.

--count N fetches N candles (1 to %d; default 30 for the table). Above
%d, the page size of the API, the candles are fetched page by page, each
page ending where the previous one started, and the progress is reported
on standard error.`, strings.Join(intervals, ", "), maxCandles, candlesPageSize),
		Example: `  bithumb candles KRW-BTC
  bithumb candles KRW-BTC --interval 1h --count 48
  bithumb candles KRW-ETH --interval 1d --chart
  bithumb candles KRW-BTC --interval 1m --count 500 --chart
  bithumb candles KRW-XRP --interval 1w --count 3 --json`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeMarkets(false),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("count") {
				o.count = 0 // chosen by runCandles
			}
			return a.runCandles(commandContext(cmd), args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.interval, "interval", "1d", "candle length: "+strings.Join(intervals, ", "))
	f.IntVar(&o.count, "count", 30, fmt.Sprintf("number of candles (`N`, 1 to %d)", maxCandles))
	f.BoolVar(&o.chart, "chart", false, "draw the candles in the terminal instead of a table")
	return cmd
}

func (a *app) runCandles(ctx context.Context, market string, o candlesOptions) error {
	if err := checkMarkets([]string{market}); err != nil {
		return err
	}
	_, minutes := minuteUnits[o.interval]
	if !minutes && o.interval != "1d" && o.interval != "1w" && o.interval != "1M" {
		return fmt.Errorf("--interval %q: want one of %s", o.interval, strings.Join(intervals, ", "))
	}
	width := a.terminalWidth()
	auto := o.count == 0 // sized to the chart: the newest that fit are drawn without a word
	switch {
	case o.count == 0 && o.chart:
		o.count = min(width, maxCandles)
	case o.count == 0:
		o.count = 30
	}
	if err := checkCount("count", o.count, maxCandles); err != nil {
		return err
	}
	c, err := a.newClient("candles", noKeys)
	if err != nil {
		return err
	}
	var values any // what --json prints: the SDK's candles
	var rows []candle
	switch unit := minuteUnits[o.interval]; o.interval {
	case "1d":
		values, rows, err = fetchCandles(ctx, a, o.count, func(ctx context.Context, to *string, n int64) ([]bithumb.DayCandle, error) {
			return c.ListDayCandles(ctx, bithumb.ListDayCandlesParams{Market: market, To: to, Count: &n})
		}, func(k bithumb.DayCandle) candle {
			return candle{k.CandleDateTimeKST, k.OpeningPrice, k.HighPrice, k.LowPrice, k.TradePrice, k.CandleAccTradeVolume}
		})
	case "1w", "1M":
		list := c.ListWeekCandles
		if o.interval == "1M" {
			list = func(ctx context.Context, p bithumb.ListWeekCandlesParams) ([]bithumb.PeriodCandle, error) {
				return c.ListMonthCandles(ctx, bithumb.ListMonthCandlesParams(p))
			}
		}
		values, rows, err = fetchCandles(ctx, a, o.count, func(ctx context.Context, to *string, n int64) ([]bithumb.PeriodCandle, error) {
			return list(ctx, bithumb.ListWeekCandlesParams{Market: market, To: to, Count: &n})
		}, func(k bithumb.PeriodCandle) candle {
			return candle{k.CandleDateTimeKST, k.OpeningPrice, k.HighPrice, k.LowPrice, k.TradePrice, k.CandleAccTradeVolume}
		})
	default:
		values, rows, err = fetchCandles(ctx, a, o.count, func(ctx context.Context, to *string, n int64) ([]bithumb.MinuteCandle, error) {
			return c.ListMinuteCandles(ctx, unit, bithumb.ListMinuteCandlesParams{Market: market, To: to, Count: &n})
		}, func(k bithumb.MinuteCandle) candle {
			return candle{k.CandleDateTimeKST, k.OpeningPrice, k.HighPrice, k.LowPrice, k.TradePrice, k.CandleAccTradeVolume}
		})
	}
	if err != nil {
		return quoteError(err)
	}
	if a.global.json {
		return a.printJSON(values)
	}
	if o.chart {
		return a.drawCandles(strings.ToUpper(market)+" "+o.interval, rows, width, !auto)
	}
	return candleTable(rows).Write(a.stdout)
}

// fetchCandles fetches count candles, newest first, with page (one
// request of at most n candles before to, nil for now) page by page when
// count exceeds candlesPageSize: each page ends where the previous one
// started (to is exclusive). It stops early when the server has no more,
// and reports the progress of a paged fetch on standard error. It returns
// the SDK's values and, for the table and the chart, their candles as
// toCandle makes them.
func fetchCandles[T any](ctx context.Context, a *app, count int, page func(ctx context.Context, to *string, n int64) ([]T, error), toCandle func(T) candle) ([]T, []candle, error) {
	var (
		all  []T
		rows []candle
		to   *string
	)
	for len(all) < count {
		want := min(count-len(all), candlesPageSize)
		got, err := page(ctx, to, int64(want))
		if err != nil {
			return nil, nil, err
		}
		added := 0
		for _, v := range got[:min(len(got), want)] {
			k := toCandle(v)
			if len(rows) > 0 && !k.start.Time().Before(rows[len(rows)-1].start.Time()) {
				continue // already fetched: a server that ignores to
			}
			all, rows = append(all, v), append(rows, k)
			added++
		}
		if count > candlesPageSize {
			a.progress("fetched %d/%d candles", len(all), count)
		}
		if len(got) < want || added == 0 {
			break // no more candles, or no progress
		}
		start := rows[len(rows)-1].start.Time().In(wire.KST).Format("2006-01-02 15:04:05")
		to = &start
	}
	return all, rows, nil
}

// candleTable lays out candles newest first, as the API gives them.
func candleTable(rows []candle) *table {
	t := &table{Header: []string{"TIME (KST)", "OPEN", "HIGH", "LOW", "CLOSE", "VOLUME"}, Right: []bool{false, true, true, true, true, true}}
	for _, k := range rows {
		t.Add(k.start.Time().In(wire.KST).Format("2006-01-02 15:04"), k.open.String(), k.high.String(), k.low.String(), k.close.String(), k.volume.String())
	}
	return t
}
