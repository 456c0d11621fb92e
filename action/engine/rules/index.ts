// Every built-in rule, one file per provider family.
import type { Rule } from '../types.js';
import { aiServiceRules } from './ai-services.js';
import { aiRules } from './ai.js';
import { awsRules } from './aws.js';
import { azureRules } from './azure.js';
import { bitbucketRules } from './bitbucket.js';
import { businessRules } from './business.js';
import { chatRules } from './chat.js';
import { cicdRules } from './cicd.js';
import { commandLineRules } from './command-line.js';
import { commsRules } from './comms.js';
import { dataCloudRules } from './data-cloud.js';
import { databaseUriRules } from './database-uris.js';
import { devtoolRules } from './devtools.js';
import { featureFlagRules } from './feature-flags.js';
import { gcpRules } from './gcp.js';
import { genericRules } from './generic.js';
import { genericFormRules } from './generic-forms.js';
import { githubRules } from './github.js';
import { gitlabRules } from './gitlab.js';
import { hostingRules } from './hosting.js';
import { httpAuthRules } from './http-auth.js';
import { identityRules } from './identity.js';
import { infraRules } from './infra.js';
import { jwtRules } from './jwt.js';
import { keyAndVaultRules } from './keys-and-vaults.js';
import { messagingRules } from './messaging.js';
import { miscRules } from './misc.js';
import { observabilityRules } from './observability.js';
import { paymentRules } from './payments.js';
import { privateKeyRules } from './private-keys.js';
import { productivityRules } from './productivity.js';
import { providerContextRules } from './provider-context.js';
import { registryRules } from './registries.js';
import { slackRules } from './slack.js';

export const defaultRules: Rule[] = [
  ...aiRules,
  ...aiServiceRules,
  ...awsRules,
  ...azureRules,
  ...bitbucketRules,
  ...businessRules,
  ...chatRules,
  ...cicdRules,
  ...commandLineRules,
  ...commsRules,
  ...dataCloudRules,
  ...databaseUriRules,
  ...devtoolRules,
  ...featureFlagRules,
  ...gcpRules,
  ...genericRules,
  ...genericFormRules,
  ...githubRules,
  ...gitlabRules,
  ...hostingRules,
  ...httpAuthRules,
  ...identityRules,
  ...infraRules,
  ...jwtRules,
  ...keyAndVaultRules,
  ...messagingRules,
  ...miscRules,
  ...observabilityRules,
  ...paymentRules,
  ...privateKeyRules,
  ...productivityRules,
  ...providerContextRules,
  ...registryRules,
  ...slackRules,
];
