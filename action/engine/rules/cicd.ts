import type { Rule } from '../types.js';

// CI/CD and code-quality services. Prefixed formats: CircleCI CCIPAT_/CCIPRJ_, Buildkite
// bkua_ and agent/cluster tokens, SonarQube squ_/sqp_/sqa_, Sourcegraph sgp_, Octopus Deploy
// API-. Unprefixed ones (Travis, Snyk, Codecov, Jenkins, legacy CircleCI and Sonar) need a
// service-named variable.

/** `name = value`, `name: value`, `"name": "value"`, `name := value`, `name => value`. */
const assign = String.raw`["']?[ \t]{0,5}(?::=|=>|[:=]{1,2})[ \t]{0,5}["']?`;
const uuid = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** `<service>…<secret word>… = <value>`, case-insensitive, value in group 1. */
function named(service: string, secretWords: string, value: string): RegExp {
  return new RegExp(
    String.raw`${service}[\w.-]{0,25}?(?:${secretWords})[\w-]{0,10}${assign}(${value})(?![A-Za-z0-9_-])`,
    'i',
  );
}

export const cicdRules: Rule[] = [
  {
    id: 'circleci-token',
    description: 'CircleCI personal or project API token',
    severity: 'high',
    provider: 'circleci',
    keywords: ['ccipat_', 'cciprj_'],
    regex: /\b(CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[a-f0-9]{40})\b/,
    entropy: 3.5,
    truePositives: [
      'CIRCLECI_TOKEN=CCIPAT_gQqeP44gE4qyfnCkzo7hcA_e445fce759dc24304d3a913ad207a947938e6ba2',
      'curl -H "Circle-Token: CCIPRJ_IzjOJzZT1NOvlBG1faYuAa_7af42474c976a9385fa848f66cfbe72e6f501773" https://circleci.com/api/v2/me',
    ],
    falsePositives: ['CIRCLECI_TOKEN=CCIPAT_short', 'CIRCLECI_TOKEN=CCIPAT_cuSbhJFFDY08ZKYuEh9jOv_b0f38d503eba1b0e6b7b'],
  },
  {
    id: 'circleci-token-legacy',
    description: 'CircleCI API token (40-hex format) in a CircleCI context',
    severity: 'high',
    provider: 'circleci',
    keywords: ['circle'],
    regex: named('circle(?:ci)?', 'token|key|secret', '[a-f0-9]{40}'),
    entropy: 3,
    truePositives: ['CIRCLECI_TOKEN=8df2717ff1dbe3b9d6e7e9a1962b0a60df5d090e', '  circle_token: "ec9ad203e771d631020a85a9f120ecb7b45655ed"'],
    falsePositives: ['CIRCLE_SHA1=f13c089c98ab17c5cf457e3ecd9f809558e7ca50', 'CIRCLECI_TOKEN=${CIRCLE_TOKEN}'],
  },
  {
    id: 'travis-ci-token',
    description: 'Travis CI API token in a Travis context',
    severity: 'high',
    provider: 'travis',
    keywords: ['travis'],
    regex: named('travis', 'token|key|secret', '[A-Za-z0-9_-]{22}'),
    entropy: 3.5,
    truePositives: ['TRAVIS_TOKEN=L4_3sANCfWtTGiTJn6yfZX', 'travis_api_token: "VJA4u1FNJ72xmPDw7LVw7c"'],
    falsePositives: ['TRAVIS_TOKEN=$TRAVIS_TOKEN', 'TRAVIS_COMMIT=Eo2l63M0XQKI8EhXobKkmK', 'TRAVIS_TOKEN=TBHmohWPPnJX'],
  },
  {
    id: 'buildkite-user-token',
    description: 'Buildkite user API access token',
    severity: 'high',
    provider: 'buildkite',
    keywords: ['bkua_'],
    regex: /\b(bkua_(?:[a-z0-9]{40}|[a-z0-9]{53}))\b/,
    entropy: 3.5,
    truePositives: ['BUILDKITE_API_TOKEN=bkua_f964f9e2b004a7388d2b9d7280226baf7e13afb8', 'curl -H "Authorization: Bearer bkua_h7jyxumqrbcu157ejkhrz04njj8hp1ezsd7tejqabmmbwwrl0fklw" https://api.buildkite.com/v2/user'],
    falsePositives: ['BUILDKITE_API_TOKEN=bkua_short', 'BUILDKITE_API_TOKEN=bkua_co1cn5kpptdyk9v5rg8iwtod7fovgy05wjd4askx_extra'],
  },
  {
    id: 'buildkite-agent-token',
    description: 'Buildkite agent, registration, cluster or job token',
    severity: 'high',
    provider: 'buildkite',
    keywords: ['bkaa_', 'bkar_', 'bkct_', 'bkaj_'],
    regex: /\b(bka[ar]_[A-Za-z0-9_-]{73,75}|bkct_[A-Za-z0-9_-]{73}|bkaj_[A-Za-z0-9_-]{300,400})(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    truePositives: [
      'BUILDKITE_AGENT_TOKEN=bkaa_oymkQ0UE2jMVqrBGB_dqpXkoX6UurJhvv3dSyIiZFJlsGzh0YQII0TQ983ECLJpbvfcgW84g3ix',
      'buildkite-agent start --token bkct_wNvuLIMdlEvtIr7GBtsbh0k8Rsm0FnRjOUwej7Unks071jWX0RR9SjixrRQi7yYbNGqJFM2HS',
    ],
    falsePositives: ['BUILDKITE_AGENT_TOKEN=bkaa_M7tXHIR5czbFYiNpiik8tRueNMUTzQdQcVk4tCDV', 'BUILDKITE_AGENT_TOKEN=bkaa_${TOKEN}'],
  },
  {
    id: 'sonarqube-token',
    description: 'SonarQube / SonarQube Cloud user, project or global analysis token',
    severity: 'high',
    provider: 'sonar',
    keywords: ['squ_', 'sqp_', 'sqa_'],
    regex: /\b(sq[upa]_[a-f0-9]{40})\b/,
    entropy: 3,
    truePositives: ['SONAR_TOKEN=squ_ece6f8ff0e4823af2d904ccd38c1a8f0f596b366', 'mvn sonar:sonar -Dsonar.token=sqp_3bfa5b6de1b90f670e8a189c0447117ac82ca940', 'sonar.login=sqa_e13f5065bb0c209fe3acd209fe173d8e9011005a'],
    falsePositives: ['SONAR_TOKEN=squ_2cb9b2c71939796964ba', 'SONAR_TOKEN=squ_0000000000000000000000000000000000000000'],
  },
  {
    id: 'sonar-token-legacy',
    description: 'SonarQube / SonarCloud token (unprefixed 40-hex format) in a Sonar context',
    severity: 'high',
    provider: 'sonar',
    keywords: ['sonar'],
    regex: named('sonar', 'token|login|key', '[a-f0-9]{40}'),
    entropy: 3,
    truePositives: ['SONAR_TOKEN=e8039a3a7e9af9624cf3f1757ba48aa7b8a44b02', 'sonar.login=3728a62ad9e03d4fbf10a42e67ac3446879cdf53'],
    falsePositives: ['SONAR_TOKEN=${{ secrets.SONAR_TOKEN }}', 'sonar.projectKey=acme_api', 'SONAR_TOKEN=squ_72b95dad35ae64730f05f9744931765ca20e389d'],
  },
  {
    id: 'snyk-token',
    description: 'Snyk API token in a Snyk context',
    severity: 'high',
    provider: 'snyk',
    keywords: ['snyk'],
    regex: named('snyk', 'token|key|auth|secret', uuid),
    entropy: 3,
    truePositives: ['SNYK_TOKEN=8a85cf2f-69ee-4651-a86a-e41fd1676599', '  snyk_api_key: "93e9e09d-225d-4ad2-a2d6-f6008ed173fa"'],
    falsePositives: ['SNYK_ORG_ID=38eefcea-0d6f-4ecc-ad7e-7bd4f61a3ec8', 'SNYK_TOKEN=${{ secrets.SNYK_TOKEN }}'],
  },
  {
    id: 'codecov-token',
    description: 'Codecov upload or API token in a Codecov context',
    severity: 'medium',
    provider: 'codecov',
    keywords: ['codecov'],
    regex: named('codecov', 'token|key', uuid),
    entropy: 3,
    truePositives: ['CODECOV_TOKEN=4cdff399-5c36-443d-ab8f-7ae50f944557', '  codecov_token: "4900ea02-be3b-4b10-a9b7-d7a46a4fa5f0"'],
    falsePositives: ['CODECOV_TOKEN=${{ secrets.CODECOV_TOKEN }}', 'codecov_flags: fee78c54-2995-485f-a68b-fb1133cf9f7c'],
  },
  {
    id: 'sourcegraph-access-token',
    description: 'Sourcegraph access token',
    severity: 'high',
    provider: 'sourcegraph',
    keywords: ['sgp_'],
    // sgp_<16-hex instance id>_<40 hex>, sgp_local_<40 hex>, or the older sgp_<40 hex>.
    regex: /\b(sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40})\b/,
    entropy: 3,
    truePositives: [
      'SRC_ACCESS_TOKEN=sgp_6bbe14122ba2a47a_5be794bbfb7ba70fa2eccebde3d9851be965317c',
      'SRC_ACCESS_TOKEN=sgp_local_809180f30b8708d1db1d05c6d5d726c7a340791d',
      '{"token": "sgp_4CDE8E8F63967CD7665344028178116EA9B1D2DF"}',
    ],
    falsePositives: [
      'SRC_ACCESS_TOKEN=sgp_0000000000000000_0000000000000000000000000000000000000000',
      'SRC_ACCESS_TOKEN=sgp_local_d45b6G86aBb0F2Cee943902dbaDBCFCFDD1dA089',
    ],
  },
  {
    id: 'octopus-deploy-api-key',
    description: 'Octopus Deploy API key',
    severity: 'high',
    provider: 'octopus',
    keywords: ['api-'],
    regex: /\b(API-[A-Z0-9]{26})\b/,
    entropy: 3,
    truePositives: ['OCTOPUS_API_KEY=API-JYXEMHPB2R3MFJCY55TNUU5FKP', 'octo push --package app.1.0.0.zip --apiKey API-M9T9C53RY0JQIQRSF192ZK3F0J --server https://octo.acme.io'],
    falsePositives: [
      'https://fog-ringer-f42.notion.site/API-BD80F56CDC1441E6BF6011AB6D852875',
      'msgstr "GSSAPI-VIRHEKAPSELOINTIMERKKIJONO."',
      'OCTOPUS_API_KEY=API-XXXXXXXXXXXXXXXXXXXXXXXXXX',
    ],
  },
  {
    id: 'jenkins-api-token',
    description: 'Jenkins API token in a Jenkins context',
    severity: 'high',
    provider: 'jenkins',
    keywords: ['jenkins'],
    // Jenkins API tokens: "11" + 32 hex characters.
    regex: new RegExp(
      String.raw`(?:jenkins[\w.-]{0,25}?(?:token|key|password|pass|secret)[\w-]{0,10}${assign}(11[a-f0-9]{32})(?![A-Za-z0-9_-])|https?:\/\/[\w.-]{1,64}:(11[a-f0-9]{32})@)`,
      'i',
    ),
    entropy: 3,
    truePositives: [
      'JENKINS_API_TOKEN=11d3e5456e757d52249105ae3d7538f4b6',
      'curl -X POST https://deployer:1171962800d3003fd0ecedc41e8603f47e@jenkins.acme.io/job/api/build',
    ],
    falsePositives: ['JENKINS_API_TOKEN=${JENKINS_TOKEN}', 'JENKINS_URL=https://jenkins.acme.io', 'JENKINS_API_TOKEN=119ff896c1d50cf6a41895'],
  },
];
