package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/bithumb-go/bithumb/spec"
)

// baseURL is the spec's server; fixture requests are built on it.
const baseURL = "https://api.bithumb.com"

// TestFixturesMatchSpec validates the body of every REST fixture as the
// response of its operation for its HTTP status. A fixture that fails
// points at a bug in the spec: the fixtures are verbatim real payloads.
func TestFixturesMatchSpec(t *testing.T) {
	doc := loadSpec(t)
	for _, fx := range loadRESTFixtures(t) {
		t.Run(fx.File, func(t *testing.T) {
			if name, err := validateFixture(doc, fx); err != nil {
				t.Errorf("%s %s (%s) status %d does not match the spec:\n%s",
					fx.Method, fx.Path, name, fx.Status, errorLines(err))
			}
		})
	}
}

// TestFixtureValidationRejects proves that the validation used by
// TestFixturesMatchSpec fails on bodies that break the spec, so that a
// passing fixture means something.
func TestFixtureValidationRejects(t *testing.T) {
	doc := loadSpec(t)
	byFile := map[string]restFixture{}
	for _, fx := range loadRESTFixtures(t) {
		byFile[fx.File] = fx
	}
	fixture := func(name string) restFixture {
		fx, ok := byFile[name]
		if !ok {
			t.Fatalf("fixture %s is missing", name)
		}
		return fx
	}
	cases := []struct {
		name   string
		fx     restFixture
		mutate func(*restFixture)
	}{
		{"undocumented status", fixture("v1_ticker__live_2025.json"), func(fx *restFixture) { fx.Status = 418 }},
		{"number as text", fixture("v1_ticker__live_2025.json"), func(fx *restFixture) {
			fx.Body = bytes.Replace(fx.Body, []byte(`"change_rate":0.0021`), []byte(`"change_rate":"0.0021"`), 1)
		}},
		{"NumberString with exponent", fixture("v1_accounts__doc.json"), func(fx *restFixture) {
			fx.Body = bytes.Replace(fx.Body, []byte(`"locked":"98246"`), []byte(`"locked":"9.8246E4"`), 1)
		}},
		{"missing required field", fixture("v2_orders_post__live_2025.json"), func(fx *restFixture) {
			fx.Body = bytes.Replace(fx.Body, []byte(`"order_id":"C0101000002440517711",`), nil, 1)
		}},
		{"fragment field of the wrong type", fixture("v1_order__live_2026_fragment.json"), func(fx *restFixture) {
			fx.Body = bytes.Replace(fx.Body, []byte(`"locked":"9524.75"`), []byte(`"locked":9524.75`), 1)
		}},
		{"fragment field not in the schema", fixture("v1_order__live_2026_fragment.json"), func(fx *restFixture) {
			fx.Body = bytes.Replace(fx.Body, []byte(`"state":`), []byte(`"no_such_field":1,"state":`), 1)
		}},
		{"fragment with undocumented status", fixture("v1_order__live_2026_fragment.json"), func(fx *restFixture) { fx.Status = 202 }},
		{"array fragment element of the wrong type", fixture("v1_ticker__maxt_fragment.json"), func(fx *restFixture) {
			fx.Body = bytes.Replace(fx.Body, []byte(`}]`), []byte(`},{"trade_time":"074831","trade_timestamp":"1785430111156"}]`), 1)
		}},
		{"array fragment field not in the schema", fixture("v1_ticker__maxt_fragment.json"), func(fx *restFixture) {
			fx.Body = bytes.Replace(fx.Body, []byte(`}]`), []byte(`},{"no_such_field":1}]`), 1)
		}},
		{"array fragment of a single object", fixture("v1_ticker__maxt_fragment.json"), func(fx *restFixture) {
			fx.Body = bytes.Trim(fx.Body, "[]")
		}},
		{"gateway 404 without a name", fixture("error_unknown_route__probe.json"), func(fx *restFixture) {
			fx.Body = bytes.Replace(fx.Body, []byte(`"name":"not_found",`), nil, 1)
		}},
		{"gateway answer with another status", fixture("error_unknown_route__probe.json"), func(fx *restFixture) { fx.Status = 400 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := c.fx
			fx.Body = append(json.RawMessage(nil), fx.Body...)
			c.mutate(&fx)
			if bytes.Equal(fx.Body, c.fx.Body) && fx.Status == c.fx.Status {
				t.Fatal("the mutation did not change the fixture")
			}
			if _, err := validateFixture(doc, fx); err == nil {
				t.Error("the broken body validated")
			} else {
				t.Logf("rejected as expected:\n%s", errorLines(err))
			}
		})
	}
}

