import { expect } from "chai";
import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
  type LifecycleRule,
  type TransitionStorageClass,
} from "@aws-sdk/client-s3";
import { lakeLifecycleRules } from "../../../components/metric-store/lifecycle";
import { TRANSITION_MINIMUM_OBJECT_SIZE } from "../../../contract/defaults/metric-store";
import { motoSuite } from "../../helpers/moto";

/** A rule as lakeLifecycleRules builds it: plain values, no Outputs. */
interface RuleShape {
  id: string;
  status: string;
  filter?: { prefix?: string };
  transitions?: { days: number; storageClass: string }[];
  expiration?: { days: number };
  noncurrentVersionExpiration?: { noncurrentDays: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

/** The same rule in the S3 API's shape, as the provider sends it. */
function apiRule(r: RuleShape): LifecycleRule {
  return {
    ID: r.id,
    Status: r.status as LifecycleRule["Status"],
    Filter: { Prefix: r.filter?.prefix ?? "" },
    ...(r.transitions
      ? {
          Transitions: r.transitions.map((t) => ({
            Days: t.days,
            StorageClass: t.storageClass as TransitionStorageClass,
          })),
        }
      : {}),
    ...(r.expiration ? { Expiration: { Days: r.expiration.days } } : {}),
    ...(r.noncurrentVersionExpiration
      ? {
          NoncurrentVersionExpiration: {
            NoncurrentDays: r.noncurrentVersionExpiration.noncurrentDays,
          },
        }
      : {}),
    ...(r.abortIncompleteMultipartUpload
      ? {
          AbortIncompleteMultipartUpload: {
            DaysAfterInitiation: r.abortIncompleteMultipartUpload.daysAfterInitiation,
          },
        }
      : {}),
  };
}

describe("the lake lifecycle against moto's S3 API", () => {
  const moto = motoSuite();

  it("is accepted as prod sends it and reads back with Glacier IR where Athena reads", async () => {
    const s3 = new S3Client(moto().clientConfig);
    const Bucket = "lake-lifecycle";
    await s3.send(
      new CreateBucketCommand({
        Bucket,
        CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
      }),
    );
    const rules = lakeLifecycleRules({
      infrequentAccessDays: 30,
      archiveDays: 90,
      expireDays: 730,
      rawMetricsExpireDays: 30,
      noncurrentVersionExpireDays: 30,
      abortIncompleteUploadDays: 7,
    }) as unknown as RuleShape[];
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: { Rules: rules.map(apiRule) },
        TransitionDefaultMinimumObjectSize: TRANSITION_MINIMUM_OBJECT_SIZE,
      }),
    );
    const read = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
    const classes = Object.fromEntries(
      (read.Rules ?? []).map((r) => [
        r.Filter?.Prefix ?? "",
        (r.Transitions ?? []).map((t) => `${t.StorageClass}@${t.Days}`),
      ]),
    );
    expect(classes).to.deep.equal({
      "curated-metrics/": ["STANDARD_IA@30", "GLACIER_IR@90"],
      "raw-logs/": ["STANDARD_IA@30", "GLACIER@90"],
      "quarantine/": ["STANDARD_IA@30", "GLACIER_IR@90"],
      "raw-metrics/": [],
      "": [],
    });
  });
});
