/** IAM policy documents as resources carry them: a JSON string or an object. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The statements of a document; a document that cannot be parsed is reported, not skipped. */
export function statementsOf(document: unknown): Statement[] | { error: string } {
  let parsed: unknown = document;
  if (typeof document === "string") {
    try {
      parsed = JSON.parse(document);
    } catch {
      return { error: "is not valid JSON" };
    }
  }
  if (typeof parsed !== "object" || parsed === null) return { error: "is not a policy document" };
  const statement = (parsed as { Statement?: unknown }).Statement;
  if (statement === undefined) return [];
  return (Array.isArray(statement) ? statement : [statement]) as Statement[];
}

export function list(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : [...value];
}

/** The value of a condition key under any operator; IAM compares key names case-insensitively. */
export function conditionValues(s: Statement, key: string): unknown[] {
  const wanted = key.toLowerCase();
  return Object.values(s.Condition ?? {}).flatMap((byKey) =>
    Object.entries(byKey)
      .filter(([k]) => k.toLowerCase() === wanted)
      .flatMap(([, v]) => (Array.isArray(v) ? v : [v])),
  );
}

/** True when the statement sets one of `keys` to something narrower than "*". */
export function narrowedBy(s: Statement, keys: readonly string[]): boolean {
  return keys.some((key) => conditionValues(s, key).some((v) => v !== "*" && v !== ""));
}

/** "*" as a principal: `"*"`, `{ AWS: "*" }` or a list holding "*". */
export function isPublicPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  if (typeof principal !== "object" || principal === null) return false;
  const aws = (principal as { AWS?: string | readonly string[] }).AWS;
  return list(aws).includes("*");
}

/** The service principals a statement names ({ Service: "x.amazonaws.com" | [...] }). */
export function servicePrincipals(principal: unknown): string[] {
  if (typeof principal !== "object" || principal === null) return [];
  return list((principal as { Service?: string | readonly string[] }).Service);
}

/** True when an action pattern (with * and ? wildcards) covers `action`. */
export function actionCovers(pattern: string, action: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "i").test(action);
}
