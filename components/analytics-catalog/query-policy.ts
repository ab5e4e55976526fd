import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAKE_PREFIXES } from "../../contract/lake";

export interface QueryPolicyInputs {
  readonly partition: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly workgroupArn: pulumi.Input<string>;
  readonly databaseName: string;
  readonly tableNames: readonly string[];
  readonly lakeBucketArn: pulumi.Input<string>;
  readonly resultsBucketArn: pulumi.Input<string>;
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/** What running any query in the workgroup needs of the lake and the results bucket. */
export function athenaResultsStatements(p: {
  readonly lakeBucketArn: pulumi.Input<string>;
  readonly resultsBucketArn: pulumi.Input<string>;
}): aws.iam.PolicyStatement[] {
  return [
    {
      Sid: "LocateBuckets",
      Effect: "Allow",
      Action: "s3:GetBucketLocation",
      Resource: [p.lakeBucketArn, p.resultsBucketArn],
    },
    {
      Sid: "WriteAndReadResults",
      Effect: "Allow",
      Action: [
        "s3:PutObject",
        "s3:GetObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
      ],
      Resource: pulumi.interpolate`${p.resultsBucketArn}/*`,
    },
    {
      Sid: "ListResults",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: p.resultsBucketArn,
    },
  ];
}

/** Use of the lake's (and results') customer-managed key, when there is one. */
export function keyStatements(kmsKeyArn?: pulumi.Input<string>): aws.iam.PolicyStatement[] {
  return kmsKeyArn
    ? [
        {
          Sid: "UseEncryptionKey",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: kmsKeyArn,
        },
      ]
    : [];
}

/** The lake prefixes the tables read; nothing else in the lake is granted. */
const READ_PREFIXES = [LAKE_PREFIXES.metrics, LAKE_PREFIXES.quarantine, LAKE_PREFIXES.curated];

/**
 * What an analyst needs to run the named queries in this workgroup, and nothing more:
 * the workgroup, the database's tables, the lake prefixes they read, the results bucket.
 */
/** What running a query in the workgroup takes: start, stop, follow, read its results. */
export const ATHENA_QUERY_ACTIONS = Object.freeze([
  "athena:StartQueryExecution",
  "athena:StopQueryExecution",
  "athena:GetQueryExecution",
  "athena:GetQueryResults",
  "athena:GetWorkGroup",
]);

export function queryPolicyDocument(p: QueryPolicyInputs): aws.iam.PolicyDocument {
  const glue = (resource: string) =>
    pulumi.interpolate`arn:${p.partition}:glue:${p.region}:${p.accountId}:${resource}`;
  const statements: aws.iam.PolicyStatement[] = [
    {
      Sid: "RunQueriesInWorkgroup",
      Effect: "Allow",
      Action: [
        ...ATHENA_QUERY_ACTIONS,
        "athena:GetNamedQuery",
        "athena:BatchGetNamedQuery",
        "athena:ListNamedQueries",
      ],
      Resource: p.workgroupArn,
    },
    {
      Sid: "ReadCatalog",
      Effect: "Allow",
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"],
      Resource: [
        glue("catalog"),
        glue(`database/${p.databaseName}`),
        ...p.tableNames.map((t) => glue(`table/${p.databaseName}/${t}`)),
      ],
    },
    {
      Sid: "ReadLakePrefixes",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: READ_PREFIXES.map((prefix) => pulumi.interpolate`${p.lakeBucketArn}/${prefix}*`),
    },
    {
      Sid: "ListLakePrefixes",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: p.lakeBucketArn,
      Condition: { StringLike: { "s3:prefix": READ_PREFIXES.map((prefix) => `${prefix}*`) } },
    },
    ...athenaResultsStatements(p),
  ];
  return { Version: "2012-10-17", Statement: [...statements, ...keyStatements(p.kmsKeyArn)] };
}
