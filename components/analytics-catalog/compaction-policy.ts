import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAKE_PREFIXES } from "../../contract/lake";
import { stateMachineObservabilityStatements } from "../shared/state-machine-statements";
import { ATHENA_QUERY_ACTIONS, athenaResultsStatements, keyStatements } from "./query-policy";

export interface CompactionPolicyInputs {
  readonly partition: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly workgroupArn: pulumi.Input<string>;
  readonly databaseName: string;
  readonly rawTableName: string;
  readonly lakeBucketArn: pulumi.Input<string>;
  readonly resultsBucketArn: pulumi.Input<string>;
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** The compaction state machine itself: a run lists its running executions to yield. */
  readonly stateMachineArn: pulumi.Input<string>;
}

/**
 * The compaction state machine's role: run its queries in the workgroup, read the raw table
 * and raw-metrics/, replace objects under curated-metrics/ only, write query results, log and
 * trace, list its own running executions. Athena runs the UNLOAD with these credentials, so
 * the S3 grants are Athena's too; the day markers are objects under curated-metrics/.
 */
export function compactionPolicyDocument(p: CompactionPolicyInputs): aws.iam.PolicyDocument {
  const glue = (resource: string) =>
    pulumi.interpolate`arn:${p.partition}:glue:${p.region}:${p.accountId}:${resource}`;
  const under = (prefix: string) => pulumi.interpolate`${p.lakeBucketArn}/${prefix}*`;
  const statements: aws.iam.PolicyStatement[] = [
    {
      Sid: "RunCompactionQueries",
      Effect: "Allow",
      Action: [...ATHENA_QUERY_ACTIONS],
      Resource: p.workgroupArn,
    },
    {
      Sid: "ReadRawTable",
      Effect: "Allow",
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
      Resource: [
        glue("catalog"),
        glue(`database/${p.databaseName}`),
        glue(`table/${p.databaseName}/${p.rawTableName}`),
      ],
    },
    {
      Sid: "ReadRawMetrics",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: under(LAKE_PREFIXES.metrics),
    },
    {
      Sid: "ReplaceCuratedMetrics",
      Effect: "Allow",
      Action: [
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
      ],
      Resource: under(LAKE_PREFIXES.curated),
    },
    {
      Sid: "ListLakePrefixes",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: p.lakeBucketArn,
      Condition: {
        StringLike: {
          "s3:prefix": [LAKE_PREFIXES.metrics, LAKE_PREFIXES.curated].map((x) => `${x}*`),
        },
      },
    },
    {
      Sid: "FindOverlappingRuns",
      Effect: "Allow",
      Action: "states:ListExecutions",
      Resource: p.stateMachineArn,
    },
    ...athenaResultsStatements(p),
    ...stateMachineObservabilityStatements(),
  ];
  return { Version: "2012-10-17", Statement: [...statements, ...keyStatements(p.kmsKeyArn)] };
}
