import type { Rule } from '../types.js';
import { assign } from './context.js';

// Formats: Atlassian's scannable tokens (ATBB app passwords; ATCTT3xFfGN0 repository,
// project and workspace access tokens, which end in `=` and an 8-hex checksum).

export const bitbucketRules: Rule[] = [
  {
    id: 'bitbucket-app-password',
    description: 'Bitbucket app password',
    severity: 'critical',
    provider: 'bitbucket',
    keywords: ['atbb'],
    regex: /\b(ATBB[A-Za-z0-9]{32})\b/,
    entropy: 3.5,
    truePositives: [
      'BITBUCKET_APP_PASSWORD=ATBBuSvU1gzZhjFp75fVMr9aC7NoADBF7381',
      'git clone https://deploy-bot:ATBBcprQxp7UvxwkV7NcYUT0GBooE7C38B3D@bitbucket.org/acme/api.git',
    ],
    falsePositives: [
      'BITBUCKET_APP_PASSWORD=ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'BITBUCKET_APP_PASSWORD=ATBB7qOs131s9TF8D5Nj',
      'ATBBm1DMM0yj7hA83lXXRUoS1DepfLxQxt5YIl9IHUqA',
    ],
  },
  {
    id: 'bitbucket-access-token',
    description: 'Bitbucket repository, project or workspace access token',
    severity: 'critical',
    provider: 'bitbucket',
    keywords: ['atctt3xffgn0'],
    regex: /\b(ATCTT3xFfGN0[A-Za-z0-9_-]{120,260}=[A-F0-9]{8})(?![A-Za-z0-9_=-])/,
    entropy: 4,
    truePositives: [
      'BITBUCKET_ACCESS_TOKEN=ATCTT3xFfGN07FEA2-NBEWaUgparipKqsShyMxsLVKmiGfOnFRvb7oLhCa8GNLlHLd8oBQaZ2d8RXRdW6DeZJPY_JybsYhTeVXfVnkYuwYJnhLR_4Pes8mI8DjeIEFY78r8PQNZ97vzrbWWd1hIT27lzasky0uX_JQJ7eKXgUSsxwn1EcgcHBThq=E180F698',
      'curl -H "Authorization: Bearer ATCTT3xFfGN0yDYN53fD8DGj8NXaR57C4iVyzcJHpi8cvUm_IPOwwT436RjUKH_hZ6oSwLRH3xO4o1xy7BDj5vklaWnvL4pen1TAkb1fgVl8nFOf_oJB2smrdVDUJymDvRrMF916KBwFQT5vEX3leSiF6ZyjG_nfNjDyu_4hrQyR0JesNugMbNGMQk-fk-_B=CB6D2A8B" https://api.bitbucket.org/2.0/repositories/acme',
      "git remote set-url origin 'https://x-token-auth:ATCTT3xFfGN0PEWFyZ2onkr7N2ZCWFWjJyby3A6SVu5yxeHeYdS2yZJz_xYWDMiI8nycX--5vGJSRVfsZba75SfpI3VXYz_0G2s32inBjI5fOb2wkUYKOAbRwZK7XrpxwUWGtY0J8c2ITsbUl2bUleJttVPZhJoQWcup-mdAT6yllhZD3NxAZl7R=1F7A40D6@bitbucket.org/acme/web.git'",
    ],
    falsePositives: [
      'BITBUCKET_ACCESS_TOKEN=ATCTT3xFfGN0CNzeaf8t0zVTadcHKwRP29ehCkB7T3RAmbO9sIEZ=3B488676',
      'BITBUCKET_ACCESS_TOKEN=ATCTT3xFfGN0...',
      'tokens begin with ATCTT3xFfGN0 and end with a checksum',
    ],
  },
  {
    id: 'bitbucket-app-password-legacy',
    description: 'Bitbucket app password (20-character format) in a Bitbucket context',
    severity: 'high',
    provider: 'bitbucket',
    keywords: ['bitbucket'],
    // App passwords created before the ATBB format are 20 alphanumerics with no prefix.
    regex: new RegExp(
      String.raw`bitbucket[\w.-]{0,25}?(?:app[_-]?)?(?:password|passwd|pass|pw)[\w-]{0,10}${assign}([A-Za-z0-9]{20})(?![A-Za-z0-9])`,
      'i',
    ),
    entropy: 3.5,
    truePositives: [
      'BITBUCKET_APP_PASSWORD=GBEovDqrEHLT6Ho6uGds',
      '  bitbucketPassword: "zOSKUusFk4OTOcKYPO1v"',
    ],
    falsePositives: [
      'BITBUCKET_APP_PASSWORD=$BITBUCKET_APP_PASSWORD',
      'BITBUCKET_APP_PASSWORD=uYlShAaMurWf',
      'BITBUCKET_USERNAME=fcKduByzCI8DwyIU648o',
    ],
  },
  {
    id: 'bitbucket-client-secret',
    description: 'Bitbucket OAuth consumer secret in a Bitbucket context',
    severity: 'high',
    provider: 'bitbucket',
    keywords: ['bitbucket'],
    // OAuth consumer secrets are 32 alphanumerics; the consumer key (18 characters) is not secret.
    regex: new RegExp(
      String.raw`bitbucket[\w.-]{0,25}?(?:client|consumer|oauth)[\w.-]{0,10}?secret[\w-]{0,10}${assign}([A-Za-z0-9]{32})(?![A-Za-z0-9])`,
      'i',
    ),
    entropy: 3.5,
    truePositives: [
      'BITBUCKET_CLIENT_SECRET=zm27TB6BkaVAKRpiNMlFgwhjOyneybBB',
      "bitbucket_oauth_secret: 'yC5vLBpKLBQIFg2iHwdSCAosliyldD6T'",
    ],
    falsePositives: [
      'BITBUCKET_CLIENT_SECRET=${{ secrets.BITBUCKET_CLIENT_SECRET }}',
      'BITBUCKET_CLIENT_ID=HMn9OX1LeGo1Q9DCElKPVhgtF4XZPB5J',
      'BITBUCKET_CLIENT_SECRET=WDNHeUTtoNLiysq7DT',
    ],
  },
];
