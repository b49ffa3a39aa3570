package awslimits_test

import (
	"slices"
	"testing"

	"github.com/strangler-fig/strangler/awslimits"
)

// The names list and the capacities agree, the starter groups are known,
// and together with the rate rule fit in what the base price covers.
func TestWAFManagedRuleGroups(t *testing.T) {
	names := awslimits.WAFManagedRuleGroupNames()
	if !slices.IsSorted(names) {
		t.Errorf("names not sorted: %v", names)
	}
	for _, n := range names {
		if c, ok := awslimits.WAFManagedRuleGroupCapacity(n); !ok || c <= 0 {
			t.Errorf("%s: capacity %d, %v", n, c, ok)
		}
	}
	if _, ok := awslimits.WAFManagedRuleGroupCapacity("MyRules"); ok {
		t.Error("an unknown group has a capacity")
	}
	total := awslimits.WAFRateBasedRuleCapacity
	for _, n := range awslimits.WAFStarterRuleGroups() {
		c, ok := awslimits.WAFManagedRuleGroupCapacity(n)
		if !ok {
			t.Errorf("starter group %s unknown", n)
		}
		total += c
	}
	if total != 927 || total > awslimits.WAFWebACLBaseCapacity {
		t.Errorf("starter web ACL needs %d WCU", total)
	}
	for s, want := range map[int]bool{60: true, 120: true, 300: true, 600: true, 30: false, 180: false, 0: false} {
		if awslimits.WAFRateEvaluationWindowSeconds(s) != want {
			t.Errorf("window %d s: %v", s, !want)
		}
	}
}
