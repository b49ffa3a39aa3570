package manifest

// DefaultOriginKeyRotationDays is how often the origin key is replaced.
const DefaultOriginKeyRotationDays = 30

// originKeyRotation: 0 (off) or a number of days.
func (v *validator) originKeyRotation() {
	if d := *v.m.APIGateway.OriginKeyRotationDays; d < 0 {
		v.at("apiGateway.originKeyRotationDays", "%d; give a number of days, or 0 to rotate only by originKeyGeneration", d)
	}
}
