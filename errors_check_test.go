package bithumb_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb"
)

// TestCheckResponse: every shape of Bithumb error answer becomes an
// *APIError, successes are a nil error (not a typed nil), and a request
// sent without the client's transport is classified by its path.
func TestCheckResponse(t *testing.T) {
	t.Parallel()
	response := func(status int, method, rawURL string) *http.Response {
		req, err := http.NewRequest(method, rawURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		return &http.Response{StatusCode: status, Header: http.Header{}, Request: req}
	}
	for _, tt := range []struct {
		name   string
		resp   *http.Response
		body   string
		is     error // nil: no error
		legacy string
	}{
		{"success", response(200, "GET", "https://api.bithumb.com/v1/ticker?markets=KRW-BTC"), `[{"market":"KRW-BTC"}]`, nil, ""},
		{"error inside a 200", response(200, "GET", "https://api.bithumb.com/v1/ticker?markets=KRW-NOPE"), `{"error":{"name":404,"message":"Code not found"}}`, bithumb.ErrNotFound, ""},
		{"4xx", response(400, "POST", "https://api.bithumb.com/v2/orders"), `{"error":{"name":"insufficient_funds_bid","message":"x"}}`, bithumb.ErrInsufficientFundsBid, ""},
		{"5xx without a body", response(502, "GET", "https://api.bithumb.com/v1/accounts"), ``, bithumb.ErrServer, ""},
		{"gateway 404", response(404, "GET", "https://api.bithumb.com/v1/nope"), `{"name":"not_found","message":"no Route matched with those values"}`, bithumb.ErrRouteNotFound, ""},
		{"legacy success", response(200, "POST", "https://api.bithumb.com/info/balance"), `{"status":"0000","data":{}}`, nil, ""},
		{"legacy error inside a 200", response(200, "POST", "https://api.bithumb.com/info/orders"), `{"status":"5600","message":"거래 진행중인 내역이 존재하지 않습니다."}`, bithumb.ErrLegacyCustomNotice, "5600"},
		{"legacy public error", response(200, "GET", "https://api.bithumb.com/public/ticker/NOPE_KRW"), `{"status":"5500","message":"Invalid Parameter"}`, bithumb.ErrLegacyInvalidParameter, "5500"},
		{"a status field outside the legacy API", response(200, "GET", "https://api.bithumb.com/v1/status/wallet"), `{"status":"5600"}`, nil, ""},
		{"no request", &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"2"}}}, `{"error":{"name":"too_many_requests","message":"x"}}`, bithumb.ErrRateLimited, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := bithumb.CheckResponse(tt.resp, []byte(tt.body))
			if tt.is == nil {
				if err != nil {
					t.Fatalf("CheckResponse = %#v, want nil", err)
				}
				return
			}
			var apiErr *bithumb.APIError
			if !errors.As(err, &apiErr) || !errors.Is(err, tt.is) {
				t.Fatalf("CheckResponse = %v, want an *APIError matching %v", err, tt.is)
			}
			if apiErr.LegacyStatus != tt.legacy || apiErr.OperationID != "" {
				t.Errorf("legacy status %q, operation %q", apiErr.LegacyStatus, apiErr.OperationID)
			}
			if strings.Contains(err.Error(), "?") {
				t.Errorf("the error shows the query: %v", err)
			}
		})
	}
	if err := bithumb.CheckResponse(nil, nil); err == nil {
		t.Error("CheckResponse(nil) = nil")
	}
}

// TestAPIErrorDocListsEverySentinel: the doc comment of APIError names
// every errors.Is target that errors.go declares.
func TestAPIErrorDocListsEverySentinel(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	var sentinels []string
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, spec := range gd.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.Name == "APIError" {
					doc = gd.Doc.Text()
				}
			case *ast.ValueSpec:
				for i, name := range s.Names {
					if i >= len(s.Values) {
						continue
					}
					// The targets are conversions: ErrorName("..."), HTTPStatus(404), LegacyStatus("5600").
					if call, ok := s.Values[i].(*ast.CallExpr); ok {
						if fn, ok := call.Fun.(*ast.Ident); ok && (fn.Name == "ErrorName" || fn.Name == "HTTPStatus" || fn.Name == "LegacyStatus") {
							sentinels = append(sentinels, name.Name)
						}
					}
				}
			}
		}
	}
	if doc == "" || len(sentinels) < 40 {
		t.Fatalf("found the doc %t and %d sentinels: has errors.go changed shape?", doc != "", len(sentinels))
	}
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(doc, func(r rune) bool {
		return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		words[w] = true
	}
	for _, name := range sentinels {
		if !words[name] {
			t.Errorf("the doc of APIError does not list %s", name)
		}
	}
}
