/** The checks of values that may come from another stack: one rule, now or when resolved. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/**
 * Every bad or repeated address of the list, under `key`. A secret list's addresses are left
 * out of the messages: they are named by position.
 */
export function emailListProblems(
  key: string,
  emails: readonly string[],
  secret = false,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  emails.forEach((email, i) => {
    const shown = secret ? `[${i}] (secret)` : `"${email}"`;
    if (!EMAIL.test(email)) problems.push(`${key}: ${shown} is not an e-mail address`);
    const folded = email.toLowerCase();
    if (seen.has(folded)) problems.push(`${key}: ${shown} is listed twice`);
    seen.add(folded);
  });
  return problems;
}

/** Every id of the list that is not an EC2 instance id, under `key`. */
export function instanceIdProblems(key: string, ids: readonly string[]): string[] {
  return ids
    .filter((id) => !INSTANCE_ID.test(id))
    .map((id) => `${key}: "${id}" is not an EC2 instance id`);
}
