import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { findNabDir } from "../../scripts/nab/corpus";
import { readResults, scoreDetector } from "../../scripts/nab/score";

type ByProfile = Record<string, number>;
const DETECTORS = ["numenta", "contextOSE", "randomCutForest", "null"];

// The NAB folder (corpus, labels, published results) lives beside the clone, in shared/nab.
const nab = findNabDir();

describe("NAB scorer port: the published scores", function () {
  this.timeout(180_000);
  if (!nab)
    throw new Error("NAB folder not found: set NAB_DIR or keep shared/nab beside the clone");
  const published = JSON.parse(
    readFileSync(path.join(nab, "results", "final_results.json"), "utf8"),
  ) as Record<string, ByProfile>;
  const thresholds = JSON.parse(
    readFileSync(path.join(nab, "config", "thresholds.json"), "utf8"),
  ) as Record<string, Record<string, { threshold: number }>>;

  for (const detector of DETECTORS) {
    it(`reproduces ${detector}'s final_results.json on every profile`, () => {
      const results = readResults(path.join(nab, "results", detector));
      expect(results.size).to.equal(58);
      const ours = scoreDetector(results, nab);
      const theirs = published[detector] ?? {};
      expect(Object.keys(ours).sort()).to.deep.equal(Object.keys(theirs).sort());
      for (const [profile, expected] of Object.entries(theirs)) {
        expect(ours[profile]?.normalized, profile).to.be.closeTo(expected, 0.1);
      }
      // At NAB's own thresholds (thresholds.json) the port agrees to rounding error.
      const fixed = Object.fromEntries(
        Object.entries(thresholds[detector] ?? {}).map(([p, t]) => [p, t.threshold]),
      );
      const atTheirs = scoreDetector(results, nab, fixed);
      for (const [profile, expected] of Object.entries(theirs)) {
        expect(atTheirs[profile]?.normalized, profile).to.be.closeTo(expected, 1e-6);
      }
    });
  }
});
