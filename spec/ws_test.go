package spec

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// wsTestDoc is a small document with WebSocket message schemas.
const wsTestDoc = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Num:
      oneOf: [{type: number}, {type: string, format: decimal}]
    Msg:
      type: object
      x-bithumb-ws-message: {type: thing, format: DEFAULT}
      required: [type, price]
      properties:
        type: {type: string}
        price: {$ref: "#/components/schemas/Num"}
        side: {type: string, enum: [buy, sell]}
        units:
          type: array
          items:
            type: object
            properties:
              size: {type: number}
    MsgSimple:
      type: object
      x-bithumb-ws-message: {type: thing, format: SIMPLE}
      properties:
        ty: {type: string}
        p:
          allOf: [{$ref: "#/components/schemas/Num"}]
          x-bithumb-ws-aliases: [pr, px]
    MsgV1:
      type: object
      x-bithumb-ws-message: {type: thing, format: DEFAULT, endpoint: private-v1}
      properties:
        type: {type: string}
`

func loadWSTestDoc(t *testing.T, edit func(string) string) *openapi3.T {
	t.Helper()
	text := wsTestDoc
	if edit != nil {
		text = edit(text)
	}
	doc, err := openapi3.NewLoader().LoadFromData([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestWSMessages(t *testing.T) {
	t.Parallel()
	msgs, err := WSMessages(loadWSTestDoc(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		got = append(got, m.Name+":"+m.Type+":"+m.Format+":"+m.Endpoint)
	}
	if want := []string{"Msg:thing:DEFAULT:", "MsgSimple:thing:SIMPLE:", "MsgV1:thing:DEFAULT:private-v1"}; !slices.Equal(got, want) {
		t.Errorf("WSMessages = %q, want %q", got, want)
	}
	for _, c := range []struct{ old, new, want string }{
		{"{type: thing, format: SIMPLE}", "{type: thing, format: simple}", "format"},
		{"{type: thing, format: SIMPLE}", "{format: SIMPLE}", "no type"},
		{"{type: thing, format: SIMPLE}", "{type: thing, format: DEFAULT}", "both describe"},
		{"endpoint: private-v1", "endpoint: private-v3", "endpoint"},
		{"endpoint: private-v1", "version: v1", "unknown key"},
		{"{type: thing, format: SIMPLE}", "thing", "not an object"},
	} {
		doc := loadWSTestDoc(t, func(s string) string { return strings.Replace(s, c.old, c.new, 1) })
		if _, err := WSMessages(doc); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s -> %s: error %v, want one about %q", c.old, c.new, err, c.want)
		}
	}
}

func TestFindWSMessage(t *testing.T) {
	t.Parallel()
	msgs, err := WSMessages(loadWSTestDoc(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ typ, format, endpoint, want string }{
		{"thing", WSFormatDefault, "", "Msg"},
		{"thing", WSFormatDefault, WSEndpointPrivate, "Msg"},
		{"thing", WSFormatDefault, WSEndpointPrivateV1, "MsgV1"},
		{"thing", WSFormatSimple, WSEndpointPrivateV1, "MsgSimple"},
		{"other", WSFormatDefault, "", ""},
	} {
		m, ok := FindWSMessage(msgs, c.typ, c.format, c.endpoint)
		if m.Name != c.want || ok != (c.want != "") {
			t.Errorf("FindWSMessage(%s, %s, %s) = %s, %v; want %s", c.typ, c.format, c.endpoint, m.Name, ok, c.want)
		}
	}
}

func TestDetectWSFrame(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ frame, typ, format string }{
		{`{"type":"ticker","code":"KRW-BTC"}`, "ticker", WSFormatDefault},
		{`{"ty":"ticker","cd":"KRW-BTC"}`, "ticker", WSFormatSimple},
		{`{"status":"UP"}`, WSTypeStatus, WSFormatDefault},
		{`{"error":{"name":"NO_TICKET","message":"m"}}`, WSTypeError, WSFormatDefault},
		{`{"code":"KRW-BTC"}`, "", ""},
		{`{"type":""}`, "", ""},
		{`{"type":1}`, "", ""},
		{`[{"type":"ticker"}]`, "", ""},
		{`PING`, "", ""},
	} {
		typ, format, err := DetectWSFrame([]byte(c.frame))
		if typ != c.typ || format != c.format || (err == nil) != (c.typ != "") {
			t.Errorf("DetectWSFrame(%s) = %q, %q, %v; want %q, %q", c.frame, typ, format, err, c.typ, c.format)
		}
	}
	big := append([]byte(`{"type":"ticker","x":"`), bytes.Repeat([]byte("a"), MaxWSFrame)...)
	big = append(big, `"}`...)
	if _, _, err := DetectWSFrame(big); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("a frame over MaxWSFrame: %v", err)
	}
}

