package drift

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ReadOnly reports whether a live check may send op, an operation with
// method: a GET whose x-bithumb-retry is safe, or an operation of any
// method marked x-bithumb-read-only: true. x-bithumb-retry: safe alone
// does not make a POST or DELETE read-only: cancels are safe to re-send,
// and so is creating a deposit address, which changes state.
func ReadOnly(method string, op *openapi3.Operation) bool {
	if op == nil {
		return false
	}
	if method == http.MethodGet {
		retry, _ := op.Extensions["x-bithumb-retry"].(string)
		return retry == "safe"
	}
	mark, _ := op.Extensions["x-bithumb-read-only"].(bool)
	return mark
}

// Guard decides which requests the transport of a live check lets
// through: every GET, and a request of another method only when its path
// is one of the spec's and the operation of that method there is marked
// x-bithumb-read-only. It is derived from the spec, so that marking an
// operation is all it takes, and nothing else can be sent, even if a bug
// put a placement or a cancel into the plan.
type Guard struct {
	// routes are the spec's path templates, split at "/", each with the
	// methods of its read-only operations other than GET.
	routes []guardRoute
}

type guardRoute struct {
	segments []string
	methods  []string
}

// NewGuard returns the Guard of doc.
func NewGuard(doc *openapi3.T) *Guard {
	g := &Guard{}
	if doc == nil || doc.Paths == nil {
		return g
	}
	for tmpl, item := range doc.Paths.Map() {
		r := guardRoute{segments: strings.Split(tmpl, "/")}
		for method, op := range item.Operations() {
			if method != http.MethodGet && ReadOnly(method, op) {
				r.methods = append(r.methods, method)
			}
		}
		g.routes = append(g.routes, r)
	}
	return g
}

// Allows reports whether a request with method and URL path may be sent.
// A request other than a GET needs a template of the spec that matches
// its path, and every template that matches it must mark the operation of
// that method read-only, so that a path two templates share is refused
// unless both agree. A nil Guard allows GETs only.
func (g *Guard) Allows(method, path string) bool {
	if method == http.MethodGet {
		return true
	}
	if g == nil {
		return false
	}
	segments := strings.Split(path, "/")
	matched := false
	for _, r := range g.routes {
		if !r.match(segments) {
			continue
		}
		if !slices.Contains(r.methods, method) {
			return false
		}
		matched = true
	}
	return matched
}

// match reports whether a path, split at "/", fits the template: the same
// number of segments, each equal or a {parameter} standing for a
// non-empty one.
func (r guardRoute) match(segments []string) bool {
	if len(segments) != len(r.segments) {
		return false
	}
	for i, s := range r.segments {
		if param(s) {
			if segments[i] == "" {
				return false
			}
		} else if s != segments[i] {
			return false
		}
	}
	return true
}

func param(segment string) bool {
	return strings.HasPrefix(segment, "{") && strings.HasSuffix(segment, "}")
}

// Transport is the transport of a live check, its last guard: it sends a
// request through Next when Guard allows its method and path (every GET,
// and the operations the spec marks x-bithumb-read-only), and refuses
// anything else before the network, so that the check cannot place,
// cancel or withdraw even if a bug put such an operation in its plan.
type Transport struct {
	Guard *Guard
	Next  http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.Guard.Allows(req.Method, req.URL.Path) {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("the live check sends GETs and the operations the spec marks x-bithumb-read-only, not %s %s", req.Method, req.URL.Path)
	}
	return t.Next.RoundTrip(req)
}
