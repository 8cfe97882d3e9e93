package spec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/decimal"
)

// decimalRE is the wire form of format: decimal (a NumberString such as
// "0.0025" or "-330000": no exponent, no sign-only or bare-point forms).
var decimalRE = regexp.MustCompile(`^-?\d+(\.\d+)?$`)

// DecimalFormat is the validator of the spec's string format "decimal",
// for kin-openapi's per-validation options (FormatOptions) or, in a test
// binary, its process-wide DefineStringFormatValidator. It accepts a
// NumberString within the limits of decimal.Parse: at most
// decimal.MaxDigits digits (leading zeros not counted) and at most
// decimal.MaxScale digits after the point, so that a value such as
// "0.000…1" with 65,536 decimals fails validation instead of being sent
// or accepted. Error messages quote at most the first 64 bytes.
func DecimalFormat() openapi3.StringFormatValidator {
	return openapi3.NewCallbackValidator(func(s string) error {
		if !decimalRE.MatchString(s) {
			if len(s) > 64 {
				s = s[:64] + "..."
			}
			return fmt.Errorf("%q is not a decimal number", s)
		}
		if _, err := decimal.Parse(s); err != nil {
			return err // ErrRange, naming the limit and quoting the start
		}
		return nil
	})
}

// FormatOptions are the kin-openapi options that teach a validation the
// spec's custom string format "decimal". They are per validation; nothing
// global is registered.
func FormatOptions() []openapi3.SchemaValidationOption {
	return []openapi3.SchemaValidationOption{
		openapi3.EnableFormatValidation(),
		openapi3.WithStringFormatValidator("decimal", DecimalFormat()),
	}
}

// Validator checks HTTP requests and responses against the embedded spec.
// Create one with NewValidator; it is safe for concurrent use.
type Validator struct {
	doc     *openapi3.T
	catalog *catalog.Catalog // derived from doc
}

// NewValidator loads the embedded spec for validation.
func NewValidator() (*Validator, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	endpoints, _, err := DeriveCatalog(doc)
	if err != nil {
		return nil, err
	}
	c, err := catalog.New(endpoints)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return &Validator{doc: doc, catalog: c}, nil
}

// ErrUnknownOperation is returned for a request whose method and path are
// not in the spec.
var ErrUnknownOperation = errors.New("spec: no operation matches the request")

// route finds the spec operation of req and its path parameters.
func (v *Validator) route(req *http.Request) (*routers.Route, map[string]string, error) {
	e, ok := v.catalog.Lookup(req.Method, req.URL.Path)
	if !ok {
		return nil, nil, fmt.Errorf("%w: %s %s", ErrUnknownOperation, req.Method, req.URL.Path)
	}
	item := v.doc.Paths.Value(e.Path)
	params := map[string]string{}
	tmpl, segs := strings.Split(e.Path, "/"), strings.Split(req.URL.Path, "/")
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && i < len(segs) {
			params[strings.Trim(t, "{}")] = segs[i]
		}
	}
	return &routers.Route{Spec: v.doc, Path: e.Path, PathItem: item, Method: req.Method, Operation: item.GetOperation(req.Method)}, params, nil
}

func options() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:              true,
		IncludeResponseStatus:   true,
		AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
		SkipSettingDefaults:     true,
		SchemaValidationOptions: FormatOptions(),
	}
}

// Request checks req (parameters and body; not the credentials) against
// its operation in the spec. The body is read and put back.
func (v *Validator) Request(ctx context.Context, req *http.Request) error {
	route, params, err := v.route(req)
	if err != nil {
		return err
	}
	if req.Body != nil && req.Body != http.NoBody {
		data, err := io.ReadAll(req.Body)
		if err != nil {
			return err
		}
		req.Body = io.NopCloser(bytes.NewReader(data))
		defer func() { req.Body = io.NopCloser(bytes.NewReader(data)) }()
	}
	return openapi3filter.ValidateRequest(ctx, &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route, Options: options(),
	})
}

// Response checks a response to req against its operation in the spec,
// status code included.
func (v *Validator) Response(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := v.route(req)
	if err != nil {
		return err
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: options()},
		Status:                 status,
		Header:                 header,
		Options:                options(),
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(ctx, in)
}

// Problem is one reason a request failed validation: the parameter or
// body field concerned (empty when unknown) and what is wrong.
type Problem struct {
	Field, Reason string
}

// Problems flattens a validation error into field-level problems.
func Problems(err error) []Problem {
	var out []Problem
	var walk func(err error, field string)
	walk = func(err error, field string) {
		switch e := err.(type) {
		case openapi3.MultiError:
			for _, inner := range e {
				walk(inner, field)
			}
		case *openapi3filter.RequestError:
			if e.Parameter != nil {
				field = e.Parameter.Name
			}
			if e.Err == nil {
				out = append(out, Problem{Field: field, Reason: e.Reason})
				return
			}
			walk(e.Err, field)
		case *openapi3.SchemaError:
			if ptr := e.JSONPointer(); len(ptr) > 0 && (field == "" || e.Reason != "") {
				if field == "" {
					field = strings.Join(ptr, ".")
				} else {
					field += "." + strings.Join(ptr, ".")
				}
			}
			out = append(out, Problem{Field: field, Reason: e.Reason})
		default:
			var se *openapi3.SchemaError
			if errors.As(err, &se) {
				walk(se, field)
				return
			}
			out = append(out, Problem{Field: field, Reason: err.Error()})
		}
	}
	walk(err, "")
	return out
}

var (
	sharedOnce      sync.Once
	sharedValidator *Validator
	sharedErr       error
)

// SharedValidator returns a Validator built once for the process.
func SharedValidator() (*Validator, error) {
	sharedOnce.Do(func() { sharedValidator, sharedErr = NewValidator() })
	return sharedValidator, sharedErr
}
