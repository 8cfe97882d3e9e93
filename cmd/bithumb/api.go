package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/credentials"
	"github.com/bithumb-go/bithumb/middleware"
)

// maxInput bounds the body read by --input.
const maxInput = 8 << 20

// apiOptions holds the flags of `bithumb api`.
type apiOptions struct {
	method     string
	fields     []string
	input      string
	pretty     bool
	raw        bool
	noValidate bool
	include    bool
	verbose    bool
}

func newAPICommand(a *app) *cobra.Command {
	var o apiOptions
	cmd := &cobra.Command{
		Use:   "api PATH",
		Short: "Make a signed request to any Bithumb endpoint",
		Long: `Make a request to any Bithumb REST endpoint, signed with your API keys,
and print the response body.

The method comes from the spec: a path with one method uses it, a path
with several uses GET, and -X chooses another. POST is never guessed:
a path that has POST and DELETE but no GET needs -X. Legacy API 1.0
private paths (/info/..., /trade/...) are always POST.

Fields (-f key=value, repeatable, values are strings):
  - GET and DELETE: query parameters, in the order given.
  - POST: a JSON object body, keys in the order given.
  - key[]=value, repeated, makes an array: a repeated "key[]" query
    parameter, or a JSON array of strings.
  - legacy /info and /trade paths: a form body, in the order given; the
    signer puts endpoint=PATH first.
  - with --input: query parameters, since the body comes from --input.

--input FILE sends FILE (or standard input for -) as the JSON body, byte for
byte, for example a batch of orders.

Before sending, the request is checked against the spec: a path it does not
have is refused with the nearest paths it has, a method it does not have for
the path with the methods it has, and a field it does not name with the
names it knows; a value that breaks the spec's rules (a bad price, a missing
market) is refused naming the field. --no-validate sends a path, method or
field the spec does not know anyway (the rules of known fields still apply).
A 404 answer to a path or method the spec does not have repeats the hint.

Orders: POST /v2/orders and POST /v2/orders/batch get a generated
client_order_id ("bgo" and 32 hex digits) in every order that has none.
When a placement (those two, POST /v1/orders, /trade/place,
/trade/market_buy, /trade/market_sell) or a cancel (DELETE /v2/order,
DELETE /v1/order, POST /v2/orders/cancel) fails so that it may or may not
have been executed (a 5xx, a reset or timeout after sending, an answer that
is not JSON or names no order), it is never sent again: the orders are
looked up by id and each id is printed on standard error with what the
look-up found (the order and its state, not found, or the look-up's
failure). v1 and legacy placements take no client_order_id, so they cannot
be looked up.

-i/--include prints the status line and the response headers (such as
x-ratelimit-remaining) before the body. --verbose prints the request line
and the request headers of every attempt on standard error, with the
Authorization token and the legacy signature redacted and the access key
masked.

API 2.0 paths are signed with a JWT and legacy paths with HMAC headers.
Public paths (quotation and /public/...) need no keys. The keys come from
BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY, or else from the encrypted
credentials file (see "bithumb auth set"), whose passphrase comes from
BITHUMB_PASSPHRASE or is asked for on the terminal.

The body is printed indented when standard output is a terminal and as
received otherwise (--pretty and --raw override); numbers keep every digit.
An error answer prints Bithumb's error name and message on standard error.

Exit status: 0 on success; 1 on an error answer or a refused request;
3 when an order placement or cancel may or may not have been executed
(look the order up before sending it again).`,
		Example: apiExamples,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runAPI(cmd.Context(), args[0], &o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.method, "method", "X", "", "HTTP `METHOD`: GET, POST or DELETE (default: the spec's method for the path, GET when it has several)")
	f.StringArrayVarP(&o.fields, "field", "f", nil, "add a `key=value` parameter (repeatable; key[]=value for arrays)")
	f.StringVar(&o.input, "input", "", "send the JSON body in `FILE` as it is (- for standard input)")
	f.BoolVar(&o.pretty, "pretty", false, "print the body indented (the default on a terminal)")
	f.BoolVar(&o.raw, "raw", false, "print the body as received (the default when not on a terminal)")
	f.BoolVar(&o.noValidate, "no-validate", false, "send a path, method or field the spec does not know")
	f.BoolVarP(&o.include, "include", "i", false, "print the status line and the response headers before the body")
	f.BoolVar(&o.verbose, "verbose", false, "print the request line and headers on standard error (credentials redacted)")
	cmd.MarkFlagsMutuallyExclusive("pretty", "raw")
	return cmd
}

// runAPI checks the request described by path and o, sends it and
// prints the answer.
func (a *app) runAPI(ctx context.Context, path string, o *apiOptions) error {
	req, err := buildRequest(path, o, a.stdin)
	if err != nil {
		return err
	}
	if !o.noValidate {
		if err := checkFields(req, o.input != ""); err != nil {
			return err
		}
	}
	var extra []bithumb.Option
	if o.verbose {
		extra = append(extra, bithumb.WithTransport(newVerboseTransport(a.stderr)))
	}
	client, err := a.newClient(req.Method+" "+req.Path, clientKeysFor(req.Method, req.Path), extra...)
	if err != nil {
		return err
	}
	resp, err := client.Do(ctx, req)
	if resp != nil && o.include {
		if err := writeStatusAndHeaders(a.stdout, resp); err != nil {
			return err
		}
	}
	var amb *bithumb.AmbiguousOrderError
	var apiErr *bithumb.APIError
	switch {
	case errors.As(err, &amb):
		printAmbiguous(a.stderr, amb)
		return &exitError{code: exitOrderUnknown}
	case errors.As(err, &apiErr):
		fmt.Fprintln(a.stderr, errorLine(apiErr))
		if hint := notFoundHint(req.Method, req.Path); apiErr.StatusCode == http.StatusNotFound && hint != "" {
			fmt.Fprintln(a.stderr, "hint: "+hint)
		}
		return &exitError{code: 1}
	case err != nil:
		return err
	}
	return a.printBody(resp.Body, o)
}

// errorLine describes an error answer by Bithumb's status, error name and
// message, e.g. "bithumb: 404 order_not_found: 주문을 찾지 못했습니다.";
// the command line already says which request it was. A 401 or 403 is
// followed by lines with its likely cause and fix (authHint).
func errorLine(e *bithumb.APIError) string {
	return withoutRequest(e).Error() + authHint(e)
}

// withoutRequest returns a copy of e without its method and URL, for a
// message whose context already says which request it was.
func withoutRequest(e *bithumb.APIError) *bithumb.APIError {
	short := *e
	short.Method, short.URL = "", ""
	return &short
}

// buildRequest turns the command line into a RawRequest.
func buildRequest(rawPath string, o *apiOptions, stdin io.Reader) (bithumb.RawRequest, error) {
	var req bithumb.RawRequest
	path, query, err := splitPath(rawPath)
	if err != nil {
		return req, err
	}
	fields, err := parseFields(o.fields)
	if err != nil {
		return req, err
	}
	legacy := isLegacyPrivate(path)
	method, err := chooseMethod(path, o.method, legacy, o.noValidate)
	if err != nil {
		return req, err
	}
	req.Method, req.Path, req.Query = method, path, query

	switch {
	case legacy:
		if o.input != "" {
			return req, fmt.Errorf("--input: legacy API 1.0 path %s takes a form body; give its fields with -f", path)
		}
		if req.Form, err = legacyForm(path, fields); err != nil {
			return req, err
		}
	case o.input != "":
		if method == http.MethodGet {
			return req, fmt.Errorf("--input sends a body, which GET %s has none of; use -X POST or -X DELETE", path)
		}
		if req.JSONBody, err = readInput(o.input, stdin); err != nil {
			return req, err
		}
		req.Query = append(req.Query, fields...)
	case method == http.MethodPost:
		if len(fields) > 0 {
			if req.JSONBody, err = jsonObject(fields); err != nil {
				return req, err
			}
		}
	default:
		req.Query = append(req.Query, fields...)
	}
	return req, nil
}

// splitPath checks PATH, adds a missing leading slash and splits off a
// query, whose pairs are kept in order.
func splitPath(raw string) (string, []bithumb.Param, error) {
	if strings.Contains(raw, "://") {
		return "", nil, fmt.Errorf("%q: give the path only, e.g. /v1/accounts, and the host with --api-url", raw)
	}
	if strings.Contains(raw, "#") {
		return "", nil, fmt.Errorf("%q: a path has no #fragment", raw)
	}
	path, rawQuery, _ := strings.Cut(raw, "?")
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	var query []bithumb.Param
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(k)
		value, err2 := url.QueryUnescape(v)
		if err := errors.Join(err1, err2); err != nil {
			return "", nil, fmt.Errorf("the query of %q: %w", raw, err)
		}
		query = append(query, bithumb.Param{Key: key, Value: value})
	}
	return path, query, nil
}

