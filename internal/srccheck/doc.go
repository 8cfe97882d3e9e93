// Package srccheck has no code of its own. Its tests read the module's
// non-test Go sources and check properties stated in docs/SECURITY.md that
// are about the source text: no TLS or origin verification is ever
// switched off (no field or option that skips verification is set).
package srccheck
