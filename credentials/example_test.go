package credentials_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/bithumb-go/bithumb/credentials"
)

// Example saves credentials to an encrypted file and loads them back. Printing
// them shows only the masked access key; the secret never appears.
func Example() {
	dir, err := os.MkdirTemp("", "bithumb-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "bithumb", "credentials.json") // in a real program: credentials.DefaultPath()
	passphrase := []byte("correct horse battery staple")

	creds := credentials.New("EXAMPLEaccess0123456789abcdefghijklmnop", "EXAMPLEsecret0123456789ABCDEFGHIJKLMNOP")
	if err := creds.Validate(); err != nil {
		log.Fatal(err)
	}
	if err := credentials.Save(path, creds, passphrase); err != nil {
		log.Fatal(err)
	}

	loaded, err := credentials.Load(path, passphrase)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(loaded)
	fmt.Printf("%#v\n", loaded)
	fmt.Println("same keys:", loaded.Equal(creds))

	_, err = credentials.Load(path, []byte("wrong"))
	fmt.Println("wrong passphrase:", errors.Is(err, credentials.ErrWrongPassphrase))
	// Output:
	// {AccessKey:EXAM…mnop SecretKey:********}
	// credentials.New("EXAM…mnop", "********")
	// same keys: true
	// wrong passphrase: true
}

func ExampleMask() {
	fmt.Println(credentials.Mask("0123456789abcdef"))
	fmt.Println(credentials.Mask("short"))
	// Output:
	// 0123…cdef
	// ********
}

// ExampleResolve shows how a program finds its credentials: from the
// environment when BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY are set, else
// from the credentials file, asking for the passphrase only then.
func ExampleResolve() {
	env := map[string]string{
		credentials.EnvAccessKey: "EXAMPLEaccess0123456789abcdefghijklmnop",
		credentials.EnvSecretKey: "EXAMPLEsecret0123456789ABCDEFGHIJKLMNOP",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok } // nil means os.LookupEnv
	askPassphrase := func() ([]byte, error) {
		return nil, fmt.Errorf("not asked: the environment has credentials")
	}

	creds, source, err := credentials.Resolve(lookup, "", askPassphrase)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(creds, "from the", source)
	// Output:
	// {AccessKey:EXAM…mnop SecretKey:********} from the environment
}
