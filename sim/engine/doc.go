// Package engine is the simulator's exchange: accounts with balance,
// locked funds and average buy price; order placement with Bithumb's
// validations and error names; price-time matching against the resting
// orders of every account and the synthetic liquidity of package market;
// cancels, order queries, TWAP orders, deposits and withdrawals with their
// state machines; and an event feed of order updates, fills, balance
// changes and public trades.
//
// The engine knows nothing about HTTP. All its state sits behind one
// mutex, so an *Engine is safe for concurrent use; every method first
// brings the markets, transfers and TWAP orders up to the engine's clock
// (an injected clock.Clock), so a test that moves a fake clock sees the
// same results on every run.
//
// # Money
//
// Every amount is an exact decimal. Funds move only between accounts: the
// liquidity account (LiquidityAccount) stands for the rest of the market
// and takes the other side of every synthetic fill, and fees are kept in
// FeesCollected. So for every currency, the sum of balance and locked
// over all accounts plus the fees collected changes only through deposits
// and withdrawals. A bid locks price × volume plus the fee at the higher
// of the maker and taker rates; an ask locks its volume; whatever an order
// did not use is released when it ends.
//
// # Choices where Bithumb's behaviour is unknown
//
//   - An unknown market is 400 invalid_parameter.
//   - Insufficient funds, a total below the minimum or above the maximum,
//     and a reused client_order_id are 400 insufficient_funds_bid/ask,
//     under_min_total_bid/ask, over_max_total and
//     duplicate_client_order_id (Upbit's names).
//   - Self-trade prevention (Bithumb, since 2026-05-07) cancels the taker
//     (stp_type cancel_taker, on every order): an order that would trade
//     with a resting order of the same account is placed, not refused;
//     it trades with what comes before that order, and its remainder is
//     cancelled with cancel_type "stp_cancel" and CancelingID naming the
//     resting order, which stays as it was. A fok order is cancelled
//     whole. The error name cross_trading stays known but is no longer
//     answered at placement.
//   - best orders and time in force are for KRW markets only (Bithumb
//     changelog, 2026-06-30): elsewhere they are 400 invalid_parameter.
//   - ioc and fok remainders, post_only orders that would take liquidity
//     and market orders the book cannot fill are accepted and end in state
//     cancel with cancel_type "tif_cancel" (market orders: "unfilled").
//   - A cancel is applied at once (Bithumb accepts it and cancels shortly
//     after). Cancelling a cancelled order succeeds again; cancelling a
//     done or unknown order is 404 order_not_found. With
//     Config.OrderNotReady set, a cancel within that time of placement is
//     422 order_not_ready.
//   - At one price, resting orders of simulator accounts trade before the
//     synthetic liquidity.
package engine
