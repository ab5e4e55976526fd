/** Resource type tokens of @pulumi/aws 7.x that the rules read. */
export const TYPES = Object.freeze({
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  encryption:
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  bucketLogging: "aws:s3/bucketLogging:BucketLogging",
  bucketNotification: "aws:s3/bucketNotification:BucketNotification",
  table: "aws:dynamodb/table:Table",
  function: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
  schedule: "aws:scheduler/schedule:Schedule",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  workgroup: "aws:athena/workgroup:Workgroup",
  kmsKey: "aws:kms/key:Key",
  oamSinkPolicy: "aws:oam/sinkPolicy:SinkPolicy",
  stackSet: "aws:cloudformation/stackSet:StackSet",
});

/**
 * The types of the stack that accept `tags` (checked against the @pulumi/aws 7.x args).
 * Dashboards, schedules, bucket sub-resources, named queries and Glue tables take none.
 */
export const TAGGABLE_TYPES: readonly string[] = Object.freeze([
  TYPES.bucket,
  TYPES.table,
  TYPES.function,
  TYPES.role,
  TYPES.policy,
  TYPES.topic,
  TYPES.queue,
  TYPES.stateMachine,
  TYPES.logGroup,
  TYPES.metricAlarm,
  TYPES.compositeAlarm,
  TYPES.workgroup,
  TYPES.kmsKey,
  "aws:scheduler/scheduleGroup:ScheduleGroup",
  "aws:glue/catalogDatabase:CatalogDatabase",
  "aws:glue/crawler:Crawler",
  "aws:cloudwatch/eventRule:EventRule",
]);

/** Tag keys every taggable resource carries: the program sets them on everything it creates. */
export const REQUIRED_TAG_KEYS: readonly string[] = Object.freeze(["project", "environment"]);
