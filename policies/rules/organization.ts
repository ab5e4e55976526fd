import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { forType, type Props } from "./helpers";
import { isPublicPrincipal, narrowedBy, statementsOf } from "./policy-document";
import { NARROWING_KEYS } from "./resource-policies";
import { TYPES } from "./types";

/** Keys that tie a "*" principal to the organization (or part of it) or to a source. */
export const ORGANIZATION_KEYS: readonly string[] = Object.freeze([
  ...NARROWING_KEYS,
  "aws:PrincipalOrgPaths",
]);

/** Reports each Allow statement of `document` open to "*" with none of ORGANIZATION_KEYS. */
function checkOpenStatements(document: unknown, where: string, report: ReportViolation): void {
  const statements = statementsOf(document);
  if (!Array.isArray(statements)) {
    report(`${where} ${statements.error}.`);
    return;
  }
  statements.forEach((s, i) => {
    if (s.Effect !== "Allow" || !isPublicPrincipal(s.Principal)) return;
    if (narrowedBy(s, ORGANIZATION_KEYS)) return;
    report(
      `${where} statement ${s.Sid ?? i} allows Principal "*" without a ${ORGANIZATION_KEYS.join(", ")} condition.`,
    );
  });
}

/** The documents of a CloudFormation template that grant principals: role trusts, sink policies. */
const TEMPLATE_DOCUMENTS: Readonly<Record<string, string>> = Object.freeze({
  "AWS::IAM::Role": "AssumeRolePolicyDocument",
  "AWS::Oam::Sink": "Policy",
});

function checkTemplate(props: Props, report: ReportViolation): void {
  const body = props.templateBody as unknown;
  // A template in S3 (templateUrl) is out of the stack's reach.
  if (body === undefined || body === null || body === "") return;
  let template: { Resources?: Record<string, { Type?: string; Properties?: Props }> };
  try {
    template = JSON.parse(body as string) as typeof template;
  } catch {
    report("The template is not JSON: its role trusts and sink policies cannot be checked.");
    return;
  }
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const key = TEMPLATE_DOCUMENTS[resource.Type ?? ""];
    const document = key === undefined ? undefined : resource.Properties?.[key];
    if (document === undefined) continue;
    checkOpenStatements(document, `Template resource ${id} (${resource.Type}) policy`, report);
  }
}

export const organizationTrustScoped: ResourceValidationPolicy = {
  name: "organization-trust-scoped",
  description: `OAM sink policies, and the role trusts and sink policies of StackSet templates, allow Principal "*" only with a ${ORGANIZATION_KEYS.join(", ")} condition.`,
  enforcementLevel: "mandatory",
  validateResource: [
    forType(TYPES.oamSinkPolicy, (props, _args, report) =>
      checkOpenStatements(props.policy, "Sink policy", report),
    ),
    forType(TYPES.stackSet, (props, _args, report) => checkTemplate(props, report)),
  ],
};
