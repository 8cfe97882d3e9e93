package spec

import (
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/catalog"
)

// TestGeneratedCatalog: package catalog's generated data is exactly what
// the spec says, endpoint by endpoint and category by category.
func TestGeneratedCatalog(t *testing.T) {
	t.Parallel()
	doc, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	endpoints, categories, err := DeriveCatalog(doc)
	if err != nil {
		t.Fatal(err)
	}
	generated := catalog.Default().Endpoints()
	if len(generated) != len(endpoints) {
		t.Errorf("package catalog has %d endpoints, the spec %d: run `make generate`", len(generated), len(endpoints))
	}
	for _, want := range endpoints {
		got, ok := catalog.Default().Operation(want.OperationID)
		if got != want {
			t.Errorf("package catalog has %s as %+v (%v), the spec says %+v: run `make generate`", want.OperationID, got, ok, want)
		}
	}
	cats := catalog.Categories()
	if len(cats) != len(categories) {
		t.Errorf("package catalog has %d categories, the spec %d: run `make generate`", len(cats), len(categories))
	}
	for _, want := range categories {
		if got := cats[want.Name]; got != want {
			t.Errorf("package catalog has category %s as %+v, the spec says %+v: run `make generate`", want.Name, got, want)
		}
	}
	rules, err := DeriveAssetRules(doc)
	if err != nil {
		t.Fatal(err)
	}
	gotRules := catalog.AssetRules()
	if len(gotRules) != len(rules) {
		t.Errorf("package catalog has %d per-asset rules, the spec %d: run `make generate`", len(gotRules), len(rules))
	}
	for _, want := range rules {
		if got := gotRules[want.Name]; !reflect.DeepEqual(got, want) {
			t.Errorf("package catalog has per-asset rule %s as %+v, the spec says %+v: run `make generate`", want.Name, got, want)
		}
	}
}

// TestDeriveAssetRules: a rule's fields are read, categories sorted, and a
// document without the extension has no rules.
func TestDeriveAssetRules(t *testing.T) {
	t.Parallel()
	text := strings.Replace(miniSpec, "categories: [private]", "categories: [public, private]", 1)
	text = strings.Replace(text, "      x-bithumb-retry: safe\n", "      x-bithumb-retry: safe\n      x-bithumb-asset: {in: query, market: m}\n", 1)
	rules, err := DeriveAssetRules(loadMini(t, text))
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.AssetRule{{Name: "per-asset", PerSecond: 5, Categories: []string{"private", "public"}, Description: "one asset"}}
	if !reflect.DeepEqual(rules, want) {
		t.Errorf("DeriveAssetRules = %+v, want %+v", rules, want)
	}
	if _, _, err := DeriveCatalog(loadMini(t, text)); err != nil {
		t.Errorf("DeriveCatalog with a rule over two categories: %v", err)
	}
	none := strings.Replace(miniSpec, "x-bithumb-asset-rate-limits:", "x-other:", 1)
	none = strings.ReplaceAll(none, "x-bithumb-asset:", "x-unused:")
	if rules, err := DeriveAssetRules(loadMini(t, none)); err != nil || len(rules) != 0 {
		t.Errorf("DeriveAssetRules without the extension = %v, %v", rules, err)
	}
}

// miniSpec is the smallest document DeriveCatalog accepts: one public
// and one JWT operation, a legacy HMAC one, a templated path, and a
// per-asset rule over the private category.
const miniSpec = `
openapi: 3.0.3
info: {title: t, version: "1"}
x-bithumb-rate-limit-categories:
  public: {per-second: 10, description: public calls}
  private: {per-second: 2.5}
x-bithumb-asset-rate-limits:
  per-asset: {per-second: 5, categories: [private], description: one asset}
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
    legacyHMAC: {type: apiKey, in: header, name: Api-Key}
paths:
  /v1/b/{id}:
    get:
      operationId: getB
      x-bithumb-rate-limit: public
      x-bithumb-retry: safe
      x-bithumb-doc: {url: "https://example.com/b"}
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
    delete:
      operationId: deleteB
      deprecated: true
      security: [{bearerAuth: []}]
      x-bithumb-rate-limit: private
      x-bithumb-asset: {in: query, order-id: id, client-order-id: cid}
      x-bithumb-retry: never
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /info/a:
    post:
      operationId: aLegacy
      tags: [legacy-private]
      security: [{legacyHMAC: []}]
      x-bithumb-rate-limit: private
      x-bithumb-asset: {in: body, items: orders, market: market, answer-items: results, answer-id: id}
      x-bithumb-retry: reconcile
      responses: {"200": {description: ok}}
`

