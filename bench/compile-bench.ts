// Transpiles the bench's own TypeScript to plain JavaScript so the mock upstream and the bare proxy
// run under bare `node`: under tsx each would carry ~40 MB of loader, which would skew RSS and CPU.
// Writes only into bench/results/build.tmp/ (git-ignored); never touches src/ or dist/.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const benchDirectory = dirname(fileURLToPath(import.meta.url));
export const buildDirectory = join(benchDirectory, 'results', 'build.tmp');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'results' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Transpiles every non-test bench module; returns the directory holding the .js files. The output
 * must stay inside the repository so `undici` resolves from its node_modules.
 */
export function compileBench(outputDirectory = buildDirectory): string {
  rmSync(outputDirectory, { recursive: true, force: true });
  for (const path of sourceFiles(benchDirectory)) {
    const output = ts.transpileModule(readFileSync(path, 'utf8'), {
      fileName: path,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const target = join(outputDirectory, relative(benchDirectory, path).replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  return outputDirectory;
}

export function removeBenchBuild(outputDirectory = buildDirectory): void {
  rmSync(outputDirectory, { recursive: true, force: true });
}
