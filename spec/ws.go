package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// The endpoints of Bithumb's WebSocket API, as the endpoint of
// x-bithumb-ws-message names them.
const (
	// WSEndpointPublic is /websocket/v1: ticker, trade and orderbook.
	WSEndpointPublic = "public"
	// WSEndpointPrivate is /websocket/v2/private: myOrder and myAsset.
	WSEndpointPrivate = "private-v2"
	// WSEndpointPrivateV1 is the deprecated /websocket/v1/private, whose
	// myOrder messages have the v1 field names.
	WSEndpointPrivateV1 = "private-v1"
)

// The formats of WebSocket messages (the subscription's format field).
const (
	// WSFormatDefault has the full key names, e.g. trade_price.
	WSFormatDefault = "DEFAULT"
	// WSFormatSimple has the abbreviated key names, e.g. tp.
	WSFormatSimple = "SIMPLE"
)

// The frame types of the status and error frames, which have no type
// member of their own.
const (
	// WSTypeStatus is {"status":"UP"}.
	WSTypeStatus = "status"
	// WSTypeError is {"error":{"name":…,"message":…}}.
	WSTypeError = "error"
)

// MaxWSFrame is the largest frame the WebSocket validation reads.
const MaxWSFrame = 1 << 20

// WSMessage is a component schema of the spec that describes WebSocket
// frames: one marked x-bithumb-ws-message {type, format, endpoint}.
type WSMessage struct {
	// Name is the component's name, e.g. WsTicker.
	Name string
	// Type is the frame type: the type (ty) member of a data frame, e.g.
	// ticker, or WSTypeStatus or WSTypeError.
	Type string
	// Format is WSFormatDefault or WSFormatSimple.
	Format string
	// Endpoint is empty (the schema holds on the type's current endpoint)
	// or the one endpoint whose frames it describes (WSEndpointPrivateV1).
	Endpoint string
	// Schema is the component's schema.
	Schema *openapi3.Schema
}

