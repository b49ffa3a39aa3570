package stacks_test

import (
	"strings"
	"testing"
)

// The web ACL the stack makes logs, with the origin secret's header
// redacted too; `logging: false` turns it off.
func TestWebAclLoggingFromManifest(t *testing.T) {
	tp := synth(t, fixture(t, sessionCookieManifest))
	cfg := jsonOf(t, tp.resources("AWS::WAFv2::LoggingConfiguration"))
	if !strings.Contains(cfg, `{"SingleHeader":{"Name":"authorization"}},{"SingleHeader":{"Name":"cookie"}},{"SingleHeader":{"Name":"x-api-key"}},{"SingleHeader":{"Name":"x-origin-verify"}}`) {
		t.Errorf("logging configuration %s", cfg)
	}
	off := synth(t, fixture(t, strings.Replace(sessionCookieManifest, "webAcl: {mode: count, rateLimit: 1000}", "webAcl: {mode: count, rateLimit: 1000, logging: false}", 1)))
	if n := len(off.resources("AWS::WAFv2::LoggingConfiguration")); n != 0 {
		t.Errorf("%d logging configurations with logging: false", n)
	}
}
