import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Every file under a folder, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The packages a source file loads at run time (type-only imports and exports left out). */
function runtimePackagesOf(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2023);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      const named = node.importClause?.namedBindings;
      const onlyTypes =
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly) &&
        node.importClause?.name === undefined;
      if (!onlyTypes) specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    )
    .filter((name) => !builtinModules.includes(name));
}

describe('the container image', () => {
  const dockerfile = read('Dockerfile');

  it('is built from node:24-slim: the bundle in one stage, then production dependencies only', () => {
    const stages = dockerfile.match(/^FROM .*$/gm) ?? [];
    expect(stages).toEqual([
      'FROM node:24-slim AS build',
      'FROM node:24-slim AS deps',
      'FROM node:24-slim',
    ]);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(dockerfile).toContain('COPY --from=deps /app/node_modules ./node_modules');
    expect(dockerfile).toContain('COPY --from=build /app/dist ./dist');
  });

  it('runs as the non-root node user, with node itself as PID 1', () => {
    const final = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(final).toMatch(/^USER node$/m);
    expect(final.indexOf('USER node')).toBeLessThan(final.indexOf('CMD '));
    // What `npm start` runs.
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts
      .start;
    expect(final).toContain(`CMD ${JSON.stringify(start.split(' ')).replaceAll('","', '", "')}`);
    expect(start).toMatch(/^node .*dist\/main\.js$/);
    expect(final).toMatch(/ENV NODE_ENV=production/);
  });

  it('sends only the lockfile, the manifest, the sources and the build script to the build', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(ignore[0]).toBe('*');
    expect(ignore).toEqual(
      expect.arrayContaining([
        '!package.json',
        '!package-lock.json',
        '!src/',
        '!scripts/build.mjs',
      ]),
    );
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.*) \S+$/gm)].flatMap((match) =>
      match[1]!.split(' '),
    );
    expect(copied.sort()).toEqual([
      'package-lock.json',
      'package-lock.json',
      'package-lock.json',
      'package.json',
      'package.json',
      'package.json',
      'scripts/build.mjs',
      'src',
    ]);
  });

  it('has every package the sources load at run time among the production dependencies', () => {
    const manifest = JSON.parse(read('package.json')) as {
      dependencies: Record<string, string>;
    };
    const missing = new Map<string, string>();
    const loaded = new Set<string>();
    for (const file of filesUnder('src').filter((path) => path.endsWith('.ts'))) {
      for (const name of runtimePackagesOf(file)) {
        loaded.add(name);
        if (!(name in manifest.dependencies)) missing.set(name, file.slice(ROOT.length));
      }
    }
    expect(Object.fromEntries(missing)).toEqual({});
    // The scan sees static and dynamic imports alike.
    for (const name of ['graphql-yoga', 'undici', 'pino', '@opentelemetry/sdk-trace-node']) {
      expect(loaded).toContain(name);
    }
    // The image runs the bundle: no TypeScript loader at run time.
    expect(manifest.dependencies).not.toHaveProperty('tsx');
  });
});
