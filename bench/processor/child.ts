import { type ProcessorRun, runProcessor, runSdkBaseline } from "./run-processor";

// A process of its own, as a Lambda is: its peak RSS is the processor's alone, and the local
// servers (in the parent) do not share its thread.
const run = JSON.parse(process.env.BENCH_PROCESSOR_RUN ?? "{}") as ProcessorRun;
(run.sdkBaselineRecords === undefined ? runProcessor(run) : runSdkBaseline(run))
  .then(({ summary, seconds }) => {
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    // CPU the whole process used (user + system): moves far less with load than `seconds`.
    const { user, system } = process.cpuUsage();
    const cpuSeconds = (user + system) / 1e6;
    process.stdout.write(JSON.stringify({ summary, seconds, peakRssMb, cpuSeconds }) + "\n");
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
