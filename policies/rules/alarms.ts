import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { known, label, ofType, type Props } from "./helpers";
import { TYPES } from "./types";

/** The dimension sets an alarm watches: its own, or those of its metric-math queries. */
function watchedDimensions(alarm: PolicyResource): Props[] {
  const own = known(() => alarm.props.dimensions as Props | undefined);
  const queries = known(() => alarm.props.metricQueries as Props[] | undefined) ?? [];
  return [own, ...queries.map((q) => q.metric?.dimensions as Props | undefined)].filter(
    (d): d is Props => d !== undefined,
  );
}

function hasAlarm(
  target: PolicyResource,
  alarms: readonly PolicyResource[],
  dimension: string,
  identifier: "name" | "arn",
): boolean {
  const id = known(() => target.props[identifier] as unknown);
  return alarms.some((alarm) => {
    // Through the engine's dependency graph, even when the name is unknown during preview.
    const viaDeps = [
      ...(alarm.propertyDependencies.dimensions ?? []),
      ...(alarm.propertyDependencies.metricQueries ?? []),
    ].some((d) => d.urn === target.urn);
    if (viaDeps) return true;
    return typeof id === "string" && watchedDimensions(alarm).some((d) => d[dimension] === id);
  });
}

export const alarmCoverage: StackValidationPolicy = {
  name: "alarm-coverage",
  description: "Every Lambda function and state machine has at least one CloudWatch alarm.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const alarms = ofType(args.resources, TYPES.metricAlarm);
    for (const fn of ofType(args.resources, TYPES.function)) {
      if (!hasAlarm(fn, alarms, "FunctionName", "name")) {
        report(`${label(fn)} has no alarm (a MetricAlarm with dimension FunctionName).`, fn.urn);
      }
    }
    for (const sm of ofType(args.resources, TYPES.stateMachine)) {
      if (!hasAlarm(sm, alarms, "StateMachineArn", "arn")) {
        report(`${label(sm)} has no alarm (a MetricAlarm with dimension StateMachineArn).`, sm.urn);
      }
    }
  },
};