// WSMessages returns the WebSocket message schemas of doc, sorted by
// name. It fails on an x-bithumb-ws-message without a type, with a format
// other than DEFAULT or SIMPLE or an unknown endpoint, and on two schemas
// with the same type, format and endpoint.
func WSMessages(doc *openapi3.T) ([]WSMessage, error) {
	if doc.Components == nil {
		return nil, nil
	}
	var out []WSMessage
	seen := map[[3]string]string{}
	for name, ref := range doc.Components.Schemas {
		if ref == nil || ref.Value == nil {
			continue
		}
		raw, ok := ref.Value.Extensions["x-bithumb-ws-message"]
		if !ok {
			continue
		}
		ext, ok := raw.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("spec: schema %s: x-bithumb-ws-message is not an object", name)
		}
		m := WSMessage{Name: name, Schema: ref.Value}
		m.Type, _ = ext["type"].(string)
		m.Format, _ = ext["format"].(string)
		m.Endpoint, _ = ext["endpoint"].(string)
		for key := range ext {
			switch key {
			case "type", "format", "endpoint":
			default:
				return nil, fmt.Errorf("spec: schema %s: x-bithumb-ws-message has an unknown key %q", name, key)
			}
		}
		switch {
		case m.Type == "":
			return nil, fmt.Errorf("spec: schema %s: x-bithumb-ws-message has no type", name)
		case m.Format != WSFormatDefault && m.Format != WSFormatSimple:
			return nil, fmt.Errorf("spec: schema %s: x-bithumb-ws-message format %q, want DEFAULT or SIMPLE", name, m.Format)
		case m.Endpoint != "" && m.Endpoint != WSEndpointPublic && m.Endpoint != WSEndpointPrivate && m.Endpoint != WSEndpointPrivateV1:
			return nil, fmt.Errorf("spec: schema %s: x-bithumb-ws-message endpoint %q is unknown", name, m.Endpoint)
		}
		key := [3]string{m.Type, m.Format, m.Endpoint}
		if prev, dup := seen[key]; dup {
			return nil, fmt.Errorf("spec: schemas %s and %s both describe %s %s frames", prev, name, m.Type, m.Format)
		}
		seen[key] = name
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// FindWSMessage returns the schema of frames of typ in format on endpoint:
// the one marked with that endpoint, else the one marked with none.
func FindWSMessage(msgs []WSMessage, typ, format, endpoint string) (WSMessage, bool) {
	var general *WSMessage
	for i := range msgs {
		m := &msgs[i]
		if m.Type != typ || m.Format != format {
			continue
		}
		if m.Endpoint == endpoint && endpoint != "" {
			return *m, true
		}
		if m.Endpoint == "" {
			general = m
		}
	}
	if general == nil {
		return WSMessage{}, false
	}
	return *general, true
}

// DetectWSFrame reads what a frame is: a data frame's type and format (a
// "type" member: DEFAULT; "ty": SIMPLE), WSTypeStatus for a frame with a
// "status" member or WSTypeError for one with "error" (both DEFAULT). A
// frame that is not a JSON object, or none of these, is an error.
func DetectWSFrame(frame []byte) (typ, format string, err error) {
	fields, err := wsObject(frame)
	if err != nil {
		return "", "", err
	}
	for _, k := range []struct{ key, format string }{{"type", WSFormatDefault}, {"ty", WSFormatSimple}} {
		if raw, ok := fields[k.key]; ok {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil || s == "" {
				return "", "", fmt.Errorf("spec: the frame's %q is not a non-empty string", k.key)
			}
			return s, k.format, nil
		}
	}
	switch {
	case fields["error"] != nil:
		return WSTypeError, WSFormatDefault, nil
	case fields["status"] != nil:
		return WSTypeStatus, WSFormatDefault, nil
	}
	return "", "", errors.New("spec: the frame has neither type, ty, status nor error")
}

// wsObject reads the top-level members of a frame.
func wsObject(frame []byte) (map[string]json.RawMessage, error) {
	if len(frame) > MaxWSFrame {
		return nil, fmt.Errorf("spec: a frame of %d bytes is over the limit of %d", len(frame), MaxWSFrame)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(frame, &fields); err != nil || fields == nil {
		return nil, errors.New("spec: the frame is not a JSON object")
	}
	return fields, nil
}

// WSReport is the result of validating one frame.
type WSReport struct {
	// Schema is the name of the schema the frame was validated against.
	Schema string
	// Err lists what breaks the schema: missing required fields, wrong
	// types, unknown enum values, nulls where none is allowed. Nil when
	// the frame conforms.
	Err error
	// NewFields are the paths (assets[].currency) of fields that the
	// frame has and the schema lacks. The schemas allow them, so they are
	// not in Err: an added field is not a breaking change, but it is
	// drift to report.
	NewFields []string
}

// Clean reports whether the frame conforms and has no new field.
func (r WSReport) Clean() bool { return r.Err == nil && len(r.NewFields) == 0 }

// ValidateWSFrame detects what frame is (DetectWSFrame), finds its schema
// among msgs for endpoint (FindWSMessage) and validates it (ValidateWS).
// It returns an error when the frame cannot be read or no schema
// describes it.
func ValidateWSFrame(msgs []WSMessage, endpoint string, frame []byte) (WSReport, error) {
	typ, format, err := DetectWSFrame(frame)
	if err != nil {
		return WSReport{}, err
	}
	m, ok := FindWSMessage(msgs, typ, format, endpoint)
	if !ok {
		return WSReport{}, fmt.Errorf("spec: no schema describes %s %s frames", typ, format)
	}
	return ValidateWS(m, frame, false)
}

// ValidateWS validates frame (any JSON value, e.g. a subscription
// request's array) against m's schema. A fragment (a frame of
// which only some fields were recorded) is validated field by field: each
// present field against its property's schema, absent required fields
// being no error. Numbers are decoded as json.Number, and format
// decimal is checked as FormatOptions does. A field the schema lacks, at
// any depth, goes to NewFields; it is never an error.
func ValidateWS(m WSMessage, frame []byte, fragment bool) (WSReport, error) {
	if len(frame) > MaxWSFrame {
		return WSReport{}, fmt.Errorf("spec: a frame of %d bytes is over the limit of %d", len(frame), MaxWSFrame)
	}
	dec := json.NewDecoder(bytes.NewReader(frame))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return WSReport{}, fmt.Errorf("spec: the frame is not JSON: %w", err)
	}
	if dec.More() {
		return WSReport{}, errors.New("spec: data after the frame's JSON value")
	}
	obj, ok := v.(map[string]any)
	if !ok && fragment {
		return WSReport{}, errors.New("spec: a fragment is not a JSON object")
	}
	opts := append([]openapi3.SchemaValidationOption{openapi3.VisitAsResponse(), openapi3.MultiErrors()}, FormatOptions()...)
	r := WSReport{Schema: m.Name}
	var newFields []string
	if !fragment {
		r.Err = m.Schema.VisitJSON(v, opts...)
		newFields = unknownFields(m.Schema, v, "", newFields)
	} else {
		var errs openapi3.MultiError
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := PropertySchema(m.Schema, k)
			if p == nil {
				newFields = append(newFields, k)
				continue
			}
			if err := p.VisitJSON(obj[k], opts...); err != nil {
				errs = append(errs, fmt.Errorf("field %q: %w", k, err))
			}
			newFields = unknownFields(p, obj[k], k, newFields)
		}
		if len(errs) > 0 {
			r.Err = errs
		}
	}
	r.NewFields = dedupe(newFields)
	return r, nil
}

