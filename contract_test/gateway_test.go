package contract_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/bithumb-go/bithumb"
)

// TestGatewayNotFoundThroughClient serves the recorded bare 404 of the
// gateway (no error wrapper) to the client, for a path outside the spec
// through Client.Do and for an operation the spec knows (an endpoint that
// is gone) through its typed method: both return the typed *APIError with
// the gateway's name and message, marked Gateway, that errors.Is matches
// by name and status.
func TestGatewayNotFoundThroughClient(t *testing.T) {
	var fx restFixture
	for _, f := range loadRESTFixtures(t) {
		if f.File == "error_unknown_route__probe.json" {
			fx = f
		}
	}
	if fx.File == "" {
		t.Fatal("fixture error_unknown_route__probe.json is missing")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(fx.Status)
		w.Write(fx.Body)
	}))
	t.Cleanup(srv.Close)
	c, err := bithumb.New(bithumb.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	calls := map[string]struct {
		operationID string
		call        func() error
	}{
		"path outside the spec": {"unknown", func() error { // GuessEndpoint's name
			_, err := c.Do(ctx, bithumb.RawRequest{Method: fx.Method, Path: fx.Path})
			return err
		}},
		"operation of the spec": {"listTickers", func() error {
			_, err := c.ListTickers(ctx, "KRW-BTC")
			return err
		}},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call.call()
			var apiErr *bithumb.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T), want an *APIError", err, err)
			}
			if apiErr.StatusCode != http.StatusNotFound || apiErr.Name != "not_found" ||
				apiErr.Message != "No Route matched with those values" || !apiErr.Gateway || apiErr.OperationID != call.operationID {
				t.Errorf("APIError status %d name %q message %q gateway %v operation %q; want 404, not_found, the gateway's message, true, %q",
					apiErr.StatusCode, apiErr.Name, apiErr.Message, apiErr.Gateway, apiErr.OperationID, call.operationID)
			}
			if !errors.Is(err, bithumb.ErrorName("not_found")) || !errors.Is(err, bithumb.HTTPStatus(http.StatusNotFound)) {
				t.Errorf("errors.Is does not match the name and the status: %v", err)
			}
		})
	}
}