// validateFixture validates the body of fx as the answer of its
// operation for its status (fragments field by field) and returns the
// operation's id. A 404 fixture whose path no operation serves is the
// gateway's answer to an unknown route: its body must match the spec's
// NotFound response, and it is named "unknown route".
func validateFixture(doc *openapi3.T, fx restFixture) (string, error) {
	route, params, err := findRoute(doc, fx.Method, fx.Path)
	switch {
	case err != nil && fx.Status == http.StatusNotFound:
		return "unknown route", validateUnknownRoute(doc, fx.Body)
	case err != nil:
		return "", err
	case fx.Fragment:
		return route.Operation.OperationID, validateFragment(route, fx.Status, fx.Body)
	}
	return route.Operation.OperationID, validateResponse(route, params, fx)
}

// validateUnknownRoute validates body against the schema of the spec's
// NotFound response (components/responses), which documents the
// gateway's bare {name, message} object.
func validateUnknownRoute(doc *openapi3.T, body json.RawMessage) error {
	ref := doc.Components.Responses["NotFound"]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("the spec has no NotFound response")
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return fmt.Errorf("the NotFound response has no application/json schema")
	}
	v, err := decodeNumbers(body)
	if err != nil {
		return err
	}
	return mt.Schema.Value.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors())
}

// decodeNumbers decodes a JSON body with json.Number numbers.
func decodeNumbers(body []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// findRoute returns the operation of doc that serves method and the
// concrete path, with the values of its path parameters. A {param}
// segment of a path template matches any one segment; when several
// templates match, the one with the most literal segments wins, as in an
// HTTP router. A fixture path may itself hold a {param} segment where the
// concrete value was not recorded.
//
// It does not use kin-openapi's routers because they refuse to route on a
// document that fails validation; TestSpecIsValid reports that instead.
func findRoute(doc *openapi3.T, method, path string) (*routers.Route, map[string]string, error) {
	segments := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var (
		best       *routers.Route
		bestParams map[string]string
		bestScore  = -1
		tie        bool
	)
	for tmpl, item := range doc.Paths.Map() {
		op := item.GetOperation(method)
		if op == nil {
			continue
		}
		params, literal, ok := matchTemplate(tmpl, segments)
		if !ok {
			continue
		}
		switch {
		case literal > bestScore:
			best = &routers.Route{Spec: doc, Path: tmpl, PathItem: item, Method: method, Operation: op}
			bestParams, bestScore, tie = params, literal, false
		case literal == bestScore:
			tie = true
		}
	}
	switch {
	case best == nil:
		return nil, nil, fmt.Errorf("no operation of the spec serves %s %s", method, path)
	case tie:
		return nil, nil, fmt.Errorf("%s %s matches several path templates equally well", method, path)
	}
	return best, bestParams, nil
}

// matchTemplate matches the segments of a concrete path against a path
// template such as /v2/fee/inout/{currency}. It returns the path
// parameters and the number of literal segments that matched.
func matchTemplate(tmpl string, segments []string) (params map[string]string, literal int, ok bool) {
	parts := strings.Split(strings.TrimPrefix(tmpl, "/"), "/")
	if len(parts) != len(segments) {
		return nil, 0, false
	}
	params = map[string]string{}
	for i, part := range parts {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			if segments[i] == "" {
				return nil, 0, false
			}
			params[strings.Trim(part, "{}")] = segments[i]
			continue
		}
		if part != segments[i] {
			return nil, 0, false
		}
		literal++
	}
	return params, literal, true
}

// validateResponse validates the fixture's body as a JSON response of
// route with the fixture's status, using kin-openapi's openapi3filter. A
// status that the operation does not document is an error.
func validateResponse(route *routers.Route, params map[string]string, fx restFixture) error {
	target := baseURL + fx.Path
	if fx.Query != nil && *fx.Query != "" {
		target += "?" + *fx.Query
	}
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	req := &http.Request{Method: fx.Method, URL: u, Header: http.Header{}, Host: u.Host}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
		},
		Status: fx.Status,
		Header: http.Header{"Content-Type": {"application/json"}},
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	input.SetBodyBytes(fx.Body)
	return openapi3filter.ValidateResponse(context.Background(), input)
}

