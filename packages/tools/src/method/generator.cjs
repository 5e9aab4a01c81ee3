/**
 * `npx nx g @peftbench/tools:method <name>`: writes packages/methods/<name>/ (package.json with the discovery
 * marker, config / apply / count / index, README, tests), then runs `npm install` so the workspace links it.
 * Nothing else is edited: the experiments and reports find the package by its marker.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const t = require('./templates.cjs');

const NAME = /^[a-z][a-z0-9-]*$/;

function methodGenerator(tree, options) {
  const name = String(options.name ?? '');
  if (!NAME.test(name)) throw new Error(`method name '${name}': use lowercase letters, digits and dashes, starting with a letter (e.g. my-scale)`);
  const dir = `packages/methods/${name}`;
  if (tree.exists(dir)) throw new Error(`${dir} exists already: pick another name or delete the folder`);
  const o = { name, label: options.label ?? name };
  const files = {
    'package.json': t.packageJson(o),
    'vitest.config.ts': t.vitestConfig(o),
    'README.md': t.readme(o),
    'src/config.ts': t.config(o),
    'src/apply.ts': t.apply(o),
    'src/count.ts': t.count(o),
    'src/index.ts': t.index(o),
    [`src/${name}.test.ts`]: t.test(o),
  };
  for (const [file, content] of Object.entries(files)) tree.write(`${dir}/${file}`, content);
  if (options.skipInstall) return;
  // after the files are on disk: link the new workspace package (offline: every dependency is already installed)
  return () => {
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--ignore-scripts'], { cwd: tree.root, stdio: 'inherit' });
    if (r.status !== 0) console.error(`npm install failed (exit ${r.status}); run it yourself to link ${dir}`);
    else console.log(`\n${dir} is ready: npx nx run experiments:glue -- --methods ${name},lora --seeds 1`);
  };
}

module.exports = methodGenerator;
module.exports.default = methodGenerator;
