import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where a component deploys: for ARNs, policy conditions and console URLs. */
export interface AccountScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** The partition, region and account of the provider the component's children use. */
export function accountScope(parent: pulumi.Resource): pulumi.Output<AccountScope> {
  const invoke = { parent };
  return pulumi
    .all([
      aws.getPartitionOutput({}, invoke).partition,
      aws.getRegionOutput({}, invoke).region,
      aws.getCallerIdentityOutput({}, invoke).accountId,
    ])
    .apply(([partition, region, accountId]) => ({ partition, region, accountId }));
}
