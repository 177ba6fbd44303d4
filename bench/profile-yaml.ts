// PROFILE_YAML for the profiling tools (profile.ts, thread-cost.ts): a config file for the run
// instead of environment discovery, with {mock} standing for the mock upstream's URL.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `<directory>/switchyard.yaml` from PROFILE_YAML when it is set; returns whether it did. */
export function writeProfileYaml(directory: string, mockUrl: string): boolean {
  const yaml = process.env.PROFILE_YAML;
  if (yaml === undefined) return false;
  writeFileSync(join(directory, 'switchyard.yaml'), yaml.replaceAll('{mock}', mockUrl));
  return true;
}
