// Credentials their owners publish as examples, in samples and SDK tests that are cloned
// everywhere: each is in its provider's format, works for no one, and is no one's leak.

// Google: the Maps JavaScript samples' key, and the Firebase Android SDK's test keys.
const GOOGLE = [
  'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
  'AIzaSyabcdefghijklmnopqrstuvwxyz1234567',
  'AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs',
  'AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM',
  'AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU',
  'AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0',
  'AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A',
  'AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c',
  'AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4',
  'AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY',
  'AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM',
  'AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ',
  'AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g',
  'AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU',
  'AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw',
  'AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE',
  'AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY',
];

// Microsoft: the ClearTextPassword values of NuGet's nuget.config reference page.
const NUGET = ['33f!!lloppa', 'hal+9ooo_da!sY'];

const PUBLISHED = new Set<string>([...GOOGLE, ...NUGET]);

/** Whether `value` is a credential its provider published as an example. */
export function isPublishedExample(value: string): boolean {
  return PUBLISHED.has(value);
}