// PropertySchema returns the schema of property name of the object
// schema s, looking through allOf, oneOf and anyOf and falling back to
// additionalProperties, or nil when s does not define it (or allows any
// additional property without a schema).
func PropertySchema(s *openapi3.Schema, name string) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if p := s.Properties[name]; p != nil && p.Value != nil {
		return p.Value
	}
	for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
		for _, sub := range group {
			if sub != nil {
				if p := PropertySchema(sub.Value, name); p != nil {
					return p
				}
			}
		}
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		return ap.Value
	}
	return nil
}

// openObject reports whether s admits any additional property without a
// schema of its own (additionalProperties: true).
func openObject(s *openapi3.Schema) bool {
	if s == nil {
		return false
	}
	if s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has {
		return true
	}
	for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
		for _, sub := range group {
			if sub != nil && openObject(sub.Value) {
				return true
			}
		}
	}
	return false
}

// itemSchema returns the items schema of an array schema s, looking
// through allOf.
func itemSchema(s *openapi3.Schema) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if s.Items != nil && s.Items.Value != nil {
		return s.Items.Value
	}
	for _, sub := range s.AllOf {
		if sub != nil {
			if it := itemSchema(sub.Value); it != nil {
				return it
			}
		}
	}
	return nil
}

// unknownFields appends to out the paths of the members of v that s does
// not define, at every depth. Array items share one path (assets[].x).
func unknownFields(s *openapi3.Schema, v any, path string, out []string) []string {
	switch v := v.(type) {
	case map[string]any:
		if openObject(s) {
			return out
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := PropertySchema(s, k)
			child := k
			if path != "" {
				child = path + "." + k
			}
			if p == nil {
				out = append(out, child)
				continue
			}
			out = unknownFields(p, v[k], child, out)
		}
	case []any:
		it := itemSchema(s)
		for _, e := range v {
			out = unknownFields(it, e, path+"[]", out)
		}
	}
	return out
}

func dedupe(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	sort.Strings(s)
	out := s[:1]
	for _, x := range s[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

// WSFieldPaths returns the paths of every property a message schema
// defines, nested objects and array items included (orderbook_units and
// orderbook_units.ask_price), with the aliases its properties declare in
// x-bithumb-ws-aliases, by path.
func WSFieldPaths(s *openapi3.Schema) (paths []string, aliases map[string][]string) {
	aliases = map[string][]string{}
	var walk func(s *openapi3.Schema, prefix string, depth int)
	walk = func(s *openapi3.Schema, prefix string, depth int) {
		if s == nil || depth > 8 {
			return
		}
		if it := itemSchema(s); it != nil {
			walk(it, prefix, depth+1)
			return
		}
		names := map[string]*openapi3.Schema{}
		var collect func(s *openapi3.Schema)
		collect = func(s *openapi3.Schema) {
			for name, p := range s.Properties {
				if p != nil && p.Value != nil {
					names[name] = p.Value
				}
			}
			for _, sub := range s.AllOf {
				if sub != nil && sub.Value != nil {
					collect(sub.Value)
				}
			}
		}
		collect(s)
		for name, p := range names {
			path := prefix + name
			paths = append(paths, path)
			if raw, ok := p.Extensions["x-bithumb-ws-aliases"].([]any); ok {
				for _, a := range raw {
					if a, ok := a.(string); ok {
						aliases[path] = append(aliases[path], a)
					}
				}
				sort.Strings(aliases[path])
			}
			walk(p, path+".", depth+1)
		}
	}
	walk(s, "", 0)
	sort.Strings(paths)
	return paths, aliases
}
