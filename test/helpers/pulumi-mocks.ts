/**
 * One mocks helper for every Pulumi test: records each registered resource with its
 * resolved inputs, answers the few invokes the program makes, and fails on any other invoke
 * so an unexpected provider call cannot hide behind a mock.
 */
import * as pulumi from "@pulumi/pulumi";
import { forgetNamePrefixes } from "../../components/shared/name-prefixes";

export const ACCOUNT_ID = "123456789012";
export const REGION = "eu-west-1";

export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The id the mock returned (custom resources only). */
  id?: string;
  /** The output state the mock returned: what stack policies see. */
  state?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const recorded: RecordedResource[] = [];

/**
 * Where an explicit aws provider deploys, from its inputs as the real provider reads them:
 * `region`, and the account of the first `assumeRoles` role. A provider reference is
 * "<urn>::<id>"; the default provider (none given) deploys to ACCOUNT_ID in REGION.
 */
function providerTarget(reference: string | undefined): { region: string; accountId: string } {
  const name = reference?.split("::")[3];
  const provider = recorded.find((r) => r.type === "pulumi:providers:aws" && r.name === name);
  const roles = provider?.inputs.assumeRoles as { roleArn?: string }[] | string | undefined;
  const roleArn = (typeof roles === "string" ? JSON.parse(roles) : roles)?.[0]?.roleArn as
    string | undefined;
  return {
    region: (provider?.inputs.region as string | undefined) ?? REGION,
    accountId: roleArn?.split(":")[4] ?? ACCOUNT_ID,
  };
}

/** Buckets that exist outside the program, for `aws.s3.getBucket`: name -> region. */
export const EXISTING_BUCKETS = new Map<string, string>();

/**
 * Other stacks' outputs, for `new pulumi.StackReference(name)`: name -> its outputs and the
 * names of the secret ones (StackReference.getOutput marks those secret, as the engine does).
 */
export const STACK_OUTPUTS = new Map<
  string,
  { outputs: Record<string, unknown>; secretOutputNames?: string[] }
>();

type Invoke = (inputs: Record<string, unknown>, provider?: string) => Record<string, unknown>;
const invokes: Record<string, Invoke> = {
  "aws:index/getCallerIdentity:getCallerIdentity": (_, provider) => {
    const { accountId } = providerTarget(provider);
    return {
      accountId,
      arn: `arn:aws:iam::${accountId}:user/test`,
      userId: "AIDTEST",
      id: accountId,
    };
  },
  "aws:index/getRegion:getRegion": (_, provider) => {
    const { region } = providerTarget(provider);
    return { name: region, region, id: region };
  },
  "aws:s3/getBucket:getBucket": (inputs) => {
    const bucket = inputs.bucket as string;
    const region = EXISTING_BUCKETS.get(bucket);
    if (region === undefined) throw new Error(`NoSuchBucket: ${bucket}`);
    return { bucket, arn: `arn:aws:s3:::${bucket}`, region, id: bucket };
  },
  "aws:index/getPartition:getPartition": () => ({
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    id: "aws",
  }),
};

/** A plausible ARN for a mocked resource, so policies and IAM documents see real-looking values. */
function arnFor(type: string, name: string): string {
  const [, module = "", resource = ""] = type.split(":");
  const service = module.split("/")[0] ?? module;
  switch (service) {
    case "s3":
      return `arn:aws:s3:::${name}`;
    case "iam":
      return `arn:aws:iam::${ACCOUNT_ID}:${resource.toLowerCase()}/${name}`;
    case "sns":
    case "sqs":
      return `arn:aws:${service}:${REGION}:${ACCOUNT_ID}:${name}`;
    case "cloudwatch":
      if (resource === "LogGroup") return `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${name}`;
      if (resource === "EventRule") return `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/${name}`;
      return `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${name}`;
    case "lambda":
      return `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
    case "sfn":
      return `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:${name}`;
    case "dynamodb":
      return `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/${name}`;
    case "scheduler":
      if (resource === "ScheduleGroup")
        return `arn:aws:scheduler:${REGION}:${ACCOUNT_ID}:schedule-group/${name}`;
      return `arn:aws:scheduler:${REGION}:${ACCOUNT_ID}:schedule/default/${name}`;
    default:
      return `arn:aws:${service}:${REGION}:${ACCOUNT_ID}:${resource.toLowerCase()}/${name}`;
  }
}

/** Physical name the provider would give: the explicit name input, else the logical name. */
function physicalName(type: string, name: string, inputs: Record<string, unknown>): string {
  if (type === "aws:s3/bucket:Bucket") return (inputs.bucket as string) ?? name;
  return (inputs.name as string) ?? name;
}

/** Installs the mocks. Call before importing the program or any component module. */
export async function setupMocks(stack = "test", preview = false): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const entry: RecordedResource = {
          type: args.type,
          name: args.name,
          custom: args.custom ?? true,
          inputs: args.inputs,
        };
        recorded.push(entry);
        const name = physicalName(args.type, args.name, args.inputs);
        const state: Record<string, unknown> = {
          // aws 7.x resources report the region their provider deploys to.
          region: providerTarget(args.provider).region,
          ...args.inputs,
          name,
          arn: arnFor(args.type, name),
        };
        if (args.type === "pulumi:pulumi:StackReference") {
          const stack = STACK_OUTPUTS.get(args.inputs.name as string);
          if (!stack) throw new Error(`no stack ${String(args.inputs.name)} in STACK_OUTPUTS`);
          state.outputs = stack.outputs;
          state.secretOutputNames = stack.secretOutputNames ?? [];
        }
        if (args.type === "aws:s3/bucket:Bucket") {
          state.bucket = name;
          state.bucketDomainName = `${name}.s3.amazonaws.com`;
        }
        if (args.type === "aws:sqs/queue:Queue") {
          state.url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/${name}`;
        }
        const id = args.custom === false ? undefined : `${name}-id`;
        Object.assign(entry, { id, state });
        return { id, state };
      },
      call(args) {
        const answer = invokes[args.token];
        if (!answer) throw new Error(`unexpected invoke ${args.token}`);
        return answer(args.inputs, args.provider);
      },
    },
    "infra-monitoring",
    stack,
    preview,
  );
}

