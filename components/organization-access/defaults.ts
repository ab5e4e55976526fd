/** The values OrganizationAccess takes for arguments left out (docs/organization.md). */
export const ORGANIZATION_ACCESS_DEFAULTS = Object.freeze({
  memberRoleName: "infra-monitoring-member-read",
  shareLogs: false,
  callAs: "DELEGATED_ADMIN",
});

/** What the links share: metrics always (OAM charges nothing for them), log groups on request. */
export const METRIC_RESOURCE_TYPE = "AWS::CloudWatch::Metric";
export const LOG_RESOURCE_TYPE = "AWS::Logs::LogGroup";

/** The read-only calls the collector makes in a source account: metrics, tags, instances. */
export const MEMBER_ROLE_ACTIONS: readonly string[] = Object.freeze([
  "cloudwatch:GetMetricData",
  "cloudwatch:ListMetrics",
  "tag:GetResources",
  "ec2:DescribeInstances",
]);
