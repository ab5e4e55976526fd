import * as pulumi from "@pulumi/pulumi";
import { BUNDLE_FILE, bundleHandler, type HandlerName } from "../../functions/build";

/**
 * A handler's deployment package, built while the program runs so `pulumi up` needs no
 * separate build step. The same sources give the same bytes, so an unchanged handler
 * shows no diff. The function's handler setting is "index.handler".
 */
export function handlerArchive(name: HandlerName): pulumi.asset.AssetArchive {
  const { code } = bundleHandler(name);
  return new pulumi.asset.AssetArchive({ [BUNDLE_FILE]: new pulumi.asset.StringAsset(code) });
}
