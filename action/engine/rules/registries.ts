import type { Rule } from '../types.js';

// Package and artifact registries. Formats: npm granular/automation tokens (npm_ + 36 with a
// CRC32 tail), PyPI macaroons (pypi-AgEIcHlwaS5vcmc…), RubyGems (rubygems_ + 48 hex), NuGet
// (oy2 + 43), Docker Hub (dckr_pat_/dckr_oat_), JFrog (AKCp API keys, cmVmdGtu reference
// tokens = base64 "reftkn"), crates.io (cio + 32), Clojars (CLOJARS_ + 60), Private Packagist.

export const registryRules: Rule[] = [
  {
    id: 'npm-access-token',
    description: 'npm access token',
    severity: 'critical',
    provider: 'npm',
    keywords: ['npm_'],
    regex: /\b(npm_[A-Za-z0-9]{36})\b/,
    entropy: 3.5,
    truePositives: [
      '//registry.npmjs.org/:_authToken=npm_28DqvS1xPMz1GH8yX4gAW5B4oPEyQKg0W00Y',
      'NPM_TOKEN=npm_UWOyXg6jUlU7rgrwergZpZDynnObFiONerI9',
      '      - run: npm publish --//registry.npmjs.org/:_authToken=npm_imUxIAstS1D0nPHdQFd8HFKLamzHVPte2tpj',
    ],
    falsePositives: [
      'NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'NPM_TOKEN=npm_cdlFKctctMepBgKqqYPB',
      'const npm_config_cache_folder_path_for_this_ci_runner = 1;',
    ],
  },
  {
    id: 'npmrc-auth-token',
    description: 'Registry auth token in an .npmrc or .yarnrc.yml file',
    severity: 'high',
    provider: 'npm',
    keywords: ['_authtoken', 'npmauthtoken'],
    // Any registry's token (Artifactory, Nexus, GitHub Packages, legacy npm UUIDs). Values with a
    // provider prefix are reported by that provider's own rule.
    regex: /(?:_authToken|npmAuthToken)["']?[ \t]{0,3}[:=][ \t]{0,3}["']?([A-Za-z0-9._~+/=-]{20,600})(?![A-Za-z0-9._~+/=-])/,
    entropy: 3,
    allowlist: [/^(?:npm_|gh[pousr]_|github_pat_|glpat-|AKCp|cmVmdGtu)/],
    truePositives: [
      '//npm.pkg.acme.io/repository/npm-private/:_authToken=NpmToken.e3c75ae3-996d-4042-a66a-2c26b48b51d9',
      '//registry.npmjs.org/:_authToken=1bdfcf75-9554-4c6f-a81e-a7cdda6ed6a7',
      '  npmAuthToken: "A7UcsVACadg5IBJEIv0V8CUy1S3mKiyjcxuk6VTiToAkxj7OkAygciB833xcNWD2"',
    ],
    falsePositives: [
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
      '//registry.npmjs.org/:_authToken=npm_c8htPEECJyuJGAKnRJkq0XWVOkdYJNPmsSR0',
      '  npmAuthToken: "${NODE_AUTH_TOKEN}"',
      '//registry.npmjs.org/:_authToken=XXXXX-XXXXX-XXXXX-XXXXX',
    ],
  },
  {
    id: 'npmrc-basic-auth',
    description: 'Base64 user:password or password in an .npmrc (_auth / _password)',
    severity: 'high',
    provider: 'npm',
    keywords: ['_auth', '_password'],
    regex: /(?:^|[\s:])_(?:auth|password)[ \t]{0,3}=[ \t]{0,3}["']?([A-Za-z0-9+/]{12,400}={0,2})(?![A-Za-z0-9+/=])/,
    entropy: 3,
    truePositives: [
      '_auth=UNj0V/PAnmi1D7Uq9oHRUnWb2+lTFSsOsT43oWse',
      '//nexus.acme.io/repository/npm-group/:_password=pYhwEK0YF6R9MpGaN4L1YIyF==',
    ],
    falsePositives: [
      '_auth=${NPM_AUTH}',
      'DB_PASSWORD=23bXCnubL/drn5c6yf9O2vW9',
      '_auth=dXNlcg==',
    ],
  },
  {
    id: 'pypi-upload-token',
    description: 'PyPI or TestPyPI API token',
    severity: 'critical',
    provider: 'pypi',
    keywords: ['pypi-ag'],
    // Macaroons whose first caveat names the index: "pypi.org" or "test.pypi.org".
    regex: /\b(pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000})(?![A-Za-z0-9_-])/,
    entropy: 4,
    truePositives: [
      'password = pypi-AgEIcHlwaS5vcmcCJp8kPX-V3OMJIh3Rn_z2Rm4nTM88f4PFC-qw3ZHskpUxGJP32RC_9slGR8uoggSzeZ3imr1kwKdUT7FtX1boB6KMYKPqzp8hWBeUY8m7xcbig10tweCB7gEB7LaA7f3qgNpL23zX1OM9ADjBW9My-1F',
      'TWINE_PASSWORD=pypi-AgENdGVzdC5weXBpLm9yZwIkKFPuBgvUq7HLIx2KAzh1r1lS0oWs6qY4TPtUoyflMh-S5RE2U7rqJetUchq3ubv51ueD7SA9YH3B2zVPr9jYehluleO-uKGZKxXk2PFmLwNFgkZ_5EQTTQg1',
    ],
    falsePositives: [
      'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc',
      'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcCqlZXAWC1CuX0wIFiNna',
      'password = ${{ secrets.PYPI_API_TOKEN }}',
    ],
  },
  {
    id: 'rubygems-api-key',
    description: 'RubyGems API key',
    severity: 'critical',
    provider: 'rubygems',
    keywords: ['rubygems_'],
    regex: /\b(rubygems_[a-f0-9]{48})\b/,
    entropy: 3,
    truePositives: [
      ':rubygems_api_key: rubygems_8577de69dcf06464ec57997c9ef1e96a21e3e4316f2b64f5',
      'GEM_HOST_API_KEY=rubygems_f210c9e1ac699c48c62e79b34284d0c6bc07a5767418e88a',
    ],
    falsePositives: [
      'GEM_HOST_API_KEY=rubygems_ad91a332096fc3428da1b681',
      'GEM_HOST_API_KEY=rubygems_000000000000000000000000000000000000000000000000',
    ],
  },
  {
    id: 'nuget-api-key',
    description: 'NuGet.org API key',
    severity: 'critical',
    provider: 'nuget',
    keywords: ['oy2'],
    regex: /\b(oy2[a-z0-9]{43})\b/,
    entropy: 3.5,
    truePositives: [
      'dotnet nuget push *.nupkg --api-key oy2rnsei68a737tzjlq16tqororppn9if1xx0pgy3hklkt --source https://api.nuget.org/v3/index.json',
      '<add key="ClearTextPassword" value="oy29udbjgs6yigk3gcuz23zxa8uscph4qbidl9ha96j3a9" />',
    ],
    falsePositives: [
      'dotnet nuget push *.nupkg --api-key oy29xq7lwl6znqojphm7fl5',
      'dotnet nuget push *.nupkg --api-key ${NUGET_API_KEY}',
      'toy2kmx6r78ap8q8haesrpf6b4usr7y1y1vcz85wozmy8nc',
    ],
  },
  {
    id: 'docker-hub-pat',
    description: 'Docker Hub personal access token',
    severity: 'high',
    provider: 'docker',
    keywords: ['dckr_pat_'],
    regex: /\b(dckr_pat_[A-Za-z0-9_-]{27})(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    truePositives: [
      'echo dckr_pat_8Lgp4VZbaYUY3xfA9IxNVfRORlb | docker login -u acmebot --password-stdin',
      'DOCKERHUB_TOKEN=dckr_pat_ZyBnfVujPBoVLrREtZSZum1BDXG',
    ],
    falsePositives: [
      'DOCKERHUB_TOKEN=dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'DOCKERHUB_TOKEN=dckr_pat_khovVPkRDN0d',
    ],
  },
  {
    id: 'docker-hub-oat',
    description: 'Docker Hub organization access token',
    severity: 'high',
    provider: 'docker',
    keywords: ['dckr_oat_'],
    regex: /\b(dckr_oat_[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    truePositives: [
      'docker login -u acme -p dckr_oat_uvWqlcmcXUuw-e-962ne9QuxG2MsCdWp',
      'DOCKER_ORG_TOKEN: "dckr_oat_baMGHzBSyuYPsh0Cqr8qQi2tkMnd3tmE"',
    ],
    falsePositives: [
      'DOCKER_ORG_TOKEN: "dckr_oat_Ls9sp1W4sIHZhrN3"',
      'DOCKER_ORG_TOKEN: "dckr_oat_<token>"',
    ],
  },
  {
    id: 'docker-config-auth',
    description: 'Registry credentials (base64 user:password) in a Docker config.json',
    severity: 'high',
    provider: 'docker',
    keywords: ['"auth"'],
    // ~/.docker/config.json: "auths": { "<registry>": { "auth": base64("user:password") } }.
    regex: /"auth"[ \t]{0,3}:[ \t]{0,3}"([A-Za-z0-9+/]{16,800}={0,2})"/,
    entropy: 3.5,
    // An all-letter value is a word ("authorization"), not base64 of "user:password".
    allowlist: [/^[A-Za-z]+$/],
    truePositives: [
      '        "auth": "X29r30KIZYadPqIsLbC/wS4VsVP0EqCKU/lSDbjtoh9o"',
      '{"auths":{"ghcr.io":{"auth":"LdZ7waKcqSWbV2Osct9cpicFQ8q6Nkw6GRe05Zk/z2r4tRpU6o6TU7Tb8F=="}}}',
    ],
    falsePositives: [
      '        "auth": ""',
      '        "auth": "AuthorizationRequired"',
      '        "auth": "${DOCKER_AUTH}"',
    ],
  },
  {
    id: 'jfrog-api-key',
    description: 'JFrog Artifactory API key',
    severity: 'high',
    provider: 'jfrog',
    keywords: ['akcp'],
    regex: /\b(AKCp[A-Za-z0-9]{69})\b/,
    entropy: 3.5,
    truePositives: [
      'ARTIFACTORY_API_KEY=AKCpx5DrQCKzUyJ8fiY8YNOF2oTuxuqIT0F7VXaRyskDPCefYSrAHNDj3bDIdKIixDSb3Sodk',
      'curl -H "X-JFrog-Art-Api: AKCp0Qb2ufQP1UOIlgvy1FtMzUH9CGPKq1MDBa9uZklsLIqmvCzLgcLFN10MQF9T7EEP3CfBZ" https://acme.jfrog.io/artifactory/api/repositories',
    ],
    falsePositives: [
      'ARTIFACTORY_API_KEY=AKCpBOUm8unNuDUtS8J7pu8FrgQasYrcAC',
      'ARTIFACTORY_API_KEY=AKCpXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    ],
  },
  {
    id: 'jfrog-reference-token',
    description: 'JFrog Artifactory reference token',
    severity: 'high',
    provider: 'jfrog',
    keywords: ['cmvmdgtu'],
    regex: /\b(cmVmdGtu[A-Za-z0-9]{56})\b/,
    entropy: 3.5,
    truePositives: [
      'JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOjL0KEvEmg4xzlTof74r1anOB5r2HT63UZeB4TuPPmGkiYzeXbnh',
      'Authorization: Bearer cmVmdGtuOjAxOjE0Bzh7PLtAxYGmUu2XZzXmCb7l5Fo7ZDTCBM7eYGVWB2QloVcs',
    ],
    falsePositives: [
      'JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOjbvtr7DiCmyxVBVODscEA',
      'JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOjxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    ],
  },
  {
    id: 'crates-io-api-token',
    description: 'crates.io API token',
    severity: 'critical',
    provider: 'crates-io',
    keywords: ['cio'],
    regex: /\b(cio[A-Za-z0-9]{32})\b/,
    entropy: 3.5,
    truePositives: [
      'CARGO_REGISTRY_TOKEN=cioSSkLChTUYCXWL2G3yyl0ho6GowHylYqb',
      '[registry]\ntoken = "ciodqAv8ALclfVzBSamA2bpzCraGPYqlid7"',
    ],
    falsePositives: [
      'CARGO_REGISTRY_TOKEN=cio5J9wBa7zkMPZW3f5zHsW',
      'const socioeconomicIndicatorsByRegionAndYear = 1;',
      'CARGO_REGISTRY_TOKEN=ciozzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
    ],
  },
  {
    id: 'clojars-deploy-token',
    description: 'Clojars deploy token',
    severity: 'critical',
    provider: 'clojars',
    keywords: ['clojars_'],
    regex: /\b(CLOJARS_[a-z0-9]{60})\b/,
    entropy: 3.5,
    truePositives: [
      'CLOJARS_PASSWORD=CLOJARS_3at3lfgw15v9hy8tsci90dvkkrgx0nf9lns0zew1dog7kikwv2imsspu5i5m',
      '{:url "https://repo.clojars.org" :username "acme" :password "CLOJARS_p8cgz4f2az4qoxec9npaqlfd70a0nqxpfpla8tjs6t4wqur0u7vamgg19tpo"}',
    ],
    falsePositives: [
      'CLOJARS_PASSWORD=CLOJARS_idyiqpvx482ylzcc6gy25lbyllz0ko',
      'CLOJARS_USERNAME=acme',
    ],
  },
  {
    id: 'packagist-token',
    description: 'Private Packagist authentication token',
    severity: 'high',
    provider: 'packagist',
    keywords: ['packagist_'],
    // packagist_ + ort (organization read), out (organization update), uut (user update) or
    // cut (Conductor), then 60 hex characters and an 8-hex checksum.
    regex: /\b(packagist_(?:ort|out|uut|cut)_[a-f0-9]{68})\b/,
    entropy: 3,
    truePositives: [
      'composer config --global --auth http-basic.repo.packagist.com token packagist_ort_ad78ea0904f66b1688147a4f50d93fd5125331efbfb2f206287285853a74c1f17b53',
      '"http-basic": {"repo.packagist.com": {"username": "token", "password": "packagist_uut_447eda0f5cb0a8bc867b65a1ff2d212b74ec4c78c1e534f76f1c162fe24f7de24b42"}}',
    ],
    falsePositives: [
      "$token = 'packagist_ort_..........';",
      'PACKAGIST_TOKEN=packagist_ort_90e8ba4937ab00cb6cc69984e2fe685ad7943037',
    ],
  },
  {
    id: 'maven-settings-password',
    description: 'Repository password in a Maven settings.xml server entry',
    severity: 'medium',
    provider: 'maven',
    keywords: ['<password>'],
    // Encrypted values ({…}) and property references (${…}) are not plain-text secrets.
    regex: /<password>[ \t]{0,3}([^<>\s{}$]{8,200})[ \t]{0,3}<\/password>/,
    entropy: 3,
    truePositives: [
      '      <password>DWJbhbgleukptJtSD8xiFTGy</password>',
      '<server><id>ossrh</id><username>acme-release</username><password>l7Lg9ceab6gmK90lLJ28Yr8FEs2WtE1D</password></server>',
    ],
    falsePositives: [
      '      <password>${env.MAVEN_PASSWORD}</password>',
      '      <password>{COQLCE6DU6GtcS5P=}</password>',
      '      <password>changeme</password>',
    ],
  },
];
