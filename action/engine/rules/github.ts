import type { Rule } from '../types.js';

// Formats: https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
const tokenBody = '[0-9A-Za-z]{36}';

export const githubRules: Rule[] = [
  {
    id: 'github-pat',
    description: 'GitHub personal access token (classic)',
    severity: 'critical',
    provider: 'github',
    keywords: ['ghp_'],
    regex: new RegExp(`\\b(ghp_${tokenBody})\\b`),
    entropy: 3,
    truePositives: [
      'GITHUB_TOKEN=ghp_R7kq2ZtWm9XvB4nLc8PpHs3DfJy6Ua1Ge0Qw',
      "const token = 'ghp_x3Vb9KmP2qLw7ZtR4nYc8HsJd6FaG1Ue5ToN';",
    ],
    falsePositives: [
      'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'token: ghp_123456789012345678901234567890123456',
      'ghp_R7kq2ZtWm9XvB4nLc8PpHs3DfJy6Ua1Ge0', // too short
      // @octokit/auth-token's README.
      'const TOKEN = "ghp_PersonalAccessToken01245678900000000";',
    ],
  },
  {
    id: 'github-fine-grained-pat',
    description: 'GitHub fine-grained personal access token',
    severity: 'critical',
    provider: 'github',
    keywords: ['github_pat_'],
    regex: /\b(github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})\b/,
    entropy: 3,
    truePositives: [
      'token = "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"',
    ],
    falsePositives: [
      'token = "github_pat_XXXXXXXXXXXXXXXXXXXXXX_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
      'see github_pat_ tokens in the docs',
    ],
  },
  {
    id: 'github-oauth-token',
    description: 'GitHub OAuth access token',
    severity: 'critical',
    provider: 'github',
    keywords: ['gho_'],
    regex: new RegExp(`\\b(gho_${tokenBody})\\b`),
    entropy: 3,
    truePositives: ['auth: gho_Q8wE2rT5yU1iO4pA7sD0fG3hJ6kL9zX2cV5b'],
    falsePositives: ['auth: gho_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  },
  {
    id: 'github-app-token',
    description: 'GitHub App user-to-server or installation token',
    severity: 'critical',
    provider: 'github',
    keywords: ['ghu_', 'ghs_'],
    regex: new RegExp(`\\b((?:ghu|ghs)_${tokenBody})\\b`),
    entropy: 3,
    truePositives: [
      'x-access-token:ghs_M3nB6vC9xZ2aS5dF8gH1jK4lQ7wE0rT3yU6i@github.com',
      'ghu_P0oI9uY8tR7eW6qA5sD4fG3hJ2kL1zXcVbNm',
    ],
    falsePositives: ['ghs_${{ secrets.INSTALLATION_TOKEN }}', 'ghu_000000000000000000000000000000000000'],
  },
  {
    id: 'github-refresh-token',
    description: 'GitHub refresh token',
    severity: 'critical',
    provider: 'github',
    keywords: ['ghr_'],
    regex: /\b(ghr_[0-9A-Za-z]{76})\b/,
    entropy: 3,
    truePositives: [
      'refresh_token=ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498',
    ],
    falsePositives: ['refresh_token=ghr_EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXA'],
  },
];
