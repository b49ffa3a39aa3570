package manifest

// ClearWarnings drops m's warnings, whose lines depend on the file's
// layout, so that a test can compare two parses of one manifest.
func ClearWarnings(m *Manifest) { m.warnings = nil }
