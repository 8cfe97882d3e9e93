// Package spec embeds spec/bithumb.yaml, the OpenAPI document of the
// Bithumb REST API and of its WebSocket messages, for tooling and tests:
// it parses the document with kin-openapi (Load), validates requests and
// responses against it (Validator) and WebSocket frames against the
// message schemas (WSMessages, ValidateWSFrame), and derives from it the
// endpoint catalog that `make generate` writes into package catalog
// (DeriveCatalog).
//
// The client never imports this package, so that a program using it
// neither links kin-openapi nor parses YAML at run time; it reads the
// generated package catalog instead.
package spec

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/catalog"
)

// YAML is the text of spec/bithumb.yaml.
//
//go:embed bithumb.yaml
var YAML []byte

// Load parses the embedded document. Each call returns a new *openapi3.T
// that the caller may modify.
func Load() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(YAML)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return doc, nil
}

// DeriveCatalog reads the endpoint catalog and the rate-limit categories
// from doc: for each operation, its category (x-bithumb-rate-limit, which
// must name one of x-bithumb-rate-limit-categories), its retry policy
// (x-bithumb-retry: safe, reconcile or never), its signing scheme (the
// operation's security, or else the document's: bearerAuth is AuthJWT,
// legacyHMAC AuthHMAC, none AuthNone), whether it is a legacy API 1.0
// operation (a tag starting with "legacy-"), whether it is deprecated, and
// its documentation page (x-bithumb-doc's url), and where it names the
// asset that a per-asset rule counts (x-bithumb-asset; see
// DeriveAssetRules).
//
// It fails on an operation without operationId or x-bithumb-rate-limit, on
// an unknown category, retry policy or security scheme, on a category
// without a positive per-second, on a per-asset rule naming an unknown
// category or sharing one with another rule, on an operation of a
// category that a per-asset rule covers without a valid x-bithumb-asset
// (or with one outside such a category), and on anything catalog.New refuses
// (duplicate operation ids, unsupported path templates). Endpoints come
// sorted by operation id, categories by name, so that the output does not
// depend on map order.
func DeriveCatalog(doc *openapi3.T) ([]catalog.Endpoint, []catalog.Category, error) {
	cats, err := readCategories(doc)
	if err != nil {
		return nil, nil, err
	}
	rules, err := DeriveAssetRules(doc)
	if err != nil {
		return nil, nil, err
	}
	ruleOf := map[string]string{} // category -> per-asset rule
	for _, r := range rules {
		for _, c := range r.Categories {
			if _, ok := cats[c]; !ok {
				return nil, nil, fmt.Errorf("spec: per-asset rule %s names unknown category %q", r.Name, c)
			}
			if other, dup := ruleOf[c]; dup {
				return nil, nil, fmt.Errorf("spec: category %s is in per-asset rules %s and %s", c, other, r.Name)
			}
			ruleOf[c] = r.Name
		}
	}
	var endpoints []catalog.Endpoint
	if doc.Paths != nil {
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				e, err := endpoint(doc, method, path, op)
				if err != nil {
					return nil, nil, err
				}
				if _, ok := cats[e.Category]; !ok {
					return nil, nil, fmt.Errorf("spec: %s %s: unknown rate-limit category %q", e.Method, path, e.Category)
				}
				if err := readAsset(&e, op, ruleOf[e.Category]); err != nil {
					return nil, nil, err
				}
				endpoints = append(endpoints, e)
			}
		}
	}
	sort.Slice(endpoints, func(i, j int) bool {
		a, b := endpoints[i], endpoints[j]
		if a.OperationID != b.OperationID {
			return a.OperationID < b.OperationID
		}
		return a.Method+" "+a.Path < b.Method+" "+b.Path
	})
	if _, err := catalog.New(endpoints); err != nil {
		return nil, nil, fmt.Errorf("spec: %w", err)
	}
	out := make([]catalog.Category, 0, len(cats))
	for _, c := range cats {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return endpoints, out, nil
}

