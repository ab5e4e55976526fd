import * as pulumi from "@pulumi/pulumi";

type Tags = Record<string, string>;

/** The component's tags with a caller's per-resource tags (possibly an Output) on top. */
export function mergeTags(
  base: Readonly<Tags>,
  overrides: pulumi.Input<Record<string, pulumi.Input<string>> | undefined>,
): pulumi.Output<Tags> {
  return pulumi.output(overrides ?? {}).apply((extra) => ({ ...base, ...extra }));
}
