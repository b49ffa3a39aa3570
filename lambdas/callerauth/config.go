package callerauth

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Environment of the authorizer function (set by constructs.CallerAuthorizer).
const (
	EnvMode             = "AUTH_MODE" // jwt or delegate
	EnvHeader           = "AUTH_HEADER"
	EnvIssuer           = "JWT_ISSUER"
	EnvAudiences        = "JWT_AUDIENCES" // comma-separated
	EnvJWKSURL          = "JWT_JWKS_URL"
	EnvAlgorithms       = "JWT_ALGORITHMS" // comma-separated
	EnvClockSkewSeconds = "JWT_CLOCK_SKEW_SECONDS"
	EnvDelegateURL      = "DELEGATE_URL"
	EnvOriginHeader     = "ORIGIN_HEADER"
	EnvSessionCookies   = "SESSION_COOKIES" // comma-separated; with AUTH_HEADER Cookie
	EnvOriginSecretARN  = "ORIGIN_SECRET_ARN"
)

// Config is the authorizer's environment, read.
type Config struct {
	Mode            string
	Header          string
	JWT             JWTConfig
	Delegate        DelegateConfig
	OriginSecretARN string
}

// ConfigFromEnv reads the environment; every missing or bad variable is named.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{Mode: getenv(EnvMode), Header: getenv(EnvHeader)}
	if c.Header == "" {
		c.Header = "Authorization"
	}
	var problems []string
	need := func(k string) string {
		v := getenv(k)
		if v == "" {
			problems = append(problems, k+" is not set")
		}
		return v
	}
	switch c.Mode {
	case "jwt":
		c.JWT.Issuer = need(EnvIssuer)
		c.JWT.Audiences = split(need(EnvAudiences))
		c.JWT.JWKSURL = need(EnvJWKSURL)
		c.JWT.Algorithms = split(getenv(EnvAlgorithms))
		if s := getenv(EnvClockSkewSeconds); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				problems = append(problems, fmt.Sprintf("%s=%q is not a number of seconds", EnvClockSkewSeconds, s))
			}
			c.JWT.ClockSkew = time.Duration(n) * time.Second
		}
	case "delegate":
		c.Delegate.URL = need(EnvDelegateURL)
		c.Delegate.Header = c.Header
		c.Delegate.Cookies = split(getenv(EnvSessionCookies))
		c.Delegate.OriginHeader = getenv(EnvOriginHeader)
		c.OriginSecretARN = getenv(EnvOriginSecretARN)
		if (c.Delegate.OriginHeader == "") != (c.OriginSecretARN == "") {
			problems = append(problems, EnvOriginHeader+" and "+EnvOriginSecretARN+" go together")
		}
	default:
		problems = append(problems, fmt.Sprintf("%s=%q: use jwt or delegate", EnvMode, c.Mode))
	}
	if len(problems) > 0 {
		return c, fmt.Errorf("authorizer environment: %s", strings.Join(problems, "; "))
	}
	return c, nil
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Verifier makes the configured mode's verifier (the origin secret, when
// set, already read into Delegate.OriginSecret).
func (c Config) Verifier() (Verifier, error) {
	if c.Mode == "jwt" {
		return NewJWTVerifier(c.JWT)
	}
	return NewDelegateVerifier(c.Delegate)
}
