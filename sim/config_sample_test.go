package sim

import (
	"encoding"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// sampleConfig is the commented sample that `bithumb sim --help` points to.
const sampleConfig = "../docs/sim-config.yaml"

// TestSampleConfigLoadsAndRuns: the sample configuration parses, and a
// simulator starts with it.
func TestSampleConfigLoadsAndRuns(t *testing.T) {
	c, err := LoadConfig(sampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Accounts) != 2 || len(c.Markets) != 4 || len(c.Accounts[1].Keys[0].Scopes) != 3 {
		t.Errorf("the sample's accounts or markets were not read: %+v", c)
	}
	s, err := New(WithConfig(c))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSampleConfigListsEveryOption: every option of Config, nested ones
// included, appears in the sample, so that an option added to Config
// fails this test until it is documented there.
func TestSampleConfigListsEveryOption(t *testing.T) {
	data, err := os.ReadFile(sampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, missing := range missingOptions(reflect.TypeFor[Config](), []any{doc}, "") {
		if missing == "accounts[].keys[].account" {
			continue // not an option: a key belongs to the account listing it
		}
		t.Errorf("%s lacks the option %s", sampleConfig, missing)
	}
}

// missingOptions returns the JSON names of t's fields (recursively, as
// dotted paths under prefix) that none of the YAML values vs has.
func missingOptions(t reflect.Type, vs []any, prefix string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if isLeaf(t) {
		return nil
	}
	switch t.Kind() {
	case reflect.Slice:
		var elems []any
		for _, v := range vs {
			if list, ok := v.([]any); ok {
				elems = append(elems, list...)
			}
		}
		return missingOptions(t.Elem(), elems, prefix+"[]")
	case reflect.Map:
		var elems []any
		for _, v := range vs {
			if m, ok := v.(map[string]any); ok {
				for _, e := range m {
					elems = append(elems, e)
				}
			}
		}
		return missingOptions(t.Elem(), elems, prefix+".*")
	case reflect.Struct:
		var missing []string
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" || name == "" {
				continue
			}
			var sub []any
			for _, v := range vs {
				if m, ok := v.(map[string]any); ok {
					if e, ok := m[name]; ok {
						sub = append(sub, e)
					}
				}
			}
			path := strings.TrimPrefix(prefix+"."+name, ".")
			if len(sub) == 0 {
				missing = append(missing, path)
				continue
			}
			missing = append(missing, missingOptions(f.Type, sub, path)...)
		}
		return missing
	}
	return nil
}

// isLeaf reports whether values of t are written as one scalar (numbers,
// strings, decimals, durations, times).
func isLeaf(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	if p.Implements(reflect.TypeFor[json.Unmarshaler]()) || p.Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return true
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Map, reflect.Pointer:
		return false
	}
	return true
}
