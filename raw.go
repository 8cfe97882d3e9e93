package bithumb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/bithumb-go/bithumb/middleware"
)

// Param is one key=value pair of a query or form. Pairs keep their order,
// which Bithumb's query_hash depends on. Array parameters repeat the key
// with brackets: {"uuids[]", "a"}, {"uuids[]", "b"}.
type Param struct {
	Key, Value string
}

// RawRequest is a request to any Bithumb endpoint, known to the spec or
// not, for endpoints added after this version and for the `bithumb api`
// command.
type RawRequest struct {
	// Method is GET, POST or DELETE.
	Method string
	// Path is the path, e.g. "/v1/orders"; any query belongs in Query.
	// It must be clean: segments of A-Z, a-z, 0-9, -, _ and ., with no
	// empty (//), . or .. segment, no @, backslash, percent-encoding or
	// control character. Do rejects any other path with an *InputError
	// on field "path" before sending anything.
	Path string
	// Query pairs are sent in order, keys with literal brackets.
	Query []Param
	// JSONBody, when set, is sent as is with Content-Type
	// application/json.
	JSONBody []byte
	// Form, when set, is sent as an application/x-www-form-urlencoded body
	// (legacy API 1.0 private endpoints).
	Form []Param
}

// RawResponse is the answer to a RawRequest.
type RawResponse struct {
	StatusCode int
	// Proto is the protocol of the answer, e.g. "HTTP/1.1".
	Proto  string
	Header http.Header
	Body   []byte
}

// Do sends req through the same layers as the typed methods: it is signed
// (JWT for /v1 and /v2 paths, HMAC for /info and /trade, none for public
// paths known to the spec), rate limited and retried by the policy of its
// endpoint in the spec (unknown endpoints are treated as never safe to
// re-send, except GETs). An error answer is returned as an *APIError
// together with the response.
//
// Order placements and cancels get the guarantees of the typed methods,
// except that Do never sends a request again after its outcome became
// unknown:
//
//   - POST /v2/orders and POST /v2/orders/batch: every order without a
//     client_order_id gets a generated one (see NewClientOrderID), added
//     as the last member of its JSON object; the rest of the body is
//     sent as given.
//   - When a placement or a cancel (DELETE /v2/order, DELETE /v1/order,
//     POST /v2/orders/cancel, and the placements POST /v1/orders,
//     /trade/place, /trade/market_buy and /trade/market_sell) fails in a
//     way that leaves its outcome unknown (a 5xx, a reset or timeout
//     after sending, a success whose body is not JSON or names no order),
//     Do looks the orders up by their ids and returns an
//     *AmbiguousOrderError whose Reconciliation says what it found
//     (Found, with each order's state; NotFound; or LookupErr), together
//     with the response when there was one. Placements through v1 and
//     legacy endpoints take no client order id, so they cannot be looked
//     up: their error names no id and reports no look-up.
func (c *Client) Do(ctx context.Context, req RawRequest) (*RawResponse, error) {
	method := strings.ToUpper(req.Method)
	var v validator
	v.check(method == http.MethodGet || method == http.MethodPost || method == http.MethodDelete, "method", req.Method, "must be GET, POST or DELETE")
	v.rawPath("path", req.Path)
	v.check(req.JSONBody == nil || req.Form == nil, "body", "", "give a JSON body or a form, not both")
	if v.err != nil {
		return nil, v.err
	}
	e, known := c.catalog.Lookup(method, req.Path)
	if !known {
		e = middleware.GuessEndpoint(method, req.Path, c.HasCredentials())
	}
	if known && e.Auth == middleware.AuthHMAC && (len(req.Form) == 0 || req.Form[0].Key != "endpoint") {
		// Legacy private bodies start with endpoint=<path>; the signer
		// would add it, but the spec check below wants it already.
		form := []Param{{"endpoint", req.Path}}
		for _, p := range req.Form {
			if p.Key != "endpoint" {
				form = append(form, p)
			}
		}
		req.Form = form
	}
	var order *rawOrder
	if known {
		var err error
		if order, err = rawOrderOf(e.OperationID, &req); err != nil {
			return nil, err
		}
	}
	callCtx, cancel := c.withCallTimeout(ctx)
	defer cancel()
	send := func(ctx context.Context) (*RawResponse, error) { return c.sendRaw(ctx, method, req, e, known) }
	if order == nil {
		return send(callCtx)
	}
	out, err := sendTracked(callCtx, send)
	if err == nil {
		err = order.checkAnswer(e.OperationID, out)
	}
	if err == nil || !inDoubt(err) {
		return out, err
	}
	return out, c.reconcile(ctx, order, err)
}

// sendRaw sends req once through the client's layers: method is req's in
// upper case, e its endpoint (known: from the spec).
func (c *Client) sendRaw(ctx context.Context, method string, req RawRequest, e middleware.Endpoint, known bool) (*RawResponse, error) {
	u := c.opts.baseURL + req.Path
	if len(req.Query) > 0 {
		u += "?" + encodeParams(req.Query)
	}
	var body io.Reader
	contentType := ""
	switch {
	case req.JSONBody != nil:
		body, contentType = bytes.NewReader(req.JSONBody), "application/json"
	case req.Form != nil:
		body, contentType = strings.NewReader(encodeParams(req.Form)), "application/x-www-form-urlencoded"
	}
	httpReq, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("bithumb: %w", err)
	}
	if contentType != "" {
		httpReq.Header.Set("Content-Type", contentType)
	}
	httpReq.Header.Set("User-Agent", c.opts.userAgent)
	if known {
		if err := checkAgainstSpec(ctx, httpReq); err != nil {
			return nil, err
		}
	}
	resp, err := c.http.Do(httpReq)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err // its URL would repeat the query
		}
		return nil, callError(ctx, method+" "+req.Path, err)
	}
	defer resp.Body.Close()
	data, err := readBody(resp)
	if err != nil {
		return nil, callError(ctx, method+" "+req.Path, fmt.Errorf("reading the response: %w", err))
	}
	out := &RawResponse{StatusCode: resp.StatusCode, Proto: resp.Proto, Header: resp.Header, Body: data}
	if apiErr := middleware.CheckResponse(resp, data, e); apiErr != nil {
		return out, apiErr
	}
	return out, nil
}

// encodeParams joins pairs in order: keys keep literal brackets, values
// are percent-encoded.
func encodeParams(ps []Param) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(strings.NewReplacer("%5B", "[", "%5D", "]").Replace(url.QueryEscape(p.Key)))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.Value))
	}
	return b.String()
}

// checkAgainstSpec validates a raw request to a known endpoint against the
// spec's rules (package validation: required parameters, patterns, enums,
// bounds, decimal strings), so that bad input fails with an *InputError
// naming the field before anything is sent. Query parameters and body
// fields that the spec does not name are allowed, as Bithumb adds them.
func checkAgainstSpec(_ context.Context, req *http.Request) error {
	return inputError(checkHTTPRequest(req, false))
}
