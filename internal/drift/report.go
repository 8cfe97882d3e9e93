package drift

import (
	"fmt"
	"io"
	"strings"
)

// Report is the outcome of a live check, written as drift.json (this
// struct) and drift.md (Markdown).
type Report struct {
	// Target is the REST base URL that was checked.
	Target string `json:"target"`
	// SpecVersion is info.version of the spec checked against.
	SpecVersion string `json:"spec_version"`
	// Skipped, when set, says why nothing was checked ("no network").
	Skipped string `json:"skipped,omitempty"`
	// Breaking and Additive count the findings of each class.
	Breaking int `json:"breaking"`
	Additive int `json:"additive"`
	// Checked counts the answers and streams compared with the spec.
	Checked   int      `json:"checked"`
	REST      []Result `json:"rest"`
	WebSocket []Result `json:"websocket"`
}

// Tally sets Breaking, Additive and Checked from the results.
func (r *Report) Tally() {
	r.Breaking, r.Additive, r.Checked = 0, 0, 0
	for _, res := range append(append([]Result{}, r.REST...), r.WebSocket...) {
		if res.Checked {
			r.Checked++
		}
		b := countBreaking(res.Findings)
		r.Breaking += b
		r.Additive += len(res.Findings) - b
	}
}

// HasBreaking reports whether any finding is breaking.
func (r *Report) HasBreaking() bool {
	r.Tally()
	return r.Breaking > 0
}

// Markdown writes the report as Markdown: a summary, the breaking and
// the additive findings as tables, then one line per call or stream.
func (r *Report) Markdown(w io.Writer) error {
	r.Tally()
	var b strings.Builder
	fmt.Fprintf(&b, "# Spec drift report\n\n")
	fmt.Fprintf(&b, "Target %s, spec version %s.\n\n", r.Target, r.SpecVersion)
	if r.Skipped != "" {
		fmt.Fprintf(&b, "skipped: %s\n", r.Skipped)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "**%d breaking, %d additive** finding(s) in %d checked answer(s) and stream(s).\n", r.Breaking, r.Additive, r.Checked)
	for _, class := range []struct {
		title    string
		breaking bool
	}{{"Breaking", true}, {"Additive", false}} {
		var rows []string
		for _, res := range append(append([]Result{}, r.REST...), r.WebSocket...) {
			for _, f := range res.Findings {
				if f.Breaking == class.breaking {
					rows = append(rows, fmt.Sprintf("| %s | %s | `%s` | %s |", cell(res.Name), f.Kind, cell(f.Path), cell(f.Detail)))
				}
			}
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n| Where | Kind | Path | Detail |\n|---|---|---|---|\n%s\n", class.title, strings.Join(rows, "\n"))
	}
	for _, part := range []struct {
		title   string
		results []Result
	}{{"REST", r.REST}, {"WebSocket", r.WebSocket}} {
		if len(part.results) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n", part.title)
		for _, res := range part.results {
			fmt.Fprintf(&b, "- %s\n", cell(resultLine(res)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// resultLine is one line of the per-call list.
func resultLine(res Result) string {
	s := res.Name
	if res.Request != "" {
		s += " (" + res.Request + ")"
	}
	var parts []string
	if res.Status != 0 {
		parts = append(parts, fmt.Sprintf("HTTP %d", res.Status))
	}
	if res.Frames != 0 {
		parts = append(parts, fmt.Sprintf("%d message(s)", res.Frames))
	}
	switch b := countBreaking(res.Findings); {
	case !res.Checked:
	case len(res.Findings) == 0:
		parts = append(parts, "matches the spec")
	default:
		parts = append(parts, fmt.Sprintf("%d breaking, %d additive", b, len(res.Findings)-b))
	}
	if res.Note != "" {
		parts = append(parts, res.Note)
	}
	return s + ": " + strings.Join(parts, "; ")
}

// cell makes s safe in a Markdown table cell or list item.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}
