// Package spec embeds spec/bithumb.yaml, the OpenAPI document of the
// Bithumb REST API, and derives from it what the rest of bithumb-go reads
// instead of keeping its own lists: the endpoint catalog (rate-limit
// category, retry policy and signing scheme of every operation) and the
// default rate limits.
package spec

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/middleware"
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

var (
	catalogOnce sync.Once
	catalog     *middleware.Catalog
	categories  map[string]Category
	catalogErr  error
)

// Catalog returns the endpoint catalog of the embedded document. It is
// built once and shared; it is immutable.
func Catalog() (*middleware.Catalog, error) {
	catalogOnce.Do(build)
	return catalog, catalogErr
}

// Category is a rate-limit category of x-bithumb-rate-limit-categories.
type Category struct {
	// Name is the category's key, e.g. "private-order".
	Name string
	// PerSecond is Bithumb's published limit, in requests per second.
	PerSecond float64
	// Description says which requests count toward it.
	Description string
}

// Categories returns the rate-limit categories and their published
// limits, by name.
func Categories() (map[string]Category, error) {
	catalogOnce.Do(build)
	out := make(map[string]Category, len(categories))
	for k, v := range categories {
		out[k] = v
	}
	return out, catalogErr
}

func build() {
	doc, err := Load()
	if err != nil {
		catalogErr = err
		return
	}
	categories, catalogErr = readCategories(doc)
	if catalogErr != nil {
		return
	}
	var endpoints []middleware.Endpoint
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, path := range paths {
		for method, op := range doc.Paths.Value(path).Operations() {
			e, err := endpoint(doc, method, path, op)
			if err != nil {
				catalogErr = err
				return
			}
			if _, ok := categories[e.Category]; !ok {
				catalogErr = fmt.Errorf("spec: %s %s: unknown rate-limit category %q", method, path, e.Category)
				return
			}
			endpoints = append(endpoints, e)
		}
	}
	catalog, catalogErr = middleware.NewCatalog(endpoints)
}

func readCategories(doc *openapi3.T) (map[string]Category, error) {
	raw, ok := doc.Extensions["x-bithumb-rate-limit-categories"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("spec: x-bithumb-rate-limit-categories is missing")
	}
	out := make(map[string]Category, len(raw))
	for name, v := range raw {
		m, _ := v.(map[string]any)
		rate, ok := m["per-second"].(float64)
		if !ok || rate <= 0 {
			return nil, fmt.Errorf("spec: rate-limit category %s has no positive per-second", name)
		}
		desc, _ := m["description"].(string)
		out[name] = Category{Name: name, PerSecond: rate, Description: desc}
	}
	return out, nil
}

func endpoint(doc *openapi3.T, method, path string, op *openapi3.Operation) (middleware.Endpoint, error) {
	e := middleware.Endpoint{
		OperationID: op.OperationID,
		Method:      strings.ToUpper(method),
		Path:        path,
		Deprecated:  op.Deprecated,
	}
	where := method + " " + path
	if e.OperationID == "" {
		return e, fmt.Errorf("spec: %s has no operationId", where)
	}
	var ok bool
	if e.Category, ok = op.Extensions["x-bithumb-rate-limit"].(string); !ok {
		return e, fmt.Errorf("spec: %s has no x-bithumb-rate-limit", where)
	}
	retry, _ := op.Extensions["x-bithumb-retry"].(string)
	switch p := middleware.RetryPolicy(retry); p {
	case middleware.RetrySafe, middleware.RetryReconcile, middleware.RetryNever:
		e.Retry = p
	default:
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
			switch scheme {
			case "bearerAuth":
				e.Auth = middleware.AuthJWT
			case "legacyHMAC":
				e.Auth = middleware.AuthHMAC
			default:
				return e, fmt.Errorf("spec: %s uses unknown security scheme %q", where, scheme)
			}
		}
	}
	for _, tag := range op.Tags {
		if strings.HasPrefix(tag, "legacy-") {
			e.Legacy = true
		}
	}
	return e, nil
}
