import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedInput } from "../shared/input-check";
import { PACKAGE_NAME } from "../shared/type-token";
import { throwIfInvalid } from "../shared/validation";
import type { OrganizationAccessArgs } from "./args";
import { LOG_RESOURCE_TYPE, METRIC_RESOURCE_TYPE, ORGANIZATION_ACCESS_DEFAULTS } from "./defaults";
import { memberTemplate, sinkPolicyDocument } from "./documents";
import { collectorRoleArnProblems, validateOrganizationAccessArgs } from "./validate";

/** One region's sink and its policy. */
interface RegionSink {
  readonly sink: aws.oam.Sink;
  readonly policy: aws.oam.SinkPolicy;
}

/**
 * The organization layout, from the monitoring account: a CloudWatch OAM sink per region, and a
 * service-managed StackSet with auto-deployment that gives every account of the listed OUs a
 * link to its region's sink and a read-only member role the collector role may assume. An
 * account joining the organization (or a listed OU) is linked with no change here.
 */
export class OrganizationAccess extends pulumi.ComponentResource {
  static readonly TYPE = `${PACKAGE_NAME}:index:OrganizationAccess`;

  /** The sinks, by region. */
  readonly sinks: Record<string, aws.oam.Sink>;
  /** The StackSet that deploys each source account's link and member role. */
  readonly stackSet: aws.cloudformation.StackSet;
  /** The StackSet's instances, one per region. */
  readonly stackSetInstances: aws.cloudformation.StackSetInstance[];
  /** Each region's sink ARN, by region. */
  readonly sinkArns: pulumi.Output<Record<string, string>>;
  /** The StackSet's name. */
  readonly stackSetName: pulumi.Output<string>;
  /** The member role's name in every source account (`arn:aws:iam::<account>:role/<name>`). */
  readonly memberRoleName: string;

  constructor(name: string, args: OrganizationAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(OrganizationAccess.TYPE, name, {}, opts);
    throwIfInvalid(this, "OrganizationAccess", name, validateOrganizationAccessArgs(name, args));
    const d = ORGANIZATION_ACCESS_DEFAULTS;
    this.memberRoleName = args.memberRoleName ?? d.memberRoleName;
    const resourceTypes =
      (args.shareLogs ?? d.shareLogs)
        ? [METRIC_RESOURCE_TYPE, LOG_RESOURCE_TYPE]
        : [METRIC_RESOURCE_TYPE];
    const tags = args.tags ?? {};
    const regionSinks = Object.fromEntries(
      args.regions.map((region) => [region, this.regionSink(name, region, args, resourceTypes)]),
    );
    this.sinks = Object.fromEntries(args.regions.map((r) => [r, regionSinks[r]!.sink]));
    this.sinkArns = pulumi
      .all(Object.fromEntries(args.regions.map((r) => [r, regionSinks[r]!.sink.arn])))
      .apply((arns) => ({ ...arns }));
    const site = { kind: "OrganizationAccess", name };
    const collectorRoleArn = checkedInput(
      site,
      args.collectorRoleArn,
      collectorRoleArnProblems,
      "collectorRoleArn is checked when it is known",
    );
    const templateBody = pulumi.all([this.sinkArns, collectorRoleArn]).apply(([sinkArns, arn]) =>
      memberTemplate({
        sinkArns,
        roleRegion: args.regions[0]!,
        collectorRoleArn: arn,
        organizationId: args.organizationId,
        memberRoleName: this.memberRoleName,
        resourceTypes,
      }),
    );
    const callAs = args.callAs ?? d.callAs;
    this.stackSet = new aws.cloudformation.StackSet(
      `${name}-members`,
      {
        description: "Links each account to the monitoring sinks; read-only member role.",
        permissionModel: "SERVICE_MANAGED",
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        capabilities: ["CAPABILITY_NAMED_IAM"],
        callAs,
        managedExecution: { active: true },
        templateBody,
        tags,
      },
      // Every link needs its sink's policy in place first.
      { parent: this, dependsOn: Object.values(regionSinks).map((s) => s.policy) },
    );
    this.stackSetName = this.stackSet.name;
    this.stackSetInstances = this.instances(name, args, callAs);
    this.registerOutputs({
      sinkArns: this.sinkArns,
      stackSetName: this.stackSetName,
      memberRoleName: this.memberRoleName,
    });
  }

  private regionSink(
    name: string,
    region: string,
    args: OrganizationAccessArgs,
    resourceTypes: readonly string[],
  ): RegionSink {
    const sink = new aws.oam.Sink(
      `${name}-sink-${region}`,
      { region, tags: args.tags ?? {} },
      { parent: this },
    );
    const policy = new aws.oam.SinkPolicy(
      `${name}-sink-policy-${region}`,
      {
        region,
        sinkIdentifier: sink.arn,
        policy: sinkPolicyDocument(args.organizationId, args.organizationalUnitIds, resourceTypes),
      },
      { parent: this },
    );
    return { sink, policy };
  }

  /**
   * One instance per region over the listed OUs, the monitoring account left out: its metrics
   * are in its own CloudWatch already, and the collector needs no role to reach itself.
   */
  private instances(
    name: string,
    args: OrganizationAccessArgs,
    callAs: string,
  ): aws.cloudformation.StackSetInstance[] {
    const monitoringAccount = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    return args.regions.map(
      (region) =>
        new aws.cloudformation.StackSetInstance(
          `${name}-members-${region}`,
          {
            stackSetName: this.stackSet.name,
            stackSetInstanceRegion: region,
            callAs,
            deploymentTargets: {
              organizationalUnitIds: [...args.organizationalUnitIds],
              accountFilterType: "DIFFERENCE",
              accounts: [monitoringAccount],
            },
            operationPreferences: {
              concurrencyMode: "SOFT_FAILURE_TOLERANCE",
              maxConcurrentPercentage: 100,
              failureTolerancePercentage: 10,
            },
          },
          { parent: this },
        ),
    );
  }
}
