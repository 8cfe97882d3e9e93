// Package catalog is the endpoint catalog of the Bithumb REST API: for
// every operation of spec/bithumb.yaml, its method and path template, its
// rate-limit category, its retry policy and its signing scheme, plus the
// rate-limit categories with Bithumb's published limits.
//
// The data is generated from the spec by `make generate`
// (internal/cmd/catalogen writes endpoints_gen.go), so the catalog is
// never listed by hand and never parsed at run time. The package imports
// only the standard library, so that any layer (the client, its
// middleware, the command-line tool) may depend on it.
package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// AuthScheme is how an endpoint authenticates requests. It comes from the
// operation's security requirement in the spec.
type AuthScheme int

const (
	// AuthNone marks a public endpoint.
	AuthNone AuthScheme = iota
	// AuthJWT marks an API 2.0 private endpoint: an HS256 JWT in the
	// Authorization header (the spec's bearerAuth scheme).
	AuthJWT
	// AuthHMAC marks a legacy API 1.0 private endpoint: Api-Key, Api-Nonce
	// and Api-Sign headers over a form body (the spec's legacyHMAC scheme).
	AuthHMAC
)

// String returns "none", "jwt" or "hmac"; an unknown value is "none".
func (a AuthScheme) String() string {
	switch a {
	case AuthJWT:
		return "jwt"
	case AuthHMAC:
		return "hmac"
	default:
		return "none"
	}
}

// RetryPolicy says whether a request may be sent again after a failure
// that leaves its outcome unknown. It comes from the spec's x-bithumb-retry.
type RetryPolicy string

const (
	// RetrySafe requests may be re-sent after any retryable failure: reads
	// and cancels, whose repetition changes nothing.
	RetrySafe RetryPolicy = "safe"
	// RetryReconcile requests (order placement) carry a client_order_id.
	// After an ambiguous failure the order is looked up by that id, and
	// the request is re-sent only if the order does not exist.
	RetryReconcile RetryPolicy = "reconcile"
	// RetryNever requests (withdrawals, TWAP orders, legacy orders) are
	// never re-sent once they may have reached the exchange.
	RetryNever RetryPolicy = "never"
)

// Valid reports whether p is one of RetrySafe, RetryReconcile and
// RetryNever.
func (p RetryPolicy) Valid() bool {
	return p == RetrySafe || p == RetryReconcile || p == RetryNever
}

// Endpoint is what the HTTP layers need to know about one operation of
// the spec. Endpoints are comparable values.
type Endpoint struct {
	// OperationID is the spec's operationId, e.g. "placeOrder".
	OperationID string
	// Method is the HTTP method in upper case.
	Method string
	// Path is the path template, e.g. "/v1/candles/minutes/{unit}".
	Path string
	// Category is the rate-limit category (x-bithumb-rate-limit), one of
	// the names of Categories.
	Category string
	// Retry is the retry policy (x-bithumb-retry).
	Retry RetryPolicy
	// Auth is the signing scheme, from the operation's security.
	Auth AuthScheme
	// Legacy reports an API 1.0 endpoint (tagged legacy-*), whose
	// responses use the {"status": "0000", ...} envelope.
	Legacy bool
	// Deprecated reports an operation the spec marks deprecated.
	Deprecated bool
	// DocURL is the Bithumb documentation page (x-bithumb-doc), or "".
	DocURL string
	// Asset says where the request names the asset that a per-asset rule
	// counts (x-bithumb-asset); its Rule is "" for an endpoint that no
	// per-asset rule covers.
	Asset AssetSource
}

// AssetSource says where a request names its asset, for the per-asset
// rate-limit rule that covers its endpoint (the spec's x-bithumb-asset).
// The asset is the currency traded: the part of a market after the "-"
// (KRW-BTC is BTC), or a currency code as is, in upper case (AssetOf).
type AssetSource struct {
	// Rule is the per-asset rule (a name of AssetRules) that covers the
	// endpoint's category, or "" when none does.
	Rule string
	// In is where the fields are: "body" (a JSON object), "form" (a
	// legacy form body) or "query".
	In string
	// Items names the array of a batch whose every element is one order,
	// each counted on its own; "" when the request is one order.
	Items string
	// Market is the field holding the market or currency, or "" when the
	// request refers to orders by id only.
	Market string
	// OrderID and ClientOrderID are the fields, a string or an array of
	// strings, with the ids of the orders a cancel refers to, each
	// counted on its own; "" when the request has none. A placement's
	// ClientOrderID is the id it gives its order.
	OrderID, ClientOrderID string
	// AnswerID is, for a placement, the member of a 2xx answer holding
	// the exchange's id of the order placed (order_id, uuid,
	// algo_order_id), or "" when the answer is not read. AnswerItems
	// names the answer's array with one result per order of a batch, in
	// request order, each holding AnswerID; "" for a single order.
	AnswerItems, AnswerID string
}

