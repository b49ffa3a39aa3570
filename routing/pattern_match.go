package routing

// PatternMatches reports whether CloudFront's path pattern p matches the
// request path: "*" matches any run of characters, "/" included, "?"
// exactly one, anything else itself, case-sensitively, over the whole
// path (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern).
// CloudFront takes the first behaviour whose pattern matches; a local edge
// uses this to pick one as the distribution would.
func PatternMatches(p, path string) bool {
	// Greedy match with one backtrack point: the classic glob algorithm,
	// linear in practice and never exponential.
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(path) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == path[si]) && p[pi] != '*':
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			mark++
			si = mark
			pi = star + 1
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
