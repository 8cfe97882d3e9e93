package sim

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// KeysFileName is the file in Config.DataDir that keeps the keys the
// simulator generated, so that they still work after a restart. It is
// written with mode 0600: it holds secrets.
const KeysFileName = "keys.json"

// savedKey is a key the simulator generated in whole or in part, as
// kept in KeysFileName. A secret that came from the configuration or the
// environment is never saved.
type savedKey struct {
	// Slot identifies the key within its account: its configured access
	// key, or "#n" for the n-th key configured without one.
	Account string `json:"account"`
	Slot    string `json:"slot"`
	// AccessKey is the key's access key (generated when Slot is "#n").
	AccessKey string `json:"access_key"`
	// SecretKey is the generated secret; empty when it was configured.
	SecretKey string `json:"secret_key,omitempty"`
}

// generateKeys fills the missing halves of the configured keys: from the
// saved keys when a data directory holds one for the same account and
// slot, else from crypto/rand. It records which secrets the simulator
// generated (only those are printed in the banner) and returns what to
// save.
func (c *Config) generateKeys(saved []savedKey) []savedKey {
	byID := map[string]savedKey{}
	for _, k := range saved {
		byID[k.Account+"\x00"+k.Slot] = k
	}
	var out []savedKey
	for i := range c.Accounts {
		a := &c.Accounts[i]
		unnamed := 0
		for j := range a.Keys {
			k := &a.Keys[j]
			if k.AccessKey != "" && k.SecretKey != "" {
				continue
			}
			slot := k.AccessKey
			if slot == "" {
				unnamed++
				slot = "#" + strconv.Itoa(unnamed)
			}
			prev := byID[a.ID+"\x00"+slot]
			if k.AccessKey == "" {
				k.AccessKey = prev.AccessKey
				if k.AccessKey == "" {
					k.AccessKey = randomHex(20)
				}
			}
			s := savedKey{Account: a.ID, Slot: slot, AccessKey: k.AccessKey}
			if k.SecretKey == "" {
				k.SecretKey = prev.SecretKey
				if k.SecretKey == "" {
					k.SecretKey = randomHex(32)
				}
				s.SecretKey = k.SecretKey
				if c.generatedSecrets == nil {
					c.generatedSecrets = map[string]bool{}
				}
				c.generatedSecrets[k.AccessKey] = true
			}
			out = append(out, s)
		}
	}
	return out
}

// loadKeys reads the saved keys of a data directory; a directory without
// the file has none.
func loadKeys(dir string) ([]savedKey, error) {
	path := filepath.Join(dir, KeysFileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	var keys []savedKey
	if err := json.Unmarshal(data, &keys); err != nil {
		return nil, fmt.Errorf("sim: %s: %w", path, err)
	}
	return keys, nil
}

// saveKeys replaces the saved keys of a data directory: it writes a new
// file with mode 0600 and renames it over the old one, so that a crash
// leaves either file whole.
func saveKeys(dir string, keys []savedKey) error {
	data, err := json.MarshalIndent(keys, "", "  ")
	if err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	tmp, err := os.CreateTemp(dir, KeysFileName+".*")
	if err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("sim: %w", err)
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("sim: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, KeysFileName)); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	return nil
}

// randomHex returns n random bytes as hex (keys are secrets, so they come
// from crypto/rand, not from the seed).
func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("sim: crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b)
}
