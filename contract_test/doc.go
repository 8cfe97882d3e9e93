// Package contract holds the contract tests of bithumb-go: they pin the
// hand-maintained OpenAPI document spec/bithumb.yaml, the code generated
// from it (package gen) and real Bithumb payloads to each other. The
// package has no code of its own; the tests live in the external test
// package contract_test (a Go package in this directory cannot itself be
// named contract_test next to test files).
//
// The tests check that
//
//   - spec/bithumb.yaml is a valid OpenAPI 3.0 document, every format it
//     uses is known (format: decimal is a NumberString,
//     ^-?\d+(\.\d+)?$), and the spec embedded in package gen is the same
//     document, so gen/ is not stale;
//   - every operation carries the vendor extensions the client reads
//     (x-bithumb-rate-limit naming a defined category, x-bithumb-retry,
//     x-bithumb-doc), that order placements and withdrawals are never
//     retried blindly, and that every private API 2.0 operation documents
//     401;
//   - x-bithumb-read-only is only on operations that are not GETs, are
//     safe to retry, do not count against an order or cancel rate limit and
//     do not place, cancel, withdraw or create a deposit address, and every
//     GET is safe to retry (readonly_test.go): what `bithumb contract
//     --live` may send depends on both;
//   - every example in the spec validates against its own schema;
//   - every fixture in testdata/rest validates against the spec as the
//     response of its operation for its HTTP status (an undocumented status
//     fails), fragments field by field, and a fragment of a list answer (a
//     JSON array) element by element; a 404 fixture of a path outside the
//     spec (the gateway's bare {name, message}) validates against the
//     spec's NotFound response, and the client turns it into an *APIError
//     with that name and message (gateway_test.go);
//   - every fixture decodes into the generated Go type of its operation and
//     encodes back without losing a digit: every JSON number and numeric
//     string keeps its exact value at its JSON path, and its exact text
//     (trailing zeros included) unless it was written with an exponent;
//   - every operation has a case in operationCases (operations_test.go)
//     that calls its typed method of package bithumb against a local
//     server: the request must route to the operation and pass kin-openapi's
//     request validation (bracketed array parameters, legacy form bodies
//     and signature headers included), and the typed result must keep
//     every digit of the answer served, the operation's fixture or else
//     its spec example;
//   - every operation has exactly one //bithumb:operation directive in the
//     root package, on the exported method of *Client that calls it;
//   - every frame of every fixture in testdata/ws validates against the
//     spec's WebSocket message schema for its type, format and endpoint
//     (x-bithumb-ws-message), subscription requests against
//     WsSubscriptionRequest, with a field the schema lacks counted as a
//     failure, and every complete frame decodes into its gen.Ws* type
//     without losing a digit;
//   - the frames of wsclient's own test data, its synthetic v2 myOrder
//     frames included, validate the same way;
//   - the simulator's WebSocket server, run in process on loopback, sends
//     on every endpoint and in both formats only frames that validate the
//     same way, and a frame for every message schema;
//   - the subscription requests that wsclient sends, to a recording
//     server on loopback, validate against WsSubscriptionRequest;
//   - the fields of the WebSocket message schemas are exactly the keys
//     that wsclient's decoder reads (DEFAULT, SIMPLE and aliases), read
//     from its source;
//   - each correction of the spec from the audit against Bithumb's 2026
//     documentation holds, with its source (TestAuditCorrections,
//     audit_test.go): in the spec and, where the client acts on it, in
//     the client.
//
// # Adding a fixture
//
// Fixtures are copied verbatim from the shared fixture collection; see
// testdata/README.md for the file format. To add one:
//
//  1. Copy the file, unchanged, into testdata/rest/. Never edit a
//     fixture to make a test pass: a fixture that does not validate or
//     does not round-trip points at a bug in the spec or in a decoder.
//  2. If its operation has no entry yet in successTypes (digits_test.go),
//     add one that decodes into the operation's generated success type.
//     TestSuccessTypesCoverSpec fails until every operation has one.
//  3. Run go test ./contract_test/. Each fixture is a subtest named after
//     its file. A complete success fixture also becomes the answer of its
//     operation's case in TestOperationContracts.
//
// # Adding a WebSocket fixture
//
// Copy the file, unchanged, into testdata/ws/. A fragment's file name must
// name its message type (ws_<type>__…), since a fragment may lack it.
// Each fixture is a subtest of TestWSFixturesMatchSpec.
//
// # Adding an operation
//
// Besides successTypes, add a case to operationCases that calls the new
// typed method with valid arguments, and mark the method with a
// //bithumb:operation <operationId> line in its doc comment;
// TestEveryOperationHasAContractCase fails until both exist.
//
// TestLiveResponsesMatchTheSpec (live_test.go) is opt-in (BITHUMB_LIVE=1):
// it runs package drift's check, the one of `bithumb contract --live`,
// against the real API.
//
// The tests read only files inside the repository (../spec, testdata, the
// root package's sources, ../wsclient's sources and test data) and talk
// only to local httptest servers, never to the network.
package contract
