package credentials

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "nested", "bithumb", "credentials.json")
	saveFast(t, path, testCreds, testPassphrase)

	got, err := Load(path, []byte(testPassphrase))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !got.Equal(testCreds) {
		t.Errorf("Load = %v, want %v", got, testCreds)
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecret(t, "file", string(data))
	if bytes.Contains(data, []byte(Mask(testAccess))) || bytes.Contains(data, []byte(testAccess[:12])) {
		t.Errorf("file reveals the access key:\n%s", data)
	}
	doc := decodeRaw(t, data)
	if doc["version"] != 1.0 || doc["kdf"] != "scrypt" || doc["n"] != 1024.0 || doc["r"] != 8.0 || doc["p"] != 1.0 {
		t.Errorf("unexpected header: %v", doc)
	}
	for field, n := range map[string]int{"salt": saltLen, "nonce": nonceLen} {
		b, err := base64.StdEncoding.DecodeString(doc[field].(string))
		if err != nil || len(b) != n {
			t.Errorf("%s = %q: %d bytes, %v; want %d bytes", field, doc[field], len(b), err, n)
		}
	}

	if runtime.GOOS != "windows" {
		assertMode(t, path, 0o600)
		assertMode(t, filepath.Dir(path), 0o700)
		assertMode(t, filepath.Dir(filepath.Dir(path)), 0o700)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the credentials file (no temp files)", len(entries))
	}
}

func TestSaveUsesFreshSaltAndNonce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	saveFast(t, a, testCreds, testPassphrase)
	saveFast(t, b, testCreds, testPassphrase)
	da, db := decodeRaw(t, readFile(t, a)), decodeRaw(t, readFile(t, b))
	for _, field := range []string{"salt", "nonce", "ciphertext"} {
		if da[field] == db[field] {
			t.Errorf("two saves share the %s %q", field, da[field])
		}
	}
}

func TestSaveOverwritesAtomically(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "credentials.json")
	saveFast(t, path, testCreds, testPassphrase)
	other := New("OTHERaccessKey0123456789", "OTHERsecretKey0123456789")
	saveFast(t, path, other, "another passphrase")
	got, err := Load(path, []byte("another passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(other) {
		t.Errorf("Load = %v, want %v", got, other)
	}

	// A failed Save leaves the existing file alone.
	before := readFile(t, path)
	if err := save(path, New("bad", "bad"), []byte("x"), fastKDF); !errors.Is(err, ErrInvalid) {
		t.Fatalf("save of invalid credentials: %v, want ErrInvalid", err)
	}
	if !bytes.Equal(before, readFile(t, path)) {
		t.Errorf("a rejected save changed the file")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want 1", len(entries))
	}
}

func TestSaveRejects(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "credentials.json")
	if err := save(path, Credentials{}, []byte(testPassphrase), fastKDF); !errors.Is(err, ErrInvalid) {
		t.Errorf("save of empty credentials: %v, want ErrInvalid", err)
	}
	err := save(path, testCreds, nil, fastKDF)
	if err == nil || !strings.Contains(err.Error(), "passphrase is empty") {
		t.Errorf("save with an empty passphrase: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a rejected save created the file: %v", err)
	}
}

func TestDefaultKDFIsStrong(t *testing.T) {
	t.Parallel()
	k := defaultKDF()
	if k.N < 1<<15 || k.R < 8 || k.P < 1 {
		t.Errorf("default scrypt parameters %+v are weaker than N=2^15, r=8, p=1", k)
	}
	if err := checkKDF(k); err != nil {
		t.Errorf("Load would refuse the defaults: %v", err)
	}
}

func TestLoadWrongPassphrase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "credentials.json")
	saveFast(t, path, testCreds, testPassphrase)
	for _, pass := range []string{"", "Tr0ub4dor&3", testPassphrase + " ", strings.ToUpper(testPassphrase)} {
		c, err := Load(path, []byte(pass))
		assertErrorIs(t, err, ErrWrongPassphrase)
		if !c.Equal(Credentials{}) {
			t.Errorf("Load returned %v with an error", c)
		}
		if pass != "" && strings.Contains(err.Error(), pass) {
			t.Errorf("error %q contains the passphrase", err)
		}
	}
}

func TestLoadTamperedCiphertext(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "credentials.json")
	saveFast(t, path, testCreds, testPassphrase)
	raw := decodeRaw(t, readFile(t, path))
	ct, _ := base64.StdEncoding.DecodeString(raw["ciphertext"].(string))
	for _, i := range []int{0, len(ct) / 2, len(ct) - tagLen, len(ct) - 1} {
		tampered := bytes.Clone(ct)
		tampered[i] ^= 0x01
		writeRaw(t, path, raw, "ciphertext", base64.StdEncoding.EncodeToString(tampered))
		_, err := Load(path, []byte(testPassphrase))
		assertErrorIs(t, err, ErrWrongPassphrase)
	}
	// Appending or dropping bytes fails too.
	writeRaw(t, path, raw, "ciphertext", base64.StdEncoding.EncodeToString(append(bytes.Clone(ct), 0)))
	_, err := Load(path, []byte(testPassphrase))
	assertErrorIs(t, err, ErrWrongPassphrase)
	writeRaw(t, path, raw, "ciphertext", base64.StdEncoding.EncodeToString(ct[:len(ct)-1]))
	_, err = Load(path, []byte(testPassphrase))
	assertErrorIs(t, err, ErrWrongPassphrase)
}

