export { OrganizationAccess } from "./organization-access";
export type { OrganizationAccessArgs } from "./args";
export { ORGANIZATION_ACCESS_DEFAULTS } from "./defaults";