func TestValidateWS(t *testing.T) {
	t.Parallel()
	msgs, err := WSMessages(loadWSTestDoc(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		frame     string
		endpoint  string
		fragment  bool
		schema    string
		breaking  bool
		newFields []string
	}{
		{frame: `{"type":"thing","price":1.50}`, schema: "Msg"},
		{frame: `{"type":"thing","price":"1.50","units":[{"size":2}]}`, schema: "Msg"},
		{frame: `{"type":"thing","price":"1e5"}`, schema: "Msg", breaking: true},
		{frame: `{"type":"thing"}`, schema: "Msg", breaking: true},
		{frame: `{"type":"thing","price":1,"side":"hold"}`, schema: "Msg", breaking: true},
		{frame: `{"type":"thing","price":1,"new":true,"units":[{"size":1,"count":2},{"size":1,"count":3,"age":4}]}`, schema: "Msg",
			newFields: []string{"new", "units[].age", "units[].count"}},
		{frame: `{"type":"thing","extra":1}`, endpoint: WSEndpointPrivateV1, schema: "MsgV1", newFields: []string{"extra"}},
		{frame: `{"ty":"thing","p":"2","q":1}`, schema: "MsgSimple", newFields: []string{"q"}},
	} {
		r, err := ValidateWSFrame(msgs, c.endpoint, []byte(c.frame))
		if err != nil {
			t.Errorf("%s: %v", c.frame, err)
			continue
		}
		if r.Schema != c.schema || (r.Err != nil) != c.breaking || !slices.Equal(r.NewFields, c.newFields) || r.Clean() != (!c.breaking && c.newFields == nil) {
			t.Errorf("%s: schema %s, err %v, new fields %q; want %s, breaking %v, %q", c.frame, r.Schema, r.Err, r.NewFields, c.schema, c.breaking, c.newFields)
		}
	}

	// Fragments: present fields only.
	msg, _ := FindWSMessage(msgs, "thing", WSFormatDefault, "")
	for _, c := range []struct {
		frame     string
		breaking  bool
		newFields []string
	}{
		{frame: `{"side":"buy"}`},
		{frame: `{"side":"hold"}`, breaking: true},
		{frame: `{"side":"buy","color":"red","units":[{"weight":1}]}`, newFields: []string{"color", "units[].weight"}},
	} {
		r, err := ValidateWS(msg, []byte(c.frame), true)
		if err != nil {
			t.Fatal(err)
		}
		if (r.Err != nil) != c.breaking || !slices.Equal(r.NewFields, c.newFields) {
			t.Errorf("fragment %s: err %v, new fields %q; want breaking %v, %q", c.frame, r.Err, r.NewFields, c.breaking, c.newFields)
		}
	}
	if _, err := ValidateWS(msg, []byte(`[1]`), true); err == nil {
		t.Error("a fragment that is not an object was accepted")
	}
	if _, err := ValidateWS(msg, []byte(`{} {}`), false); err == nil {
		t.Error("data after the frame was accepted")
	}
	if _, err := ValidateWSFrame(msgs, "", []byte(`{"type":"other"}`)); err == nil {
		t.Error("a frame without a schema was accepted")
	}
}

func TestWSFieldPaths(t *testing.T) {
	t.Parallel()
	doc := loadWSTestDoc(t, nil)
	paths, aliases := WSFieldPaths(doc.Components.Schemas["Msg"].Value)
	if want := []string{"price", "side", "type", "units", "units.size"}; !slices.Equal(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
	if len(aliases) != 0 {
		t.Errorf("aliases %q, want none", aliases)
	}
	_, aliases = WSFieldPaths(doc.Components.Schemas["MsgSimple"].Value)
	if got := aliases["p"]; !slices.Equal(got, []string{"pr", "px"}) {
		t.Errorf("aliases of p: %q", got)
	}
}
