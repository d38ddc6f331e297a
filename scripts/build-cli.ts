// npm run build's last step: the command line bundled into dist/cli.mjs (see scripts/cli-bundle.ts).
import { buildCli } from "./cli-bundle.ts"

buildCli("dist")
