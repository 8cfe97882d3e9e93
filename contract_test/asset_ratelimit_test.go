package contract_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb"
)

// assetRule is one entry of x-bithumb-asset-rate-limits.
type assetRule struct {
	PerSecond   float64  `json:"per-second"`
	Scope       string   `json:"scope"`
	Categories  []string `json:"categories"`
	Description string   `json:"description"`
	Doc         struct {
		Title   string `json:"title"`
		URL     string `json:"url"`
		Updated string `json:"updated"`
	} `json:"doc"`
}

// assetSource is an operation's x-bithumb-asset.
type assetSource struct {
	In            string `json:"in"`
	Items         string `json:"items"`
	Market        string `json:"market"`
	OrderID       string `json:"order-id"`
	ClientOrderID string `json:"client-order-id"`
	AnswerItems   string `json:"answer-items"`
	AnswerID      string `json:"answer-id"`
}

// TestPerAssetRule: the spec carries Bithumb's per-asset rule (rate-limit
// page, updated 2026-10-27: more than about 20 orders or cancels per second
// on one asset may be restricted) over the order, cancel and batch
// categories, documents both extensions, and every operation of those
// categories names fields its request really has.
func TestPerAssetRule(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	for _, ext := range []string{"`x-bithumb-asset-rate-limits`", "`x-bithumb-asset`"} {
		if !strings.Contains(doc.Info.Description, ext) {
			t.Errorf("info.description does not document %s", ext)
		}
	}
	var rules map[string]assetRule
	if ok, err := extension(doc.Extensions, "x-bithumb-asset-rate-limits", &rules); !ok || err != nil {
		t.Fatalf("x-bithumb-asset-rate-limits: present=%v, err=%v", ok, err)
	}
	r, ok := rules["asset-orders"]
	if !ok || r.PerSecond != 20 || r.Scope != "ip-asset" {
		t.Fatalf("asset-orders = %+v, want 20 per second per IP and asset", r)
	}
	if r.Doc.URL != "https://apidocs.bithumb.com/docs/api-요청-수-제한-안내" || r.Doc.Updated != "2026-10-27" {
		t.Errorf("asset-orders rests on %+v, want the rate-limit page of 2026-10-27", r.Doc)
	}
	covered := map[string]bool{}
	for _, c := range r.Categories {
		covered[c] = true
	}
	for _, c := range []string{"private-order", "private-cancel", "bulk"} {
		if !covered[c] {
			t.Errorf("asset-orders does not cover %s", c)
		}
	}
	n := 0
	for _, o := range operations(doc) {
		var category string
		if _, err := extension(o.Op.Extensions, "x-bithumb-rate-limit", &category); err != nil || !covered[category] {
			continue
		}
		n++
		var src assetSource
		if ok, err := extension(o.Op.Extensions, "x-bithumb-asset", &src); !ok || err != nil {
			t.Errorf("%s (%s): x-bithumb-asset present=%v, err=%v", o.name(), category, ok, err)
			continue
		}
		for _, f := range []string{src.Market, src.OrderID, src.ClientOrderID} {
			if f != "" && !requestHasField(o.Op, src, f) {
				t.Errorf("%s: x-bithumb-asset names %s, which its request (%s) does not have", o.name(), f, src.In)
			}
		}
		var retry string
		extension(o.Op.Extensions, "x-bithumb-retry", &retry)
		if retry != "safe" && src.AnswerID == "" {
			t.Errorf("%s: a placement without answer-id: a cancel by the id it answers would name no asset", o.name())
		}
		if src.AnswerID != "" && !answerHasField(o.Op, src) {
			t.Errorf("%s: x-bithumb-asset answer-id %s (items %q) is not in every 2xx answer's schema", o.name(), src.AnswerID, src.AnswerItems)
		}
	}
	if n < 10 {
		t.Errorf("only %d operations are covered by the per-asset rule", n)
	}
}