// validateFragment validates a partial body (fragment: true): each
// field present must match that field's schema in the response of route
// for status; absent required fields are not an error. A field that the
// schema does not define is an error. A body that is a JSON array (part
// of a list answer) is validated element by element, each element field
// by field against the schema of the list's items.
func validateFragment(route *routers.Route, status int, body json.RawMessage) error {
	ref := route.Operation.Responses.Status(status)
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("status %d is not documented", status)
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return fmt.Errorf("status %d has no application/json schema", status)
	}
	v, err := decodeNumbers(body)
	if err != nil {
		return fmt.Errorf("a fragment body must be JSON: %w", err)
	}
	var errs openapi3.MultiError
	switch v := v.(type) {
	case map[string]any:
		errs = validateFields(mt.Schema.Value, v, "")
	case []any:
		items := itemsSchema(mt.Schema.Value)
		if items == nil {
			return fmt.Errorf("the fragment is an array; the response schema has no list")
		}
		for i, el := range v {
			fields, ok := el.(map[string]any)
			if !ok {
				errs = append(errs, fmt.Errorf("element %d: a fragment element must be a JSON object", i))
				continue
			}
			errs = append(errs, validateFields(items, fields, fmt.Sprintf("[%d].", i))...)
		}
	default:
		return fmt.Errorf("a fragment body must be a JSON object or array, not %T", v)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// validateFields validates each field of fields against its schema in
// the object schema s; prefix (e.g. "[2].") goes before the field names
// in the errors.
func validateFields(s *openapi3.Schema, fields map[string]any, prefix string) openapi3.MultiError {
	var errs openapi3.MultiError
	for _, name := range sortedKeys(fields) {
		schema := spec.PropertySchema(s, name)
		if schema == nil {
			errs = append(errs, fmt.Errorf("field %s%s: not defined by the response schema", prefix, name))
			continue
		}
		if err := schema.VisitJSON(fields[name], openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
			errs = append(errs, fmt.Errorf("field %s%s: %w", prefix, name, err))
		}
	}
	return errs
}

// itemsSchema returns the items schema of an array schema, looking
// through oneOf and anyOf (a quotation answer is the list or an error),
// or nil when s describes no array.
func itemsSchema(s *openapi3.Schema) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if s.Items != nil && s.Items.Value != nil {
		return s.Items.Value
	}
	for _, sub := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
		if sub != nil {
			if items := itemsSchema(sub.Value); items != nil {
				return items
			}
		}
	}
	return nil
}

// TestFindRoute checks the path matcher on concrete paths, template
// segments and paths that no operation serves.
func TestFindRoute(t *testing.T) {
	doc := loadSpec(t)
	cases := []struct {
		method, path string
		wantID       string
		wantParams   map[string]string
	}{
		{"GET", "/v1/candles/minutes/1", "listMinuteCandles", map[string]string{"unit": "1"}},
		{"GET", "/v1/candles/days", "listDayCandles", map[string]string{}},
		{"GET", "/v2/fee/inout/BTC", "listTransferFees", map[string]string{"currency": "BTC"}},
		{"GET", "/public/ticker/{pair}", "legacyTicker", map[string]string{"pair": "{pair}"}},
		{"GET", "/public/candlestick/BTC_KRW/24h", "legacyCandlestick", map[string]string{"pair": "BTC_KRW", "interval": "24h"}},
		{"DELETE", "/v2/order", "cancelOrder", map[string]string{}},
		{"GET", "/v1/order", "getOrder", map[string]string{}},
		{"POST", "/v1/twap", "placeTwapOrder", map[string]string{}},
		{"GET", "/v1/no/such/path", "", nil},
		{"PUT", "/v1/ticker", "", nil},
		{"GET", "/v1/candles/minutes", "", nil},
		{"GET", "/v1/candles/minutes/1/extra", "", nil},
	}
	for _, c := range cases {
		route, params, err := findRoute(doc, c.method, c.path)
		if c.wantID == "" {
			if err == nil {
				t.Errorf("%s %s: found %s, want no operation", c.method, c.path, route.Operation.OperationID)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", c.method, c.path, err)
			continue
		}
		if route.Operation.OperationID != c.wantID {
			t.Errorf("%s %s: found %s, want %s", c.method, c.path, route.Operation.OperationID, c.wantID)
		}
		if fmt.Sprint(params) != fmt.Sprint(c.wantParams) {
			t.Errorf("%s %s: path parameters %v, want %v", c.method, c.path, params, c.wantParams)
		}
	}
}
