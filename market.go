package bithumb

import (
	"context"
	"net/http"

	"github.com/bithumb-go/bithumb/gen"
)

// Quotation endpoints are public: they need no credentials. They answer
// errors with HTTP 200 and a numeric name; the methods turn those into an
// *APIError like any other (errors.Is(err, ErrNotFound) for an unknown
// market).

// ListMarkets returns the tradable markets. With params.IsDetails set,
// each market carries its market_warning.
//
//bithumb:operation listMarkets
func (c *Client) ListMarkets(ctx context.Context, params ListMarketsParams) ([]Market, error) {
	return callList[Market](ctx, c, "listMarkets", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListMarkets(ctx, params.toGen())
	})
}

// ListMinuteCandles returns candles of unit minutes (1, 3, 5, 10, 15, 30,
// 60 or 240), newest first.
//
//bithumb:operation listMinuteCandles
func (c *Client) ListMinuteCandles(ctx context.Context, unit ListMinuteCandlesParamsUnit, params ListMinuteCandlesParams) ([]MinuteCandle, error) {
	return callList[MinuteCandle](ctx, c, "listMinuteCandles", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListMinuteCandles(ctx, unit, params.toGen())
	})
}

// ListDayCandles returns day candles, newest first. A Bithumb day starts
// at 00:00 KST.
//
//bithumb:operation listDayCandles
func (c *Client) ListDayCandles(ctx context.Context, params ListDayCandlesParams) ([]DayCandle, error) {
	return callList[DayCandle](ctx, c, "listDayCandles", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListDayCandles(ctx, params.toGen())
	})
}

// ListWeekCandles returns week candles, newest first.
//
//bithumb:operation listWeekCandles
func (c *Client) ListWeekCandles(ctx context.Context, params ListWeekCandlesParams) ([]PeriodCandle, error) {
	return callList[PeriodCandle](ctx, c, "listWeekCandles", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListWeekCandles(ctx, params.toGen())
	})
}

// ListMonthCandles returns month candles, newest first.
//
//bithumb:operation listMonthCandles
func (c *Client) ListMonthCandles(ctx context.Context, params ListMonthCandlesParams) ([]PeriodCandle, error) {
	return callList[PeriodCandle](ctx, c, "listMonthCandles", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListMonthCandles(ctx, params.toGen())
	})
}

// ListTrades returns recent trades of a market, newest first. Page back
// with params.Cursor set to the last trade's SequentialID.
//
//bithumb:operation listTrades
func (c *Client) ListTrades(ctx context.Context, params ListTradesParams) ([]Trade, error) {
	return callList[Trade](ctx, c, "listTrades", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListTrades(ctx, params.toGen())
	})
}

// ListTickers returns the current price of each market (at most 200).
// One unknown market fails the whole call with an *APIError matching
// ErrNotFound.
//
// Beware Bithumb's quirk: TradeTimestamp (and, in 2026 data, Timestamp)
// is Korean wall-clock time encoded as if UTC, 9 hours ahead of the true
// instant; TradeDate and TradeTime are correct UTC.
//
//bithumb:operation listTickers
func (c *Client) ListTickers(ctx context.Context, markets ...string) ([]Ticker, error) {
	return callList[Ticker](ctx, c, "listTickers", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListTickers(ctx, &gen.ListTickersParams{Markets: markets})
	})
}

// ListOrderbooks returns the orderbook of each market: 30 levels for one
// market, 15 each for several. Level i pairs the i-th best ask with the
// i-th best bid.
//
//bithumb:operation listOrderbooks
func (c *Client) ListOrderbooks(ctx context.Context, markets ...string) ([]Orderbook, error) {
	return callList[Orderbook](ctx, c, "listOrderbooks", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListOrderbooks(ctx, &gen.ListOrderbooksParams{Markets: markets})
	})
}

// ListMarketWarnings returns the markets under a warning, one row per
// market and warning type.
//
//bithumb:operation listMarketWarnings
func (c *Client) ListMarketWarnings(ctx context.Context) ([]MarketWarning, error) {
	return callList[MarketWarning](ctx, c, "listMarketWarnings", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListMarketWarnings(ctx)
	})
}

// ListNotices returns Bithumb's latest notices (params.Count 1 to 20,
// default 5).
//
//bithumb:operation listNotices
func (c *Client) ListNotices(ctx context.Context, params ListNoticesParams) ([]Notice, error) {
	return callList[Notice](ctx, c, "listNotices", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListNotices(ctx, params.toGen())
	})
}

// ListTransferFees returns the deposit and withdrawal fees of currency
// (e.g. "BTC"), or of every currency for "ALL".
//
//bithumb:operation listTransferFees
func (c *Client) ListTransferFees(ctx context.Context, currency string) ([]CurrencyFees, error) {
	return callList[CurrencyFees](ctx, c, "listTransferFees", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListTransferFees(ctx, currency)
	})
}