// requestHasField reports whether op's request has field where src says:
// a query parameter (name or name[]), or a property of the body schema
// (of each element of src.Items when set).
func requestHasField(op *openapi3.Operation, src assetSource, field string) bool {
	if src.In == "query" {
		return slices.ContainsFunc(op.Parameters, func(p *openapi3.ParameterRef) bool {
			return p.Value.In == "query" && (p.Value.Name == field || p.Value.Name == field+"[]")
		})
	}
	if op.RequestBody == nil {
		return false
	}
	mime := map[string]string{"body": "application/json", "form": "application/x-www-form-urlencoded"}[src.In]
	media := op.RequestBody.Value.Content.Get(mime)
	if media == nil || media.Schema == nil {
		return false
	}
	s := media.Schema.Value
	if src.Items != "" {
		items := s.Properties[src.Items]
		if items == nil || items.Value.Items == nil {
			return false
		}
		s = items.Value.Items.Value
	}
	return s.Properties[field] != nil
}

// answerHasField reports whether every 2xx answer of op with a schema
// has the member src.AnswerID (in each element of src.AnswerItems when
// set), looking into allOf parts; at least one answer must have a schema.
func answerHasField(op *openapi3.Operation, src assetSource) bool {
	n := 0
	for code, r := range op.Responses.Map() {
		if !strings.HasPrefix(code, "2") || r.Value == nil {
			continue
		}
		media := r.Value.Content.Get("application/json")
		if media == nil || media.Schema == nil {
			continue
		}
		n++
		s := media.Schema.Value
		if src.AnswerItems != "" {
			items := memberSchema(s, src.AnswerItems)
			if items == nil || items.Items == nil {
				return false
			}
			s = items.Items.Value
		}
		if memberSchema(s, src.AnswerID) == nil {
			return false
		}
	}
	return n > 0
}

// memberSchema returns the property name of s or of one of its allOf
// parts, or nil.
func memberSchema(s *openapi3.Schema, name string) *openapi3.Schema {
	if p := s.Properties[name]; p != nil {
		return p.Value
	}
	for _, part := range s.AllOf {
		if p := memberSchema(part.Value, name); p != nil {
			return p
		}
	}
	return nil
}

// TestRateLimitAnswersAreTyped: Bithumb documents no body for a request
// over a limit (REST.md §5). Whatever reading the server follows, the
// client's error says so: a 429 matches ErrRateLimited with or without a
// body, and the name too_many_requests matches ErrTooManyRequests with
// any status.
func TestRateLimitAnswersAreTyped(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name               string
		status             int
		body               string
		limited, nameMatch bool
	}{
		{"429 with the error envelope", 429, `{"error":{"name":"too_many_requests","message":"Too many orders and cancels on one asset"}}`, true, true},
		{"429 without a body", 429, ``, true, false},
		{"429 with a gateway body", 429, `{"message":"API rate limit exceeded"}`, true, false},
		{"400 named too_many_requests", 400, `{"error":{"name":"too_many_requests","message":"restricted"}}`, false, true},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tt.status)
			io.WriteString(w, tt.body)
		}))
		c, err := bithumb.New(bithumb.WithBaseURL(srv.URL), bithumb.WithKeys(contractAccessKey, contractSecretKey),
			bithumb.WithoutRateLimit(), bithumb.WithMaxAttempts(1))
		if err != nil {
			t.Fatal(err)
		}
		cid := "asset-limited-1"
		_, err = c.CancelOrder(context.Background(), bithumb.CancelOrderParams{ClientOrderID: &cid})
		srv.Close()
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if errors.Is(err, bithumb.ErrRateLimited) != tt.limited || errors.Is(err, bithumb.ErrTooManyRequests) != tt.nameMatch {
			t.Errorf("%s: %v: ErrRateLimited %v, ErrTooManyRequests %v; want %v, %v", tt.name, err,
				errors.Is(err, bithumb.ErrRateLimited), errors.Is(err, bithumb.ErrTooManyRequests), tt.limited, tt.nameMatch)
		}
	}
}
