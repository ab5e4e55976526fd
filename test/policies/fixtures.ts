/**
 * A small stack that satisfies every rule, shaped like the program's resources as the policy
 * runtime sees them. Tests copy it and change one field.
 */
import type { ResourceInput } from "../../policies/harness";
import { TYPES } from "../../policies/rules";
import type { Props } from "../../policies/rules/helpers";

const TAGS = { project: "infra-monitoring", environment: "test" };
const ACCOUNT = "123456789012";
const ARN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/logs`;
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;

const tlsOnly = (bucket: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });

const r = (type: string, name: string, props: Props): ResourceInput => ({ type, name, props });

function bucket(name: string, extra: { versioned: boolean; transitions: Props[] }) {
  const id = name;
  return [
    r(TYPES.bucket, name, { id, bucket: name, arn: `arn:aws:s3:::${name}`, tags: TAGS }),
    r(TYPES.publicAccessBlock, `${name}-public-access`, {
      bucket: id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    r(TYPES.encryption, `${name}-encryption`, {
      bucket: id,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }),
    r(TYPES.bucketPolicy, `${name}-policy`, { bucket: id, policy: tlsOnly(name) }),
    r(TYPES.lifecycle, `${name}-lifecycle`, {
      bucket: id,
      rules: [
        { id: "tier", status: "Enabled", transitions: extra.transitions, expiration: { days: 90 } },
      ],
    }),
    ...(extra.versioned
      ? [
          r(TYPES.versioning, `${name}-versioning`, {
            bucket: id,
            versioningConfiguration: { status: "Enabled" },
          }),
        ]
      : []),
  ];
}

function lambda(name: string): ResourceInput[] {
  return [
    r(TYPES.function, name, {
      name,
      arn: `${ARN}:${name}`,
      runtime: "nodejs22.x",
      timeout: 60,
      memorySize: 256,
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: `/aws/lambda/${name}` },
      environment: { variables: { METRIC_SOURCE: "synthetic", SYNTHETIC_INSTANCES: "3" } },
      tags: TAGS,
    }),
    r(TYPES.logGroup, `${name}-logs`, {
      name: `/aws/lambda/${name}`,
      retentionInDays: 14,
      kmsKeyId: KEY_ARN,
      tags: TAGS,
    }),
    r(TYPES.metricAlarm, `${name}-errors`, {
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: name },
      tags: TAGS,
    }),
  ];
}

const document = (statements: Props[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

export function compliantStack(): ResourceInput[] {
  const smArn = "arn:aws:states:eu-west-1:123456789012:stateMachine:workflow";
  return [
    ...bucket("lake", {
      versioned: true,
      transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
    }),
    ...bucket("access-logs", { versioned: false, transitions: [] }),
    r(TYPES.bucketLogging, "lake-logging", { bucket: "lake", targetBucket: "access-logs" }),
    r(TYPES.table, "hot-table", {
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      tags: TAGS,
    }),
    ...lambda("collector"),
    ...lambda("processor"),
    r(TYPES.permission, "processor-from-s3", {
      function: "processor",
      principal: "s3.amazonaws.com",
      action: "lambda:InvokeFunction",
      sourceArn: "arn:aws:s3:::lake",
      sourceAccount: ACCOUNT,
    }),
    r(TYPES.invokeConfig, "processor-async", {
      functionName: "processor",
      destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:1:dlq" } },
    }),
    r(TYPES.role, "collector-role", {
      assumeRolePolicy: document([
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { Service: "lambda.amazonaws.com" },
        },
      ]),
      inlinePolicies: [
        {
          name: "collect",
          policy: document([
            { Effect: "Allow", Action: ["s3:PutObject"], Resource: "arn:aws:s3:::lake/*" },
            {
              Effect: "Allow",
              Action: ["cloudwatch:GetMetricData", "ec2:DescribeInstances"],
              Resource: "*",
            },
          ]),
        },
      ],
      tags: TAGS,
    }),
    r(TYPES.rolePolicy, "collector-table", {
      policy: document([
        {
          Effect: "Allow",
          Action: "dynamodb:BatchWriteItem",
          Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/hot",
        },
      ]),
    }),
    r(TYPES.rolePolicyAttachment, "collector-basic", {
      policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    }),
    r(TYPES.role, "workflow-role", {
      assumeRolePolicy: document([
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { Service: "states.amazonaws.com" },
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnEquals: { "aws:SourceArn": smArn },
          },
        },
      ]),
      inlinePolicies: [
        {
          name: "hand-over",
          policy: document([
            {
              Sid: "PassCollectorRole",
              Effect: "Allow",
              Action: "iam:PassRole",
              Resource: `arn:aws:iam::${ACCOUNT}:role/collector-role`,
              Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
            },
          ]),
        },
      ],
      tags: TAGS,
    }),
    r(TYPES.kmsKey, "topic-key", {
      enableKeyRotation: true,
      policy: document([
        {
          Sid: "Admin",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: "kms:*",
          Resource: "*",
        },
      ]),
      tags: TAGS,
    }),
    r(TYPES.topic, "alerts", { kmsMasterKeyId: "alias/aws/sns", tags: TAGS }),
    r(TYPES.topicPolicy, "alerts-policy", {
      arn: TOPIC_ARN,
      policy: document([
        {
          Sid: "AccountAlarms",
          Effect: "Allow",
          Principal: "*",
          Action: "sns:Publish",
          Resource: TOPIC_ARN,
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ]),
    }),
    r(TYPES.queue, "dlq", { sqsManagedSseEnabled: true, tags: TAGS }),
    r(TYPES.queuePolicy, "dlq-policy", {
      queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/dlq`,
      policy: document([
        {
          Sid: "FromTopic",
          Effect: "Allow",
          Principal: { Service: "sns.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:dlq`,
          Condition: { ArnEquals: { "aws:SourceArn": TOPIC_ARN } },
        },
      ]),
    }),
    r(TYPES.stateMachine, "workflow", {
      arn: smArn,
      type: "STANDARD",
      definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", End: true } } }),
      loggingConfiguration: {
        level: "ERROR",
        includeExecutionData: true,
        logDestination: "arn:aws:logs:x:*",
      },
      tracingConfiguration: { enabled: true },
      tags: TAGS,
    }),
    r(TYPES.metricAlarm, "workflow-failed", {
      namespace: "AWS/States",
      metricName: "ExecutionsFailed",
      dimensions: { StateMachineArn: smArn },
      tags: TAGS,
    }),
    r(TYPES.workgroup, "analytics", {
      name: "analytics",
      configuration: {
        enforceWorkgroupConfiguration: true,
        bytesScannedCutoffPerQuery: 1024 ** 3,
        resultConfiguration: {
          outputLocation: "s3://access-logs/athena/",
          encryptionConfiguration: { encryptionOption: "SSE_S3" },
        },
      },
      tags: TAGS,
    }),
    r(TYPES.dashboard, "pipeline", { dashboardName: "pipeline", dashboardBody: "{}" }),
    r("aws:athena/namedQuery:NamedQuery", "avg-cpu", {
      name: "avg-cpu",
      workgroup: "analytics",
      database: "lake",
      query: `SELECT instance_id, avg(value) FROM "lake"."metrics"
WHERE year BETWEEN year(current_date - INTERVAL '7' DAY) AND year(current_date)
GROUP BY instance_id`,
    }),
  ];
}

