package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/market"
)

// FileName is the database file inside the data directory.
const FileName = "sim.db"

var (
	bAccounts  = []byte("accounts")
	bOrders    = []byte("orders")
	bTransfers = []byte("transfers")
	bTWAPs     = []byte("twaps")
	bMarkets   = []byte("markets")
	bMeta      = []byte("meta")
	kMeta      = []byte("meta")
)

// Store is an open database.
type Store struct {
	db *bolt.DB
}

// Open opens (creating if needed) the database in dir, waiting up to 2 s
// for another process to release it.
func Open(dir string) (*Store, error) { return OpenTimeout(dir, 2*time.Second) }

// OpenTimeout is Open with a chosen wait for the file lock.
func OpenTimeout(dir string, wait time.Duration) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: wait})
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", dir, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bAccounts, bOrders, bTransfers, bTWAPs, bMarkets, bMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Save writes a batch in one transaction.
func (s *Store) Save(b *engine.Batch) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := putJSON(tx.Bucket(bMeta), kMeta, b.Meta); err != nil {
			return err
		}
		for _, a := range b.Accounts {
			if err := putJSON(tx.Bucket(bAccounts), []byte(a.ID), a); err != nil {
				return err
			}
		}
		for _, o := range b.Orders {
			if err := putJSON(tx.Bucket(bOrders), []byte(o.ID), o); err != nil {
				return err
			}
		}
		for _, t := range b.Transfers {
			if err := putJSON(tx.Bucket(bTransfers), []byte(t.ID), t); err != nil {
				return err
			}
		}
		for _, t := range b.TWAPs {
			if err := putJSON(tx.Bucket(bTWAPs), []byte(t.ID), t); err != nil {
				return err
			}
		}
		for code, st := range b.Markets {
			if err := putJSON(tx.Bucket(bMarkets), []byte(code), st); err != nil {
				return err
			}
		}
		return nil
	})
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// ErrEmpty is returned by Load for a database that holds no state yet.
var ErrEmpty = errors.New("store: no saved state")

// Load reads everything saved. It returns ErrEmpty for a new database.
func (s *Store) Load() (engine.Snapshot, error) {
	var snap engine.Snapshot
	snap.Markets = map[string]market.State{}
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta).Get(kMeta)
		if meta == nil {
			return ErrEmpty
		}
		if err := json.Unmarshal(meta, &snap.Meta); err != nil {
			return err
		}
		if err := each(tx.Bucket(bAccounts), func(v []byte) error {
			var a engine.Account
			err := json.Unmarshal(v, &a)
			snap.Accounts = append(snap.Accounts, &a)
			return err
		}); err != nil {
			return err
		}
		if err := each(tx.Bucket(bOrders), func(v []byte) error {
			var o engine.Order
			err := json.Unmarshal(v, &o)
			snap.Orders = append(snap.Orders, &o)
			return err
		}); err != nil {
			return err
		}
		if err := each(tx.Bucket(bTransfers), func(v []byte) error {
			var t engine.Transfer
			err := json.Unmarshal(v, &t)
			snap.Transfers = append(snap.Transfers, &t)
			return err
		}); err != nil {
			return err
		}
		if err := each(tx.Bucket(bTWAPs), func(v []byte) error {
			var t engine.TWAP
			err := json.Unmarshal(v, &t)
			snap.TWAPs = append(snap.TWAPs, &t)
			return err
		}); err != nil {
			return err
		}
		return tx.Bucket(bMarkets).ForEach(func(k, v []byte) error {
			var st market.State
			if err := json.Unmarshal(v, &st); err != nil {
				return err
			}
			snap.Markets[string(k)] = st
			return nil
		})
	})
	if err != nil && !errors.Is(err, ErrEmpty) {
		return snap, fmt.Errorf("store: %w", err)
	}
	return snap, err
}

func each(b *bolt.Bucket, f func(v []byte) error) error {
	return b.ForEach(func(_, v []byte) error { return f(v) })
}