func loadMini(t *testing.T, text string) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestDeriveCatalog: every field of an endpoint and a category is read,
// and the output is sorted.
func TestDeriveCatalog(t *testing.T) {
	t.Parallel()
	eps, cats, err := DeriveCatalog(loadMini(t, miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.Endpoint{
		{OperationID: "aLegacy", Method: "POST", Path: "/info/a", Category: "private", Retry: catalog.RetryReconcile, Auth: catalog.AuthHMAC, Legacy: true,
			Asset: catalog.AssetSource{Rule: "per-asset", In: "body", Items: "orders", Market: "market", AnswerItems: "results", AnswerID: "id"}},
		{OperationID: "deleteB", Method: "DELETE", Path: "/v1/b/{id}", Category: "private", Retry: catalog.RetryNever, Auth: catalog.AuthJWT, Deprecated: true,
			Asset: catalog.AssetSource{Rule: "per-asset", In: "query", OrderID: "id", ClientOrderID: "cid"}},
		{OperationID: "getB", Method: "GET", Path: "/v1/b/{id}", Category: "public", Retry: catalog.RetrySafe, DocURL: "https://example.com/b"},
	}
	if len(eps) != len(want) {
		t.Fatalf("DeriveCatalog = %+v", eps)
	}
	for i := range want {
		if eps[i] != want[i] {
			t.Errorf("endpoint %d\ngot  %+v\nwant %+v", i, eps[i], want[i])
		}
	}
	wantCats := []catalog.Category{{Name: "private", PerSecond: 2.5}, {Name: "public", PerSecond: 10, Description: "public calls"}}
	if len(cats) != 2 || cats[0] != wantCats[0] || cats[1] != wantCats[1] {
		t.Errorf("categories = %+v, want %+v", cats, wantCats)
	}
}

// TestDeriveCatalogRejects: each check of DeriveCatalog fails on a
// document that breaks it.
func TestDeriveCatalogRejects(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, old, new, want string
	}{
		{"no categories", "x-bithumb-rate-limit-categories:", "x-other:", "x-bithumb-rate-limit-categories is missing"},
		{"zero rate", "per-second: 2.5", "per-second: 0", "rate-limit category private has no positive per-second"},
		{"rate as a string", "per-second: 2.5", "per-second: fast", "rate-limit category private has no positive per-second"},
		{"no rate-limit", "      x-bithumb-rate-limit: public\n", "", "GET /v1/b/{id} has no x-bithumb-rate-limit"},
		{"unknown category", "x-bithumb-rate-limit: public", "x-bithumb-rate-limit: publik", `GET /v1/b/{id}: unknown rate-limit category "publik"`},
		{"no retry", "      x-bithumb-retry: safe\n", "", `GET /v1/b/{id} has x-bithumb-retry "", want safe, reconcile or never`},
		{"bad retry", "x-bithumb-retry: safe", "x-bithumb-retry: always", `has x-bithumb-retry "always"`},
		{"unknown security", "[{legacyHMAC: []}]", "[{apiKey: []}]", `POST /info/a uses unknown security scheme "apiKey"`},
		{"two security schemes", "[{legacyHMAC: []}]", "[{legacyHMAC: []}, {bearerAuth: []}]", "POST /info/a has two security schemes"},
		{"no operation id", "operationId: getB", "summary: b", "GET /v1/b/{id} has no operationId"},
		{"duplicate operation id", "operationId: deleteB", "operationId: getB", "duplicate operation id getB"},
		{"asset rule without rate", "per-second: 5", "per-second: 0", "per-asset rule per-asset has no positive per-second"},
		{"asset rule without categories", "categories: [private]", "categories: []", "per-asset rule per-asset needs a list of category names"},
		{"asset rule over an unknown category", "categories: [private]", "categories: [privat]", `per-asset rule per-asset names unknown category "privat"`},
		{"asset rules sharing a category", "  per-asset: {", "  other: {per-second: 1, categories: [private]}\n  per-asset: {", "category private is in per-asset rules"},
		{"covered operation without x-bithumb-asset", "      x-bithumb-asset: {in: query, order-id: id, client-order-id: cid}\n", "", "DELETE /v1/b/{id} is covered by per-asset rule per-asset but has no x-bithumb-asset"},
		{"x-bithumb-asset outside a rule", "      x-bithumb-retry: safe\n", "      x-bithumb-retry: safe\n      x-bithumb-asset: {in: query, market: m}\n", "GET /v1/b/{id} has x-bithumb-asset but no per-asset rule covers category public"},
		{"x-bithumb-asset in a header", "{in: query, order-id: id", "{in: header, order-id: id", `x-bithumb-asset in "header", want body, form or query`},
		{"x-bithumb-asset without a field", "{in: query, order-id: id, client-order-id: cid}", "{in: query}", "x-bithumb-asset names no market, order-id or client-order-id field"},
		{"x-bithumb-asset with an unknown key", "{in: query, order-id: id,", "{in: query, order: id,", `x-bithumb-asset has an unknown or empty key "order"`},
		{"x-bithumb-asset items outside a body", "{in: body, items: orders", "{in: form, items: orders", "x-bithumb-asset items need in: body"},
		{"x-bithumb-asset answer-id without a market", "{in: query, order-id: id,", "{in: query, answer-id: id, order-id: id,", "x-bithumb-asset answer-id is for a placement, which names a market"},
		{"x-bithumb-asset answer-items without answer-id", "answer-items: results, answer-id: id}", "answer-items: results}", "x-bithumb-asset answer-items need items and answer-id"},
		{"x-bithumb-asset answer-items without items", "{in: body, items: orders, market: market,", "{in: body, market: market,", "x-bithumb-asset answer-items need items and answer-id"},
	} {
		text := strings.Replace(miniSpec, tt.old, tt.new, 1)
		if text == miniSpec {
			t.Fatalf("%s: %q is not in the document", tt.name, tt.old)
		}
		eps, cats, err := DeriveCatalog(loadMini(t, text))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "spec: ") {
			t.Errorf("%s: DeriveCatalog = %v, %v, %v; want an error with %q", tt.name, eps, cats, err, tt.want)
		}
	}
}

