import type { Rule } from '../types.js';

// Formats: https://docs.gitlab.com/security/tokens/#token-prefixes
// Since GitLab 17.x, tokens may be "routable": a longer base64url payload followed by
// `.<version>.<checksum>` or `.<version><checksum>` parts. Both shapes are accepted.
const routableTail = String.raw`(?:\.[0-9a-z]{2}){0,1}(?:\.[0-9a-z]{7,9}){0,1}`;

/** A rule for a token that is `prefix` + `length` characters of [0-9A-Za-z_-], maybe routable. */
function prefixed(prefix: string, length: number): RegExp {
  return new RegExp(String.raw`(?<![\w-])(${prefix}[0-9A-Za-z_-]{${length},300}${routableTail})(?![\w-])`);
}

export const gitlabRules: Rule[] = [
  {
    id: 'gitlab-pat',
    description: 'GitLab personal, project or group access token',
    severity: 'critical',
    provider: 'gitlab',
    keywords: ['glpat-'],
    regex: prefixed('glpat-', 20),
    entropy: 3,
    truePositives: [
      'GITLAB_TOKEN=glpat-pik_v3a7ikXSJg4xRB8R',
      'git clone https://oauth2:glpat-88QGZU4wfl8qILxKxBPx@gitlab.com/acme/api.git',
      '  private_token: "glpat-C1uDPquxwhR-k_nE6yP6tXqY52Y02Ovx9IEoIX.01.5lc17o4nh"',
    ],
    falsePositives: [
      'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx',
      'GITLAB_TOKEN=glpat-XXXXXXXXXXX-XXXXXXXX',
      'GITLAB_TOKEN=glpat-tPPur84R504B',
      'personal access tokens start with glpat-',
    ],
  },
  {
    id: 'gitlab-deploy-token',
    description: 'GitLab deploy token',
    severity: 'high',
    provider: 'gitlab',
    keywords: ['gldt-'],
    regex: prefixed('gldt-', 20),
    entropy: 3,
    truePositives: [
      'CI_DEPLOY_PASSWORD=gldt-2WnFxyBKMZ3tB5VZpHzd',
      'docker login registry.gitlab.com -u gitlab+deploy-token-42 -p gldt-Juhx6oPniZxIKSrpqHnb',
    ],
    falsePositives: ['CI_DEPLOY_PASSWORD=gldt-xxxxxxxxxxxxxxxxxxxx', 'CI_DEPLOY_PASSWORD=gldt-249Vo9ISFC'],
  },
  {
    id: 'gitlab-runner-auth-token',
    description: 'GitLab runner authentication token',
    severity: 'high',
    provider: 'gitlab',
    keywords: ['glrt-'],
    regex: prefixed('glrt-', 20),
    entropy: 3,
    truePositives: [
      '  token = "glrt-BJBOOtvNScDZr9ciizhb"',
      'gitlab-runner register --token glrt-t1_IxOiNoQuHJ0on6MS2bmljChu9eD.0wgxt8azr',
    ],
    falsePositives: ['  token = "glrt-xxxxxxxxxxxxxxxxxxxx"', '  token = "glrt-${RUNNER_TOKEN}"'],
  },
  {
    id: 'gitlab-runner-registration-token',
    description: 'GitLab runner registration token (deprecated registration flow)',
    severity: 'high',
    provider: 'gitlab',
    keywords: ['gr1348941'],
    regex: /\b(GR1348941[0-9A-Za-z_-]{20})(?![0-9A-Za-z_-])/,
    entropy: 3,
    truePositives: [
      'gitlab-runner register --registration-token GR1348941xoAlDhKbcRQpgmcR34nG',
      'REGISTRATION_TOKEN: "GR1348941JAqDK3YY48oI0nAdvAio"',
    ],
    falsePositives: ['REGISTRATION_TOKEN: "GR1348941XXXXXXXXXXXXXXXXXXXX"', 'REGISTRATION_TOKEN: "GR1348941RlHTifx9N"'],
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    description: 'GitLab pipeline trigger token',
    severity: 'high',
    provider: 'gitlab',
    keywords: ['glptt-'],
    regex: /\b(glptt-[0-9a-f]{40})\b/,
    entropy: 3,
    truePositives: [
      'curl -X POST -F token=glptt-50fab0d699e5747a5440801f4bee162fde17a3b8 -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline',
      'TRIGGER_TOKEN=glptt-d40010131562abc1bc7b410fac5bf14b8126c735',
    ],
    falsePositives: ['TRIGGER_TOKEN=glptt-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'TRIGGER_TOKEN=glptt-83db702d8bdc24189d76'],
  },
  {
    id: 'gitlab-cicd-job-token',
    description: 'GitLab CI/CD job token',
    severity: 'medium',
    provider: 'gitlab',
    keywords: ['glcbt-'],
    // Job tokens expire with the job, but a logged or committed one is still worth reporting.
    regex: /\b(glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20})(?![0-9a-zA-Z_-])/,
    entropy: 3,
    truePositives: [
      'JOB_TOKEN=glcbt-6d_ObSozRKI7gvXoxea1k3V',
      'curl --header "JOB-TOKEN: glcbt-fgcuc_QXHwrjmM1ae2GHJHTY6B" https://gitlab.com/api/v4/job',
    ],
    falsePositives: ['JOB_TOKEN=glcbt-64_xxxxxxxxxxxxxxxxxxxx', 'JOB_TOKEN=glcbt-ej_7UCEMMm6'],
  },
  {
    id: 'gitlab-feed-token',
    description: 'GitLab feed token',
    severity: 'medium',
    provider: 'gitlab',
    keywords: ['glft-'],
    regex: prefixed('glft-', 20),
    entropy: 3,
    truePositives: [
      'https://gitlab.com/dashboard/issues.atom?feed_token=glft-4ji503q5Ae_OruSf_daw&state=opened',
      'FEED_TOKEN=glft-7n5Nh5xKQXJLr2B9LZps',
    ],
    falsePositives: ['FEED_TOKEN=glft-xxxxxxxxxxxxxxxxxxxx', 'FEED_TOKEN=glft-6S62oJ'],
  },
  {
    id: 'gitlab-incoming-mail-token',
    description: 'GitLab incoming email token',
    severity: 'medium',
    provider: 'gitlab',
    keywords: ['glimt-'],
    regex: prefixed('glimt-', 25),
    entropy: 3,
    truePositives: [
      "  incoming_email_token: 'glimt-3zjjto2corhe83rr87sbk5u02'",
      'INCOMING_EMAIL_TOKEN=glimt-87JYcgukGD5t2LjyiR5buaUwG',
    ],
    falsePositives: ['INCOMING_EMAIL_TOKEN=glimt-xxxxxxxxxxxxxxxxxxxxxxxxx', 'INCOMING_EMAIL_TOKEN=glimt-EPKNMxGFRYiLZhD'],
  },
  {
    id: 'gitlab-agent-token',
    description: 'GitLab agent for Kubernetes token',
    severity: 'high',
    provider: 'gitlab',
    keywords: ['glagent-'],
    regex: prefixed('glagent-', 50),
    entropy: 3,
    truePositives: [
      'helm upgrade --install agent gitlab/gitlab-agent --set config.token=glagent-RGXcrNuTklikCp6YrzX_-i9fS3JV2BDvGrBIKaSu_oJvCQqcDh',
      '  token: glagent-YMOJvMBph9LAenCyvfPzywJOx59bALBCCuUZd1swamHdGGVScP',
    ],
    falsePositives: ['  token: glagent-ZPD9BtHHFg7QHP6bnFCVXAGDt8yEQz', '  token: glagent-${AGENT_TOKEN}'],
  },
  {
    id: 'gitlab-oauth-app-secret',
    description: 'GitLab OAuth application secret',
    severity: 'high',
    provider: 'gitlab',
    keywords: ['gloas-'],
    regex: prefixed('gloas-', 64),
    entropy: 3,
    truePositives: [
      'GITLAB_OAUTH_CLIENT_SECRET=gloas-acbktqccmd8ubepqfa1ikpg1uys4r74bezrvwphdwl860icftqdk4dmmh47ok8bo',
      '  secret: "gloas-48qli8kscqtmipejeryewxvkqqvlor6ff8dboyoi91u5tz1afb5rw9en3iutavej"',
    ],
    falsePositives: ['GITLAB_OAUTH_CLIENT_SECRET=gloas-2bs2xzqt4cns8xej6aqjgtb387l84hs8', 'GITLAB_OAUTH_CLIENT_SECRET=gloas-<secret>'],
  },
  {
    id: 'gitlab-scim-token',
    description: 'GitLab SCIM OAuth token',
    severity: 'high',
    provider: 'gitlab',
    keywords: ['glsoat-'],
    regex: prefixed('glsoat-', 20),
    entropy: 3,
    truePositives: ['SCIM_TOKEN=glsoat-rGg51AZdLgNJN4XyKUAY', 'Authorization: Bearer glsoat-VwVfenyDyOaW5kmDTuY4'],
    falsePositives: ['SCIM_TOKEN=glsoat-xxxxxxxxxxxxxxxxxxxx', 'SCIM_TOKEN=glsoat-bLR8Ki1Pz7t'],
  },
  {
    id: 'gitlab-feature-flag-client-token',
    description: 'GitLab feature flags client token',
    severity: 'low',
    provider: 'gitlab',
    keywords: ['glffct-'],
    regex: prefixed('glffct-', 20),
    entropy: 3,
    truePositives: [
      'UNLEASH_INSTANCE_ID=glffct-K34TOHNWbFfLiMEiI6yK',
      "  instanceId: 'glffct-CSMg7WAv9vLq0navrGyO',",
    ],
    falsePositives: ['UNLEASH_INSTANCE_ID=glffct-xxxxxxxxxxxxxxxxxxxx', 'UNLEASH_INSTANCE_ID=glffct-cGexnHy'],
  },
  {
    id: 'gitlab-session-cookie',
    description: 'GitLab session cookie',
    severity: 'high',
    provider: 'gitlab',
    keywords: ['_gitlab_session='],
    regex: /_gitlab_session=([0-9a-z]{32})(?![0-9a-z])/,
    entropy: 3,
    truePositives: [
      'curl -H "Cookie: _gitlab_session=cz33ru8yb079adijwbv3c9mh4xqezj3y" https://gitlab.acme.io/api/v4/user',
      'Set-Cookie: _gitlab_session=1b74857af8d25a4abdfe5d040f5c3941; path=/; HttpOnly',
    ],
    falsePositives: ['Cookie: _gitlab_session=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'Cookie: _gitlab_session=hohekuyxsq53f5uc'],
  },
];
