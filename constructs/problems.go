package constructs

import (
	"fmt"

	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// problems collects what a construct finds wrong with its props and calls
// as it is built, and reports them all at synth (Node().AddValidation), each
// with the construct's path, rather than panicking on the first.
//
// The list is registered with the construct at its first problem: a
// construct without any costs no call to Node (a validation registered on
// each of 150 functions was ~500 round trips to jsii per synth, for
// nothing). Problems are found as props are read and methods called,
// never during synth, so none can come too late to be reported.
type problems struct {
	construct awsconstructs.Construct
	path      string
	list      []string
}

// newProblems makes a problems list for c.
func newProblems(c awsconstructs.Construct) *problems {
	return &problems{construct: c}
}

func (p *problems) add(format string, args ...any) {
	if p.list == nil {
		p.path = *p.construct.Node().Path()
		p.construct.Node().AddValidation(p)
	}
	p.list = append(p.list, p.path+": "+fmt.Sprintf(format, args...))
}

// Validate is called by the CDK at synth.
func (p *problems) Validate() *[]*string {
	out := make([]*string, len(p.list))
	for i, s := range p.list {
		out[i] = jsii.String(s)
	}
	return &out
}

// constructPath is the path a construct with id will have in scope, for
// messages before it exists.
func constructPath(scope awsconstructs.Construct, id *string) string {
	if p := *scope.Node().Path(); p != "" {
		return p + "/" + *id
	}
	return *id
}
