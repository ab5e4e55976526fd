import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { targetListBody, targetListKey } from "../../contract/target-list";
import { childName } from "../shared/naming";
import type { CollectorWorkflowArgs } from "./args";

/** A target list's lake object: its key names the body's digest. */
export interface TargetListLocation {
  readonly key: string;
  readonly body: string;
}

/**
 * Where the instance list of `targets.instanceIds` is kept in the lake, or undefined for none.
 * Ids from an Output give an Output location: the key follows the list once it resolves.
 */
export function targetListLocation(
  name: string,
  args: CollectorWorkflowArgs,
): pulumi.Output<TargetListLocation> | undefined {
  const ids = args.targets?.instanceIds;
  if (ids === undefined || (Array.isArray(ids) && ids.length === 0)) return undefined;
  return pulumi.output(ids).apply((list) => {
    const body = targetListBody(list);
    return { key: targetListKey(name, body), body };
  });
}

/**
 * The instance list as a lake object the collector reads at cold start: Lambda's 4 KB of
 * environment holds about 180 ids; an object holds any fleet. The bucket's own encryption
 * applies; the key changes with the list, so a new list is a new object and the old one goes.
 */
export function createTargetList(
  parent: pulumi.Resource,
  name: string,
  location: pulumi.Output<TargetListLocation> | undefined,
  args: CollectorWorkflowArgs,
): aws.s3.BucketObjectv2 | undefined {
  if (!location) return undefined;
  return new aws.s3.BucketObjectv2(
    childName(name, "target-list"),
    {
      bucket: args.lakeBucketName,
      key: location.key,
      content: location.body,
      contentType: "application/json",
      tags: args.tags ?? {},
    },
    { parent },
  );
}
