// Package market is the simulator's market-data model: a seeded,
// deterministic price process per market, the synthetic liquidity book
// that stands for the rest of the exchange's traders, the trade tape, and
// candles of every unit built from it.
//
// # Model
//
// Time is split into steps (one second of exchange time by default). At
// every step the mid price takes a random-walk step whose size follows
// the market's annual volatility, and with some probability a synthetic
// trade between outside traders prints on the tape. The synthetic book
// is regenerated around the mid at every step: 30 levels per side one
// tick apart (using the KRW tick table, §8.2 of REST.md, or the market's
// fixed tick), with sizes drawn from the seed. A trade of a simulator
// user re-anchors the mid at its price, so user fills move the ticker and
// the book.
//
// Before the live period starts (Config.LiveStart), history is a
// deterministic multi-scale noise path evaluated per minute, so candles
// of every unit (minutes 1 to 240, days, weeks, months) exist from the
// first request, back Config.HistoryDays days. Candles from the live
// period are aggregates of the tape. Days, weeks and months start at
// 00:00 KST (weeks on Monday), as on Bithumb.
//
// # Concurrency
//
// A Market is not safe for concurrent use: the engine owns the markets
// and serialises every call under its own lock.
package market
