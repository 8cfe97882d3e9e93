package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"

	"github.com/bithumb-go/bithumb/spec"
)

// TestEmbeddedSpecIsCurrent checks that the generated server embeds
// exactly spec/bithumb.yaml: if the spec changed since `make generate`, the
// embedded copy, and with it the generated code, is stale.
func TestEmbeddedSpecIsCurrent(t *testing.T) {
	t.Parallel()
	file, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := GetSwagger()
	if err != nil {
		t.Fatalf("GetSwagger: %v", err)
	}
	alignOperationIDCase(file, embedded)
	if diff := cmp.Diff(decoded(t, file), decoded(t, embedded)); diff != "" {
		const max = 4000
		if len(diff) > max {
			diff = diff[:max] + "\n…"
		}
		t.Errorf("server.gen.go embeds a different spec than spec/bithumb.yaml: run `make generate` (-file +embedded):\n%s", diff)
	}
}

// decoded is doc as plain JSON values, for cmp.
func decoded(t *testing.T, doc *openapi3.T) any {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// alignOperationIDCase gives each operation of embedded the operationId of
// the same operation in file when the two differ only in letter case:
// oapi-codegen writes its Go names back into the spec it embeds
// (listTickers becomes ListTickers) unless its compatibility option
// preserve-original-operation-id-casing-in-embedded-spec is set, and that
// rewrite is not staleness. Any other difference, a renamed operation
// included, is still reported.
func alignOperationIDCase(file, embedded *openapi3.T) {
	for path, item := range embedded.Paths.Map() {
		fileItem := file.Paths.Value(path)
		if fileItem == nil {
			continue
		}
		for method, op := range item.Operations() {
			if fileOp := fileItem.GetOperation(method); fileOp != nil && strings.EqualFold(fileOp.OperationID, op.OperationID) {
				op.OperationID = fileOp.OperationID
			}
		}
	}
}
