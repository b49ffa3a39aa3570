package routing

import (
	"fmt"
	"regexp"
	"strings"
)

// Segment is one part of a path template between slashes.
type Segment struct {
	Literal string // set for a fixed segment
	Param   string // set for "{name}" and "{name+}"
	Greedy  bool   // "{name+}": matches the rest of the path
}

// String gives the segment back as it is written in a template.
func (s Segment) String() string {
	switch {
	case s.Greedy:
		return "{" + s.Param + "+}"
	case s.Param != "":
		return "{" + s.Param + "}"
	}
	return s.Literal
}

// Template is a parsed path template such as "/user/{id}".
type Template struct {
	Segments []Segment
}

var (
	paramName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// API Gateway resource path parts accept these characters.
	literalSegment = regexp.MustCompile(`^[A-Za-z0-9._:~@-]+$`)
)

// ParseTemplate checks a path template and splits it into segments. The
// rules are API Gateway's: a leading slash, no empty or trailing segment,
// "{name}" parameters with unique names, and a greedy "{name+}" only last.
func ParseTemplate(path string) (Template, error) {
	if path == "/" {
		return Template{}, nil
	}
	if !strings.HasPrefix(path, "/") {
		return Template{}, fmt.Errorf("%q must start with /", path)
	}
	if strings.HasSuffix(path, "/") {
		return Template{}, fmt.Errorf("%q must not end with /", path)
	}
	parts := strings.Split(path[1:], "/")
	t := Template{Segments: make([]Segment, 0, len(parts))}
	seen := map[string]bool{}
	for i, p := range parts {
		var s Segment
		switch {
		case p == "":
			return Template{}, fmt.Errorf("%q has an empty segment (//)", path)
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}"):
			name := p[1 : len(p)-1]
			if strings.HasSuffix(name, "+") {
				s.Greedy = true
				name = strings.TrimSuffix(name, "+")
				if i != len(parts)-1 {
					return Template{}, fmt.Errorf("%q: greedy {%s+} must be the last segment", path, name)
				}
			}
			if !paramName.MatchString(name) {
				return Template{}, fmt.Errorf("%q: parameter %q must be a letter or _ followed by letters, digits or _", path, p)
			}
			if seen[name] {
				return Template{}, fmt.Errorf("%q: parameter {%s} appears twice", path, name)
			}
			seen[name] = true
			s.Param = name
		case strings.ContainsAny(p, "{}"):
			return Template{}, fmt.Errorf("%q: segment %q mixes text and braces; a parameter must be a whole segment like {id}", path, p)
		case !literalSegment.MatchString(p):
			return Template{}, fmt.Errorf("%q: segment %q has characters API Gateway refuses (allowed: letters, digits and . _ : ~ @ -)", path, p)
		default:
			s.Literal = p
		}
		t.Segments = append(t.Segments, s)
	}
	return t, nil
}

// String gives the template back as written.
func (t Template) String() string {
	if len(t.Segments) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range t.Segments {
		b.WriteByte('/')
		b.WriteString(s.String())
	}
	return b.String()
}

// EdgePattern is the CloudFront path pattern that catches the template's
// paths: parameters become "*". CloudFront's "*" also matches "/", so
// "/user/*" catches "/user/1/orders" too; the stack puts more specific
// patterns first.
func (t Template) EdgePattern() string {
	if len(t.Segments) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range t.Segments {
		b.WriteByte('/')
		if s.Param != "" {
			b.WriteByte('*')
		} else {
			b.WriteString(s.Literal)
		}
	}
	return b.String()
}

// Shape ignores parameter names: /user/{id} and /user/{userId} are the same path.
func (t Template) Shape() string {
	var b strings.Builder
	for _, s := range t.Segments {
		b.WriteByte('/')
		switch {
		case s.Greedy:
			b.WriteString("{+}")
		case s.Param != "":
			b.WriteString("{}")
		default:
			b.WriteString(s.Literal)
		}
	}
	return b.String()
}

// FunctionName derives a Lambda name from the template:
// "/user/{id}" -> "api-user-id", "/files/{proxy+}" -> "api-files-proxy".
func (t Template) FunctionName() string {
	words := []string{"api"}
	for _, s := range t.Segments {
		w := s.Literal
		if s.Param != "" {
			w = s.Param
		}
		w = strings.ToLower(w)
		w = nonName.ReplaceAllString(w, "-")
		w = strings.Trim(w, "-")
		if w != "" {
			words = append(words, w)
		}
	}
	if len(words) == 1 {
		words = append(words, "root")
	}
	return strings.Join(words, "-")
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// Match reports whether a concrete request path fits the template, and
// its parameters if it does.
func (t Template) Match(path string) (map[string]string, bool) {
	if path == "/" || path == "" {
		return map[string]string{}, len(t.Segments) == 0
	}
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	params := map[string]string{}
	for i, s := range t.Segments {
		if i >= len(parts) {
			return nil, false
		}
		switch {
		case s.Greedy:
			params[s.Param] = strings.Join(parts[i:], "/")
			return params, true
		case s.Param != "":
			if parts[i] == "" {
				return nil, false
			}
			params[s.Param] = parts[i]
		case parts[i] != s.Literal:
			return nil, false
		}
	}
	return params, len(parts) == len(t.Segments)
}
