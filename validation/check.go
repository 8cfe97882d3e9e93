package validation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/internal/jsonscan"
)

// Limits of the work a check does on a body.
const (
	// MaxBodySize is the largest body checked; a larger one fails.
	MaxBodySize = 4 << 20
	// MaxDepth is the deepest nesting of JSON arrays and objects checked.
	MaxDepth = 32
	// maxValue is the most bytes of a value quoted in an Error.
	maxValue = 64
)

// Error is a request that breaks a rule of the spec. Field names the
// parameter or body field ("price", "markets[2]",
// "batch_orders[3].volume", or "body" and "path" for the request
// itself); Value is the start of the offending value (at most 64 bytes
// and "..."), empty when there is none to show.
type Error struct {
	Field  string
	Value  string
	Reason string
}

// Error returns e.g. `validation: invalid volume "0": must be greater than 0`.
func (e *Error) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("validation: invalid %s: %s", e.Field, e.Reason)
	}
	return fmt.Sprintf("validation: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

func fail(field, value, reason string) *Error {
	if len(value) > maxValue {
		value = value[:maxValue] + "..."
	}
	return &Error{Field: field, Value: value, Reason: reason}
}

// ErrUnknownOperation is returned by Check and CheckRequest for a method
// and path that match no operation of the spec.
var ErrUnknownOperation = errors.New("validation: no operation of the spec matches the request")

// Request is an HTTP request to check.
type Request struct {
	// Method is GET, POST or DELETE (any case).
	Method string
	// Path is the request's path as sent (percent-encoded, e.g.
	// "/public/ticker/BTC_KRW"), or an operation's path template, in
	// which case the path parameters are not checked.
	Path string
	// Query holds the query parameters, keys decoded ("uuids[]").
	Query url.Values
	// ContentType is the body's media type; parameters are ignored.
	ContentType string
	// Body is the request body, nil when there is none.
	Body []byte
}

// Report is what Check learnt about a request that is valid.
type Report struct {
	// Operation is the operation of the spec that the request matched.
	Operation *Operation
	// Unknown lists the query parameters and body fields that the spec
	// does not name, in the order met, e.g. "foo" or
	// "batch_orders[0].extra". Bithumb ignores or refuses them; the
	// spec's rules allow them unless an object is closed.
	Unknown []string
}

// CheckRequest checks a request against the rules of its operation. It
// returns nil, an *Error naming the first field that breaks a rule, or
// ErrUnknownOperation. Unknown fields are not errors; Check reports them.
func CheckRequest(method, path string, query url.Values, contentType string, body []byte) error {
	var rep Report
	return check(Request{Method: method, Path: path, Query: query, ContentType: contentType, Body: body}, &rep)
}

// Check is CheckRequest, with a report of the operation matched and of
// the fields the spec does not name. The report is nil when err is not.
func Check(req Request) (*Report, error) {
	rep := new(Report)
	if err := check(req, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// check is Check, filling in rep.
func check(req Request, rep *Report) error {
	op, params, ok := Lookup(req.Method, req.Path)
	if !ok {
		return fmt.Errorf("%w: %s %s", ErrUnknownOperation, strings.ToUpper(req.Method), req.Path)
	}
	rep.Operation = op
	for i := range op.Params {
		p := &op.Params[i]
		var err *Error
		switch p.In {
		case InPath:
			if v, ok := params[p.Name]; ok {
				err = checkParam(p, []string{v})
			}
		case InQuery:
			err = checkParam(p, req.Query[p.Name])
		}
		if err != nil {
			return err
		}
	}
	for k := range req.Query {
		if p := op.Param(k); p == nil || p.In != InQuery {
			rep.Unknown = append(rep.Unknown, k)
		}
	}
	slices.Sort(rep.Unknown) // the query's names, in order, before the body's
	if err := checkBody(op, req.ContentType, req.Body, rep); err != nil {
		return err
	}
	return nil
}

func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Operations returns the operations of the spec, sorted by path and
// method. The rules are shared: callers must not modify them.
func Operations() []*Operation { return operations }

// ByID returns the operation whose operationId is id.
func ByID(id string) (*Operation, bool) {
	for _, op := range operations {
		if op.ID == id {
			return op, true
		}
	}
	return nil, false
}

// Lookup finds the operation of method and path, and the values of its
// path parameters (decoded). path may be a concrete path or the
// operation's template; a literal segment wins over a parameter.
func Lookup(method, path string) (*Operation, map[string]string, bool) {
	method = strings.ToUpper(method)
	for _, op := range operations {
		if op.Method == method && op.Path == path {
			return op, nil, true
		}
	}
	segs := strings.Split(path, "/")
	templates := splitTemplates()
	var best *Operation
	bestLiterals := -1
	for i, op := range operations {
		if op.Method != method {
			continue
		}
		tmpl := templates[i]
		if len(tmpl) != len(segs) {
			continue
		}
		literals, ok := 0, true
		for i, t := range tmpl {
			switch {
			case isParam(t):
			case t == segs[i]:
				literals++
			default:
				ok = false
			}
			if !ok {
				break
			}
		}
		if ok && literals > bestLiterals {
			best, bestLiterals = op, literals
		}
	}
	if best == nil {
		return nil, nil, false
	}
	params := map[string]string{}
	for i, t := range strings.Split(best.Path, "/") {
		if isParam(t) {
			v, err := url.PathUnescape(segs[i])
			if err != nil {
				v = segs[i]
			}
			params[strings.Trim(t, "{}")] = v
		}
	}
	return best, params, true
}

// splitTemplates returns the segments of every operation's path
// template, split once.
var splitTemplates = sync.OnceValue(func() [][]string {
	out := make([][]string, len(operations))
	for i, op := range operations {
		out[i] = strings.Split(op.Path, "/")
	}
	return out
})

func isParam(seg string) bool {
	return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

// Field returns the rule of a parameter or body field of the operation
// operationID, by its name: a parameter ("markets", "uuids[]"), a body
// field ("price"), or a path into the body's items and objects, indices
// written or left out ("batch_orders[2].price", "batch_orders[].price").
// It returns nil when the operation or the field is unknown.
func Field(operationID, name string) *Schema {
	op, ok := ByID(operationID)
	if !ok {
		return nil
	}
	if p := op.Param(name); p != nil {
		return p.Schema
	}
	if op.Body == nil {
		return nil
	}
	s := op.Body.Schema
	for _, part := range strings.Split(name, ".") {
		base, rest, _ := strings.Cut(part, "[")
		s = s.Property(base)
		for ; s != nil && rest != ""; _, rest, _ = strings.Cut(rest, "[") {
			s = s.Items
		}
		if s == nil {
			return nil
		}
	}
	return s
}

// paramBase is the name of a parameter in errors: "uuids[]" is "uuids",
// so that its items are "uuids[0]", "uuids[1]", ...
func paramBase(name string) string { return strings.TrimSuffix(name, "[]") }

func checkParam(p *Param, values []string) *Error {
	field := paramBase(p.Name)
	s := p.Schema
	if s.Type == TypeArray {
		var items []string
		if p.Explode {
			items = values
		} else {
			for _, v := range values {
				items = append(items, strings.Split(v, ",")...)
			}
		}
		if len(items) == 0 {
			if p.Required {
				return fail(field, "", "is required")
			}
			return nil
		}
		if err := s.countItems(field, len(items)); err != nil {
			return err
		}
		for i, v := range items {
			if err := s.Items.checkText(field, v); err != nil {
				err.Field = fmt.Sprintf("%s[%d]", field, i) // named only on failure
				return err
			}
		}
		return nil
	}
	switch len(values) {
	case 0:
		if p.Required {
			return fail(field, "", "is required")
		}
		return nil
	case 1:
	default:
		return fail(field, "", "is given more than once")
	}
	return s.checkText(field, values[0])
}

func (s *Schema) countItems(field string, n int) *Error {
	switch {
	case n < s.MinItems:
		return fail(field, "", fmt.Sprintf("has %d items; at least %d are needed", n, s.MinItems))
	case s.MaxItems > 0 && n > s.MaxItems:
		return fail(field, "", fmt.Sprintf("has %d items; at most %d are allowed", n, s.MaxItems))
	}
	return nil
}

// CheckCount checks that an array of n items has an allowed number of
// items, naming it field.
func (s *Schema) CheckCount(field string, n int) error {
	if err := s.countItems(field, n); err != nil {
		return err
	}
	return nil
}

// CheckText checks a value as it is sent in a path, query or form
// (text, converted to the rule's type), naming it field.
func (s *Schema) CheckText(field, v string) error {
	if err := s.checkText(field, v); err != nil {
		return err
	}
	return nil
}

// checkText checks a scalar sent as text: a path or query parameter, or
// a form field.
func (s *Schema) checkText(field, v string) *Error {
	switch s.Type {
	case TypeInteger:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fail(field, v, "must be an integer")
		}
		return s.checkInteger(field, n)
	case TypeNumber:
		d, err := parseNumber(v)
		if err != nil {
			return fail(field, v, "must be a number")
		}
		return s.checkNumber(field, v, d)
	case TypeBoolean:
		if v != "true" && v != "false" {
			return fail(field, v, "must be true or false")
		}
		return s.checkEnum(field, v)
	case TypeArray, TypeObject:
		return fail(field, v, "must be an "+s.Type.String())
	}
	return s.checkString(field, v)
}

// isDecimalText reports whether v is in the wire form of format decimal,
// ^-?[0-9]+(\.[0-9]+)?$: no exponent, no sign-only or bare-point forms.
func isDecimalText(v string) bool {
	v = strings.TrimPrefix(v, "-")
	whole, frac, dot := strings.Cut(v, ".")
	return allDigits(whole) && (!dot || allDigits(frac))
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (s *Schema) checkString(field, v string) *Error {
	if n := utf8.RuneCountInString(v); n < s.MinLength {
		if v == "" {
			return fail(field, v, "is required")
		}
		return fail(field, v, fmt.Sprintf("must be at least %d characters long", s.MinLength))
	} else if s.MaxLength > 0 && n > s.MaxLength {
		return fail(field, v, fmt.Sprintf("must be at most %d characters long", s.MaxLength))
	}
	if s.Pattern != nil && !s.Pattern.MatchString(v) {
		switch {
		case v == "":
			return fail(field, v, "is required")
		case s.Pattern.Message != "":
			return fail(field, v, s.Pattern.Message)
		}
		return fail(field, v, "must match "+s.Pattern.Expr)
	}
	if err := s.checkEnum(field, v); err != nil {
		return err
	}
	if s.Decimal || s.Numeric {
		if !isDecimalText(v) {
			return fail(field, v, "is not a decimal number")
		}
		if _, frac, ok := strings.Cut(v, "."); ok {
			if max := s.maxScale(); len(frac) > max {
				return fail(field, v, fmt.Sprintf("has more than %d digits after the decimal point", max))
			}
		}
		d, err := decimal.Parse(v)
		if err != nil {
			return fail(field, v, "is not a decimal number within the limits: "+reason(err))
		}
		return s.checkBounds(field, v, d)
	}
	return nil
}

// reason is err's message without the package prefix and the quoted
// value that decimal's errors carry.
func reason(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "decimal: ")
	if i := strings.Index(msg, ": "); i >= 0 && strings.Contains(msg[i:], "\"") {
		msg = msg[:i]
	}
	return msg
}

func (s *Schema) maxScale() int {
	if s.Bounds.MaxScale > 0 {
		return s.Bounds.MaxScale
	}
	return decimal.MaxScale
}

func (s *Schema) checkEnum(field, v string) *Error {
	if len(s.Enum) == 0 || slices.Contains(s.Enum, v) {
		return nil
	}
	return fail(field, v, "must be one of "+strings.Join(s.Enum, ", "))
}

func (s *Schema) checkInteger(field string, n int64) *Error {
	text := strconv.FormatInt(n, 10)
	if err := s.checkEnum(field, text); err != nil {
		return err
	}
	return s.checkBounds(field, text, decimal.NewFromInt(n))
}

func (s *Schema) checkNumber(field, text string, d decimal.Decimal) *Error {
	if err := s.checkEnum(field, text); err != nil {
		return err
	}
	return s.checkBounds(field, text, d)
}

// parseNumber parses a JSON number or query number exactly.
func parseNumber(s string) (decimal.Decimal, error) { return decimal.Parse(s) }

// checkBounds compares d, whose text is text, with the bounds; d is
// within decimal's parse limits.
func (s *Schema) checkBounds(field, text string, d decimal.Decimal) *Error {
	b := &s.Bounds
	if b.Minimum != "" {
		min := decimal.MustParse(b.Minimum)
		if c := d.Cmp(min); c < 0 || c == 0 && b.ExclusiveMinimum {
			return fail(field, text, minReason(b))
		}
	}
	if b.Maximum != "" {
		max := decimal.MustParse(b.Maximum)
		if c := d.Cmp(max); c > 0 || c == 0 && b.ExclusiveMaximum {
			return fail(field, text, maxReason(b))
		}
	}
	return nil
}

func minReason(b *Bounds) string {
	if b.ExclusiveMinimum {
		return "must be greater than " + b.Minimum
	}
	return "must be at least " + b.Minimum
}

func maxReason(b *Bounds) string {
	if b.ExclusiveMaximum {
		return "must be less than " + b.Maximum
	}
	return "must be at most " + b.Maximum
}

// CheckDecimal checks a decimal before it is written out, naming it
// field: the bounds, the digits after the point and decimal's limits of
// the rule (format decimal, or a number). Its cost does not depend on d's
// exponent: 1e-65536 or 1e999999999 fail at once, without being written
// out. A zero rule (nil) checks decimal's limits only.
func (s *Schema) CheckDecimal(field string, d decimal.Decimal) error {
	if s == nil {
		s = &Schema{Decimal: true}
	}
	b := &s.Bounds
	// A minimum of 0 is decided by the sign, whatever the exponent.
	if b.Minimum != "" && decimal.MustParse(b.Minimum).IsZero() {
		if d.IsNegative() || d.IsZero() && b.ExclusiveMinimum {
			return fail(field, decimalText(d), minReason(b))
		}
	}
	if d.Scale() > int32(s.maxScale()) {
		return fail(field, decimalText(d), fmt.Sprintf("has more than %d digits after the decimal point", s.maxScale()))
	}
	// Digits before the point, bounded before anything is scaled.
	if d.Exponent() > decimal.MaxDigits || d.Coefficient().BitLen() > 4*decimal.MaxDigits {
		if b.Maximum != "" && !d.IsNegative() {
			return fail(field, decimalText(d), maxReason(b))
		}
		return fail(field, decimalText(d), fmt.Sprintf("has more than %d digits", decimal.MaxDigits))
	}
	if err := s.checkBounds(field, decimalText(d), d); err != nil {
		return err
	}
	return nil
}

// decimalText is d for an error: its plain text when its exponent is
// small, otherwise coefficient "e" exponent (e.g. "1e-65536"), or "" for
// a coefficient too long to be worth printing.
func decimalText(d decimal.Decimal) string {
	e := d.Exponent()
	c := d.Coefficient()
	switch {
	case c.BitLen() > 512:
		return ""
	case e >= -64 && e <= 64:
		return d.String()
	}
	return c.String() + "e" + strconv.Itoa(int(e))
}

func checkBody(op *Operation, contentType string, body []byte, rep *Report) *Error {
	if op.Body == nil {
		if len(body) > 0 {
			rep.Unknown = append(rep.Unknown, "body")
		}
		return nil
	}
	if len(body) == 0 {
		if op.Body.ContentType == Form {
			// An empty form is a form without fields: its required
			// fields are missing, the others may be. (The legacy
			// signer adds endpoint= to every form.)
			return checkForm(op.Body.Schema, nil, rep)
		}
		if op.Body.Required {
			return fail("body", "", "is required ("+op.Body.ContentType+")")
		}
		return nil
	}
	if len(body) > MaxBodySize {
		return fail("body", "", fmt.Sprintf("is larger than %d bytes", MaxBodySize))
	}
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != op.Body.ContentType {
		return fail("body", contentType, "must be "+op.Body.ContentType)
	}
	switch op.Body.ContentType {
	case Form:
		return checkForm(op.Body.Schema, body, rep)
	default:
		v, err := parseJSON(body)
		if err != nil {
			return fail("body", "", "is not valid JSON: "+err.Error())
		}
		return op.Body.Schema.checkJSON("", v, rep)
	}
}

func checkForm(s *Schema, body []byte, rep *Report) *Error {
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return fail("body", "", "is not a valid form")
	}
	for _, name := range s.Required {
		if len(values[name]) == 0 {
			return fail(name, "", "is required")
		}
	}
	for _, p := range s.Properties {
		vs := values[p.Name]
		switch {
		case len(vs) == 0:
			continue
		case len(vs) > 1:
			return fail(p.Name, "", "is given more than once")
		}
		if err := p.Schema.checkText(p.Name, vs[0]); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(values) {
		if s.Property(k) == nil {
			if s.Closed {
				return fail(k, "", "is not a field of this request")
			}
			rep.Unknown = append(rep.Unknown, k)
		}
	}
	return nil
}

// object is a JSON object with its keys in order.
type object struct {
	keys   []string
	values map[string]any
}

// parseJSON decodes one JSON value: numbers as json.Number (never a
// float), objects as *object, nesting at most MaxDepth deep.
func parseJSON(data []byte) (any, error) {
	if v, ok := scanJSON(data); ok {
		return v, nil
	}
	return readJSON(data)
}

// readJSON is parseJSON with encoding/json's token reader.
func readJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the value")
	}
	return v, nil
}

func parseValue(dec *json.Decoder, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	if depth >= MaxDepth {
		return nil, fmt.Errorf("nested more than %d deep", MaxDepth)
	}
	switch d {
	case '[':
		arr := []any{}
		for dec.More() {
			v, err := parseValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.Token()
		return arr, err
	default: // '{'
		obj := &object{values: map[string]any{}}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k := tok.(string) // the decoder yields only string keys
			v, err := parseValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			if _, dup := obj.values[k]; !dup {
				obj.keys = append(obj.keys, k)
			}
			obj.values[k] = v
		}
		_, err := dec.Token()
		return obj, err
	}
}

// scanJSON is parseJSON's common case, read in one pass with
// internal/jsonscan instead of encoding/json's token reader: the same
// value, or not ok on anything else (an escape or non-ASCII in a member
// name, an escape or invalid UTF-8 in a string, nesting deeper than
// MaxDepth, any syntax error), which parseJSON then reads as before.
func scanJSON(data []byte) (any, bool) {
	s := jsonscan.New(data)
	s.Start()
	v, ok := scanValue(&s, 0)
	return v, ok && s.End()
}

func scanValue(s *jsonscan.Scanner, depth int) (any, bool) {
	switch {
	case s.Open('['):
		if depth >= MaxDepth {
			return nil, false
		}
		arr := []any{}
		for first := true; ; first = false {
			done, ok := s.NextElem(first)
			if !ok || done {
				return arr, ok
			}
			v, ok := scanValue(s, depth+1)
			if !ok {
				return nil, false
			}
			arr = append(arr, v)
		}
	case s.Open('{'):
		if depth >= MaxDepth {
			return nil, false
		}
		obj := &object{values: map[string]any{}}
		ok := s.Members(func(key []byte) bool {
			k := string(key)
			v, ok := scanValue(s, depth+1)
			if _, dup := obj.values[k]; ok && !dup {
				obj.keys = append(obj.keys, k)
			}
			obj.values[k] = v
			return ok
		})
		return obj, ok
	}
	raw, ok := s.Value()
	if !ok {
		return nil, false
	}
	switch raw[0] {
	case '"':
		text := raw[1 : len(raw)-1]
		if bytes.IndexByte(text, '\\') >= 0 || !utf8.Valid(text) {
			return nil, false
		}
		return string(text), true
	case 't':
		return true, true
	case 'f':
		return false, true
	case 'n':
		return nil, true
	}
	return json.Number(raw), true
}

func join(field, name string) string {
	if field == "" {
		return name
	}
	return field + "." + name
}

func (s *Schema) checkJSON(field string, v any, rep *Report) *Error {
	name := field
	if name == "" {
		name = "body"
	}
	if v == nil {
		if s.Nullable || s.Type == TypeAny {
			return nil
		}
		return fail(name, "null", "must not be null")
	}
	switch s.Type {
	case TypeString:
		str, ok := v.(string)
		if !ok {
			return fail(name, "", "must be a string")
		}
		return s.checkString(name, str)
	case TypeInteger:
		n, ok := v.(json.Number)
		if !ok {
			return fail(name, "", "must be an integer")
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			return fail(name, string(n), "must be an integer")
		}
		return s.checkInteger(name, i)
	case TypeNumber:
		n, ok := v.(json.Number)
		if !ok {
			return fail(name, "", "must be a number")
		}
		d, err := parseNumber(string(n))
		if err != nil {
			return fail(name, string(n), "is not a number within the limits: "+reason(err))
		}
		return s.checkNumber(name, string(n), d)
	case TypeBoolean:
		b, ok := v.(bool)
		if !ok {
			return fail(name, "", "must be true or false")
		}
		return s.checkEnum(name, strconv.FormatBool(b))
	case TypeArray:
		arr, ok := v.([]any)
		if !ok {
			return fail(name, "", "must be an array")
		}
		if err := s.countItems(name, len(arr)); err != nil {
			return err
		}
		if s.Items == nil {
			return nil
		}
		for i, item := range arr {
			if err := s.Items.checkJSON(fmt.Sprintf("%s[%d]", name, i), item, rep); err != nil {
				return err
			}
		}
		return nil
	case TypeObject:
		obj, ok := v.(*object)
		if !ok {
			return fail(name, "", "must be an object")
		}
		for _, req := range s.Required {
			if _, ok := obj.values[req]; !ok {
				return fail(join(field, req), "", "is required")
			}
		}
		for _, p := range s.Properties {
			pv, ok := obj.values[p.Name]
			if !ok {
				continue
			}
			if err := p.Schema.checkJSON(join(field, p.Name), pv, rep); err != nil {
				return err
			}
		}
		for _, k := range obj.keys {
			if s.Property(k) == nil {
				if s.Closed {
					return fail(join(field, k), "", "is not a field of this request")
				}
				rep.Unknown = append(rep.Unknown, join(field, k))
			}
		}
	}
	return nil
}
