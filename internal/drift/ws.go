package drift

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// wsExtension is the schema extension that marks the schema of a
// WebSocket message: {type: ticker|trade|orderbook|myOrder|myAsset|status|error,
// format: DEFAULT|SIMPLE}.
const wsExtension = "x-bithumb-ws-message"

// WSSchema returns the name and schema of the component schema of doc
// whose x-bithumb-ws-message names the message type typ in format
// (DEFAULT or SIMPLE; case is ignored, and a schema without a format is
// DEFAULT). ok is false when the spec has none. When several match, the
// first by name wins.
func WSSchema(doc *openapi3.T, typ, format string) (name string, schema *openapi3.Schema, ok bool) {
	if doc == nil || doc.Components == nil {
		return "", nil, false
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ref := doc.Components.Schemas[n]
		if ref == nil || ref.Value == nil {
			continue
		}
		ext, _ := ref.Value.Extensions[wsExtension].(map[string]any)
		t, _ := ext["type"].(string)
		f, _ := ext["format"].(string)
		if f == "" {
			f = "DEFAULT"
		}
		if t != "" && strings.EqualFold(t, typ) && strings.EqualFold(f, format) {
			return n, ref.Value, true
		}
	}
	return "", nil, false
}

// CheckFrames checks the messages frames of one stream, of message type
// typ in format, against their schema (WSSchema). Without a schema in
// the spec the result says "no schema" and has no finding; that is not
// drift. Findings of several frames at the same path and of the same
// kind are reported once, with how many frames had them.
func CheckFrames(doc *openapi3.T, typ, format string, frames [][]byte) Result {
	r := Result{Name: "ws " + typ + " " + strings.ToUpper(format), Frames: len(frames)}
	name, schema, ok := WSSchema(doc, typ, format)
	switch {
	case !ok:
		r.Note = "no schema: the spec has no " + wsExtension + " schema for " + typ + " " + strings.ToUpper(format)
		return r
	case len(frames) == 0:
		r.Note = "no message arrived in time (schema " + name + ")"
		return r
	}
	r.Checked = true
	seen := map[string]int{}
	var order []Finding
	for _, frame := range frames {
		for _, f := range CheckBody(schema, frame) {
			key := string(f.Kind) + " " + f.Path
			if seen[key] == 0 {
				order = append(order, f)
			}
			seen[key]++
		}
	}
	for _, f := range order {
		if n := seen[string(f.Kind)+" "+f.Path]; n > 1 {
			f.Detail = fmt.Sprintf("%s (in %d of %d messages)", f.Detail, n, len(frames))
		}
		r.Findings = append(r.Findings, f)
	}
	return r
}

// CheckConnection reports what one WebSocket connection named name
// skipped: undecodable messages that the client could not decode
// (breaking: a program never sees them) and unknown messages of a type it
// does not know (additive: a new message type). ok is false when it
// skipped none.
func CheckConnection(name string, undecodable, unknown uint64) (r Result, ok bool) {
	r = Result{Name: name, Checked: true}
	if undecodable > 0 {
		r.Findings = append(r.Findings, finding(Undecodable, "$", fmt.Sprintf("%d message(s) the client could not decode and skipped", undecodable)))
	}
	if unknown > 0 {
		r.Findings = append(r.Findings, finding(NewEnumValue, "$.type", fmt.Sprintf("%d message(s) of a type the client does not know", unknown)))
	}
	return r, len(r.Findings) > 0
}
