import type { Rule } from '../types.js';
import { looseAssign } from './context.js';

// Formats: https://api.slack.com/authentication/token-types and
// https://api.slack.com/authentication/config-tokens; lengths cross-checked against the
// gitleaks Slack rules, which were built from tokens seen leaked in public repositories.

// Documentation writes webhook URLs with runs of X or 0 for the IDs and the token.
const WEBHOOK_PLACEHOLDER = /X{5,}|x{5,}|0{6,}|\/T0+\/|\.\.\./;

export const slackRules: Rule[] = [
  {
    id: 'slack-bot-token',
    description: 'Slack bot token',
    severity: 'critical',
    provider: 'slack',
    keywords: ['xoxb-'],
    regex: /\b(xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24,34})(?![A-Za-z0-9-])/,
    entropy: 3,
    truePositives: [
      'SLACK_BOT_TOKEN=xoxb-073264230644-0779821844365-zlLutbfXo0DlVvIosSnmfHd0',
      '  "bot_token": "xoxb-1329660363886-8035614194811-cQm83AfC1SKSVulqUODoAZx0",',
      "const web = new WebClient('xoxb-76436883782-024626319254-WeuN5PwRGbmUhjTIwQnepkxg');",
    ],
    falsePositives: [
      'SLACK_BOT_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx',
      'SLACK_BOT_TOKEN=xoxb-your-bot-token',
      'token: xoxb-061770186419-0095703739793-2dzIXuYVXXzg', // last part too short
      'SLACK_BOT_TOKEN=${SLACK_BOT_TOKEN:-xoxb-}',
    ],
  },
  {
    // Older bot tokens carry one numeric part instead of two.
    id: 'slack-legacy-bot-token',
    description: 'Slack legacy bot token',
    severity: 'critical',
    provider: 'slack',
    keywords: ['xoxb-'],
    regex: /\b(xoxb-\d{8,14}-[A-Za-z0-9]{18,26})(?![A-Za-z0-9-])/,
    entropy: 3,
    truePositives: [
      'slack_token = "xoxb-910830212633-PRQabUVjiDavIckSG86IMsFs"',
      'export SLACK_API_TOKEN=xoxb-42741987974-ctaHshH7VHF5auAwFRWZ997j',
    ],
    falsePositives: [
      'token: "xoxb-Slack_BOT_TOKEN"',
      'token: "xoxb-12345678-abcdefghijklmnopqrstuvwx"',
      'token: "xoxb-108502251962-1196651132180-gJFmenmYJ0ywBfOT1Jy5VVrA"', // a current bot token, another rule's
    ],
  },
  {
    // `xoxe-` with four parts is the rotating form of a user token.
    id: 'slack-user-token',
    description: 'Slack user token',
    severity: 'critical',
    provider: 'slack',
    keywords: ['xoxp-', 'xoxe-'],
    regex: /\b(xox[pe]-\d{8,14}-\d{8,14}-\d{8,14}-[A-Za-z0-9]{28,34})(?![A-Za-z0-9-])/,
    entropy: 3,
    truePositives: [
      'SLACK_USER_TOKEN=xoxp-632909039995-962344028863-157012003543-d5eaf904e72d71dc2aee10a47962a119',
      '"user_token": "xoxp-42998808740-5470003547-70697731701-317d6bdfe7d4af36f6e5842e2ec385a0"',
      'url_private=https://files.slack.com/files-pri/T04ABCDE-F04ABCDE/a.png?t=xoxe-6005129885952-1678502625969-4907399127787-bcd2467bf47399a54f325ffcc83b9e4e',
    ],
    falsePositives: [
      '"token": "xoxp-1234567890"',
      '"token": "xoxp-XXXXXXXXXX-XXXXXXXXXX-XXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
      '"token": "xoxp-1234-1234-1234-e120cfc7108aa102e803238ed964638d"',
    ],
  },
  {
    id: 'slack-workspace-token',
    description: 'Slack workspace app token (xoxa/xoxr, deprecated workspace apps)',
    severity: 'high',
    provider: 'slack',
    keywords: ['xoxa-', 'xoxr-'],
    regex: /\b(xox[ar]-(?:\d{1,2}-)?(?:\d{6,14}-){0,3}[A-Za-z0-9]{10,64})(?![A-Za-z0-9-])/,
    entropy: 3,
    truePositives: [
      '"access_token": "xoxa-2-341684057-80835088888-0742631989473-758cc0bc7f97ef45c1"',
      'SLACK_REFRESH_TOKEN=xoxr-1-HPWzPsmpV2H0rhOUDUrmWWbmBJdvp87TsQMT2VhS',
    ],
    falsePositives: [
      'https://github.com/xoxa-nyc/xoxa-nyc.github.io/blob/master/README.md',
      '"access_token": "xoxa-access-token-string"',
    ],
  },
  {
    id: 'slack-legacy-token',
    description: 'Slack legacy token (xoxo/xoxs)',
    severity: 'high',
    provider: 'slack',
    keywords: ['xoxo-', 'xoxs-'],
    regex: /\b(xox[os]-\d{6,14}-\d{6,14}-\d{6,14}-[a-fA-F0-9]{10,64})(?![A-Za-z0-9-])/,
    entropy: 3,
    truePositives: [
      '"access_token": "xoxs-265887248260-587320611-1066644545-68769f61fc"',
      'SLACK_LEGACY_TOKEN=xoxo-3716455960-6079396373-146217710191-55b00bf15b24fa155898eb41770624a3705a0ac09ee7a4d44b9df42a81c0aace',
    ],
    falsePositives: [
      'https://indieweb.org/images/3/35/2018-250-xoxo-indieweb-1.jpg',
      'SLACK_TOKEN=xoxs-6723021268-0692988190-1398723475', // no secret part
    ],
  },
  {
    id: 'slack-app-token',
    description: 'Slack app-level token (Socket Mode)',
    severity: 'high',
    provider: 'slack',
    keywords: ['xapp-'],
    regex: /\b(xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{64})(?![A-Za-z0-9-])/,
    entropy: 3,
    truePositives: [
      'SLACK_APP_TOKEN=xapp-1-A0WE334HW5F-6292682795424-eccacd3ba2f9d32cf41137a2723c2502c41120e82e39bac91a88b9768eb8ee80',
      "appToken: 'xapp-1-ATV7INA88JY-0566813238148-a4c6a7455e0f6f02d2a777c6a101f660036327fec07b47a99cb81c50c93a1d6f',",
    ],
    falsePositives: [
      'SLACK_APP_TOKEN=xapp-1-A0XXXXXXXXX-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'SLACK_APP_TOKEN=xapp-1-your-app-level-token',
    ],
  },
  {
    id: 'slack-config-access-token',
    description: 'Slack app configuration access token',
    severity: 'high',
    provider: 'slack',
    keywords: ['xoxe.xoxp-', 'xoxe.xoxb-'],
    regex: /\b(xoxe\.xox[bp]-\d-[A-Za-z0-9]{160,170})(?![A-Za-z0-9-])/,
    entropy: 3,
    truePositives: [
      'SLACK_CONFIG_TOKEN=xoxe.xoxp-1-4thsRHxt8EYXAyBFUQJxo6Zc6YO2kEJ1FE1ySGW8QGcmFFf1M7MYJcXzmc4mpTyC9PaPn6sbB9wxhiIhCD1Y4A9hxXGLdc56jeM1IamC20bPxeV9FrDLPOqGm92wTTGtXrszBIzVo0gcPcb3h2SdJSmokbZEROrGY41',
      '"access_token": "xoxe.xoxb-1-rcUE6tkSE0LfA2gLfCDoHJz7B9gkuJcpk7byLjg7ZWlHeuIlPtVOBIn1RUqxhHni7gtiMMYHGzD5Go0s2C3lJ2metMSoI1cO4XWixf8FY7V6nDCKmsbmnm2MB6ija2ntvwSDDHGEGTQBpFdZzQMCbNhwzCIsvJqkRhsiaD"',
    ],
    falsePositives: ['SLACK_CONFIG_TOKEN=xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere', 'xoxe.xoxp-1-initial'],
  },
  {
    id: 'slack-config-refresh-token',
    description: 'Slack app configuration refresh token',
    severity: 'high',
    provider: 'slack',
    keywords: ['xoxe-'],
    regex: /\b(xoxe-\d-[A-Za-z0-9]{140,150})(?![A-Za-z0-9-])/,
    entropy: 3,
    truePositives: [
      'SLACK_CONFIG_REFRESH_TOKEN=xoxe-1-StSMb5txibTJ8e90DEx5csF1imN8EY1DIkc3qHBCtvqgEhvVbJcwtD319HmdQnseAW3IsPjanmbdG7RMeZCEWFG79i5NaCEyBAH8K1eff2d5Qd2LvisGiGt3i10P1hg8pgazl4Vx2EhngmCn6S',
      '"refresh_token": "xoxe-1-W0J7XSUbI2vBrnr2OLusRB6Wb31POqdfPBljK99hya4789vGDdAcfvqo7yaVPg7BZOTc6s6KHb7h6LXAogkBH7vrDWTL6UXGqmQMzioJBLk2J4zP13YMec59gdSxJycvvZAYuuSrubPztkvgfk"',
    ],
    falsePositives: ['"refresh_token": "xoxe-1-xxx"', 'XOxE-RROAmw, Home and Garden, 5:24, 20120323'],
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook URL',
    severity: 'high',
    provider: 'slack',
    keywords: ['hooks.slack.com/services/'],
    // T…/B…/<secret>; older team and bot ids are as short as 7 characters after the letter. A
    // path that is one opaque 43–56 character token (how some tools log the URL) is the same secret.
    regex: /((?:https?:\/\/)?hooks\.slack\.com\/services\/(?:T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{23,25}|[A-Za-z0-9]{43,56}))(?![A-Za-z0-9/+])/,
    entropy: 3,
    allowlist: [WEBHOOK_PLACEHOLDER],
    truePositives: [
      'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/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',
      'notify: http://hooks.slack.com/services/T0C8KD2M/B4RT7QX/Wq3nZ8vLk2Pj6Hs9Dm4Fc1Yt',
      'url = "https://hooks.slack.com/services/p7Qm2Zx9Lk4Vb8Nr3Tw6Hy1Cj5Df0Gs2Kq7Mz4Xv9Bn"',
      "  webhook_url: 'https://hooks.slack.com/services/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'",
      'curl -X POST -d @msg.json hooks.slack.com/services/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',
    ],
    falsePositives: [
      'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/gEWMkH8AEBzOANxZzKJs1W9J',
      'See https://hooks.slack.com/services/ for how incoming webhooks work.',
      'url = "https://hooks.slack.com/services/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
    ],
  },
  {
    // Workflow Builder webhooks: /workflows/T…/A…/<id>/<token> and /triggers/T…/<id>/<token>.
    id: 'slack-workflow-webhook-url',
    description: 'Slack Workflow Builder webhook URL',
    severity: 'high',
    provider: 'slack',
    keywords: ['hooks.slack.com/workflows/', 'hooks.slack.com/triggers/'],
    regex: /((?:https?:\/\/)?hooks\.slack\.com\/(?:workflows|triggers)\/(?:T[A-Z0-9]{8,12}\/(?:[A-Za-z0-9]{8,24}\/){1,2}[A-Za-z0-9]{24,40}|[A-Za-z0-9]{43,56}))(?![A-Za-z0-9/+])/,
    entropy: 3,
    allowlist: [WEBHOOK_PLACEHOLDER],
    truePositives: [
      'hooks.slack.com/workflows/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',
      'WORKFLOW_URL=https://hooks.slack.com/workflows/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',
      '"url": "https://hooks.slack.com/triggers/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"',
    ],
    falsePositives: [
      'WORKFLOW_URL=https://hooks.slack.com/triggers/T00000000/0000000000000/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'Trigger URLs start with https://hooks.slack.com/triggers/ and end in a hash.',
    ],
  },
  {
    // The signing secret and client secret are both 32 hex characters, named by the app.
    id: 'slack-app-secret',
    description: 'Slack app signing secret or client secret',
    severity: 'high',
    provider: 'slack',
    keywords: ['slack'],
    regex: new RegExp(String.raw`(?<![a-z0-9])slack[\w.-]{0,30}?(?:signing|client)[_.-]?secret${looseAssign}([a-f0-9]{32})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: [
      'SLACK_SIGNING_SECRET=f9d35b73c0c79b34869d474102fb0e19',
      '  "slackClientSecret": "fd5ef472c9441a3dea74a015d5665c85",',
      'slack_signing_secret: \'3f6d38bb79aa528257425e17661dc077\'',
    ],
    falsePositives: [
      'SLACK_SIGNING_SECRET=${SLACK_SIGNING_SECRET}',
      'SLACK_SIGNING_SECRET=51e17e4264b3f0fbecf6474e85395e6', // one short
      'slack_channel_id = "1b2e404bf5c1fd9968f97758aa89f559"',
    ],
  },
  {
    // Verification tokens are deprecated but still accepted by older apps.
    id: 'slack-verification-token',
    description: 'Slack app verification token (deprecated request check)',
    severity: 'medium',
    provider: 'slack',
    keywords: ['slack'],
    regex: new RegExp(String.raw`(?<![a-z0-9])slack[\w.-]{0,30}?verification[_.-]?token${looseAssign}([A-Za-z0-9]{24})(?![A-Za-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['SLACK_VERIFICATION_TOKEN=DCMFcjEET923kPQqayoz0H5l', 'slack.verificationToken: "6ycdmZCQF3H2Edw8y0MCSKH8"'],
    falsePositives: ['SLACK_VERIFICATION_TOKEN=your_verification_token', 'SLACK_VERIFICATION_TOKEN="OvXsoyzUmJwdRBdvflmw"'],
  },
];
