package middleware

import (
	"context"
	"github.com/bithumb-go/bithumb/catalog"
	"testing"
)

func catalogEndpoints() []Endpoint {
	return []Endpoint{
		{OperationID: "getTicker", Method: "GET", Path: "/v1/ticker", Category: "public", Retry: RetrySafe},
		{OperationID: "getMinuteCandles", Method: "GET", Path: "/v1/candles/minutes/{unit}", Category: "public", Retry: RetrySafe},
		{OperationID: "getOrder", Method: "GET", Path: "/v1/order", Category: "private-other", Retry: RetrySafe, Auth: AuthJWT},
		{OperationID: "cancelOrder", Method: "DELETE", Path: "/v2/order", Category: "private-other", Retry: RetrySafe, Auth: AuthJWT},
		{OperationID: "placeOrder", Method: "POST", Path: "/v2/orders", Category: "orders", Retry: RetryReconcile, Auth: AuthJWT},
		{OperationID: "getTwapOrder", Method: "GET", Path: "/v2/twap/{id}/fills", Category: "private-other", Retry: RetrySafe, Auth: AuthJWT},
		{OperationID: "deleteTwapOrder", Method: "DELETE", Path: "/v2/twap/{id}", Category: "private-other", Retry: RetryNever, Auth: AuthJWT},
		{OperationID: "legacyBalance", Method: "POST", Path: "/info/balance", Category: "private-other", Retry: RetrySafe, Auth: AuthHMAC, Legacy: true},
	}
}

func mustCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := NewCatalog(catalogEndpoints())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGuessEndpoint: what an endpoint missing from the catalog is taken
// for.
func TestGuessEndpoint(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		method, path string
		signed       bool
		want         Endpoint
	}{
		{"GET", "/v1/new", false, Endpoint{Retry: RetrySafe, Category: "public-other"}},
		{"GET", "/v1/new", true, Endpoint{Retry: RetrySafe, Category: "private-other", Auth: AuthJWT}},
		{"POST", "/v2/new", true, Endpoint{Retry: RetryNever, Category: "private-other", Auth: AuthJWT}},
		{"DELETE", "/v2/new", false, Endpoint{Retry: RetryNever, Category: "public-other"}},
		{"POST", "/info/new", false, Endpoint{Retry: RetryNever, Category: "private-other", Auth: AuthHMAC, Legacy: true}},
		{"POST", "/trade/new", true, Endpoint{Retry: RetryNever, Category: "private-other", Auth: AuthHMAC, Legacy: true}},
		{"GET", "/public/ticker/BTC_KRW", true, Endpoint{Retry: RetrySafe, Category: "public-other", Legacy: true}},
		{"get", "/v1/new", false, Endpoint{Retry: RetryNever, Category: "public-other"}},
		{"GET", "/information", true, Endpoint{Retry: RetrySafe, Category: "private-other", Auth: AuthJWT}},
	} {
		want := tt.want
		want.OperationID, want.Method, want.Path = "unknown", tt.method, tt.path
		if got := GuessEndpoint(tt.method, tt.path, tt.signed); got != want {
			t.Errorf("GuessEndpoint(%s, %s, %v)\ngot  %+v\nwant %+v", tt.method, tt.path, tt.signed, got, want)
		}
	}
}

// TestContextValues: an Endpoint and an attempt number travel in the
// context; without them, EndpointFrom reports false and AttemptFrom 1.
func TestContextValues(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if e, ok := EndpointFrom(ctx); ok || e != (Endpoint{}) {
		t.Errorf("EndpointFrom(empty) = %+v, %v", e, ok)
	}
	if n := AttemptFrom(ctx); n != 1 {
		t.Errorf("AttemptFrom(empty) = %d", n)
	}
	e := catalogEndpoints()[4]
	ctx = WithAttempt(WithEndpoint(ctx, e), 3)
	if got, ok := EndpointFrom(ctx); !ok || got != e {
		t.Errorf("EndpointFrom = %+v, %v", got, ok)
	}
	if n := AttemptFrom(ctx); n != 3 {
		t.Errorf("AttemptFrom = %d", n)
	}
	if got, _ := EndpointFrom(WithEndpoint(ctx, Endpoint{OperationID: "other"})); got.OperationID != "other" {
		t.Errorf("a second WithEndpoint does not win: %+v", got)
	}
}

// An endpoint of the spec's catalog travels as a pointer to one shared
// copy; any other endpoint, even one that differs from the spec's only in
// a field, as a copy of its own with its own values.
func TestWithEndpointSharesTheSpecsEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	spec := catalog.Default().Endpoints()[3]
	a, b := WithEndpoint(ctx, spec).Value(endpointKey{}), WithEndpoint(ctx, spec).Value(endpointKey{})
	if a != b {
		t.Errorf("two contexts of %s carry two copies of its endpoint", spec.OperationID)
	}
	changed := spec
	changed.Category = "private-order"
	if spec.Category == changed.Category {
		changed.Category = "public-other"
	}
	c := WithEndpoint(ctx, changed).Value(endpointKey{})
	if c == a {
		t.Fatal("a changed endpoint shares the spec's copy")
	}
	if got, _ := EndpointFrom(WithEndpoint(ctx, changed)); got != changed {
		t.Errorf("EndpointFrom = %+v, want the changed endpoint %+v", got, changed)
	}
	if got, _ := EndpointFrom(WithEndpoint(ctx, spec)); got != spec {
		t.Errorf("EndpointFrom = %+v, want %+v", got, spec)
	}
}
