package credentials

import (
	"errors"
	"os"
)

// Names of the environment variables read by [FromEnv].
const (
	EnvAccessKey = "BITHUMB_ACCESS_KEY"
	EnvSecretKey = "BITHUMB_SECRET_KEY"
)

// FromEnv reads the credentials from the environment variables
// BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY. It is [FromEnvLookup] with
// [os.LookupEnv].
func FromEnv() (Credentials, error) {
	return FromEnvLookup(os.LookupEnv)
}

// FromEnvLookup reads the credentials through lookup, which has the signature
// of [os.LookupEnv]; tests pass a map-backed function. A variable that is set
// to the empty string counts as not set.
//
// When neither variable is set, the error matches [ErrNotFound]. When only one
// is set, or a value fails [Credentials.Validate], the error matches
// [ErrInvalid] and names the variable. Values are used as they are, never
// trimmed: a stray newline is reported, not silently removed. On error the
// returned Credentials is the zero value.
func FromEnvLookup(lookup func(string) (string, bool)) (Credentials, error) {
	access, _ := lookup(EnvAccessKey)
	secret, _ := lookup(EnvSecretKey)
	switch {
	case access == "" && secret == "":
		return Credentials{}, newError(ErrNotFound,
			"credentials: neither "+EnvAccessKey+" nor "+EnvSecretKey+" is set")
	case secret == "":
		return Credentials{}, newError(ErrInvalid,
			"credentials: "+EnvAccessKey+" is set but "+EnvSecretKey+" is not; set both or neither")
	case access == "":
		return Credentials{}, newError(ErrInvalid,
			"credentials: "+EnvSecretKey+" is set but "+EnvAccessKey+" is not; set both or neither")
	}
	if err := errors.Join(
		validateKey(EnvAccessKey, access, Mask(access)),
		validateKey(EnvSecretKey, secret, maskSecret(secret)),
	); err != nil {
		return Credentials{}, err
	}
	return New(access, secret), nil
}
