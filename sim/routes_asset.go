package sim

import (
	"fmt"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

// assetSource is where an operation's request names the asset that a
// per-asset rule counts (the spec's x-bithumb-asset), as the simulator
// reads it: its own reading, not the client's catalog.
type assetSource struct {
	// Rule is the per-asset rule covering the operation's category, or
	// "" when none does.
	Rule string
	// In is "body" (JSON), "form" or "query".
	In string
	// Items names the array of a batch whose every element is an order.
	Items string
	// Market is the field with a market or currency.
	Market string
	// OrderID and ClientOrderID are the fields with ids of orders the
	// request cancels.
	OrderID, ClientOrderID string
}

// readAssetRules reads x-bithumb-asset-rate-limits: the rules with their
// limits, and the rule of each category they cover (known lists the
// categories). A document without the extension has no rules.
func readAssetRules(doc *openapi3.T, known map[string]bool) ([]ratelimit.AssetRule, map[string]string, error) {
	ruleOf := map[string]string{}
	v, ok := doc.Extensions["x-bithumb-asset-rate-limits"]
	if !ok {
		return nil, ruleOf, nil
	}
	raw, _ := v.(map[string]any)
	var rules []ratelimit.AssetRule
	for name, v := range raw {
		m, _ := v.(map[string]any)
		rate, _ := m["per-second"].(float64)
		if !(rate > 0) {
			return nil, nil, fmt.Errorf("per-asset rule %s has no positive per-second", name)
		}
		cats, _ := m["categories"].([]any)
		if len(cats) == 0 {
			return nil, nil, fmt.Errorf("per-asset rule %s covers no category", name)
		}
		for _, c := range cats {
			c, _ := c.(string)
			if !known[c] {
				return nil, nil, fmt.Errorf("per-asset rule %s covers %q, not one of x-bithumb-rate-limit-categories", name, c)
			}
			if other, dup := ruleOf[c]; dup {
				return nil, nil, fmt.Errorf("category %s is covered by per-asset rules %s and %s", c, other, name)
			}
			ruleOf[c] = name
		}
		rules = append(rules, ratelimit.AssetRule{Name: name, PerSecond: rate})
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].Name < rules[j].Name })
	return rules, ruleOf, nil
}

// readAssetSource reads op's x-bithumb-asset under rule (the rule of its
// category, or ""). An operation a rule covers must have one the
// simulator can use; one outside every rule must have none.
func readAssetSource(op *openapi3.Operation, rule, where string) (assetSource, error) {
	v, has := op.Extensions["x-bithumb-asset"]
	if !has {
		if rule != "" {
			return assetSource{}, fmt.Errorf("%s is covered by per-asset rule %s but has no x-bithumb-asset", where, rule)
		}
		return assetSource{}, nil
	}
	if rule == "" {
		return assetSource{}, fmt.Errorf("%s has x-bithumb-asset outside every per-asset rule", where)
	}
	m, _ := v.(map[string]any)
	str := func(k string) string { s, _ := m[k].(string); return s }
	a := assetSource{Rule: rule, In: str("in"), Items: str("items"), Market: str("market"),
		OrderID: str("order-id"), ClientOrderID: str("client-order-id")}
	switch {
	case a.In != "body" && a.In != "form" && a.In != "query":
		return a, fmt.Errorf("%s: x-bithumb-asset in %q, want body, form or query", where, a.In)
	case a.Market == "" && a.OrderID == "" && a.ClientOrderID == "":
		return a, fmt.Errorf("%s: x-bithumb-asset names no field", where)
	}
	return a, nil
}
