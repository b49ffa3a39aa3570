package routing

import (
	"fmt"
	"regexp"
	"strings"
)

// The rules a route manifest and a construct both need: the manifest
// reports them with file and line, the constructs with their path.

// SiblingConflict is a template whose variable part under some parent
// differs from the one an earlier template uses there ("/user/{name}/orders"
// after "/user/{id}"): API Gateway allows one variable part per level and
// refuses the deploy, not the synth.
type SiblingConflict struct {
	Index, Other     int    // the template, and the earlier one
	Parent           string // "/user/"
	Segment, Earlier string // "{name}", "{id}"
}

func (c SiblingConflict) Error() string {
	return fmt.Sprintf("uses %s under %q where %s is used; API Gateway allows one variable part per level: use the same name", c.Segment, c.Parent, c.Earlier)
}

// SiblingConflicts lists each template (at most once) that conflicts with
// an earlier one.
func SiblingConflicts(ts []Template) []SiblingConflict {
	type owner struct {
		seg   string
		index int
	}
	vars := map[string]owner{} // parent path -> the variable part used under it
	var out []SiblingConflict
	for i, t := range ts {
		parent := ""
		for _, s := range t.Segments {
			if s.Param != "" {
				if o, seen := vars[parent]; seen && o.seg != s.String() {
					out = append(out, SiblingConflict{Index: i, Other: o.index, Parent: parent + "/", Segment: s.String(), Earlier: o.seg})
					break
				} else if !seen {
					vars[parent] = owner{s.String(), i}
				}
			}
			parent += "/" + s.String()
		}
	}
	return out
}

// CloudFront path patterns: up to 255 characters of these, * and ? as
// wildcards (AWS CloudFront Developer Guide, "Path pattern").
var patternChars = regexp.MustCompile(`^[A-Za-z0-9_\-.*$/~"'@:+?&=,;!%]+$`)

// CheckPattern says what is wrong with a CloudFront path pattern, if
// anything: it starts with "/", is at most 255 characters of those
// CloudFront accepts, and is not an API Gateway template ("/user/{id}",
// whose braces CloudFront would match literally; EdgePattern makes one).
func CheckPattern(p string) error {
	switch {
	case strings.ContainsAny(p, "{}"):
		hint := ""
		if t, err := ParseTemplate(p); err == nil {
			hint = fmt.Sprintf(" (%s)", t.EdgePattern())
		}
		return fmt.Errorf("path pattern %q is an API Gateway template: CloudFront would match its braces literally; give its CloudFront pattern, with * for each parameter%s", p, hint)
	case !strings.HasPrefix(p, "/"):
		return fmt.Errorf("path pattern %q must start with /", p)
	case len(p) > 255:
		return fmt.Errorf("path pattern %q is %d characters; CloudFront takes at most 255", p, len(p))
	case !patternChars.MatchString(p):
		return fmt.Errorf("path pattern %q has characters CloudFront refuses (allowed: letters, digits, _ - . * $ / ~ \" ' @ : + ? & = , ; ! %%)", p)
	}
	return nil
}

var domainName = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`)

// CheckDomainName says what is wrong with an origin's domain name, if
// anything: a bare DNS name, without scheme, port or path.
func CheckDomainName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("missing; give the origin's host name, e.g. legacy-api.example.com")
	case strings.Contains(name, "://") || strings.Contains(name, "/") || strings.Contains(name, ":"):
		return fmt.Errorf("%q must be a bare host name, without scheme, port or path", name)
	case !domainName.MatchString(strings.ToLower(name)):
		return fmt.Errorf("%q is not a DNS name CloudFront can use as an origin", name)
	}
	return nil
}
