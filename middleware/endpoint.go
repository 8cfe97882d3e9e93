package middleware

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/bithumb-go/bithumb/catalog"
)

// The endpoint catalog lives in package catalog, generated from the spec;
// these aliases let the layers and their users name it from here.

// AuthScheme is how an endpoint authenticates requests; see
// catalog.AuthScheme.
type AuthScheme = catalog.AuthScheme

// The signing schemes of catalog.AuthScheme.
const (
	// AuthNone marks a public endpoint.
	AuthNone = catalog.AuthNone
	// AuthJWT marks an API 2.0 private endpoint: an HS256 JWT in the
	// Authorization header.
	AuthJWT = catalog.AuthJWT
	// AuthHMAC marks a legacy API 1.0 private endpoint: Api-Key, Api-Nonce
	// and Api-Sign headers over a form body.
	AuthHMAC = catalog.AuthHMAC
)

// RetryPolicy says whether a request may be sent again after a failure
// that leaves its outcome unknown; see catalog.RetryPolicy.
type RetryPolicy = catalog.RetryPolicy

// The retry policies of catalog.RetryPolicy.
const (
	// RetrySafe requests may be re-sent after any retryable failure.
	RetrySafe = catalog.RetrySafe
	// RetryReconcile requests (order placement) are looked up by their
	// client_order_id after an ambiguous failure and re-sent only if the
	// order does not exist.
	RetryReconcile = catalog.RetryReconcile
	// RetryNever requests are never re-sent once they may have reached
	// the exchange.
	RetryNever = catalog.RetryNever
)

// Endpoint is what the HTTP layers need to know about one operation of
// the spec; see catalog.Endpoint.
type Endpoint = catalog.Endpoint

// Catalog finds the Endpoint of a request by method and path; see
// catalog.Catalog. catalog.Default is the spec's.
type Catalog = catalog.Catalog

// NewCatalog indexes endpoints; it is catalog.New.
func NewCatalog(endpoints []Endpoint) (*Catalog, error) { return catalog.New(endpoints) }

type endpointKey struct{}

// WithEndpoint returns ctx carrying e, for the layers below.
func WithEndpoint(ctx context.Context, e Endpoint) context.Context {
	// An endpoint of the spec's catalog, as it is there, is not copied:
	// the context points at the one copy that specEndpoints holds.
	p := specEndpoints()[e.OperationID]
	if p == nil || *p != e {
		p = new(Endpoint) // only here: &e would move every e to the heap
		*p = e
	}
	return &endpointCtx{Context: ctx, e: p}
}

// specEndpoints maps the operation ids of catalog.Default to one copy of
// their endpoints, never modified.
var specEndpoints = sync.OnceValue(func() map[string]*Endpoint {
	all := catalog.Default().Endpoints()
	m := make(map[string]*Endpoint, len(all))
	for i := range all {
		m[all[i].OperationID] = &all[i]
	}
	return m
})

// endpointCtx carries a pointer to an Endpoint, the spec's shared copy or
// one of its own, in one allocation: context.WithValue would add a second
// one to box it.
type endpointCtx struct {
	context.Context
	e *Endpoint // never modified
}

// Value answers the endpoint key with the pointer to the Endpoint.
func (c *endpointCtx) Value(key any) any {
	if key == (endpointKey{}) {
		return c.e
	}
	return c.Context.Value(key)
}

// String describes the context as context.WithValue's do, without the
// Endpoint.
func (c *endpointCtx) String() string {
	return fmt.Sprint(c.Context) + ".WithValue(middleware.endpointKey)"
}

// EndpointFrom returns the Endpoint stored by WithEndpoint.
func EndpointFrom(ctx context.Context) (Endpoint, bool) {
	if e, ok := ctx.Value(endpointKey{}).(*Endpoint); ok {
		return *e, true
	}
	return Endpoint{}, false
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