// DeriveAssetRules reads the per-asset rate-limit rules of doc
// (x-bithumb-asset-rate-limits), sorted by name: each needs a positive
// per-second and at least one category. A document without the extension
// has none.
func DeriveAssetRules(doc *openapi3.T) ([]catalog.AssetRule, error) {
	v, ok := doc.Extensions["x-bithumb-asset-rate-limits"]
	if !ok {
		return nil, nil
	}
	raw, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("spec: x-bithumb-asset-rate-limits is not a map")
	}
	out := make([]catalog.AssetRule, 0, len(raw))
	for name, v := range raw {
		m, _ := v.(map[string]any)
		rate, ok := m["per-second"].(float64)
		if !ok || !(rate > 0) {
			return nil, fmt.Errorf("spec: per-asset rule %s has no positive per-second", name)
		}
		r := catalog.AssetRule{Name: name, PerSecond: rate}
		r.Description, _ = m["description"].(string)
		cats, _ := m["categories"].([]any)
		for _, c := range cats {
			if c, ok := c.(string); ok && c != "" {
				r.Categories = append(r.Categories, c)
			}
		}
		if len(r.Categories) == 0 || len(r.Categories) != len(cats) {
			return nil, fmt.Errorf("spec: per-asset rule %s needs a list of category names", name)
		}
		sort.Strings(r.Categories)
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// readAsset reads op's x-bithumb-asset into e.Asset for the per-asset
// rule (rule, "" when none covers e's category). An operation that a rule
// covers must say where its asset is, and only such an operation may.
func readAsset(e *catalog.Endpoint, op *openapi3.Operation, rule string) error {
	where := e.Method + " " + e.Path
	v, has := op.Extensions["x-bithumb-asset"]
	switch {
	case !has && rule == "":
		return nil
	case !has:
		return fmt.Errorf("spec: %s is covered by per-asset rule %s but has no x-bithumb-asset", where, rule)
	case rule == "":
		return fmt.Errorf("spec: %s has x-bithumb-asset but no per-asset rule covers category %s", where, e.Category)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("spec: %s: x-bithumb-asset is not a map", where)
	}
	a := catalog.AssetSource{Rule: rule}
	fields := map[string]*string{"in": &a.In, "items": &a.Items, "market": &a.Market, "order-id": &a.OrderID, "client-order-id": &a.ClientOrderID,
		"answer-items": &a.AnswerItems, "answer-id": &a.AnswerID}
	for k, v := range m {
		dst, known := fields[k]
		s, isString := v.(string)
		if !known || !isString || s == "" {
			return fmt.Errorf("spec: %s: x-bithumb-asset has an unknown or empty key %q", where, k)
		}
		*dst = s
	}
	if a.In != "body" && a.In != "form" && a.In != "query" {
		return fmt.Errorf("spec: %s: x-bithumb-asset in %q, want body, form or query", where, a.In)
	}
	if a.Market == "" && a.OrderID == "" && a.ClientOrderID == "" {
		return fmt.Errorf("spec: %s: x-bithumb-asset names no market, order-id or client-order-id field", where)
	}
	if a.Items != "" && a.In != "body" {
		return fmt.Errorf("spec: %s: x-bithumb-asset items need in: body", where)
	}
	if a.AnswerID != "" && a.Market == "" {
		return fmt.Errorf("spec: %s: x-bithumb-asset answer-id is for a placement, which names a market", where)
	}
	if a.AnswerItems != "" && (a.AnswerID == "" || a.Items == "") {
		return fmt.Errorf("spec: %s: x-bithumb-asset answer-items need items and answer-id", where)
	}
	e.Asset = a
	return nil
}

func readCategories(doc *openapi3.T) (map[string]catalog.Category, error) {
	raw, ok := doc.Extensions["x-bithumb-rate-limit-categories"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("spec: x-bithumb-rate-limit-categories is missing")
	}
	out := make(map[string]catalog.Category, len(raw))
	for name, v := range raw {
		m, _ := v.(map[string]any)
		rate, ok := m["per-second"].(float64)
		if !ok || !(rate > 0) {
			return nil, fmt.Errorf("spec: rate-limit category %s has no positive per-second", name)
		}
		desc, _ := m["description"].(string)
		out[name] = catalog.Category{Name: name, PerSecond: rate, Description: desc}
	}
	return out, nil
}

func endpoint(doc *openapi3.T, method, path string, op *openapi3.Operation) (catalog.Endpoint, error) {
	e := catalog.Endpoint{
		OperationID: op.OperationID,
		Method:      strings.ToUpper(method),
		Path:        path,
		Deprecated:  op.Deprecated,
	}
	where := e.Method + " " + path
	if e.OperationID == "" {
		return e, fmt.Errorf("spec: %s has no operationId", where)
	}
	var ok bool
	if e.Category, ok = op.Extensions["x-bithumb-rate-limit"].(string); !ok || e.Category == "" {
		return e, fmt.Errorf("spec: %s has no x-bithumb-rate-limit", where)
	}
	retry, _ := op.Extensions["x-bithumb-retry"].(string)
	if e.Retry = catalog.RetryPolicy(retry); !e.Retry.Valid() {
		return e, fmt.Errorf("spec: %s has x-bithumb-retry %q, want safe, reconcile or never", where, retry)
	}
	if d, ok := op.Extensions["x-bithumb-doc"].(map[string]any); ok {
		e.DocURL, _ = d["url"].(string)
	}
	security := doc.Security
	if op.Security != nil {
		security = *op.Security
	}
	for _, req := range security {
		for scheme := range req {
			var a catalog.AuthScheme
			switch scheme {
			case "bearerAuth":
				a = catalog.AuthJWT
			case "legacyHMAC":
				a = catalog.AuthHMAC
			default:
				return e, fmt.Errorf("spec: %s uses unknown security scheme %q", where, scheme)
			}
			if e.Auth != catalog.AuthNone && e.Auth != a {
				return e, fmt.Errorf("spec: %s has two security schemes", where)
			}
			e.Auth = a
		}
	}
	for _, tag := range op.Tags {
		if strings.HasPrefix(tag, "legacy-") {
			e.Legacy = true
		}
	}
	return e, nil
}
