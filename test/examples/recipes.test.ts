import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES, exampleFolder } from './example-process.ts';

const root = (path: string) => new URL(`../../${path}`, import.meta.url);

interface PackageJson {
  type?: string;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, string>;
}

async function packageJsonOf(folder: string): Promise<PackageJson> {
  return JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'));
}

/** The source files of an example, generated ones included, without installs and builds. */
async function sourcesOf(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(mjs|ts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !/[/\\](node_modules|dist)[/\\]/.test(path));
}

/** Every module a source names: `import … from`, `export … from`, and JSDoc `import('…')`. */
function importsOf(source: string): string[] {
  const fromClauses = source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*'([^']+)'/gm);
  const typeImports = source.matchAll(/\bimport\('([^']+)'\)/g);
  return [...fromClauses, ...typeImports].map(([, specifier]) => specifier!);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('README recipes are the example files', () => {
  it('quotes each file exactly as it is in examples/', async () => {
    const readme = await readFile(root('README.md'), 'utf8');
    const quotes = [...readme.matchAll(/<!-- file: (\S+) -->\n```\w+\n([\s\S]*?)```/g)];
    const quoted = quotes.map(([, path]) => path);
    expect(quoted).toEqual([
      'examples/federation/crm-subgraph.mjs',
      'examples/federation/server.mjs',
      'examples/stitching/stitched-schema.mjs',
      'examples/stitching/server.mjs',
      'examples/typed-client/client.ts',
    ]);
    for (const [, path, text] of quotes) {
      expect(text, `README's quote of ${path}`).toBe(await readFile(root(path!), 'utf8'));
    }
  });

  it('lists every example folder with its one command', async () => {
    const readme = await readFile(root('README.md'), 'utf8');
    const folders = (await readdir(root('examples'), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual([...EXAMPLE_NAMES].sort());
    for (const name of EXAMPLE_NAMES) {
      expect(readme).toMatch(
        new RegExp(
          `\\| \\[\`examples/${name}/\`\\]\\(examples/${name}/\\) \\|.*\\| \`npm install && npm start\` \\|`,
        ),
      );
    }
  });
});

describe.each(EXAMPLE_NAMES)('examples/%s installs on its own', (name) => {
  const folder = exampleFolder(name);

  it('is an ES module package started by `npm start`, on the Node versions chatgraph runs on', async () => {
    const manifest = await packageJsonOf(folder);
    const chatgraph = await packageJsonOf(root('').pathname);
    expect(manifest.type).toBe('module');
    expect(manifest.engines).toEqual(chatgraph.engines);
    expect(manifest.scripts?.start).toEqual(expect.any(String));
    // The overrides chatgraph's own install applies, so that both resolve the same packages.
    if (manifest.overrides) expect(manifest.overrides).toEqual(chatgraph.overrides);
  });

  it('declares every package its files import, at the version chatgraph tests it with', async () => {
    const manifest = await packageJsonOf(folder);
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    const lock = JSON.parse(await readFile(root('package-lock.json'), 'utf8')) as {
      packages: Record<string, { version: string }>;
    };
    const imported = new Set<string>();
    for (const path of await sourcesOf(folder)) {
      for (const specifier of importsOf(await readFile(path, 'utf8'))) {
        // Relative imports stay inside the folder: a copy of it has nothing else.
        if (specifier.startsWith('.')) expect(join(path, '..', specifier)).toContain(folder);
        else if (!specifier.startsWith('node:')) imported.add(packageName(specifier));
      }
    }
    if (/\btsc\b/.test(manifest.scripts?.start ?? '')) imported.add('typescript');
    expect(imported.size).toBeGreaterThan(0);
    for (const name of imported) expect(declared, `${name} in package.json`).toHaveProperty([name]);
    for (const [name, version] of Object.entries(declared)) {
      expect(version, name).toBe(lock.packages[`node_modules/${name}`]?.version);
    }
  });
});
