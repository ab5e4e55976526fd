/** `npm run schema`: refreshes provider/schema.json after a change to a component's args. */
import { writeFileSync } from "node:fs";
import { inferSchema, SCHEMA_FILE } from "./component-schema";

void inferSchema().then((schema) => {
  writeFileSync(SCHEMA_FILE, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${SCHEMA_FILE}`);
});
