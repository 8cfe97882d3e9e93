package middleware

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// AuthScheme is how an endpoint authenticates requests.
type AuthScheme int

const (
	// AuthNone marks a public endpoint.
	AuthNone AuthScheme = iota
	// AuthJWT marks an API 2.0 private endpoint: an HS256 JWT in the
	// Authorization header.
	AuthJWT
	// AuthHMAC marks a legacy API 1.0 private endpoint: Api-Key, Api-Nonce
	// and Api-Sign headers over a form body.
	AuthHMAC
)

// String returns "none", "jwt" or "hmac".
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

// Endpoint is what the HTTP layers need to know about one operation of
// the spec. Endpoints are built from spec/bithumb.yaml, never listed by
// hand.
type Endpoint struct {
	// OperationID is the spec's operationId, e.g. "placeOrder".
	OperationID string
	// Method is the HTTP method in upper case.
	Method string
	// Path is the path template, e.g. "/v1/candles/minutes/{unit}".
	Path string
	// Category is the rate-limit category (x-bithumb-rate-limit).
	Category string
	// Retry is the retry policy (x-bithumb-retry).
	Retry RetryPolicy
	// Auth is the signing scheme, from the operation's security.
	Auth AuthScheme
	// Legacy reports an API 1.0 endpoint, whose responses use the
	// {"status": "0000", ...} envelope.
	Legacy bool
	// Deprecated reports an operation the spec marks deprecated.
	Deprecated bool
	// DocURL is the Bithumb documentation page (x-bithumb-doc).
	DocURL string
}

// Catalog finds the Endpoint of a request by method and path. Create one
// with NewCatalog; it is immutable and safe for concurrent use.
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

// NewCatalog indexes endpoints. It fails on a duplicate method and path or
// an endpoint without method, path or operation id.
func NewCatalog(endpoints []Endpoint) (*Catalog, error) {
	c := &Catalog{exact: make(map[string]Endpoint, len(endpoints)), byOp: make(map[string]Endpoint, len(endpoints))}
	seen := make(map[string]bool, len(endpoints))
	for _, e := range endpoints {
		if e.OperationID == "" || e.Method == "" || !strings.HasPrefix(e.Path, "/") {
			return nil, fmt.Errorf("middleware: incomplete endpoint %+v", e)
		}
		key := e.Method + " " + e.Path
		if seen[key] {
			return nil, fmt.Errorf("middleware: duplicate endpoint %s", key)
		}
		seen[key] = true
		if _, dup := c.byOp[e.OperationID]; dup {
			return nil, fmt.Errorf("middleware: duplicate operation id %s", e.OperationID)
		}
		c.byOp[e.OperationID] = e
		c.all = append(c.all, e)
		if !strings.Contains(e.Path, "{") {
			c.exact[key] = e
			continue
		}
		segs := strings.Split(e.Path, "/")
		for i, s := range segs {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				segs[i] = paramSegment
			} else if strings.ContainsAny(s, "{}") {
				return nil, fmt.Errorf("middleware: unsupported path template %s", e.Path)
			}
		}
		c.templated = append(c.templated, templated{segments: segs, endpoint: e})
	}
	sort.SliceStable(c.all, func(i, j int) bool { return c.all[i].OperationID < c.all[j].OperationID })
	return c, nil
}

// Lookup returns the endpoint of method and path (a concrete path such as
// "/v1/candles/minutes/5", without the query).
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

// Endpoints returns every endpoint, sorted by operation id.
func (c *Catalog) Endpoints() []Endpoint { return append([]Endpoint(nil), c.all...) }

// Operation returns the endpoint with the given operation id.
func (c *Catalog) Operation(operationID string) (Endpoint, bool) {
	e, ok := c.byOp[operationID]
	return e, ok
}

type endpointKey struct{}

// WithEndpoint returns ctx carrying e, for the layers below.
func WithEndpoint(ctx context.Context, e Endpoint) context.Context {
	return context.WithValue(ctx, endpointKey{}, e)
}

// EndpointFrom returns the Endpoint stored by WithEndpoint.
func EndpointFrom(ctx context.Context) (Endpoint, bool) {
	e, ok := ctx.Value(endpointKey{}).(Endpoint)
	return e, ok
}

// GuessEndpoint describes a request whose path is not in the catalog (a
// new Bithumb endpoint called through a raw request): /info and /trade
// paths are legacy HMAC endpoints, other /v1 and /v2 paths JWT endpoints
// when called with credentials. Unknown endpoints are never retried unless
// they are GETs, and share the "private-other" or "public-other" category.
func GuessEndpoint(method, path string, signed bool) Endpoint {
	e := Endpoint{OperationID: "unknown", Method: method, Path: path, Retry: RetryNever}
	if method == "GET" {
		e.Retry = RetrySafe
	}
	switch {
	case strings.HasPrefix(path, "/info/") || strings.HasPrefix(path, "/trade/"):
		e.Auth, e.Legacy, e.Category = AuthHMAC, true, "private-other"
	case strings.HasPrefix(path, "/public/"):
		e.Legacy, e.Category = true, "public-other"
	case signed:
		e.Auth, e.Category = AuthJWT, "private-other"
	default:
		e.Category = "public-other"
	}
	return e
}
