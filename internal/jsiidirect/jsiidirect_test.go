package jsiidirect

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/internal/jsiitest"
)

var enabled, enableErr = Enable()

// jsiitest stops the kernel when the tests are done: jsii-runtime-go
// removes its copy of the runtime from the temporary folder only then.
func TestMain(m *testing.M) { os.Exit(jsiitest.Run(m)) }

// A synth through the wrapper writes the template, and this process has
// one Node child, the kernel itself: through the relay it would have the
// relay, whose own child is the kernel.
func TestSynthRunsTheKernelInOneNodeProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	if enableErr != nil {
		t.Fatalf("Enable: %v", enableErr)
	}
	out := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(out), BuiltinCloudFormationValidation: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("Direct"), nil)
	awssns.NewTopic(stack, jsii.String("Topic"), nil)
	app.Synth(nil)
	template, err := os.ReadFile(filepath.Join(out, "Direct.template.json"))
	if err != nil || !strings.Contains(string(template), "AWS::SNS::Topic") {
		t.Fatalf("template: %v\n%s", err, template)
	}

	children := childProcesses(t, os.Getpid())
	if len(children) != 1 {
		t.Fatalf("%d child processes, want the kernel alone: %v", len(children), children)
	}
	if grandchildren := childProcesses(t, children[0]); len(grandchildren) != 0 {
		t.Fatalf("the Node child has children %v: the relay ran", grandchildren)
	}
	if os.Getenv("JSII_NODE") != enabled {
		t.Fatalf("JSII_NODE = %q, want %q", os.Getenv("JSII_NODE"), enabled)
	}
}

func childProcesses(t *testing.T, pid int) []int {
	t.Helper()
	tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
	var out []int
	for _, task := range tasks {
		raw, err := os.ReadFile(task)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range strings.Fields(string(raw)) {
			n, err := strconv.Atoi(f)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, n)
		}
	}
	return out
}

// The wrapper lands in a folder whatever its name (here with a space and a
// quote, which the shell line must keep, as in the code cache's path), is
// rewritten by nobody once there, and starts node.js on the entrypoint it
// is given: a kernel on fd 3 runs in that Node, compiled through the code
// cache; another is left to the relay.
func TestWrapperStartsNodeJS(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "it's cached")
	codeCache := filepath.Join(dir, "code cache's")
	exe, err := writeWrapper(dir, codeCache)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := os.Stat(exe)
	if again, err := writeWrapper(dir, codeCache); err != nil || again != exe {
		t.Fatalf("second write: %q, %v", again, err)
	}
	if second, _ := os.Stat(exe); !second.ModTime().Equal(first.ModTime()) || second.Mode().Perm() != 0o755 {
		t.Fatalf("rewritten or not executable: %v then %v", first.Mode(), second.Mode())
	}
	for _, c := range []struct{ kernel, want string }{
		// The kernel's console output comes as the relay's JSON lines.
		{"// readFD:3,writeFD:3\nprocess.stdout.write('kernel ran with ' + process.execArgv.join(' '))",
			`{"stdout":"` + base64.StdEncoding.EncodeToString([]byte("kernel ran with --preserve-symlinks")) + `"}`},
		{"", "relay ran with --preserve-symlinks"},
	} {
		entrypoint := standInRuntime(t, c.kernel)
		out, err := exec.Command(exe, entrypoint).CombinedOutput()
		if err != nil || !strings.Contains(string(out), c.want) {
			t.Fatalf("%v: %s", err, out)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(codeCache, "*", "*"))
	if len(entries) != 1 {
		t.Fatalf("code cache %q holds %v, want the kernel's entry alone", codeCache, entries)
	}
}

// standInRuntime writes stand-ins for jsii-runtime-go's files: a relay
// that says it ran, and kernel as its lib/program.js.
func standInRuntime(t *testing.T, kernel string) (entrypoint string) {
	t.Helper()
	runtimeDir := t.TempDir()
	for name, content := range map[string]string{
		"bin/jsii-runtime.js": "process.stdout.write('relay ran with ' + process.execArgv.join(' '))",
		"lib/program.js":      kernel,
	} {
		path := filepath.Join(runtimeDir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(runtimeDir, "bin", "jsii-runtime.js")
}
