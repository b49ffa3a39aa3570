package manifest

// KeepsLegacyLogging reports whether CloudFront's legacy standard logging
// stays on (CloudFront.LegacyLogging, default true).
func (c CloudFront) KeepsLegacyLogging() bool {
	return c.LegacyLogging == nil || *c.LegacyLogging
}
