package cutoverfallback

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/strangler-fig/strangler/cutover/kvstest"
)

// snsStub answers SNS Publish in the Query protocol the SDK speaks
// (form-encoded POST, XML answer), and records each message.
type snsStub struct {
	*httptest.Server
	mu        sync.Mutex
	published []url.Values
	deny      bool
}

func newSNSStub(t *testing.T) *snsStub {
	s := &snsStub{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.Method != http.MethodPost || r.Form.Get("Action") != "Publish" || r.Form.Get("Version") != "2010-03-31" {
			http.Error(w, "want a Publish in the Query protocol", http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		if s.deny {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>User is not authorized to perform: SNS:Publish</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`)
			return
		}
		s.published = append(s.published, r.Form)
		fmt.Fprintf(w, `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-%d</MessageId></PublishResult><ResponseMetadata><RequestId>r-%d</RequestId></ResponseMetadata></PublishResponse>`, len(s.published), len(s.published))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *snsStub) messages() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.published...)
}

func (s *snsStub) client() *sns.Client {
	cfg := kvstest.Config()
	cfg.RetryMaxAttempts = 1
	return sns.NewFromConfig(cfg, func(o *sns.Options) { o.BaseEndpoint = aws.String(s.URL) })
}
