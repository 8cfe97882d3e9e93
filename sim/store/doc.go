// Package store keeps the simulator's exchange state in a bbolt file so
// that a paper-trading run survives a restart: accounts, orders with
// their fills, transfers, TWAP orders, counters and (at checkpoints) the
// market tape and live candles.
//
// A Store implements engine.Persister: the engine hands it the records
// each operation changed, and Save writes them in one transaction. Open
// locks the file, so one process uses a data directory at a time; Close
// releases it. A Store is safe for concurrent use.
package store
