// Package validation checks requests to the Bithumb REST API against the
// rules of spec/bithumb.yaml before anything is sent: required parameters
// and fields, types, patterns, enums, bounds, lengths, item counts and the
// spec's string format "decimal".
//
// The rules are Go data generated from the spec by
// internal/cmd/validationgen (`make generate`) into rules_gen.go; this
// package only interprets them. It imports nothing but the standard
// library and package decimal, so a client binary validates its requests
// without parsing the spec at run time.
//
// [CheckRequest] checks a request as it goes on the wire (method, path,
// query, content type, body); [Check] also reports the query parameters
// and body fields that the spec does not name. [Field] gives the rule of
// one parameter or body field, to check a Go value before it is encoded.
// Every failure is an [*Error] naming the field, e.g. "price",
// "markets[2]" or "batch_orders[3].volume".
package validation

import (
	"regexp"
	"sync"
)

// Type is the JSON type a value must have.
type Type uint8

// The types of OpenAPI 3.0. TypeAny accepts every value.
const (
	TypeAny Type = iota
	TypeString
	TypeInteger
	TypeNumber
	TypeBoolean
	TypeArray
	TypeObject
)

// String returns the type's name in the spec, e.g. "integer".
func (t Type) String() string {
	switch t {
	case TypeString:
		return "string"
	case TypeInteger:
		return "integer"
	case TypeNumber:
		return "number"
	case TypeBoolean:
		return "boolean"
	case TypeArray:
		return "array"
	case TypeObject:
		return "object"
	}
	return "any"
}

// Pattern is a regular expression of the spec (Go RE2 syntax), compiled
// the first time it is used: to a runsMatcher when it has that form (most
// of the spec's patterns do), to a regexp.Regexp otherwise. A Pattern is
// safe for concurrent use.
type Pattern struct {
	// Expr is the expression, as written in the spec.
	Expr string
	// Message, when set, is the reason given for a value that does not
	// match (from the spec's x-bithumb-pattern-message), e.g. "is not an
	// order id (...)"; otherwise the reason quotes Expr.
	Message string

	once sync.Once
	runs *runsMatcher
	re   *regexp.Regexp
}

// MatchString reports whether s matches the pattern. An expression that
// does not compile matches nothing; the generator compiles every pattern,
// so that only a hand-made Pattern can get there.
func (p *Pattern) MatchString(s string) bool {
	p.once.Do(func() {
		var ok bool
		if p.runs, ok = compileRuns(p.Expr); !ok {
			p.re, _ = regexp.Compile(p.Expr)
		}
	})
	if p.runs != nil {
		return p.runs.MatchString(s)
	}
	return p.re != nil && p.re.MatchString(s)
}

// Bounds are the bounds of a number, or of a string holding a number
// (format decimal, or the spec's x-bithumb-number). Each bound is decimal
// text such as "0", "300" or "1e20"; an empty bound is no bound.
type Bounds struct {
	Minimum, Maximum                   string
	ExclusiveMinimum, ExclusiveMaximum bool
	// MaxScale, when positive, is the most digits after the decimal
	// point (x-bithumb-number's max-scale).
	MaxScale int
}

// Schema is the rule for one value. Zero fields are no constraint.
type Schema struct {
	Type     Type
	Nullable bool
	// Decimal is the spec's string format "decimal": a NumberString such
	// as "0.0025" or "-330000" within the limits of decimal.Parse.
	Decimal bool
	// Numeric marks a string that holds a number checked against Bounds
	// (a string with x-bithumb-number).
	Numeric bool
	Pattern *Pattern
	// Enum lists the allowed values as text: strings as they are,
	// integers in decimal, booleans as true and false.
	Enum []string
	// Bounds apply to numbers, and to strings that are Decimal or
	// Numeric.
	Bounds Bounds
	// MinLength and MaxLength count characters (Unicode code points);
	// MaxLength 0 is no limit.
	MinLength, MaxLength int
	// MinItems and MaxItems bound an array; MaxItems 0 is no limit.
	MinItems, MaxItems int
	// Items is the rule of an array's items.
	Items *Schema
	// Properties are the known fields of an object, sorted by name.
	Properties []Property
	// Required lists the fields an object must have.
	Required []string
	// Closed refuses fields that are not in Properties
	// (additionalProperties: false); otherwise they are reported by
	// Check as unknown.
	Closed bool
}

// Property is a named field of an object.
type Property struct {
	Name   string
	Schema *Schema
}

// Property returns the rule of the field name, or nil.
func (s *Schema) Property(name string) *Schema {
	if s == nil {
		return nil
	}
	for i := range s.Properties {
		if s.Properties[i].Name == name {
			return s.Properties[i].Schema
		}
	}
	return nil
}

// Where a parameter goes.
const (
	InPath  = "path"
	InQuery = "query"
)

// Param is a path or query parameter of an operation.
type Param struct {
	// Name is the parameter's name on the wire, e.g. "uuids[]".
	Name string
	// In is InPath or InQuery.
	In       string
	Required bool
	// Explode is false for an array sent as one comma-separated value
	// (style form, explode false, as markets=KRW-BTC,KRW-ETH); true for
	// an array sent as repeated keys (uuids[]=a&uuids[]=b).
	Explode bool
	Schema  *Schema
}

// Content types of request bodies.
const (
	JSON = "application/json"
	Form = "application/x-www-form-urlencoded"
)

// Body is the request body of an operation.
type Body struct {
	// ContentType is JSON or Form.
	ContentType string
	Required    bool
	Schema      *Schema
}

// Operation is the set of rules of one operation of the spec.
type Operation struct {
	// ID is the spec's operationId, e.g. "placeOrder".
	ID string
	// Method is upper case, e.g. "POST".
	Method string
	// Path is the spec's path template, e.g. "/v1/candles/minutes/{unit}".
	Path   string
	Params []Param
	// Body is nil for an operation without a request body.
	Body *Body
}

// Param returns the parameter name of op, or nil.
func (op *Operation) Param(name string) *Param {
	for i := range op.Params {
		if op.Params[i].Name == name {
			return &op.Params[i]
		}
	}
	return nil
}
