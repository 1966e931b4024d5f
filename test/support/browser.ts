import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { type BrowserContext, chromium } from 'playwright-core';
// @ts-expect-error tar-fs ships no types; it comes with @sparticuz/chromium.
import { extract } from 'tar-fs';

const PACKAGE = new URL('../../node_modules/@sparticuz/chromium/', import.meta.url).pathname;

/**
 * Flags for a headless browser on a machine with no network but loopback: without the
 * background-networking ones, Chromium keeps dialling Google's hosts and is refused.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** The Chromium binary the context runs. */
  executablePath: string;
  close(): Promise<void>;
}

/** Unpacks a `.br` file (a single binary) or a `.tar.br` archive into a folder. */
async function unpack(file: string, folder: string): Promise<void> {
  const source = createReadStream(join(PACKAGE, 'bin', file));
  if (file.endsWith('.tar.br')) {
    await pipeline(source, createBrotliDecompress(), extract(folder));
  } else {
    const target = join(folder, file.replace(/\.br$/, ''));
    await pipeline(source, createBrotliDecompress(), createWriteStream(target, { mode: 0o755 }));
  }
}

/**
 * The Chromium that `npm install` brought (`@sparticuz/chromium`, a headless shell inside the
 * package), unpacked once per package version into the temp folder: the binary, SwiftShader
 * beside it, fonts, and the NSS/Expat libraries it links, so it needs nothing of the system's
 * but the C library. Unpacked into a private folder and renamed into place, so parallel runs
 * never see half a binary.
 */
export async function chromiumFromPackage(): Promise<{
  binary: string;
  libraries: string;
  fonts: string;
}> {
  const { version } = JSON.parse(await readFile(join(PACKAGE, 'package.json'), 'utf8')) as {
    version: string;
  };
  const folder = join(tmpdir(), `chatgraph-chromium-${version}`);
  const binary = join(folder, 'chromium');
  if (!existsSync(binary)) {
    const partial = await mkdtemp(`${folder}-partial-`);
    await Promise.all([
      unpack('chromium.br', partial),
      unpack('swiftshader.tar.br', partial),
      unpack('fonts.tar.br', join(partial, 'fonts')),
      unpack('al2023.tar.br', partial),
    ]);
    // The package's fonts.conf names /tmp/fonts; ours names the folder the fonts are in.
    await writeFile(
      join(partial, 'fonts', 'fonts.conf'),
      `<?xml version="1.0"?>\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${join(folder, 'fonts', 'fonts')}</dir><cachedir>${join(folder, 'fonts-cache')}</cachedir></fontconfig>\n`,
    );
    // Another run may have won the race: then its copy stays and ours goes.
    await rename(partial, folder).catch(() => rm(partial, { recursive: true, force: true }));
  }
  return { binary, libraries: join(folder, 'lib'), fonts: join(folder, 'fonts') };
}

/** A headless Chromium with a fresh profile, driven by Playwright. */
export async function launchBrowser(
  viewport: { width: number; height: number } = { width: 1400, height: 900 },
): Promise<Browser> {
  const { binary, libraries, fonts } = await chromiumFromPackage();
  const profile = await mkdtemp(join(tmpdir(), 'chatgraph-profile-'));
  // A persistent context is how Playwright takes a user data dir: a fresh one per launch.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: binary,
    headless: true,
    viewport,
    args: ARGS,
    env: {
      ...process.env,
      LD_LIBRARY_PATH: libraries,
      FONTCONFIG_PATH: fonts,
    },
  });
  return {
    context,
    executablePath: binary,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
