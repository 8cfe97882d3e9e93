package middleware

import (
	"encoding/json"
	"errors"
	"testing"
)

// TestBodyHashStringDecodesLikeEncodingJSON checks the hand-written string
// decoder against encoding/json on the cases where they could part ways:
// escapes, surrogate pairs and unpaired surrogates, invalid UTF-8, NUL.
// Each literal is used as a value and as a nested key.
func TestBodyHashStringDecodesLikeEncodingJSON(t *testing.T) {
	for _, lit := range []string{
		`"plain"`, `""`, `"a\"b\\c\/d"`, `"\b\f\n\r\t"`, `"\u0041\u00e9\uD55C"`,
		`"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d"`, `"\ud83d\u0041"`,
		`"\ud83d\ud83d\ude00"`, `"\ud83d\`, "\"\xff\"", "\"\xed\xa0\x80\"", "\"\xc3\"", `"é빗썸🙂"`,
		`"\u0000"`, "\"\xef\xbf\xbd\"", `"&="`,
	} {
		var want string
		if err := json.Unmarshal([]byte(lit), &want); err != nil {
			// Not a string literal (a cut-off escape): it must be refused.
			if _, err := BodyHashString([]byte(`{"k":` + lit + `}`)); err == nil {
				t.Errorf("BodyHashString accepts %q, which encoding/json refuses", lit)
			}
			continue
		}
		body := `{"k":` + lit + `,"o":{` + lit + `:1}}`
		got, err := BodyHashString([]byte(body))
		if err != nil {
			t.Errorf("BodyHashString(%q): %v", body, err)
			continue
		}
		if w := "k=" + want + "&o[" + want + "]=1"; got != w {
			t.Errorf("BodyHashString(%q) = %q, want %q", body, got, w)
		}
	}
}

// TestBodyHashStringAcceptsWhatEncodingJSONAccepts compares acceptance with
// json.Valid on numbers, literals, escapes and punctuation.
func TestBodyHashStringAcceptsWhatEncodingJSONAccepts(t *testing.T) {
	for _, v := range []string{
		`0`, `-0`, `1.5e+10`, `-12.50E-3`, `10`, `0e0`,
		`01`, `1.`, `.5`, `-`, `1e`, `1e+`, `+1`, `0x1`, `1.e5`, `NaN`, `-01`, `1.5.2`,
		`true`, `false`, `null`, `tru`, `nul`, `true1`, `nullx`, `True`,
		`"\x"`, `"\u12"`, `"\u12g4"`, "\"a\x01\"", `"\'"`, `"a"b`, `"tab	in"`,
		`[1 2]`, `[1,]`, `[,1]`, `[]`, `[[]]`, `{}`, `{"a" 1}`, `{"a":1 "b":2}`, `{,}`, `{"a":1,}`, `{1:2}`,
	} {
		body := `{"v":` + v + "}"
		_, err := BodyHashString([]byte(body))
		if valid := json.Valid([]byte(body)); valid != (err == nil) {
			t.Errorf("BodyHashString(%q): error %v, but json.Valid says %v", body, err, valid)
		}
		if err != nil && !errors.Is(err, errSignBodyNotObject) {
			t.Errorf("BodyHashString(%q) error %v does not wrap errSignBodyNotObject", body, err)
		}
	}
}

// TestBodyHashStringKeyNames covers names that only the bracketing rules
// decide: an empty top-level key is not bracketed below, and array indexes
// count every element, nulls included.
func TestBodyHashStringKeyNames(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"":{"b":1}}`, "b=1"},
		{`{"a":{"":1}}`, "a[]=1"},
		{`{"a":[null,{"b":1},2,[3]]}`, "a[1][b]=1&a[]=2&a[3][]=3"},
		{" \t\r\n{ \"a\" : [ 1 , { \"b\" : \"c\" } ] } \n", "a[]=1&a[1][b]=c"},
	}
	for _, tc := range tests {
		got, err := BodyHashString([]byte(tc.body))
		if err != nil || got != tc.want {
			t.Errorf("BodyHashString(%q) = %q, %v; want %q", tc.body, got, err, tc.want)
		}
	}
}
