// File syntaxes: how a file of each kind starts and ends, its plain filler lines, and how it
// assigns a value to a name. Filler lines are ordinary code with nothing secret-like in them.
import type { Rng } from './rng.js';

const base64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
import type { Family } from './types.js';

export const WORDS = [
  'user', 'order', 'invoice', 'cart', 'session', 'report', 'metric', 'queue', 'worker', 'cache',
  'profile', 'account', 'payment', 'shipment', 'catalog', 'search', 'audit', 'event', 'widget',
  'team', 'project', 'build', 'deploy', 'review', 'ticket', 'message', 'channel', 'upload',
  'image', 'feature', 'billing', 'inventory', 'notification', 'export', 'schedule', 'ledger',
] as const;

export const PROJECTS = [
  'checkout', 'storefront', 'billing-api', 'auth-gateway', 'analytics', 'mobile-backend',
  'data-pipeline', 'admin-console', 'notifier', 'search-indexer', 'infra', 'platform',
  'payments', 'reporting', 'crm-sync', 'media-service', 'ml-serving', 'docs-site', 'etl-jobs',
  'support-bot', 'warehouse', 'identity', 'scheduler', 'edge-proxy',
] as const;

export const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
const split = (name: string): string[] => name.split(/[\s_-]+/).filter((w) => w.length > 0);
export const upperSnake = (name: string): string => split(name).join('_').toUpperCase();
export const snake = (name: string): string => split(name).join('_').toLowerCase();
export const kebab = (name: string): string => split(name).join('-').toLowerCase();
export const dotted = (name: string): string => split(name).join('.').toLowerCase();
export const camel = (name: string): string =>
  split(name)
    .map((w, i) => (i === 0 ? w.toLowerCase() : cap(w.toLowerCase())))
    .join('');
export const pascal = (name: string): string => cap(camel(name));

const xmlEscape = (v: string): string =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Double-quoted if the value is not a plain word (YAML and .env). */
const maybeQuote = (v: string): string => (/^[A-Za-z0-9_./:-]+$/.test(v) && !/^[0-9]/.test(v) ? v : `"${v}"`);

export interface LangDef {
  id: string;
  family: Family;
  weight: number;
  /** Relative path inside a project directory. */
  path(r: Rng): string;
  prelude(r: Rng): string[];
  postlude(r: Rng): string[];
  /** Prefix of every body line (items and fillers). */
  indent: string;
  filler(r: Rng): string[];
  assign(r: Rng, name: string, v: string): string;
  /** Most labelled items a file of this kind holds. */
  maxItems?: number;
  /** Secret formats a file of this kind always holds one of (a key file holds a key). */
  prefer?: string[];
  /** When set, the only formats (secret or decoy) a file of this kind holds. */
  only?: string[];
}

const w = (r: Rng): string => r.pick(WORDS);
const n = (r: Rng): number => r.pick([1, 2, 3, 5, 10, 15, 20, 30, 50, 60, 100, 250, 500, 1000, 3600]);

const jsFillers: ((r: Rng) => string[])[] = [
  (r) => { const a = w(r); return [`import { ${cap(a)}Service } from './${a}-service.js';`]; },
  (r) => { const a = w(r); return [`const ${a}Count = items.filter((x) => x.${a}Id != null).length;`]; },
  (r) => [`// TODO: move ${w(r)} handling into its own module`],
  (r) => { const a = w(r); return [`logger.info('loaded ${a} settings', { count: ${a}s.length });`]; },
  (r) => { const a = w(r); return [`if (!${a}) throw new Error('missing ${a}');`]; },
  (r) => [`export const DEFAULT_${w(r).toUpperCase()}_LIMIT = ${n(r)};`],
  (r) => { const a = w(r); return [`export function format${cap(a)}(value: number): string {`, `  return value.toFixed(${r.range(0, 3)});`, `}`]; },
  () => [''],
  (r) => { const a = w(r); return [`const ${a}Url = new URL('/api/${a}s', baseUrl);`]; },
  (r) => [`const timeoutMs = ${n(r)} * 1000;`],
  (r) => { const a = w(r); return [`await ${a}Queue.drain();`]; },
];

