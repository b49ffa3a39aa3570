package cutoverfallback

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/strangler-fig/strangler/cutover"
)

// SNSAPI is the part of the SNS client the fallback uses.
type SNSAPI interface {
	Publish(context.Context, *sns.PublishInput, ...func(*sns.Options)) (*sns.PublishOutput, error)
}

var _ SNSAPI = (*sns.Client)(nil)

// message says what the fallback did, for the people on the topic: which
// routes went back to the monolith, why, when, and how to move forward.
func message(ch AlarmChange, storeARN string, written []cutover.Shifted, already []string, at time.Time) (subject, body string) {
	subject = fmt.Sprintf("Cut-over fallback: %d route(s) back on the monolith", len(written))
	var b strings.Builder
	fmt.Fprintf(&b, "CloudWatch alarm %s went to ALARM at %s:\n  %s\n\n", ch.Alarm, ch.At.Format(time.RFC3339), ch.Reason)
	fmt.Fprintf(&b, "At %s these routes were sent back to the monolith (weight 0 in KeyValueStore %s):\n", at.UTC().Format(time.RFC3339), storeARN)
	for _, w := range written {
		was := w.Previous
		if was == "" {
			was = "the manifest's weight"
		}
		fmt.Fprintf(&b, "  %s (was %s)\n", w.Route, was)
	}
	if len(already) > 0 {
		fmt.Fprintf(&b, "Already on the monolith: %s\n", strings.Join(already, ", "))
	}
	b.WriteString("\nNothing moves them forward again by itself: that is a deliberate act. Once the cause is fixed:\n")
	for _, w := range written {
		fmt.Fprintf(&b, "  cutover shift %s PERCENT --reason \"...\"\n", w.Route)
	}
	b.WriteString("and `cutover status` shows every route's weight and its last change.\n")
	return subject, b.String()
}

func (f *Fallback) publish(ctx context.Context, subject, body string) error {
	if _, err := f.SNS.Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String(f.Config.TopicARN),
		Subject:  aws.String(subject),
		Message:  aws.String(body),
	}); err != nil {
		return fmt.Errorf("publishing to %s: %w", f.Config.TopicARN, err)
	}
	return nil
}
