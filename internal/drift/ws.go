package drift

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/spec"
)

// CheckFrames checks the messages frames of one stream, of message type
// typ in format (DEFAULT or SIMPLE), against the schema that package
// spec finds for them on the stream's current endpoint (spec.WSMessages,
// spec.FindWSMessage: the x-bithumb-ws-message extension). Without a
// schema in the spec the result says "no schema" and has no finding;
// that is not drift. Findings of several frames at the same path and of the same
// kind are reported once, with how many frames had them.
func CheckFrames(doc *openapi3.T, typ, format string, frames [][]byte) Result {
	format = strings.ToUpper(format)
	r := Result{Name: "ws " + typ + " " + format, Frames: len(frames)}
	msgs, err := spec.WSMessages(doc)
	if err != nil {
		r.Note = err.Error()
		return r
	}
	m, ok := spec.FindWSMessage(msgs, typ, format, "")
	switch {
	case !ok:
		r.Note = "no schema: the spec has no x-bithumb-ws-message schema for " + typ + " " + format
		return r
	case len(frames) == 0:
		r.Note = "no message arrived in time (schema " + m.Name + ")"
		return r
	}
	r.Checked = true
	seen := map[string]int{}
	var order []Finding
	for _, frame := range frames {
		for _, f := range CheckBody(m.Schema, frame) {
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