// TestDeriveCatalogInheritsSecurity: an operation without security of its
// own takes the document's.
func TestDeriveCatalogInheritsSecurity(t *testing.T) {
	t.Parallel()
	text := strings.Replace(miniSpec, "components:", "security: [{bearerAuth: []}]\ncomponents:", 1)
	eps, _, err := DeriveCatalog(loadMini(t, text))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range eps {
		want := map[string]catalog.AuthScheme{"aLegacy": catalog.AuthHMAC, "deleteB": catalog.AuthJWT, "getB": catalog.AuthJWT}[e.OperationID]
		if e.Auth != want {
			t.Errorf("%s: Auth = %v, want %v", e.OperationID, e.Auth, want)
		}
	}
}

// TestEveryOperationHasAnExample: each operation documents a success
// response with an example, so users (and the contract cases) see a real
// payload for every endpoint.
func TestEveryOperationHasAnExample(t *testing.T) {
	t.Parallel()
	doc, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			found := false
			for code, resp := range op.Responses.Map() {
				if code[0] != '2' || resp.Value == nil {
					continue
				}
				for _, mt := range resp.Value.Content {
					if mt.Example != nil || len(mt.Examples) > 0 {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("%s %s (%s) has no success example", method, path, op.OperationID)
			}
		}
	}
}
