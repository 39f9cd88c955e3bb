/**
 * Settings come from one place: src/config.ts and its parts (engine-settings.ts, launch-settings.ts) read the
 * environment, the commands (main.ts, engine-main.ts) hand what they read to start-up (src/boot/), and the
 * app, the engine and the gateways are given their settings. The toolkit (src/process-test/) reads its own on
 * purpose: it is a library used in users' tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src');

function sourcesUnder(dir: string): string[] {
  return readdirSync(path.join(SRC, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

/** The code of a source without its comments (a comment may name process.env to explain why it is not read). */
function codeOf(file: string): string {
  return readFileSync(path.join(SRC, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

describe('where settings are read', () => {
  test.each(['boot', 'app', 'engine', 'gateway'])('nothing under src/%s reads process.env', (dir) => {
    const reading = sourcesUnder(dir).filter((file) => /\bprocess\.env\b/.test(codeOf(file)));
    expect(reading).toEqual([]);
  });

  test.each(['engine', 'gateway'])('nothing under src/%s imports the configuration or start-up', (dir) => {
    const importing = sourcesUnder(dir).filter((file) =>
      /from '(\.\.\/)+(config|launch-settings|boot\/[^']+)'/.test(codeOf(file)),
    );
    expect(importing).toEqual([]);
  });

  test('the app does not import start-up (start-up imports the app)', () => {
    const importing = sourcesUnder('app').filter((file) => /from '(\.\.\/)+boot\//.test(codeOf(file)));
    expect(importing).toEqual([]);
  });
});
