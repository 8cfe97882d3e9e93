package credentials

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/crypto/scrypt"
)

// File format constants; see "Storage format" in the package documentation.
const (
	fileVersion = 1
	kdfScrypt   = "scrypt"
	saltLen     = 32
	keyLen      = 32 // AES-256
	nonceLen    = 12 // AES-GCM standard nonce
	tagLen      = 16 // AES-GCM tag

	// maxFileSize bounds what Load reads; a real file is well under 1 KiB.
	maxFileSize = 64 << 10
	// maxScryptMem bounds the memory (128*N*r bytes) that the parameters
	// of a file may make Load use, so a doctored file cannot exhaust memory.
	maxScryptMem = 256 << 20
	// maxScryptP and maxScryptWork (128*N*r*p) bound the CPU time, so a
	// doctored file costs at most about 32 times the default.
	maxScryptP    = 16
	maxScryptWork = 1 << 30
)

// kdfParams are the scrypt cost parameters.
type kdfParams struct {
	N, R, P int
}

// defaultKDF is what Save uses: N=2^15, r=8, p=1 needs 32 MiB and takes on
// the order of 100 ms, the interactive-login strength recommended by the
// scrypt paper and RFC 7914.
func defaultKDF() kdfParams { return kdfParams{N: 1 << 15, R: 8, P: 1} }

// document is the JSON file. []byte fields are encoded as standard base64.
type document struct {
	Version    int    `json:"version"`
	KDF        string `json:"kdf"`
	N          int    `json:"n"`
	R          int    `json:"r"`
	P          int    `json:"p"`
	Salt       []byte `json:"salt"`
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
}

// payload is the plaintext that is encrypted.
type payload struct {
	AccessKey string `json:"access_key"`
	SecretKey string `json:"secret_key"`
}

// DefaultPath returns the default location of the credentials file,
// os.UserConfigDir()/bithumb/credentials.json: for example
// ~/.config/bithumb/credentials.json on Linux,
// ~/Library/Application Support/bithumb/credentials.json on macOS and
// %AppData%\bithumb\credentials.json on Windows.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("credentials: locating the user config directory: %w", err)
	}
	return filepath.Join(dir, "bithumb", "credentials.json"), nil
}

func pathOrDefault(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	return DefaultPath()
}

// Save encrypts c with a key derived from passphrase and writes it to path
// (the [DefaultPath] when path is empty), replacing any existing file.
//
// c must pass [Credentials.Validate] and passphrase must not be empty. The
// file is written atomically with mode 0600; missing parent directories are
// created with mode 0700. Save does not keep or modify passphrase; the caller
// may clear it afterwards.
func Save(path string, c Credentials, passphrase []byte) error {
	return save(path, c, passphrase, defaultKDF())
}

func save(path string, c Credentials, passphrase []byte, kdf kdfParams) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if len(passphrase) == 0 {
		return errors.New("credentials: the passphrase is empty")
	}
	path, err := pathOrDefault(path)
	if err != nil {
		return err
	}
	doc := document{
		Version: fileVersion,
		KDF:     kdfScrypt,
		N:       kdf.N,
		R:       kdf.R,
		P:       kdf.P,
		Salt:    make([]byte, saltLen),
		Nonce:   make([]byte, nonceLen),
	}
	if _, err := rand.Read(doc.Salt); err != nil {
		return fmt.Errorf("credentials: generating salt: %w", err)
	}
	if _, err := rand.Read(doc.Nonce); err != nil {
		return fmt.Errorf("credentials: generating nonce: %w", err)
	}
	key, err := deriveKey(passphrase, &doc)
	if err != nil {
		return err
	}
	defer clear(key)
	plaintext, err := json.Marshal(payload{AccessKey: c.AccessKey(), SecretKey: c.SecretKey()})
	if err != nil {
		return errors.New("credentials: encoding the credentials failed")
	}
	defer clear(plaintext)
	if err := seal(key, &doc, plaintext); err != nil {
		return err
	}
	data, err := json.MarshalIndent(&doc, "", "  ")
	if err != nil {
		return fmt.Errorf("credentials: encoding the file: %w", err)
	}
	return writeFileAtomic(path, append(data, '\n'))
}

// Load reads the credentials file at path (the [DefaultPath] when path is
// empty) and decrypts it with passphrase.
//
// Errors match [ErrNotFound] when the file does not exist,
// [ErrInsecurePermissions] when its mode lets other users read or write it
// (not checked on Windows), [ErrCorrupt] when it is not a valid version 1
// file, and [ErrWrongPassphrase] when decryption fails. Load does not keep or
// modify passphrase.
func Load(path string, passphrase []byte) (Credentials, error) {
	path, err := pathOrDefault(path)
	if err != nil {
		return Credentials{}, err
	}
	doc, err := readDocument(path)
	if err != nil {
		return Credentials{}, err
	}
	return doc.decrypt(path, passphrase)
}

// readDocument opens, checks and parses the file without needing the
// passphrase, so callers can report a missing, insecure or corrupt file before
// asking for one.
func readDocument(path string) (*document, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, wrapError(ErrNotFound, "credentials: no credentials file", err)
		}
		return nil, fmt.Errorf("credentials: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, newError(ErrCorrupt, "credentials: "+path+" is not a regular file")
	}
	if err := checkPermissions(path, fi.Mode()); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, newError(ErrCorrupt, fmt.Sprintf("credentials: %s is larger than %d bytes", path, maxFileSize))
	}
	return parseDocument(path, data)
}

