/**
 * A Glue (Hive) column as aws.glue.CatalogTable's storageDescriptor takes it. Its own file: the
 * published declarations reach it without columns.ts's zod types.
 */
export interface GlueColumn {
  readonly name: string;
  readonly type: string;
}
