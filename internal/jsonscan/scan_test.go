package jsonscan

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// whole reports whether s reads data as one value followed only by
// whitespace.
func whole(data []byte) bool {
	s := New(data[:len(data):len(data)]) // no capacity to read past the end
	s.Start()
	_, ok := s.Value()
	return ok && s.End()
}

// simple reports whether data is in the part of JSON that a Scanner must
// read itself: ASCII, no escapes, nested at most MaxDepth deep.
func simple(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 || c == '\\' {
			return false
		}
	}
	return bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) <= MaxDepth
}

// checkValue: a Scanner accepts only valid JSON, and all of the simple
// part of it.
func checkValue(t *testing.T, data []byte) {
	t.Helper()
	ok, valid := whole(data), json.Valid(data)
	if ok && !valid {
		t.Fatalf("accepted %q, which is not JSON", data)
	}
	if valid && simple(data) && !ok {
		t.Fatalf("refused %q, which is JSON", data)
	}
}

var valueCases = []string{
	`"\`, `["\`, `"\u12"`, `"\u/000"`, `"\u:000"`, "\"\\u`000\"", `"\ug000"`, `"\u@000"`, `"\uG000"`,
	`[tru`, `[nul`, `{"a":fals`, `[true`, `9`, `-9`, `[9]`,
	`null`, `true`, `false`, `0`, `-0`, `1`, `-12.5e+3`, `1E-2`, `0.0`, `""`, `"a b"`, ` [] `, `{}`,
	`[1,"x",{"a":[null,true,false]},[]]`, `{"a":{"b":{"c":[1,2,{"d":"e"}]}}}`, "\t{\n\"a\" :\r1 }\n",
	`nul`, `tru`, `falsey`, `nullx`, `01`, `-`, `1.`, `.5`, `1e`, `1e+`, `+1`, `--1`, `0x10`, `Infinity`, `NaN`,
	`"abc`, `"a` + "\x01" + `"`, `"\q"`, `"\u12"`, `"\u12g4"`, `[1,]`, `[,1]`, `[1 2]`, `{"a"}`, `{"a":}`,
	`{"a":1,}`, `{,"a":1}`, `{"a" 1}`, `{a:1}`, `{"a":1}}`, `[[]`, `[]]`, ``, ` `, `1 2`, `"\u00e9"`, `{"\u0041":1}`,
	"\"\xff\"", `"한국"`, `{"한":1}`, strings.Repeat("[", 33) + strings.Repeat("]", 33),
	strings.Repeat("[", 32) + strings.Repeat("]", 32), strings.Repeat("[", 100000),
}

func TestValue(t *testing.T) {
	for _, c := range valueCases {
		checkValue(t, []byte(c))
	}
	for _, c := range []string{
		`{"a":[1,{"b":null}],"c":"d"}`, `"\u00e9\n"`, "\"\xff\"", `"\u0000\u9999\uaaaa\uffff\uAAAA\uFFFF"`,
		`"\"\\\/\b\f\n\r\t"`, `[9,-9.9e9,0.9E+9]`, `[true,false,null]`,
	} {
		if !whole([]byte(c)) {
			t.Errorf("refused %q", c)
		}
	}
	for _, c := range []string{`{"\u0041":1}`, `{"한":1}`, strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)} {
		if whole([]byte(c)) {
			t.Errorf("accepted %q, which encoding/json must read", c)
		}
	}
}

// TestValueMutations changes, deletes or cuts each byte of a document in
// turn.
func TestValueMutations(t *testing.T) {
	doc := []byte(`{"a":[1,-2.5e+3,0],"b":{"c":"d e","f":null},"g":true,"h":false,"i":[]}`)
	for i := range doc {
		checkValue(t, doc[:i])
		checkValue(t, append(append([]byte(nil), doc[:i]...), doc[i+1:]...))
		for _, r := range []byte(`"\{}[],:ntf0-.eE+ x` + "\x00\x1f") {
			v := append([]byte(nil), doc...)
			v[i] = r
			checkValue(t, v)
		}
	}
}

func TestString(t *testing.T) {
	for _, c := range []struct {
		in       string
		want     string
		null, ok bool
	}{
		{`"KRW-BTC"`, "KRW-BTC", false, true},
		{`"한국"`, "한국", false, true},
		{`""`, "", false, true},
		{`null`, "", true, true},
		{`"a\"b"`, "", false, false},
		{"\"\xff\"", "", false, false},
		{"\"\x80\"", "", false, false},
		{`1`, "", false, false},
		{`"open`, "", false, false},
	} {
		s := New([]byte(c.in))
		b, null, ok := s.String()
		if string(b) != c.want || null != c.null || ok != c.ok {
			t.Errorf("String of %s = %q, %v, %v; want %q, %v, %v", c.in, b, null, ok, c.want, c.null, c.ok)
		}
	}
}

func TestTextReusesStrings(t *testing.T) {
	var s Scanner
	a := s.Text([]byte("KRW-BTC"))
	for i := range 5 {
		s.Text([]byte{byte('a' + i)})
	}
	if b := s.Text([]byte("KRW-BTC")); b != a || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Errorf("Text made a new string for a value it returned lately")
	}
	for i := range len(s.texts) {
		s.Text([]byte{byte('A' + i)})
	}
	if c := s.Text([]byte("KRW-BTC")); c != a || unsafe.StringData(a) == unsafe.StringData(c) {
		t.Errorf("Text kept more than %d strings", len(s.texts))
	}
}

// FuzzValue checks whole documents against json.Valid; its seeds run with
// go test.
func FuzzValue(f *testing.F) {
	for _, c := range valueCases {
		f.Add([]byte(c))
	}
	f.Fuzz(checkValue)
}

func TestAppendStrings(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{`[]`, []string{"x"}, true},
		{`["a",null,"한"] `, []string{"x", "a", "", "한"}, true},
		{`null`, []string{"x"}, false},
		{`"a"`, []string{"x"}, false},
		{`["a",1]`, nil, false},
		{`["a\n"]`, nil, false},
		{`["a" "b"]`, nil, false},
		{`["a",]`, nil, false},
		{`["a"`, nil, false},
	} {
		s := New([]byte(tt.in))
		got, ok := s.AppendStrings([]string{"x"})
		if ok != tt.ok || ok && !slices.Equal(got, tt.want) {
			t.Errorf("AppendStrings(%s) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMembers(t *testing.T) {
	t.Parallel()
	read := func(in string, stopAt string) ([]string, bool) {
		s := New([]byte(in))
		if !s.Open('{') {
			t.Fatalf("%s: no object", in)
		}
		var keys []string
		ok := s.Members(func(key []byte) bool {
			keys = append(keys, string(key))
			if string(key) == stopAt {
				return false
			}
			_, ok := s.Value()
			return ok
		})
		return keys, ok && s.End()
	}
	for _, tt := range []struct {
		in, stopAt string
		keys       []string
		ok         bool
	}{
		{`{}`, "", nil, true},
		{`{"a":1,"b":[2,{"c":3}]}`, "", []string{"a", "b"}, true},
		{`{"a":1,"b":2}`, "a", []string{"a"}, false},
		{`{"a":1,}`, "", []string{"a"}, false},
		{`{"a":1 "b":2}`, "", []string{"a"}, false},
		{`{"a":}`, "", []string{"a"}, false},
	} {
		keys, ok := read(tt.in, tt.stopAt)
		if ok != tt.ok || !slices.Equal(keys, tt.keys) {
			t.Errorf("Members of %s = %q, %v; want %q, %v", tt.in, keys, ok, tt.keys, tt.ok)
		}
	}
}
