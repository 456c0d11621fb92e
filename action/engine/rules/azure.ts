import type { Rule } from '../types.js';
import { assign, looseAssign } from './context.js';

// Formats: Azure connection strings as the portal shows them; identifiable keys (a fixed
// signature such as +ASt or AzFu at a fixed offset) as documented in microsoft/security-utilities
// (IdentifiableMetadata.cs and the SEC101 patterns); Entra client secrets (xxx8Q~…).

const base64 = 'A-Za-z0-9+/';

// The Azurite storage emulator and Cosmos DB emulator keys are public constants baked into the
// emulators; they open nothing.
const emulatorKeys = [
  /^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq\/K1SZFPTOtr\/KBHBeksoGMGw==$/,
  /^C2y6yDjf5\/R\+ob0N8A7Cgv30VRDJIWEHLM\+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw\/Jw==$/,
];

/** A 64-byte identifiable key: 76 base64 characters, the 4-character signature, 5 more, then [AQgw]==. */
function identifiable64(signature: string): string {
  return `[${base64}]{76}${signature}[${base64}]{5}[AQgw]==`;
}

/** A 32-byte identifiable key: 33 base64 characters, the signature, [A-P], 5 more, then =. */
function identifiable32(signature: string): string {
  return `[${base64}]{33}${signature}[A-P][${base64}]{5}=`;
}

// Identifiable keys inside a connection string are reported by the connection-string rule.
const notInConnectionString = '(?<!(?:AccountKey|SharedAccessKey)=)';