// isLegacyPrivate reports an API 1.0 private path, which is signed with
// HMAC over a form body.
func isLegacyPrivate(path string) bool {
	return strings.HasPrefix(path, "/info/") || strings.HasPrefix(path, "/trade/")
}

// legacyForm returns the form of a legacy private call: endpoint=PATH
// first, then the fields in order. The signer would put endpoint first
// anyway; giving it here makes the form the client checks against the
// spec the one that is sent, so that a call without fields is not taken
// for one without a body.
func legacyForm(path string, fields []bithumb.Param) ([]bithumb.Param, error) {
	form := []bithumb.Param{{Key: "endpoint", Value: path}}
	for _, f := range fields {
		switch {
		case f.Key != "endpoint":
			form = append(form, f)
		case f.Value != path:
			return nil, fmt.Errorf("-f endpoint=%s: a legacy call's endpoint is its path, %s", f.Value, path)
		}
	}
	return form, nil
}

// parseFields splits each -f key=value at its first "=".
func parseFields(args []string) ([]bithumb.Param, error) {
	fields := make([]bithumb.Param, 0, len(args))
	for _, arg := range args {
		k, v, ok := strings.Cut(arg, "=")
		if !ok {
			return nil, fmt.Errorf("-f %s: a field is key=value", arg)
		}
		if strings.TrimSuffix(k, "[]") == "" {
			return nil, fmt.Errorf("-f %s: the field has no key", arg)
		}
		fields = append(fields, bithumb.Param{Key: k, Value: v})
	}
	return fields, nil
}

