import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { targetListBody, targetListKey } from "../../functions/shared/target-list";
import type { CollectorWorkflowArgs } from "./args";

/** Where the instance list of `targets.instanceIds` is kept in the lake, or undefined for none. */
export function targetListLocation(
  name: string,
  args: CollectorWorkflowArgs,
): { readonly key: string; readonly body: string } | undefined {
  const ids = args.targets?.instanceIds;
  if (!ids?.length) return undefined;
  const body = targetListBody(ids);
  return { key: targetListKey(name, body), body };
}

/**
 * The instance list as a lake object the collector reads at cold start: Lambda's 4 KB of
 * environment holds about 180 ids; an object holds any fleet. The bucket's own encryption
 * applies; the key changes with the list, so a new list is a new object and the old one goes.
 */
export function createTargetList(
  parent: pulumi.Resource,
  name: string,
  args: CollectorWorkflowArgs,
): aws.s3.BucketObjectv2 | undefined {
  const location = targetListLocation(name, args);
  if (!location) return undefined;
  return new aws.s3.BucketObjectv2(
    `${name}-target-list`,
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
