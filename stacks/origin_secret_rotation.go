package stacks

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/manifest"
)

// OriginSecretRotationFolder is the monolith origin secret rotation
// Lambda's folder beside the quota watch's (lambdas/origin-secret-rotation).
const OriginSecretRotationFolder = "origin-secret-rotation"

func secretRotationEntry(quotaWatchEntry string) string {
	return filepath.Join(filepath.Dir(quotaWatchEntry), OriginSecretRotationFolder)
}

// originSecretRotationProps: legacy.originSecret.rotationDays and refreshHours.
func (s *MigrationStack) originSecretRotationProps(m *manifest.Manifest) *constructs.OriginSecretRotationProps {
	o := m.Legacy.OriginSecret
	return &constructs.OriginSecretRotationProps{
		Entry:        jsii.String(secretRotationEntry(s.quotaWatchEntry)),
		Every:        awscdk.Duration_Days(jsii.Number(float64(o.RotationDays))),
		Refresh:      awscdk.Duration_Hours(jsii.Number(float64(o.RefreshHours))),
		LogRetention: retentionDays[m.Lambda.LogRetentionDays],
	}
}

// wireOriginSecretRotation: a step that cannot start alarms; the outputs
// name the secrets for the monolith's fetcher.
func (s *MigrationStack) wireOriginSecretRotation() {
	r := s.OriginSecret.Rotation
	r.FailedAlarm.AddAlarmAction(awscloudwatchactions.NewSnsAction(s.Monitoring.Topic))
	output(s.Stack, "MonolithOriginSecretNamePrefix", r.NamePrefix,
		"The monolith accepts the value of every secret named with this prefix (aws secretsmanager list-secrets --filters Key=name,Values=<prefix>): the two slots of its origin secret")
	output(s.Stack, "MonolithOriginSecretSlotA", r.SlotA.SecretArn(), "Slot A of the monolith origin secret (replaced by each rotation of slot A)")
	output(s.Stack, "MonolithOriginSecretSlotB", r.SlotB.SecretArn(), "Slot B of the monolith origin secret (replaced by each rotation of slot B)")
}

// sendOriginSecretFromApi: the API's routes to the monolith send the
// origin secret, from a stage variable when it rotates (a literal in the
// integration would need a new API deployment, which a scheduled update
// with the previous template never makes).
func (s *MigrationStack) sendOriginSecretFromApi(props *constructs.ProxyApiProps, viaAPIGateway bool) {
	r := s.OriginSecret.Rotation
	if r == nil {
		props.MonolithHeaders = &s.OriginSecret.Headers
		return
	}
	if viaAPIGateway { // otherwise no route sends it: keep it off the stage
		props.StageVariables = &r.StageVariables
		props.MonolithStageVariableHeaders = &r.StageVariableHeaders
	}
}

// newRollbackAlarm notifies the alarm topic of any rolled-back update.
func (s *MigrationStack) newRollbackAlarm() {
	constructs.NewStackRollbackAlarm(s.Stack, jsii.String("UpdateRolledBack"), &constructs.StackRollbackAlarmProps{Topic: s.Monitoring.Topic})
}
