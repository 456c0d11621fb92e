import type { Rule } from '../types.js';

// Formats: Google Cloud service-account key files, API keys (AIza), OAuth client secrets
// (GOCSPX-), legacy FCM server keys, and OAuth refresh/access tokens (1//0…, ya29.…).

export const gcpRules: Rule[] = [
  {
    id: 'gcp-service-account-key',
    description: 'Google Cloud service-account key (private_key of a service-account JSON file)',
    severity: 'critical',
    provider: 'gcp',
    keywords: ['private_key"'],
    // In a key file the PEM sits on one line with JSON-escaped newlines, so a line-bound rule
    // sees the whole key. "type": "service_account" is on another line, so it is not required.
    regex:
      /"private_key"[ \t]{0,5}:[ \t]{0,5}"(-----BEGIN PRIVATE KEY-----\\n[A-Za-z0-9+/=\\]{64,4096}?-----END PRIVATE KEY-----(?:\\n)?)"/,
    entropy: 4.5,
    truePositives: [
      '  "private_key": "-----BEGIN PRIVATE KEY-----\\nkuIcQLSglFUXVYSoboYJdaY8HMuEX/O6VfHLMX3M8dJS5wM+qsIwKcWhVunFw2hX\\n73VQuvbWdrmgkiZ8BviENbWSzp+wI0lXsfRQaB/fY6u2K0fA/lScnSJLZvy0wmhF\\nJz0jYnY5cya8OSis0QVSxF4XtPrTMbDOiD2wkk/XktjoOZNF2JaRwrM+zxxggDLF\\nafUBMleKkFepmF8bvP7Wgeo8azQExYPSb20//S+6mf4ApQlF6wAKlnaYlux68ZSv\\nBUWoOzAby9Ha63gT+ebbXTvMLq7n/ezn/cUG2/EEtjXlovKm1VRykOo4C+x564JA\\nvesDnXY4bIxTLI/Cse+0Yx7akoGtKC4mtdMq+T9ab723/+aeEIMROasU/CF9/aqU\\nNBSZulytHwo1LtlYEbjA//D5mHpEA4pZAwir3etgO0Uo5AWkdYWnOC5GqYQbl68l\\n0jCDA4B7myhAcIkEa8GnzXuJfuhskOKPeiXXfN1nuVo8/YsknmU1J4zeAXfbvMCT\\npxfHuxj4liVN9cWSoW8x4g1WYMIS0IOCaBT9j9Fjw6QO1CuaN6pW0LmsXcoQsACe\\nAm4pG7Njbhnqso3Mr/+igleod5QhAGr3bepnG2y5XGgGH0g4wToZycpiP6YJkY+5\\n03kVx/knnosg12nvGeTODNUMA97Ot0p9JBsToWhns1iGXPOm4McjpiLC7OSMzRVj\\ndZMhpIT2bS+F91uIewcvNvPP9VritdubDFZzLSshjE/sm9ZEgtBBDMjgfRZZ1p+N\\nZyjPLuB9a3e4hrFUiuZ30IGUgQZzXdSFGGsMjY/z4yBumP5G/LbM9jJ7kTxd2Hjs\\nAz+0Tz2zPERxhvVJe0t10RHdrU4SZ5grfgyc4qaXi5oEIql56HEVc6uy4EZb82Hj\\nD8RoktS+Ke1eCKG8hlWiLjBFNYbXbSMd+k2PbETg+TBSUaloLQ8on28XtQbvyuiI\\ndZQKN8mcWvzLtOhVEyuUToyJ4cuu+CPiLvkiHi3OBtQq80IHkvAGFHssKe1uP6yI\\n5vskDPcWiVKOIctDYhd7ABfgc8phlcs2gPCNMsLfZLPswl01z/jKgQg/v/RsUqgd\\nZyGCiU5cqPCNhDf+8L4FyirXZQzaZ7dtnP1/x6ZAi6i06/KLqJal4/dPd7WPa1KP\\n/NDORi8I+wO1ZB+5NYJsegH5QKe8HnGrcKQ5sAtoodr+536lVX8F/ijbMewupRA5\\nmb9Jb7TSuGVnaxQgGkEmBiJ1WXME+jv91qDmUM9qz8fruwUq+M/8B3NRHX8i8SOP\\nAJr1viNqday7pI+XZLpsGMalg4oezZDfA0wtnFs1Om/7PQLjqisMU7bEGowWHU/G\\nblLvOquVfCYYUZsO5G4bz2+9AGYFR8SFFcFk1PPy5YRJYHumvgqrGkn6c3kYcJT6\\nYPVs5FJH7DgqxU1KVxrT19WPbwGUmGnIZ0T1ei7O3QaOxbXpTjqZJAOiQj3XMa66\\nPV5H+ZXu7Q3hv13yuyPjsIItsOCFgAggeKzr6kPQ31LDmj3kVPFhX4uhJ/sBs3Uj\\nNdQ27uE3B9IZZYJe42qFYn7Sg/A7XRfy8xwHqmAvF0mrPTYyOqUP0OoK0WbbWUEw\\n-----END PRIVATE KEY-----\\n",',
      '{"type":"service_account","project_id":"billing-prod-41","private_key_id":"8e02fc112d06ed86be92a7733c0b3f6f8e462a39","private_key":"-----BEGIN PRIVATE KEY-----\\nJiGw9LMgASq0agxwaVu3gFQmfbQski3hBqH4rNz2I+27D8IDmRM2uIt3v+8hgZq8\\nMDkDvH5zPZ8BEueeoE3t8DzJg89FTVhnrxnGfUsEid/kQlcBTDluboUenraKOYj0\\nWJSxibEBYGGdizC9EpLZTNfEB5rdrTMYDHAUHZV33pHI/IGJzxQuRVzsy/lQb+y5\\np0mRMvPfijieo4ZhNpe3lo8n5xW8A7a6xatwpWjCRa/TJr7L5ECqmEB0xq5KNRxj\\nsDoqD23kwh8NAYUoTh7tS7ic7NHWpXW/kipX/M6vqPdSeRMNhHHEneUmM7C4SeDB\\nns+BNLH/+j0KNZwJLwMbviqtL8/ZuHh9c/hgC6Zzei6Ax7zF0YKD2iPm9pdIScNI\\na0WD5rjhamvTOCRw/oXC/MXhVssuM+RtJZxUZi3UFL1Gm+fpGGzYjwB0kOeEj12F\\nSfrlSwcbTyLQV1hx87/GJCU6L92+Z2XpR4ewsDvlGJmHK5cFaQiNOjFSvBjoInQY\\n3mu2ESLEiKymkWqZVRmbHoA36aIUPVw/0PD6jSJWN0S0OpCYi0lA/2gK3w/Jqvjg\\nugh0yf19Gic3ylS3YavjaAPnJkp5zY8MWRbMbm6aYof7lErhkT5sK/EA3DbAlYG/\\nX92CniMlkjfC7POQmFTf0/6yBKq00HPTUbSIReApylubCOsBMrboSzfg+uYA4ZvH\\nY3ak3OwkdGkDs7UF41/k+9rM1mRlfmr4a3LTgmy5BkX/5TKMW0RLZ7JZpGAs5YsD\\ndqMGfqAj93oe9SYKhqN7hMxPPNRbuAL/Xaq1kHez3GsYyKPwAqrvdIL12Hi9ehu8\\njV3VL8nzLv6nm7JYSPEbY0wl1B5XMKmRbOCmtRvFSnxUDLy9qSsa0dwdh84LOr3u\\nQN57M35f18wlvEbvlswfnHazspey562oTClAZaQayBKgdaOmO5I+qPf3Io86+k48\\n9/ozvTzBgQmU6BuPjROl6YIfPFw7qkqXOT9wEuhGO2jBQmyHRkdHKGEUdh8Ohwfv\\nH6MuIJl6TnWLhbEEFBlPjCkAXObu+6zE81pg5LokGUqGKUHAn3ywEAAlemgyXYld\\nsJx0GaurcB1dLgEUUIGCQ1dWHvYGXibUtVLx48TWTrfkJztQoKBwKW/kZCSTo6br\\nzSM5UuSDHKO+9LyMrM4vcQyqs/ssHdfaL63G0UlwY1bfLrxfXnqM7CB4FMRLtrvW\\nUgMDBU/Bos7nH8MoLUNIiPlOl3ckB56jng1IFmo8m9us/XKOqcdH/qFRk4ZtwJAM\\nq00SkXAj0yuElF7dOPg890vaf0ro5dmeZwfa55jA3InuZ16h3FcIeKpVxpZ9oY5q\\n6ZmYZsgsonf03Bixgkdnsj2+2ZSUeJhM64GrEpMkvfX8gGeCrFYYVX1yAyvteb5y\\nfnp0LSSkeSXITJKM36cZT+WSxxpB6OnIFZhM2JFfipqbPIdbGZ9HeSqa8OUAwpfC\\n893981rKm9P229lBfJL5RZSefSvnMrslZ8kYjVUTL/DberGCBqQqmQSBIc+WPUgi\\nuqdLn7zOArz6KCpRwpB4kEmIaXaLjoVXGtGpdIUcOd6qDVfZNly1cKV+Bj7OgHRS\\n-----END PRIVATE KEY-----\\n","client_email":"ci@billing-prod-41.iam.gserviceaccount.com"}',
    ],
    falsePositives: [
      '  "private_key": "-----BEGIN PRIVATE KEY-----\\nREDACTED\\n-----END PRIVATE KEY-----\\n",',
      '  "private_key": "${GCP_PRIVATE_KEY}",',
      '  "private_key_id": "781e64ccd13dfbb0f8069bc0354a0f7b68acc48c",',
    ],
  },
  {
    id: 'gcp-api-key',
    description: 'Google Cloud / Google Maps / Firebase API key',
    severity: 'high',
    provider: 'gcp',
    keywords: ['aiza'],
    regex: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/,
    entropy: 3.5,
    // Google's published example keys are dropped for every rule (published-examples.ts).
    truePositives: [
      'GOOGLE_MAPS_API_KEY=AIzaSyif9FvveD9spIw7c6qJIo94ZuxOjE9QEaL',
      '  apiKey: "AIzaSyDeFVRg5V0xC1mA8gQhapMXou-BNpf59Lp",',
      '<string name="google_api_key">AIzaSylcgYoX09u8ywDP-86-LsSuAv6fwVO7eYk</string>',
    ],
    falsePositives: [
      'apiKey: "AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
      'apiKey: "AIzaSyabcdefghijklmnopqrstuvwxyz1234567"',
      'apiKey: "AIzaSyZOycmwLzCsuMAiUokPyg"',
      'AIZASYK68I76C1I4OVA1EOKL2UGOEYP0KPTNQ68',
      // Published by Google: the Maps JavaScript samples' key, and the Firebase SDK's test keys.
      '<script src="https://maps.googleapis.com/maps/api/js?key=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe&callback=initMap"></script>',
      'String apiKey = "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs";',
    ],
  },
  {
    id: 'gcp-oauth-client-secret',
    description: 'Google OAuth 2.0 client secret',
    severity: 'high',
    provider: 'gcp',
    keywords: ['gocspx-'],
    regex: /\b(GOCSPX-[0-9A-Za-z_-]{28})(?![0-9A-Za-z_-])/,
    entropy: 3.5,
    truePositives: [
      'GOOGLE_CLIENT_SECRET=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',
      '{"web":{"client_id":"81234.apps.googleusercontent.com","client_secret":"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"}}',
    ],
    falsePositives: [
      'GOOGLE_CLIENT_SECRET=GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'GOOGLE_CLIENT_SECRET=GOCSPX-kDm6Dejmy72jwPdt',
      'client secrets start with GOCSPX-',
    ],
  },
  {
    id: 'gcp-fcm-server-key',
    description: 'Firebase Cloud Messaging legacy server key',
    severity: 'high',
    provider: 'gcp',
    keywords: [':apa91b'],
    regex: /\b(AAAA[0-9A-Za-z_-]{7}:APA91b[0-9A-Za-z_-]{134})(?![0-9A-Za-z_-])/,
    entropy: 4,
    truePositives: [
      'FCM_SERVER_KEY=AAAA5ryq3zK:APA91b0JUlfZFLH5S_xmdxSeC8Ix1EztwLPztUeP8hStE-Ykv44RcMUYnIkNl7mMolIuJkZRvklHda_Lwwf-enjNOagLzcPw7zr0ZEo5pSZufdmUZpgrud6QZXXG2LJpnWVf-MiNCbui',
      "headers: { Authorization: 'key=AAAAzkwrmV1:APA91bNgkeOAwQMWg7BJ56PMt7n--A8wjJRT6K7kG86QzEVQrOok1bRTd_Ot4sn79chgcrraDsJ2hoitV-ECFQy8lUhGT2ik9bP7hwYaZ57uxbe_iQF-mHAHBhL4C9A3DhmaFWIqmDDm' },",
    ],
    falsePositives: [
      'FCM_SERVER_KEY=AAAA9U5YnQi:APA91bywaao7CEVlJT-3mSGfWxPtERT906wvy5qLjEgq4bI2snXWROeSlcGS9SsNw-',
      'FCM_SERVER_KEY=AAAAxxxxxxx:APA91bxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    ],
  },
  {
    id: 'gcp-oauth-refresh-token',
    description: 'Google OAuth 2.0 refresh token',
    severity: 'high',
    provider: 'gcp',
    keywords: ['1//0'],
    // Google refresh tokens start with "1//0" followed by a long URL-safe string.
    regex: /(?<![\w/])(1\/\/0[0-9A-Za-z_-]{40,200})(?![0-9A-Za-z_-])/,
    entropy: 4,
    truePositives: [
      '  "refresh_token": "1//0Zc7kCRBAyJHBYyZGuFvDz3P6THasNAH8KfxWd9SyCLGzaIOboWeE5iKPK6Vgs1xtZntbpb9OjlPDaJTPVe3pNfgmJ9fK7s4c9mR",',
      'GOOGLE_REFRESH_TOKEN=1//0G0YkSkZYyE4r7iFjJKTR9pJP2CKknNYHN122b5FBdm_zyw-d7Xi4FkXfXd4abzUE1ZbNdNSjtzizHfDRzVW6hF-pC0gffY01VsS',
    ],
    falsePositives: [
      'ratio = 1//0',
      'GOOGLE_REFRESH_TOKEN=1//0nI4HKD4boNTPKO1D2qsg',
      'url = "https://host/1//0xFqIP2D5kICjWL5s1T4lmw_3RNF4Y4AmCxOvO2hDY0rAkcB6f0vW8kKLLYu_"',
    ],
  },
  {
    id: 'gcp-oauth-access-token',
    description: 'Google OAuth 2.0 access token',
    severity: 'medium',
    provider: 'gcp',
    keywords: ['ya29.'],
    // Access tokens live about an hour, but one in a repository may still be replayed in that window.
    regex: /\b(ya29\.[0-9A-Za-z_.-]{30,2048}(?<!\.))(?![0-9A-Za-z_-])/,
    entropy: 4,
    truePositives: [
      'Authorization: Bearer ya29.a0Af3jAKPEp3KTEWmNQjbmvrimZaElAi1tfmO7l0-Ryl8SGCJ8sK072s4dJc7DqtmPs5V5Nl4lCWxUTViWWA2ixY4TqAECuBMsp0zqWTGBboYVqQd7tLhwOYGXv0hmowtGYmaXfaGZOc6512T38Vv5rEKZ',
      '  "access_token": "ya29.c.b0AafhKxZ_6yDlWrKBLpu9U6yftvD0IGME_2U8wpLen7CyndDIg4YfU7vKQtV4pDaYft3aWB3g3hJbBpxSfi-oZYN4H6V_6OoDHsdBXLFUXTUxOgcMgl64G80LldMGmYTD3QFbhMo7pEgAW3oHu-MY_MQC1VG22QYXCGwckWlveahgcnPKfwqursSaKwDIQ7eIMYnActoZP0",',
    ],
    falsePositives: [
      'Authorization: Bearer ya29.${ACCESS_TOKEN}',
      'Authorization: Bearer ya29.3pmyvt0m22c8',
      'tokens start with ya29. and expire after an hour',
    ],
  },
];