// jsonObject encodes fields as a JSON object with the keys in the order
// of their first appearance and string values; the values of a key[]
// field form an array of strings.
func jsonObject(fields []bithumb.Param) ([]byte, error) {
	type member struct {
		key    string
		array  bool
		values []string
	}
	var members []*member
	byKey := make(map[string]*member)
	for _, f := range fields {
		key, array := strings.CutSuffix(f.Key, "[]")
		m := byKey[key]
		switch {
		case m == nil:
			m = &member{key: key, array: array}
			byKey[key] = m
			members = append(members, m)
		case m.array != array:
			return nil, fmt.Errorf("-f %s: %q is given both as a value and as an array", f.Key, key)
		case !array:
			return nil, fmt.Errorf("-f %s: %q is given twice; use %s[]=value for an array", f.Key, key, key)
		}
		m.values = append(m.values, f.Value)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, m.key)
		b.WriteByte(':')
		if !m.array {
			writeJSONString(&b, m.values[0])
			continue
		}
		b.WriteByte('[')
		for j, v := range m.values {
			if j > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, v)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeJSONString writes s as a JSON string, leaving <, > and & as they
// are.
func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes; writes to a Buffer never fail
	b.Truncate(b.Len() - 1) // Encode's newline
}

// readInput reads the --input body from a file or, for "-", from stdin,
// and checks that it is JSON.
func readInput(name string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("--input: %w", err)
		}
		defer f.Close()
		r = f
	} else {
		name = "standard input"
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("--input: reading %s: %w", name, err)
	case len(data) > maxInput:
		return nil, fmt.Errorf("--input: %s is larger than %d bytes", name, maxInput)
	case !json.Valid(data):
		return nil, fmt.Errorf("--input: %s is not valid JSON", name)
	}
	return data, nil
}

// clientKeysFor looks method and path up in the embedded spec, or guesses
// the way the client does for endpoints the spec does not know. Public
// endpoints never look for keys, so they never ask for a passphrase; an
// endpoint unknown to the spec is signed when keys exist.
func clientKeysFor(method, path string) clientKeys {
	if e, ok := catalog.Default().Lookup(method, path); ok {
		if e.Auth == catalog.AuthNone {
			return noKeys
		}
		return requireKeys
	}
	e := middleware.GuessEndpoint(method, path, true)
	switch {
	case e.Auth == catalog.AuthHMAC:
		return requireKeys
	case e.Legacy: // /public/...
		return noKeys
	default:
		return optionalKeys
	}
}

// resolveKeys finds the keys in the environment or the credentials file.
// With optional set, finding none is not an error (nil, nil); what names
// the request that needs them in the error.
func (a *app) resolveKeys(what, file string, optional bool) (*credentials.Credentials, error) {
	shown := file
	if shown == "" {
		shown, _ = credentials.DefaultPath()
	}
	c, _, err := credentials.Resolve(a.lookup, file, func() ([]byte, error) { return a.passphrase(shown) })
	switch {
	case err == nil:
		return &c, nil
	case errors.Is(err, credentials.ErrNotFound) && optional:
		return nil, nil
	case errors.Is(err, credentials.ErrNotFound):
		return nil, fmt.Errorf("%s needs API keys: %w; set %s and %s, or save them with \"bithumb auth set\"",
			what, err, credentials.EnvAccessKey, credentials.EnvSecretKey)
	default:
		return nil, err
	}
}

// printBody writes a successful response body to stdout: indented when
// pretty printing, as received otherwise.
func (a *app) printBody(body []byte, o *apiOptions) error {
	if len(body) == 0 {
		return nil
	}
	pretty := o.pretty
	if !o.pretty && !o.raw {
		_, pretty = terminalFD(a.stdout)
	}
	if pretty {
		var b bytes.Buffer
		// json.Indent copies numbers as they are, digit for digit.
		if err := json.Indent(&b, body, "", "  "); err == nil {
			body = b.Bytes()
		}
		if !bytes.HasSuffix(body, []byte("\n")) {
			body = append(body, '\n')
		}
	}
	_, err := a.stdout.Write(body)
	return err
}
