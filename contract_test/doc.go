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
//   - every example in the spec validates against its own schema;
//   - every fixture in testdata/rest validates against the spec as the
//     response of its operation for its HTTP status (an undocumented status
//     fails), fragments field by field;
//   - every fixture decodes into the generated Go type of its operation and
//     encodes back without losing a digit: every JSON number and numeric
//     string keeps its exact value at its JSON path, and its exact text
//     (trailing zeros included) unless it was written with an exponent.
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
//     its file.
//
// The tests read only files inside the repository (../spec and testdata)
// and never use the network.
package contract
