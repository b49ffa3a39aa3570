package manifest

// DefaultOriginSecretRefreshHours is how long the monolith is given to
// accept a new origin secret value before CloudFront sends it.
const DefaultOriginSecretRefreshHours = 1

// RotatesOriginSecret: the monolith's origin secret is replaced on a
// schedule (legacy.originSecret.rotationDays).
func (m *Manifest) RotatesOriginSecret() bool { return m.Legacy.OriginSecret.RotationDays > 0 }

func (o *OriginSecret) applyRotationDefaults() {
	if o.RotationDays > 0 && o.RefreshHours == 0 {
		o.RefreshHours = DefaultOriginSecretRefreshHours
	}
}

// originSecretRotation: the previous value must stay valid well after
// CloudFront has switched to the new one, so the switch (refreshHours
// after the new value) comes at most half-way through the period.
func (v *validator) originSecretRotation() {
	o := v.m.Legacy.OriginSecret
	switch {
	case o.RotationDays < 0:
		v.at("legacy.originSecret.rotationDays", "%d; give a number of days, or 0 to rotate only by generation and a deploy", o.RotationDays)
	case o.RotationDays == 0 && o.RefreshHours != 0:
		v.at("legacy.originSecret.refreshHours", "%d without rotationDays: it is the wait inside a scheduled rotation; set rotationDays too, or remove it", o.RefreshHours)
	case o.RotationDays > 0 && o.RefreshHours < 1:
		v.at("legacy.originSecret.refreshHours", "%d; give the hours the monolith needs to accept a new value (its secret fetcher's interval with a margin), at least 1", o.RefreshHours)
	case o.RotationDays > 0 && o.RefreshHours*2 > o.RotationDays*24:
		v.at("legacy.originSecret.refreshHours", "%d h is over half of rotationDays (%d days = %d h): the previous value must stay valid long after CloudFront switched; raise rotationDays or lower refreshHours",
			o.RefreshHours, o.RotationDays, o.RotationDays*24)
	}
}
