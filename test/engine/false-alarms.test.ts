// Text that looks like a credential to a rule but is none: keys Google publishes in its own
// samples, build and version labels after a `key`/`token` name, bracketed stand-ins in curl
// and URL examples, and the shapes of decoys the peers' public test suites hold (written here
// in our own words). Each fired before the fix that silenced it.
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../action/engine/detect.js';
import { defaultRules } from '../../action/engine/rules/index.js';

const detector = createDetector({ rules: defaultRules });
const found = (text: string, file = 'src/app.txt') => detector.detect({ file, text }).map((f) => f.ruleId);

describe('false alarms', () => {
  it.each([
    ['the Maps JavaScript samples key in a script tag', '<script src="https://maps.googleapis.com/maps/api/js?key=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe&callback=initMap" async></script>'],
    ['a Firebase SDK test key', 'private static final String API_KEY = "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM";'],
    ['a Firebase SDK test key in JSON', '"current_key": "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU"'],
  ])("Google's published example keys: %s", (_label, text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    ['semver with a pre-release and build label', 'api_key: 1.2.3-beta.4+build.5678'],
    ['semver in quotes', 'auth_token = "1.0.0-beta.2+exp.sha.5114f85"'],
    ['git describe', 'token: v4.2.1-0-g3f9e2ab'],
    ['a snapshot version', 'SECRET_KEY=2.0.0-SNAPSHOT-20240511'],
    ['a development version', 'secret: 0.0.0-development'],
    ['a nightly version in prose', 'keys: 0.34.0-nightly.20240601'],
    ['a release label', 'TOKEN=release-2024.05.01-rc2'],
    ['a build label', 'api_key=win-x64-release-1.4.2'],
    ['an image label', 'token=ubuntu-22.04-amd64-20240501'],
    ['a vcpkg baseline line', 'libsecret:x64-uwp=fail'],
    ['a vcpkg baseline line for a port named like a token', 'token:x64-uwp=fail'],
    ['a vcpkg baseline line for a port named like a key', 'apikey:arm64-windows=skip'],
    ['a vcpkg baseline line for a port holding a paired name', 'gnome-master-keyring:x64-uwp=fail'],
  ])('version strings and build identifiers after key/token: %s', (_label, text) => {
    expect(found(text, 'ci.baseline.txt')).toEqual([]);
  });

  it.each([
    ['curl -u <user:password>', 'curl -u <user:password> https://api.example.com/v1/items'],
    ['curl -u user:[PASSWORD]', 'curl -u admin:[PASSWORD] https://jenkins.example.com/api/json'],
    ['curl --user "user:[PASSWORD]"', 'curl --user "deploy:[PASSWORD]" https://nexus.example.com'],
    ['a URL with {password}', 'curl https://user:{password}@registry.example.com/v2/'],
    ['a URL with {password}, no curl', 'git clone https://username:{password}@git.example.com/app.git'],
    ['a URL with :password', 'BROKER_URL=amqp://guest::password@localhost:5672'],
  ])('bracketed stand-ins in curl and URL examples: %s', (_label, text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([['a .NET user-secrets id', '  <UserSecretsId>5b0e2c3a-7d41-4f6e-9a8b-1c2d3e4f5a6b</UserSecretsId>']])('decoys shaped like the peers\' public ones: %s', (_label, text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    ['a Google key that is no published example', 'GOOGLE_MAPS_API_KEY=AIzaSyif9FvveD9spIw7c6qJIo94ZuxOjE9QEaL', 'gcp-api-key'],
    ['a password after a version-like start', 'DB_PASSWORD=1.2.3-Xk9qZL2mV8tR', 'generic-secret-unquoted'],
    ['a random token with a build word', 'API_TOKEN=Qz8Lm2Vx7Kp4-release-Rt9Wn3', 'generic-secret-unquoted'],
    ['a real curl password', 'curl -u admin:Vq3xL9mZ2kR7 https://registry.example.com/v2/_catalog', 'curl-user-password'],
    ['a real URL password', 'git clone https://deploy:Tq8vZ3mLx2Rk9@git.example.com/app.git', 'url-embedded-credentials'],
    ['a secret in an XML element', '<apiSecret>a91f3c7e5b2d4f6a8c0e1b3d5f7a9c2e</apiSecret>', 'generic-secret-xml'],
  ])('still find what is a credential: %s', (_label, text, id) => {
    expect(found(text)).toEqual([id]);
  });

  // gitleaks' public decoys, in our own words (#14).
  it.each([
    ["a Rails form's CSRF field", '<input type="hidden" name="authenticity_token" value="Hq3vZ8-mLk2Pj6Hs9Dm4Fc1Yt7Wr0Xn5Bq8Vz2Lk6Mp3Tj9Gd4Sh1Rc7Nw0Yb5Ke2Qx8Uv" />'],
    ['a Maven coordinate of the jjwt library', 'dependency = "io.jsonwebtoken:jjwt-impl-0.12.6"'],
    ['an asset whose hashed name starts like an Infracost key', '<link rel="icon" href="/static/favicon.ico-3f9a1c7e5b2d48f6a0c9e1b7d3f5a92c.png">'],
    ["a password from NuGet's nuget.config reference page", '<add key="ClearTextPassword" value="hal+9ooo_da!sY" />'],
    ['a value cut short before a redaction note', '  vault:\n    fn::secret: ops_eyJhbGciOiJFUzI1..[Redacted]'],
  ])("decoys from gitleaks' public suite: %s", (_label, text) => {
    expect(found(text)).toEqual([]);
  });
});
