// Package credentials loads, validates and stores Bithumb API keys.
//
// A [Credentials] value, made with [New], holds an access key and a secret
// key. It is built so that the secret cannot be printed by accident:
// [Credentials.String], [Credentials.GoString], [Credentials.Format] (every fmt
// verb), [Credentials.LogValue] (log/slog) and [Credentials.MarshalJSON] show
// the access key masked by [Mask] and the secret key as "********", and the
// keys sit behind unexported pointers, so printing paths that skip those
// methods (a Credentials in an unexported struct field, a wrong verb such as
// %p) show only an address. Call [Credentials.SecretKey] only where the secret
// is really needed, for example to sign a request.
//
// Keys come from two places:
//
//   - the environment variables BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY
//     ([FromEnv], [FromEnvLookup]);
//   - a passphrase-encrypted file, by default
//     os.UserConfigDir()/bithumb/credentials.json ([DefaultPath], [Save],
//     [Load]).
//
// [Resolve] tries the environment first and falls back to the file, asking for
// the passphrase only when the file exists.
//
// Failures can be told apart with errors.Is and the sentinel errors
// [ErrNotFound], [ErrInvalid], [ErrInsecurePermissions], [ErrWrongPassphrase]
// and [ErrCorrupt]. Error messages name the offending field or file and show
// only masked values; they never contain a secret key or a passphrase.
//
// # Storage format
//
// The credentials file is a small JSON document (version 1):
//
//	{
//	  "version": 1,
//	  "kdf": "scrypt",
//	  "n": 32768,
//	  "r": 8,
//	  "p": 1,
//	  "salt": "<base64, 32 random bytes>",
//	  "nonce": "<base64, 12 random bytes>",
//	  "ciphertext": "<base64>"
//	}
//
// A 256-bit key is derived from the passphrase with scrypt using the
// parameters and salt stored in the file (N=32768, r=8, p=1 by default, about
// 32 MiB of memory). The plaintext, the JSON object
// {"access_key":"…","secret_key":"…"}, is encrypted with AES-256-GCM;
// "ciphertext" ends with the 16-byte GCM tag. Every header field (version,
// kdf, n, r, p, salt and nonce) is bound to the ciphertext as additional
// authenticated data, so a changed value makes decryption fail with
// [ErrWrongPassphrase]. A fresh random salt and nonce are drawn from
// crypto/rand on every [Save]; binary fields use standard base64 with padding.
// Because the scrypt parameters travel with the file, the defaults can be
// raised later without breaking existing files. Unknown fields, another
// version or kdf, and scrypt parameters needing more than 256 MiB of memory
// or about 32 times the default work are rejected with [ErrCorrupt] before
// any key derivation.
//
// The file is written atomically (a temporary file in the same directory is
// renamed over the target) with mode 0600, and a missing parent directory is
// created with mode 0700. Like ssh, [Load] refuses a file that other users may
// read or write (mode & 0o077 != 0) with [ErrInsecurePermissions]; the error
// says to run chmod 600 on it. That check is skipped on Windows, where Unix
// permission bits are not meaningful.
//
// # Limits of the masking
//
// The masking protects against accidents, not against code that asks for the
// secret: the string returned by [Credentials.SecretKey] is an ordinary string,
// and deep dumpers that follow pointers and ignore methods (go-spew, for
// example) print the keys.
package credentials
