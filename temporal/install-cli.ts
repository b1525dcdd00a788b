/** `npm install` hook: builds the Temporal CLI when needed; never fails the install. */
import { installTemporalCli, missingCliHelp } from './cli';

if (process.env.TEMPORAL_ADDRESS) {
  console.log('TEMPORAL_ADDRESS is set: skipping the Temporal CLI build.');
} else {
  try {
    const cli = installTemporalCli();
    console.log(cli ? `Temporal CLI: ${cli}` : missingCliHelp);
  } catch (error) {
    console.warn(`${(error as Error).message}\n${missingCliHelp}`);
  }
}
