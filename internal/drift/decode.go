package drift

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/bithumb-go/bithumb/gen"
)

// TypedDecoder returns a function that decodes a body of the operation
// operationID answered with status into the generated Go type of that
// answer, with encoding/json, as the client does: the root package's
// types are generated from the same spec with the same fields and JSON
// tags, and its hand-written decoders produce what encoding/json does.
// Unknown fields are allowed, as in the client: the
// schema walk reports them. For an answer that is one of several types
// (a quotation answer: the data or an error), the body must decode into
// one of them.
//
// The type is found in package gen by name, so that no list is kept by
// hand: <OperationID>WithResponse of gen.ClientWithResponses (the
// operation id with gen's initialisms, e.g. ListTWAPOrdersWithResponse
// for listTwapOrders) returns a struct whose field JSON<status> points
// at the answer's type. ok is false when gen has no such method or
// field.
func TypedDecoder(operationID string, status int) (decode func(body []byte) error, ok bool) {
	if operationID == "" {
		return nil, false
	}
	m, ok := responseMethod(operationID)
	if !ok || m.Type.NumOut() == 0 || m.Type.Out(0).Kind() != reflect.Pointer || m.Type.Out(0).Elem().Kind() != reflect.Struct {
		return nil, false
	}
	field, ok := m.Type.Out(0).Elem().FieldByName(fmt.Sprintf("JSON%d", status))
	if !ok || field.Type.Kind() != reflect.Pointer {
		return nil, false
	}
	types := unionBranches(field.Type.Elem())
	return func(body []byte) error {
		var errs []error
		for _, t := range types {
			err := decodeAs(t, body)
			if err == nil {
				return nil
			}
			errs = append(errs, err)
		}
		return errs[0] // the data branch's error says most
	}, true
}

// responseMethod finds the method of gen.ClientWithResponses that calls
// operationID: its name is the id, capitalised, with initialisms in upper
// case, then WithResponse; so it equals id+"WithResponse" but for case.
// An operation whose body is not JSON (a legacy form POST) has only the
// id+"WithBodyWithResponse" method, whose result type is the same.
func responseMethod(operationID string) (reflect.Method, bool) {
	t := reflect.TypeFor[*gen.ClientWithResponses]()
	for _, name := range []string{operationID + "WithResponse", operationID + "WithBodyWithResponse"} {
		for i := range t.NumMethod() {
			if m := t.Method(i); strings.EqualFold(m.Name, name) {
				return m, true
			}
		}
	}
	return reflect.Method{}, false
}

// unionBranches returns the types that a value of t may hold: for a
// generated union (a struct with As<Branch>() methods) the result types
// of those methods, in method order with the data branch (…0) first;
// otherwise t itself.
func unionBranches(t reflect.Type) []reflect.Type {
	var out []reflect.Type
	for i := range t.NumMethod() {
		m := t.Method(i)
		if strings.HasPrefix(m.Name, "As") && m.Type.NumIn() == 1 && m.Type.NumOut() == 2 {
			out = append(out, m.Type.Out(0))
		}
	}
	if len(out) == 0 {
		return []reflect.Type{t}
	}
	for i, b := range out { // data first: the error branch is not what the check expects
		if !strings.Contains(b.Name(), "Error") {
			out[0], out[i] = out[i], out[0]
			break
		}
	}
	return out
}

// decodeAs decodes body into a new value of type t.
func decodeAs(t reflect.Type, body []byte) error {
	v := reflect.New(t)
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v.Interface()); err != nil {
		return fmt.Errorf("does not decode into %s: %v", t, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("does not decode into %s: data after the JSON value", t)
	}
	return nil
}
