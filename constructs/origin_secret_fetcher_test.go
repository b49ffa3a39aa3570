package constructs_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The nginx fetcher docs/security.md gives the monolith for a rotating
// origin secret, run as written against a stand-in aws command: every
// value it reads lands in the map; a value it cannot read, or an empty
// one, keeps the previous map (a line `"" 1;` would let requests without
// the header in), as does a failed listing.
func TestOriginSecretFetcherInTheDocs(t *testing.T) {
	doc, err := os.ReadFile("../docs/security.md")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(doc), "#!/bin/sh -e\n# /etc/cron.d")
	if start < 0 {
		t.Fatal("docs/security.md has no nginx fetcher")
	}
	script := string(doc)[start:]
	script = script[:strings.Index(script, "```")]
	dir := t.TempDir()
	out := filepath.Join(dir, "origin-secrets.map")
	script = strings.ReplaceAll(script, "/etc/nginx/origin-secrets.map", out)
	script = strings.ReplaceAll(script, "nginx -s reload", "echo reloaded")
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("fetch.sh", script)
	// list-secrets must filter on the stack's tag; each ARN's value comes
	// from the environment (unset: the call fails).
	write("aws", `#!/bin/sh
case "$2" in
list-secrets)
  case "$*" in *"Key=tag-value,Values=arn:aws:cloudformation:"*) ;; *) echo "no stack tag filter" >&2; exit 2;; esac
  [ -n "$LIST_FAILS" ] && exit 254
  echo "arnA	arnB";;
get-secret-value)
  eval v=\${VALUE_$(echo "$4" | cut -c4)+x}; [ -z "$v" ] && exit 254
  eval echo \"\$VALUE_$(echo "$4" | cut -c4)\";;
esac
`)
	run := func(env ...string) (string, error) {
		cmd := exec.Command("/bin/sh", filepath.Join(dir, "fetch.sh"))
		cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
		cmd.Env = append(cmd.Env, env...)
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	mapFile := func() string { b, _ := os.ReadFile(out); return string(b) }

	if got, err := run("VALUE_A=alpha", "VALUE_B=beta"); err != nil || !strings.Contains(got, "reloaded") {
		t.Fatalf("both readable: %v %s", err, got)
	}
	want := "\"alpha\" 1;\n\"beta\" 1;\n"
	if mapFile() != want {
		t.Fatalf("map %q, want %q", mapFile(), want)
	}
	for _, c := range []struct {
		name string
		env  []string
	}{
		{"a value cannot be read", []string{"VALUE_A=gamma"}},
		{"a value is empty", []string{"VALUE_A=gamma", "VALUE_B="}},
		{"the listing fails", []string{"VALUE_A=gamma", "VALUE_B=delta", "LIST_FAILS=1"}},
	} {
		got, _ := run(c.env...)
		if mapFile() != want || strings.Contains(got, "reloaded") {
			t.Errorf("%s: map now %q (output %s), want the previous one kept", c.name, mapFile(), got)
		}
		if _, err := os.Stat(out + ".new"); err == nil {
			t.Errorf("%s: %s.new left behind", c.name, out)
		}
	}
}
