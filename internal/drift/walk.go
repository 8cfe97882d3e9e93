package drift

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/spec"
)

// Limits of what CheckBody reads.
const (
	// MaxBodyBytes is the largest body that is walked (8 MiB, the
	// client's default response size cap).
	MaxBodyBytes = 8 << 20
	// MaxDepth is the deepest nesting of arrays and objects that is
	// walked. Bithumb's answers nest at most four levels.
	MaxDepth = 32
)

// CheckBody checks the JSON text body against schema and returns the
// findings in document order. A body that is too large, too deep or not
// one JSON value is a single Undecodable finding.
func CheckBody(schema *openapi3.Schema, body []byte) []Finding {
	v, err := parse(body)
	if err != nil {
		return []Finding{finding(Undecodable, "$", err.Error())}
	}
	return CheckValue(schema, v)
}

// CheckValue checks a value decoded with json.Decoder.UseNumber (numbers
// are json.Number) against schema. A nil schema accepts anything.
func CheckValue(schema *openapi3.Schema, v any) []Finding {
	var w walker
	w.walk(schema, v, "$", 0)
	return w.out
}

// parse decodes body into a value with json.Number numbers, within
// MaxBodyBytes and MaxDepth.
func parse(body []byte) (any, error) {
	if len(body) > MaxBodyBytes {
		return nil, fmt.Errorf("the body has %d bytes, more than the %d that are checked", len(body), MaxBodyBytes)
	}
	if d := depth(body); d > MaxDepth {
		return nil, fmt.Errorf("the body nests deeper than %d levels", MaxDepth)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the body is not JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("the body has data after its JSON value")
	}
	return v, nil
}

// depth returns the deepest nesting of [ and { in the JSON text b,
// ignoring brackets inside strings; it stops counting past MaxDepth.
func depth(b []byte) int {
	level, deepest, inString, escaped := 0, 0, false, false
	for _, c := range b {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			level++
			if deepest = max(deepest, level); deepest > MaxDepth {
				return deepest
			}
		case c == ']' || c == '}':
			level--
		}
	}
	return deepest
}

// walker collects the findings of one walk.
type walker struct{ out []Finding }

func (w *walker) add(k Kind, path, format string, args ...any) {
	w.out = append(w.out, finding(k, path, fmt.Sprintf(format, args...)))
}

// walk checks v at path against s.
func (w *walker) walk(s *openapi3.Schema, v any, path string, level int) {
	if s == nil {
		return
	}
	if level > MaxDepth {
		w.add(Undecodable, path, "nested deeper than %d levels", MaxDepth)
		return
	}
	if branches := append(slices.Clone(s.OneOf), s.AnyOf...); len(branches) > 0 {
		w.out = append(w.out, bestBranch(branches, v, path, level)...)
		return
	}
	f := flatten(s)
	if v == nil {
		if !f.nullable && len(f.types) > 0 {
			w.add(TypeChange, path, "null where the spec says non-null %s", strings.Join(f.types, " or "))
		}
		return
	}
	got := jsonType(v)
	if !f.allows(got, v) {
		w.add(TypeChange, path, "%s where the spec says %s", got, strings.Join(f.types, " or "))
		return
	}
	switch v := v.(type) {
	case map[string]any:
		w.object(f, v, path, level)
	case []any:
		for i, item := range v {
			var items *openapi3.Schema
			if f.items != nil {
				items = f.items.Value
			}
			w.walk(items, item, fmt.Sprintf("%s[%d]", path, i), level+1)
		}
	case string:
		if f.format == "decimal" {
			if err := spec.DecimalFormat().Validate(v); err != nil {
				w.add(TypeChange, path, "%v where the spec says a decimal string", err)
				return
			}
		}
		w.enum(f, v, path)
	case json.Number:
		w.enum(f, v, path)
	}
}

// object checks the members of an object: the spec's required fields,
// each known field against its schema, and fields the spec lacks.
func (w *walker) object(f flat, v map[string]any, path string, level int) {
	for _, name := range f.required {
		if _, ok := v[name]; !ok {
			w.add(MissingField, member(path, name), "required by the spec, absent")
		}
	}
	names := make([]string, 0, len(v))
	for name := range v {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch p, ok := f.props[name]; {
		case ok:
			w.walk(p, v[name], member(path, name), level+1)
		case f.additional != nil:
			w.walk(f.additional, v[name], member(path, name), level+1)
		case !f.anyMembers:
			w.add(NewField, member(path, name), "not in the spec (value %s)", preview(v[name]))
		}
	}
}

// enum reports a value that the field's enum does not list.
func (w *walker) enum(f flat, v any, path string) {
	if len(f.enum) == 0 {
		return
	}
	for _, e := range f.enum {
		if sameValue(e, v) {
			return
		}
	}
	w.add(NewEnumValue, path, "%s is not one of the spec's values %s", preview(v), previewList(f.enum))
}

