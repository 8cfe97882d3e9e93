package credentials

import (
	"errors"
	"fmt"
	"os"
)

// Source tells where [Resolve] found the credentials.
type Source int

const (
	// SourceNone is returned with an error.
	SourceNone Source = iota
	// SourceEnv means the BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY
	// environment variables.
	SourceEnv
	// SourceFile means the encrypted credentials file.
	SourceFile
)

// String returns "environment", "file" or "none".
func (s Source) String() string {
	switch s {
	case SourceEnv:
		return "environment"
	case SourceFile:
		return "file"
	default:
		return "none"
	}
}

// Resolve finds credentials the way a program should: the environment first,
// then the encrypted file.
//
//   - lookup reads environment variables; nil means [os.LookupEnv].
//   - path is the credentials file; "" means [DefaultPath].
//   - passphrase is called at most once, and only when the environment has
//     no credentials and the file exists, has safe permissions and is well
//     formed; a CLI prompts the user in it. Resolve clears the returned slice
//     after use. It may be nil for programs that only use the environment.
//
// When both environment variables are set they win and the file is not
// touched. When only one is set, Resolve fails with [ErrInvalid] rather than
// silently falling back to the file, which may hold a different account. When
// neither is set and the file does not exist, the error matches
// [ErrNotFound]. Otherwise the errors are those of [FromEnvLookup] and
// [Load], or the passphrase function's error wrapped.
func Resolve(lookup func(string) (string, bool), path string, passphrase func() ([]byte, error)) (Credentials, Source, error) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	c, err := FromEnvLookup(lookup)
	if err == nil {
		return c, SourceEnv, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return Credentials{}, SourceNone, err
	}
	notSet := "credentials: none found: neither " + EnvAccessKey + " nor " + EnvSecretKey + " is set"
	path, err = pathOrDefault(path)
	if err != nil {
		return Credentials{}, SourceNone, wrapError(ErrNotFound, notSet+", and there is no default credentials file", err)
	}
	doc, err := readDocument(path)
	if errors.Is(err, ErrNotFound) {
		return Credentials{}, SourceNone, newError(ErrNotFound, notSet+", and "+path+" does not exist")
	}
	if err != nil {
		return Credentials{}, SourceNone, err
	}
	if passphrase == nil {
		return Credentials{}, SourceNone, errors.New("credentials: " + path + " is encrypted and no passphrase is available")
	}
	pass, err := passphrase()
	defer clear(pass)
	if err != nil {
		return Credentials{}, SourceNone, fmt.Errorf("credentials: reading the passphrase for %s: %w", path, err)
	}
	c, err = doc.decrypt(path, pass)
	if err != nil {
		return Credentials{}, SourceNone, err
	}
	return c, SourceFile, nil
}
