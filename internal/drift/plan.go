package drift

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb"
)

// Call is one request of a live check, chosen from the spec by Plan.
type Call struct {
	// OperationID names the operation in the spec.
	OperationID string
	// Method is GET, or the method of an operation marked
	// x-bithumb-read-only (see ReadOnly).
	Method string
	// Template is the spec's path template, e.g. /v1/candles/minutes/{unit}.
	Template string
	// Path is the concrete path with the sample path parameters.
	Path string
	// Query holds the sample query parameters.
	Query []bithumb.Param
	// JSONBody is the sample body of an operation whose request body is
	// application/json, else nil.
	JSONBody []byte
	// Form is the sample body of an operation whose request body is
	// application/x-www-form-urlencoded (the legacy /info queries):
	// endpoint=PATH first, as the legacy signer wants, then the fields;
	// else nil.
	Form []bithumb.Param
	// Private is true for an operation that needs API keys.
	Private bool
	// Skip, when set, says why the call is not made.
	Skip string
}

// Plan returns the calls of a live check of doc, sorted by operation id:
// every operation that ReadOnly accepts (each GET whose x-bithumb-retry
// is safe, and each operation marked x-bithumb-read-only: true, such as
// POST /v2/orders/search and the legacy /info POSTs), the private ones
// skipped unless withKeys. Nothing else is listed: no placement, cancel,
// withdrawal or other operation that changes state, whatever its retry
// policy.
//
// The parameters come from the spec: every required parameter takes its
// example (the parameter's example, its first named example, its
// schema's example), else its schema's first enum value, else its
// default; an optional parameter is sent only when it has an example.
// The request body, when the operation has one, is its example (the
// media type's example, its first named example, its schema's example),
// else an object built from the schema's properties by the same rules as
// parameters; it is sent as JSON for application/json and as a form for
// application/x-www-form-urlencoded (see sampleBody). A call whose
// required parameter or body field has none of these, or whose body is
// of another type, is skipped with the reason.
func Plan(doc *openapi3.T, withKeys bool) []Call {
	var calls []Call
	if doc == nil || doc.Paths == nil {
		return nil
	}
	for tmpl, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if !ReadOnly(method, op) {
				continue
			}
			calls = append(calls, planCall(doc, tmpl, item, method, op, withKeys))
		}
	}
	sort.Slice(calls, func(i, j int) bool {
		if calls[i].OperationID != calls[j].OperationID {
			return calls[i].OperationID < calls[j].OperationID
		}
		return calls[i].Method < calls[j].Method
	})
	return calls
}

// planCall returns the call of one read-only operation.
func planCall(doc *openapi3.T, tmpl string, item *openapi3.PathItem, method string, op *openapi3.Operation, withKeys bool) Call {
	c := Call{OperationID: op.OperationID, Method: method, Template: tmpl, Path: tmpl, Private: private(doc, op)}
	if c.Private && !withKeys {
		c.Skip = "needs API keys"
	}
	params := append(openapi3.Parameters{}, item.Parameters...)
	params = append(params, op.Parameters...)
	for _, ref := range params {
		p := ref.Value
		if p == nil {
			continue
		}
		values := sample(p)
		if len(values) == 0 {
			if p.Required && c.Skip == "" {
				c.Skip = fmt.Sprintf("the spec has no example for the required parameter %q", p.Name)
			}
			continue
		}
		switch p.In {
		case openapi3.ParameterInPath:
			c.Path = strings.ReplaceAll(c.Path, "{"+p.Name+"}", values[0])
		case openapi3.ParameterInQuery:
			if p.Explode != nil && !*p.Explode { // style form, explode false: a=x,y
				values = []string{strings.Join(values, ",")}
			}
			for _, v := range values {
				c.Query = append(c.Query, bithumb.Param{Key: p.Name, Value: v})
			}
		}
	}
	if skip := sampleBody(&c, op.RequestBody); skip != "" && c.Skip == "" {
		c.Skip = skip
	}
	return c
}

// private reports whether op is signed: its own security, else the
// document's, names a scheme.
func private(doc *openapi3.T, op *openapi3.Operation) bool {
	security := doc.Security
	if op.Security != nil {
		security = *op.Security
	}
	for _, req := range security {
		if len(req) > 0 {
			return true
		}
	}
	return false
}

// sample returns the values to send for p, or none.
func sample(p *openapi3.Parameter) []string {
	var s *openapi3.Schema
	if p.Schema != nil {
		s = p.Schema.Value
	}
	candidates := examples(p.Example, p.Examples)
	candidates = append(candidates, schemaSamples(s, p.Required)...)
	for _, c := range candidates {
		if values := text(c); len(values) > 0 {
			return values
		}
	}
	return nil
}

// examples lists the sample values of a parameter or media type: its
// example, then its first named example (by name).
func examples(example any, named openapi3.Examples) []any {
	candidates := []any{example}
	names := make([]string, 0, len(named))
	for name := range named {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) > 0 && named[names[0]] != nil && named[names[0]].Value != nil {
		candidates = append(candidates, named[names[0]].Value.Value)
	}
	return candidates
}

// schemaSamples lists the values s offers, best first: its example and,
// when the value is required, its first enum value, its default, and the
// example and first enum value of its items.
func schemaSamples(s *openapi3.Schema, required bool) []any {
	if s == nil {
		return nil
	}
	candidates := []any{s.Example}
	if required {
		if len(s.Enum) > 0 {
			candidates = append(candidates, s.Enum[0])
		}
		candidates = append(candidates, s.Default)
		if s.Items != nil && s.Items.Value != nil {
			items := s.Items.Value
			candidates = append(candidates, items.Example)
			if len(items.Enum) > 0 {
				candidates = append(candidates, items.Enum[0])
			}
		}
	}
	return candidates
}

// text renders a YAML value as parameter values: a list gives one value
// per element.
func text(v any) []string {
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		return []string{v}
	case bool:
		return []string{strconv.FormatBool(v)}
	case float64:
		return []string{strconv.FormatFloat(v, 'f', -1, 64)}
	case int:
		return []string{strconv.Itoa(v)}
	case int64:
		return []string{strconv.FormatInt(v, 10)}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, text(e)...)
		}
		return out
	}
	return []string{fmt.Sprint(v)}
}
