package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/bithumb-go/bithumb/internal/plain"
)

// maxRawBody bounds the response body that a raw call decodes.
const maxRawBody = 1 << 20

// rawClient is what a program without the SDK writes to call the API:
// one http.Client with net/http's default transport, requests built with
// http.NewRequestWithContext, tokens signed by hand with the standard
// library (plain.Signer) and answers decoded with encoding/json
// into plain structs. It has no validation, limiter, retries or exact
// decimals; the raw calls are its methods.
type rawClient struct {
	hc     *http.Client
	base   string // the REST base URL
	signer *plain.Signer
}

// newRawClient returns the raw client of the API at base, with the keys in
// BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY, as the SDK's client reads them.
func newRawClient(base string) (*rawClient, error) {
	access, secret := os.Getenv("BITHUMB_ACCESS_KEY"), os.Getenv("BITHUMB_SECRET_KEY")
	if access == "" || secret == "" {
		return nil, errors.New("raw calls: set BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY")
	}
	return &rawClient{hc: &http.Client{}, base: base, signer: plain.NewSigner(access, secret)}, nil
}

// get sends GET base+pathQuery, signed when signed is set (the query after
// "?" is hashed), and decodes the answer into v.
func (r *rawClient) get(ctx context.Context, pathQuery string, signed bool, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base+pathQuery, nil)
	if err != nil {
		return err
	}
	if signed {
		req.Header.Set("Authorization", r.signer.Authorization(req.URL.RawQuery))
	}
	return r.do(req, v)
}

// do sends req and decodes its answer, one whole JSON value, into v. An
// answer that is not 2xx is an error with its status and the start of its
// body (the exchange's error name and message).
func (r *rawClient) do(req *http.Request, v any) error {
	resp, err := r.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("%s %s: HTTP %s: %s", req.Method, req.URL.Path, resp.Status, msg)
	}
	return json.NewDecoder(io.LimitReader(resp.Body, maxRawBody)).Decode(v)
}
