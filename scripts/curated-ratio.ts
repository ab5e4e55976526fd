/**
 * Prints the curated layer's Parquet bytes per raw JSON byte, measured by compacting one day
 * of a fleet's records with DuckDB: the figure policies/cost/lake-storage.ts prices.
 * Usage: npm run curated-ratio [-- --instances N]
 */
import { parseArgs } from "node:util";
import { measureCuratedRatio } from "./curated/measure-ratio";

const { values } = parseArgs({ options: { instances: { type: "string", default: "100" } } });
const instances = Number(values.instances);
if (!Number.isInteger(instances) || instances < 1) {
  console.error(`--instances must be a positive whole number (got ${values.instances})`);
  process.exit(2);
}
void measureCuratedRatio({ instances }).then((m) =>
  console.log(
    `one day, ${m.instances} instances, 5-minute data: ${m.records} records, ` +
      `${m.jsonBytes} bytes of JSON Lines -> ${m.parquetBytes} bytes of Parquet (ZSTD): ` +
      `ratio ${m.ratio.toFixed(4)} (${(m.jsonBytes / m.records).toFixed(1)} JSON bytes, ` +
      `${(m.parquetBytes / m.records).toFixed(2)} Parquet bytes a record)`,
  ),
);
