package local

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// LoadSecrets reads the values a local run gives functions in place of the
// manifest's secrets: a JSON object of function name -> variable -> value,
// e.g. {"api-user-id": {"DB_HOST": "127.0.0.1", "DB_PASSWORD": "${DB_PASSWORD}"}}.
// ${NAME} in a value is the local environment's NAME, so the file need
// not hold a password. The manifest holds only secret ARNs: a local run
// never reads Secrets Manager.
func LoadSecrets(file string, getenv func(string) string) (map[string]map[string]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("secrets file: %w", err)
	}
	var out map[string]map[string]string
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("secrets file %s: %v; write {\"<function>\": {\"VARIABLE\": \"value or ${ENV_NAME}\"}}", file, err)
	}
	var missing []string
	for fn, vars := range out {
		for k, v := range vars {
			vars[k] = envReference.ReplaceAllStringFunc(v, func(ref string) string {
				name := ref[2 : len(ref)-1]
				val := getenv(name)
				if val == "" {
					missing = append(missing, fmt.Sprintf("%s.%s needs $%s", fn, k, name))
				}
				return val
			})
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("secrets file %s: %s, unset in this environment; export it or write the value", file, strings.Join(missing, ", "))
	}
	return out, nil
}

var envReference = regexp.MustCompile(`\$\{[A-Za-z_][A-Za-z0-9_]*\}`)
