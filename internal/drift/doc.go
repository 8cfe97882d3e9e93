// Package drift finds where the answers of the real Bithumb API have
// drifted from spec/bithumb.yaml: it walks a JSON answer against the
// response schema of its operation (or a WebSocket message against the
// schema that x-bithumb-ws-message names), decodes it through the
// generated types that the client decodes into, and reports every
// finding with its JSON path. `bithumb contract --live` and the opt-in
// live contract test are its users.
//
// # What it sends
//
// Only what the spec says only reads (ReadOnly): each GET whose
// x-bithumb-retry is safe, and each operation marked x-bithumb-read-only:
// true, such as POST /v2/orders/search and the legacy /info POSTs, with
// arguments and bodies from the spec's examples (Plan). Transport, with
// the Guard derived from the spec, refuses any other request before the
// network.
//
// # What is breaking
//
// A finding is breaking when a program built on this SDK can fail on it
// or read a wrong value:
//
//   - missing-field: a field the spec requires did not come;
//   - type-change: a value of another JSON type than the spec's (a number
//     that became a string, null where the spec says non-null, a
//     fractional number where it says integer, a string in a decimal
//     field that is not a decimal);
//   - unexpected-status: an HTTP status the operation does not document;
//   - route-gone: the gateway's bare 404 (no route matched): the endpoint
//     is no longer there;
//   - undecodable: the body is not JSON, is larger or deeper than the
//     limits, or does not decode into the generated Go type.
//
// A finding is additive when the API grew without breaking the contract:
//
//   - new-field: a field the spec does not define. The spec does not
//     declare additionalProperties: false, and must not: clients ignore
//     unknown fields, so an additive change must not break them;
//   - new-enum-value: a value of an enumerated field that the spec does
//     not list. The client decodes enums as strings and keeps an unknown
//     value, so nothing fails; but a program that switches over the known
//     values may treat the new one wrongly, which is why the report lists
//     it prominently and the spec should learn it soon.
//
// The checks are bounded: a body larger than MaxBodyBytes or nested
// deeper than MaxDepth is reported as undecodable and not walked.
package drift