/** Forgets what earlier tests registered, and the pipelines' name prefixes of this program. */
export function resetRecorded(): void {
  recorded.length = 0;
  forgetNamePrefixes();
}

/**
 * A Pulumi suite's preamble, called inside describe(): installs the mocks, then runs `load`
 * (import the program or the component module there: mocks first), and forgets what earlier
 * tests registered before each test.
 */
export function mockedSuite(
  load: () => Promise<unknown> = async () => undefined,
  preview = false,
): void {
  before(async () => {
    await setupMocks("test", preview);
    await load();
  });
  beforeEach(resetRecorded);
}

/**
 * Waits until no new resource has been registered for a few turns of the event loop: a
 * component registers its children asynchronously, after its constructor returns.
 */
export async function settled(): Promise<RecordedResource[]> {
  let stableTurns = 0;
  let last = -1;
  while (stableTurns < 20) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    stableTurns = recorded.length === last ? stableTurns + 1 : 0;
    last = recorded.length;
  }
  return [...recorded];
}

/** The value of an Output, awaited. */
export function valueOf<T>(output: pulumi.Input<T> | pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

/** The resources of one type, by logical name. */
export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

/** The one resource with this logical name; fails if there is none or more than one. */
export function byName(resources: RecordedResource[], name: string): RecordedResource {
  const found = resources.filter((r) => r.name === name);
  if (found.length !== 1)
    throw new Error(`expected one resource named ${name}, found ${found.length}`);
  return found[0] as RecordedResource;
}

/** One statement of a recorded policy document (IAM, bucket, queue or topic policy). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** The JSON policy document a recorded resource was given in its `key` input. */
export function documentOf(r: RecordedResource, key = "policy"): { Statement: PolicyStatement[] } {
  return JSON.parse(r.inputs[key] as string) as { Statement: PolicyStatement[] };
}

/** The statements of that document. */
export const statementsOf = (r: RecordedResource, key = "policy") => documentOf(r, key).Statement;

/** The message of the error `construct` throws (a component rejecting its args); fails if none. */
export function constructionError(construct: () => unknown): string {
  try {
    construct();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the constructor to throw");
}

/** Collects pulumi.log.warn messages while `fn` runs and its children register. */
export async function captureWarnings(fn: () => unknown): Promise<string[]> {
  const messages: string[] = [];
  const original = pulumi.log.warn;
  (pulumi.log as { warn: typeof pulumi.log.warn }).warn = (msg: string) => {
    messages.push(msg);
    return Promise.resolve();
  };
  try {
    fn();
    await settled();
  } finally {
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = original;
  }
  return messages;
}

/** Collects pulumi.log.info messages while `fn` runs and its children register. */
export async function captureInfo(fn: () => unknown): Promise<string[]> {
  const messages: string[] = [];
  const original = pulumi.log.info;
  (pulumi.log as { info: typeof pulumi.log.info }).info = (msg: string) => {
    messages.push(msg);
    return Promise.resolve();
  };
  try {
    fn();
    await settled();
  } finally {
    (pulumi.log as { info: typeof pulumi.log.info }).info = original;
  }
  return messages;
}

/**
 * The errors that fail the deployment while `fn` runs and its children register: a rejected
 * input or dependency nobody handles, which the language host reports and exits on. Each
 * message once; the resources registered meanwhile come with them.
 */
export async function deploymentErrors(
  fn: () => unknown,
): Promise<{ errors: string[]; resources: RecordedResource[] }> {
  const errors = new Set<string>();
  // A resource whose input failed reports it as `error serializing property "x": <error>`.
  const cause = (reason: unknown) =>
    String((reason as Error).message ?? reason).replace(
      /^(error serializing property "[^"]*": )+/,
      "",
    );
  const listener = (reason: unknown) => errors.add(cause(reason));
  process.on("unhandledRejection", listener);
  try {
    fn();
    const resources = await settled();
    // Rejections are reported a turn after they happen.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { errors: [...errors], resources };
  } finally {
    process.off("unhandledRejection", listener);
  }
}

/** Sets the stack config the program reads, from a `config:` map as in Pulumi.<stack>.yaml. */
export function setStackConfig(config: Record<string, unknown>): void {
  const flat = Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  pulumi.runtime.setAllConfig(flat);
}
