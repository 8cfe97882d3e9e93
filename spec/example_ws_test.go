package spec_test

import (
	"fmt"

	"github.com/bithumb-go/bithumb/spec"
)

// A status frame conforms; a trade frame with a field the spec lacks is
// reported apart from breaking changes, one with a number sent as text is
// a breaking change.
func ExampleValidateWSFrame() {
	doc, err := spec.Load()
	if err != nil {
		panic(err)
	}
	msgs, err := spec.WSMessages(doc)
	if err != nil {
		panic(err)
	}
	for _, frame := range []string{
		`{"status":"UP"}`,
		`{"ty":"trade","cd":"KRW-BTC","tp":489700,"tv":1.4825,"ab":"BID","pcp":484500,"c":"RISE","cp":5200,` +
			`"tdt":"2024-09-10","ttm":"09:58:54","ttms":1725929934373,"sid":"17259299343730000","tms":1725929934483,` +
			`"st":"REALTIME","bap":489800}`,
		`{"type":"myAsset","assets":[{"currency":"KRW","balance":"2061832.35","locked":true}],` +
			`"asset_timestamp":1727052537592,"timestamp":1727052537687,"stream_type":"REALTIME"}`,
	} {
		r, err := spec.ValidateWSFrame(msgs, spec.WSEndpointPrivate, []byte(frame))
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: breaking %v, new fields %q\n", r.Schema, r.Err != nil, r.NewFields)
	}
	// Output:
	// WsStatus: breaking false, new fields []
	// WsTradeSimple: breaking false, new fields ["bap"]
	// WsMyAsset: breaking true, new fields []
}
