package credentials

import "errors"

// Sentinel errors. Test for them with errors.Is; the errors returned by this
// package carry a more specific message.
var (
	// ErrNotFound means that no credentials were found: neither environment
	// variable is set, or the credentials file does not exist.
	ErrNotFound = errors.New("credentials not found")

	// ErrInvalid means that credentials are incomplete or malformed, for
	// example an empty key, a key with whitespace, or only one of the two
	// environment variables set.
	ErrInvalid = errors.New("invalid credentials")

	// ErrInsecurePermissions means that the credentials file may be read or
	// written by users other than its owner.
	ErrInsecurePermissions = errors.New("insecure permissions on credentials file")

	// ErrWrongPassphrase means that the credentials file could not be
	// decrypted: the passphrase is wrong or the file was modified.
	ErrWrongPassphrase = errors.New("wrong passphrase or modified credentials file")

	// ErrCorrupt means that the credentials file is not a valid credentials
	// document or uses a version or key derivation this package does not
	// support.
	ErrCorrupt = errors.New("corrupt or unsupported credentials file")
)

// kindError is an error with its own message that also matches one sentinel
// (kind) and optionally wraps a cause. Neither the message nor the cause may
// contain a secret or a passphrase.
type kindError struct {
	kind  error
	msg   string
	cause error
}

func (e *kindError) Error() string {
	if e.cause != nil {
		return e.msg + ": " + e.cause.Error()
	}
	return e.msg
}

func (e *kindError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.kind, e.cause}
	}
	return []error{e.kind}
}

func newError(kind error, msg string) error {
	return &kindError{kind: kind, msg: msg}
}

func wrapError(kind error, msg string, cause error) error {
	return &kindError{kind: kind, msg: msg, cause: cause}
}