export const azureRules: Rule[] = [
  {
    id: 'azure-storage-connection-string',
    description: 'Azure Storage account connection string with an account key',
    severity: 'critical',
    provider: 'azure',
    keywords: ['accountkey='],
    regex: /AccountName=[\w-]{1,64};[ \t]{0,2}AccountKey=([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/,
    entropy: 4,
    allowlist: emulatorKeys,
    truePositives: [
      'AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=ordersprod;AccountKey=tbuFrdr98kHMbYsplaz4mjVz/LN6DMAdtqIdkp56Sbe7cGjFDXFuGCnOm/JSm76cRy3ZpjyqQFQ8mWMNkuDNTy==;EndpointSuffix=core.windows.net"',
      '"AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=fnapp7731;AccountKey=u81Nq5/ITe+sApYGZVmqHnEQnJPNwhiT1aM54bwZzmrGef3hVIlTZaRFkH7Vou/EOOx/1JOa7R914lNhWUq8Wp==",',
    ],
    falsePositives: [
      'UseDevelopmentStorage=true; DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;',
      'DefaultEndpointsProtocol=https;AccountName=ordersprod;AccountKey=<account-key>;EndpointSuffix=core.windows.net',
      'DefaultEndpointsProtocol=https;AccountName=ordersprod;AccountKey=${STORAGE_KEY}',
    ],
  },
  {
    id: 'azure-cosmosdb-connection-string',
    description: 'Azure Cosmos DB connection string with an account key',
    severity: 'critical',
    provider: 'azure',
    keywords: ['documents.azure.com'],
    regex:
      /AccountEndpoint=https:\/\/[\w-]{1,64}\.documents\.azure\.com(?::443)?\/?;[ \t]{0,2}AccountKey=([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/,
    entropy: 4,
    allowlist: emulatorKeys,
    truePositives: [
      'COSMOS_CONNECTION_STRING=AccountEndpoint=https://catalog-db.documents.azure.com:443/;AccountKey=carZUdYFkXVSk5KdFEY0/7CEjGqwnPFK/tRcjD4LsItZhKG//Bdj4ORKfPM6romQz1dT/6CbdXrTZ4FWazmQfi==;',
      '"CosmosDb": "AccountEndpoint=https://usersprod.documents.azure.com:443/;AccountKey=7HqdQJenOg5VXrRofnLRQBp1IDHPjB60EaY34UQ9psyesXQBAMFq77NrRblbkgtg6n88IM9NVBSdGXlxLWYjOK==;"',
    ],
    falsePositives: [
      'AccountEndpoint=https://catalog-db.documents.azure.com:443/;AccountKey=<primary-key>;',
      'AccountEndpoint=https://localhost:8081/;AccountKey=x9UJ/uM8E+Kk9/9pASvcv4UYthyoH5VhD0KeAK2eY2hhb/weSyY18seWypT/GDGMebO2Myhplmx60x5JvLI2Cd==',
    ],
  },
  {
    id: 'azure-storage-account-key',
    description: 'Azure Storage account key assigned to a storage key name',
    severity: 'critical',
    provider: 'azure',
    keywords: ['storage', 'accountkey', 'account_key', 'account-key'],
    // Account keys are 64 random bytes in base64 (88 characters ending in ==) with no prefix,
    // so a key name must say what they are. `;AccountKey=` belongs to the connection-string rule.
    regex: new RegExp(
      String.raw`(?<![;\w])(?:azure|storage|account)[\w.-]{0,30}?key[\w-]{0,10}${assign}([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])`,
      'i',
    ),
    entropy: 4,
    allowlist: [...emulatorKeys, /\+ASt[A-Za-z0-9+/]{5}[AQgw]==$/],
    truePositives: [
      'AZURE_STORAGE_KEY=4snV7Y2/5ReqjVTSJfFKXrpl02V5WhasL8Edfu58IAzvScxoUSy34cXvpfuuOqqF1dE34xxL1QSeN43f+27Ij1==',
      'storage_account_key = "68jpKOSwYCnsKF6ExXtSOEGfANs8T8aSToQLe26mLSPw/KEmIiRcJ0GNmrnjwojvvJdET6iPXTq1vk8l7d03sV=="',
      '  accountKey: tMy6Z4xRm+ww4F6adLLiym3O5vtbazbs5ILmxmzrhz+SNEJJe+dPFaKze+p6F4MfwZA1CPlmFO7Ydaq/EEfqLh==',
    ],
    falsePositives: [
      'AZURE_STORAGE_KEY=${{ secrets.AZURE_STORAGE_KEY }}',
      'storage_account_key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="',
      'storage_account_key = "EDy8zo8R3OVtcreHt7Er4FJ9nIJVoTdcjNmhUnHP=="',
      'DefaultEndpointsProtocol=https;AccountKey=7jA72bZnduh7pR8yRobzj8abImIvboawqtcvw5LUzFDTF1VjXOVsEI3i87KlkSkEV//HSsX9VrciGCPJ+HaY2X==',
    ],
  },
  {
    id: 'azure-cosmosdb-key',
    description: 'Azure Cosmos DB account key assigned to a Cosmos key name',
    severity: 'critical',
    provider: 'azure',
    keywords: ['cosmos'],
    regex: new RegExp(
      String.raw`cosmos[\w.-]{0,30}?(?:key|token|secret)[\w-]{0,10}${assign}([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])`,
      'i',
    ),
    entropy: 4,
    allowlist: [...emulatorKeys, /ACDb[A-Za-z0-9+/]{5}[AQgw]==$/],
    truePositives: [
      'COSMOS_KEY=8urXJxSQr0AYuAGV+tmVOPE4Dey370QVArp32lucSUt+PZF9xm+bK6ZF4t1aRKmGa5sTaABxcBueHwNDG6UESu==',
      '"CosmosDbPrimaryKey": "D7HdhhL+VP2Nd2G0WVKKcdmFdbOtRz6Vcxbtm5qMBS6cYV25woqjDjZzf4qoGbEp6ZhqO6ZvnLM1N7S/NfWPg7==",',
    ],
    falsePositives: [
      'COSMOS_KEY=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
      'COSMOS_KEY=${COSMOS_PRIMARY_KEY}',
      'COSMOS_ENDPOINT=https://usersprod.documents.azure.com:443/',
    ],
  },
  {
    id: 'azure-shared-access-key',
    description: 'Azure Service Bus, Event Hubs, Relay or IoT Hub connection string with a shared access key',
    severity: 'critical',
    provider: 'azure',
    keywords: ['sharedaccesskey='],
    // Shared access keys are 32 random bytes in base64: 43 characters and one `=`.
    regex: /\bSharedAccessKey=([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/,
    entropy: 4,
    truePositives: [
      'SERVICEBUS_CONNECTION=Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=7vjYYkRrNMv4BimqAzRaRNaECTOOrBd4fjp/nkq1oZt=',
      '"EventHub": "Endpoint=sb://telemetry-ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=OCa+KWb92L6zNTx7wewsIKFt//s/PPih3ZUYkuhgOjO=;EntityPath=events"',
      'IOTHUB_DEVICE_CONNECTION_STRING="HostName=plant-hub.azure-devices.net;DeviceId=press-07;SharedAccessKey=xdn3Ou+63ZUfKPERNr3H3/FTv/EhnvmZVZO8WSubE+M="',
    ],
    falsePositives: [
      'Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<your-key>',
      'Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${SB_KEY}',
      'SharedAccessKey=IJJoCR+RcjcZGUl9nwaR=',
    ],
  },
  {
    id: 'azure-sas-token',
    description: 'Azure shared access signature (SAS) token',
    severity: 'high',
    provider: 'azure',
    keywords: ['sig='],
    // A SAS is a query string: `sv=<date>` names the signed version and `sig=` carries the
    // HMAC-SHA256 signature (44 base64 characters, usually URL-encoded). Either may come first;
    // the look-arounds run only after a literal `sig=`, so long lines stay cheap.
    regex: new RegExp(
      String.raw`[?&;"'\s]sig=(?:(?<=\bsv=\d{4}-\d\d-\d\d&[^\s"'<>]{0,500}sig=)|(?=[^\s"'<>]{0,500}?[?&]sv=\d{4}-\d\d-\d\d))` +
        String.raw`([A-Za-z0-9%+/]{40,120}(?:=|%3[Dd]){0,2})(?![A-Za-z0-9%+/=])`,
    ),
    entropy: 4,
    truePositives: [
      'BLOB_SAS_URL=https://ordersprod.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig=tDiNCsL5sJfHpTcFUOT4sDlOGkHhEaosUZS9y29o%2BQE%3D',
      'curl "https://ordersprod.blob.core.windows.net/backups/db.bak?sp=r&st=2025-03-01T10:00:00Z&se=2025-03-08T18:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=8jumNySwbGzWIiJ2eZYO8TuO3BaPC7bEYY4bvF4037d%3D"',
      'SharedAccessSignature=sv=2021-08-06&ss=bfqt&srt=sco&sp=rwdlacupx&se=2027-01-01T00:00:00Z&sig=yOGGdq3DCbJMaQ8QwnYPFXIu4kRzLlmGs4Fwr3Fxmf2=',
    ],
    falsePositives: [
      'https://ordersprod.blob.core.windows.net/exports?sv=2022-11-02&ss=b&sp=rl&sig=<signature>',
      'https://ordersprod.blob.core.windows.net/exports?sv=2022-11-02&ss=b&sp=rl&sig=${SAS_SIG}',
      'https://api.example.org/webhook?sig=uMcFqNTcYCPR3uAvk7YIMrkR1NsTrmLQOODjVgcG2lU%3D',
    ],
  },
  {
    id: 'azure-ad-client-secret',
    description: 'Microsoft Entra ID (Azure AD) application client secret',
    severity: 'critical',
    provider: 'azure',
    keywords: ['q~'],
    // Client secrets: three characters, a version digit (7 or 8 so far), "Q~", then 31-34
    // characters of [A-Za-z0-9_~.-]. Delimiters keep tildes in URLs and CSS from matching.
    regex: /(?:^|[\\'"`\s>=:(,])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?=$|[\\'"`\s<),;])/,
    entropy: 3,
    truePositives: [
      'AZURE_CLIENT_SECRET=uzu8Q~.XGTiNuvSMOhnjxB~xrKRRAwx~uAjVJlnr',
      '  "clientSecret": "pCi8Q~f6zqDjeBpiFK7Fg0BI6McSeqWZWRBpa40Z",',
      "client_secret: 'MC57Q~uvwKcgP1bhkJH1dl96~7CgyL4ODjV~.'",
    ],
    falsePositives: [
      'AZURE_CLIENT_SECRET=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      '.ui.visible.right.sidebar~.ui.visible.left.sidebar~.pusher{transform:none}',
      'AZURE_CLIENT_SECRET=vNJ8Q~0LcIM5Kd9Fl6',
    ],
  },
  {
    id: 'azure-devops-pat',
    description: 'Azure DevOps personal access token',
    severity: 'critical',
    provider: 'azure',
    keywords: ['jqqj9'],
    // 84-character tokens in Microsoft's common annotated key format: the JQQJ9 signature at
    // offset 52 and the provider signature AZDO at offset 76.
    regex: /\b([A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}AZDO[A-Za-z0-9]{4})\b/,
    entropy: 3.5,
    truePositives: [
      'AZURE_DEVOPS_EXT_PAT=pTUanoWR96lBZoquF0T2leVjrpqB4uht1LCwUK9ZFCatzAA8OcrBJQQJ99BCACFibnMpAYged5x0AZDOQ4om',
      'git clone https://build:3EHd3sUHVr77IALish7TdW0e4846BELbppcIRtiJsPFkeeRn7ThCJQQJ99BDACJ29NmCdQgwBlNRAZDOBtH4@dev.azure.com/contoso/web/_git/web',
    ],
    falsePositives: [
      'AZURE_DEVOPS_EXT_PAT=DDZ9Rg5S9xBmL8j1evriq3UMsqOXRl2PrXGeFIfIiBRq4CV6S2V4JQQJ99BCACRe85uHPnFnTPQ6ACOGMzjv',
      'AZURE_DEVOPS_EXT_PAT=49HYInDHXfOtr86lmrtq2BxfAK9ykx9DEjsyE1YfJQQJ99BCACCkmnGsw3UlOjHCAZDOw7es',
    ],
  },
  {
    id: 'azure-devops-pat-legacy',
    description: 'Azure DevOps personal access token (52-character format) in an Azure DevOps context',
    severity: 'critical',
    provider: 'azure',
    keywords: ['devops', 'vsts', 'azdo', 'ado_', 'dev.azure.com', 'visualstudio.com'],
    // Older PATs are 52 lower-case base32 characters with no prefix: only a DevOps-named
    // variable or a DevOps clone URL marks them.
    regex: new RegExp(
      String.raw`(?:(?:devops|vsts|azdo|ado)[\w.-]{0,25}?(?:pat|token|password|secret|key)${looseAssign}([a-z2-7]{52})|:([a-z2-7]{52})@(?:dev\.azure\.com|[\w-]{1,60}\.visualstudio\.com))(?![A-Za-z0-9])`,
      'i',
    ),
    entropy: 3.5,
    truePositives: [
      'AZURE_DEVOPS_PAT=3sqbd4sykqujzcrcsys4rnbta2brokaobg3dxuh43ixshphrzk7b',
      'git remote add origin https://ci:zhncoc5etgazoweujr3ym3ggf4lcgybshd7vri3cv443nceduhn5@dev.azure.com/contoso/shop/_git/shop',
      '  vstsToken: "422kbmkohwklc6wjiwxwxgceyylktqpaaqsj7fvaop5vp3amvkgn"',
      '    <add key="AzureDevopsExtPat" value="on6urnmktjalod6yjfyklyt2hnkvnvugmlagotv6axbjy5k7ngnt" />',
    ],
    falsePositives: [
      'AZURE_DEVOPS_PAT=$(System.AccessToken)',
      'AZURE_DEVOPS_PAT=vybpifub5laauzgn7o6r3irrbgn3sbhlp7n4conx',
      'commit_hash = nl3xmkpixbalg4xehirx7ov6vn4p7c7onuywyihivebex7u3t6sh',
    ],
  },
  {
    id: 'azure-function-key',
    description: 'Azure Functions access key (identifiable format)',
    severity: 'high',
    provider: 'azure',
    keywords: ['azfu'],
    regex: /(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==)(?![A-Za-z0-9_=-])/,
    entropy: 3.5,
    truePositives: [
      'FUNCTION_KEY=I2F_9FrQ3341AhJuEWqIB6KYGT33uox7PJiHZIlVmAUbAzFu9rnu-Q==',
      'curl "https://orders-fn.azurewebsites.net/api/ingest?code=GVb0-hoCrIZ93Sn4BVh5X9zcqlaWSav0S_-l5ZV00ROQAzFusFBf9g=="',
    ],
    falsePositives: [
      'FUNCTION_KEY=IjzQuNZXr_t3-IVn9Wca64a2V0lSupAzFu4DFnSQ==',
      'FUNCTION_KEY=PxMfXjPaRqXfntzfXqfp93KmBO-ewx-6sWEyZ_zOyOXfAzFu7YaS0Z==',
    ],
  },
  {
    id: 'azure-function-key-legacy',
    description: 'Azure Functions access key (older format) in a function-key context',
    severity: 'high',
    provider: 'azure',
    keywords: ['functions-key', 'function_key', 'functionkey', 'function-key', 'azurewebsites.net/api/'],
    // Older function keys are 40 random bytes in URL-safe base64 (54 characters and ==).
    regex: new RegExp(
      String.raw`(?:(?:x-functions-key|function[_-]?key)[\w-]{0,10}${assign}|\.azurewebsites\.net\/api\/[\w\/-]{1,100}\?(?:[\w-]{1,30}=[^&\s"']{0,100}&){0,5}code=)([A-Za-z0-9_\/+-]{54}==)(?![A-Za-z0-9_\/+=-])`,
      'i',
    ),
    entropy: 4,
    allowlist: [/AzFu[A-Za-z0-9_-]{5}[AQgw]==$/],
    truePositives: [
      'AZURE_FUNCTION_KEY=51Y/qA8LVMn2BuCOBNru6vZQYwRQxmUGgk1SnOYMY6e/KtV0uHsCi0==',
      'fetch("https://orders-fn.azurewebsites.net/api/ingest?code=MuLR5A7R0xvWV7ZKmqxJlDM8JtUkHjIJeaLe6xIf3Y-SX5YcbO2-fY==")',
      "x-functions-key: xLaIC5SSWtJ/SLzTP+9jwQk54ZOUcXGxCujzRFtrgSuTiKbK7MfQMd==",
    ],
    falsePositives: [
      'AZURE_FUNCTION_KEY=${FUNCTION_KEY}',
      'fetch("https://orders-fn.azurewebsites.net/api/ingest?code=<function-key>")',
      'AZURE_FUNCTION_KEY=g+ttEQAJoCEBoFj5fYueL40Bad26Ut==',
    ],
  },
  {
    id: 'azure-storage-identifiable-key',
    description: 'Azure Storage account key (identifiable format, +ASt signature)',
    severity: 'critical',
    provider: 'azure',
    keywords: ['+ast'],
    regex: new RegExp(`${notInConnectionString}(?<![${base64}])(${identifiable64('\\+ASt')})(?![${base64}=])`),
    entropy: 4,
    truePositives: [
      'STORAGE_KEY=D6xg3bfJ2aIEu87sPzgArwODTWxPVqzcz3Sp0poLBw4WT/2jHfFILUjtg+JFI+yht03MLauKqBvH+AStKWIMEw==',
      'az storage blob upload --account-name ordersprod --account-key "9se6MNlwg3+/WH+foor/CdX72hLTmp0SpbNBm51DavzIztMWu4EqI5bk2u1e3ZqBt3dFBrQjJeKY+AStNY3QgA=="',
    ],
    falsePositives: [
      'STORAGE_KEY=EoDAp+5BVLyafFjj4bpS2j5tN7Xkx3uFcwrqve131wdMCrL4dWfv1VVRg0yJ+AStuILovw==',
      'AccountName=ordersprod;AccountKey=cEoDdPD1BpFLO9CMG+i6P29ylK0N5ESw9b8sE1KNd7tE4w0lahWiHOln+3BU2Z/oNIcq01uuGUQj+ASt0LSymw==',
    ],
  },
  {
    id: 'azure-cosmosdb-identifiable-key',
    description: 'Azure Cosmos DB key (identifiable format, ACDb signature)',
    severity: 'critical',
    provider: 'azure',
    keywords: ['acdb'],
    regex: new RegExp(`${notInConnectionString}(?<![${base64}])(${identifiable64('ACDb')})(?![${base64}=])`),
    entropy: 4,
    truePositives: [
      'COSMOS_MASTER=l0foDAxyjyaHhRzF2XEX3Ti0CT2jzq3XkBK+OLZGn8frqwaNuJo2V3SvztgsImFgstHUNqSw3z26ACDbDEgkSg==',
      '  "primaryMasterKey": "KjD/HCryCt+V86wVyaG6Jaa1QqXX71XA8Z52a7dMERsEfMeuCjq9/zGg6PwQOZcR3F52ykUzWxY2ACDbX1aj6Q==",',
    ],
    falsePositives: [
      'COSMOS_MASTER=A0cdt0ghFL/O1JPkSyh6gHctyogLwhsh40qvCRq9/O4krrgwsFx20+JafdG5wWoEM5UDxzeaaE6OACDbpcCNbz==',
      'AccountEndpoint=https://usersprod.documents.azure.com:443/;AccountKey=+AaJJZeqMuoFHOefE11RzwdCq3jkWVH6uATBOsjT5IRtYhndexmJwaoHfcEm4W1PIm0FYnXh9RXMACDb480CFg==',
    ],
  },
  {
    id: 'azure-messaging-identifiable-key',
    description: 'Azure Service Bus, Event Hubs or Relay key (identifiable format)',
    severity: 'critical',
    provider: 'azure',
    keywords: ['+asb', '+aeh', '+arm'],
    regex: new RegExp(
      `${notInConnectionString}(?<![${base64}])(${identifiable32('\\+A(?:Sb|Eh|Rm)')})(?![${base64}=])`,
    ),
    entropy: 4,
    truePositives: [
      'SERVICEBUS_PRIMARY_KEY=5Q7CTvw+R55GbRNXDSxwd55kUKk9+Vtgk+ASbCthkTU=',
      '  eventHubKey: "5oImuBIK8D+z+9dKi+nKKshfWTsvliegf+AEhK772RU="',
    ],
    falsePositives: [
      'SERVICEBUS_PRIMARY_KEY=1Zbk0P0VUFH9WhFB8OVCsEEnVgS6cqeBz+ASbZ7Qg+U=',
      'Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=nwTOxzRZah/ygqkCJGgiFmFaqejOTp+zY+ASbCyMGuv=',
    ],
  },
  {
    id: 'azure-container-registry-key',
    description: 'Azure Container Registry access key (identifiable format, +ACR signature)',
    severity: 'high',
    provider: 'azure',
    keywords: ['+acr'],
    regex: new RegExp(`(?<![${base64}])([${base64}]{42}\\+ACR[A-D][${base64}]{5})(?![${base64}=])`),
    entropy: 4,
    truePositives: [
      'docker login ordersprod.azurecr.io -u ordersprod -p WDfIuBL/J4lsJ9/0/caJ+kFUvk3wquKjG4vcbkWQzG+ACRBqARXJ',
      'ACR_PASSWORD=7gRwbUX436lCzWnrZ1JFVs53zNrGdFYjbZ3a8ItRNG+ACRAtyXYW',
    ],
    falsePositives: [
      'ACR_PASSWORD=qo7AbW+G59ucPL39P1eR59QyXJfBwezWcP8HKtCugI+ACRZTh87v',
      'ACR_PASSWORD=vPsE7coFTzBMeaK9Unk2HaZG3dgTSg+ACRAsMU1K',
    ],
  },
  {
    id: 'azure-cache-for-redis-connection-string',
    description: 'Azure Cache for Redis connection string with an access key',
    severity: 'critical',
    provider: 'azure',
    keywords: ['redis.cache.windows.net'],
    // StackExchange.Redis format: host:port,password=<key>,ssl=True,…
    regex: /\.redis\.cache\.windows\.net(?::\d{2,5})?,[^\s"']{0,200}?password=([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/i,
    entropy: 4,
    truePositives: [
      'REDIS_CONNECTION=sessions-prod.redis.cache.windows.net:6380,password=WrdVfj2Azd6uJ9oWXJlLpeU30kMxcBOC7ASmX/IKmjL=,ssl=True,abortConnect=False',
      '"Redis": "cart.redis.cache.windows.net:6380,abortConnect=false,ssl=true,password=rD2DizAObG0Qo1oaXtaRAPPlNRds97PfTxufKNTmo6q="',
    ],
    falsePositives: [
      'REDIS_CONNECTION=sessions-prod.redis.cache.windows.net:6380,password=${REDIS_KEY},ssl=True',
      'REDIS_HOST=sessions-prod.redis.cache.windows.net',
    ],
  },
  {
    id: 'azure-cache-for-redis-identifiable-key',
    description: 'Azure Cache for Redis access key (identifiable format, AzCa signature)',
    severity: 'critical',
    provider: 'azure',
    keywords: ['azca'],
    regex: new RegExp(`(?<!password=)(?<![${base64}])(${identifiable32('AzCa')})(?![${base64}=])`),
    entropy: 4,
    truePositives: [
      'REDIS_PRIMARY_KEY=FN8zKLWCSrvuhcxjRDwyxSm8tIQSc9DiFAzCaDjKewE=',
      "  redisAccessKey: 'BTRAbf6pPcuekpzeHyra9EYhC8QWkBMpXAzCaK9hoEZ='",
    ],
    falsePositives: [
      'REDIS_PRIMARY_KEY=C1KFLAQqYUQD0bsqBKWkoqDyfo6afZO2mAzCaZl32vy=',
      'sessions-prod.redis.cache.windows.net:6380,password=vZ9AoaqxrA6hMtvlESG2BuMrTUbmZtY09AzCaDhL4gH=,ssl=True',
    ],
  },
  {
    id: 'azure-apim-identifiable-key',
    description: 'Azure API Management subscription, gateway or management key (identifiable format, APIM signature)',
    severity: 'high',
    provider: 'azure',
    keywords: ['apim'],
    regex: new RegExp(`(?<![${base64}])(${identifiable64('APIM')})(?![${base64}=])`),
    entropy: 4,
    truePositives: [
      'APIM_SUBSCRIPTION_KEY=7pK6nNs3+OARiFYMWIqyNQp10mPgdaDvvrcpM6RJ6+s1MM4Z7+978PXVb+n9+Ht6PssoB2eNqqXOAPIMG09h8w==',
      'Ocp-Apim-Subscription-Key: oqRlolQmbekDTi/jjLwcpKWQ6QpcpVQn5f/pdtRHxPBT3ANhgKWnKQaTB5sD0Rn5HTYBXFmWa8pQAPIMqw8ySA==',
    ],
    falsePositives: [
      'APIM_SUBSCRIPTION_KEY=RGT/7Ib7wS3jeWpQQIwkhvaMQz8MBEVNTYecAIc+yCZS1M+e/bonuP1gvxH353jT+8F3VHtQunAHAPIMNc0U9B==',
      'APIM_SUBSCRIPTION_KEY=JkowTTy4O+mEbgG7FFJCr04G8dVqRl6H6MN3k2MiAPIMPfgBIw==',
    ],
  },
  {
    id: 'azure-apim-subscription-key',
    description: 'Azure API Management or Cognitive Services subscription key sent as Ocp-Apim-Subscription-Key',
    severity: 'high',
    provider: 'azure',
    keywords: ['ocp-apim-subscription-key'],
    // Classic subscription and Cognitive Services keys are 32 hex characters with no prefix;
    // the header name is the context.
    regex: /Ocp-Apim-Subscription-Key["']?[ \t]{0,3}[:=,][ \t]{0,3}["']?([a-f0-9]{32})(?![A-Za-z0-9])/i,
    entropy: 3,
    truePositives: [
      'curl -H "Ocp-Apim-Subscription-Key: 1f41b78d4d3a8ce86b86df479e197814" https://westeurope.api.cognitive.microsoft.com/vision/v3.2/analyze',
      "headers = {'Ocp-Apim-Subscription-Key': '045cb5a03745d79eb26327b72a9efa5e'}",
    ],
    falsePositives: [
      "headers = {'Ocp-Apim-Subscription-Key': subscription_key}",
      'curl -H "Ocp-Apim-Subscription-Key: $SPEECH_KEY" https://westeurope.tts.speech.microsoft.com/cognitiveservices/v1',
      "headers = {'Ocp-Apim-Subscription-Key': '8cf71cd711acbddc'}",
    ],
  },
  {
    id: 'azure-cask-key',
    description: 'Azure service key in the common annotated key format (Cognitive Services, Azure OpenAI, Web PubSub, …)',
    severity: 'high',
    provider: 'azure',
    keywords: ['jqqj9'],
    // 84 characters with the JQQJ9 signature at offset 52 and a provider signature at 76.
    // Azure DevOps (AZDO) tokens have their own rule.
    regex: /\b([A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}[A-Za-z][A-Za-z0-9]{7})\b/,
    entropy: 3.5,
    allowlist: [/AZDO[A-Za-z0-9]{4}$/],
    truePositives: [
      'AZURE_OPENAI_API_KEY=zLmEDT3MgoemnxOF21LAs4ySB5PBG6GhRYiImhBc3i9tu55FfDKuJQQJ99BFACxacw0srjIFCS1mACOGn5Te',
      'const speechKey = "vLnGuVeNORcwfSGgzDFpoL7YCVBm3X26SwXVmjR7WEJuVC7Lz2cOJQQJ99BBACFm7JTi5dZ2Da36ACOG3aTJ";',
    ],
    falsePositives: [
      'AZURE_DEVOPS_EXT_PAT=oLNdt94asYBWcZhVaXPtAeE6A7KNFjP4JaPXlCADkNF2r1iS8GM3JQQJ99BCACjZOBTvvlVbDqPGAZDOE3T8',
      'AZURE_OPENAI_API_KEY=YJDWdxBZBABkdnzE2VeX3TWElrMJPAeDxCq7nlD4I2IctxZ9uIJDJQQJ99BZAChPELRB06phRqPvACOGkaVf',
    ],
  },
];

// Added with the evaluation corpus: formats the first pass missed.
azureRules.push(
  {
    id: 'azure-app-configuration-connection-string',
    description: 'Azure App Configuration connection string',
    severity: 'critical',
    provider: 'azure',
    keywords: ['azconfig.io'],
    regex: /Endpoint=https:\/\/[\w-]{1,60}\.azconfig\.io;Id=[^;\s"']{4,60};Secret=([A-Za-z0-9+/]{40,50}={0,2})/,
    entropy: 3.5,
    truePositives: [
      'APP_CONFIG="Endpoint=https://orders-cfg.azconfig.io;Id=Xq7L-l0-s0:Hb3Kz9TqW2mVn8cYp5Ld;Secret=Lk9Qv3Zx7Wm2Tn5Rb8Yc4Hd6Jf1Gs0Ea3Pu7Kw9Mz2X="',
      '"ConnectionString": "Endpoint=https://cfg-prod.azconfig.io;Id=AbC1-l0-s0:Ps8Nd3Vk6Qz2Lm9Xw4Rt;Secret=Qm4Zt8Xp2Lk7Vn3Bc9Wr5Hy1Jd6Fs0Ga8Ke2Tu4Wm7="',
    ],
    falsePositives: [
      'Endpoint=https://orders-cfg.azconfig.io;Id=<id>;Secret=<secret>',
      'endpoint: https://orders-cfg.azconfig.io',
    ],
  },
  {
    id: 'azure-search-admin-key',
    description: 'Azure AI Search admin or query key',
    severity: 'high',
    provider: 'azure',
    keywords: ['azse'],
    // Newer Azure keys carry a fixed signature: `AzSe` at position 42 of 52 for Search.
    regex: /(?<![A-Za-z0-9])([A-Za-z0-9]{42}AzSe[A-Za-z0-9]{6})(?![A-Za-z0-9])/,
    entropy: 3.5,
    truePositives: [
      'AZURE_SEARCH_KEY: nQvWys81vp7hB1dx8PpD5KHXe3PYiGkPAuNaRL63xYAzSeKwzEIn',
      'final String searchKey = "ncIIA3ANxN9K3KSU9Mi4roNL89sM995YTBXaK7JQEVAzSeT0mlAm";',
    ],
    falsePositives: ['AZURE_SEARCH_KEY: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAzSexxxxxx', 'docs mention AzSe keys'],
  },
  {
    id: 'azure-openai-key-in-context',
    description: 'Azure OpenAI key (32 hex) next to an Azure OpenAI setting',
    severity: 'high',
    provider: 'azure',
    keywords: ['openai'],
    regex: /azure[\w.-]{0,10}openai[\w.-]{0,20}key["'`]?\]?\s{0,3}(?:[:=,]|\|\|=|:\s{0,3}\w{1,20}\s{0,3}=|\s{1,5}value\s{0,3}=)\s{0,5}["'`]?([a-f0-9]{32})(?![a-f0-9])/i,
    entropy: 3,
    truePositives: [
      'AZURE_OPENAI_KEY: fec241dfff4b5c59d62504800f74caba',
      '<add key="AzureOpenaiApiKey" value="136191ba1dd0567b134e69c953642e7e" />',
      "ENV['AZURE_OPENAI_KEY'] ||= '9e3ef55ddaf0857bc90c2e984030a9d4'",
    ],
    falsePositives: ['AZURE_OPENAI_KEY: 00000000000000000000000000000000', 'AZURE_OPENAI_KEY_NAME: primary'],
  },
);
