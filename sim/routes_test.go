package sim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
	"github.com/bithumb-go/bithumb/spec"
)

// yamlOperation is what this test reads of an operation straight from the
// YAML text, without kin-openapi or any code of the simulator or the
// client.
type yamlOperation struct {
	Method, Path string
	OperationID  string                 `yaml:"operationId"`
	Security     *[]map[string][]string `yaml:"security"`
	RateLimit    string                 `yaml:"x-bithumb-rate-limit"`
	Tags         []string               `yaml:"tags"`
	auth         string                 // "none", "jwt" or "hmac"
}

// yamlOperations reads every operation of spec/bithumb.yaml with
// go.yaml.in/yaml/v3, and its authentication from its own security or
// else the document's.
func yamlOperations(t *testing.T) map[string]yamlOperation {
	t.Helper()
	var doc struct {
		Security []map[string][]string           `yaml:"security"`
		Paths    map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(spec.YAML, &doc); err != nil {
		t.Fatal(err)
	}
	methods := map[string]bool{"get": true, "put": true, "post": true, "delete": true, "patch": true, "head": true, "options": true, "trace": true}
	ops := map[string]yamlOperation{}
	for path, item := range doc.Paths {
		for method, node := range item {
			if !methods[method] {
				continue
			}
			var op yamlOperation
			if err := node.Decode(&op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			op.Method, op.Path = strings.ToUpper(method), path
			security := doc.Security
			if op.Security != nil {
				security = *op.Security
			}
			op.auth = "none"
			for _, req := range security {
				if _, ok := req["bearerAuth"]; ok {
					op.auth = "jwt"
				}
				if _, ok := req["legacyHMAC"]; ok {
					op.auth = "hmac"
				}
			}
			ops[op.OperationID] = op
		}
	}
	if len(ops) < 60 {
		t.Fatalf("read only %d operations from the YAML", len(ops))
	}
	return ops
}

// TestRoutesFollowTheYAML: the simulator's route table has every
// operation of the spec with the method, path, category, legacy flag and,
// above all, the authentication the YAML gives it.
func TestRoutesFollowTheYAML(t *testing.T) {
	t.Parallel()
	table, err := specRoutes()
	if err != nil {
		t.Fatal(err)
	}
	want := yamlOperations(t)
	if len(table.endpoints) != len(want) {
		t.Errorf("the simulator routes %d operations, the YAML has %d", len(table.endpoints), len(want))
	}
	for _, e := range table.endpoints {
		w, ok := want[e.OperationID]
		if !ok {
			t.Errorf("%s is not in the YAML", e.OperationID)
			continue
		}
		legacy := len(w.Tags) > 0 && strings.HasPrefix(w.Tags[0], "legacy-")
		if e.Auth.String() != w.auth || e.Method != w.Method || e.Path != w.Path || e.Category != w.RateLimit || e.Legacy != legacy {
			t.Errorf("%s: the simulator has %s %s auth=%s category=%s legacy=%v; the YAML says %s %s auth=%s category=%s legacy=%v",
				e.OperationID, e.Method, e.Path, e.Auth, e.Category, e.Legacy, w.Method, w.Path, w.auth, w.RateLimit, legacy)
		}
		if (e.Auth == authNone) != (e.Scope == "") {
			t.Errorf("%s: auth %s with scope %q", e.OperationID, e.Auth, e.Scope)
		}
	}
	var public, jwt, hmac int
	for _, w := range want {
		switch w.auth {
		case "none":
			public++
		case "jwt":
			jwt++
		case "hmac":
			hmac++
		}
	}
	if public == 0 || jwt == 0 || hmac == 0 {
		t.Errorf("the YAML has %d public, %d JWT and %d HMAC operations; each kind should be there", public, jwt, hmac)
	}
}

// TestRoutesAgreeWithTheClient: the simulator's derivation and the
// client's generated catalog, made by separate code, agree on what every
// operation needs. Were one of them to take a private operation for a
// public one, the client would stop signing it or the simulator stop
// checking, and tests through both would still pass.
func TestRoutesAgreeWithTheClient(t *testing.T) {
	t.Parallel()
	table, err := specRoutes()
	if err != nil {
		t.Fatal(err)
	}
	client := catalog.Default()
	if n := len(client.Endpoints()); n != len(table.endpoints) {
		t.Errorf("the client's catalog has %d operations, the simulator %d", n, len(table.endpoints))
	}
	for _, e := range table.endpoints {
		c, ok := client.Operation(e.OperationID)
		if !ok {
			t.Errorf("%s is not in the client's catalog", e.OperationID)
			continue
		}
		if c.Auth.String() != e.Auth.String() || c.Category != e.Category || c.Legacy != e.Legacy || c.Method != e.Method || c.Path != e.Path {
			t.Errorf("%s: the client has %+v, the simulator %+v", e.OperationID, c, e)
		}
		if a := c.Asset; a.Rule != e.Asset.Rule || a.In != e.Asset.In || a.Items != e.Asset.Items || a.Market != e.Asset.Market ||
			a.OrderID != e.Asset.OrderID || a.ClientOrderID != e.Asset.ClientOrderID {
			t.Errorf("%s: the client finds the asset at %+v, the simulator at %+v", e.OperationID, a, e.Asset)
		}
	}
	rules := catalog.AssetRules()
	for _, r := range table.assetRules {
		if rules[r.Name].PerSecond != r.PerSecond {
			t.Errorf("per-asset rule %s: the client allows %v per second, the simulator %v", r.Name, rules[r.Name].PerSecond, r.PerSecond)
		}
	}
	if len(rules) != len(table.assetRules) || len(rules) == 0 {
		t.Errorf("the client has %d per-asset rules, the simulator %d", len(rules), len(table.assetRules))
	}
	cats := catalog.Categories()
	for _, c := range table.categories {
		if cats[c.Name].PerSecond != c.PerSecond {
			t.Errorf("category %s: the client allows %v per second, the simulator %v", c.Name, cats[c.Name].PerSecond, c.PerSecond)
		}
	}
	if len(cats) != len(table.categories) {
		t.Errorf("the client has %d categories, the simulator %d", len(cats), len(table.categories))
	}
}

var templateParam = regexp.MustCompile(`\{[^}]+\}`)

// TestUnsignedPrivateRequestsAreRefused: every operation the YAML calls
// private answers an unsigned request with its authentication error (401
// for API 2.0, status 5100 for API 1.0), and no public operation asks for
// a signature.
func TestUnsignedPrivateRequestsAreRefused(t *testing.T) {
	t.Parallel()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	for id, op := range yamlOperations(t) {
		path := templateParam.ReplaceAllString(op.Path, "1")
		r := httptest.NewRequest(op.Method, "http://sim"+path, nil)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		var body struct {
			Status string `json:"status"`
			Error  struct {
				Name any `json:"name"`
			} `json:"error"`
		}
		_ = json.Unmarshal(w.Body.Bytes(), &body)
		switch op.auth {
		case "jwt":
			if w.Code != http.StatusUnauthorized || body.Error.Name != "invalid_jwt" {
				t.Errorf("%s (%s %s) without a token: %d %s", id, op.Method, path, w.Code, w.Body)
			}
		case "hmac":
			if w.Code != http.StatusOK || body.Status != "5100" {
				t.Errorf("%s (%s %s) without Api-Sign: %d %s", id, op.Method, path, w.Code, w.Body)
			}
		default:
			if w.Code == http.StatusUnauthorized || body.Status == "5100" || body.Status == "5300" || w.Code == http.StatusNotFound {
				t.Errorf("public %s (%s %s) refused an unsigned request: %d %s", id, op.Method, path, w.Code, w.Body)
			}
		}
	}
}

// routesSpec is a document for deriveRoutes' checks: a public, a JWT and
// a legacy HMAC operation.
const routesSpec = `
openapi: 3.0.3
info: {title: t, version: "1"}
security: [{bearerAuth: []}]
x-bithumb-rate-limit-categories:
  public: {per-second: 10}
  private: {per-second: 2.5}
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
    legacyHMAC: {type: apiKey, in: header, name: Api-Key}
paths:
  /v1/pub:
    get:
      operationId: pub
      security: []
      x-bithumb-rate-limit: public
      responses: {"200": {description: ok}}
  /v1/accounts:
    get:
      operationId: accounts
      tags: [account]
      x-bithumb-rate-limit: private
      responses: {"200": {description: ok}}
  /info/balance:
    post:
      operationId: legacyBalance
      tags: [legacy-private]
      security: [{legacyHMAC: []}]
      x-bithumb-rate-limit: private
      responses: {"200": {description: ok}}
`

func TestDeriveRoutes(t *testing.T) {
	t.Parallel()
	load := func(text string) *openapi3.T {
		doc, err := openapi3.NewLoader().LoadFromData([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	table, err := deriveRoutes(load(routesSpec))
	if err != nil {
		t.Fatal(err)
	}
	want := []endpoint{
		{OperationID: "accounts", Method: "GET", Path: "/v1/accounts", Category: "private", Auth: authJWT, Scope: "account"},
		{OperationID: "legacyBalance", Method: "POST", Path: "/info/balance", Category: "private", Auth: authHMAC, Legacy: true, Scope: "account"},
		{OperationID: "pub", Method: "GET", Path: "/v1/pub", Category: "public", Auth: authNone},
	}
	if len(table.endpoints) != len(want) {
		t.Fatalf("deriveRoutes = %+v", table.endpoints)
	}
	for i := range want {
		if table.endpoints[i] != want[i] {
			t.Errorf("endpoint %d = %+v, want %+v", i, table.endpoints[i], want[i])
		}
	}
	if len(table.categories) != 2 || table.categories[0].Name != "private" || table.categories[0].PerSecond != 2.5 || table.categories[1].PerSecond != 10 {
		t.Errorf("categories = %+v", table.categories)
	}
	for _, tt := range []struct{ name, old, new, want string }{
		{"no categories", "x-bithumb-rate-limit-categories:", "x-other:", "no x-bithumb-rate-limit-categories"},
		{"no limit", "per-second: 2.5", "per-second: -1", "category private has no positive per-second"},
		{"no category", "      x-bithumb-rate-limit: public\n", "", `GET /v1/pub has rate-limit category ""`},
		{"unknown category", "x-bithumb-rate-limit: public", "x-bithumb-rate-limit: publik", `rate-limit category "publik"`},
		{"unknown scheme", "[{legacyHMAC: []}]", "[{apiKey: []}]", `POST /info/balance has unknown security scheme "apiKey"`},
		{"two schemes", "[{legacyHMAC: []}]", "[{legacyHMAC: []}, {bearerAuth: []}]", "POST /info/balance accepts two security schemes"},
		{"no operation id", "operationId: pub", "summary: pub", "GET /v1/pub has no operationId"},
		{"same operation id", "operationId: accounts", "operationId: pub", "operationId pub is used twice"},
	} {
		text := strings.Replace(routesSpec, tt.old, tt.new, 1)
		if text == routesSpec {
			t.Fatalf("%s: %q is not in the document", tt.name, tt.old)
		}
		if _, err := deriveRoutes(load(text)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: deriveRoutes = %v, want an error with %q", tt.name, err, tt.want)
		}
	}
}

// TestDeriveRoutesAssets: the simulator reads the per-asset rules and
// where each covered operation names its asset, with its own checks.
func TestDeriveRoutesAssets(t *testing.T) {
	t.Parallel()
	spec := strings.Replace(routesSpec, "components:", "x-bithumb-asset-rate-limits:\n  per-asset: {per-second: 20, categories: [private]}\ncomponents:", 1)
	spec = strings.Replace(spec, "      x-bithumb-rate-limit: private\n", "      x-bithumb-rate-limit: private\n      x-bithumb-asset: {in: query, order-id: uuid, client-order-id: cid}\n", 1)
	spec = strings.Replace(spec, "      security: [{legacyHMAC: []}]\n      x-bithumb-rate-limit: private\n",
		"      security: [{legacyHMAC: []}]\n      x-bithumb-rate-limit: private\n      x-bithumb-asset: {in: body, items: orders, market: market}\n", 1)
	load := func(text string) *openapi3.T {
		doc, err := openapi3.NewLoader().LoadFromData([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	table, err := deriveRoutes(load(spec))
	if err != nil {
		t.Fatal(err)
	}
	if len(table.assetRules) != 1 || table.assetRules[0] != (ratelimit.AssetRule{Name: "per-asset", PerSecond: 20}) {
		t.Errorf("asset rules = %+v", table.assetRules)
	}
	want := map[string]assetSource{
		"accounts":      {Rule: "per-asset", In: "query", OrderID: "uuid", ClientOrderID: "cid"},
		"legacyBalance": {Rule: "per-asset", In: "body", Items: "orders", Market: "market"},
		"pub":           {},
	}
	for _, e := range table.endpoints {
		if e.Asset != want[e.OperationID] {
			t.Errorf("%s: Asset = %+v, want %+v", e.OperationID, e.Asset, want[e.OperationID])
		}
	}
	for _, tt := range []struct{ name, old, new, want string }{
		{"no rate", "per-second: 20", "per-second: 0", "per-asset rule per-asset has no positive per-second"},
		{"no categories", "categories: [private]", "categories: []", "per-asset rule per-asset covers no category"},
		{"unknown category", "categories: [private]", "categories: [privat]", `per-asset rule per-asset covers "privat"`},
		{"a category in two rules", "  per-asset: {", "  other: {per-second: 1, categories: [private]}\n  per-asset: {", "category private is covered by per-asset rules"},
		{"covered without x-bithumb-asset", "      x-bithumb-asset: {in: query, order-id: uuid, client-order-id: cid}\n", "", "GET /v1/accounts is covered by per-asset rule per-asset but has no x-bithumb-asset"},
		{"x-bithumb-asset outside a rule", "      x-bithumb-rate-limit: public\n", "      x-bithumb-rate-limit: public\n      x-bithumb-asset: {in: query, market: m}\n", "GET /v1/pub has x-bithumb-asset outside every per-asset rule"},
		{"bad place", "{in: query, order-id", "{in: path, order-id", `x-bithumb-asset in "path"`},
		{"no field", "{in: query, order-id: uuid, client-order-id: cid}", "{in: query}", "x-bithumb-asset names no field"},
	} {
		text := strings.Replace(spec, tt.old, tt.new, 1)
		if text == spec {
			t.Fatalf("%s: %q is not in the document", tt.name, tt.old)
		}
		if _, err := deriveRoutes(load(text)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: deriveRoutes = %v, want an error with %q", tt.name, err, tt.want)
		}
	}
}
