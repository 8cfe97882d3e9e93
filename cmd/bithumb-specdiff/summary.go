package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/oasdiff/oasdiff/diff"
)

// Side says which of the two documents has something the other lacks.
type Side string

// The two sides of a comparison: the base document (ours, the first
// argument) and the other one (the second argument).
const (
	OnlyInBase  Side = "base"
	OnlyInOther Side = "other"
)

// Difference is one thing that the two documents disagree on.
type Difference struct {
	// Kind is operation, parameter, status, field or type.
	Kind string `json:"kind"`
	// Operation is "METHOD /path": every difference belongs to one.
	Operation string `json:"operation"`
	// Where names the place inside the operation: "query uuids[]",
	// "response 200: trades[].trend", "request body: volume". Empty for
	// a whole operation.
	Where string `json:"where,omitempty"`
	// Only says which document has it; empty for a type difference.
	Only Side `json:"only,omitempty"`
	// Base and Other are the types on each side of a type difference.
	Base  string `json:"base,omitempty"`
	Other string `json:"other,omitempty"`
}

// String renders the difference as one line of the text report.
func (d Difference) String() string {
	where := d.Operation
	if d.Where != "" {
		where += " " + d.Where
	}
	if d.Kind == "type" {
		return fmt.Sprintf("type      %s: %s in base, %s in other", where, d.Base, d.Other)
	}
	return fmt.Sprintf("%-9s %s: only in %s", d.Kind, where, d.Only)
}

// summarise turns oasdiff's change tree into the differences a reader of
// an exchange API cares about: operations, parameters, response statuses
// and body fields that one document has and the other lacks, and type
// differences. Descriptions, examples and extensions are left out.
func summarise(d *diff.Diff) []Difference {
	var out []Difference
	if d == nil || d.EndpointsDiff == nil {
		return out
	}
	ed := d.EndpointsDiff
	for _, e := range ed.Deleted {
		out = append(out, Difference{Kind: "operation", Operation: e.Method + " " + e.Path, Only: OnlyInBase})
	}
	for _, e := range ed.Added {
		out = append(out, Difference{Kind: "operation", Operation: e.Method + " " + e.Path, Only: OnlyInOther})
	}
	for e, md := range ed.Modified {
		w := walker{op: e.Method + " " + e.Path}
		w.method(md)
		out = append(out, w.out...)
	}
	slices.SortFunc(out, func(a, b Difference) int {
		return cmp.Or(
			cmp.Compare(pathOf(a.Operation), pathOf(b.Operation)),
			cmp.Compare(a.Operation, b.Operation),
			cmp.Compare(a.Where, b.Where),
			cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Only, b.Only))
	})
	return out
}

// pathOf is the path of "METHOD /path", so that a path's operations sort
// together.
func pathOf(op string) string {
	_, path, _ := strings.Cut(op, " ")
	return path
}

// walker collects the differences inside one operation.
type walker struct {
	op  string
	out []Difference
}

func (w *walker) add(kind, where string, only Side) {
	w.out = append(w.out, Difference{Kind: kind, Operation: w.op, Where: where, Only: only})
}

func (w *walker) method(md *diff.MethodDiff) {
	if md == nil {
		return
	}
	if pd := md.ParametersDiff; pd != nil {
		for loc, names := range pd.Deleted {
			for _, n := range names {
				w.add("parameter", loc+" "+n, OnlyInBase)
			}
		}
		for loc, names := range pd.Added {
			for _, n := range names {
				w.add("parameter", loc+" "+n, OnlyInOther)
			}
		}
		for loc, params := range pd.Modified {
			for n, p := range params {
				if p != nil {
					w.schema(loc+" "+n, p.SchemaDiff)
				}
			}
		}
	}
	if rb := md.RequestBodyDiff; rb != nil {
		switch {
		case rb.Deleted:
			w.add("field", "request body", OnlyInBase)
		case rb.Added:
			w.add("field", "request body", OnlyInOther)
		default:
			w.content("request body", rb.ContentDiff)
		}
	}
	if rd := md.ResponsesDiff; rd != nil {
		for _, s := range rd.Deleted {
			w.add("status", "response "+s, OnlyInBase)
		}
		for _, s := range rd.Added {
			w.add("status", "response "+s, OnlyInOther)
		}
		for s, r := range rd.Modified {
			if r != nil {
				w.content("response "+s, r.ContentDiff)
			}
		}
	}
}

// content walks the schemas of the media types both sides have. A media
// type that only one side has is not a field difference; it is left out.
func (w *walker) content(where string, cd *diff.ContentDiff) {
	if cd == nil {
		return
	}
	for _, mt := range cd.MediaTypeModified {
		if mt != nil {
			w.schema(where+":", mt.SchemaDiff)
		}
	}
}

// schema walks one schema's difference. where ends in ":" at the top of
// a body, so that fields read "response 200: trades[].trend".
func (w *walker) schema(where string, sd *diff.SchemaDiff) {
	if sd == nil {
		return
	}
	if t := typeChange(sd); t != nil {
		base, other := t[0], t[1]
		w.out = append(w.out, Difference{Kind: "type", Operation: w.op, Where: strings.TrimSuffix(where, ":"), Base: base, Other: other})
	}
	if pd := sd.PropertiesDiff; pd != nil {
		for _, n := range pd.Deleted {
			w.add("field", join(where, n), OnlyInBase)
		}
		for _, n := range pd.Added {
			w.add("field", join(where, n), OnlyInOther)
		}
		for n, p := range pd.Modified {
			w.schema(join(where, n), p)
		}
	}
	if sd.ItemsDiff != nil {
		w.schema(items(where), sd.ItemsDiff)
	}
	for _, sub := range []*diff.SubschemasDiff{sd.AllOfDiff, sd.OneOfDiff, sd.AnyOfDiff} {
		if sub == nil {
			continue
		}
		for _, m := range sub.Modified {
			if m != nil {
				w.schema(where, m.Diff)
			}
		}
	}
}

// items is the place of an array's elements: "response 200: []" for a
// body that is an array, "response 200: trades[]" for a field.
func items(where string) string {
	if strings.HasSuffix(where, ":") {
		return where + " []"
	}
	return where + "[]"
}

// join appends a field name to a place: "response 200:" + "trades" is
// "response 200: trades", "response 200: trades[]" + "trend" is
// "response 200: trades[].trend".
func join(where, name string) string {
	if strings.HasSuffix(where, ":") {
		return where + " " + name
	}
	return where + "." + name
}

// typeChange reports a schema's type on each side when they differ. A
// change only in nullability (OpenAPI 3.0's nullable: true against 3.1's
// "null" in the type list) is not a type difference.
func typeChange(sd *diff.SchemaDiff) *[2]string {
	td := sd.TypeDiff
	if td == nil {
		return nil
	}
	deleted := withoutNull(td.Deleted)
	added := withoutNull(td.Added)
	if len(deleted) == 0 && len(added) == 0 {
		return nil
	}
	return &[2]string{typeList(deleted), typeList(added)}
}

func withoutNull(types []string) []string {
	return slices.DeleteFunc(slices.Clone(types), func(t string) bool { return t == "null" })
}

func typeList(types []string) string {
	if len(types) == 0 {
		return "(none)"
	}
	return strings.Join(types, "|")
}
