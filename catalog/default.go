package catalog

import "sync"

// defaultCatalog indexes the generated specEndpoints on first use.
var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := New(specEndpoints)
	if err != nil {
		// catalogen runs the same checks before writing the file, so only
		// a hand edit of endpoints_gen.go gets here.
		panic("catalog: endpoints_gen.go is invalid: " + err.Error())
	}
	return c
})

// Default returns the catalog of every operation of spec/bithumb.yaml,
// generated into this package by `make generate`. It parses nothing: the
// index is built from Go values on first use, in microseconds, and then
// shared. It is immutable and safe for concurrent use.
func Default() *Catalog { return defaultCatalog() }

// Categories returns the rate-limit categories of spec/bithumb.yaml
// (x-bithumb-rate-limit-categories) by name, in a new map the caller may
// modify. Every Endpoint.Category of Default is one of them.
func Categories() map[string]Category {
	out := make(map[string]Category, len(specCategories))
	for _, c := range specCategories {
		out[c.Name] = c
	}
	return out
}

// AssetRules returns the per-asset rate-limit rules of spec/bithumb.yaml
// (x-bithumb-asset-rate-limits) by name, in a new map the caller may
// modify. Every non-empty Endpoint.Asset.Rule of Default is one of them.
func AssetRules() map[string]AssetRule {
	out := make(map[string]AssetRule, len(specAssetRules))
	for _, r := range specAssetRules {
		r.Categories = append([]string(nil), r.Categories...)
		out[r.Name] = r
	}
	return out
}