const pyFillers: ((r: Rng) => string[])[] = [
  (r) => [`import ${w(r)}_utils`],
  (r) => { const a = w(r); return [`from app.${a} import ${cap(a)}Service`]; },
  () => ['logger = logging.getLogger(__name__)'],
  (r) => [`DEFAULT_${w(r).toUpperCase()}_TIMEOUT = ${n(r)}`],
  (r) => { const a = w(r); return [`def load_${a}(path):`, `    with open(path) as fh:`, `        return json.load(fh)`]; },
  (r) => [`# ${w(r)} configuration`],
  () => [''],
  (r) => { const a = w(r); return [`${a}_ids = [x.id for x in ${a}s if x.active]`]; },
  (r) => [`DEBUG = ${r.pick(['True', 'False'])}`],
  (r) => [`ALLOWED_HOSTS = ["${w(r)}.internal", "localhost"]`],
];

const goFillers: ((r: Rng) => string[])[] = [
  (r) => { const a = w(r); return [`log.Printf("loaded %d ${a}s", len(${a}s))`]; },
  (r) => { const a = w(r); return [`${a}Count := 0`]; },
  (r) => [`ctx, cancel := context.WithTimeout(ctx, ${n(r)}*time.Second)`, 'defer cancel()'],
  () => ['if err != nil {', '\treturn err', '}'],
  (r) => [`// ${w(r)} settings come from the environment`],
  () => [''],
  (r) => { const a = w(r); return [`${a}s := make([]${cap(a)}, 0, ${n(r)})`]; },
];

const javaFillers: ((r: Rng) => string[])[] = [
  (r) => [`LOG.info("Loading ${w(r)} configuration");`],
  (r) => [`int ${w(r)}Limit = ${n(r)};`],
  (r) => { const a = w(r); return [`List<${cap(a)}> ${a}s = new ArrayList<>();`]; },
  (r) => { const a = w(r); return [`if (${a}s.isEmpty()) {`, '    return;', '}']; },
  (r) => [`// ${w(r)} settings`],
  () => [''],
  (r) => [`Duration timeout = Duration.ofSeconds(${n(r)});`],
];

const yamlKV = (r: Rng): string[] => {
  const a = w(r);
  return [
    r.pick([
      `${a}_timeout: ${n(r)}`,
      `${a}_enabled: ${r.pick(['true', 'false'])}`,
      `log_level: ${r.pick(['info', 'debug', 'warn'])}`,
      `${a}_url: http://${a}.internal:8080`,
      `# ${a} settings`,
      `${a}_pool_size: ${n(r)}`,
      `region: ${r.pick(['us-east-1', 'eu-west-1', 'ap-southeast-2'])}`,
    ]),
  ];
};

const envKV = (r: Rng): string[] => {
  const a = w(r);
  return [
    r.pick([
      `NODE_ENV=${r.pick(['production', 'development', 'staging'])}`,
      `PORT=${r.pick([3000, 8080, 5000, 4000])}`,
      `${a.toUpperCase()}_URL=http://${a}:8080`,
      `# ${a} settings`,
      `LOG_LEVEL=${r.pick(['debug', 'info', 'warn'])}`,
      '',
      `${a.toUpperCase()}_POOL_SIZE=${n(r)}`,
      `FEATURE_${a.toUpperCase()}=${r.pick(['on', 'off'])}`,
    ]),
  ];
};

const pick1 = (fs: ((r: Rng) => string[])[]) => (r: Rng): string[] => r.pick(fs)(r);