// bestBranch walks v against each branch of a oneOf or anyOf and returns
// the findings of the branch that fits best: the fewest breaking
// findings, then the fewest findings, then the first.
func bestBranch(branches openapi3.SchemaRefs, v any, path string, level int) []Finding {
	var best []Finding
	found := false
	for _, b := range branches {
		if b == nil || b.Value == nil {
			continue
		}
		var sub walker
		sub.walk(b.Value, v, path, level)
		if !found || countBreaking(sub.out) < countBreaking(best) ||
			(countBreaking(sub.out) == countBreaking(best) && len(sub.out) < len(best)) {
			best, found = sub.out, true
		}
	}
	return best
}

// flat is a schema with its allOf members merged in.
type flat struct {
	types      []string
	nullable   bool
	format     string
	enum       []any
	props      map[string]*openapi3.Schema
	required   []string
	additional *openapi3.Schema // schema of members not in props
	anyMembers bool             // additionalProperties: true
	items      *openapi3.SchemaRef
}

func flatten(s *openapi3.Schema) flat {
	f := flat{props: map[string]*openapi3.Schema{}}
	f.merge(s, 0)
	return f
}

func (f *flat) merge(s *openapi3.Schema, level int) {
	if s == nil || level > MaxDepth {
		return
	}
	if s.Type != nil {
		for _, t := range s.Type.Slice() {
			if !slices.Contains(f.types, t) {
				f.types = append(f.types, t)
			}
		}
	}
	f.nullable = f.nullable || s.Nullable
	if s.Format != "" {
		f.format = s.Format
	}
	if len(s.Enum) > 0 {
		f.enum = s.Enum
	}
	for name, p := range s.Properties {
		if p != nil && f.props[name] == nil {
			f.props[name] = p.Value
		}
	}
	for _, r := range s.Required {
		if !slices.Contains(f.required, r) {
			f.required = append(f.required, r)
		}
	}
	if ap := s.AdditionalProperties; ap.Schema != nil && ap.Schema.Value != nil {
		f.additional = ap.Schema.Value
	} else if ap.Has != nil && *ap.Has {
		f.anyMembers = true
	}
	if s.Items != nil {
		f.items = s.Items
	}
	for _, sub := range s.AllOf {
		if sub != nil {
			f.merge(sub.Value, level+1)
		}
	}
}

// allows reports whether a value of JSON type got fits the schema's
// types; no type accepts anything.
func (f flat) allows(got string, v any) bool {
	if len(f.types) == 0 {
		return true
	}
	for _, t := range f.types {
		switch {
		case t == got:
			return true
		case t == "number" && got == "integer":
			return true
		case t == "integer" && got == "number":
			if isInteger(v.(json.Number)) {
				return true
			}
		}
	}
	return false
}

// jsonType names the JSON type of v; a number without fraction or
// exponent is an integer.
func jsonType(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		if !strings.ContainsAny(string(v), ".eE") {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// isInteger reports whether n has an integral value (1.0, 1e3).
func isInteger(n json.Number) bool {
	r, ok := new(big.Rat).SetString(string(n))
	return ok && r.IsInt()
}

// sameValue compares a spec enum value (as YAML decoded it) with a JSON
// value: strings as text, numbers by value.
func sameValue(e, v any) bool {
	switch v := v.(type) {
	case string:
		s, ok := e.(string)
		return ok && s == v
	case json.Number:
		var text string
		switch e := e.(type) {
		case float64:
			text = strconv.FormatFloat(e, 'g', -1, 64)
		case int:
			text = strconv.Itoa(e)
		case int64:
			text = strconv.FormatInt(e, 10)
		default:
			return false
		}
		a, ok1 := new(big.Rat).SetString(text)
		b, ok2 := new(big.Rat).SetString(string(v))
		return ok1 && ok2 && a.Cmp(b) == 0
	}
	return false
}

// member returns the JSON path of member name of the object at path.
func member(path, name string) string {
	for _, c := range name {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return path + "[" + strconv.Quote(name) + "]"
		}
	}
	return path + "." + name
}

// preview is a short rendering of a value for a finding's detail.
func preview(v any) string {
	var s string
	switch v := v.(type) {
	case map[string]any:
		s = "an object"
	case []any:
		s = fmt.Sprintf("an array of %d", len(v))
	case string:
		s = strconv.Quote(v)
	case nil:
		s = "null"
	default:
		s = fmt.Sprint(v)
	}
	return clip(s, 40)
}

func previewList(vs []any) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprint(v)
	}
	return "[" + clip(strings.Join(parts, ", "), 80) + "]"
}

// clip shortens s to at most n runes, marking the cut with "...".
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-3]) + "..."
}
