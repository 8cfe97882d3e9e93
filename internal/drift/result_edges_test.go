package drift

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb"
)

// TestCheckRESTNotes: a Doer that returns neither an answer nor an error
// gives "no answer: no response"; an error answer is checked and noted
// with the error.
func TestCheckRESTNotes(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: a
      x-bithumb-retry: safe
      responses: {"400": {description: bad, content: {application/json: {schema: {type: object}}}}}
`
	loaded, err := openapi3.NewLoader().LoadFromData([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	calls := []Call{{OperationID: "a", Method: http.MethodGet, Template: "/a", Path: "/a"}}
	silent := &fakeDoer{answer: func(bithumb.RawRequest) (*bithumb.RawResponse, error) { return nil, nil }}
	if got := CheckREST(context.Background(), loaded, silent, calls, nil); len(got) != 1 || got[0].Note != "no answer: no response" || got[0].Checked {
		t.Errorf("no answer, no error: %+v", got)
	}
	apiErr := &bithumb.APIError{StatusCode: 400, Name: "invalid_parameter", Message: "bad"}
	refusing := &fakeDoer{answer: func(bithumb.RawRequest) (*bithumb.RawResponse, error) {
		return &bithumb.RawResponse{StatusCode: 400, Body: []byte(`{}`)}, apiErr
	}}
	if got := CheckREST(context.Background(), loaded, refusing, calls, nil); len(got) != 1 || got[0].Note != "error answer: "+apiErr.Error() || !got[0].Checked || got[0].Status != 400 || len(got[0].Findings) != 0 {
		t.Errorf("error answer: %+v", got)
	}
	if got := errText(errors.New("refused")); got != "refused" {
		t.Errorf("errText = %q", got)
	}
}

// TestCheckResponseEdges: an empty body is not walked; a 404 body of
// exactly MaxBodyBytes is still read for the gateway's not_found, one
// byte more is not.
func TestCheckResponseEdges(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: a
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
        "404": {description: gone, content: {application/json: {schema: {type: object}}}}
`
	loaded, err := openapi3.NewLoader().LoadFromData([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	op := loaded.Paths.Value("/a").Get
	if got := CheckResponse(op, 200, nil); len(got) != 0 {
		t.Errorf("empty body: %+v", got)
	}
	head := `{"name":"not_found","message":"`
	body := []byte(head + strings.Repeat("x", MaxBodyBytes-len(head)-2) + `"}`)
	if got := CheckResponse(op, 404, body); len(got) != 1 || got[0].Kind != RouteGone {
		t.Errorf("not_found of MaxBodyBytes: %+v, want route-gone", got)
	}
	body = []byte(head + strings.Repeat("x", MaxBodyBytes-len(head)-1) + `"}`)
	if gatewayNotFound(body) {
		t.Error("a body over MaxBodyBytes was read")
	}
}

// closeRecorder is a request body that records being closed.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// TestTransportRefuses: a refused request never reaches Next, and its
// body, when it has one, is closed.
func TestTransportRefuses(t *testing.T) {
	next := roundTripFunc(func(*http.Request) (*http.Response, error) {
		t.Error("a refused request reached the network")
		return nil, errors.New("sent")
	})
	tr := Transport{Guard: NewGuard(nil), Next: next}
	body := &closeRecorder{Reader: strings.NewReader("{}")}
	req, err := http.NewRequest(http.MethodPost, "https://api.bithumb.com/v2/orders", body)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.RoundTrip(req); err == nil || !body.closed {
		t.Errorf("err %v, body closed %v", err, body.closed)
	}
	req, err = http.NewRequest(http.MethodDelete, "https://api.bithumb.com/v2/order", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.RoundTrip(req); err == nil {
		t.Error("a DELETE without body was sent")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestReportTally: Checked counts the checked results, HasBreaking is
// false with additive findings only, each finding lands in its class's
// table, and a result's line counts its findings of each class.
func TestReportTally(t *testing.T) {
	r := &Report{
		REST: []Result{
			{Name: "a", Checked: true, Findings: []Finding{finding(NewField, "$.x", "new"), finding(NewEnumValue, "$.y", "enum")}},
			{Name: "b", Note: "skipped: needs API keys"},
		},
		WebSocket: []Result{{Name: "ws ticker DEFAULT", Checked: true, Frames: 2}},
	}
	if r.HasBreaking() || r.Checked != 2 || r.Additive != 2 || r.Breaking != 0 {
		t.Errorf("tally %+v, want 2 checked, 2 additive, nothing breaking", r)
	}
	r.REST[0].Findings = append(r.REST[0].Findings, finding(MissingField, "$.z", "gone"))
	var b bytes.Buffer
	if err := r.Markdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	breaking, additive, _ := strings.Cut(md, "## Additive")
	if !strings.Contains(breaking, "| a | missing-field | `$.z` |") || strings.Contains(breaking, "new-field") ||
		!strings.Contains(additive, "| a | new-field | `$.x` |") || strings.Contains(additive, "missing-field") {
		t.Errorf("findings in the wrong table:\n%s", md)
	}
	for _, want := range []string{"in 2 checked", "- a: 1 breaking, 2 additive", "- ws ticker DEFAULT: 2 message(s); matches the spec"} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in\n%s", want, md)
		}
	}
}

// TestCheckConnection: a connection that skipped nothing has no finding;
// undecodable messages are breaking, unknown ones additive.
func TestCheckConnection(t *testing.T) {
	for _, c := range []struct {
		undecodable, unknown uint64
		want                 string
	}{
		{0, 0, ""},
		{1, 0, "undecodable $"},
		{0, 1, "new-enum-value $.type"},
		{2, 3, "undecodable $; new-enum-value $.type"},
	} {
		r, ok := CheckConnection("ws", c.undecodable, c.unknown)
		var kinds []string
		for _, f := range r.Findings {
			kinds = append(kinds, string(f.Kind)+" "+f.Path)
		}
		if got := strings.Join(kinds, "; "); got != c.want || ok != (c.want != "") || !r.Checked {
			t.Errorf("CheckConnection(%d, %d) = %+v, %v, want %q", c.undecodable, c.unknown, r, ok, c.want)
		}
	}
}