export const LANGS: LangDef[] = [
  {
    id: 'ts', family: 'js', weight: 14, indent: '',
    path: (r) => r.pick(['src/config.ts', 'src/lib/client.ts', 'src/settings.ts', 'src/services/api.ts', 'scripts/seed.ts', 'src/integrations/index.ts', 'test/helpers/setup.ts']),
    prelude: (r) => [`import { logger } from './logger.js';`, `import { ${cap(w(r))}Queue } from './queue.js';`, ''],
    postlude: () => ['', 'export default {};'],
    filler: pick1(jsFillers),
    assign: (r, name, v) =>
      r.pick([
        `const ${camel(name)} = "${v}";`,
        `export const ${upperSnake(name)} = '${v}';`,
        `let ${camel(name)}: string = "${v}";`,
        `const config = { ${camel(name)}: '${v}', retries: 3 };`,
        `client.setConfig({ ${camel(name)}: "${v}" });`,
        `const ${camel(name)} = \`${v}\`;`,
      ]),
  },
  {
    id: 'js', family: 'js', weight: 8, indent: '',
    path: (r) => r.pick(['config/default.js', 'lib/client.js', 'index.js', 'server.js', 'webpack.config.js', 'scripts/deploy.mjs']),
    prelude: () => [`'use strict';`, `const path = require('path');`, ''],
    postlude: () => ['', 'module.exports = {};'],
    filler: pick1(jsFillers),
    assign: (r, name, v) =>
      r.pick([`const ${camel(name)} = '${v}';`, `var ${upperSnake(name)} = "${v}";`, `exports.${camel(name)} = "${v}";`, `module.exports.settings = { ${snake(name)}: '${v}' };`]),
  },
  {
    id: 'py', family: 'py', weight: 12, indent: '',
    path: (r) => r.pick(['settings.py', 'app/config.py', 'scripts/sync.py', 'src/client.py', 'tests/conftest.py', 'manage/settings/production.py']),
    prelude: () => ['import json', 'import logging', 'import os', ''],
    postlude: () => ['', 'if __name__ == "__main__":', '    main()'],
    filler: pick1(pyFillers),
    assign: (r, name, v) =>
      r.pick([`${upperSnake(name)} = "${v}"`, `${snake(name)} = '${v}'`, `CONFIG["${snake(name)}"] = "${v}"`, `settings = {"${snake(name)}": "${v}", "timeout": 30}`, `client = Client(${snake(name)}="${v}")`]),
  },
  {
    id: 'go', family: 'go', weight: 6, indent: '\t',
    path: (r) => r.pick(['main.go', 'cmd/server/main.go', 'internal/config/config.go', 'pkg/client/client.go']),
    prelude: () => ['package main', '', 'import (', '\t"context"', '\t"log"', '\t"os"', '\t"time"', ')', '', 'func run(ctx context.Context) error {'],
    postlude: () => ['\treturn nil', '}'],
    filler: pick1(goFillers),
    assign: (r, name, v) =>
      r.pick([`${camel(name)} := "${v}"`, `var ${camel(name)} = "${v}"`, `cfg.${pascal(name)} = "${v}"`, `opts := Options{${pascal(name)}: "${v}", Timeout: 30 * time.Second}`]),
  },
  {
    id: 'java', family: 'java', weight: 5, indent: '        ',
    path: (r) => r.pick(['src/main/java/com/acme/Config.java', 'src/main/java/com/acme/client/ApiClient.java', 'src/test/java/com/acme/ClientTest.java']),
    prelude: (r) => ['package com.acme;', '', 'import java.time.Duration;', 'import java.util.*;', '', `public class ${cap(w(r))}Config {`, '    private static final Logger LOG = LoggerFactory.getLogger("config");', '', '    static void configure() {'],
    postlude: () => ['    }', '}'],
    filler: pick1(javaFillers),
    assign: (r, name, v) =>
      r.pick([`String ${camel(name)} = "${v}";`, `final String ${camel(name)} = "${v}";`, `props.put("${dotted(name)}", "${v}");`, `var settings = Map.of("${dotted(name)}", "${v}");`, `builder.${camel(name)}("${v}");`]),
  },
  {
    id: 'yaml-config', family: 'yaml', weight: 6, indent: '  ',
    path: (r) => r.pick(['config/application.yml', 'config/production.yaml', 'settings.yaml', 'conf/app.yml']),
    prelude: (r) => ['app:', `  name: ${w(r)}-service`, '  port: 8080', `${r.pick(['integrations', 'credentials', 'services', 'auth'])}:`],
    postlude: () => ['logging:', '  level: info'],
    filler: yamlKV,
    assign: (r, name, v) => r.pick([`${snake(name)}: ${maybeQuote(v)}`, `${snake(name)}: "${v}"`, `${kebab(name)}: '${v}'`]),
  },
  {
    id: 'yaml-compose', family: 'yaml', weight: 5, indent: '      ',
    path: () => 'docker-compose.yml',
    prelude: (r) => ['services:', `  ${w(r)}:`, `    image: ghcr.io/acme/${w(r)}:latest`, '    ports:', '      - "8080:8080"', '    environment:'],
    postlude: () => ['    restart: unless-stopped'],
    filler: (r) => [r.pick([`NODE_ENV: production`, `PORT: "8080"`, `${w(r).toUpperCase()}_POOL_SIZE: "${n(r)}"`, `LOG_LEVEL: info`, `TZ: UTC`])],
    assign: (_r, name, v) => `${upperSnake(name)}: ${maybeQuote(v)}`,
  },
  {
    id: 'yaml-k8s', family: 'yaml', weight: 4, indent: '  ',
    path: (r) => r.pick(['k8s/configmap.yaml', 'deploy/k8s/app-config.yaml', 'manifests/settings.yaml']),
    prelude: (r) => ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${w(r)}-config`, `  namespace: ${r.pick(['default', 'prod', 'staging'])}`, 'data:'],
    postlude: () => [],
    filler: (r) => [r.pick([`LOG_LEVEL: info`, `${w(r).toUpperCase()}_TIMEOUT: "${n(r)}"`, `REGION: eu-west-1`, `# ${w(r)} settings`])],
    assign: (_r, name, v) => `${upperSnake(name)}: "${v}"`,
  },
  {
    id: 'yaml-gha', family: 'yaml', weight: 4, indent: '      ',
    path: (r) => r.pick(['.github/workflows/ci.yml', '.github/workflows/deploy.yml', '.github/workflows/release.yml']),
    prelude: () => ['name: ci', 'on:', '  push:', '    branches: [main]', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    env:'],
    postlude: () => ['    steps:', '      - uses: actions/checkout@v4', '      - run: npm ci && npm test'],
    filler: (r) => [r.pick([`NODE_VERSION: "20"`, `CI: true`, `FORCE_COLOR: "1"`, `${w(r).toUpperCase()}_SHARDS: "${r.range(1, 8)}"`])],
    assign: (_r, name, v) => `${upperSnake(name)}: ${maybeQuote(v)}`,
  },
  {
    id: 'yaml-helm', family: 'yaml', weight: 3, indent: '    ',
    path: (r) => r.pick(['charts/app/values.yaml', 'helm/values-prod.yaml']),
    prelude: (r) => ['replicaCount: 2', 'image:', `  repository: ghcr.io/acme/${w(r)}`, '  tag: stable', 'app:', '  config:'],
    postlude: () => ['resources:', '  limits:', '    memory: 512Mi'],
    filler: (r) => [r.pick([`${camel(w(r) + ' timeout')}: ${n(r)}`, `logLevel: info`, `${camel(w(r) + ' enabled')}: true`])],
    assign: (_r, name, v) => `${camel(name)}: "${v}"`,
  },
  {
    id: 'json', family: 'json', weight: 9, indent: '  ',
    path: (r) => r.pick(['config/default.json', 'appsettings.json', 'config.json', 'settings.local.json', 'fixtures/config.json', 'package.json', '.vscode/settings.json']),
    prelude: () => ['{'],
    postlude: () => ['}'],
    filler: (r) => {
      const a = w(r);
      return [r.pick([`"${a}Timeout": ${n(r)}`, `"${a}Enabled": ${r.pick(['true', 'false'])}`, `"name": "${a}-service"`, `"tags": ["${a}", "${w(r)}"]`, `"port": ${r.pick([3000, 8080, 9090])}`, `"logLevel": "info"`])];
    },
    assign: (r, name, v) => r.pick([`"${camel(name)}": "${v}"`, `"${snake(name)}": "${v}"`, `"${upperSnake(name)}": "${v}"`]),
  },
  {
    id: 'json-credentials', family: 'json', weight: 3, indent: '  ', maxItems: 4, prefer: ['gcp-service-account'],
    path: (r) => r.pick(['credentials/gcp-key.json', 'secrets/service-account.json', 'config/credentials.json', 'deploy/gcp-sa.json']),
    prelude: () => ['{'],
    postlude: () => ['}'],
    filler: (r) => {
      const a = w(r);
      return [r.pick([`"${a}Environment": "${r.pick(['prod', 'staging'])}"`, `"${a}Region": "${r.pick(['us-central1', 'europe-west1'])}"`, `"${a}Owner": "${w(r)}-team"`])];
    },
    assign: (r, name, v) => r.pick([`"${camel(name)}": "${v}"`, `"${snake(name)}": "${v}"`]),
  },
  {
    id: 'env', family: 'env', weight: 12, indent: '',
    path: (r) => r.pick(['.env', '.env.production', '.env.local', '.env.staging', 'deploy/app.env']),
    prelude: (r) => [`# ${w(r)} service environment`],
    postlude: () => [],
    filler: envKV,
    assign: (r, name, v) =>
      /[\s#"]/.test(v) ? `${upperSnake(name)}='${v}'` : r.pick([`${upperSnake(name)}=${v}`, `${upperSnake(name)}="${v}"`, `${upperSnake(name)}='${v}'`]),
  },
  {
    id: 'md', family: 'md', weight: 4, indent: '',
    path: (r) => r.pick(['README.md', 'docs/setup.md', 'docs/deploy.md', 'CONTRIBUTING.md']),
    prelude: (r) => [`# ${cap(w(r))} service`, '', `Run the ${w(r)} service locally:`, '', '```bash'],
    postlude: () => ['```', '', 'See the runbook for production settings.'],
    filler: (r) => [r.pick(['npm install', 'npm run dev', `# start the ${w(r)} worker`, 'docker compose up -d', `make ${w(r)}`, ''])],
    assign: (r, name, v) => r.pick([`export ${upperSnake(name)}=${/[\s#"$]/.test(v) ? `'${v}'` : v}`, `export ${upperSnake(name)}='${v}'`]),
  },
  {
    id: 'yaml-k8s-secret', family: 'yaml', weight: 2, indent: '  ', maxItems: 4,
    only: ['k8s-secret-data-value', 'placeholder-changeme', 'empty-value', 'placeholder-x'],
    path: (r) => r.pick(['k8s/secret.yaml', 'deploy/k8s/app-secret.yaml', 'manifests/credentials.yaml']),
    prelude: (r) => ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${w(r)}-credentials`, 'type: Opaque', 'data:'],
    postlude: () => [],
    filler: (r) => [r.pick([`# ${w(r)} credentials`, `${w(r)}-host: ${base64(`${w(r)}.internal`)}`, `port: ${base64(String(r.pick([5432, 6379, 3306])))}`])],
    assign: (_r, name, v) => `${kebab(name)}: ${base64(v)}`,
  },
  {
    id: 'ps1', family: 'ps1', weight: 2, indent: '',
    path: (r) => r.pick(['scripts/deploy.ps1', 'tools/setup.ps1', 'build.ps1']),
    prelude: () => ['#Requires -Version 7', "$ErrorActionPreference = 'Stop'", ''],
    postlude: () => ['', "Write-Host 'done'"],
    filler: (r) => [r.pick([`Write-Host "Deploying ${w(r)}"`, 'Import-Module Az.Accounts', `$${w(r)}Count = ${n(r)}`, `New-Item -ItemType Directory -Force -Path "C:\\${w(r)}" | Out-Null`, ''])],
    assign: (r, name, v) =>
      r.pick([v.includes('$') ? `$env:${upperSnake(name)} = '${v}'` : `$env:${upperSnake(name)} = "${v}"`, `$${camel(name)} = '${v}'`, `[Environment]::SetEnvironmentVariable('${upperSnake(name)}', '${v}', 'Machine')`]),
  },
  {
    id: 'cs', family: 'cs', weight: 3, indent: '        ',
    path: (r) => r.pick(['src/Api/Settings.cs', 'src/Worker/Program.cs', 'Services/ClientFactory.cs']),
    prelude: (r) => ['using System;', 'using System.Net.Http;', '', 'namespace Acme.Api;', '', `public static class ${cap(w(r))}Settings`, '{'],
    postlude: () => ['}'],
    filler: (r) => [r.pick([`public const int ${cap(w(r))}Limit = ${n(r)};`, `// ${w(r)} settings`, `public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(${n(r)});`, ''])],
    assign: (r, name, v) => r.pick([`public const string ${pascal(name)} = "${v}";`, `private static readonly string ${camel(name)} = "${v}";`, `public static string ${pascal(name)} { get; } = @"${v}";`]),
  },
  {
    id: 'rb', family: 'rb', weight: 3, indent: '',
    path: (r) => r.pick(['config/initializers/integrations.rb', 'config/environments/production.rb', 'lib/client.rb', 'Rakefile']),
    prelude: () => ["require 'json'", ''],
    postlude: () => [],
    filler: (r) => [r.pick([`Rails.logger.info("loading ${w(r)} settings")`, `${w(r).toUpperCase()}_LIMIT = ${n(r)}`, `# ${w(r)} settings`, 'config.force_ssl = true', ''])],
    assign: (r, name, v) => r.pick([`${upperSnake(name)} = '${v}'`, `config.${snake(name)} = "${v}"`, `ENV['${upperSnake(name)}'] ||= '${v}'`, `Stripe.${snake(name)} = '${v}'`]),
  },
  {
    id: 'php', family: 'php', weight: 3, indent: '    ',
    path: (r) => r.pick(['config/services.php', 'wp-config.php', 'app/Config/Settings.php']),
    prelude: () => ['<?php', '', 'return ['],
    postlude: () => ['];'],
    filler: (r) => [r.pick([`'${w(r)}_timeout' => ${n(r)},`, `// ${w(r)} settings`, `'debug' => false,`, `'${w(r)}_enabled' => true,`])],
    assign: (r, name, v) => r.pick([`'${snake(name)}' => '${v}',`, v.includes('$') ? `'${snake(name)}' => '${v}',` : `'${snake(name)}' => "${v}",`, `'${upperSnake(name)}' => '${v}',`]),
  },
  {
    id: 'properties', family: 'properties', weight: 4, indent: '',
    path: (r) => r.pick(['src/main/resources/application.properties', 'config/app.properties', 'gradle.properties']),
    prelude: () => ['# Application settings', 'spring.application.name=service'],
    postlude: () => [],
    filler: (r) => [r.pick(['server.port=8080', `${w(r)}.pool.size=${n(r)}`, `# ${w(r)}`, 'spring.jpa.hibernate.ddl-auto=validate', 'logging.level.root=INFO', ''])],
    assign: (r, name, v) => r.pick([`${dotted(name)}=${v}`, `${dotted(name)} = ${v}`, `app.${dotted(name)}=${v}`]),
  },
  {
    id: 'sh', family: 'sh', weight: 7, indent: '',
    path: (r) => r.pick(['scripts/deploy.sh', 'bin/bootstrap.sh', 'ci/release.sh', 'scripts/backup.sh', 'tools/smoke-test.sh']),
    prelude: () => ['#!/usr/bin/env bash', 'set -euo pipefail', ''],
    postlude: () => ['', 'echo "done"'],
    filler: (r) => {
      const a = w(r);
      return r.pick([[`echo "deploying ${a}"`], ['cd "$(dirname "$0")/.."'], [`${a.toUpperCase()}_DIR=/opt/${a}`], [`mkdir -p "/var/lib/${a}"`], ['npm ci --omit=dev'], [''], [`if [ ! -d "/opt/${a}" ]; then`, `  echo "missing /opt/${a}" >&2`, '  exit 1', 'fi']]);
    },
    assign: (r, name, v) => r.pick([`export ${upperSnake(name)}='${v}'`, `${upperSnake(name)}='${v}'`, `export ${upperSnake(name)}="${v}"`]),
  },
  {
    id: 'dockerfile', family: 'dockerfile', weight: 4, indent: '',
    path: (r) => r.pick(['Dockerfile', 'docker/Dockerfile', 'Dockerfile.prod']),
    prelude: () => ['FROM node:20-bookworm-slim', 'WORKDIR /app'],
    postlude: () => ['EXPOSE 8080', 'CMD ["node", "server.js"]'],
    filler: (r) => [r.pick(['RUN apt-get update && apt-get install -y --no-install-recommends curl', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .', 'USER node', 'ENV NODE_ENV=production', `ENV ${w(r).toUpperCase()}_WORKERS=${r.range(1, 8)}`, ''])],
    assign: (r, name, v) =>
      /[\s#"]/.test(v) ? `ENV ${upperSnake(name)}='${v}'` : r.pick([`ENV ${upperSnake(name)}=${v}`, `ARG ${upperSnake(name)}=${v}`, `ENV ${upperSnake(name)}="${v}"`]),
  },
  {
    id: 'tf', family: 'tf', weight: 5, indent: '  ',
    path: (r) => r.pick(['infra/main.tf', 'terraform/providers.tf', 'modules/app/main.tf', 'infra/database.tf']),
    prelude: (r) => ['terraform {', '  required_version = ">= 1.5"', '}', '', `resource "${r.pick(['aws_db_instance', 'aws_lambda_function', 'kubernetes_secret', 'azurerm_app_service'])}" "${w(r)}" {`],
    postlude: () => ['}'],
    filler: (r) => [r.pick(['engine            = "postgres"', 'instance_class    = "db.t3.micro"', `allocated_storage = ${n(r)}`, `tags = { Team = "${w(r)}" }`, 'skip_final_snapshot = true', `# ${w(r)}`, ''])],
    assign: (r, name, v) => r.pick([`${snake(name)} = "${v}"`, `${snake(name)}   = "${v}"`]),
  },
  {
    id: 'xml', family: 'xml', weight: 3, indent: '    ',
    path: (r) => r.pick(['web.config', 'App.config', 'src/main/resources/settings.xml']),
    prelude: () => ['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <appSettings>'],
    postlude: () => ['  </appSettings>', '</configuration>'],
    filler: (r) => [r.pick([`<add key="${cap(w(r))}Timeout" value="${n(r)}" />`, `<!-- ${w(r)} settings -->`, `<add key="Environment" value="Production" />`])],
    assign: (r, name, v) => r.pick([`<add key="${pascal(name)}" value="${xmlEscape(v)}" />`, `<add key="${camel(name)}" value="${xmlEscape(v)}" />`]),
  },
  {
    id: 'toml', family: 'toml', weight: 3, indent: '',
    path: (r) => r.pick(['config.toml', 'Cargo.config.toml', 'pyproject.local.toml', 'netlify.toml']),
    prelude: (r) => [`[${w(r)}]`],
    postlude: () => [],
    filler: (r) => [r.pick([`[${w(r)}]`, 'enabled = true', `timeout = ${n(r)}`, `name = "${w(r)}"`, ''])],
    assign: (_r, name, v) => `${snake(name)} = "${v}"`,
  },
  {
    id: 'ini', family: 'ini', weight: 3, indent: '',
    path: (r) => r.pick(['aws/credentials', '.pypirc', 'setup.cfg', 'config/app.ini']),
    prelude: () => ['[default]'],
    postlude: () => [],
    filler: (r) => [r.pick([`[profile ${w(r)}]`, 'region = us-east-1', 'output = json', ''])],
    assign: (_r, name, v) => `${snake(name)} = ${v}`,
  },
  {
    id: 'npmrc', family: 'npmrc', weight: 2, indent: '', maxItems: 4,
    path: () => '.npmrc',
    prelude: () => ['registry=https://registry.npmjs.org/'],
    postlude: () => [],
    filler: (r) => [r.pick(['save-exact=true', 'engine-strict=true', `@${w(r)}:registry=https://npm.pkg.github.com`, 'fund=false'])],
    assign: (_r, name, v) => `${kebab(name)}=${v}`,
  },
  {
    id: 'pem', family: 'pem', weight: 2, indent: '', maxItems: 3,
    path: (r) => r.pick(['certs/server.pem', 'keys/deploy.key', 'secrets/id_rsa', 'tls/bundle.pem']),
    prelude: () => [],
    postlude: () => [],
    filler: () => [''],
    assign: (_r, _name, v) => v,
  },
  {
    id: 'css', family: 'css', weight: 2, indent: '  ',
    path: (r) => r.pick(['src/styles/main.css', 'public/theme.css']),
    prelude: (r) => [`.${w(r)}-panel {`],
    postlude: () => ['}'],
    filler: (r) => [r.pick(['display: flex;', 'margin: 0 auto;', `padding: ${r.range(1, 32)}px;`, 'font-size: 14px;', 'border-radius: 4px;'])],
    assign: (_r, name, v) => `--${kebab(name)}: ${v};`,
  },
  {
    id: 'html', family: 'html', weight: 2, indent: '    ',
    path: (r) => r.pick(['public/index.html', 'templates/layout.html']),
    prelude: () => ['<!doctype html>', '<html lang="en">', '  <head>'],
    postlude: () => ['  </head>', '</html>'],
    filler: (r) => [r.pick([`<link rel="stylesheet" href="/assets/${w(r)}.css">`, '<meta charset="utf-8">', `<title>${cap(w(r))} dashboard</title>`, '<meta name="viewport" content="width=device-width, initial-scale=1">'])],
    assign: (_r, name, v) => `<script>window.${camel(name)} = "${v}";</script>`,
  },
];
