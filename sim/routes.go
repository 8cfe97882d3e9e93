package sim

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
	"github.com/bithumb-go/bithumb/spec"
)

// authScheme is how the simulator authenticates an operation's requests.
type authScheme int

const (
	// authNone: a public operation, served to anyone.
	authNone authScheme = iota
	// authJWT: an API 2.0 private operation (the spec's bearerAuth),
	// checked by auth.Verifier.VerifyJWT.
	authJWT
	// authHMAC: a legacy API 1.0 private operation (the spec's
	// legacyHMAC), checked by auth.Verifier.VerifyHMAC.
	authHMAC
)

// String returns "none", "jwt" or "hmac".
func (a authScheme) String() string {
	switch a {
	case authJWT:
		return "jwt"
	case authHMAC:
		return "hmac"
	default:
		return "none"
	}
}

// endpoint is what the simulator needs to know about one operation of the
// spec to serve it. The simulator derives it from the parsed document
// itself (deriveRoutes), not from the client's catalog or middleware: if
// either side took a private operation for a public one, the client would
// stop signing it and the simulator stop asking for a signature, and only
// two independent derivations let the tests see it.
type endpoint struct {
	// OperationID is the spec's operationId.
	OperationID string
	// Method is the HTTP method in upper case.
	Method string
	// Path is the path template, e.g. "/v1/candles/minutes/{unit}".
	Path string
	// Category is the rate-limit category (x-bithumb-rate-limit).
	Category string
	// Auth is from the operation's security, or else the document's.
	Auth authScheme
	// Legacy marks an API 1.0 operation (a tag starting with "legacy-"):
	// its errors use the {"status": ...} envelope.
	Legacy bool
	// Scope is the permission an API key needs to call it (scopeOf).
	Scope auth.Scope
	// Asset is where its request names the asset that a per-asset rule
	// counts (x-bithumb-asset).
	Asset assetSource
}

// routeTable is everything the simulator reads from the spec to route and
// limit requests.
type routeTable struct {
	endpoints  []endpoint // sorted by operation id
	categories []ratelimit.Category
	assetRules []ratelimit.AssetRule
}

// specRoutes derives the route table of the embedded spec once per
// process.
var specRoutes = sync.OnceValues(func() (routeTable, error) {
	doc, err := spec.Load()
	if err != nil {
		return routeTable{}, err
	}
	return deriveRoutes(doc)
})

// deriveRoutes reads, for every operation of doc, its rate-limit category
// (x-bithumb-rate-limit, one of x-bithumb-rate-limit-categories), its
// authentication (security: bearerAuth, legacyHMAC or none), whether it is
// a legacy operation, the scope it needs and where it names its asset
// (x-bithumb-asset), plus the categories and the per-asset rules
// (x-bithumb-asset-rate-limits) with their published limits. It fails on
// anything it cannot serve: an operation without operationId or category,
// an unknown category or security scheme, an operation accepting two
// schemes, a category without a positive limit, a per-asset rule that is
// invalid or an operation whose x-bithumb-asset does not match the rules.
func deriveRoutes(doc *openapi3.T) (routeTable, error) {
	var t routeTable
	raw, ok := doc.Extensions["x-bithumb-rate-limit-categories"].(map[string]any)
	if !ok {
		return t, fmt.Errorf("spec has no x-bithumb-rate-limit-categories")
	}
	known := map[string]bool{}
	for name, v := range raw {
		m, _ := v.(map[string]any)
		rate, _ := m["per-second"].(float64)
		if !(rate > 0) {
			return t, fmt.Errorf("rate-limit category %s has no positive per-second", name)
		}
		known[name] = true
		t.categories = append(t.categories, ratelimit.Category{Name: name, PerSecond: rate})
	}
	sort.Slice(t.categories, func(i, j int) bool { return t.categories[i].Name < t.categories[j].Name })
	rules, ruleOf, err := readAssetRules(doc, known)
	if err != nil {
		return t, err
	}
	t.assetRules = rules
	if doc.Paths == nil {
		return t, nil
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			e := endpoint{OperationID: op.OperationID, Method: strings.ToUpper(method), Path: path}
			where := e.Method + " " + path
			if e.OperationID == "" {
				return t, fmt.Errorf("%s has no operationId", where)
			}
			e.Category, _ = op.Extensions["x-bithumb-rate-limit"].(string)
			if !known[e.Category] {
				return t, fmt.Errorf("%s has rate-limit category %q, not one of x-bithumb-rate-limit-categories", where, e.Category)
			}
			security := doc.Security
			if op.Security != nil {
				security = *op.Security
			}
			schemes := map[authScheme]bool{}
			for _, req := range security {
				for name := range req {
					switch name {
					case "bearerAuth":
						schemes[authJWT] = true
					case "legacyHMAC":
						schemes[authHMAC] = true
					default:
						return t, fmt.Errorf("%s has unknown security scheme %q", where, name)
					}
				}
			}
			if len(schemes) > 1 {
				return t, fmt.Errorf("%s accepts two security schemes", where)
			}
			for a := range schemes {
				e.Auth = a
			}
			for _, tag := range op.Tags {
				if strings.HasPrefix(tag, "legacy-") {
					e.Legacy = true
				}
			}
			e.Scope = scopeOf(e, op.Tags)
			if e.Asset, err = readAssetSource(op, ruleOf[e.Category], where); err != nil {
				return t, err
			}
			t.endpoints = append(t.endpoints, e)
		}
	}
	sort.Slice(t.endpoints, func(i, j int) bool { return t.endpoints[i].OperationID < t.endpoints[j].OperationID })
	for i := 1; i < len(t.endpoints); i++ {
		if t.endpoints[i].OperationID == t.endpoints[i-1].OperationID {
			return t, fmt.Errorf("operationId %s is used twice", t.endpoints[i].OperationID)
		}
	}
	return t, nil
}

// scopeOf derives the permission an operation needs from its tags and
// method: reads need the read scope, the rest the write scope.
func scopeOf(e endpoint, tags []string) auth.Scope {
	if e.Auth == authNone {
		return auth.ScopeNone
	}
	read := e.Method == http.MethodGet || e.OperationID == "searchOrders" || strings.HasPrefix(e.Path, "/info/")
	tag := ""
	if len(tags) > 0 {
		tag = tags[0]
	}
	switch tag {
	case "account":
		return auth.ScopeAccount
	case "order", "twap":
		if read {
			return auth.ScopeOrderRead
		}
		return auth.ScopeOrderWrite
	case "withdraw":
		if read {
			return auth.ScopeWithdrawRead
		}
		return auth.ScopeWithdrawWrite
	case "deposit":
		if read {
			return auth.ScopeDepositRead
		}
		return auth.ScopeDepositWrite
	case "legacy-private":
		switch e.Path {
		case "/info/account", "/info/balance":
			return auth.ScopeAccount
		case "/info/wallet_address":
			return auth.ScopeDepositRead
		}
		if read {
			return auth.ScopeOrderRead
		}
		return auth.ScopeOrderWrite
	}
	return auth.ScopeAccount
}
