import type * as pulumi from "@pulumi/pulumi";

/**
 * A monitoring account's reach into its organization: a CloudWatch OAM sink per region, and a
 * service-managed StackSet that links every source account to it and gives each one a
 * read-only member role. See docs/organization.md.
 */
export interface OrganizationAccessArgs {
  /**
   * The organization's id (`o-` and 10 to 32 lower-case letters or digits). The sink policies and
   * each member role's trust accept principals of this organization only.
   */
  readonly organizationId: string;
  /**
   * The regions to collect: one sink each, and each source account links there. At least one,
   * no duplicates. The first one also holds each account's member role (IAM is global).
   */
  readonly regions: string[];
  /**
   * Where the StackSet deploys: the organization's root (`r-` id) for every account, or OU ids
   * (`ou-xxxx-xxxxxxxx`). Accounts added there later are linked automatically.
   */
  readonly organizationalUnitIds: string[];
  /**
   * The monitoring account's collector role (for example MonitoringPipeline's collectorRoleArn):
   * the only principal each member role trusts.
   */
  readonly collectorRoleArn: pulumi.Input<string>;
  /** The member role's name in every source account. @default "infra-monitoring-member-read" */
  readonly memberRoleName?: string;
  /** Also share CloudWatch Logs log groups through the links. @default false (metrics only) */
  readonly shareLogs?: boolean;
  /**
   * Who creates the StackSet: `DELEGATED_ADMIN` from a monitoring account registered as the
   * StackSets delegated administrator, `SELF` from the management account.
   * @default "DELEGATED_ADMIN"
   */
  readonly callAs?: string;
  /** Tags for the sinks and the StackSet (which passes them to its stacks). @default {} */
  readonly tags?: Record<string, string>;
}
