import { holdsInOrder } from '../line-check.js';
import type { Rule } from '../types.js';

// Defaults and documentation stand-ins that appear in compose files and READMEs.
const DEFAULT_PASSWORDS =
  /^(?:password|passwd|pass|pwd|secret|changeme|postgres|root|admin|mysql|redis|guest|test|example|user|username|dbpass|mypassword|\*+|x+|\.+)$/i;

export const databaseUriRules: Rule[] = [
  {
    id: 'database-uri-password',
    description: 'Database or message-broker URI with an embedded password',
    severity: 'high',
    provider: 'database',
    keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp', 'mssql', 'sqlserver', 'cockroachdb', 'clickhouse', 'neo4j', 'couchdb', 'nats://', 'kafka://', 'memcached://', 'ldap', 'couchbase'],
    regex:
      /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse|neo4j(?:\+s)?|couchdbs?|nats|kafka|memcached|ldaps?|couchbases?)(?:\+[a-z0-9]{1,12})?:\/\/([^\s:@/"'`]{0,64}):(?!\1@)([^\s@/"'`]{3,128})@[\w.[\]-]{1,253}/i,
    lineCheck: holdsInOrder('://', '@'),
    secretGroup: 2,
    allowlist: [DEFAULT_PASSWORDS],
    truePositives: [
      'DATABASE_URL=postgres://app:Xk9q2LmV7zR4@db.prod.internal:5432/app',
      'MONGO_URI="mongodb+srv://svc-api:Jq7Zp2xW9vL4mT8c@cluster0.ab1cd.mongodb.net/prod?retryWrites=true"',
      'REDIS_URL=rediss://:e7Hq2Vz9LpX4kT1m@cache.example.net:6380/0',
      'amqp://orders:Rb8!vQ3zL7m@rabbit.internal:5672/%2f',
      "mysql://root:hunter2xyz@10.0.0.12:3306/shop",
      'COUCHBASE_URL=couchbases://svc-sync:Vd4kQ9mZ2rX7pL@cb.wq3e8rt1.cloud.couchbase.com',
    ],
    falsePositives: [
      'DATABASE_URL=postgres://postgres:postgres@localhost:5432/test',
      'postgres://user:password@localhost/db',
      'postgres://app:${DB_PASSWORD}@db:5432/app',
      'amqp://guest:guest@localhost:5672/',
      'redis://localhost:6379/0',
      'mongodb://<username>:<password>@cluster.mongodb.net',
    ],
  },
  {
    id: 'connection-string-password',
    description: 'Password in a JDBC, ODBC or ADO.NET connection string',
    severity: 'high',
    provider: 'database',
    keywords: ['password=', 'pwd='],
    regex:
      /(?:jdbc:[a-z0-9]{2,20}:|server\s?=|data source\s?=|host\s?=|user id\s?=|uid\s?=|database\s?=)[^\n]{0,300}?[;?&\s]\s?(?:password|pwd)\s?=\s?([^;&\s"'<>]{3,128})/i,
    allowlist: [DEFAULT_PASSWORDS, /^\{.*\}$|^%.*%$|^\$/],
    truePositives: [
      'Server=sql01.corp;Database=Billing;User Id=billing_svc;Password=Vx7!qL2zR9mK;',
      'url: jdbc:postgresql://db:5432/app?user=app&password=T4kq9ZmX2vLp',
      '"ConnectionStrings": { "Main": "Data Source=tcp:srv.database.windows.net;Uid=admin01;Pwd=G7h#Kq2pLx9z;" }',
      'pg_dump "host=db.internal user=app password=UKijVsM*Q-CEK67 dbname=app" > backup.sql',
    ],
    falsePositives: [
      'Server=localhost;Database=Test;User Id=sa;Password=password;',
      'Server=db;Database=App;User Id=app;Password={PASSWORD};',
      'jdbc:mysql://localhost/test?user=root&password=${DB_PASS}',
    ],
  },
];
