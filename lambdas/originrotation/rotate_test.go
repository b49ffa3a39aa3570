package originrotation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

// fakeCloudFormation speaks CloudFormation's query protocol on 127.0.0.1:
// DescribeStacks answers one stack with the given status and parameters;
// UpdateStack records its form and answers a stack ID (or updateErr).
type fakeCloudFormation struct {
	status    string
	params    map[string]string
	updateErr string
	mu        sync.Mutex
	updates   []url.Values
}

func (f *fakeCloudFormation) start(t *testing.T) *cloudformation.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		switch r.Form.Get("Action") {
		case "DescribeStacks":
			var params strings.Builder
			for k, v := range f.params {
				fmt.Fprintf(&params, "<member><ParameterKey>%s</ParameterKey><ParameterValue>%s</ParameterValue></member>", k, v)
			}
			fmt.Fprintf(w, `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>
<StackName>%s</StackName><StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/ApiMigration/1</StackId><CreationTime>2026-01-01T00:00:00Z</CreationTime>
<StackStatus>%s</StackStatus><Parameters>%s</Parameters>
<Capabilities><member>CAPABILITY_IAM</member><member>CAPABILITY_NAMED_IAM</member><member>CAPABILITY_AUTO_EXPAND</member></Capabilities>
</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DescribeStacksResponse>`, r.Form.Get("StackName"), f.status, params.String())
		case "UpdateStack":
			f.mu.Lock()
			f.updates = append(f.updates, r.Form)
			f.mu.Unlock()
			if f.updateErr != "" {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>%s</Message></Error><RequestId>r2</RequestId></ErrorResponse>`, f.updateErr)
				return
			}
			fmt.Fprint(w, `<UpdateStackResponse><UpdateStackResult><StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/ApiMigration/1</StackId></UpdateStackResult></UpdateStackResponse>`)
		default:
			http.Error(w, "unexpected "+r.Form.Get("Action"), http.StatusBadRequest)
		}
	}))
	t.Cleanup(srv.Close)
	return cloudformation.New(cloudformation.Options{
		Region: "eu-west-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
	})
}

// The update raises the parameter by one, keeps the previous template,
// every other parameter's previous value and the stack's capabilities,
// and names no role (CloudFormation reuses the stack's service role).
func TestRotateRaisesTheParameterAndKeepsTheRest(t *testing.T) {
	f := &fakeCloudFormation{status: "UPDATE_COMPLETE", params: map[string]string{"OriginKeyRotation": "3", "BootstrapVersion": "/cdk-bootstrap/hnb659fds/version"}}
	r := &Rotator{CFN: f.start(t), StackName: "ApiMigration", Parameter: "OriginKeyRotation"}
	from, to, err := r.Rotate(context.Background())
	if err != nil || from != 3 || to != 4 {
		t.Fatalf("Rotate = %d -> %d, %v; want 3 -> 4", from, to, err)
	}
	if len(f.updates) != 1 {
		t.Fatalf("%d UpdateStack calls, want 1", len(f.updates))
	}
	u := f.updates[0]
	got := map[string]string{}
	for i := 1; u.Get(fmt.Sprintf("Parameters.member.%d.ParameterKey", i)) != ""; i++ {
		k := u.Get(fmt.Sprintf("Parameters.member.%d.ParameterKey", i))
		got[k] = u.Get(fmt.Sprintf("Parameters.member.%d.ParameterValue", i)) + "|" + u.Get(fmt.Sprintf("Parameters.member.%d.UsePreviousValue", i))
	}
	if got["OriginKeyRotation"] != "4|" || got["BootstrapVersion"] != "|true" || len(got) != 2 {
		t.Errorf("parameters %v, want OriginKeyRotation=4 and BootstrapVersion previous", got)
	}
	if u.Get("UsePreviousTemplate") != "true" || u.Get("StackName") != "ApiMigration" || u.Get("RoleARN") != "" || u.Get("TemplateBody") != "" {
		t.Errorf("UpdateStack form %v", u)
	}
	if c := []string{u.Get("Capabilities.member.1"), u.Get("Capabilities.member.2"), u.Get("Capabilities.member.3")}; strings.Join(c, ",") != "CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND" {
		t.Errorf("capabilities %v, want the stack's own", c)
	}
}

// A stack being deployed or rolled back is left alone (ErrBusy, no
// update); a missing or odd parameter and a refused update are errors.
func TestRotateRefuses(t *testing.T) {
	for _, c := range []struct {
		name      string
		f         *fakeCloudFormation
		want      string
		isBusy    bool
		updatedTo string
	}{
		{"a deploy is running", &fakeCloudFormation{status: "UPDATE_IN_PROGRESS", params: map[string]string{"OriginKeyRotation": "1"}}, "ApiMigration is UPDATE_IN_PROGRESS", true, ""},
		{"a rollback failed", &fakeCloudFormation{status: "UPDATE_ROLLBACK_FAILED", params: map[string]string{"OriginKeyRotation": "1"}}, "UPDATE_ROLLBACK_FAILED", true, ""},
		{"no parameter", &fakeCloudFormation{status: "CREATE_COMPLETE", params: map[string]string{}}, "has no parameter OriginKeyRotation", false, ""},
		{"not a count", &fakeCloudFormation{status: "CREATE_COMPLETE", params: map[string]string{"OriginKeyRotation": "x"}}, `is "x", not a count`, false, ""},
		{"update refused", &fakeCloudFormation{status: "UPDATE_ROLLBACK_COMPLETE", params: map[string]string{"OriginKeyRotation": "0"}, updateErr: "Stack is in a bad mood"},
			"update stack ApiMigration (OriginKeyRotation 0 -> 1): ", false, "1"},
		{"a deploy started meanwhile", &fakeCloudFormation{status: "IMPORT_ROLLBACK_COMPLETE", params: map[string]string{"OriginKeyRotation": "0"},
			updateErr: "Stack:arn:aws:cloudformation:eu-west-1:123456789012:stack/ApiMigration/1 is in UPDATE_IN_PROGRESS state and can not be updated."},
			"ApiMigration: an update started after it was read", true, "1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &Rotator{CFN: c.f.start(t), StackName: "ApiMigration", Parameter: "OriginKeyRotation"}
			_, _, err := r.Rotate(context.Background())
			if err == nil || !strings.Contains(err.Error(), c.want) || errors.Is(err, ErrBusy) != c.isBusy {
				t.Errorf("err = %v; want %q (busy %v)", err, c.want, c.isBusy)
			}
			if (len(c.f.updates) > 0) != (c.updatedTo != "") {
				t.Errorf("%d UpdateStack calls", len(c.f.updates))
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{EnvStackName: "ApiMigration", EnvParameter: "OriginKeyRotation"}
	c, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil || c.StackName != "ApiMigration" || c.Parameter != "OriginKeyRotation" {
		t.Errorf("%+v, %v", c, err)
	}
	if _, err := ConfigFromEnv(func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "STACK_NAME, ROTATION_PARAMETER") {
		t.Errorf("missing variables not named: %v", err)
	}
}