func TestLoadTamperedHeader(t *testing.T) {
	t.Parallel()
	otherBytes := func(n int) string { return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, n)) }
	tests := []struct {
		field string
		value any
		want  error
	}{
		{"n", 2048, ErrWrongPassphrase},
		{"n", 512, ErrWrongPassphrase},
		{"r", 4, ErrWrongPassphrase},
		{"p", 2, ErrWrongPassphrase},
		{"salt", otherBytes(saltLen), ErrWrongPassphrase},
		{"nonce", otherBytes(nonceLen), ErrWrongPassphrase},
		{"version", 2, ErrCorrupt},
		{"version", 0, ErrCorrupt},
		{"kdf", "argon2id", ErrCorrupt},
		{"n", 1000, ErrCorrupt},             // not a power of two
		{"n", 1 << 30, ErrCorrupt},          // would need 128 GiB
		{"r", 0, ErrCorrupt},                // invalid
		{"p", 1000, ErrCorrupt},             // too slow
		{"r", 1 << 20, ErrCorrupt},          // too much memory
		{"salt", otherBytes(4), ErrCorrupt}, // too short
		{"nonce", otherBytes(24), ErrCorrupt},
		{"nonce", "not base64!", ErrCorrupt},
		{"ciphertext", otherBytes(8), ErrCorrupt},
		{"comment", "unauthenticated extra field", ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "credentials.json")
			saveFast(t, path, testCreds, testPassphrase)
			writeRaw(t, path, decodeRaw(t, readFile(t, path)), tt.field, tt.value)
			c, err := Load(path, []byte(testPassphrase))
			assertErrorIs(t, err, tt.want)
			if !c.Equal(Credentials{}) {
				t.Errorf("Load returned %v with an error", c)
			}
		})
	}
}

// TestAdditionalDataBindsHeader checks the AEAD binding itself: with the key
// held fixed, changing any header field makes decryption fail, even fields
// that would otherwise not affect it.
func TestAdditionalDataBindsHeader(t *testing.T) {
	t.Parallel()
	doc := document{Version: 1, KDF: kdfScrypt, N: 1024, R: 8, P: 1,
		Salt: bytes.Repeat([]byte{1}, saltLen), Nonce: bytes.Repeat([]byte{2}, nonceLen)}
	key := bytes.Repeat([]byte{3}, keyLen)
	if err := seal(key, &doc, []byte("payload")); err != nil {
		t.Fatal(err)
	}
	if got, err := open(key, &doc); err != nil || string(got) != "payload" {
		t.Fatalf("open of untouched document = %q, %v", got, err)
	}
	for name, change := range map[string]func(d *document){
		"version": func(d *document) { d.Version = 2 },
		"kdf":     func(d *document) { d.KDF = "scrypt2" },
		"n":       func(d *document) { d.N = 2048 },
		"r":       func(d *document) { d.R = 9 },
		"p":       func(d *document) { d.P = 2 },
		"salt":    func(d *document) { d.Salt = bytes.Repeat([]byte{9}, saltLen) },
	} {
		d := doc
		change(&d)
		if _, err := open(key, &d); err == nil {
			t.Errorf("changing %s did not break authentication", name)
		}
	}
}

