package drift

// Kind is the kind of a finding.
type Kind string

// The kinds of finding; see the package documentation for which are
// breaking.
const (
	NewField         Kind = "new-field"
	NewEnumValue     Kind = "new-enum-value"
	MissingField     Kind = "missing-field"
	TypeChange       Kind = "type-change"
	UnexpectedStatus Kind = "unexpected-status"
	RouteGone        Kind = "route-gone"
	Undecodable      Kind = "undecodable"
)

// Breaking reports whether a finding of kind k can break a client: every
// kind but NewField and NewEnumValue.
func (k Kind) Breaking() bool { return k != NewField && k != NewEnumValue }

// Finding is one difference between an answer and the spec.
type Finding struct {
	Kind Kind `json:"kind"`
	// Breaking is Kind.Breaking(), spelled out for readers of the JSON
	// report.
	Breaking bool `json:"breaking"`
	// Path is the JSON path of the value concerned: $ for the whole
	// body, $.trades[0].price for a field of an element.
	Path string `json:"path"`
	// Detail says what was expected and what came.
	Detail string `json:"detail"`
}

func finding(k Kind, path, detail string) Finding {
	return Finding{Kind: k, Breaking: k.Breaking(), Path: path, Detail: detail}
}

// countBreaking returns how many of fs are breaking.
func countBreaking(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Breaking {
			n++
		}
	}
	return n
}
