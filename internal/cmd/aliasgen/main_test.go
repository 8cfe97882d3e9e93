package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestTypesGenIsCurrent: types_gen.go is what aliasgen writes from
// gen/bithumb.gen.go, and two runs write the same bytes.
func TestTypesGenIsCurrent(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	first, err := generate(filepath.Join(root, "gen", "bithumb.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := generate(filepath.Join(root, "gen", "bithumb.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatal("two runs of aliasgen wrote different files")
	}
	committed, err := os.ReadFile(filepath.Join(root, "types_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, committed) {
		t.Error("types_gen.go is stale: run `make generate`")
	}
}

func TestRootName(t *testing.T) {
	for in, want := range map[string]string{
		"PlaceOrderRequest":                       "PlaceOrderRequest",
		"LegacyAccountFormdataBody":               "LegacyAccountForm",
		"LegacyNetworkInfoResponse_Data_Item":     "LegacyNetworkInfoItem",
		"LegacyWithdrawMinimumResponse_Data_Item": "LegacyWithdrawMinimumItem",
		"LegacyAssetsStatusResponse_Data":         "LegacyAssetsStatusData",
	} {
		if got := rootName(in); got != want {
			t.Errorf("rootName(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestWebSocketTypesNotExported: gen has the types of the spec's WebSocket
// message schemas (Ws*), and the root package declares none of them.
func TestWebSocketTypesNotExported(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	genSrc, err := os.ReadFile(filepath.Join(root, "gen", "bithumb.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(genSrc, []byte("\ntype WsTicker struct")) {
		t.Fatal("gen has no WsTicker: the test would prove nothing")
	}
	out, err := generate(filepath.Join(root, "gen", "bithumb.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if i := bytes.Index(out, []byte("\ntype Ws")); i >= 0 {
		end := min(i+60, len(out))
		t.Errorf("types_gen.go declares a WebSocket message type: %q", out[i+1:end])
	}
}

// TestUnionVariantsThatAreSchemas: a union's variant that is an object
// schema of its own (OrderV2 in SearchOrderRow) stays a root type; the
// union does not, nor does a variant alias.
func TestUnionVariantsThatAreSchemas(t *testing.T) {
	src := `package gen

import "encoding/json"

// Row is a union.
type Row struct {
	union json.RawMessage
}

// Rows0 is a variant alias.
type Rows0 = []Item

// Item is an object schema.
type Item struct {
	ID string ` + "`json:\"id\"`" + `
}

func (t Row) AsItem() (Item, error) { var v Item; return v, json.Unmarshal(t.union, &v) }
func (t Row) AsRows0() (Rows0, error) { var v Rows0; return v, json.Unmarshal(t.union, &v) }
`
	file := filepath.Join(t.TempDir(), "gen.go")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := generate(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("type Item struct")) {
		t.Errorf("the variant Item is not a root type:\n%s", out)
	}
	for _, gone := range []string{"type Row ", "Rows0"} {
		if bytes.Contains(out, []byte(gone)) {
			t.Errorf("%q is in the root package:\n%s", gone, out)
		}
	}
}
