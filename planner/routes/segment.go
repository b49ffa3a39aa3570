package routes

// classify tells a parameter-like segment from a literal one, by bytes,
// with no allocation: all digits is a number; 8-4-4-4-12 hex digits is a
// UUID; 16 or more hex digits with at least one digit is a hash.
func classify(s []byte) int {
	if len(s) == 0 {
		return kindOther
	}
	digits, hex := 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
			hex++
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			hex++
		}
	}
	switch {
	case digits == len(s):
		return kindNumber
	case len(s) == 36 && isUUID(s):
		return kindUUID
	case hex == len(s) && len(s) >= 16 && digits > 0:
		return kindHash
	}
	return kindOther
}

func isUUID(s []byte) bool {
	for i, c := range s {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func hasPercent(s []byte) bool {
	for _, c := range s {
		if c == '%' {
			return true
		}
	}
	return false
}

// unescape appends the percent-decoded s to dst; a malformed escape is
// kept as it is.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if h, ok1 := unhex(s[i+1]); ok1 {
				if l, ok2 := unhex(s[i+2]); ok2 {
					dst = append(dst, h<<4|l)
					i += 2
					continue
				}
			}
		}
		dst = append(dst, s[i])
	}
	return dst
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
