package drift

import (
	"fmt"
	"net/http"
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
	// Method is always GET.
	Method string
	// Template is the spec's path template, e.g. /v1/candles/minutes/{unit}.
	Template string
	// Path is the concrete path with the sample path parameters.
	Path string
	// Query holds the sample query parameters.
	Query []bithumb.Param
	// Private is true for an operation that needs API keys.
	Private bool
	// Skip, when set, says why the call is not made.
	Skip string
}

// Plan returns the calls of a live check of doc, sorted by operation id:
// every GET operation whose x-bithumb-retry is safe (so every one that
// only reads), the private ones skipped unless withKeys. Operations of
// other methods are not listed, read-only or not: a live check never
// sends anything but a GET.
//
// The parameters come from the spec: every required parameter takes its
// example (the parameter's example, its first named example, its
// schema's example), else its schema's first enum value, else its
// default; an optional parameter is sent only when it has an example.
// A call whose required parameter has none of these is skipped, naming
// the parameter.
func Plan(doc *openapi3.T, withKeys bool) []Call {
	var calls []Call
	if doc == nil || doc.Paths == nil {
		return nil
	}
	for tmpl, item := range doc.Paths.Map() {
		op := item.Get
		if op == nil {
			continue
		}
		if retry, _ := op.Extensions["x-bithumb-retry"].(string); retry != "safe" {
			continue
		}
		c := Call{OperationID: op.OperationID, Method: http.MethodGet, Template: tmpl, Path: tmpl, Private: private(doc, op)}
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
		calls = append(calls, c)
	}
	sort.Slice(calls, func(i, j int) bool { return calls[i].OperationID < calls[j].OperationID })
	return calls
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
	candidates := []any{p.Example}
	names := make([]string, 0, len(p.Examples))
	for name := range p.Examples {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) > 0 && p.Examples[names[0]].Value != nil {
		candidates = append(candidates, p.Examples[names[0]].Value.Value)
	}
	if s != nil {
		candidates = append(candidates, s.Example)
	}
	if p.Required && s != nil {
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
	for _, c := range candidates {
		if values := text(c); len(values) > 0 {
			return values
		}
	}
	return nil
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
