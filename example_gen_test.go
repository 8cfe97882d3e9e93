package bithumb_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
)

// Package gen, the generated low-level client, called through the client's
// middleware: the private call below is signed, rate limited and retried
// as the spec allows, here against the simulator.
func ExampleNewHTTPClient() {
	key := auth.Key{AccessKey: "example-access-key-0001", SecretKey: "example-secret-key-0001"}
	s, err := sim.New(sim.WithConfig(sim.Config{Accounts: []sim.AccountConfig{{ID: "me", Keys: []auth.Key{key}}}}))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()

	hc, err := bithumb.NewHTTPClient(bithumb.WithKeys(key.AccessKey, key.SecretKey))
	if err != nil {
		log.Fatal(err)
	}
	api, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(hc))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := api.ListAccountsWithResponse(context.Background())
	if err == nil {
		err = bithumb.CheckResponse(resp.HTTPResponse, resp.Body)
	}
	if err != nil {
		log.Fatal(err)
	}
	accounts := *resp.JSON200
	fmt.Println(resp.StatusCode(), accounts[0].Currency, accounts[0].Balance)
	// Output: 200 KRW 100000000
}

// Bithumb's quotation endpoints answer an unknown market with HTTP 200 and
// an error object. To package gen that is a success; CheckResponse turns
// it into the *APIError that Client's methods return.
func ExampleCheckResponse() {
	srv := exampleServer(200, `{"error":{"name":404,"message":"Code not found"}}`)
	defer srv.Close()

	hc, err := bithumb.NewHTTPClient()
	if err != nil {
		log.Fatal(err)
	}
	api, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(hc))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := api.ListTickersWithResponse(context.Background(), &gen.ListTickersParams{Markets: []string{"KRW-NOPE"}})
	if err != nil {
		log.Fatal(err)
	}
	err = bithumb.CheckResponse(resp.HTTPResponse, resp.Body)
	fmt.Println(resp.StatusCode())
	fmt.Println(err)

	var apiErr *bithumb.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.OperationID, apiErr.Name, errors.Is(err, bithumb.ErrNotFound))
	}
	// Output:
	// 200
	// bithumb: GET /v1/ticker: HTTP 200 with error 404: Code not found
	// listTickers 404 true
}
