package awslimits

// CloudFormation's events on EventBridge, for a rule that hears a stack's
// own updates roll back.

// CloudFormation sends these to the account's default event bus, without
// being asked, with the stack's ID in detail."stack-id" and its status in
// detail."status-details"."status".
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/event-detail-stack-status-change.html
const (
	CloudFormationEventSource           = "aws.cloudformation"
	CloudFormationStackStatusChangeType = "CloudFormation Stack Status Change"
)

// The statuses a stack ends an update in when CloudFormation undid it
// (ROLLBACK_COMPLETE is a failed creation, not an update).
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#cfn-console-view-stack-data-resources-status-codes
const (
	CloudFormationUpdateRolledBack     = "UPDATE_ROLLBACK_COMPLETE"
	CloudFormationUpdateRollbackFailed = "UPDATE_ROLLBACK_FAILED"
)
