// The error every config failure becomes: one class listing every problem at once, each with
// the file, the key path, what was expected and (where the YAML parser knows it) the line.
// Imports nothing from the rest of the project so the CLI can use it without loading the server.

export interface ConfigProblem {
  /** Key path as users write it, e.g. `models.gpt-4o.targets[0].provider`; '' for the whole file. */
  path: string;
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

export class ConfigError extends Error {
  readonly fileName: string;
  readonly problems: readonly ConfigProblem[];

  constructor(fileName: string, problems: readonly ConfigProblem[]) {
    super(problems.map((problem) => formatProblem(fileName, problem)).join('\n'));
    this.name = 'ConfigError';
    this.fileName = fileName;
    this.problems = problems;
  }
}

export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof ConfigError;
}

/** `file:line: path: message`, the form editors and terminals turn into a link. */
export function formatProblem(fileName: string, problem: ConfigProblem): string {
  const where = problem.line === undefined ? fileName : `${fileName}:${problem.line}`;
  return problem.path === ''
    ? `${where}: ${problem.message}`
    : `${where}: ${problem.path}: ${problem.message}`;
}