func TestLoadCorrupt(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"empty":         "",
		"not JSON":      "access_key=" + testAccess + "\nsecret_key=" + testSecret + "\n",
		"JSON array":    "[]",
		"plaintext":     `{"access_key":"` + testAccess + `","secret_key":"` + testSecret + `"}`,
		"truncated":     `{"version":1,"kdf":"scrypt","n":1024`,
		"trailing data": `{"version":1} {}`,
		"wrong types":   `{"version":"1"}`,
		"no version":    `{"kdf":"scrypt"}`,
		"huge":          `{"kdf":"` + strings.Repeat("x", maxFileSize) + `"}`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "credentials.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path, []byte(testPassphrase))
			assertErrorIs(t, err, ErrCorrupt)
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

// TestLoadInvalidPayload covers a file that authenticates but does not hold
// valid credentials, which only a foreign writer could produce.
func TestLoadInvalidPayload(t *testing.T) {
	t.Parallel()
	for name, plaintext := range map[string]string{
		"not JSON":      "garbage " + testSecret,
		"unknown field": `{"access_key":"` + testAccess + `","secret_key":"` + testSecret + `","x":1}`,
		"invalid keys":  `{"access_key":"short","secret_key":"` + testSecret + ` "}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "credentials.json")
			writeEncrypted(t, path, []byte(plaintext))
			_, err := Load(path, []byte(testPassphrase))
			assertErrorIs(t, err, ErrCorrupt)
		})
	}
	path := filepath.Join(t.TempDir(), "credentials.json")
	writeEncrypted(t, path, []byte(`{"access_key":"short","secret_key":"`+testSecret+`"}`))
	if _, err := Load(path, []byte(testPassphrase)); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid stored keys: %v, want it to match ErrInvalid too", err)
	}
}

func TestLoadPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permission bits are not meaningful on Windows")
	}
	t.Parallel()
	tests := []struct {
		mode fs.FileMode
		ok   bool
	}{
		{0o600, true},
		{0o400, true},
		{0o644, false},
		{0o640, false},
		{0o604, false},
		{0o660, false},
		{0o602, false},
		{0o620, false},
		{0o666, false},
		{0o777, false},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "credentials.json")
			saveFast(t, path, testCreds, testPassphrase)
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			c, err := Load(path, []byte(testPassphrase))
			if tt.ok {
				if err != nil || !c.Equal(testCreds) {
					t.Fatalf("Load of a %v file = %v, %v", tt.mode, c, err)
				}
				return
			}
			assertErrorIs(t, err, ErrInsecurePermissions)
			if want := "chmod 600 " + path; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		})
	}
}

func TestLoadNotFound(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "missing", "credentials.json")
	_, err := Load(path, []byte(testPassphrase))
	assertErrorIs(t, err, ErrNotFound)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q should wrap fs.ErrNotExist and name the path", err)
	}
}

func TestLoadDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir, []byte(testPassphrase))
	assertErrorIs(t, err, ErrCorrupt)
}

func TestCheckKDF(t *testing.T) {
	t.Parallel()
	for _, k := range []kdfParams{{1 << 15, 8, 1}, {1 << 10, 8, 1}, {2, 1, 1}, {1 << 18, 8, 1}, {1 << 15, 8, 4}} {
		if err := checkKDF(k); err != nil {
			t.Errorf("checkKDF(%+v) = %v, want nil", k, err)
		}
	}
	for _, k := range []kdfParams{{0, 8, 1}, {1, 8, 1}, {3, 8, 1}, {-4, 8, 1}, {1 << 15, 0, 1}, {1 << 15, 8, 0},
		{1 << 15, -8, 1}, {1 << 15, 8, 17}, {1 << 19, 8, 1}, {1 << 30, 1, 1}, {1 << 18, 8, 16}} {
		if err := checkKDF(k); err == nil {
			t.Errorf("checkKDF(%+v) = nil, want an error", k)
		}
	}
}

func TestEmptyPathMeansDefault(t *testing.T) {
	t.Parallel()
	want, err := DefaultPath()
	if err != nil {
		t.Skipf("no user config directory here: %v", err)
	}
	if got, err := pathOrDefault(""); got != want || err != nil {
		t.Errorf("pathOrDefault(\"\") = %q, %v; want %q", got, err, want)
	}
	if got, _ := pathOrDefault("x.json"); got != "x.json" {
		t.Errorf("pathOrDefault(\"x.json\") = %q", got)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Parallel()
	path, err := DefaultPath()
	if err != nil {
		t.Skipf("no user config directory here: %v", err)
	}
	if want := filepath.Join("bithumb", "credentials.json"); !strings.HasSuffix(path, want) || !filepath.IsAbs(path) {
		t.Errorf("DefaultPath = %q, want an absolute path ending in %q", path, want)
	}
}

func TestShellQuote(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/home/u/.config/bithumb/credentials.json": "/home/u/.config/bithumb/credentials.json",
		"/Users/u/Library/Application Support/x":   "'/Users/u/Library/Application Support/x'",
		"/tmp/it's":                                `'/tmp/it'\''s'`,
		"":                                         "''",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func decodeRaw(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("the file is not JSON: %v", err)
	}
	return m
}

// writeRaw writes raw with field set to value, with safe permissions.
func writeRaw(t *testing.T, path string, raw map[string]any, field string, value any) {
	t.Helper()
	m := make(map[string]any, len(raw)+1)
	for k, v := range raw {
		m[k] = v
	}
	m[field] = value
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeEncrypted writes a well-formed file whose payload is plaintext.
func writeEncrypted(t *testing.T, path string, plaintext []byte) {
	t.Helper()
	doc := document{Version: fileVersion, KDF: kdfScrypt, N: fastKDF.N, R: fastKDF.R, P: fastKDF.P,
		Salt: bytes.Repeat([]byte{1}, saltLen), Nonce: bytes.Repeat([]byte{2}, nonceLen)}
	key, err := deriveKey([]byte(testPassphrase), &doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := seal(key, &doc, plaintext); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func assertMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %04o, want %04o", path, got, want)
	}
}
