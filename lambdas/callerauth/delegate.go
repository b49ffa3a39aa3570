package callerauth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxSessionBytes bounds the session endpoint's answer.
const maxSessionBytes = 64 << 10

// DelegateConfig says how to ask the monolith.
type DelegateConfig struct {
	// URL of the monolith's token or session endpoint, e.g.
	// "https://legacy-api.example.com/session". Required.
	URL string
	// Header the credential is sent in, as the caller sent it. Default: Authorization.
	Header string
	// Cookies, with Header "Cookie", are the session cookies that identify
	// a caller: only they are sent to the endpoint (a request without any
	// is refused without asking), so the answer depends on nothing that a
	// per-token CloudFront cache key, which holds just them, leaves out.
	// Default: none (the whole header is sent).
	Cookies []string
	// OriginHeader and OriginSecret: the header the monolith checks to know
	// a request came through CloudFront (the authorizer sends it too). Default: none.
	OriginHeader, OriginSecret string
	// Client calling the endpoint. Default: one with a 3-second timeout.
	Client *http.Client
}

// DelegateVerifier asks the monolith whether a credential is good.
type DelegateVerifier struct{ cfg DelegateConfig }

// NewDelegateVerifier checks cfg and fills its defaults.
func NewDelegateVerifier(cfg DelegateConfig) (*DelegateVerifier, error) {
	if !strings.HasPrefix(cfg.URL, "https://") && !strings.HasPrefix(cfg.URL, "http://") {
		return nil, fmt.Errorf("delegate: URL %q must start with https://", cfg.URL)
	}
	if cfg.Header == "" {
		cfg.Header = "Authorization"
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 3 * time.Second}
	}
	return &DelegateVerifier{cfg: cfg}, nil
}

// session is what the endpoint answers for a good credential.
type session struct {
	Sub   string `json:"sub"`
	Scope string `json:"scope"`
}

// Verify implements Verifier: 200 with a subject is a caller, 401 and 403
// are ErrUnauthorized, anything else (an error, a timeout, 5xx, a 200
// without a subject) is ErrUnavailable.
func (v *DelegateVerifier) Verify(ctx context.Context, credential string) (Caller, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.cfg.URL, nil)
	if err != nil {
		return Caller{}, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if len(v.cfg.Cookies) > 0 && strings.EqualFold(v.cfg.Header, "Cookie") {
		credential = sessionCookies(credential, v.cfg.Cookies)
		if credential == "" {
			return Caller{}, fmt.Errorf("%w: none of the session cookies %s", ErrUnauthorized, strings.Join(v.cfg.Cookies, ", "))
		}
	}
	req.Header.Set(v.cfg.Header, credential)
	req.Header.Set("Accept", "application/json")
	if v.cfg.OriginHeader != "" {
		req.Header.Set(v.cfg.OriginHeader, v.cfg.OriginSecret)
	}
	resp, err := v.cfg.Client.Do(req)
	if err != nil {
		return Caller{}, fmt.Errorf("%w: session endpoint: %v", ErrUnavailable, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusUnauthorized, http.StatusForbidden:
		return Caller{}, fmt.Errorf("%w: session endpoint answered %d", ErrUnauthorized, resp.StatusCode)
	default:
		return Caller{}, fmt.Errorf("%w: session endpoint answered %d", ErrUnavailable, resp.StatusCode)
	}
	var s session
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxSessionBytes)).Decode(&s); err != nil || s.Sub == "" {
		return Caller{}, fmt.Errorf("%w: session endpoint answered 200 without {\"sub\": ...}", ErrUnavailable)
	}
	return Caller{Subject: s.Sub, Scopes: strings.Fields(s.Scope)}, nil
}

// sessionCookies keeps, of a Cookie header, only the named cookies, in
// the order sent ("" when none of them is there).
func sessionCookies(header string, names []string) string {
	cookies, err := http.ParseCookie(header)
	if err != nil {
		// Keep what parses: one malformed pair must not hide a session.
		cookies = nil
		for pair := range strings.SplitSeq(header, ";") {
			if c, err := http.ParseCookie(strings.TrimSpace(pair)); err == nil {
				cookies = append(cookies, c...)
			}
		}
	}
	var kept []string
	for _, c := range cookies {
		for _, n := range names {
			if c.Name == n {
				kept = append(kept, c.String())
			}
		}
	}
	return strings.Join(kept, "; ")
}