// checkPermissions refuses, like ssh, a file that group or others may access.
func checkPermissions(path string, mode fs.FileMode) error {
	if runtime.GOOS == "windows" {
		return nil // Unix permission bits are synthesized on Windows.
	}
	if perm := mode.Perm(); perm&0o077 != 0 {
		return newError(ErrInsecurePermissions, fmt.Sprintf(
			"credentials: %s has permissions %04o, which let other users read or change it; "+
				"fix it with: chmod 600 %s", path, perm, shellQuote(path)))
	}
	return nil
}

// parseDocument decodes and checks the header, so that the parameters are
// sane before any key derivation.
func parseDocument(path string, data []byte) (*document, error) {
	corrupt := func(format string, args ...any) error {
		return newError(ErrCorrupt, "credentials: "+path+": "+fmt.Sprintf(format, args...))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, corrupt("not a credentials file: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, corrupt("not a credentials file: unexpected data after the JSON object")
	}
	switch {
	case doc.Version == 0:
		return nil, corrupt("not a credentials file: no version")
	case doc.Version != fileVersion:
		return nil, corrupt("unsupported version %d (this program reads version %d)", doc.Version, fileVersion)
	case doc.KDF != kdfScrypt:
		return nil, corrupt("unsupported kdf %.32q (want %q)", doc.KDF, kdfScrypt)
	}
	if err := checkKDF(kdfParams{N: doc.N, R: doc.R, P: doc.P}); err != nil {
		return nil, corrupt("%v", err)
	}
	switch {
	case len(doc.Salt) < 16 || len(doc.Salt) > 64:
		return nil, corrupt("salt is %d bytes, want 16 to 64", len(doc.Salt))
	case len(doc.Nonce) != nonceLen:
		return nil, corrupt("nonce is %d bytes, want %d", len(doc.Nonce), nonceLen)
	case len(doc.Ciphertext) < tagLen:
		return nil, corrupt("ciphertext is too short")
	}
	return &doc, nil
}

// checkKDF accepts valid scrypt parameters within the resource bounds.
func checkKDF(k kdfParams) error {
	switch {
	case k.N < 2 || k.N&(k.N-1) != 0:
		return fmt.Errorf("scrypt n=%d is not a power of two greater than 1", k.N)
	case k.R < 1 || k.P < 1:
		return fmt.Errorf("scrypt r=%d and p=%d must be positive", k.R, k.P)
	case k.P > maxScryptP:
		return fmt.Errorf("scrypt p=%d is larger than %d", k.P, maxScryptP)
	case k.N > maxScryptMem/128 || k.R > maxScryptMem/128/k.N:
		return fmt.Errorf("scrypt n=%d, r=%d need more than %d MiB", k.N, k.R, maxScryptMem>>20)
	case k.P > maxScryptWork/(128*k.N*k.R):
		return fmt.Errorf("scrypt n=%d, r=%d, p=%d are too costly", k.N, k.R, k.P)
	}
	return nil
}

// additionalData binds every header field to the ciphertext. The kdf has
// been checked to be "scrypt" and base64 contains no NUL, so the encoding is
// unambiguous.
func (d *document) additionalData() []byte {
	return fmt.Appendf(nil, "bithumb-credentials\x00version=%d\x00kdf=%s\x00n=%d\x00r=%d\x00p=%d\x00salt=%s\x00nonce=%s",
		d.Version, d.KDF, d.N, d.R, d.P,
		base64.StdEncoding.EncodeToString(d.Salt), base64.StdEncoding.EncodeToString(d.Nonce))
}

func deriveKey(passphrase []byte, d *document) ([]byte, error) {
	if err := checkKDF(kdfParams{N: d.N, R: d.R, P: d.P}); err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	key, err := scrypt.Key(passphrase, d.Salt, d.N, d.R, d.P, keyLen)
	if err != nil {
		return nil, fmt.Errorf("credentials: deriving the key: %w", err)
	}
	return key, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	return aead, nil
}

// seal encrypts plaintext into d.Ciphertext with d's nonce and header.
func seal(key []byte, d *document, plaintext []byte) error {
	aead, err := newGCM(key)
	if err != nil {
		return err
	}
	d.Ciphertext = aead.Seal(nil, d.Nonce, plaintext, d.additionalData())
	return nil
}

// open authenticates d's header and ciphertext and returns the plaintext.
func open(key []byte, d *document) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	if len(d.Nonce) != aead.NonceSize() {
		return nil, ErrCorrupt
	}
	return aead.Open(nil, d.Nonce, d.Ciphertext, d.additionalData())
}

// decrypt derives the key from passphrase and returns the credentials. path
// is only used in error messages.
func (d *document) decrypt(path string, passphrase []byte) (Credentials, error) {
	key, err := deriveKey(passphrase, d)
	if err != nil {
		return Credentials{}, err
	}
	defer clear(key)
	plaintext, err := open(key, d)
	if err != nil {
		return Credentials{}, newError(ErrWrongPassphrase,
			"credentials: cannot decrypt "+path+": wrong passphrase, or the file was modified")
	}
	defer clear(plaintext)
	var p payload
	dec := json.NewDecoder(bytes.NewReader(plaintext))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		// The decoder's message is left out: it could quote decrypted bytes.
		return Credentials{}, newError(ErrCorrupt, "credentials: "+path+": the decrypted contents are not valid")
	}
	c := New(p.AccessKey, p.SecretKey)
	if err := c.Validate(); err != nil {
		return Credentials{}, wrapError(ErrCorrupt, "credentials: "+path+" holds invalid credentials", err)
	}
	return c, nil
}

// writeFileAtomic writes data to a temporary file in path's directory and
// renames it over path, so readers see either the old or the new file.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp") // mode 0600
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("credentials: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable where the platform supports it.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// shellQuote quotes path for a POSIX shell when it needs quoting.
func shellQuote(path string) string {
	safe := true
	for _, r := range path {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:,@%=~", r)) {
			safe = false
			break
		}
	}
	if safe && path != "" {
		return path
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
}
