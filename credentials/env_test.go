package credentials

import (
	"errors"
	"strings"
	"testing"
)

// mapLookup returns a lookup function backed by m, like os.LookupEnv.
func mapLookup(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestFromEnvLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		wantErr error    // nil means success
		msg     []string // substrings of the error
	}{
		{"both set", map[string]string{EnvAccessKey: testAccess, EnvSecretKey: testSecret}, nil, nil},
		{"neither set", nil, ErrNotFound, []string{EnvAccessKey, EnvSecretKey, "neither"}},
		{"both empty", map[string]string{EnvAccessKey: "", EnvSecretKey: ""}, ErrNotFound, nil},
		{"unrelated variables", map[string]string{"BITHUMB_ACCESS": testAccess, "SECRET_KEY": testSecret}, ErrNotFound, nil},
		{"only access", map[string]string{EnvAccessKey: testAccess}, ErrInvalid,
			[]string{EnvAccessKey + " is set but " + EnvSecretKey + " is not"}},
		{"only secret", map[string]string{EnvSecretKey: testSecret}, ErrInvalid,
			[]string{EnvSecretKey + " is set but " + EnvAccessKey + " is not"}},
		{"secret empty", map[string]string{EnvAccessKey: testAccess, EnvSecretKey: ""}, ErrInvalid,
			[]string{EnvSecretKey + " is not"}},
		{"trailing newline", map[string]string{EnvAccessKey: testAccess, EnvSecretKey: testSecret + "\n"}, ErrInvalid,
			[]string{"invalid " + EnvSecretKey + ` "********": contains a newline at position 43 of 43`}},
		{"short access", map[string]string{EnvAccessKey: "abc", EnvSecretKey: testSecret}, ErrInvalid,
			[]string{"invalid " + EnvAccessKey + ` "********": is 3 characters long`}},
		{"both invalid", map[string]string{EnvAccessKey: "abc", EnvSecretKey: "x y"}, ErrInvalid,
			[]string{"invalid " + EnvAccessKey, "invalid " + EnvSecretKey}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := FromEnvLookup(mapLookup(tt.env))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("FromEnvLookup: %v", err)
				}
				if !c.Equal(testCreds) {
					t.Errorf("got %v, want %v", c, testCreds)
				}
				return
			}
			assertErrorIs(t, err, tt.wantErr)
			if tt.wantErr != ErrNotFound && errors.Is(err, ErrNotFound) {
				t.Errorf("error %q matches ErrNotFound; Resolve would fall back to the file", err)
			}
			if !c.Equal(Credentials{}) {
				t.Errorf("got %v with an error, want the zero value", c)
			}
			for _, want := range tt.msg {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}
