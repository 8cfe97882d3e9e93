package ws

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/bithumb-go/bithumb/decimal"
)

// wsError is one of Bithumb's documented WebSocket errors.
type wsError struct{ name, message string }

// The documented errors, verbatim (WEBSOCKET.md §5.4; the fixtures
// ws_error_*). The format error prints "{}" literally, as the docs do.
var (
	errWrongFormat  = &wsError{"WRONG_FORMAT", "Format 이 맞지 않습니다."}
	errNoTicket     = &wsError{"NO_TICKET", "티켓이 존재하지 않거나, 유효하지 않습니다."}
	errNoType       = &wsError{"NO_TYPE", "type 필드가 존재하지 않습니다."}
	errNoCodes      = &wsError{"NO_CODES", "codes 필드가 존재하지 않습니다."}
	errEmptyCodes   = &wsError{"INVALID_PARAM", "codes 필드가 비어 있습니다."}
	errFormatParam  = &wsError{"INVALID_PARAM", "{}은 지원하지 않는 포맷입니다."}
	errInvalidScope = &wsError{"INVALID_AUTH", "인증 정보가 올바르지 않습니다."}
)

func (e *wsError) bytes() []byte { return errorMessage(e.name, e.message) }

// Message types.
const (
	typeTicker    = "ticker"
	typeTrade     = "trade"
	typeOrderbook = "orderbook"
	typeMyOrder   = "myOrder"
	typeMyAsset   = "myAsset"
)

// item is one (type, market) of a subscription set.
type item struct {
	typ  string
	code string // market; "" for myAsset and for myOrder of every market
	// depth is the orderbook depth (the ".N" suffix, else DefaultDepth).
	depth int
	// level is the orderbook grouping unit as requested (zero: none).
	level decimal.Decimal
	// snapshot and realtime: what to send.
	snapshot, realtime bool
}

// request is a parsed subscription request.
type request struct {
	simple bool
	items  []item
}

// parseRequest validates a subscription request. Checks, in order: a JSON
// array of objects (WRONG_FORMAT), a ticket (NO_TICKET), then each object:
// a format object with DEFAULT or SIMPLE (INVALID_PARAM), a type
// (NO_TYPE) served by this endpoint (WRONG_FORMAT), public types with
// codes (NO_CODES) that are not empty (INVALID_PARAM), myAsset without
// codes and well-typed options (WRONG_FORMAT).
func parseRequest(data []byte, private bool) (*request, *wsError) {
	var elems []json.RawMessage
	if err := json.Unmarshal(data, &elems); err != nil || len(elems) == 0 {
		return nil, errWrongFormat
	}
	objs := make([]map[string]json.RawMessage, len(elems))
	ticket := false
	for i, el := range elems {
		if err := json.Unmarshal(el, &objs[i]); err != nil || objs[i] == nil {
			return nil, errWrongFormat
		}
		if raw, ok := objs[i]["ticket"]; ok {
			var s string
			if json.Unmarshal(raw, &s) != nil || strings.TrimSpace(s) == "" {
				return nil, errNoTicket
			}
			ticket = true
		}
	}
	if !ticket {
		return nil, errNoTicket
	}
	req := &request{}
	types := 0
	for _, obj := range objs {
		if _, ok := obj["ticket"]; ok {
			continue
		}
		rawType, hasType := obj["type"]
		if !hasType {
			if raw, ok := obj["format"]; ok {
				var f string
				if json.Unmarshal(raw, &f) != nil {
					return nil, errFormatParam
				}
				switch f {
				case "DEFAULT":
					req.simple = false
				case "SIMPLE":
					req.simple = true
				default:
					return nil, errFormatParam
				}
				continue
			}
			return nil, errNoType
		}
		var typ string
		if json.Unmarshal(rawType, &typ) != nil || typ == "" {
			return nil, errNoType
		}
		items, err := parseType(typ, obj, private)
		if err != nil {
			return nil, err
		}
		req.items = append(req.items, items...)
		types++
	}
	if types == 0 {
		return nil, errNoType
	}
	return req, nil
}

// parseType reads one type object.
func parseType(typ string, obj map[string]json.RawMessage, private bool) ([]item, *wsError) {
	switch typ {
	case typeTicker, typeTrade, typeOrderbook:
		if private {
			return nil, errWrongFormat
		}
	case typeMyOrder, typeMyAsset:
		if !private {
			return nil, errWrongFormat
		}
	default:
		return nil, errWrongFormat
	}
	var codes []string
	rawCodes, hasCodes := obj["codes"]
	if hasCodes && !bytes.Equal(bytes.TrimSpace(rawCodes), []byte("null")) {
		if json.Unmarshal(rawCodes, &codes) != nil {
			return nil, errWrongFormat
		}
	} else {
		hasCodes = false
	}
	base := item{typ: typ, snapshot: true, realtime: true}
	if private {
		base.snapshot = false
		switch {
		case typ == typeMyAsset && len(codes) > 0:
			return nil, errWrongFormat
		case len(codes) == 0:
			return []item{base}, nil
		}
		items := make([]item, 0, len(codes))
		for _, c := range codes {
			it := base
			it.code = c
			items = append(items, it)
		}
		return items, nil
	}
	switch {
	case !hasCodes:
		return nil, errNoCodes
	case len(codes) == 0:
		return nil, errEmptyCodes
	}
	onlySnapshot, ok1 := flag(obj, "isOnlySnapshot", "is_only_snapshot", "isOnlySanpshot")
	onlyRealtime, ok2 := flag(obj, "isOnlyRealtime", "is_only_realtime")
	if !ok1 || !ok2 {
		return nil, errWrongFormat
	}
	switch {
	case onlySnapshot && onlyRealtime:
		return nil, errWrongFormat
	case onlySnapshot:
		base.realtime = false
	case onlyRealtime:
		base.snapshot = false
	}
	if raw, ok := obj["level"]; ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		if typ != typeOrderbook {
			return nil, errWrongFormat
		}
		var lv decimal.Decimal
		if lv.UnmarshalJSON(raw) != nil || !lv.IsPositive() {
			return nil, errWrongFormat
		}
		base.level = lv.Normalize()
	}
	items := make([]item, 0, len(codes))
	for _, c := range codes {
		it := base
		it.code = c
		if typ == typeOrderbook {
			it.depth = DefaultDepth
			if m, n, ok := strings.Cut(c, "."); ok {
				it.code = m
				d, err := strconv.Atoi(n)
				if err != nil || d < 1 {
					// Not a depth: no market has this code.
					it.code = c
				} else {
					it.depth = min(d, DefaultDepth)
				}
			}
		}
		items = append(items, it)
	}
	return items, nil
}

// flag reads a boolean option under any of its spellings (camelCase,
// snake_case and the docs' typo). ok is false when it is not a boolean.
func flag(obj map[string]json.RawMessage, names ...string) (v, ok bool) {
	for _, n := range names {
		raw, present := obj[n]
		if !present || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return false, false
		}
		v = v || b
	}
	return v, true
}
