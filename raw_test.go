package bithumb

import (
	"errors"
	"strings"
	"testing"
)

func TestDoSignsAndKeepsOrder(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `[]`)
	c := newTestClient(t, f.URL)
	resp, err := c.Do(t.Context(), RawRequest{Method: "get", Path: "/v1/orders", Query: []Param{
		{"market", "KRW-BTC"}, {"uuids[]", simOrderID}, {"uuids[]", docOrderID}, {"next_key", "page+/=="},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || string(resp.Body) != "[]" {
		t.Errorf("resp = %+v", resp)
	}
	r := f.last.Load()
	if got, want := r.URL.RawQuery, "market=KRW-BTC&uuids[]="+simOrderID+"&uuids[]="+docOrderID+"&next_key=page%2B%2F%3D%3D"; got != want {
		t.Errorf("query = %s, want %s", got, want)
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		t.Error("not signed")
	}
}

func TestDoLegacyFormAndErrors(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `{"status":"5300","message":"Invalid Apikey"}`)
	c := newTestClient(t, f.URL)
	resp, err := c.Do(t.Context(), RawRequest{Method: "POST", Path: "/info/balance", Form: []Param{{"currency", "BTC"}}})
	if !errors.Is(err, ErrLegacyInvalidAPIKey) || resp == nil {
		t.Fatalf("err = %v, resp = %v", err, resp)
	}
	if body := string(*f.lastBody.Load()); body != "endpoint=%2Finfo%2Fbalance&currency=BTC" {
		t.Errorf("form = %q", body)
	}
	if f.last.Load().Header.Get("Api-Sign") == "" {
		t.Error("legacy request not HMAC-signed")
	}
	for _, bad := range []RawRequest{{Method: "PUT", Path: "/v1/x"}, {Method: "GET", Path: "v1/x"}, {Method: "GET", Path: "/v1/x?a=b"}, {Method: "POST", Path: "/v1/x", JSONBody: []byte("{}"), Form: []Param{{"a", "b"}}}} {
		if _, err := c.Do(t.Context(), bad); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%+v: err = %v", bad, err)
		}
	}
}

func TestDoValidatesKnownEndpointsAgainstTheSpec(t *testing.T) {
	t.Parallel()
	f := newFake(t, 201, `{}`)
	c := newTestClient(t, f.URL)
	tests := []struct {
		req   RawRequest
		field string
	}{
		{RawRequest{Method: "POST", Path: "/v2/orders", JSONBody: []byte(`{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"abc","volume":"1"}`)}, "price"},
		{RawRequest{Method: "POST", Path: "/v2/orders", JSONBody: []byte(`{"market":"KRW-BTC","order_type":"limit"}`)}, "side"},
		{RawRequest{Method: "GET", Path: "/v1/ticker"}, "markets"},
		{RawRequest{Method: "GET", Path: "/v1/candles/minutes/7", Query: []Param{{"market", "KRW-BTC"}}}, "unit"},
		{RawRequest{Method: "GET", Path: "/v1/orders", Query: []Param{{"state", "open"}}}, "state"},
	}
	for _, tt := range tests {
		_, err := c.Do(t.Context(), tt.req)
		var in *InputError
		if !errors.As(err, &in) {
			t.Errorf("%s %s: err = %v", tt.req.Method, tt.req.Path, err)
			continue
		}
		if !strings.Contains(in.Field, tt.field) {
			t.Errorf("%s %s: field %q, want %q (%v)", tt.req.Method, tt.req.Path, in.Field, tt.field, err)
		}
	}
	if n := f.requests.Load(); n != 0 {
		t.Errorf("%d invalid requests were sent", n)
	}
	// Unknown endpoints are not checked: Bithumb adds endpoints.
	if _, err := c.Do(t.Context(), RawRequest{Method: "GET", Path: "/v9/new"}); err != nil {
		t.Errorf("unknown endpoint: %v", err)
	}
}
