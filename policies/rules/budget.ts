import type { StackValidationPolicy } from "@pulumi/policy";
import { estimateMonthlyCost, type CostFacts } from "../cost/estimate";
import { countsFromStack, DEFAULT_FACTS, factsFromStack } from "../cost/from-stack";

/**
 * The budget policy's config. The budget is the stack's `monthlyBudgetUsd`; the other keys
 * state what the resources cannot show (`npm run policy-config` writes them all from
 * Pulumi.<stack>.yaml).
 */
export interface BudgetConfig {
  readonly monthlyBudgetUsd?: number;
  readonly schedule?: string;
  readonly workflowType?: "STANDARD" | "EXPRESS";
  readonly instances?: number;
  readonly lakeInfrequentAccessDays?: number;
  readonly lakeArchiveDays?: number;
  readonly lakeExpireDays?: number;
  readonly hotTableDays?: number;
  readonly logDays?: number;
}

/** Config first, then what the resources show, then the program's defaults. */
export function budgetFacts(config: BudgetConfig, fromStack: Partial<CostFacts>): CostFacts {
  const lake = fromStack.lake ?? DEFAULT_FACTS.lake;
  return {
    // The source, period, lag and shard size are in the collector's environment.
    ...fromStack,
    schedule: config.schedule ?? fromStack.schedule ?? DEFAULT_FACTS.schedule,
    workflowType: config.workflowType ?? fromStack.workflowType ?? DEFAULT_FACTS.workflowType,
    instances: config.instances ?? fromStack.instances ?? DEFAULT_FACTS.instances,
    lake: {
      infrequentAccessDays: config.lakeInfrequentAccessDays ?? lake.infrequentAccessDays,
      archiveDays: config.lakeArchiveDays ?? lake.archiveDays,
      expireDays: config.lakeExpireDays ?? lake.expireDays,
    },
    hotTableDays: config.hotTableDays ?? fromStack.hotTableDays ?? DEFAULT_FACTS.hotTableDays,
    logDays: config.logDays ?? fromStack.logDays ?? DEFAULT_FACTS.logDays,
  };
}

const num = { type: "number" } as const;
const days = { type: "integer", minimum: 1 } as const;

export const monthlyBudget: StackValidationPolicy = {
  name: "monthly-budget",
  description: "The estimated monthly cost of the stack is under its monthlyBudgetUsd.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      monthlyBudgetUsd: num,
      schedule: { type: "string" },
      workflowType: { type: "string", enum: ["STANDARD", "EXPRESS"] },
      instances: { type: "integer", minimum: 1 },
      lakeInfrequentAccessDays: days,
      lakeArchiveDays: days,
      lakeExpireDays: days,
      hotTableDays: days,
      logDays: days,
    },
  },
  validateStack: (args, report) => {
    const config = args.getConfig<BudgetConfig>();
    const budget = config.monthlyBudgetUsd;
    if (budget === undefined) return args.notApplicable("no monthlyBudgetUsd in the policy config");
    const facts = budgetFacts(config, factsFromStack(args.resources));
    const estimate = estimateMonthlyCost(facts, countsFromStack(args.resources));
    if (estimate.totalUsd > budget) {
      report(
        `Estimated monthly cost $${estimate.totalUsd.toFixed(2)} exceeds the budget of $${budget.toFixed(2)} (${facts.schedule}, ${facts.workflowType}, ${facts.instances} instances).`,
      );
    }
  },
};
