package manifest

import (
	"fmt"
	"regexp"
	"strings"
)

type validator struct {
	m     *Manifest
	lines map[string]int
	err   *Error
	warn  *Error // warnings: worth a look, but the manifest loads
}

// at reports a problem at a field path such as "routes[1].timeoutSeconds".
func (v *validator) at(path, format string, args ...any) {
	v.err.add(v.line(path), v.where(path), fmt.Sprintf(format, args...))
}

// warnAt is at for a warning.
func (v *validator) warnAt(path, format string, args ...any) {
	v.warn.add(v.line(path), v.where(path), fmt.Sprintf(format, args...))
}

// line is the line of the field at path, or of the nearest enclosing one
// written in the file.
func (v *validator) line(path string) int {
	line := v.lines[path]
	for p := path; line == 0 && p != ""; {
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
		line = v.lines[p]
	}
	return line
}

var routeIndex = regexp.MustCompile(`^routes\[(\d+)\]\.?(.*)$`)

// where names a route by its path as well as its index: people know routes by path.
func (v *validator) where(path string) string {
	if m := routeIndex.FindStringSubmatch(path); m != nil {
		var i int
		fmt.Sscan(m[1], &i)
		w := fmt.Sprintf("route %s (routes[%d])", v.m.Routes[i].Path, i)
		if v.m.Routes[i].Path == "" {
			w = fmt.Sprintf("routes[%d]", i)
		}
		if m[2] != "" {
			w += ", " + m[2]
		}
		return w
	}
	return path
}

var (
	functionName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	stackName    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)
	envName      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	acmARN       = regexp.MustCompile(`^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate/[A-Za-z0-9-]+$`)
	// webACLARN is a WAFv2 web ACL of scope CLOUDFRONT ("global"), the only kind CloudFront takes.
	webACLARN    = regexp.MustCompile(`^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global/webacl/[A-Za-z0-9_-]{1,128}/[A-Za-z0-9-]+$`)
	secretARN    = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$`)
	domainName   = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`)
	vpcID        = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	subnetID     = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	sgID         = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)
	validMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY"}
	// Lambda sets these itself and refuses them in a function's configuration.
	reservedEnv = map[string]bool{
		"_HANDLER": true, "_X_AMZN_TRACE_ID": true, "AWS_DEFAULT_REGION": true, "AWS_REGION": true,
		"AWS_EXECUTION_ENV": true, "AWS_LAMBDA_FUNCTION_NAME": true, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": true,
		"AWS_LAMBDA_FUNCTION_VERSION": true, "AWS_LAMBDA_INITIALIZATION_TYPE": true, "AWS_LAMBDA_LOG_GROUP_NAME": true,
		"AWS_LAMBDA_LOG_STREAM_NAME": true, "AWS_ACCESS_KEY": true, "AWS_ACCESS_KEY_ID": true,
		"AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true, "AWS_LAMBDA_RUNTIME_API": true,
		"LAMBDA_TASK_ROOT": true, "LAMBDA_RUNTIME_DIR": true, "TZ": true,
	}
	// CloudWatch Logs accepts only these retention periods.
	logRetentions = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
)

func (v *validator) run() {
	m := v.m
	v.legacy()
	v.network()
	v.gateway()
	v.lambdaDefaults()
	if m.Alarms.ConcurrencyPercent < 1 || m.Alarms.ConcurrencyPercent > 100 {
		v.at("alarms.concurrencyPercent", "%d is not a percentage; use 1-100 (default 80)", m.Alarms.ConcurrencyPercent)
	}
	if m.Alarms.Email != "" && !strings.Contains(m.Alarms.Email, "@") {
		v.at("alarms.email", "%q is not an email address", m.Alarms.Email)
	}
	if len(m.Routes) == 0 {
		v.at("routes", "no routes; add at least one, e.g. {path: /user/{id}, methods: [GET]}")
		return
	}
	templates := make([]Template, len(m.Routes))
	ok := make([]bool, len(m.Routes))
	for i := range m.Routes {
		templates[i], ok[i] = v.route(i)
	}
	v.duplicates(templates, ok)
	v.siblings(templates, ok)
	v.functions(ok)
	v.concurrency()
	v.apiResources(templates, ok)
	v.cachePolicies(v.edgeBehaviors())
	v.databases()
	v.failover()
	v.auth()
	v.originSecret()
	v.webACL()
	v.originKeyRotation()
	v.cors()
	v.securityHeaders()
	v.responseHeadersPolicies()
}
