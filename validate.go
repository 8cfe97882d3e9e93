package bithumb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/validation"
)

// ErrInvalidInput matches every *InputError: an argument that the client
// rejected before sending anything.
var ErrInvalidInput = errors.New("bithumb: invalid input")

// InputError reports an argument rejected before anything was sent. Field
// is the Bithumb parameter name (e.g. "volume", "markets[2]").
type InputError struct {
	Field  string
	Value  string
	Reason string
}

// Error returns e.g. `bithumb: invalid volume "0": must be greater than 0`.
func (e *InputError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("bithumb: invalid %s: %s", e.Field, e.Reason)
	}
	return fmt.Sprintf("bithumb: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

func invalid(field, value, reason string) error {
	if len(value) > 64 {
		value = value[:64] + "..."
	}
	return &InputError{Field: field, Value: value, Reason: reason}
}

// validator collects the first failure of a sequence of checks, so that a
// method can list its checks without an if after each.
//
// The rules of the spec (required fields, patterns, enums, bounds,
// lengths, item counts, decimals) are not written here: package
// validation holds them, generated from spec/bithumb.yaml, and
// checkRequest applies them to every request the typed methods send. A
// method checks by hand only what the spec cannot state, such as rules
// across fields (a limit order needs a price), and, through decimal and
// count, the values that must be bounded before they are encoded.
type validator struct{ err error }

func (v *validator) check(ok bool, field, value, reason string) {
	if v.err == nil && !ok {
		v.err = invalid(field, value, reason)
	}
}

func (v *validator) required(field, s string) {
	v.check(s != "", field, s, "is required")
}

func (v *validator) oneOf(field string, a, b bool, names string) {
	v.check(a || b, field, "", "needs "+names)
}

// decimal checks d against the spec's rule of the body field field of
// the operation op (e.g. "placeOrderBatch", "batch_orders[2].price")
// before d is written out: writing 1e999999999 out takes a gigabyte, so
// that the check of the encoded request would come too late. Its cost
// does not depend on d's exponent.
func (v *validator) decimal(op, field string, d decimal.Decimal) {
	if v.err != nil {
		return
	}
	s := validation.Field(op, field)
	if s == nil {
		// Only code and spec out of step can get here; the tests of the
		// typed methods with amounts catch it.
		v.err = fmt.Errorf("bithumb: internal error: the spec has no field %s in %s", field, op)
		return
	}
	v.err = inputError(s.CheckDecimal(field, d))
}

// count checks the number of items n of the array field of the
// operation op against the spec's rule, before the items are checked.
func (v *validator) count(op, field string, n int) {
	if v.err != nil {
		return
	}
	s := validation.Field(op, field)
	if s == nil {
		v.err = fmt.Errorf("bithumb: internal error: the spec has no field %s in %s", field, op)
		return
	}
	v.err = inputError(s.CheckCount(field, n))
}

// inputError turns a *validation.Error into an *InputError, so that
// errors.As(err, &*InputError) and errors.Is(err, ErrInvalidInput) hold
// for every rule of the spec. Other errors are returned as they are.
func inputError(err error) error {
	if err == nil {
		return nil // without the allocation of errors.As's target
	}
	var ve *validation.Error
	if errors.As(err, &ve) {
		return invalid(ve.Field, ve.Value, ve.Reason)
	}
	return err
}

// checkRequest is the request editor of the generated client: it checks
// every request that a typed method sends (method, path, query, body)
// against the spec's rules of its operation, before it reaches the
// transport, so that an invalid request fails with an *InputError naming
// the field and nothing is sent. Query parameters and body fields that
// the spec does not name are allowed: the typed methods send none.
func checkRequest(_ context.Context, req *http.Request) error {
	return inputError(checkHTTPRequest(req, true))
}

// checkHTTPRequest checks req against its operation's rules; a request
// that matches no operation is an error when strict, otherwise it passes.
// The body is read through GetBody when it can be, and put back
// otherwise.
func checkHTTPRequest(req *http.Request, strict bool) error {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		if req.GetBody != nil {
			r, err := req.GetBody()
			if err != nil {
				return err
			}
			body, err = io.ReadAll(io.LimitReader(r, validation.MaxBodySize+1))
			r.Close()
			if err != nil {
				return err
			}
		} else {
			// Read what the check needs and put it back in front of
			// the rest, which a body too large to check still has.
			r := req.Body
			var err error
			body, err = io.ReadAll(io.LimitReader(r, validation.MaxBodySize+1))
			req.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(body), r), r}
			if err != nil {
				return err
			}
		}
	}
	err := validation.CheckRequest(req.Method, req.URL.EscapedPath(), req.URL.Query(), req.Header.Get("Content-Type"), body)
	if errors.Is(err, validation.ErrUnknownOperation) {
		if !strict {
			return nil
		}
		return invalid("path", req.URL.Path, "is not a path of the spec")
	}
	return err
}

// maxPathLen bounds the path of a raw request.
const maxPathLen = 512

// rawPath checks the path of a raw request: an absolute path of segments
// made of A-Z, a-z, 0-9, -, _ and ., with no empty, . or .. segment. It
// refuses what could send a request elsewhere than the API host or to
// another path than the one written: "//host", "@", backslashes,
// percent-encoding, control characters, a query or a fragment.
func (v *validator) rawPath(field, p string) {
	if v.err != nil {
		return
	}
	reason := ""
	switch {
	case p == "":
		reason = "is required"
	case len(p) > maxPathLen:
		reason = fmt.Sprintf("is longer than %d bytes", maxPathLen)
	case p[0] != '/':
		reason = "must start with /"
	}
	for i := 0; reason == "" && i < len(p); i++ {
		switch c := p[i]; {
		case c < 0x20 || c == 0x7f:
			reason = "must not contain control characters"
		case c == '?' || c == '#':
			reason = "must carry no query or fragment (give the query in Query)"
		case c == '%':
			reason = "must not be percent-encoded"
		case c == '\\':
			reason = "must not contain a backslash"
		case c == '@':
			reason = "must not contain @"
		case c == '/' || c == '-' || c == '_' || c == '.' ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
		default:
			reason = "may contain only A-Z, a-z, 0-9, /, -, _ and ."
		}
	}
	if reason == "" {
		for _, seg := range strings.Split(p[1:], "/") {
			switch seg {
			case "":
				reason = "must not contain an empty segment (// or a trailing /)"
			case ".", "..":
				reason = "must not contain a . or .. segment"
			}
			if reason != "" {
				break
			}
		}
	}
	v.check(reason == "", field, p, reason)
}

// Ptr returns a pointer to v. Optional query parameters are pointers, so
// that "not set" differs from the zero value:
//
//	bithumb.ListOrdersParams{Market: bithumb.Ptr("KRW-BTC"), Limit: bithumb.Ptr[int64](10)}
func Ptr[T any](v T) *T { return &v }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