// AssetRule is a per-asset rate-limit rule of the spec's
// x-bithumb-asset-rate-limits: requests of the categories it names are
// limited per asset as well.
type AssetRule struct {
	// Name is the rule's key, e.g. "asset-orders".
	Name string
	// PerSecond is Bithumb's published limit per asset, in requests per
	// second; always positive.
	PerSecond float64
	// Categories are the rate-limit categories whose requests count.
	Categories []string
	// Description says what the rule limits and where it is documented.
	Description string
}

// AssetOf returns the asset that value, a market ("KRW-BTC") or a
// currency code ("btc"), names: the part after the last "-", trimmed and
// in upper case, cut to 32 bytes, so that a key stays small whatever a
// request holds. It returns "" for a value without one.
func AssetOf(value string) string {
	if i := strings.LastIndexByte(value, '-'); i >= 0 {
		value = value[i+1:]
	}
	value = strings.TrimSpace(value)
	if len(value) > maxAssetLen {
		value = value[:maxAssetLen]
	}
	return strings.ToUpper(value)
}

// maxAssetLen bounds the asset names AssetOf returns.
const maxAssetLen = 32

// Category is a rate-limit category of the spec's
// x-bithumb-rate-limit-categories.
type Category struct {
	// Name is the category's key, e.g. "private-order".
	Name string
	// PerSecond is Bithumb's published limit, in requests per second;
	// always positive.
	PerSecond float64
	// Description says which requests count toward it.
	Description string
}

// Catalog finds the Endpoint of a request by method and path, or by
// operation id. Create one with New, or use Default for the spec's; it is
// immutable and safe for concurrent use.
type Catalog struct {
	exact     map[string]Endpoint // "GET /v1/ticker"
	templated []templated         // paths with {params}
	byOp      map[string]Endpoint
	all       []Endpoint
}

// paramSegment marks a {parameter} segment of a path template.
const paramSegment = "{}"

type templated struct {
	segments []string // paramSegment for a parameter segment
	endpoint Endpoint
}

// New indexes endpoints. It fails on an endpoint without method, path
// (starting with "/") or operation id, on a duplicate method and path or
// operation id, and on a path template whose parameters do not fill whole
// segments ("/v1/x{id}"). The catalog keeps its own copy of endpoints.
func New(endpoints []Endpoint) (*Catalog, error) {
	c := &Catalog{exact: make(map[string]Endpoint, len(endpoints)), byOp: make(map[string]Endpoint, len(endpoints))}
	seen := make(map[string]bool, len(endpoints))
	for _, e := range endpoints {
		if e.OperationID == "" || e.Method == "" || !strings.HasPrefix(e.Path, "/") {
			return nil, fmt.Errorf("catalog: incomplete endpoint %+v", e)
		}
		key := e.Method + " " + e.Path
		if seen[key] {
			return nil, fmt.Errorf("catalog: duplicate endpoint %s", key)
		}
		seen[key] = true
		if _, dup := c.byOp[e.OperationID]; dup {
			return nil, fmt.Errorf("catalog: duplicate operation id %s", e.OperationID)
		}
		c.byOp[e.OperationID] = e
		c.all = append(c.all, e)
		if !strings.ContainsAny(e.Path, "{}") {
			c.exact[key] = e
			continue
		}
		segs := strings.Split(e.Path, "/")
		for i, s := range segs {
			if len(s) > 2 && strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && !strings.ContainsAny(s[1:len(s)-1], "{}") {
				segs[i] = paramSegment
			} else if strings.ContainsAny(s, "{}") {
				return nil, fmt.Errorf("catalog: unsupported path template %s", e.Path)
			}
		}
		c.templated = append(c.templated, templated{segments: segs, endpoint: e})
	}
	sort.SliceStable(c.all, func(i, j int) bool { return c.all[i].OperationID < c.all[j].OperationID })
	return c, nil
}

// Lookup returns the endpoint of method and path, a concrete path such as
// "/v1/candles/minutes/5" without the query. A template parameter matches
// exactly one non-empty segment; the method and every other segment must
// match exactly (case included). A nil *Catalog finds nothing.
func (c *Catalog) Lookup(method, path string) (Endpoint, bool) {
	if c == nil {
		return Endpoint{}, false
	}
	if e, ok := c.exact[method+" "+path]; ok {
		return e, true
	}
	segs := strings.Split(path, "/")
	for _, t := range c.templated {
		if t.endpoint.Method != method || len(t.segments) != len(segs) {
			continue
		}
		match := true
		for i, s := range t.segments {
			if s == paramSegment {
				if segs[i] == "" {
					match = false
					break
				}
				continue
			}
			if s != segs[i] {
				match = false
				break
			}
		}
		if match {
			return t.endpoint, true
		}
	}
	return Endpoint{}, false
}

// Endpoints returns every endpoint, sorted by operation id, in a new
// slice the caller may modify.
func (c *Catalog) Endpoints() []Endpoint {
	if c == nil {
		return nil
	}
	return append([]Endpoint(nil), c.all...)
}

// Operation returns the endpoint with the given operation id.
func (c *Catalog) Operation(operationID string) (Endpoint, bool) {
	if c == nil {
		return Endpoint{}, false
	}
	e, ok := c.byOp[operationID]
	return e, ok
}
