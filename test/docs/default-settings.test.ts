import { expect } from "chai";
import { defaultSettingsLink } from "../../components/shared/validation";
import { readPage } from "./markdown";

describe("the weakened-default warnings' link", () => {
  for (const kind of ["MetricStore", "CollectorWorkflow", "AlertingStack", "AnalyticsCatalog"]) {
    it(`${kind}'s names a page with a Default settings heading`, () => {
      const [file, anchor] = defaultSettingsLink(kind).split("#");
      expect(readPage(file ?? "").anchors.has(anchor ?? "")).to.equal(true);
    });
  }
});
