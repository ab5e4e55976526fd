import * as pulumi from "@pulumi/pulumi";
import { type CheckSite, checkedInput, isKnownNow } from "./input-check";
import {
  resolveThresholds,
  THRESHOLD_KEYS,
  type ThresholdArgs,
  type ThresholdInputs,
} from "./threshold-args";
import { fractionThresholdWarnings, thresholdProblem, warnIgnored } from "./validation";

/**
 * The thresholds the children take, defaults applied. A known one was checked with the other
 * arguments; an Output is checked when it resolves, failing the deployment with the message a
 * known one gets at once (a secret's value left out).
 */
export function checkedThresholds(
  site: CheckSite,
  args: ThresholdArgs | undefined,
): ThresholdInputs {
  const resolved = resolveThresholds(args);
  const checked = THRESHOLD_KEYS.map((key) => {
    const value = resolved[key];
    if (isKnownNow(value)) return [key, value];
    const output = checkedInput(
      site,
      value,
      (v, secret) => {
        const problem = thresholdProblem(key, v, secret);
        return problem ? [problem] : [];
      },
      `thresholds.${key} is not known in this preview: it is checked at deploy.`,
    );
    return [key, output];
  });
  return Object.fromEntries(checked) as ThresholdInputs;
}

/**
 * The fraction hint (0.8 meaning 80 %) for every threshold: a known one's now, an Output's
 * when it resolves, with the same words (a secret's value left out). Never a failure.
 */
export function warnFractionThresholds(
  resource: pulumi.ComponentResource,
  kind: string,
  args: ThresholdArgs | undefined,
): void {
  // Outputs are not numbers yet: the known ones are warned of now.
  warnIgnored(resource, kind, fractionThresholdWarnings(args));
  for (const key of THRESHOLD_KEYS) {
    const value = args?.[key];
    if (value === undefined || isKnownNow(value)) continue;
    const output = pulumi.output(value);
    const secret = pulumi.output(pulumi.isSecret(output));
    pulumi.all([output, secret]).apply(([v, isSecret]) => {
      warnIgnored(resource, kind, fractionThresholdWarnings({ [key]: v }, isSecret));
    });
  }
}
