// Text -> GatewayConfig: YAML parse, `${ENV}` interpolation, schema validation and cross-reference
// checks, with every problem collected into one ConfigError. Reads no files (see load-config.ts).

import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { checkConfig } from './check-config.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { gatewayConfigSchema, type GatewayConfig } from './config-schema.js';
import { checkHold } from './check-hold.js';
import { interpolateEnv, type Env } from './interpolate-env.js';
import { describeIssue } from './issue-message.js';
import { formatKeyPath, type PathSegment } from './key-path.js';
import { fromYamlData } from './plain-data.js';
import { lineOf } from './yaml-lines.js';

/** Maps a key path to a line in the source, when there is a source. */
export type Locate = (path: readonly PathSegment[]) => number | undefined;

// Aliases can expand exponentially ("billion laughs"); no real config needs more than this.
const maxAliasCount = 100;

export function parseConfig(text: string, fileName: string, env: Env = process.env): GatewayConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      fileName,
      document.errors.map((error) => ({
        path: '',
        message: yamlErrorMessage(error),
        line: error.linePos?.[0].line,
      })),
    );
  }
  const raw = toPlainData(document, fileName);
  const locate: Locate = (path) => lineOf(document, lineCounter, path);
  if (raw === null || raw === undefined) return validateConfig({}, fileName, locate);
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(fileName, [
      { path: '', message: 'expected a mapping of sections (server:, providers:, models:, ...)', line: 1 },
    ]);
  }
  const interpolated = interpolateEnv(raw, env);
  const problems = interpolated.problems.map((problem) => toProblem(problem.path, problem.message, locate));
  return validateConfig(interpolated.value, fileName, locate, problems, env);
}

/**
 * Validates already-interpolated data (a parsed file, or what env discovery built) and returns
 * the defaulted config, or throws a ConfigError listing `earlier` problems and every new one.
 */
export function validateConfig(
  raw: unknown,
  fileName: string,
  locate: Locate = () => undefined,
  earlier: ConfigProblem[] = [],
  env: Env = process.env,
): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(raw, { error: describeIssue });
  const problems = [...earlier];
  const reported = new Set(earlier.map((problem) => problem.path));
  const add = (problem: ConfigProblem) => {
    // A missing variable is reported once; the empty string it left behind is not a second problem.
    if (!reported.has(problem.path)) problems.push(problem);
  };
  for (const issue of result.success ? [] : result.error.issues) {
    const path = issue.path.filter((segment) => typeof segment !== 'symbol');
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    add({
      ...toProblem(path, issue.message, locate),
      line: locate(key === undefined ? path : [...path, key]),
    });
  }
  for (const problem of [...checkConfig(raw), ...checkHold(raw, env)])
    add(toProblem(problem.path, problem.message, locate));
  if (problems.length > 0 || !result.success) throw new ConfigError(fileName, sortByLine(problems));
  return result.data;
}

function toProblem(path: readonly PathSegment[], message: string, locate: Locate): ConfigProblem {
  const line = locate(path);
  return line === undefined
    ? { path: formatKeyPath(path), message }
    : { path: formatKeyPath(path), message, line };
}

function toPlainData(document: Document, fileName: string): unknown {
  try {
    return fromYamlData(document.toJS({ maxAliasCount, mapAsMap: true }));
  } catch (error) {
    throw new ConfigError(fileName, [{ path: '', message: `unreadable YAML: ${(error as Error).message}` }]);
  }
}

function sortByLine(problems: ConfigProblem[]): ConfigProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (left, right) =>
        (left.problem.line ?? Infinity) - (right.problem.line ?? Infinity) || left.index - right.index,
    )
    .map((entry) => entry.problem);
}

/** yaml's messages repeat the position and quote the source; the line number is reported separately. */
function yamlErrorMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return "a config file holds one YAML document: remove the extra '---'";
  const message = error.message.split('\n')[0] ?? error.message;
  return `invalid YAML: ${message.replace(/ at line \d+, column \d+:?$/, '')}`;
}
