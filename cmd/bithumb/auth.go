package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb/credentials"
)

// defaultPathHelp describes the default credentials file in --help texts
// (credentials.DefaultPath).
const defaultPathHelp = "credentials.json in the bithumb folder of the user config directory, e.g. ~/.config/bithumb/credentials.json"

// shownSecret is all that is ever shown of a secret key.
const shownSecret = "********"

func newAuthCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Store and inspect your API keys",
		Long: `Store your Bithumb API keys in a passphrase-encrypted file, and see which
keys "bithumb api" would use.

Keys in the environment (BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY) take
precedence over the file. The passphrase comes from BITHUMB_PASSPHRASE or is
asked for on the terminal.`,
	}
	cmd.AddCommand(newAuthSetCommand(a), newAuthShowCommand(a))
	return cmd
}

// authSetOptions holds the flags of `bithumb auth set`.
type authSetOptions struct {
	accessKey   string
	secretStdin bool
	file        string
}

func newAuthSetCommand(a *app) *cobra.Command {
	var o authSetOptions
	cmd := &cobra.Command{
		Use:   "set",
		Short: "Save API keys to the encrypted credentials file",
		Long: `Save an API key pair to the credentials file, encrypted with a passphrase
(scrypt and AES-256-GCM, file mode 0600). An existing file is replaced.

The secret key is never taken from a flag, where it would land in the shell
history: it is asked for on the terminal without echo, or read from the first
line of standard input with --secret-stdin. The passphrase is asked for twice
without echo, or taken from BITHUMB_PASSPHRASE.`,
		Example: `  # Asks for the access key, the secret key and the passphrase
  bithumb auth set

  # From a password manager, in a script
  pass show bithumb/secret | BITHUMB_PASSPHRASE=... \
      bithumb auth set --access-key 0123456789abcdef0123 --secret-stdin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runAuthSet(&o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.accessKey, "access-key", "", "the access `KEY` (asked for when not given)")
	f.BoolVar(&o.secretStdin, "secret-stdin", false, "read the secret key from the first line of standard input")
	f.StringVar(&o.file, "file", "", "the credentials `FILE` (default "+defaultPathHelp+")")
	return cmd
}

// runAuthSet reads, checks and saves the keys.
func (a *app) runAuthSet(o *authSetOptions) error {
	access := o.accessKey
	if access == "" {
		if o.secretStdin {
			return errors.New("give the access key with --access-key when the secret comes from standard input")
		}
		var err error
		if access, err = a.readVisible("Access key: "); errors.Is(err, errNoTerminal) {
			return errors.New("give the access key with --access-key")
		} else if err != nil {
			return err
		}
	}
	// Check the access key before asking for the secret. The stand-in
	// secret is well formed, so any error is the access key's.
	if err := credentials.New(access, strings.Repeat("x", 32)).Validate(); err != nil {
		return err
	}
	secret, err := a.readSecretKey(o.secretStdin)
	if err != nil {
		return err
	}
	c := credentials.New(access, string(secret))
	clear(secret)
	if err := c.Validate(); err != nil {
		return err
	}
	path, err := credentialsPath(o.file)
	if err != nil {
		return err
	}
	pass, err := a.newPassphrase()
	if err != nil {
		return err
	}
	defer clear(pass)
	if err := credentials.Save(path, c, pass); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Saved the API keys, encrypted, to %s\n", path)
	fmt.Fprintf(a.stdout, "access key:  %s\nsecret:      %s\n", credentials.Mask(c.AccessKey()), shownSecret)
	return nil
}

// readSecretKey reads the secret key from the first line of standard
// input, or from a no-echo prompt.
func (a *app) readSecretKey(fromStdin bool) ([]byte, error) {
	if fromStdin {
		secret, err := readLine(a.stdin)
		if err != nil {
			return nil, fmt.Errorf("reading the secret key from standard input: %w", err)
		}
		return secret, nil
	}
	secret, err := a.readHidden("Secret key (not shown): ")
	if errors.Is(err, errNoTerminal) {
		return nil, errors.New("standard input is not a terminal; pipe the secret key in with --secret-stdin")
	}
	return secret, err
}

// credentialsPath returns file, or the default path when file is empty.
func credentialsPath(file string) (string, error) {
	if file != "" {
		return file, nil
	}
	return credentials.DefaultPath()
}

// authShowOptions holds the flags of `bithumb auth show`.
type authShowOptions struct {
	file  string
	check bool
}

func newAuthShowCommand(a *app) *cobra.Command {
	var o authShowOptions
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Show where the API keys come from",
		Long: `Show where "bithumb api" takes the API keys from: the environment
(BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY) or the encrypted credentials file,
with the file's path and whether its permissions are safe. The access key is
shown masked and the secret key never.

The file's access key is encrypted: --check decrypts the file (asking for the
passphrase, or taking BITHUMB_PASSPHRASE) to verify it and show the key. The
exit status is 1 when no usable keys are found.`,
		Example: `  bithumb auth show
  bithumb auth show --check`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runAuthShow(&o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.file, "file", "", "the credentials `FILE` (default "+defaultPathHelp+")")
	f.BoolVar(&o.check, "check", false, "decrypt the credentials file to verify it")
	return cmd
}

// runAuthShow reports the source of the keys.
func (a *app) runAuthShow(o *authShowOptions) error {
	path, pathErr := credentialsPath(o.file)
	c, err := credentials.FromEnvLookup(a.lookup)
	switch {
	case err == nil:
		a.field("source", "environment ("+credentials.EnvAccessKey+", "+credentials.EnvSecretKey+")")
		a.field("access key", credentials.Mask(c.AccessKey()))
		a.field("secret", shownSecret)
		if pathErr == nil {
			if _, err := os.Stat(path); err == nil {
				a.field("note", path+" also exists; the environment takes precedence")
			}
		}
		return nil
	case !errors.Is(err, credentials.ErrNotFound):
		return err
	case pathErr != nil:
		return pathErr
	}

	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no API keys: neither %s nor %s is set, and %s does not exist; save keys with \"bithumb auth set\"",
			credentials.EnvAccessKey, credentials.EnvSecretKey, path)
	}
	if err != nil {
		return err
	}
	a.field("source", "file "+path)
	permsOK := true
	switch perm := fi.Mode().Perm(); {
	case runtime.GOOS == "windows":
		a.field("permissions", "not checked on Windows")
	case perm&0o077 == 0:
		a.field("permissions", fmt.Sprintf("%04o (ok)", perm))
	default:
		permsOK = false
		a.field("permissions", fmt.Sprintf("%04o (unsafe: other users can read or change it; fix with: chmod 600 %s)", perm, path))
	}
	if !o.check {
		a.field("access key", "(encrypted; --check decrypts the file to show it)")
		a.field("secret", shownSecret)
		if !permsOK {
			return &exitError{code: 1}
		}
		return nil
	}
	pass, err := a.passphrase(path)
	if err != nil {
		return err
	}
	defer clear(pass)
	c, err = credentials.Load(path, pass)
	if err != nil {
		return err
	}
	a.field("access key", credentials.Mask(c.AccessKey()))
	a.field("secret", shownSecret)
	a.field("check", "ok (decrypted with the passphrase, both keys well formed)")
	return nil
}

// field prints one "name: value" line of auth show, values aligned.
func (a *app) field(name, value string) {
	fmt.Fprintf(a.stdout, "%-13s%s\n", name+":", value)
}
