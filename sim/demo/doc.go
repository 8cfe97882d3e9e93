// Package demo is an offline tour of bithumb-go: it starts a simulator in
// the same process (on a loopback port) and drives it with the root
// bithumb client, printing each step: markets, a ticker and an orderbook,
// a limit order that rests and is cancelled, then a marketable order with
// its fills and the new balances.
//
// It needs no network beyond loopback and no API keys: the simulator
// generates them.
package demo
