package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/validation"
)

// apiMethods are the methods `bithumb api` sends, in the order hints
// list them.
var apiMethods = []string{http.MethodGet, http.MethodPost, http.MethodDelete}

// specMethods returns the methods that the spec has for path, a concrete
// path such as "/v1/candles/minutes/5", in the order of apiMethods.
func specMethods(path string) []string {
	var out []string
	for _, m := range apiMethods {
		if _, ok := catalog.Default().Lookup(m, path); ok {
			out = append(out, m)
		}
	}
	return out
}

// chooseMethod returns the method of a request to path: -X (flag) when
// given, else the spec's only method for the path, else GET when the path
// has it. POST is never guessed for a path that has other methods, and
// legacy private paths are POST only. Unless noValidate, a method the
// spec does not have for a known path is refused with the ones it has.
func chooseMethod(path, flag string, legacy, noValidate bool) (string, error) {
	methods := specMethods(path)
	method := strings.ToUpper(flag)
	switch {
	case method != "" && !slices.Contains(apiMethods, method):
		return "", fmt.Errorf("-X %s: the method must be GET, POST or DELETE", flag)
	case legacy && method != "" && method != http.MethodPost:
		return "", fmt.Errorf("-X %s: legacy API 1.0 path %s takes POST only", flag, path)
	case legacy:
		return http.MethodPost, nil
	case method != "":
		if len(methods) > 0 && !slices.Contains(methods, method) && !noValidate {
			return "", fmt.Errorf("-X %s: the spec has no %s %s; %s (--no-validate sends it anyway)", flag, method, path, methodsHint(path, methods))
		}
		return method, nil
	case len(methods) == 1:
		return methods[0], nil
	case len(methods) == 0 || slices.Contains(methods, http.MethodGet):
		return http.MethodGet, nil
	}
	return "", fmt.Errorf("%s: %s; choose one with -X", path, methodsHint(path, methods))
}

// methodsHint says which methods the spec has for path, e.g.
// "/v1/orders takes GET or POST".
func methodsHint(path string, methods []string) string {
	return path + " takes " + orList(methods)
}

// orList joins words as "a", "a or b", "a, b or c".
func orList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// pathHint is the hint for a path the spec does not have: the nearest
// paths it does have, with their methods.
func pathHint(path string) string {
	type candidate struct {
		path     string
		methods  []string
		distance int
	}
	byPath := map[string]*candidate{}
	var all []*candidate
	for _, e := range catalog.Default().Endpoints() {
		c := byPath[e.Path]
		if c == nil {
			c = &candidate{path: e.Path, distance: levenshtein(path, e.Path)}
			byPath[e.Path] = c
			all = append(all, c)
		}
		c.methods = append(c.methods, e.Method)
	}
	slices.SortFunc(all, func(a, b *candidate) int {
		return cmp.Or(cmp.Compare(a.distance, b.distance), cmp.Compare(a.path, b.path))
	})
	var near []string
	for _, c := range all[:min(3, len(all))] {
		slices.SortFunc(c.methods, func(a, b string) int { return slices.Index(apiMethods, a) - slices.Index(apiMethods, b) })
		near = append(near, strings.Join(c.methods, "|")+" "+c.path)
	}
	return path + " is not a path of the spec; the nearest are " + strings.Join(near, ", ")
}

// levenshtein is the edit distance between a and b, in bytes.
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// notFoundHint returns the hint for a 404 answer to method and path when
// the spec does not have them ("" when it does: then the 404 is about the
// thing asked for, such as an order).
func notFoundHint(method, path string) string {
	methods := specMethods(path)
	switch {
	case len(methods) == 0 && !isLegacyPrivate(path):
		return pathHint(path)
	case len(methods) > 0 && !slices.Contains(methods, method):
		return "the spec has no " + method + " " + path + "; " + methodsHint(path, methods)
	}
	return ""
}

// checkFields refuses, before sending, a request to a path the spec does
// not have and fields the spec does not name for req's operation,
// naming the names that it knows. A request that breaks a rule of the
// spec passes: the client refuses it with an error naming the field.
// bodyFromInput says that the body came from --input, which the error
// then names instead of -f.
func checkFields(req bithumb.RawRequest, bodyFromInput bool) error {
	query := url.Values{}
	for _, p := range req.Query {
		query.Add(p.Key, p.Value)
	}
	vreq := validation.Request{Method: req.Method, Path: req.Path, Query: query}
	switch {
	case req.JSONBody != nil:
		vreq.ContentType, vreq.Body = validation.JSON, req.JSONBody
	case req.Form != nil:
		form := url.Values{}
		for _, p := range req.Form {
			form.Add(p.Key, p.Value)
		}
		vreq.ContentType, vreq.Body = validation.Form, []byte(form.Encode())
	}
	op, _, known := validation.Lookup(req.Method, req.Path)
	if !known {
		return fmt.Errorf("%s (--no-validate sends it anyway)", pathHint(req.Path))
	}
	var unknown []string
	if rep, err := validation.Check(vreq); err == nil {
		unknown = rep.Unknown
	} else {
		// A rule is broken, perhaps because of a misspelt name: name
		// the unknown fields first, if there are any.
		unknown = unknownFields(op, req)
	}
	if len(unknown) == 0 {
		return nil // a broken rule is left to the client, which names the field
	}
	name := unknown[0]
	_, inQuery := query[name]
	what, names, source := "field", bodyFieldNames(op, name), "-f "+name
	switch {
	case inQuery:
		what, names = "query parameter", queryNames(op)
	case bodyFromInput:
		source = "--input"
	}
	knows := "it has none"
	if len(names) > 0 {
		knows = "it knows " + strings.Join(names, ", ")
	}
	return fmt.Errorf("%s: %s %s has no %s %q; %s (--no-validate sends it anyway)", source, req.Method, op.Path, what, name, knows)
}

// unknownFields returns the query parameters and the top-level form or
// JSON body fields of req that op does not name, in order.
func unknownFields(op *validation.Operation, req bithumb.RawRequest) []string {
	var out []string
	for _, p := range req.Query {
		if q := op.Param(p.Key); q == nil || q.In != validation.InQuery {
			out = append(out, p.Key)
		}
	}
	var body []string
	for _, p := range req.Form {
		body = append(body, p.Key)
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(req.JSONBody, &members) == nil {
		for _, k := range slices.Sorted(maps.Keys(members)) {
			body = append(body, k)
		}
	}
	for _, k := range body {
		if op.Body == nil || op.Body.Schema.Property(k) == nil {
			out = append(out, k)
		}
	}
	return out
}

// queryNames lists op's query parameters.
func queryNames(op *validation.Operation) []string {
	var names []string
	for _, p := range op.Params {
		if p.In == validation.InQuery {
			names = append(names, p.Name)
		}
	}
	return names
}

// indexRE matches the array indexes of a field name, e.g. "[3]".
var indexRE = regexp.MustCompile(`\[\d+\]`)

// bodyFieldNames lists the names of the object that holds the body field
// name, e.g. "batch_orders[0].extra": the fields of a batch's orders.
func bodyFieldNames(op *validation.Operation, name string) []string {
	if op.Body == nil {
		return nil
	}
	s := op.Body.Schema
	parts := strings.Split(indexRE.ReplaceAllString(name, ""), ".")
	for _, part := range parts[:len(parts)-1] {
		s = s.Property(part)
		for s != nil && s.Items != nil {
			s = s.Items
		}
	}
	if s == nil {
		return nil
	}
	names := make([]string, 0, len(s.Properties))
	for _, p := range s.Properties {
		names = append(names, p.Name)
	}
	return names
}
