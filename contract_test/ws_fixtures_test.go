package contract_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bithumb-go/bithumb/gen"
	"github.com/bithumb-go/bithumb/spec"
)

// wsFixtureDir holds the repository's copy of the WebSocket fixtures.
const wsFixtureDir = "testdata/ws"

// wsRequestSchema is the spec's schema of a subscription request.
const wsRequestSchema = "WsSubscriptionRequest"

// wsFixture is one file of testdata/ws: one or more frames of one
// endpoint and format (see testdata/README.md).
type wsFixture struct {
	// File is the file name, e.g. ws_ticker__doc.json.
	File string `json:"-"`

	Source    string            `json:"source"`
	Endpoint  string            `json:"endpoint"`
	Format    string            `json:"format"`
	Direction string            `json:"direction"`
	Note      string            `json:"note"`
	Fragment  bool              `json:"fragment"`
	Frames    []json.RawMessage `json:"frames"`
}

// loadWSFixtures reads every *.json file of testdata/ws, sorted by name,
// failing on unknown fields and on a missing endpoint, format, direction
// or frames.
func loadWSFixtures(t testing.TB) []wsFixture { return loadWSFixturesFrom(t, wsFixtureDir) }

// loadWSFixturesFrom reads the WebSocket fixtures of dir as loadWSFixtures
// does.
func loadWSFixturesFrom(t testing.TB, dir string) []wsFixture {
	t.Helper()
	return loadFixtures(t, dir, func(fx *wsFixture, file string) error {
		fx.File = file
		switch {
		case fx.Endpoint != spec.WSEndpointPublic && fx.Endpoint != spec.WSEndpointPrivate && fx.Endpoint != spec.WSEndpointPrivateV1:
			return fmt.Errorf("endpoint %q", fx.Endpoint)
		case fx.Format != spec.WSFormatDefault && fx.Format != spec.WSFormatSimple:
			return fmt.Errorf("format %q", fx.Format)
		case fx.Direction != "server-to-client" && fx.Direction != "client-to-server":
			return fmt.Errorf("direction %q", fx.Direction)
		case len(fx.Frames) == 0:
			return errors.New("no frames")
		}
		return nil
	})
}

// loadWSMessages returns the spec's WebSocket message schemas.
func loadWSMessages(t testing.TB, doc *openapi3.T) []spec.WSMessage {
	t.Helper()
	msgs, err := spec.WSMessages(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) == 0 {
		t.Fatal("the spec has no schema marked x-bithumb-ws-message")
	}
	return msgs
}

// wsFragmentType returns the message type a fragment's file name names
// (ws_<type>__…), matched without regard to case against the types of
// msgs, since a fragment may lack its type member.
func wsFragmentType(file string, msgs []spec.WSMessage) (string, error) {
	name, ok := strings.CutPrefix(file, "ws_")
	if !ok {
		return "", errors.New("a fragment's file name must start with ws_<type>__")
	}
	name, _, _ = strings.Cut(name, "__")
	for _, m := range msgs {
		if strings.EqualFold(m.Type, name) {
			return m.Type, nil
		}
	}
	return "", errors.New("the file name names no message type of the spec")
}

// validateWSFixtureFrame validates one frame of fx and returns the report.
// A data frame must be in the fixture's format; a fragment's type comes
// from its file name.
func validateWSFixtureFrame(doc *openapi3.T, msgs []spec.WSMessage, fx wsFixture, frame []byte) (spec.WSReport, error) {
	if fx.Direction == "client-to-server" {
		ref := doc.Components.Schemas[wsRequestSchema]
		if ref == nil || ref.Value == nil {
			return spec.WSReport{}, errors.New("the spec has no schema " + wsRequestSchema)
		}
		return spec.ValidateWS(spec.WSMessage{Name: wsRequestSchema, Schema: ref.Value}, frame, false)
	}
	var typ, format string
	if fx.Fragment {
		var err error
		if typ, err = wsFragmentType(fx.File, msgs); err != nil {
			return spec.WSReport{}, err
		}
		format = fx.Format
	} else {
		var err error
		if typ, format, err = spec.DetectWSFrame(frame); err != nil {
			return spec.WSReport{}, err
		}
		if typ != spec.WSTypeStatus && typ != spec.WSTypeError && format != fx.Format {
			return spec.WSReport{}, errors.New("a " + format + " frame in a " + fx.Format + " fixture")
		}
	}
	m, ok := spec.FindWSMessage(msgs, typ, format, fx.Endpoint)
	if !ok {
		return spec.WSReport{}, errors.New("no schema of the spec describes " + typ + " " + format + " frames")
	}
	return spec.ValidateWS(m, frame, fx.Fragment)
}