/** The stack with one resource's props changed by `change` (which may mutate them). */
export function withChange(
  resources: ResourceInput[],
  name: string,
  change: (props: Props) => void,
): ResourceInput[] {
  const target = resources.find((res) => res.name === name);
  if (!target) throw new Error(`no fixture resource named ${name}`);
  change(target.props);
  return resources;
}

export function without(resources: ResourceInput[], ...names: string[]): ResourceInput[] {
  return resources.filter((res) => !names.includes(res.name));
}

/**
 * The compliant stack with one or more faults for every rule of the pack, so a comparison
 * over it exercises each rule's reporting path.
 */
export function insecureStack(): ResourceInput[] {
  const open = document([
    { Sid: "Open", Effect: "Allow", Principal: "*", Action: "x:Do", Resource: "r" },
  ]);
  const stack = compliantStack().filter(
    (res) =>
      !["lake-logging", "lake-versioning", "workflow-failed", "processor-async"].includes(res.name),
  );
  const edits: Record<string, (p: Props) => void> = {
    "lake-public-access": (p) => (p.blockPublicPolicy = false),
    "lake-encryption": (p) => (p.rules = [{}]),
    "lake-policy": (p) => (p.policy = open),
    "lake-lifecycle": (p) => (p.rules[0].status = "Disabled"),
    "hot-table": (p) => {
      p.pointInTimeRecovery = { enabled: false };
      delete p.serverSideEncryption;
    },
    collector: (p) => {
      p.runtime = "nodejs18.x";
      p.timeout = 900;
      delete p.tracingConfig;
      delete p.tags;
    },
    "collector-logs": (p) => {
      delete p.retentionInDays;
      delete p.kmsKeyId;
    },
    "processor-from-s3": (p) => delete p.sourceAccount,
    "collector-role": (p) =>
      (p.managedPolicyArns = ["arn:aws:iam::aws:policy/AdministratorAccess"]),
    "collector-table": (p) =>
      (p.policy = document([{ Effect: "Allow", Action: ["iam:PassRole", "s3:*"], Resource: "*" }])),
    "workflow-role": (p) => {
      p.assumeRolePolicy = document([
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { Service: "states.amazonaws.com" },
        },
      ]);
    },
    "topic-key": (p) => (p.enableKeyRotation = false),
    alerts: (p) => delete p.kmsMasterKeyId,
    dlq: (p) => delete p.sqsManagedSseEnabled,
    workflow: (p) => {
      p.loggingConfiguration = { level: "OFF" };
      p.tracingConfiguration = { enabled: false };
    },
    analytics: (p) => {
      p.configuration.enforceWorkgroupConfiguration = false;
      // Athena's floor: a week of raw JSON at the fixture's fleet passes it.
      p.configuration.bytesScannedCutoffPerQuery = 10 * 1024 ** 2;
    },
  };
  for (const [name, edit] of Object.entries(edits)) withChange(stack, name, edit);
  // An OAM sink any account may link to: no organization condition.
  stack.push({
    type: TYPES.oamSinkPolicy,
    name: "org-sink-policy",
    props: { sinkIdentifier: "arn:aws:oam:eu-west-1:123456789012:sink/s", policy: open },
  });
  return stack;
}
