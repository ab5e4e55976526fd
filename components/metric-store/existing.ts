import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type CheckSite, checkedInput, problemsIfKnown } from "../shared/input-check";
import type { MetricStoreArgs } from "./args";
import { tableShapeProblems } from "./hot-table";

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)$/;

/** The bucket name in a name or an S3 bucket ARN. */
export function bucketNameOf(nameOrArn: string): string {
  return BUCKET_ARN.exec(nameOrArn)?.[1] ?? nameOrArn;
}

/** Why a bucket reference is neither a bucket name nor an S3 bucket ARN, or none. */
export function bucketReferenceProblems(key: string, nameOrArn: string): string[] {
  if (BUCKET_NAME.test(bucketNameOf(nameOrArn))) return [];
  return [`${key} "${nameOrArn}" is not an S3 bucket name or bucket ARN (arn:aws:s3:::name)`];
}

/** The argument keys the messages name: MetricStore's, or the facade's `existing.*`. */
export interface ExistingKeys {
  readonly bucket: string;
  readonly bucketName: string;
  readonly table: string;
}

export const STORE_KEYS: ExistingKeys = Object.freeze({
  bucket: "bucket.existing",
  bucketName: "bucket.existingName",
  table: "table.existing",
});

/** The problems of the existing-resource arguments that are known now. */
export function existingArgProblems(args: MetricStoreArgs, keys = STORE_KEYS): string[] {
  const b = args.bucket;
  const problems: string[] = [];
  if (b?.existing && b.existingName !== undefined) {
    problems.push(`give either ${keys.bucket} or ${keys.bucketName}, not both`);
  }
  problems.push(
    ...problemsIfKnown(b?.existingName, (v) => bucketReferenceProblems(keys.bucketName, v)),
  );
  return problems;
}

/** The lake bucket given by its owner: name, ARN, region, and the provider that reads it. */
export interface ExistingLake {
  readonly bucket: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
  readonly provider?: pulumi.ProviderResource;
}

/** Where the component's own children go: its provider, or the one its parent passes on. */
export function componentProvider(
  opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.ProviderResource | undefined {
  const given = opts?.providers;
  // The runtime keys a providers list by each provider's package, as here.
  const packageOf = (p: pulumi.ProviderResource) =>
    (p as unknown as { getPackage(): string }).getPackage();
  const fromProviders = Array.isArray(given)
    ? given.find((p) => packageOf(p) === "aws")
    : given?.["aws"];
  return opts?.provider ?? fromProviders ?? opts?.parent?.getProvider("aws::");
}

/**
 * The existing lake bucket, as a resource or by name or ARN (read with s3:GetBucket* through
 * the component's provider, in preview too).
 */
const LAKES = new WeakMap<MetricStoreArgs, ExistingLake | undefined>();

export function existingLake(
  site: CheckSite,
  args: MetricStoreArgs,
  provider: pulumi.ProviderResource | undefined,
  keys = STORE_KEYS,
): ExistingLake | undefined {
  // Read once per args: a facade's check and its store use the same reading.
  if (!LAKES.has(args)) LAKES.set(args, readExistingLake(site, args, provider, keys));
  return LAKES.get(args);
}

function readExistingLake(
  site: CheckSite,
  args: MetricStoreArgs,
  provider: pulumi.ProviderResource | undefined,
  keys: ExistingKeys,
): ExistingLake | undefined {
  const given = args.bucket?.existing;
  if (given) {
    return {
      bucket: given.bucket,
      arn: given.arn,
      region: given.region,
      provider: given.getProvider("aws::"),
    };
  }
  const reference = args.bucket?.existingName;
  if (reference === undefined) return undefined;
  const name = checkedInput(
    site,
    reference,
    (v) => bucketReferenceProblems(keys.bucketName, v),
    `${keys.bucketName} is not known in this preview: it is checked at deploy.`,
  ).apply(bucketNameOf);
  const found = aws.s3.getBucketOutput({ bucket: name }, { provider });
  return { bucket: found.bucket, arn: found.arn, region: found.region, provider };
}

/** The region and account of a provider (the default one when undefined). */
function whereProviderDeploys(provider: pulumi.ProviderResource | undefined) {
  return pulumi.all([
    aws.getRegionOutput({}, { provider }).region,
    aws.getCallerIdentityOutput({}, { provider }).accountId,
  ]);
}

/**
 * An Output that resolves once the existing table and bucket fit the pipeline and fails the
 * deployment with every difference when they do not. Given as the component's dependsOn, no
 * child registers before it: in preview too, unless a value is unknown there (then it is
 * logged as checked at deploy).
 */
export function existingResourcesGate(
  site: CheckSite,
  args: MetricStoreArgs,
  lake: ExistingLake | undefined,
  provider: pulumi.ProviderResource | undefined,
  keys = STORE_KEYS,
): pulumi.Output<unknown> | undefined {
  const table = args.table?.existing;
  if (!table && !lake) return undefined;
  const pipeline = whereProviderDeploys(provider);
  // Another provider may deploy into another account: the bucket's events stay in its own.
  const lakeAccount =
    lake && lake.provider !== provider ? whereProviderDeploys(lake.provider)[1] : pipeline[1];
  const facts = pulumi.output({
    pipeline,
    lakeAccount,
    lake: lake ? { bucket: lake.bucket, region: lake.region } : undefined,
    table: table
      ? {
          name: table.name,
          hashKey: table.hashKey,
          rangeKey: table.rangeKey,
          globalSecondaryIndexes: table.globalSecondaryIndexes,
          ttl: table.ttl,
        }
      : undefined,
  });
  const lakeKey = args.bucket?.existing ? keys.bucket : keys.bucketName;
  const pending = `${lake ? "the existing bucket's region and account" : ""}${lake && table ? " and " : ""}${table ? "the existing table's keys, index and TTL" : ""} are not known in this preview: they are checked at deploy, before any resource is created.`;
  return checkedInput(
    site,
    facts,
    (f) => {
      const problems: string[] = [];
      const [region, account] = f.pipeline;
      // aws 7.x reports every bucket's region; without one there is nothing to compare.
      if (f.lake?.region && f.lake.region !== region) {
        problems.push(
          `${lakeKey} ${f.lake.bucket} is in ${f.lake.region}, the pipeline in ${region}: its object events never reach the processor`,
        );
      }
      if (f.lake && f.lakeAccount !== account) {
        problems.push(
          `${lakeKey} ${f.lake.bucket} is read through a provider of account ${f.lakeAccount}, the pipeline deploys to ${account}: its object events never reach the processor`,
        );
      }
      if (f.table) {
        problems.push(
          ...tableShapeProblems(f.table).map(
            (p) => `${keys.table} ${f.table?.name} does not fit the handlers: ${p}`,
          ),
        );
      }
      return problems;
    },
    pending,
  );
}

/** The component options with the gate first among its dependencies. */
export function gatedOptions(
  opts: pulumi.ComponentResourceOptions | undefined,
  gate: pulumi.Output<unknown> | undefined,
): pulumi.ComponentResourceOptions | undefined {
  if (!gate) return opts;
  const given = opts?.dependsOn;
  return {
    ...opts,
    dependsOn: gate.apply(() => given ?? []) as pulumi.Input<pulumi.Resource[]>,
  };
}
