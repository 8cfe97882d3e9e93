package middleware

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sync"

	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/internal/jsonscan"
)

// This file finds the assets a request trades, for the per-asset rules:
// where to look comes from the endpoint's catalog.AssetSource (the spec's
// x-bithumb-asset), never from a list of paths.

// orderAssetsSize bounds the client order ids, and apart from them the
// exchange order ids, whose asset Limit remembers.
const orderAssetsSize = 4096

// placedOrders remembers the assets of the orders placed through a Limit
// layer, so that a cancel that names an order by id only counts on the
// order's asset: by client order id (taken from the placement) and by
// exchange order id (taken from the placement's answer, see
// rememberAnswer), each memory bounded on its own, so that one kind of id
// never pushes out the other.
type placedOrders struct {
	byClientID, byOrderID *orderAssets
}

func newPlacedOrders(size int) placedOrders {
	return placedOrders{byClientID: newOrderAssets(size), byOrderID: newOrderAssets(size)}
}

// orderAssets remembers the asset of the last ids it was given. It is
// safe for concurrent use.
type orderAssets struct {
	mu    sync.Mutex
	asset map[string]string
	ring  []string // ids in the order they came; the oldest is at next
	next  int
}

func newOrderAssets(size int) *orderAssets {
	return &orderAssets{asset: make(map[string]string), ring: make([]string, 0, size)}
}

// record remembers that the order id trades asset, forgetting the
// oldest id once the memory is full.
func (m *orderAssets) record(id, asset string) {
	if id == "" || asset == "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.asset[id]; ok {
		m.asset[id] = asset
		return
	}
	if len(m.ring) < cap(m.ring) {
		m.ring = append(m.ring, id)
	} else {
		delete(m.asset, m.ring[m.next])
		m.ring[m.next] = id
		m.next = (m.next + 1) % len(m.ring)
	}
	m.asset[id] = asset
}

// lookup returns the asset of order id, or "" when unknown.
func (m *orderAssets) lookup(id string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.asset[id]
}

// fields reads the string values of a request's fields: a field holding
// a string gives one value, an array of strings one per element; the
// query and form forms "name" and "name[]" are both read.
type fields func(name string) []string

// requestAssets returns one asset per order or id that req carries under
// src, in request order: the asset of its market field, or for a cancel
// by id the asset remembered in mem, exchange order ids winning over
// client order ids as at Bithumb; ids whose asset is unknown (orders not
// placed through this layer, or forgotten) are left out. A placement
// gives exactly one entry per order, "" for one without a market, so that
// the results of its answer line up with them (rememberAnswer); its
// client order ids are remembered in mem. The body is read through
// req.GetBody (or buffered and put back, as the signer does), so the
// request can still be sent; a body that cannot be read or parsed gives
// no assets, and the layers below refuse it.
func requestAssets(req *http.Request, src catalog.AssetSource, mem placedOrders) []string {
	var units []fields
	switch src.In {
	case "query":
		units = append(units, formFields(req.URL.Query()))
	case "form":
		body, err := signSnapshotBody(req, nil)
		if err != nil {
			return nil
		}
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return nil
		}
		units = append(units, formFields(v))
	case "body":
		body, err := signSnapshotBody(req, nil)
		if err != nil {
			return nil
		}
		if src.Items == "" {
			if get, ok := scanFields(body, src); ok {
				units = append(units, get)
				break
			}
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(body, &obj) != nil {
			return nil
		}
		if src.Items == "" {
			units = append(units, jsonFields(obj))
			break
		}
		var items []map[string]json.RawMessage
		if json.Unmarshal(obj[src.Items], &items) != nil {
			return nil
		}
		for _, it := range items {
			units = append(units, jsonFields(it))
		}
	}
	var assets []string
	for _, get := range units {
		if src.Market != "" {
			if m := get(src.Market); len(m) > 0 {
				asset := catalog.AssetOf(m[0])
				if src.ClientOrderID != "" {
					for _, id := range get(src.ClientOrderID) {
						mem.byClientID.record(id, asset)
					}
				}
				assets = append(assets, asset)
				continue
			}
			if src.AnswerID != "" {
				assets = append(assets, "") // a placement without its market
				continue
			}
		}
		// A cancel: exchange order ids win over client order ids, as
		// at Bithumb, and only the client's own are known here.
		var ids []string
		known := mem.byClientID
		if src.ClientOrderID != "" {
			ids = get(src.ClientOrderID)
		}
		if src.OrderID != "" {
			if byID := get(src.OrderID); len(byID) > 0 {
				ids, known = byID, mem.byOrderID
			}
		}
		for _, id := range ids {
			if asset := known.lookup(id); asset != "" {
				assets = append(assets, asset)
			}
		}
	}
	return assets
}

// formFields reads url.Values.
func formFields(v url.Values) fields {
	return func(name string) []string {
		return append(append([]string(nil), v[name]...), v[name+"[]"]...)
	}
}

// jsonFields reads the members of a JSON object.
func jsonFields(obj map[string]json.RawMessage) fields {
	return func(name string) []string {
		raw, ok := obj[name]
		if !ok {
			return nil
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return []string{s}
		}
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			return list
		}
		return nil
	}
}

// scanFields reads the fields that src names (Market, OrderID,
// ClientOrderID) from a JSON object body as jsonFields does, in one pass
// over the text instead of a decode into a map and one per field. It is
// not ok on anything outside the common case (a value of another kind
// than a string, null or an array of strings under one of those names, an
// escape, a syntax error), and the caller then decodes the body.
func scanFields(body []byte, src catalog.AssetSource) (fields, bool) {
	names := [3]string{src.Market, src.OrderID, src.ClientOrderID}
	var values [3][]string
	var found [3]bool
	s := jsonscan.New(body)
	s.Start()
	ok := members(&s, func(key []byte) bool {
		i := slices.Index(names[:], string(key))
		if i < 0 || names[i] == "" {
			_, ok := s.Value()
			return ok
		}
		v, ok := scanStrings(&s)
		values[i], found[i] = v, ok // a later member of the same name wins
		return ok
	})
	if !ok || !s.End() {
		return nil, false
	}
	got, have := values, found // copies that the closure below captures by value
	return func(name string) []string {
		if i := slices.Index(names[:], name); i >= 0 && have[i] {
			return got[i]
		}
		return nil
	}, true
}

// scanStrings reads a string (null reads as "", as json.Unmarshal into a
// string leaves it) or an array of strings (a null element reads as "").
func scanStrings(s *jsonscan.Scanner) ([]string, bool) {
	if b, _, ok := s.String(); ok {
		return []string{string(b)}, true
	}
	return s.AppendStrings([]string{}) // a string that String refuses is refused here too
}
