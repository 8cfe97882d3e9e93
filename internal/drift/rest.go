package drift

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb"
)

// Result is the outcome of one live call or one WebSocket stream.
type Result struct {
	// Name is the operation id, or "ws <type> <format>" for a stream.
	Name string `json:"name"`
	// Request is the method and path, e.g. "GET /v1/ticker" (no query, no
	// body), for a REST call.
	Request string `json:"request,omitempty"`
	// Status is the HTTP status of the answer; 0 when none came.
	Status int `json:"status,omitempty"`
	// Frames is how many WebSocket messages were checked.
	Frames int `json:"frames,omitempty"`
	// Note says why nothing or not everything was checked (skipped, no
	// answer, an error answer, no schema), or is empty.
	Note string `json:"note,omitempty"`
	// Checked is true when an answer was compared with the spec.
	Checked bool `json:"checked"`
	// Findings are the differences found.
	Findings []Finding `json:"findings,omitempty"`
}

// Doer sends a request; *bithumb.Client is one, with its rate limiter,
// retries and signing.
type Doer interface {
	Do(ctx context.Context, req bithumb.RawRequest) (*bithumb.RawResponse, error)
}

// CheckREST makes each call that is not skipped, one after the other,
// and checks every answer with CheckResponse. A call that ReadOnly
// refuses (its operation in doc is not a safe GET nor marked
// x-bithumb-read-only) or that is not a GET and not in doc is not made
// but reported as skipped; Plan makes no such call. first, when not nil, sees
// the error of the first call made (nil when it was answered) and may
// stop the check by returning false, e.g. when the network is down.
func CheckREST(ctx context.Context, doc *openapi3.T, c Doer, calls []Call, first func(error) bool) []Result {
	out := make([]Result, 0, len(calls))
	made := false
	for _, call := range calls {
		r := Result{Name: call.OperationID, Request: call.Method + " " + call.Path}
		if call.Skip != "" {
			r.Note = "skipped: " + call.Skip
			out = append(out, r)
			continue
		}
		var op *openapi3.Operation
		if item := doc.Paths.Value(call.Template); item != nil {
			op = item.GetOperation(call.Method)
		}
		if op != nil && !ReadOnly(call.Method, op) { // Plan never makes one; refuse anyway
			r.Note = "skipped: the spec does not mark " + call.Method + " " + call.Template + " read-only"
			out = append(out, r)
			continue
		}
		if op == nil && call.Method != http.MethodGet {
			r.Note = "skipped: " + call.Method + " " + call.Template + " is not in the spec"
			out = append(out, r)
			continue
		}
		resp, err := c.Do(ctx, bithumb.RawRequest{Method: call.Method, Path: call.Path, Query: call.Query, JSONBody: call.JSONBody, Form: call.Form})
		if !made {
			made = true
			if first != nil && !first(noAnswer(resp, err)) {
				return nil
			}
		}
		if resp == nil {
			r.Note = "no answer: " + errText(err)
			out = append(out, r)
			if ctx.Err() != nil {
				return out
			}
			continue
		}
		r.Status, r.Checked = resp.StatusCode, true
		var apiErr *bithumb.APIError
		if errors.As(err, &apiErr) {
			r.Note = "error answer: " + apiErr.Error()
		}
		r.Findings = CheckResponse(op, resp.StatusCode, resp.Body)
		out = append(out, r)
	}
	return out
}

// noAnswer is err when no response came, else nil.
func noAnswer(resp *bithumb.RawResponse, err error) error {
	if resp != nil {
		return nil
	}
	if err == nil {
		return errors.New("no response")
	}
	return err
}

func errText(err error) string {
	if err == nil {
		return "no response"
	}
	return clip(err.Error(), 200)
}

// CheckResponse checks one answer of op: its status is one the operation
// documents (or its default), the body fits that status's JSON schema,
// and a 2xx body decodes into the generated type (TypedDecoder). A 404
// that is the gateway's bare not_found object means the route is gone.
func CheckResponse(op *openapi3.Operation, status int, body []byte) []Finding {
	if op == nil {
		return []Finding{finding(UnexpectedStatus, "$", "the spec has no such operation")}
	}
	if status == http.StatusNotFound && gatewayNotFound(body) {
		return []Finding{finding(RouteGone, "$", "the gateway answered 404 with no route matched: the endpoint is not there")}
	}
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return []Finding{finding(UnexpectedStatus, "$", "HTTP "+strconv.Itoa(status)+" is not documented for "+op.OperationID)}
	}
	var out []Finding
	if mt := ref.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && len(body) > 0 {
		out = CheckBody(mt.Schema.Value, body)
	}
	if status >= 200 && status < 300 && countBreaking(out) == 0 {
		if decode, ok := TypedDecoder(op.OperationID, status); ok {
			if err := decode(body); err != nil {
				out = append(out, finding(Undecodable, "$", err.Error()))
			}
		}
	}
	return out
}

// gatewayNotFound reports whether body is the gateway's answer to a path
// it does not route: a bare {"name": "not_found", "message": ...} without
// the error wrapper.
func gatewayNotFound(body []byte) bool {
	var v struct {
		Name  any             `json:"name"`
		Error json.RawMessage `json:"error"`
	}
	if len(body) > MaxBodyBytes || json.Unmarshal(body, &v) != nil {
		return false
	}
	return fmt.Sprint(v.Name) == "not_found" && v.Error == nil
}
