/** `npm run fault -- --tickets 600 …`: the fault suite's harness at a bigger size, as a command. */
import { writeFileSync } from 'node:fs';
import { runFaultSuite } from './harness';
import { parseFaultFlags } from './options';

let flags: ReturnType<typeof parseFaultFlags>;
try {
  flags = parseFaultFlags(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const run = await runFaultSuite({ ...flags, log: (line) => console.log(`fault: ${line}`) });
for (const line of run.figures) console.log(`fault: ${line}`);
if (flags.json) writeFileSync(flags.json, `${JSON.stringify({ flags, ...run }, null, 2)}\n`);
for (const problem of run.problems) console.error(`fault: PROBLEM ${problem}`);
process.exit(run.problems.length === 0 ? 0 : 1);
