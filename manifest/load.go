package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load reads, checks and completes the manifest at path. Relative paths in
// it (lambdasDir) start at the manifest's folder. Problems come back as an
// *Error, one line each, naming file, line, route and field, in two rounds:
// first every unknown field and wrong type, then (once those are fixed)
// every rule the stack relies on.
func Load(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading route manifest: %w", err)
	}
	return Parse(data, path, filepath.Dir(path))
}

// Parse is Load for bytes already read: name is used in messages, dir is
// where relative paths start. With dir == "" the Lambda folders are not
// checked (a planner's draft has none yet).
func Parse(data []byte, name, dir string) (*Manifest, error) {
	e := &Error{File: name}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		e.add(yamlLine(err.Error()), "", "not valid YAML or JSON: "+stripLinePrefix(err.Error()))
		return nil, e
	}
	if len(root.Content) == 0 {
		e.add(0, "", "the file is empty; start from manifest/testdata/minimal.yaml")
		return nil, e
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		e.add(doc.Line, "", fmt.Sprintf("the manifest must be a mapping of fields (legacy:, routes:, ...), not a %s; start from manifest/testdata/minimal.yaml", kindName(doc)))
		return nil, e
	}
	lines := map[string]int{}
	checkFields(doc, reflect.TypeOf(Manifest{}), "", lines, e)
	var m Manifest
	if err := doc.Decode(&m); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, msg := range te.Errors {
				line := yamlLine(msg)
				if !e.has(line, stripLinePrefix(msg)) { // scalars were reported by checkFields
					e.add(line, fieldAt(lines, line, doc), stripLinePrefix(msg))
				}
			}
		} else {
			e.add(0, "", err.Error())
		}
	}
	// A misspelt field leaves its value unset, so checking the rest now would
	// add knock-on noise ("missing path" for a "paht"): fix these first.
	if len(e.Problems) > 0 {
		return nil, e
	}
	m.dir = dir
	m.applyDefaults()
	v := validator{m: &m, lines: lines, err: e, warn: &Error{File: name}}
	v.run()
	if len(e.Problems) > 0 {
		return nil, e
	}
	for _, p := range v.warn.Problems {
		m.warnings = append(m.warnings, v.warn.line(p))
	}
	return &m, nil
}

// Problem is one thing wrong in a manifest.
type Problem struct {
	Line    int    // 1-based; 0 when unknown
	Where   string // e.g. `route /user/{id} (routes[1]), timeoutSeconds`
	Message string // what is wrong and how to fix it
}

// Error lists every problem found in one manifest.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) add(line int, where, msg string) {
	// One line per problem, whatever a quoted value holds.
	msg = strings.ReplaceAll(msg, "\n", `\n`)
	where = strings.ReplaceAll(where, "\n", `\n`)
	e.Problems = append(e.Problems, Problem{Line: line, Where: where, Message: msg})
}

// kindName says what a YAML node is, in the words of the manifest's docs.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value (" + strings.TrimPrefix(n.ShortTag(), "!!") + ")"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}

func (e *Error) has(line int, msg string) bool {
	for _, p := range e.Problems {
		if p.Line == line && p.Message == msg {
			return true
		}
	}
	return false
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "route manifest %s has %d problem(s):", e.File, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(e.line(p))
	}
	return b.String()
}

// line formats one problem: "file:line: where: message".
func (e *Error) line(p Problem) string {
	s := e.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
	}
	s += ": "
	if p.Where != "" {
		s += p.Where + ": "
	}
	return s + p.Message
}

var lineRef = regexp.MustCompile(`line (\d+)`)

func yamlLine(msg string) int {
	if m := lineRef.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

func stripLinePrefix(msg string) string {
	msg = strings.TrimPrefix(msg, "yaml: ")
	if i := strings.Index(msg, ": "); i > 0 && strings.HasPrefix(msg, "line ") {
		return msg[i+2:]
	}
	return msg
}

// checkFields walks the YAML tree beside the Go type it will decode into,
// so that a misspelt field is an error with a suggestion instead of being
// silently dropped, and records the line of every key for later messages.
func checkFields(n *yaml.Node, t reflect.Type, path string, lines map[string]int, e *Error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		known := map[string]reflect.Type{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			known[name] = f.Type
			names = append(names, name)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			child := k.Value
			if path != "" {
				child = path + "." + k.Value
			}
			ft, ok := known[k.Value]
			if !ok {
				msg := fmt.Sprintf("unknown field %q", k.Value)
				if s := closest(k.Value, names); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				} else {
					sort.Strings(names)
					msg += "; known fields: " + strings.Join(names, ", ")
				}
				e.add(k.Line, describe(path, n), msg)
				continue
			}
			lines[child] = k.Line
			if v.Kind == yaml.ScalarNode && isScalar(ft) {
				// Decoded here, a wrong type is reported at its own field even
				// when several fields share a line (flow style, one-line JSON).
				if err := v.Decode(reflect.New(ft).Interface()); err != nil {
					where := describe(path, n)
					if where == "top level" {
						where = ""
					} else if strings.HasPrefix(where, "route ") {
						where += ", "
					} else {
						where += "."
					}
					e.add(k.Line, where+k.Value, typeMessage(err))
				}
				continue
			}
			checkFields(v, ft, child, lines, e)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			child := fmt.Sprintf("%s[%d]", path, i)
			lines[child] = item.Line
			checkFields(item, t.Elem(), child, lines, e)
		}
	}
}

func isScalar(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64, reflect.String:
		return true
	}
	return false
}

func typeMessage(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return stripLinePrefix(te.Errors[0])
	}
	return stripLinePrefix(err.Error())
}

// describe names the mapping at path for a message; a route is named by
// its path template as well as its index, since people know routes by path.
func describe(path string, n *yaml.Node) string {
	if path == "" {
		return "top level"
	}
	if strings.HasPrefix(path, "routes[") && !strings.Contains(path, ".") {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "path" {
				return fmt.Sprintf("route %s (%s)", n.Content[i+1].Value, path)
			}
		}
	}
	return path
}

// fieldAt names the field whose key is on line, for decoding errors that
// give only a line.
func fieldAt(lines map[string]int, line int, doc *yaml.Node) string {
	best := ""
	for p, l := range lines {
		if l == line && len(p) > len(best) {
			best = p
		}
	}
	if m := routeIndex.FindStringSubmatch(best); m != nil {
		var i int
		fmt.Sscan(m[1], &i)
		if routes := child(doc, "routes"); routes != nil && i < len(routes.Content) {
			w := describe("routes["+m[1]+"]", routes.Content[i])
			if m[2] != "" {
				w += ", " + m[2]
			}
			return w
		}
	}
	return best
}

func child(n *yaml.Node, key string) *yaml.Node {
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// closest returns the known name within two edits of s, if any.
func closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(strings.ToLower(s), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Encode writes m as YAML in the layout Load reads: how the planner writes
// a draft manifest for a person to review.
func Encode(m *Manifest) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
