package constructs

import (
	"fmt"

	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// problems collects what a construct finds wrong with its props and calls
// as it is built, and reports them all at synth (Node().AddValidation), each
// with the construct's path, rather than panicking on the first.
type problems struct {
	path string
	list []string
}

// newProblems registers a problems list on c.
func newProblems(c awsconstructs.Construct) *problems {
	p := &problems{path: *c.Node().Path()}
	c.Node().AddValidation(p)
	return p
}

func (p *problems) add(format string, args ...any) {
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
