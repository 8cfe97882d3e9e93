package main

import (
	"bytes"
	"go/format"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/bithumb-go/bithumb/catalog"
)

// TestCommittedFileIsCurrent: catalog/endpoints_gen.go is what catalogen
// writes for the current spec, so a spec change without `make generate`
// fails here as well as in CI's check-generated.
func TestCommittedFileIsCurrent(t *testing.T) {
	t.Parallel()
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../catalog/endpoints_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("catalog/endpoints_gen.go is stale: run `make generate`")
	}
}

// TestRender: the output is marked generated, gofmt'd, keeps the order it
// is given, and spells every field.
func TestRender(t *testing.T) {
	t.Parallel()
	eps := []catalog.Endpoint{
		{OperationID: "b", Method: "POST", Path: "/info/b", Category: "c1", Retry: catalog.RetryNever, Auth: catalog.AuthHMAC, Legacy: true},
		{OperationID: "a", Method: "GET", Path: "/v1/a/{id}", Category: "c2", Retry: catalog.RetryReconcile, Auth: catalog.AuthJWT, Deprecated: true, DocURL: `https://x/"q"`},
		{OperationID: "c", Method: "GET", Path: "/v1/c", Category: "c2", Retry: catalog.RetrySafe},
		{OperationID: "d", Method: "POST", Path: "/v1/d", Category: "c1", Retry: catalog.RetryNever,
			Asset: catalog.AssetSource{Rule: "r", In: "body", Items: "orders", Market: "market", OrderID: "ids", ClientOrderID: "cids", AnswerItems: "results", AnswerID: "id"}},
	}
	cats := []catalog.Category{{Name: "c2", PerSecond: 0.5, Description: "two"}, {Name: "c1", PerSecond: 140}}
	rules := []catalog.AssetRule{{Name: "r", PerSecond: 20, Categories: []string{"c1", "c2"}, Description: "per asset"}}
	src, err := render(eps, cats, rules)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`).Match(src) {
		t.Error("no generated-code header")
	}
	if formatted, err := format.Source(src); err != nil || !bytes.Equal(formatted, src) {
		t.Errorf("output is not gofmt'd: %v", err)
	}
	s := string(src)
	for _, want := range []string{
		`OperationID: "b",`, `Path:        "/info/b",`, `Retry:       RetryNever,`, `Auth:        AuthHMAC,`, `Legacy:      true,`,
		`Retry:       RetryReconcile,`, `Auth:        AuthJWT,`, `Deprecated:  true,`, `DocURL:      "https://x/\"q\"",`,
		`Retry:       RetrySafe,`, `Auth:        AuthNone,`,
		`{Name: "c2", PerSecond: 0.5, Description: "two"},`, `{Name: "c1", PerSecond: 140, Description: ""},`,
		`Asset:       AssetSource{Rule: "r", In: "body", Items: "orders", Market: "market", OrderID: "ids", ClientOrderID: "cids", AnswerItems: "results", AnswerID: "id"},`,
		`{Name: "r", PerSecond: 20, Categories: []string{"c1", "c2"}, Description: "per asset"},`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Index(s, `"b"`) > strings.Index(s, `"a"`) || strings.Index(s, `"a"`) > strings.Index(s, `"c",`) {
		t.Error("endpoints were reordered")
	}
	if strings.Count(s, "Legacy:") != 1 || strings.Count(s, "Deprecated:") != 1 || strings.Count(s, "DocURL:") != 1 || strings.Count(s, "Asset:") != 1 {
		t.Error("false and empty fields are written")
	}
	again, err := render(eps, cats, rules)
	if err != nil || !bytes.Equal(again, src) {
		t.Error("two renders differ")
	}
}

// TestRenderRejects: a value the generated code could not name fails.
func TestRenderRejects(t *testing.T) {
	t.Parallel()
	ok := catalog.Endpoint{OperationID: "a", Method: "GET", Path: "/a", Category: "c", Retry: catalog.RetrySafe}
	bad := []catalog.Endpoint{ok, ok}
	bad[1].Retry = "sometimes"
	if _, err := render(bad, nil, nil); err == nil || !strings.Contains(err.Error(), `unknown retry policy "sometimes"`) {
		t.Errorf("render with a bad retry policy: %v", err)
	}
	bad[1] = ok
	bad[1].Auth = catalog.AuthScheme(9)
	if _, err := render(bad, nil, nil); err == nil || !strings.Contains(err.Error(), "unknown auth scheme 9") {
		t.Errorf("render with a bad auth scheme: %v", err)
	}
}
