package httpadapter

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
)

// Redacted replaces secret values in logged events.
const Redacted = "[REDACTED]"

// sensitiveHeaders are lower-case header names whose values are never logged.
var sensitiveHeaders = map[string]bool{
	"authorization":        true,
	"proxy-authorization":  true,
	"cookie":               true,
	"set-cookie":           true,
	"x-api-key":            true,
	"x-amz-security-token": true,
	"x-auth-token":         true,
	"x-csrf-token":         true,
	"x-xsrf-token":         true,
	"x-access-token":       true,
	"x-id-token":           true,
	"x-refresh-token":      true,
	"x-client-secret":      true,
}

// sensitiveQuery are lower-case query keys whose values are never logged.
var sensitiveQuery = map[string]bool{
	"token":                true,
	"access_token":         true,
	"id_token":             true,
	"refresh_token":        true,
	"api_key":              true,
	"apikey":               true,
	"password":             true,
	"secret":               true,
	"client_secret":        true,
	"code":                 true,
	"x-amz-signature":      true,
	"x-amz-credential":     true,
	"x-amz-security-token": true,
}

// redactEvent returns the event as JSON with secrets replaced by Redacted:
// sensitive headers (single- and multi-value), the HTTP API "cookies" array,
// sensitive query parameters (including inside rawQueryString), and the API
// key and access key in requestContext.identity. A payload that is not a JSON
// object is not logged (nil): it cannot be redacted safely.
func redactEvent(payload []byte) json.RawMessage {
	var ev map[string]any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&ev); err != nil {
		return nil
	}
	redactStrings(ev["headers"], sensitiveHeaders)
	redactLists(ev["multiValueHeaders"], sensitiveHeaders)
	redactStrings(ev["queryStringParameters"], sensitiveQuery)
	redactLists(ev["multiValueQueryStringParameters"], sensitiveQuery)
	if cookies, ok := ev["cookies"].([]any); ok {
		for i := range cookies {
			cookies[i] = Redacted
		}
	}
	if raw, ok := ev["rawQueryString"].(string); ok {
		ev["rawQueryString"] = redactRawQuery(raw)
	}
	if rc, ok := ev["requestContext"].(map[string]any); ok {
		if id, ok := rc["identity"].(map[string]any); ok {
			for _, k := range []string{"apiKey", "accessKey"} {
				if v, ok := id[k].(string); ok && v != "" {
					id[k] = Redacted
				}
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ev); err != nil {
		return nil
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

func redactStrings(v any, names map[string]bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	for k := range m {
		if names[strings.ToLower(k)] {
			m[k] = Redacted
		}
	}
}

func redactLists(v any, names map[string]bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	for k, vs := range m {
		if !names[strings.ToLower(k)] {
			continue
		}
		if list, ok := vs.([]any); ok {
			for i := range list {
				list[i] = Redacted
			}
		} else {
			m[k] = Redacted
		}
	}
}

func redactRawQuery(raw string) string {
	parts := strings.Split(raw, "&")
	changed := false
	for i, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if sensitiveQuery[strings.ToLower(k)] {
			parts[i] = url.QueryEscape(k) + "=" + url.QueryEscape(Redacted)
			changed = true
		}
	}
	if !changed {
		return raw
	}
	return strings.Join(parts, "&")
}
