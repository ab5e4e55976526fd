/**
 * A child the component creates unless its owner gives an existing one (after pulumi-awsx's
 * defaultLogGroup / optionalLogGroup): `resource` is what the component wires, `created` what
 * it made and manages, undefined for an existing one.
 */
export interface OwnedOrExisting<R, C> {
  readonly resource: R;
  readonly created?: C;
}

/**
 * The existing child when given, else the one `create` makes; `resourceOf` picks the wired
 * resource out of what `create` returns (a bucket out of the bucket and its policy).
 * `create` runs only when nothing is given.
 */
export function ownedOrExisting<R, C>(
  existing: R | undefined,
  create: () => C,
  resourceOf: (created: C) => R,
): OwnedOrExisting<R, C> {
  if (existing !== undefined) return { resource: existing };
  const created = create();
  return { resource: resourceOf(created), created };
}

/** The same, when what `create` returns is the wired resource itself. */
export function ownedOrExistingResource<R>(
  existing: R | undefined,
  create: () => R,
): OwnedOrExisting<R, R> {
  return ownedOrExisting(existing, create, (r) => r);
}
