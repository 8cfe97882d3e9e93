package drift

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb"
)

// Media types of the request bodies a live call can send: JSON for API
// 2.0, a form for the legacy API 1.0 (as bithumb.RawRequest sends them).
const (
	mediaJSON = "application/json"
	mediaForm = "application/x-www-form-urlencoded"
)

// sampleBody sets c's JSONBody or Form from the spec's request body ref,
// or returns why the call cannot be made: a required body of a media
// type the live check does not send, or a required field without a
// sample value. An optional body without a sample is not sent.
//
// The body is the media type's example, else its first named example
// (by name), else its schema's example, else an object of the schema's
// properties: each required property takes its first value of
// schemaSamples, an optional one only its example. A form starts with
// endpoint=PATH, as `bithumb api` sends it (the legacy signer signs it);
// any other endpoint value in the sample is dropped.
func sampleBody(c *Call, ref *openapi3.RequestBodyRef) string {
	if ref == nil || ref.Value == nil {
		return ""
	}
	body := ref.Value
	media := mediaJSON
	mt := body.Content.Get(media)
	if mt == nil {
		media = mediaForm
		mt = body.Content.Get(media)
	}
	if mt == nil {
		if body.Required {
			return fmt.Sprintf("the live check sends no %s body", strings.Join(contentTypes(body.Content), " or "))
		}
		return ""
	}
	var schema *openapi3.Schema
	if mt.Schema != nil {
		schema = mt.Schema.Value
	}
	fields, skip := bodySample(mt, schema)
	switch {
	case skip != "":
		return skip
	case fields == nil && !body.Required && media == mediaJSON:
		return ""
	}
	if media == mediaForm {
		c.Form = formOf(c.Path, fields)
		return ""
	}
	if fields == nil {
		fields = map[string]any{}
	}
	data, err := json.Marshal(fields)
	if err != nil {
		return "the spec's sample body is not JSON: " + err.Error()
	}
	c.JSONBody = data
	return ""
}

// bodySample returns the sample object of a request body, or why there
// is none; nil and no reason when the schema offers no field to send.
func bodySample(mt *openapi3.MediaType, schema *openapi3.Schema) (map[string]any, string) {
	candidates := examples(mt.Example, mt.Examples)
	if schema != nil {
		candidates = append(candidates, schema.Example)
	}
	for _, c := range candidates {
		if c == nil {
			continue
		}
		obj, ok := c.(map[string]any)
		if !ok {
			return nil, fmt.Sprintf("the spec's example request body is not an object but %T", c)
		}
		return obj, ""
	}
	if schema == nil {
		return nil, ""
	}
	var fields map[string]any
	for _, name := range slices.Sorted(maps.Keys(schema.Properties)) {
		prop := schema.Properties[name].Value
		required := slices.Contains(schema.Required, name)
		v := propertySample(prop, required)
		if v == nil {
			if required && name != "endpoint" {
				return nil, fmt.Sprintf("the spec has no example for the required body field %q", name)
			}
			continue
		}
		if fields == nil {
			fields = map[string]any{}
		}
		fields[name] = v
	}
	return fields, ""
}

// propertySample is the first value schemaSamples offers for prop, as a
// list when prop is an array; nil when there is none.
func propertySample(prop *openapi3.Schema, required bool) any {
	for _, c := range schemaSamples(prop, required) {
		if c == nil {
			continue
		}
		if _, list := c.([]any); !list && prop.Type.Is(openapi3.TypeArray) {
			c = []any{c}
		}
		return c
	}
	return nil
}

// formOf returns the form of a legacy call to path: endpoint=path, then
// fields by name, a list field once per element.
func formOf(path string, fields map[string]any) []bithumb.Param {
	form := []bithumb.Param{{Key: "endpoint", Value: path}}
	names := make([]string, 0, len(fields))
	for name := range fields {
		if name != "endpoint" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range text(fields[name]) {
			form = append(form, bithumb.Param{Key: name, Value: v})
		}
	}
	return form
}

// contentTypes lists the media types of content, sorted.
func contentTypes(content openapi3.Content) []string {
	out := make([]string, 0, len(content))
	for t := range content {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
