#!/usr/bin/env node
// Entry point for `npx jjak` and `npm start`: runs the JavaScript that `npm install` built into dist/
// (`npm run build` rebuilds it). JJAK_FROM_SOURCE=1 runs the TypeScript sources through tsx instead,
// for tests and development, where the sources may be newer than the build.
const fromSource = process.env.JJAK_FROM_SOURCE === '1';
let cli;
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../server/cli.ts');
} else {
  try {
    cli = await import('../dist/server/cli.js');
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist/server/cli.js')) throw e;
    console.error('jjak: the program is not built yet; run `npm run build` (npm install does it) and try again');
    process.exit(1);
  }
}
process.exitCode = await cli.main(process.argv.slice(2));