// reportError turns a report that is not clean into an error: the
// schema's objections and the fields the schema lacks (new fields fail a
// contract test: a fixture is a real payload the spec must describe).
func reportError(r spec.WSReport) error {
	var msgs []string
	if r.Err != nil {
		msgs = append(msgs, errorLines(r.Err))
	}
	if len(r.NewFields) > 0 {
		msgs = append(msgs, "fields the schema lacks: "+strings.Join(r.NewFields, ", "))
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(r.Schema + ":\n" + strings.Join(msgs, "\n"))
}

// TestWSFixturesMatchSpec validates every frame of every WebSocket fixture
// against the spec: server frames against the message schema chosen by
// x-bithumb-ws-message (type and format read from the frame, endpoint
// from the fixture), subscription requests against WsSubscriptionRequest.
// A field the schema lacks fails, as does a fixture whose type the spec
// has no schema for.
func TestWSFixturesMatchSpec(t *testing.T) {
	checkWSFixtures(t, loadWSFixtures(t))
}

// checkWSFixtures validates every frame of fixtures against the spec, a
// field the schema lacks counted as a failure, in a subtest per fixture.
func checkWSFixtures(t *testing.T, fixtures []wsFixture) {
	doc := loadSpec(t)
	msgs := loadWSMessages(t, doc)
	for _, fx := range fixtures {
		t.Run(fx.File, func(t *testing.T) {
			for i, frame := range fx.Frames {
				r, err := validateWSFixtureFrame(doc, msgs, fx, frame)
				if err == nil {
					err = reportError(r)
				}
				if err != nil {
					t.Errorf("frame %d: %v", i, err)
				}
			}
		})
	}
}

// wsclientTestdata holds wsclient's own copies of the fixtures and the
// synthetic v2 myOrder frames its decoder is tested with (no capture of a
// v2 message is published).
const wsclientTestdata = "../wsclient/testdata"

// TestWSClientTestdataMatchesSpec: the frames that wsclient's tests decode
// match the spec too, the synthetic v2 myOrder frames (string numbers, a
// quoted microsecond timestamp, omitted fields) included, so that the
// decoder is not tested against shapes the spec rejects.
func TestWSClientTestdataMatchesSpec(t *testing.T) {
	checkWSFixtures(t, loadWSFixturesFrom(t, wsclientTestdata))
}

// TestWSFixtureValidationRejects proves that the validation of
// TestWSFixturesMatchSpec fails on frames that break the spec: each case
// edits a fixture's frame the way drift would.
func TestWSFixtureValidationRejects(t *testing.T) {
	doc := loadSpec(t)
	msgs := loadWSMessages(t, doc)
	byFile := map[string]wsFixture{}
	for _, fx := range loadWSFixtures(t) {
		byFile[fx.File] = fx
	}
	cases := []struct {
		name, file, old, new string
		newFields            bool // the failure is a field the schema lacks
	}{
		{"new field", "ws_ticker__doc.json", `"market_state":`, `"market_phase":"OPEN","market_state":`, true},
		{"new nested field", "ws_orderbook__doc_copy.json", `"ask_price":478800,`, `"ask_price":478800,"ask_count":3,`, true},
		{"new field in a fragment", "ws_ticker__live_2026_fragment.json", `"delisting_date": ""`, `"delisting_date": "", "delisting_reason": ""`, true},
		{"new field in a SIMPLE request", "ws_request_ticker_simple__2nd.json", `{"format":"SIMPLE"}`, `{"format":"SIMPLE","compress":true}`, true},
		{"required field missing", "ws_trade__doc_copy.json", `"sequential_id":17259299343730000,`, ``, false},
		{"number became a string", "ws_ticker__doc.json", `"trade_price":493100,`, `"trade_price":"493100",`, false},
		{"balance of the wrong type", "ws_myasset__doc.json", `"balance":"2061832.35"`, `"balance":true`, false},
		{"null where none is allowed", "ws_trade__doc_copy.json", `"trade_volume":1.4825`, `"trade_volume":null`, false},
		{"unknown enum value", "ws_trade__doc_copy.json", `"ask_bid":"BID"`, `"ask_bid":"NEUTRAL"`, false},
		{"fragment field of the wrong type", "ws_ticker__live_2026_fragment.json", `"trade_date": "20260710"`, `"trade_date": 20260710`, false},
		{"v1 myOrder names on the v2 endpoint", "ws_myorder_v1__ccxt.json", `"endpoint": "private-v1"`, `"endpoint": "private-v2"`, true},
		{"unknown error frame shape", "ws_error_no_ticket__doc.json", `"name":"NO_TICKET"`, `"code":"NO_TICKET"`, false},
		{"bad status", "ws_status_up__doc.json", `{"status":"UP"},`, `{"status":"DOWN"},`, false},
		{"request with an empty ticket", "ws_request_ticker__doc.json", `{"ticket":"test example"}`, `{"ticket":""}`, false},
		{"request with an unknown format", "ws_request_orderbook_level__doc.json", `{"format":"DEFAULT"}`, `{"format":"SIMPLE_LIST"}`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			orig, ok := byFile[c.file]
			if !ok {
				t.Fatalf("fixture %s is missing", c.file)
			}
			data, err := os.ReadFile(filepath.Join(wsFixtureDir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			edited := bytes.Replace(data, []byte(c.old), []byte(c.new), 1)
			if bytes.Equal(edited, data) {
				t.Fatal("the edit did not change the fixture")
			}
			var fx wsFixture
			if err := json.Unmarshal(edited, &fx); err != nil {
				t.Fatal(err)
			}
			fx.File = orig.File
			var failures []string
			for i, frame := range fx.Frames {
				r, err := validateWSFixtureFrame(doc, msgs, fx, frame)
				switch {
				case err != nil:
					failures = append(failures, err.Error())
				case !r.Clean():
					if c.newFields && len(r.NewFields) == 0 {
						t.Errorf("frame %d: want a new field reported, got %v", i, r.Err)
					}
					failures = append(failures, reportError(r).Error())
				}
			}
			if len(failures) == 0 {
				t.Fatal("the broken frames validated")
			}
			t.Logf("rejected as expected:\n%s", strings.Join(failures, "\n"))
		})
	}
}

// wsGenTypes decodes a frame into the generated type of each WebSocket
// message schema, by schema name.
var wsGenTypes = map[string]decodeFunc{
	"WsTicker":          decodeInto[gen.WsTicker],
	"WsTickerSimple":    decodeInto[gen.WsTickerSimple],
	"WsTrade":           decodeInto[gen.WsTrade],
	"WsTradeSimple":     decodeInto[gen.WsTradeSimple],
	"WsOrderbook":       decodeInto[gen.WsOrderbook],
	"WsOrderbookSimple": decodeInto[gen.WsOrderbookSimple],
	"WsMyOrder":         decodeInto[gen.WsMyOrder],
	"WsMyOrderSimple":   decodeInto[gen.WsMyOrderSimple],
	"WsMyOrderV1":       decodeInto[gen.WsMyOrderV1],
	"WsMyOrderV1Simple": decodeInto[gen.WsMyOrderV1Simple],
	"WsMyAsset":         decodeInto[gen.WsMyAsset],
	"WsMyAssetSimple":   decodeInto[gen.WsMyAssetSimple],
	"WsStatus":          decodeInto[gen.WsStatus],
	"WsError":           decodeInto[gen.WsError],
}

// TestWSFramesDecodeIntoGenTypes: every complete server frame of the
// WebSocket fixtures decodes into the generated type of its schema, with
// no field left over, and encodes back without losing a digit; every
// message schema has an entry in wsGenTypes.
func TestWSFramesDecodeIntoGenTypes(t *testing.T) {
	doc := loadSpec(t)
	msgs := loadWSMessages(t, doc)
	for _, m := range msgs {
		if wsGenTypes[m.Name] == nil {
			t.Errorf("schema %s has no entry in wsGenTypes", m.Name)
		}
	}
	for _, fx := range loadWSFixtures(t) {
		if fx.Direction != "server-to-client" || fx.Fragment {
			continue
		}
		t.Run(fx.File, func(t *testing.T) {
			for i, frame := range fx.Frames {
				r, err := validateWSFixtureFrame(doc, msgs, fx, frame)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				decode := wsGenTypes[r.Schema]
				if decode == nil {
					t.Fatalf("frame %d: no generated type for %s", i, r.Schema)
				}
				v, err := decode(frame)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				reencoded, err := json.Marshal(v)
				if err != nil {
					t.Fatalf("frame %d: re-encode %T: %v", i, v, err)
				}
				want, err := collectLeaves(frame)
				if err != nil {
					t.Fatal(err)
				}
				got, err := collectLeaves(reencoded)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range compareLeaves(want, got, false) {
					t.Errorf("frame %d, %T: %s", i, v, d)
				}
			}
		})
	}
}
