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
