import type { Rule } from '../types.js';
import { assign, lowercaseUuid } from './context.js';

// Formats: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
// and https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-how.html

export const awsRules: Rule[] = [
  {
    id: 'aws-access-key-id',
    description: 'AWS access key ID (long-term AKIA, temporary ASIA, STS bearer ABIA, context-specific ACCA)',
    severity: 'high',
    provider: 'aws',
    keywords: ['akia', 'asia', 'abia', 'acca'],
    // The 16 characters after the prefix are base32 upper case; older keys used digits 0-9 as well.
    regex: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b/,
    entropy: 3,
    // AWS documentation uses keys ending in EXAMPLE (AKIAIOSFODNN7EXAMPLE).
    allowlist: [/EXAMPLE$/],
    truePositives: [
      'aws_access_key_id = AKIABWWDTMQTTGL7FC3L',
      'export AWS_ACCESS_KEY_ID="ASIAW3UMHYJFBDU5LA46"',
      '  "AccessKeyId": "ABIAQOSTBCQXITEKGMFV",',
    ],
    falsePositives: [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_access_key_id = AKIAXXXXXXXXXXXXXXXX',
      'TODAYINASIAASACKOFRICEFELLOVER',
      'aws_access_key_id = AKIAWVS5PWYGSHBY',
    ],
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key assigned to an AWS secret key name',
    severity: 'critical',
    provider: 'aws',
    keywords: ['aws', 'amazon', 'secretaccesskey', 'secret_access_key'],
    // A secret key is 40 base64 characters with no prefix, so only a name that says
    // "AWS ... secret" (or SecretAccessKey, as in STS and credential-process JSON) marks it.
    regex: new RegExp(
      String.raw`(?:(?:aws|amazon)[\w.-]{0,25}?secret[\w.-]{0,25}?|secret[_-]?access[_-]?key[\w.-]{0,10}?)${assign}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      'i',
    ),
    entropy: 3.5,
    truePositives: [
      'aws_secret_access_key = 4+8XCrP4uw3oQdBkuu1kJXyVumQjlekAc/kUyCe3',
      'AWS_SECRET_ACCESS_KEY: "CzyOeD8YzqXnDROLuCjnzgS7gFK1NmIZc5phkTkf"',
      '    "SecretAccessKey": "PiVOGloSFv+q9HMgYkbpNna9xs9bKN8exx5PD2z2",',
      "const awsSecret = 't8HOxjELYNYaq2VN1rjUiR0AOxftx2fizNRmd94/';",
    ],
    falsePositives: [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
      'aws_secret_access_key = F0efiO3Iy4X5IEo0PSQ+7J4IN1PrCz',
      'aws_region = YnHCNqMuLU7mdxyP5fIyqz5wmiHNGvCmJus1jdlh',
    ],
  },
  {
    id: 'aws-session-token',
    description: 'AWS temporary session token (STS)',
    severity: 'high',
    provider: 'aws',
    keywords: ['session_token', 'security_token', 'sessiontoken'],
    // Session tokens are long base64 blobs (hundreds of characters) and expire, but a token in a
    // repository was still valid when it was committed.
    regex: new RegExp(
      String.raw`(?:(?:aws[_-]?)?(?:session|security)[_-]?token)${assign}([A-Za-z0-9/+=]{100,2000})(?![A-Za-z0-9/+=])`,
      'i',
    ),
    entropy: 4,
    truePositives: [
      'aws_session_token = IQoJb3JpZ2luX2VjjgrRZDolAto2r7s/hhaKMKemkvHciQUkrmOKlGiS2dHAFdlUbTBcdoF2ZHS1Bm+Qc8HWEcjmj8SP72zZhq74UaBeZk6yTO85/M4qWgwW64H7XSL+QybbrqY9z6mwdtkNZ+5QLhUh2DlHh1+iDi/5mfPsVnGXdFlRRwWN4EM1I63thXVsAdxJrDecERX3Z+z874ydnncTIfQldzQMPdi3kovmPnFkiuEPI43NNp5sTxpdA7gbD+8A5pEfUK2EDbpauBF2YUil+HMMqD0EADaurB/XCb05yiI0xp2gha2p7GHj',
      'export AWS_SESSION_TOKEN="FwoGZXIvYXdzEs7dXyu4EVdpBWb9rm8IPfnKk/UkR21QDqwSVgl1Gq6/nZC9g63IlaoQYs5kb3oTdoFod1pvbrbTCKCKF3jYmlCFnBpHihZCkU4UOl6rxGWKLjJPge1Hc6U/BdqHFWkkjP5+h3Z6s1kl9yq4Jl9od1qMvLVtKVQQ8kIlZbYcCwz5wL/AmGpSx4nVr14LFKfsI0vFUSo9VdU6WJB4U+9I3Yxahhgs96h1u5qfBd8BZRiAHlNoSbeB58d1jdt"',
      '    "SessionToken": "IQoJb3JpZ2luX2VjWDNO8VItv1iEO/OdFoBvjYmzmWH0ltk5tJK8+ayMQNSzNLW5K5B+Iv+Swnl4ZTph+mztpTTJ/m3KSMn8KtjEhvyQJ29O3OxAc12tBokt+u8yaMO3VSVxjcT12MihbGE2dQuR86lU1oGUINumEEZ8qkuaAYtBgOKvoPlJIWXbL+OIeXAXPJuZ9+sTh1tgXarlHHcPFjQ5PmumbYe3M2SFqs52N7WlGwfpBHYG6bOKG01tsHAJsntDmm+VYYcFo84MmxAxZSlBD1676nEZiQ1x5B8SxXm0k3RWNfAKK8UXLNZg50O5TkgonTqEgxjiC/G6uDMfCdpS+5XHFOWabimTbJ0SH1DSebIsIBeUaCrh3Kcw8XMqraovr0O44uq6pDRKIUcCaKFLcTqwb4Ek",',
    ],
    falsePositives: [
      'aws_session_token = ${AWS_SESSION_TOKEN}',
      'aws_session_token = IQoJb3JpZ2luX2VjlXNV16HwQopWfdxMTKt2mGCWqt2GwZwsomdr8dJN',
      'session_token: <your session token here>',
    ],
  },
  {
    id: 'aws-bedrock-api-key',
    description: 'Amazon Bedrock long-term API key',
    severity: 'high',
    provider: 'aws',
    keywords: ['absk'],
    // ABSK followed by base64 of "BedrockAPIKey-" and the credential.
    regex: /\b(ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{88,256}={0,2})(?![A-Za-z0-9+/=])/,
    entropy: 4,
    truePositives: [
      'AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleSxj4XuHIyIi9jo0G2RQbyL1jpdaObUDPfxY7QOdRWE+pMfaRhipRiUCjyusAYHUzyPHMK9P/U7wI2sgAMadNywcANscctNEDP7hEh/M+si65MJg=',
      'bedrock_api_key: "ABSKQmVkcm9ja0FQSUtleSauHfd+M2wWAIa1+ywK/j1UOwc18RZNvinQm5qXEUnv0qS3DJ9NndgLOfOmz4+iQI6kk60HvIu+DOI2hcesqQB/d3W8sDDSHAOR8Sf9lBM6ejrckBc/8uoYXC0Czim1k8lELOgPWBCumz0UgrJ+WVHT"',
    ],
    falsePositives: [
      'AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS1',
      'AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleSjeKoQk8QCui7ukk1llFMninze0A1Kcelzb2FtAGH',
      'ABSK is the prefix of Bedrock API keys',
    ],
  },
  {
    id: 'aws-bedrock-short-term-api-key',
    description: 'Amazon Bedrock short-term API key (presigned bearer token)',
    severity: 'medium',
    provider: 'aws',
    keywords: ['bedrock-api-key-'],
    // "bedrock-api-key-" + base64 of a presigned "bedrock.amazonaws.com/?Action=CallWithBearerToken&..." URL.
    regex: /\b(bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%]{100,3000})(?![A-Za-z0-9+/=%])/,
    entropy: 4,
    truePositives: [
      'export AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249JzBPA008FCK+6KcuVurWdhVT/inV7aMHR51+dQHqZiFb85qbui+eMvMk/+ez3erhPVuuDIjzSzOeayAXWlPP/9PHOPsBdPNdYbhpX30HqwNTkVaHVuvQhZsvmzRAV8ty/ZWzicUvetgdroAKmt08xX1r0+x31moyBafS7dVSkGoe1ycUMNM6BLD0htF5qVwro5IjXMvg2BM4hxVE8Y4OQPXGh33MumUNmpOMnEy+LiEG2Q0zJhcmi69JsLG5wIkmKNrVoj8KtMiYft++bCQLPYi9Ufvge+k8egPl++ygeWvCK572VaDYGYHDJ68IraHdh8VLJeePwpILHsVlZ8AKoSY5n4cwqMqp9D4bRT0rK+TYKvFNN7hj1Nv0Zdn+C5mWkmUjIu1I4XKjRHPu',
      'token = "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249L1kPj0DdD0wGF7Py4PsQvSnP+WZba+4Cf7Y5F177W3HU45WlsPEFl8IpwnpekldEPA4yzwlHD2N0BPeK9V30FRm0OS2D8lV9iOK6EirwvCYmWqCFZdYS6BvIOCyuAwvl+SdD8GswthYaJPQj7fKVTr6afyLEBZJtgS5RawtR1oT9WsTB+/i00h4cIMzStNdhieR+q5iqyh0xy0E+UVJ961c+DWUtJ4goguFTYmMl7uYypvalrafrQzIK29XigUMOMxcj54sxdpHkWSVp/Qm5eEw+lkMkxd+e6hlCIQU83962&Version=1"',
    ],
    falsePositives: [
      'export AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t',
      'keys look like bedrock-api-key-<base64 presigned url>',
    ],
  },
  {
    id: 'aws-mws-key',
    description: 'Amazon Marketplace Web Service (MWS) auth token',
    severity: 'high',
    provider: 'aws',
    keywords: ['amzn.mws.'],
    regex: new RegExp(String.raw`\b(amzn\.mws\.${lowercaseUuid})\b`),
    entropy: 3,
    truePositives: [
      'MWS_AUTH_TOKEN=amzn.mws.8040ac89-1f0f-40e7-a614-d1699601613d',
      "mws_auth_token: 'amzn.mws.f76341a0-e788-4118-a70f-f4f089f5c331'",
    ],
    falsePositives: [
      'MWS_AUTH_TOKEN=amzn.mws.00000000-0000-0000-0000-000000000000',
      'MWS_AUTH_TOKEN=amzn.mws.fdac1e62-3c6c',
    ],
  },
  {
    id: 'aws-appsync-api-key',
    description: 'AWS AppSync GraphQL API key',
    severity: 'medium',
    provider: 'aws',
    keywords: ['da2-'],
    // AppSync API keys: "da2-" + 26 lower-case alphanumerics.
    regex: /\b(da2-[a-z0-9]{26})\b/,
    entropy: 3,
    truePositives: [
      "aws_appsync_apiKey: 'da2-hivj4nt2vsq8h2frwf1h4qghks',",
      'APPSYNC_API_KEY=da2-wgtbxdli4nd6d93oi66hmqtjbg',
    ],
    falsePositives: [
      'APPSYNC_API_KEY=da2-xxxxxxxxxxxxxxxxxxxxxxxxxx',
      'APPSYNC_API_KEY=da2-7zk560yv15qsh62g6kh4',
      'model da2-e0v2ajgvzn01wp2ik1ssbqr5snextra',
    ],
  },
];
