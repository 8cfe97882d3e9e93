package middleware

import (
	"errors"
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// This file writes the hash string of a JSON request body in one streaming
// pass over its bytes: no decoding into maps or interfaces, and no token
// values allocated on the way.

// maxSignBodyDepth bounds the nesting of JSON bodies walked by BodyHashString.
const maxSignBodyDepth = 32

// maxHashStringSize bounds the hash string of a body. Array elements repeat
// their key, so a hash string can be longer than its body; this stops a
// malformed body (a long key with many elements) from using unbounded memory.
const maxHashStringSize = 4 << 20

// errSignBodyNotObject is returned (wrapped) when a body is not a JSON object.
var errSignBodyNotObject = errors.New("middleware: request body is not a JSON object")

// BodyHashString returns the hash string of a JSON request body, which must
// be a JSON object. Pairs are written in the order of the body's keys, joined
// by "&", with keys and values raw (never percent-encoded):
//
//   - a string is written as its decoded text: {"memo":"빗썸"} → memo=빗썸;
//     escapes are decoded and invalid UTF-8 becomes U+FFFD, as
//     encoding/json decodes strings;
//   - a number is written as its literal JSON text, never through float64:
//     84000000, 0.001 and 1.4E-7 stay exactly as written in the body;
//   - a boolean is written as true or false;
//   - null is skipped, key included ({"a":null,"b":1} → b=1), also inside
//     arrays and nested objects;
//   - an array of scalars repeats the key with "[]":
//     {"order_ids":["a","b"]} → order_ids[]=a&order_ids[]=b;
//   - an array element that is an object or an array is indexed by its
//     position in the array: {"batch_orders":[{"market":"KRW-BTC"},{...}]}
//     → batch_orders[0][market]=KRW-BTC&batch_orders[1][...]=...;
//   - an object that is not in an array nests its keys in brackets:
//     {"a":{"b":1}} → a[b]=1;
//   - empty arrays and empty objects write nothing, so {} gives "".
//
// Duplicate keys are written each time they appear. Body text that is not
// a single JSON object (an array, a scalar, trailing data, invalid JSON, or
// nesting deeper than 32 levels) is an error, and so is a hash string longer
// than 4 MiB; errors never contain the body text.
func BodyHashString(body []byte) (string, error) {
	hs, err := appendBodyHashString(nil, body)
	if err != nil {
		return "", err
	}
	return string(hs), nil
}

// appendBodyHashString appends the hash string of body (see BodyHashString)
// to dst. Pairs are joined by "&" among themselves only: a caller that
// appends to a non-empty dst adds its own separator. On error the returned
// slice holds partial output and must be discarded.
//
// The walk is a loop over an explicit stack of open containers rather than
// a recursion, so that its buffers (and the caller's dst) can stay on the
// goroutine stack.
func appendBodyHashString(dst, body []byte) ([]byte, error) {
	w := signBodyWalker{in: body}
	w.skipSpace()
	if w.pos == len(w.in) {
		return dst, w.syntaxErr()
	}
	if w.in[w.pos] != '{' {
		return dst, errSignBodyNotObject
	}
	w.pos++
	out, err := w.walk(dst)
	if err != nil {
		return out, err
	}
	w.skipSpace()
	if w.pos != len(w.in) {
		return out, fmt.Errorf("%w: trailing data after the object", errSignBodyNotObject)
	}
	return out, nil
}

// signBodyWalker reads the bytes of a JSON body. The hash string is passed
// in and out of its methods rather than kept in it, so that the compiler
// can keep its buffer on the stack.
type signBodyWalker struct {
	in  []byte
	pos int // next byte of in to read
}

// signBodyLevel is an open object or array of the walk.
type signBodyLevel struct {
	array bool
	base  int // length of the name of the container itself
	count int // members or elements read so far
}

// walk appends to out the pairs of the object whose "{" was just read, up
// to and including its "}", joined by "&" after out's current length.
//
// name is the name of the value being read: the top-level key, then
// "[key]" for a member of a nested object, "[i]" for an object or array
// at index i of an array, and "[]" for a scalar in an array. Each level
// truncates it back to its base before naming its next value.
func (w *signBodyWalker) walk(out []byte) ([]byte, error) {
	start := len(out)
	var nameBuf [128]byte
	var levelBuf [maxSignBodyDepth]signBodyLevel
	name := nameBuf[:0]
	levels := append(levelBuf[:0], signBodyLevel{})
	for len(levels) > 0 {
		l := &levels[len(levels)-1]
		w.skipSpace()
		end := byte('}')
		if l.array {
			end = ']'
		}
		if w.peek() == end {
			w.pos++
			levels = levels[:len(levels)-1]
			continue
		}
		if l.count > 0 {
			if w.peek() != ',' {
				return out, w.syntaxErr()
			}
			w.pos++
			w.skipSpace()
		}
		name = name[:l.base]
		if l.array {
			if c := w.peek(); c == '{' || c == '[' {
				name = append(name, '[')
				name = strconv.AppendInt(name, int64(l.count), 10)
				name = append(name, ']')
			} else {
				name = append(name, "[]"...)
			}
		} else {
			var err error
			if name, err = w.key(name, l.base > 0); err != nil {
				return out, err
			}
		}
		l.count++

		switch c := w.peek(); c {
		case '{', '[':
			if len(levels) == maxSignBodyDepth {
				return out, fmt.Errorf("middleware: request body nests deeper than %d levels", maxSignBodyDepth)
			}
			w.pos++
			levels = append(levels, signBodyLevel{array: c == '[', base: len(name)})
			continue
		case 'n':
			if err := w.literal("null"); err != nil {
				return out, err
			}
			continue // null: the key is skipped
		case 't', 'f':
			lit := "true"
			if c == 'f' {
				lit = "false"
			}
			if err := w.literal(lit); err != nil {
				return out, err
			}
			out = append(beginPair(out, start, name), lit...)
		case '"':
			var err error
			if out, err = w.appendString(beginPair(out, start, name)); err != nil {
				return out, err
			}
		default:
			num, err := w.number()
			if err != nil {
				return out, err
			}
			out = append(beginPair(out, start, name), num...)
		}
		if len(out)-start > maxHashStringSize {
			return out, fmt.Errorf("middleware: request body hash string exceeds %d bytes", maxHashStringSize)
		}
	}
	return out, nil
}

// key reads an object key and its ":", appending the key to name, in
// brackets if bracket is set. Keys below a named value are bracketed; a
// top-level key, or one below the empty key "", is written as it is.
func (w *signBodyWalker) key(name []byte, bracket bool) ([]byte, error) {
	if w.peek() != '"' {
		return name, w.syntaxErr()
	}
	if bracket {
		name = append(name, '[')
	}
	name, err := w.appendString(name)
	if err != nil {
		return name, err
	}
	if bracket {
		name = append(name, ']')
	}
	w.skipSpace()
	if w.peek() != ':' {
		return name, w.syntaxErr()
	}
	w.pos++
	w.skipSpace()
	return name, nil
}

// beginPair appends the separator, the name and "=" of a scalar's pair to
// out, whose pairs begin at out[start:].
func beginPair(out []byte, start int, name []byte) []byte {
	if len(out) > start {
		out = append(out, '&')
	}
	out = append(out, name...)
	return append(out, '=')
}

// literal reads the literal lit (null, true or false).
func (w *signBodyWalker) literal(lit string) error {
	if len(w.in)-w.pos < len(lit) || string(w.in[w.pos:w.pos+len(lit)]) != lit {
		return w.syntaxErr()
	}
	w.pos += len(lit)
	return nil
}

// number reads a JSON number and returns its literal text.
func (w *signBodyWalker) number() ([]byte, error) {
	start := w.pos
	if w.peek() == '-' {
		w.pos++
	}
	switch c := w.peek(); {
	case c == '0':
		w.pos++
	case '1' <= c && c <= '9':
		w.digits()
	default:
		return nil, w.syntaxErr()
	}
	if w.peek() == '.' {
		w.pos++
		if w.digits() == 0 {
			return nil, w.syntaxErr()
		}
	}
	if c := w.peek(); c == 'e' || c == 'E' {
		w.pos++
		if c := w.peek(); c == '+' || c == '-' {
			w.pos++
		}
		if w.digits() == 0 {
			return nil, w.syntaxErr()
		}
	}
	return w.in[start:w.pos], nil
}

// digits skips a run of decimal digits and returns its length.
func (w *signBodyWalker) digits() int {
	start := w.pos
	for w.pos < len(w.in) && '0' <= w.in[w.pos] && w.in[w.pos] <= '9' {
		w.pos++
	}
	return w.pos - start
}

// appendString reads the string whose opening quote is at w.pos and
// appends its decoded text to dst, decoding exactly as encoding/json does:
// escapes are resolved, a \u escape of an unpaired surrogate and every
// byte of invalid UTF-8 become U+FFFD, and control characters are an error.
func (w *signBodyWalker) appendString(dst []byte) ([]byte, error) {
	w.pos++
	for {
		run := w.pos
		for w.pos < len(w.in) {
			if c := w.in[w.pos]; c == '"' || c == '\\' || c < ' ' || c >= utf8.RuneSelf {
				break
			}
			w.pos++
		}
		dst = append(dst, w.in[run:w.pos]...)
		switch c := w.peek(); {
		case w.pos == len(w.in), c < ' ':
			return dst, w.syntaxErr()
		case c == '"':
			w.pos++
			return dst, nil
		case c == '\\':
			var err error
			if dst, err = w.appendEscape(dst); err != nil {
				return dst, err
			}
		default:
			r, size := utf8.DecodeRune(w.in[w.pos:])
			if r == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(dst, unicode.ReplacementChar)
			} else {
				dst = append(dst, w.in[w.pos:w.pos+size]...)
			}
			w.pos += size
		}
	}
}

