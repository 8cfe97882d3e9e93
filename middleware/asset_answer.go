package middleware

import (
	"io"
	"net/http"

	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/internal/jsonscan"
)

// This file reads the exchange's order ids from a placement's answer, so
// that a later cancel by one of them counts on the order's asset. Where
// the ids are comes from the endpoint's catalog.AssetSource (the spec's
// x-bithumb-asset answer-id and answer-items).

// maxAnswerRead bounds the answer rememberAnswer reads ahead: a
// placement's answer is well under a kilobyte, a batch's of 20 results a
// few. A longer answer is passed on unread and nothing is remembered.
const maxAnswerRead = 64 << 10

// rememberAnswer reads the 2xx answer resp of a placement under src whose
// orders trade assets (one per order, in request order, as requestAssets
// gives them) and remembers the asset of each order id it holds in mem.
// It reads the body ahead and puts back a reader that gives the same
// bytes and then the same end (io.EOF, or the error the read ahead met)
// and closes the original body, so the layers above see the answer as
// sent. An answer that is not JSON, has no id where src says, or whose
// results do not line up with assets is passed on all the same, and
// nothing is remembered.
func rememberAnswer(resp *http.Response, src catalog.AssetSource, assets []string, mem *orderAssets) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerRead+1))
	body := &readAheadBody{head: head, rest: resp.Body}
	resp.Body = body
	switch {
	case err != nil:
		body.end = err
		return
	case len(head) > maxAnswerRead:
		return // the rest is read from the original body
	}
	body.end = io.EOF
	ids, ok := answerIDs(head, src)
	if !ok || len(ids) != len(assets) {
		return
	}
	for i, id := range ids {
		mem.record(id, assets[i])
	}
}

// readAheadBody gives head, then end (or, when end is nil, the rest of
// rest), and closes rest.
type readAheadBody struct {
	head []byte
	end  error
	rest io.ReadCloser
}

func (b *readAheadBody) Read(p []byte) (int, error) {
	if len(b.head) > 0 {
		n := copy(p, b.head)
		b.head = b.head[n:]
		return n, nil
	}
	if b.end != nil {
		return 0, b.end
	}
	return b.rest.Read(p)
}

func (b *readAheadBody) Close() error { return b.rest.Close() }

// answerIDs returns the order ids of a placement's answer under src: the
// string member src.AnswerID of the answer object, or with src.AnswerItems
// that member of each element of the answer's array src.AnswerItems, ""
// for an element without one (an order that failed). It reads the text
// once without decoding it into maps, and is not ok for anything but a
// JSON object of that shape, including ids with escapes, which no order
// id has.
func answerIDs(body []byte, src catalog.AssetSource) ([]string, bool) {
	s := jsonscan.New(body)
	s.Start()
	var ids []string
	found := false
	ok := members(&s, func(key []byte) bool {
		switch {
		case src.AnswerItems == "" && string(key) == src.AnswerID:
			id, ok := stringMember(&s)
			ids, found = []string{id}, id != ""
			return ok
		case src.AnswerItems != "" && string(key) == src.AnswerItems:
			ids, found = nil, true
			if !s.Open('[') {
				return false
			}
			for first := true; ; first = false {
				done, ok := s.NextElem(first)
				if !ok {
					return false
				}
				if done {
					return true
				}
				id := ""
				if !members(&s, func(key []byte) bool {
					if string(key) != src.AnswerID {
						_, ok := s.Value()
						return ok
					}
					var ok bool
					id, ok = stringMember(&s)
					return ok
				}) {
					return false
				}
				ids = append(ids, id)
			}
		default:
			_, ok := s.Value()
			return ok
		}
	})
	if !ok || !found || !s.End() {
		return nil, false
	}
	return ids, true
}

// members reads an object, calling member with the scanner at the value
// of each member, which member must consume.
func members(s *jsonscan.Scanner, member func(key []byte) bool) bool {
	return s.Open('{') && s.Members(member)
}

// stringMember reads a string or null ("").
func stringMember(s *jsonscan.Scanner) (string, bool) {
	b, _, ok := s.String()
	if !ok {
		return "", false
	}
	return string(b), true
}
