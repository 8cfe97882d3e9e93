package sim

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/bithumb-go/bithumb/sim/engine"
)

// assetCounts returns how many orders or cancels a request of ep carries
// on each asset, for the per-asset rule of ep (ep.Asset): one per order
// of a batch, one per id of a batch cancel, one for anything else. The
// asset is the currency traded: the part of a market after the "-",
// or a currency code, in upper case. A cancel's ids are looked up among
// account's orders and TWAP orders (the order id first, as Bithumb does
// when both are sent); ids of no order, and requests the simulator cannot
// parse, count nothing (the handler refuses them).
func (s *Server) assetCounts(ep endpoint, query url.Values, form url.Values, body []byte, account string) map[string]int {
	src := ep.Asset
	var units []func(string) []string
	switch src.In {
	case "query":
		units = append(units, valuesGetter(query))
	case "form":
		units = append(units, valuesGetter(form))
	case "body":
		var obj map[string]any
		if json.Unmarshal(body, &obj) != nil {
			return nil
		}
		if src.Items == "" {
			units = append(units, objectGetter(obj))
			break
		}
		items, _ := obj[src.Items].([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				units = append(units, objectGetter(m))
			}
		}
	}
	counts := map[string]int{}
	for _, get := range units {
		if src.Market != "" {
			if v := get(src.Market); len(v) > 0 {
				if a := assetName(v[0]); a != "" {
					counts[a]++
				}
				continue
			}
		}
		ids, byClient := get(src.OrderID), false
		if src.OrderID == "" || len(ids) == 0 {
			ids, byClient = get(src.ClientOrderID), true
		}
		for _, id := range ids {
			if a := assetName(s.marketOf(account, id, byClient)); a != "" {
				counts[a]++
			}
		}
	}
	return counts
}

// marketOf returns the market of account's order (or TWAP order) with the
// given exchange or client id, or "".
func (s *Server) marketOf(account, id string, byClient bool) string {
	if id == "" {
		return ""
	}
	if byClient {
		if o, err := s.engine.GetOrder(account, "", id); err == nil {
			return o.Market
		}
		return ""
	}
	if o, err := s.engine.GetOrder(account, id, ""); err == nil {
		return o.Market
	}
	if tw, _ := s.engine.TWAPs(account, engine.TWAPQuery{IDs: []string{id}, Limit: 1}); len(tw) > 0 {
		return tw[0].Market
	}
	return ""
}

// assetName is the currency a market or currency code names.
func assetName(v string) string {
	if i := strings.LastIndex(v, "-"); i >= 0 {
		v = v[i+1:]
	}
	v = strings.ToUpper(strings.TrimSpace(v))
	if len(v) > 32 {
		return ""
	}
	return v
}

// valuesGetter reads a field of a query or form, "name" and "name[]".
func valuesGetter(v url.Values) func(string) []string {
	return func(name string) []string {
		if name == "" {
			return nil
		}
		return append(append([]string(nil), v[name]...), v[name+"[]"]...)
	}
}

// objectGetter reads a string or an array of strings of a JSON object.
func objectGetter(m map[string]any) func(string) []string {
	return func(name string) []string {
		switch v := m[name].(type) {
		case string:
			return []string{v}
		case []any:
			var out []string
			for _, e := range v {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
			return out
		}
		return nil
	}
}
