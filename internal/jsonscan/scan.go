// Package jsonscan reads JSON text for hand-written decoders that must
// agree with encoding/json. A Scanner accepts exactly the JSON grammar
// (RFC 8259) and reports "not ok" instead of an error: on anything it does
// not handle in the common, fast way (an escape in a member name, a string
// that is not valid UTF-8, nesting deeper than MaxDepth, a syntax error)
// the caller gives up and decodes the whole text again with encoding/json,
// which then produces the result or the error that it always produced.
//
// A Scanner never allocates, and every loop it runs is bounded by the
// length of its input.
package jsonscan

import "unicode/utf8"

// MaxDepth bounds the nesting of the values a Scanner reads whole (Value);
// deeper values are not ok, so that encoding/json applies its own limit.
const MaxDepth = 32

// Scanner reads one JSON text. Its methods that read a value expect the
// next byte to start it (NextMember and NextElem leave the position
// there); on "not ok" the position is unspecified.
type Scanner struct {
	data []byte
	pos  int

	// texts are the last strings that Text made, most of them values
	// repeated in every row of a list (a market, a date, a side).
	texts [8]string
	next  int
}

// New returns a Scanner at the start of data.
func New(data []byte) Scanner { return Scanner{data: data} }

// ws skips JSON whitespace.
func (s *Scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *Scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// Start skips leading whitespace; call it before reading the top-level
// value.
func (s *Scanner) Start() { s.ws() }

// End reports whether only whitespace follows.
func (s *Scanner) End() bool {
	s.ws()
	return s.pos == len(s.data)
}

// Null consumes a JSON null and reports whether there was one.
func (s *Scanner) Null() bool {
	if len(s.data)-s.pos >= 4 && string(s.data[s.pos:s.pos+4]) == "null" {
		s.pos += 4
		return true
	}
	return false
}

// Open consumes c ('{' or '[') and reports whether it was next.
func (s *Scanner) Open(c byte) bool {
	if s.peek() != c {
		return false
	}
	s.pos++
	return true
}

// NextMember moves to the next member of an object whose '{' was
// consumed; first is true for the first call. It returns the member's
// name, with the position at its value, or done at the closing '}'. A
// name is ok only without escapes and in ASCII: encoding/json's matching
// of other names is left to encoding/json.
func (s *Scanner) NextMember(first bool) (key []byte, done, ok bool) {
	s.ws()
	switch c := s.peek(); {
	case c == '}' && first:
		s.pos++
		return nil, true, true
	case first:
	case c == '}':
		s.pos++
		return nil, true, true
	case c == ',':
		s.pos++
		s.ws()
	default:
		return nil, false, false
	}
	raw, escaped, ascii, ok := s.str()
	if !ok || escaped || !ascii {
		return nil, false, false
	}
	s.ws()
	if s.peek() != ':' {
		return nil, false, false
	}
	s.pos++
	s.ws()
	return raw, false, true
}

// NextElem moves to the next element of an array whose '[' was consumed;
// first is true for the first call. It returns done at the closing ']',
// and otherwise leaves the position at the element.
func (s *Scanner) NextElem(first bool) (done, ok bool) {
	s.ws()
	switch c := s.peek(); {
	case c == ']' && first:
		s.pos++
		return true, true
	case first:
	case c == ']':
		s.pos++
		return true, true
	case c == ',':
		s.pos++
		s.ws()
	default:
		return false, false
	}
	return false, true
}

// String reads a JSON string without escapes whose contents are valid
// UTF-8, which is what encoding/json would store unchanged, and returns
// its contents (valid as long as the input). A null gives null.
func (s *Scanner) String() (b []byte, null, ok bool) {
	if s.Null() {
		return nil, true, true
	}
	raw, escaped, ascii, ok := s.str()
	if !ok || escaped || !ascii && !utf8.Valid(raw) {
		return nil, false, false
	}
	return raw, false, true
}

// Text returns b as a string, reusing the string of an equal b among the
// last few that Text returned, so that a value repeated in every row of a
// list is allocated once.
func (s *Scanner) Text(b []byte) string {
	for _, t := range s.texts {
		if t == string(b) {
			return t
		}
	}
	t := string(b)
	s.texts[s.next] = t
	s.next = (s.next + 1) % len(s.texts)
	return t
}

// Members reads the members of an object whose '{' was consumed, calling
// member with each name and the position at its value, which member must
// read; it stops, not ok, at the first member that is not.
func (s *Scanner) Members(member func(key []byte) bool) bool {
	for first := true; ; first = false {
		key, done, ok := s.NextMember(first)
		if !ok || done {
			return ok
		}
		if !member(key) {
			return false
		}
	}
}

// AppendStrings reads an array whose elements are strings String reads or
// null, and appends them to list, a null as "" (as encoding/json stores
// it in a []string).
func (s *Scanner) AppendStrings(list []string) ([]string, bool) {
	if !s.Open('[') {
		return list, false
	}
	for first := true; ; first = false {
		done, ok := s.NextElem(first)
		if !ok || done {
			return list, ok
		}
		b, null, ok := s.String()
		if !ok {
			return list, false
		}
		v := ""
		if !null {
			v = s.Text(b)
		}
		list = append(list, v)
	}
}

// Value reads any value and returns its text, as encoding/json hands it
// to a json.Unmarshaler.
func (s *Scanner) Value() ([]byte, bool) {
	start := s.pos
	if !s.skip(0) {
		return nil, false
	}
	return s.data[start:s.pos], true
}

// Number reads a JSON number and returns its text; a value of another
// kind is not ok.
func (s *Scanner) Number() ([]byte, bool) {
	start := s.pos
	if !s.number() {
		return nil, false
	}
	return s.data[start:s.pos], true
}

func (s *Scanner) skip(depth int) bool {
	switch s.peek() {
	case '"':
		_, _, _, ok := s.str()
		return ok
	case '{', '[':
		return s.compound(depth + 1)
	case 't':
		return s.Literal("true")
	case 'f':
		return s.Literal("false")
	case 'n':
		return s.Literal("null")
	default:
		return s.number()
	}
}

// compound skips an object or an array at nesting depth.
func (s *Scanner) compound(depth int) bool {
	if depth > MaxDepth {
		return false
	}
	if s.Open('[') {
		for first := true; ; first = false {
			done, ok := s.NextElem(first)
			if !ok || done {
				return ok
			}
			if !s.skip(depth) {
				return false
			}
		}
	}
	s.pos++ // '{'
	for first := true; ; first = false {
		_, done, ok := s.NextMember(first)
		if !ok || done {
			return ok
		}
		if !s.skip(depth) {
			return false
		}
	}
}

// Literal consumes lit ("true", "false", "null") and reports whether it was
// next.
func (s *Scanner) Literal(lit string) bool {
	if len(s.data)-s.pos < len(lit) || string(s.data[s.pos:s.pos+len(lit)]) != lit {
		return false
	}
	s.pos += len(lit)
	return true
}

// str reads a string: its raw contents (escapes not resolved), whether it
// holds escapes and whether it is all ASCII.
func (s *Scanner) str() (raw []byte, escaped, ascii, ok bool) {
	if s.peek() != '"' {
		return nil, false, false, false
	}
	ascii = true
	d, start := s.data, s.pos+1
	for i := start; i < len(d); {
		switch c := d[i]; {
		case c == '"':
			s.pos = i + 1
			return d[start:i], escaped, ascii, true
		case c == '\\':
			escaped = true
			if i+1 >= len(d) {
				return nil, false, false, false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) || !isHex4(d[i+2:i+6]) {
					return nil, false, false, false
				}
				i += 6
			default:
				return nil, false, false, false
			}
		case c < 0x20:
			return nil, false, false, false
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			i++
		}
	}
	return nil, false, false, false
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
func (s *Scanner) number() bool {
	d, i := s.data, s.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		i = digits(d, i)
	default:
		return false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || !isDigit(d[i]) {
			return false
		}
		i = digits(d, i)
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || !isDigit(d[i]) {
			return false
		}
		i = digits(d, i)
	}
	s.pos = i
	return true
}

func digits(d []byte, i int) int {
	for i < len(d) && isDigit(d[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
