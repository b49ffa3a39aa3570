package manifest

// ClearWarnings drops m's warnings, whose lines depend on the file's
// layout, so that a test can compare two parses of one manifest.
func ClearWarnings(m *Manifest) { m.warnings = nil }

// EdgeBehaviorsUnmerged is EdgeBehaviors before mergeCovered: one
// behaviour per distinct pattern.
func EdgeBehaviorsUnmerged(m *Manifest) []EdgeBehavior {
	bs, _ := m.edgeBehaviors()
	return bs
}

// GlobMatch is the merge's path pattern match (* is any run).
var GlobMatch = globMatch
