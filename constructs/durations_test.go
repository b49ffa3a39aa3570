package constructs

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// The remembered answers are Node's answers, and asked once.
func TestDurationsAreAskedOnce(t *testing.T) {
	if minutes(1) != minutes(1) {
		t.Error("minutes(1) made two Durations")
	}
	if minutes(1) == minutes(2) {
		t.Error("minutes(1) and minutes(2) are one Duration")
	}
	if got := *toSeconds(minutes(2)); got != 120 {
		t.Errorf("toSeconds(minutes(2)) = %g, want 120", got)
	}
	d := awscdk.Duration_Seconds(jsii.Number(29))
	if got := *toMilliseconds(d); got != 29000 {
		t.Errorf("toMilliseconds(29 s) = %g, want 29000", got)
	}
	if toSeconds(d) != toSeconds(d) {
		t.Error("toSeconds asked Node twice for one Duration")
	}
	token := awscdk.Token_AsNumber(awscdk.Fn_Ref(jsii.String("Param")))
	if !isUnresolvedNumber(token) || isUnresolvedNumber(jsii.Number(29)) {
		t.Errorf("isUnresolvedNumber(token) = %v, (29) = %v; want true, false", isUnresolvedNumber(token), isUnresolvedNumber(jsii.Number(29)))
	}
}
