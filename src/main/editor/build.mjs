// Builds ../resources/static/js/vendor/editor/tiptap.js and collects the licences of everything in it.
// Run: npm ci && npm run build   (Node 18+). The output is committed; Maven never runs this.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const out = path.resolve('../resources/static/js/vendor/editor');
fs.mkdirSync(out, { recursive: true });
const result = await esbuild.build({
  entryPoints: ['src/vendor.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019'],
  legalComments: 'none',
  metafile: true,
  outfile: path.join(out, 'tiptap.js'),
});

// One licence file listing every package that ended up in the bundle, with its licence text.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) packages.set(m[1], true);
}
let text = 'Third-party code in tiptap.js, built by src/main/editor/build.mjs\n\n';
for (const name of [...packages.keys()].sort()) {
  const dir = path.join('node_modules', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  text += `== ${name} ${pkg.version} (${pkg.license})\n`;
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  text += file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() + '\n\n' : `(licence: ${pkg.license}; no licence file in the package)\n\n`;
}
fs.writeFileSync(path.join(out, 'LICENSES.txt'), text);
console.log(`tiptap.js: ${fs.statSync(path.join(out, 'tiptap.js')).size} bytes, ${packages.size} packages`);
