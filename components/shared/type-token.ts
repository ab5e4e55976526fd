import type * as pulumi from "@pulumi/pulumi";

/**
 * The package's name, as `pulumi package add` derives it from package.json: every component's
 * type token starts with it, so the tokens in the schema and the registered ones agree.
 */
export const PACKAGE_NAME = "infra-monitoring-pipeline";
/** The name the tokens carried before they took the package's. */
export const LEGACY_PACKAGE_NAME = "infra-monitoring";

/**
 * The caller's options plus an alias from the component's former type token, so a stack
 * deployed before the rename keeps its URNs (and every child's) instead of replacing them.
 */
export function withLegacyTypeAlias(
  type: string,
  opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.ComponentResourceOptions {
  const legacy = type.replace(`${PACKAGE_NAME}:`, `${LEGACY_PACKAGE_NAME}:`);
  return { ...opts, aliases: [...(opts?.aliases ?? []), { type: legacy }] };
}
