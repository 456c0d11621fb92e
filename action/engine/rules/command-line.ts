import type { Rule } from '../types.js';

// Passwords typed into command lines and the files tools read them from.

const SHELL_VARIABLE = /^\$|^%[A-Za-z_]+%$/;

export const commandLineRules: Rule[] = [
  {
    id: 'curl-user-password',
    description: 'Password passed to curl with -u/--user',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['curl'],
    // `user:password`, `:password` (no user) and `token:` (an API key as the user, Stripe-style);
    // the password may carry its own quotes (`kevin:'…'`).
    regex: /\bcurl\b[^\n]{0,300}?\s(?:-u|--user)[\s=]{1,3}(?:["']?[^\s:"'$]{1,64}:["']?([^\s"':]{4,128})["']?|["']:([^\s"']{4,128})["']|["']?([^\s:"'$]{8,128}):["']?(?=\s|$))/,
    entropy: 2.5,
    allowlist: [/^\$|^(?:password|passwd|pass|secret|token|changeme)$/i],
    truePositives: [
      "curl -u 'deploy:*Q=SW*HNI!_WSTW27MjR' https://nexus.acme.internal/service/rest/v1/status",
      'curl -sS --user admin:Vq3xL9mZ2kR7 https://registry.local/v2/_catalog',
      "curl --user ops:'Wq4zT8mK2vL7xR3p' -X DELETE https://api.example.test/v1/cache",
      'curl -u ":Hn3Vq8zLk2Wm" https://search.internal:9200',
      'curl https://api.stripe.com/v1/charges -u rk_live_7Hq2Zx9Lm4Vb8Nr3Tw6Hy1Cj:',
    ],
    falsePositives: ['curl -u "$USER:$PASSWORD" https://example.com', 'curl -u admin:password http://localhost:8080', 'curl -u user: https://x', 'curl -u ":" https://localhost:9200'],
  },
  {
    id: 'cli-password-flag',
    description: 'Password passed on a command line (docker login, mysql, redis-cli, sshpass …)',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['docker', 'podman', 'helm', 'mysql', 'mariadb', 'redis-cli', 'sshpass', 'mongosh', 'mongo '],
    regex:
      /\b(?:docker|podman|helm|mysql|mysqldump|mariadb|redis-cli|sshpass|mongosh|mongo)\b[^\n]{0,200}?\s(?:-p|--password|-a|--pass)(?:[\s=]{1,3}|(?=["']))(?:["']([^"'$][^"']{5,128})["']|([^\s"'$-][^\s"']{5,128}))/,
    entropy: 2.5,
    // `docker run -p 8080:80` publishes a port.
    allowlist: [SHELL_VARIABLE, /^[\d.:/a-z]+$/, /^(?:password|passwd|secret|changeme|root)$/i],
    truePositives: [
      "docker login -u acmebot -p '7s*TZ4S3a4jbT9H-=^' registry.acme.internal",
      "mysql -h db.internal -u root -p'37vb=M%-G+Z0974AQK+' app < schema.sql",
      'redis-cli -h cache.internal -a Vq3xL9mZ2kR7wT5p ping',
      "docker login -u acmebot -p '-AS1P1ySS_Lw~' registry.acme.internal",
    ],
    falsePositives: [
      'docker run -p 8080:80 nginx',
      'docker login -u bot -p "$REGISTRY_PASSWORD" registry.io',
      'mysql -u root -p app',
      'docker login --password-stdin < token.txt',
    ],
  },
  {
    id: 'jdbc-getconnection-password',
    description: 'Password passed to JDBC DriverManager.getConnection',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['getconnection'],
    regex: /getConnection\(\s{0,3}[^,()]{1,200},\s{0,3}"[^"]{0,64}"\s{0,3},\s{0,3}"([^"]{4,128})"\s{0,3}\)/,
    entropy: 2.5,
    allowlist: [SHELL_VARIABLE, /^(?:password|passwd|secret|changeme)$/i],
    truePositives: ['DriverManager.getConnection(url, "app", "-5U%@ZG^S6C.ur5");', 'Connection c = DriverManager.getConnection(DB_URL, "svc", "Qz7!xL2mVk9p");'],
    falsePositives: ['DriverManager.getConnection(url, user, password);', 'DriverManager.getConnection(url, "sa", "");'],
  },
  {
    id: 'netrc-password',
    description: 'Password in a .netrc entry',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['machine'],
    regex: /\bmachine\s{1,64}\S{1,253}\s{1,64}login\s{1,64}\S{1,128}\s{1,64}password\s{1,64}([^\s"']{4,128})/,
    entropy: 2.5,
    allowlist: [SHELL_VARIABLE, /^(?:password|passwd|secret|changeme)$/i],
    truePositives: [
      'RUN echo "machine nexus.acme.internal login ci password 97Th7Ofp=f^8YF" > /root/.netrc',
      'machine api.heroku.com login me@acme.io password Kq8Zt3Vm7Xp2Lw9R',
    ],
    falsePositives: ['machine github.com login bot password $GITHUB_TOKEN', 'machine example.com login user password password'],
  },
  {
    id: 'htpasswd-password',
    description: 'Password given to htpasswd -b on the command line',
    severity: 'medium',
    provider: 'generic',
    generic: true,
    keywords: ['htpasswd'],
    regex: /\bhtpasswd\s{1,64}(?:-[a-zA-Z]{1,16}\s{1,64}){0,4}\S{1,200}\s{1,64}\S{1,64}\s{1,64}["']?([^\s"']{4,128})["']?/,
    entropy: 2.5,
    allowlist: [SHELL_VARIABLE, /^(?:password|passwd|secret|changeme)$/i],
    truePositives: ["htpasswd -b -c /etc/nginx/.htpasswd admin 'bc^_@D8w@Ra*=95Z'", 'htpasswd -bB auth.htpasswd ops Zx8Kq2Lm5Vw9'],
    falsePositives: ['htpasswd -c /etc/nginx/.htpasswd admin', 'htpasswd -b .htpasswd admin "$ADMIN_PASSWORD"'],
  },
  {
    // curl split over lines with `\`: the -u/--user on a continuation line of the same command.
    id: 'curl-user-password-continued',
    description: 'Password passed to curl with -u/--user on a continued line',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['curl'],
    multiline: { begin: 'curl' },
    regex: /curl\b[^\n]{0,300}\\\r?\n(?:[^\n]{0,300}\\\r?\n){0,5}?[ \t]{0,40}(?:[^\n]{0,200}?\s)?(?:-u|--user)[\s=]{1,3}["']?[^\s:"'$]{1,64}:["']?([^\s"':]{4,128})["']?/,
    entropy: 2.5,
    allowlist: [/^\$|^(?:password|passwd|pass|secret|token|changeme)$/i],
    truePositives: [
      "curl -sS -X POST https://api.example.test/oauth/token \\\n  -d grant_type=client_credentials \\\n  --user svc-ci:Zq7Lm3Vx9Kp2Wt5R",
      "curl -k https://cache.internal:11222/rest/v2/caches \\\n  -u developer:Tg4kWq9Zm2Lx",
    ],
    falsePositives: ["curl -X POST https://api.example.test \\\n  -u \"$USER:$PASSWORD\"", "curl https://example.test\necho -u admin:Tg4kWq9Zm2Lx"],
  },
  {
    // Credentials in a curl header without a scheme word: `Authorization: <token>`, `Token: …`,
    // `X-Api-Key: …` (the Bearer/Basic/Token schemes have rules of their own).
    id: 'curl-header-credential',
    description: 'Credential in a curl -H/--header value',
    severity: 'high',
    provider: 'generic',
    generic: true,
    keywords: ['curl'],
    regex: /\bcurl\b[^\n]{0,400}?\s(?:-H|--header)[\s=]{0,3}["'](?:authorization:\s{0,5}(?!(?:basic|bearer|token|api-token|digest|negotiate|ntlm|aws4-hmac-sha256)\b)([A-Za-z0-9._~+/=-]{16,500})|(?:x-[a-z]{1,20}-)?(?:api-?)?(?:key|token):\s{0,5}([A-Za-z0-9._~+/=-]{12,500}))["']/i,
    entropy: 2.75,
    truePositives: [
      "curl --header 'Authorization: 7c2e9f4a-1b6d-4e3f-8a5c-0d9b2f7e4a1c' https://api.example.test/v2/orders",
      'curl -X POST https://tasks.example.test/api -H "Token: 9d4b7e2f1a6c3e8b"',
    ],
    falsePositives: ['curl -H "Authorization: $API_TOKEN" https://api.example.test', "curl -H 'Token: xxxxxxxxxxxxxxxx' https://x.test", 'curl -H "Authorization: Bearer abc" https://x.test'],
  },
];
