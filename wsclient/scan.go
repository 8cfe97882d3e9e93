package wsclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/wire"
)

// scanner is a small, allocation-free reader of JSON text, just enough for
// Bithumb's messages: objects of scalars with at most one level of arrays
// of objects. It accepts exactly the JSON grammar (RFC 8259): every value
// it skips is checked as carefully as the values it decodes.
//
// The typed decoders in decode.go drive it with one switch per message
// type, matching DEFAULT and SIMPLE keys in the same case. Compared with
// encoding/json this needs no reflection and no json.Unmarshaler calls per
// field, which is what makes exact decimals cheaper than float64 decoding.
type scanner struct {
	data  []byte
	pos   int
	depth int
}

// maxDepth bounds the nesting of skipped values; Bithumb's messages nest
// two levels.
const maxDepth = 32

// syntaxError is a malformed message.
type syntaxError struct {
	msg    string
	offset int
}

// Error returns the message with its byte offset.
func (e *syntaxError) Error() string {
	return "wsclient: invalid JSON at offset " + strconv.Itoa(e.offset) + ": " + e.msg
}

func (s *scanner) fail(msg string) error { return &syntaxError{msg: msg, offset: s.pos} }

func (s *scanner) reset(data []byte) { s.data, s.pos, s.depth = data, 0, 0 }

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// end checks that only whitespace follows.
func (s *scanner) end() error {
	s.ws()
	if s.pos != len(s.data) {
		return s.fail("trailing data after the message")
	}
	return nil
}

// object reads an object and calls member for each member with its key
// (valid until the next call); member must consume the value.
func (s *scanner) object(member func(key []byte) error) error {
	s.ws()
	if s.peek() != '{' {
		return s.fail("expected an object")
	}
	if s.depth++; s.depth > maxDepth {
		return s.fail("nested too deeply")
	}
	s.pos++
	s.ws()
	if s.peek() == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.ws()
		key, err := s.key()
		if err != nil {
			return err
		}
		s.ws()
		if s.peek() != ':' {
			return s.fail("expected ':'")
		}
		s.pos++
		s.ws()
		if err := member(key); err != nil {
			var se *syntaxError
			if errors.As(err, &se) {
				return err
			}
			return fmt.Errorf("wsclient: field %q: %w", key, err)
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.depth--
			return nil
		default:
			return s.fail("expected ',' or '}'")
		}
	}
}

// array reads an array and calls elem for each element; elem must consume
// it. A JSON null counts as an empty array.
func (s *scanner) array(elem func() error) error {
	s.ws()
	if s.peek() == 'n' {
		return s.null()
	}
	if s.peek() != '[' {
		return s.fail("expected an array")
	}
	if s.depth++; s.depth > maxDepth {
		return s.fail("nested too deeply")
	}
	s.pos++
	s.ws()
	if s.peek() == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.ws()
		if err := elem(); err != nil {
			return err
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return s.fail("expected ',' or ']'")
		}
	}
}

// key reads a member name and returns it unescaped.
func (s *scanner) key() ([]byte, error) {
	start := s.pos
	raw, escaped, err := s.str()
	if err != nil {
		return nil, err
	}
	if !escaped {
		return raw, nil
	}
	var k string
	if err := json.Unmarshal(s.data[start:s.pos], &k); err != nil {
		return nil, s.fail("bad escape in a member name")
	}
	return []byte(k), nil
}

