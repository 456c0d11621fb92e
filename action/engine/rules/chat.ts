import type { Rule } from '../types.js';
import { looseAssign } from './context.js';

// Chat platforms other than Slack. Discord and Telegram tokens have a shape of their own;
// the rest are random strings that only the name beside them ties to a provider.

// Documentation writes webhook URLs with runs of X or 0 for IDs and tokens.
const URL_PLACEHOLDER = /X{5,}|x{5,}|0{8,}|\.\.\./;

export const chatRules: Rule[] = [
  {
    // base64(user id) . base64(timestamp) . HMAC: 24-26, 6 and 27 (older) or 38 characters.
    id: 'discord-bot-token',
    description: 'Discord bot token',
    severity: 'critical',
    provider: 'discord',
    keywords: ['discord', 'token', '.login(', 'bot.run(', 'client.run('],
    regex: /(?<![A-Za-z0-9_-])([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    truePositives: [
      'DISCORD_TOKEN=MTfKRD5HmixApfcCFeFBDvvU.G9245W.RpkJN14cl2ljK682lYg14RoYQh8jFTzQtqtZu_',
      "client.login('NzqM9qtoRdF6Kw2e3HraAVGw.viCX0d.Dg8ate26XfMglqT7TP5b8FF2u4Y');",
      'client.run("MTEhNzhBvDc3lK2GYyudCdrvyb.uEkEen.ZDbW2Zi8jW8mf4kwsCwi90gdnF49vLT-UylgTb")',
      '  "discord": { "token": "OTNecX6jhMrLBRAIXLAB8bCYZn.FFq8u3.3V-EDLtuDnl9DFHZYB4lBgdlYiqH3CLhTUyMvo" }',
    ],
    falsePositives: [
      'DISCORD_TOKEN=MTxxxxxxxxxxxxxxxxxxxxxx.Gxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'DISCORD_TOKEN=your-bot-token',
      'token: MT01GrmSlCbicw7rtoBAwu55.On-j.dnX78ebkYd5HuPn4MNfXyi-06yB-xhDKxiqaho', // middle part too short
    ],
  },
  {
    id: 'discord-webhook-url',
    description: 'Discord webhook URL',
    severity: 'high',
    provider: 'discord',
    keywords: ['discord.com/api', 'discordapp.com/api'],
    regex: /((?:https?:\/\/)?(?:ptb\.|canary\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,72})(?![A-Za-z0-9_-])/,
    allowlist: [URL_PLACEHOLDER],
    truePositives: [
      'DISCORD_WEBHOOK=https://discord.com/api/webhooks/1221689434224126399/WhNUDp4l3wEphsVZvtzRhDgOh4npJtsDq1Ig2wgipcKQV_d8QX42cq9qxWrgeHGaCH18',
      "webhook_url: 'https://discordapp.com/api/webhooks/408640546363617297/zgcdxmnjI9Esnvexqev0j1vcOmqPWXPyFG6zBzlOkyI4h5Odyguy_ClCIo1-bCQnUhGa'",
    ],
    falsePositives: [
      'DISCORD_WEBHOOK=https://discord.com/api/webhooks/000000000000000000/XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'POST https://discord.com/api/webhooks/{webhook.id}/{webhook.token}',
    ],
  },
  {
    id: 'discord-client-secret',
    description: 'Discord application client secret',
    severity: 'high',
    provider: 'discord',
    keywords: ['discord'],
    regex: new RegExp(String.raw`(?<![a-z0-9])discord[\w.-]{0,30}?secret${looseAssign}([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])`, 'i'),
    entropy: 3.2,
    truePositives: ['DISCORD_CLIENT_SECRET=q1z4YdTD8igcXklIZsdX9WcGyG6oreFj', '  discordClientSecret: "J7oQ1kwOm4RN42KZTOlQkLF728RGNt4q",'],
    falsePositives: [
      'DISCORD_CLIENT_SECRET=<your client secret>',
      'DISCORD_CLIENT_SECRET=PJvgyNrCNhnysPMToQ1JhnLsGjIL', // too short
      'DISCORD_CLIENT_ID=847045151448936471',
    ],
  },
  {
    // <bot id>:<35 characters starting with AA>; Telegram's docs show the same shape.
    id: 'telegram-bot-token',
    description: 'Telegram bot API token',
    severity: 'high',
    provider: 'telegram',
    keywords: [':aa'],
    regex: /(?<![0-9])(\d{8,10}:AA[A-Za-z0-9_-]{32,33})(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    truePositives: [
      'TELEGRAM_BOT_TOKEN=4164268081:AAozPeuP4YCrRXl315qlgQaytCisQ16weLL',
      'requests.get(f"https://api.telegram.org/bot211047287:AAxhi4m4x9-xD_qeN9V8rcCeW3FF3rSvNTD/getMe")',
      "const bot = new Telegraf('9583424525:AAY0iiQLkZ3qkevnDNfQLFH3TBeSLF1fBi2');",
    ],
    falsePositives: [
      'TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'TELEGRAM_BOT_TOKEN=4708:AAyiNVJkp6eeJjodDZymkaC6t-l4nOxVWvz', // bot id too short
      'TELEGRAM_BOT_TOKEN=1408250275:AA6NEBrEM1MOtDS_c00bga', // secret too short
    ],
  },
  {
    // Connector URLs: <tenant>.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<id>/<owner>[/<sig>],
    // and the older outlook.office.com/webhook/… form.
    id: 'microsoft-teams-webhook-url',
    description: 'Microsoft Teams incoming webhook URL',
    severity: 'high',
    provider: 'microsoft-teams',
    keywords: ['webhook.office.com/webhookb2/', 'outlook.office.com/webhook/'],
    regex: /(https:\/\/(?:[a-z0-9-]{1,60}\.webhook|outlook)\.office\.com\/webhook(?:b2)?\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}(?:\/[A-Za-z0-9_-]{20,80})?)(?![A-Za-z0-9_-])/,
    allowlist: [URL_PLACEHOLDER],
    truePositives: [
      'TEAMS_WEBHOOK_URL=https://contoso.webhook.office.com/webhookb2/81cab62f-565e-ae89-d2b3-6c265ca1f220@4d1b1f45-fd48-fff6-7321-33c0e44d96a3/IncomingWebhook/474b4d229fd1f41661e3a4bb2b56c377/567e7ade-71ea-4059-7960-16f77e4e7e67/V2dREiB5Xz9X2J7JKPd99f2gvD6YrRTEtyEXRpn3qfXvo',
      '  url: "https://outlook.office.com/webhook/5e51ddb7-4dbb-4990-afcc-88d520f4189b@a3edbec1-e125-0c1c-d1c7-78df57a02dfe/IncomingWebhook/8615a89c4c29ba09569f7028a7e8caf9/48f85045-a8c5-48ee-bfaa-cab64cf42a1a"',
    ],
    falsePositives: [
      'TEAMS_WEBHOOK_URL=https://contoso.webhook.office.com/webhookb2/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx@xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/IncomingWebhook/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      'Paste the URL (https://<tenant>.webhook.office.com/webhookb2/...) into the secret.',
    ],
  },
  {
    // Teams "Workflows" (Power Automate) HTTP triggers: the `sig` query parameter is the secret.
    id: 'microsoft-teams-workflow-url',
    description: 'Microsoft Teams / Power Automate workflow trigger URL with signature',
    severity: 'high',
    provider: 'microsoft-teams',
    keywords: ['powerplatform.com'],
    regex: /(https:\/\/[a-z0-9.-]{1,100}\.environment\.api\.powerplatform\.com(?::443)?\/powerautomate\/automations\/direct\/workflows\/[0-9a-f]{32}\/triggers\/manual\/paths\/invoke\?[\w%=&.-]{0,200}?sig=[A-Za-z0-9_%-]{40,60})(?![A-Za-z0-9_%-])/,
    allowlist: [URL_PLACEHOLDER],
    truePositives: [
      'TEAMS_WORKFLOW_URL=https://default6727a1c233ceb3a6bf1d798f7a6ebd.67.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/cc6cd7ba16230f5de65300b6daa2a52f/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=EXD2aRSOuD-npRnLPBxsXERWtY9Ps2iUEL2qLsd2RFp',
      '  webhook: "https://defaultd06aa4daec353a888d0a482b977c92.a6.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/1da6d6bf0e04cf870b7763ddf3017113/triggers/manual/paths/invoke?api-version=1&sig=X7qgXJ3DgacqTrhYvsmKMRgbE76l_EJ81NmXZ-QqfLZ"',
    ],
    falsePositives: [
      'url: https://default03e03dd30ccd83ab7858e4b191f6b5.59.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/2ce6d03129981cbaff833a7705df4e7f/triggers/manual/paths/invoke?api-version=1&sig=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'url: https://default9df7f91794ebbb0d6cd0ded1216eb0.58.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/f77999dfe2dfa62967d8aefa9714e262/triggers/manual/paths/invoke?api-version=1', // no signature
    ],
  },
  {
    // Personal access and bot tokens are 26 lower-case alphanumerics.
    id: 'mattermost-access-token',
    description: 'Mattermost personal access or bot token',
    severity: 'high',
    provider: 'mattermost',
    keywords: ['mattermost'],
    regex: new RegExp(String.raw`(?<![a-z0-9])mattermost[\w.-]{0,30}?(?:token|pat|key)${looseAssign}([a-z0-9]{26})(?![a-z0-9])`, 'i'),
    entropy: 3.2,
    truePositives: ['MATTERMOST_TOKEN=q7d2osaku4zj1un13lpv4orulg', '  mattermost_bot_token: "90qrdvxjatav6ne9m4rhdzitlc"'],
    falsePositives: ['MATTERMOST_TOKEN=${{ secrets.MATTERMOST_TOKEN }}', 'MATTERMOST_TOKEN=gc9jvqoxubdcwxdkqa5k'],
  },
  {
    // OAuth tokens and client secrets are 30 lower-case alphanumerics; IRC uses `oauth:<token>`.
    id: 'twitch-api-token',
    description: 'Twitch OAuth token or client secret',
    severity: 'high',
    provider: 'twitch',
    keywords: ['twitch'],
    regex: new RegExp(String.raw`(?<![a-z0-9])twitch[\w.-]{0,30}?(?:token|secret|oauth|password|pass)${looseAssign}(?:oauth:)?([a-z0-9]{30})(?![a-z0-9])`, 'i'),
    entropy: 3.2,
    truePositives: ['TWITCH_CLIENT_SECRET=1iguqx2ui6e6ygda1wcbgjts06pld6', 'twitch_oauth_token: "oauth:xufikjhekad0dp8u05viuxz7h6mtee"'],
    falsePositives: ['TWITCH_CLIENT_SECRET=your_twitch_client_secret', 'TWITCH_OAUTH_TOKEN=oauth:orozaf321zrdywud02e5'],
  },
  {
    // Server-to-server OAuth and webhook secret tokens: 20-40 alphanumerics.
    id: 'zoom-client-secret',
    description: 'Zoom app client secret or webhook secret token',
    severity: 'high',
    provider: 'zoom',
    keywords: ['zoom'],
    regex: new RegExp(String.raw`(?<![a-z0-9])zoom[\w.-]{0,30}?(?:secret|token)${looseAssign}([A-Za-z0-9_-]{20,40})(?![A-Za-z0-9_-])`, 'i'),
    entropy: 3.5,
    truePositives: ['ZOOM_CLIENT_SECRET=ONxFlAusjgZVdhpfMUBqPAwzoJ0UfC96', '  zoomWebhookSecretToken: "294DosKzUzXLi083bZ5qxl"'],
    falsePositives: ['ZOOM_CLIENT_SECRET=your_zoom_client_secret', 'zoom_token_url = "https://zoom.us/oauth/token"'],
  },
  {
    // Long-lived channel access tokens are about 172 base64 characters.
    id: 'line-channel-access-token',
    description: 'LINE Messaging API channel access token',
    severity: 'high',
    provider: 'line',
    keywords: ['channel_access_token', 'channelaccesstoken', 'channel-access-token'],
    regex: new RegExp(String.raw`channel[_.-]?access[_.-]?token${looseAssign}([A-Za-z0-9+/]{100,200}={0,2})(?![A-Za-z0-9+/=])`, 'i'),
    entropy: 4,
    truePositives: [
      'LINE_CHANNEL_ACCESS_TOKEN=ZOsJHR6oABGp4ReCv0VX0ElVcvw3Rv1YmYo+lZF2DCEzA72bDftYW2Pf2785ir3lP2xw/xaSSdWfWRsjM5oIQjfxULbKxCaaHwJyGonXH2OqsTcTJDRO5vMs2cNPCd87mq2iI10vTqw+/pizan9VCCxXGHwHzew6v4DwYCWMaX9=',
      "const config = { channelAccessToken: 'n6G8DmIp6MkRSeq8WiuTyWbtDBIJ3MrKyuN4kbq1No2H0Xo1X0xOFLT582hhmEyjGl3cUKuPpoz/HPVQOJ5JYOiOjWUXckDitL1EeEFs2D9XJHRGl9VtQgar2cnkaxUCtSKt/FWgKmUY9qVz8ptbLDADZZhO/HoB519vctajIRx=', channelSecret: process.env.SECRET };",
    ],
    falsePositives: [
      'LINE_CHANNEL_ACCESS_TOKEN=${LINE_CHANNEL_ACCESS_TOKEN}',
      'LINE_CHANNEL_ACCESS_TOKEN=5n/U3QbUZLfOdiuSTa6t6p/yLwg+hmSgfBXs9vuMWNtchu9Ao0kMeL9uNNch', // too short
    ],
  },
  {
    id: 'line-channel-secret',
    description: 'LINE channel secret',
    severity: 'high',
    provider: 'line',
    keywords: ['channel_secret', 'channelsecret', 'channel-secret'],
    regex: new RegExp(String.raw`(?<![a-z0-9])(?:line[\w.-]{0,20}?)?channel[_.-]?secret${looseAssign}([a-f0-9]{32})(?![a-z0-9])`, 'i'),
    entropy: 3,
    truePositives: ['LINE_CHANNEL_SECRET=caa60359d5be3e9877da239dd30ea3bb', "  channelSecret: 'be8c496593c1b1cdf208415df88c9d93',"],
    falsePositives: ['LINE_CHANNEL_SECRET=your-channel-secret', 'LINE_CHANNEL_SECRET=b4e0e57cdbc74ba897d279e8'],
  },
  {
    // Personal access tokens are 43 URL-safe characters, sent with the user id.
    id: 'rocketchat-access-token',
    description: 'Rocket.Chat personal access token',
    severity: 'high',
    provider: 'rocketchat',
    keywords: ['rocket'],
    regex: new RegExp(String.raw`(?<![a-z0-9])rocket[\w.-]{0,30}?(?:token|pat)${looseAssign}([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`, 'i'),
    entropy: 3.5,
    truePositives: ['ROCKETCHAT_AUTH_TOKEN=MQtUoW91jg2hZ-XzSTs0r_DYCltcgECkAp7JyTzkxMN', '  rocket_chat_token: "dgmaPejBVF4agu_ZegO-lx5BRA8WL25de7NglmDZ_Ho"'],
    falsePositives: ['ROCKETCHAT_AUTH_TOKEN=<personal-access-token>', 'ROCKETCHAT_USER_ID=YaD5AhdOJz0BRSchp'],
  },
  {
    // Lark (Feishu) access tokens: t- (tenant), u- (user) or a- (app) then 14 to 50 characters, taken within 40 characters of the name; a file name is no token.
    id: 'larksuite-access-token',
    description: 'Lark Suite access token',
    severity: 'high',
    provider: 'larksuite',
    keywords: ['lark'],
    regex: /(?<![a-z0-9])lark[^\n]{0,40}?(?<![\w.-])([tua]-[A-Za-z0-9_.]{14,50})(?![\w.-])/i,
    entropy: 3.5,
    verify: (v) => /[0-9]/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v.slice(2)) && !/\.[a-z]{2,4}$/.test(v),
    truePositives: ['LARK_TENANT_ACCESS_TOKEN=t-VbNzuZtxCc0UzvsFBFdcxW9pP13L4P', 'lark_auth = "Bearer u-3NaOubZJeYpLKX7M4n1kBFSfXuafvpUkm50v"'],
    falsePositives: ['LARK_TENANT_ACCESS_TOKEN=t-xxxxxxxxxxxxxxxxxxxxxxxx', 'lark: see u-boot-configuration.md', 'skylark t-VbNzuZtxCc0UzvsFBFdcxW9pP13L4P'],
  },
  {
    // Next to Telegram's name (`TELEGRAM_TOKEN=`, `new Telegraf(…)`), a bot token of any era:
    // a 5–16 digit bot id, `:A` and 34 more characters (gitleaks' shape; the unnamed rule above
    // keeps to today's `:AA…`).
    id: 'telegram-bot-token-named',
    description: 'Telegram bot API token (named)',
    severity: 'high',
    provider: 'telegram',
    keywords: ['telegra'],
    regex: /telegra[^\n]{0,60}?(?<![\w:])(\d{5,16}:A[A-Za-z0-9_-]{34})(?![A-Za-z0-9_-])/i,
    entropy: 3.5,
    truePositives: ['TELEGRAM_API_TOKEN = 84736251:Ak7Pq2_Zx9Lm4Vb8Nr3Tw6Hy1Cj5Df0Gs2K', 'const bot = new Telegraf("5829103:AbQ4r7Tz1Wm8Kx3Np6Vc9Hy2Lj5Fd0Gs7Qk")'],
    falsePositives: [
      'telegram_token = "4708:Ak7Pq2_Zx9Lm4Vb8Nr3Tw6Hy1Cj5Df0Gs2Kq"', // bot id too short
      'telegram_token = "84736251:Ak7Pq2_Zx9Lm4Vb8Nr3Tw6Hy1Cj5Df0Gs2Khello"', // secret too long
      'telegram_token = "84736251:AXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
    ],
  },
];