// appendEscape decodes the escape sequence whose backslash is at w.pos.
func (w *signBodyWalker) appendEscape(dst []byte) ([]byte, error) {
	w.pos++
	c := w.peek()
	w.pos++
	switch c {
	case '"', '\\', '/':
		return append(dst, c), nil
	case 'b':
		return append(dst, '\b'), nil
	case 'f':
		return append(dst, '\f'), nil
	case 'n':
		return append(dst, '\n'), nil
	case 'r':
		return append(dst, '\r'), nil
	case 't':
		return append(dst, '\t'), nil
	case 'u':
		r := w.hex4(w.pos)
		if r < 0 {
			return dst, w.syntaxErr()
		}
		w.pos += 4
		if utf16.IsSurrogate(r) {
			// A valid pair is consumed whole; anything else gives U+FFFD
			// and leaves what follows to be read on its own.
			r2 := rune(-1)
			if w.peek() == '\\' && w.pos+1 < len(w.in) && w.in[w.pos+1] == 'u' {
				r2 = w.hex4(w.pos + 2)
			}
			r = utf16.DecodeRune(r, r2)
			if r != unicode.ReplacementChar {
				w.pos += 6
			}
		}
		return utf8.AppendRune(dst, r), nil
	}
	w.pos--
	return dst, w.syntaxErr()
}

// hex4 returns the value of the four hex digits at in[i:], or -1.
func (w *signBodyWalker) hex4(i int) rune {
	if len(w.in)-i < 4 {
		return -1
	}
	var r rune
	for _, c := range w.in[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// peek returns the byte at w.pos, or 0 at the end of the body (0 is never
// valid where a byte is expected).
func (w *signBodyWalker) peek() byte {
	if w.pos < len(w.in) {
		return w.in[w.pos]
	}
	return 0
}

// skipSpace skips JSON whitespace.
func (w *signBodyWalker) skipSpace() {
	for w.pos < len(w.in) {
		switch w.in[w.pos] {
		case ' ', '\t', '\n', '\r':
			w.pos++
		default:
			return
		}
	}
}

// syntaxErr describes invalid JSON at w.pos by its byte offset only: a body
// may carry private data, so no piece of it is quoted.
func (w *signBodyWalker) syntaxErr() error {
	if w.pos >= len(w.in) {
		return fmt.Errorf("%w: unexpected end of JSON input", errSignBodyNotObject)
	}
	return fmt.Errorf("%w: invalid JSON at byte offset %d", errSignBodyNotObject, w.pos)
}