// str reads a string and returns its raw contents (between the quotes,
// escapes not resolved) and whether it holds escapes.
func (s *scanner) str() (raw []byte, escaped bool, err error) {
	if s.peek() != '"' {
		return nil, false, s.fail("expected a string")
	}
	start := s.pos + 1
	for i := start; i < len(s.data); {
		c := s.data[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return s.data[start:i], escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(s.data) {
				s.pos = i
				return nil, false, s.fail("unterminated escape")
			}
			switch s.data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(s.data) || !isHex4(s.data[i+2:i+6]) {
					s.pos = i
					return nil, false, s.fail(`bad \u escape`)
				}
				i += 6
			default:
				s.pos = i
				return nil, false, s.fail("bad escape")
			}
		case c < 0x20:
			s.pos = i
			return nil, false, s.fail("control character in a string")
		default:
			i++
		}
	}
	s.pos = len(s.data)
	return nil, false, s.fail("unterminated string")
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// number reads a number token following the JSON grammar.
func (s *scanner) number() ([]byte, error) {
	d, i := s.data, s.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	default:
		return nil, s.fail("expected a value")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || !isDigit(d[i]) {
			s.pos = i
			return nil, s.fail("expected a digit after '.'")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || !isDigit(d[i]) {
			s.pos = i
			return nil, s.fail("expected a digit in the exponent")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	tok := d[s.pos:i]
	s.pos = i
	return tok, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// literal consumes lit ("true", "false", "null").
func (s *scanner) literal(lit string) error {
	if len(s.data)-s.pos < len(lit) || string(s.data[s.pos:s.pos+len(lit)]) != lit {
		return s.fail("expected " + lit)
	}
	s.pos += len(lit)
	return nil
}

func (s *scanner) null() error { return s.literal("null") }

// skip consumes any value.
func (s *scanner) skip() error {
	switch s.peek() {
	case '"':
		_, _, err := s.str()
		return err
	case '{':
		return s.object(s.skipMember)
	case '[':
		return s.array(s.skip)
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.null()
	default:
		_, err := s.number()
		return err
	}
}

func (s *scanner) skipMember([]byte) error { return s.skip() }

// scalar reads a number or a string and returns its token: a number's
// text, or a string with its quotes. null and "" give a nil token (the
// field is absent). Strings with escapes are rejected: no number or time
// Bithumb sends has one.
func (s *scanner) scalar() ([]byte, error) {
	switch s.peek() {
	case 'n':
		return nil, s.null()
	case '"':
		start := s.pos
		raw, escaped, err := s.str()
		if err != nil {
			return nil, err
		}
		if escaped {
			return nil, errors.New("escaped characters in a numeric string")
		}
		if len(raw) == 0 {
			return nil, nil
		}
		return s.data[start:s.pos], nil
	default:
		return s.number()
	}
}

// decimal reads a decimal number sent as a JSON number or string. null and
// "" leave dst unchanged. The token is handed to Decimal.UnmarshalJSON
// without a copy, so a number beyond decimal.MaxDigits or decimal.MaxScale
// (a million digits, 1e-65536) fails with decimal.ErrRange after one pass.
func (s *scanner) decimal(dst *decimal.Decimal) error {
	tok, err := s.scalar()
	if err != nil || tok == nil {
		return err
	}
	return dst.UnmarshalJSON(tok)
}

// timestamp reads epoch milliseconds or microseconds, number or string.
func (s *scanner) timestamp(dst *wire.Timestamp) error {
	tok, err := s.scalar()
	if err != nil || tok == nil {
		return err
	}
	return dst.UnmarshalJSON(tok)
}

// int64 reads an integer sent as a number or a string.
func (s *scanner) int64(dst *wire.Int64) error {
	tok, err := s.scalar()
	if err != nil || tok == nil {
		return err
	}
	return dst.UnmarshalJSON(tok)
}

// boolean reads true or false (or the strings "true" and "false"); null
// leaves dst unchanged.
func (s *scanner) boolean(dst *bool) error {
	switch s.peek() {
	case 't':
		*dst = true
		return s.literal("true")
	case 'f':
		*dst = false
		return s.literal("false")
	case 'n':
		return s.null()
	case '"':
		raw, _, err := s.str()
		if err != nil {
			return err
		}
		switch string(raw) {
		case "true":
			*dst = true
		case "false", "":
			*dst = false
		default:
			return fmt.Errorf("%q is not a boolean", raw)
		}
		return nil
	}
	return s.fail("expected a boolean")
}

// text reads a string (null leaves dst unchanged) and returns its contents,
// unescaped. The bytes are valid until the scanner moves on.
func (s *scanner) text() (b []byte, null bool, err error) {
	if s.peek() == 'n' {
		return nil, true, s.null()
	}
	start := s.pos
	raw, escaped, err := s.str()
	if err != nil {
		return nil, false, err
	}
	if !escaped {
		return raw, false, nil
	}
	var v string
	if err := json.Unmarshal(s.data[start:s.pos], &v); err != nil {
		return nil, false, s.fail("bad escape")
	}
	return []byte(v), false, nil
}
