import type { Rule } from '../types.js';

// Providers whose keys have no prefix: a 20–64 character random string is theirs only because
// their name is near it (`adzuna KEY=…`, `FINNHUB_TOKEN: …`, `phrase token = …`). One rule per
// provider, built from the table below: the name, then within 40 characters of the same line, or
// on the next line after a secret word (`key`, `token`, …), a value of the provider's shape.
//
// A match starts at the name, so each rule is a multiline rule whose `begin` is that name
// (found in any case at a word's start): it runs once per occurrence of the name, on at most
// the rest of that line and the next, which keeps it linear.

/**
 * Value shapes, `|`-separated: a class and a length (`a32`, `w40-46`). `a` letters and digits,
 * `l` lower-case letters and digits (a key whose provider never issues capitals), `c` capitals and
 * digits (one that issues capitals only), `h` hex digits,
 * `w` letters, digits, `_` and `-`, `d` digits, `u` a UUID.
 */
type Shape = string;

/**
 * [provider (lower-case, the name searched for), shape, what the value is (default `api-key`),
 * `named`: the value counts only under a secret word (`…_TOKEN`, `…Key`), never under an id's
 * name (`DISCORD_CLIENT_ID=…` is public), for shapes as common as short numbers and words].
 */
type Entry = [provider: string, shape: Shape, what?: string, named?: 'named'];

// From the peers' public rule sets (gitleaks' keyword-named rules, trufflehog's detectors that
// find a key by the provider's name alone), limited to names distinctive enough to be a keyword:
// no English words (`front`, `float`, `harvest`), no names shorter than five letters.
const PROVIDERS: Entry[] = [
  // gitleaks' default set: keyword-named rules with no rule here yet.
  ['bittrex', 'a32'],
  ['droneci', 'a32', 'access-token'],
  ['fastly', 'w32', 'api-token'],
  ['finnhub', 'a20', 'access-token'],
  ['freshbooks', 'a64', 'access-token'],
  ['gitter', 'w40', 'access-token'],
  ['kucoin', 'h24|u'],
  ['nytimes', 'w32', 'access-token'],
  ['sendbird', 'h40|u|h24', 'access-token'],
  ['squarespace', 'u', 'access-token'],
  ['rapidapi', 'w50', 'access-token'],
  ['looker', 'a20|a24', 'client-secret'],
  // trufflehog: detectors keyed on the provider's name.
  ['adzuna', 'a32'],
  ['aeroworkflow', 'a20'],
  ['agora', 'h32'],
  ['airbrake', 'w32|w40'],
  ['airvisual', 'u'],
  ['alconost', 'a32'],
  ['alegra', 'w20'],
  ['aletheiaapi', 'c32'],
  ['alienvault', 'h64'],
  ['allsports', 'h64'],
  ['amadeus', 'a32|a16'],
  ['ambee', 'h64'],
  ['api2cart', 'h32'],
  ['apiflash', 'l32'],
  ['apitemplate', 'a39'],
  ['appfollow', 'a20'],
  ['appsynergy', 'a64'],
  ['apptivo', 'a32|w36'],
  ['artsy', 'a32', 'client-secret'],
  ['assemblyai', 'l32'],
  ['autodesk', 'a32', 'client-secret'],
  ['autoklose', 'w32'],
  ['aviationstack', 'a32'],
  ['aylien', 'l32'],
  ['bannerbear', 'a24'],
  ['baremetrics', 'w25'],
  ['beebole', 'a40'],
  ['besnappy', 'a64'],
  ['billomat', 'a32'],
  ['bitcoinaverage', 'w43'],
  ['bitfinex', 'w43'],
  ['bitmex', 'w48|w24'],
  ['blitapp', 'w39'],
  ['blocknative', 'u'],
  ['brandfetch', 'a40'],
  ['browserstack', 'a20', 'access-key'],
  ['browshot', 'a28'],
  ['bscscan', 'a34'],
  ['buddyns', 'a40'],
  ['bugherd', 'a22'],
  ['bulbul', 'a32'],
  ['buttercms', 'a40'],
  ['calendarific', 'a40'],
  ['calorieninja', 'a40'],
  ['campayn', 'a64'],
  ['canny', 'u'],
  ['capsulecrm', 'w64'],
  ['carboninterface', 'a21'],
  ['censys', 'a32|u', 'api-secret'],
  ['centralstation', 'a30'],
  ['clarifai', 'a32'],
  ['clinchpad', 'a32'],
  ['clockify', 'w48'],
  ['cloudelements', 'a32|a43'],
  ['cloudimage', 'w30'],
  ['cloudmersive', 'u'],
  ['cloudplan', 'w32'],
  ['cloverly', 'w28'],
  ['clustdoc', 'a60'],
  ['codacy', 'a20'],
  ['codemagic', 'w43'],
  ['codequiry', 'a32'],
  ['coinapi', 'u'],
  ['coinlayer', 'a32'],
  ['coinlib', 'a16'],
  ['commodities', 'a60'],
  ['convertapi', 'a16'],
  ['convertkit', 'w22'],
  ['countrylayer', 'a32'],
  ['coveralls', 'w37'],
  ['craftmypdf', 'a35'],
  ['crowdin', 'a80'],
  ['cryptocompare', 'w64'],
  ['currencycloud', 'a64'],
  ['currencyfreaks', 'a32'],
  ['currencylayer', 'a32'],
  ['currencyscoop', 'a32'],
  ['currentsapi', 'w48'],
  ['dandelion', 'a32'],
  ['dareboost', 'a60'],
  ['deepai', 'u'],
  ['deepgram', 'a40'],
  ['detectify', 'a32'],
  ['detectlanguage', 'a32'],
  ['diffbot', 'a32'],
  ['diggernaut', 'a40'],
  ['disqus', 'a64'],
  ['docparser', 'a40'],
  ['dronahq', 'a50'],
  ['duply', 'a32'],
  ['dyspatch', 'a52'],
  ['eagleeyenetworks', 'a15'],
  ['easyinsight', 'a20'],
  ['edamam', 'a32'],
  ['elasticemail', 'a96'],
  ['etherscan', 'a34'],
  ['ethplorer', 'w22'],
  ['exchangerate', 'a24'],
  ['exchangerates', 'a32'],
  ['extractorapi', 'a40'],
  ['faceplusplus', 'w32'],
  ['fakejson', 'w22'],
  ['fastforex', 'w28'],
  ['feedier', 'a32'],
  ['financialmodelingprep', 'a32'],
  ['findl', 'u'],
  ['fixerio', 'a32'],
  ['flightapi', 'a24'],
  ['flightstats', 'a32'],
  ['flowflu', 'a51'],
  ['formsite', 'a32'],
  ['fulcrum', 'a80'],
  ['fusebill', 'a88'],
  ['fxmarket', 'w20'],
  ['geoapify', 'a32'],
  ['geocodify', 'a40'],
  ['geocodio', 'a39'],
  ['geoipifi', 'a32'],
  ['getgeoapi', 'a40'],
  ['getresponse', 'a32'],
  ['getsandbox', 'w40'],
  ['glassnode', 'a27'],
  ['goodday', 'a32'],
  ['graphhopper', 'u'],
  ['groove', 'a64'],
  ['gtmetrix', 'a32'],
  ['guardianapi', 'u'],
  ['gumroad', 'w43', 'access-token'],
  ['gyazo', 'w43', 'access-token'],
  ['happyscribe', 'a24'],
  ['hellosign', 'a64'],
  ['hereapi', 'w43'],
  ['hiveage', 'w20'],
  ['holidayapi', 'u'],
  ['html2pdf', 'a64'],
  ['iconfinder', 'a64'],
  ['insightly', 'u'],
  ['intrinio', 'a44'],
  ['invoiceocean', 'a20'],
  ['ipgeolocation', 'a32'],
  ['ipinfodb', 'a64'],
  ['ipquality', 'a32'],
  ['ipstack', 'a32'],
  ['jotform', 'a32'],
  ['karmacrm', 'a20'],
  ['klipfolio', 'h40'],
  ['knapsackpro', 'a32'],
  ['languagelayer', 'a32'],
  ['lastfm', 'a32'],
  ['leadfeeder', 'w43'],
  ['lemlist', 'a32'],
  ['linkpreview', 'a32'],
  ['liveagent', 'a32'],
  ['loadmill', 'w43'],
  ['lokalise', 'h40', 'api-token'],
  ['loginradius', 'u'],
  ['lunchmoney', 'a50', 'access-token'],
  ['madkudu', 'a32'],
  ['magicbell', 'a40'],
  ['mailboxlayer', 'a32'],
  ['mailerlite', 'a32'],
  ['mapquest', 'a32'],
  ['marketstack', 'a32'],
  ['mavenlink', 'a64'],
  ['meaningcloud', 'a32'],
  ['mediastack', 'a32'],
  ['meistertask', 'a43'],
  ['mesibo', 'a64'],
  ['metrilo', 'a16'],
  ['midise', 'a32'],
  ['mindmeister', 'a43'],
  ['mixmax', 'w36'],
  ['moonclerk', 'a32'],
  ['moosend', 'u'],
  ['moralis', 'a64'],
  ['nasdaq', 'w20'],
  ['nethunt', 'w36'],
  ['neutrinoapi', 'a48'],
  ['newsapi', 'a32'],
  ['newscatcher', 'w43'],
  ['nftport', 'u'],
  ['nicereply', 'h40'],
  ['noticeable', 'a20'],
  ['numverify', 'a32'],
  ['nutritionix', 'a32'],
  ['onepagecrm', 'a44|a24'],
  ['onwater', 'w20'],
  ['oopspam', 'a40'],
  ['opencagedata', 'a32'],
  ['opengraphr', 'a80'],
  ['openuv', 'a32'],
  ['openweather', 'a32'],
  ['owlbot', 'a40'],
  ['packagecloud', 'a48', 'api-token'],
  ['pandadoc', 'a40'],
  ['pandascore', 'w51'],
  ['paralleldots', 'a43'],
  ['parsehub', 'a32'],
  ['parseur', 'a40'],
  ['partnerstack', 'a64'],
  ['pastebin', 'w32'],
  ['paydirtapp', 'a32'],
  ['paymoapp', 'a44'],
  ['pdflayer', 'a32'],
  ['pdfshift', 'a32'],
  ['peopledatalabs', 'a64'],
  ['pepipost', 'w32'],
  ['phrase', 'a64', 'access-token'],
  ['pinata', 'a20|a64'],
  ['pipedream', 'a32'],
  ['pipedrive', 'a40', 'api-token'],
  ['pivotal', 'a32', 'api-token'],
  ['pixabay', 'w34'],
  ['planyo', 'a62'],
  ['pollsapi', 'a28'],
  ['positionstack', 'w32'],
  ['postageapp', 'a32'],
  ['powrbot', 'a40'],
  ['prodpad', 'a64'],
  ['protocolsio', 'a64'],
  ['proxycrawl', 'w22'],
  ['purestake', 'a40'],
  ['qubole', 'a64'],
  ['rebrandly', 'w32'],
  ['restpack', 'a48'],
  ['revamp', 'a40'],
  ['ritekit', 'a44'],
  ['route4me', 'a32'],
  ['salescookie', 'a32'],
  ['salesflare', 'w45'],
  ['salesmate', 'a32'],
  ['satismeter', 'a24|a16'],
  ['scrapeowl', 'a30'],
  ['scraperapi', 'a32'],
  ['scraperbox', 'a32'],
  ['scrapestack', 'a32'],
  ['scrapfly', 'a32'],
  ['scrapingant', 'a32'],
  ['scrapingbee', 'a80'],
  ['screenshotlayer', 'w32'],
  ['securitytrails', 'a32'],
  ['selectpdf', 'u'],
  ['serphouse', 'a60'],
  ['serpstack', 'a32'],
  ['sherpadesk', 'a32'],
  ['shodan', 'a32'],
  ['shotstack', 'a40'],
  ['shutterstock', 'a32|a16', 'client-secret'],
  ['signaturit', 'a86', 'access-token'],
  ['signupgenius', 'a32'],
  ['sigopt', 'a48'],
  ['simfin', 'a32'],
  ['simplesat', 'a40'],
  ['simvoly', 'a33'],
  ['siteleaf', 'a32'],
  ['skrapp', 'a42'],
  ['skybiometry', 'a25-26'],
  ['smartsheet', 'a37|a26', 'access-token'],
  ['smartystreets', 'a20|u', 'auth-token'],
  ['spoonacular', 'a32'],
  ['sportsmonk', 'a60'],
  ['spotify', 'a32', 'client-secret'],
  ['sslmate', 'a36'],
  ['stitchdata', 'w35'],
  ['stockdata', 'a40'],
  ['storyblok', 'a24', 'access-token'],
  ['strava', 'a40', 'client-secret'],
  ['sugester', 'a32'],
  ['supernotes', 'w43'],
  ['surveyanyplace', 'a32'],
  ['surveybot', 'w80'],
  ['survicate', 'a32'],
  ['tatum', 'w36'],
  ['taxjar', 'a32'],
  ['technicalanalysisapi', 'a48'],
  ['text2data', 'u'],
  ['textmagic', 'a30'],
  ['theoddsapi', 'a32'],
  ['thinkific', 'a32'],
  ['thousandeyes', 'a32', 'api-token'],
  ['ticketmaster', 'a32'],
  ['tiingo', 'a40'],
  ['timecamp', 'a26'],
  ['timezoneapi', 'a20'],
  ['tmetric', 'a64'],
  ['todoist', 'a40', 'api-token'],
  ['toggl', 'a32', 'api-token'],
  ['tomorrowio', 'a32'],
  ['tomtom', 'a32'],
  ['tradier', 'a28', 'access-token'],
  ['travelpayouts', 'a32'],
  ['twelvedata', 'a32'],
  ['tyntec', 'a32'],
  ['unifyid', 'w44'],
  ['unplugg', 'a64'],
  ['unsplash', 'w43', 'access-key'],
  ['upcdatabase', 'a32'],
  ['uplead', 'w32'],
  ['uploadcare', 'a20'],
  ['urlscan', 'u'],
  ['userstack', 'a32'],
  ['vatlayer', 'a32'],
  ['versioneye', 'w40'],
  ['virustotal', 'a64'],
  ['visualcrossing', 'a25'],
  ['vpnapi', 'a32'],
  ['vultr', 'a36'],
  ['walkscore', 'a32'],
  ['weatherbit', 'a32'],
  ['weatherstack', 'a32'],
  ['webflow', 'a64', 'api-token'],
  ['webscraper', 'a60'],
  ['websitepulse', 'a32'],
  ['whoxy', 'a33'],
  ['wistia', 'a64', 'api-token'],
  ['worksnaps', 'a40', 'api-token'],
  ['workstack', 'a60'],
  ['worldcoinindex', 'a35'],
  ['worldweather', 'a31'],
  ['yousign', 'a32'],
  ['zenrows', 'a40'],
  ['zenscrape', 'u'],
  ['zenserp', 'u'],
  ['zerobounce', 'a32'],
  ['zipcodeapi', 'a64'],
  ['zipcodebase', 'u'],
  ['zulip', 'a32'],
  // Checked against a public compilation of trufflehog's keyword patterns (secrets-patterns-db).
  ['apideck', 'a40'],
  ['abuseipdb', 'a80'],
  ['accuweather', 'a35'],
  ['axonaut', 'a32'],
  ['besttime', 'w36'],
  ['boostnote', 'h64'],
  ['blablabus', 'a22'],
  ['blazemeter', 'u'],
  ['captaindata', 'u|h64'],
  ['caspio', 'a50'],
  ['clearbit', 'w35'],
  ['clickhelp', 'a24'],
  ['cliengo', 'u'],
  ['commercejs', 'w48'],
  ['companyhub', 'a20'],
  ['dnscheck', 'w36|a32'],
  ['dwolla', 'w50'],
  ['dynalist', 'w128'],
  ['enablex', 'a36|a24'],
  ['geckoboard', 'a44'],
  ['helpscout', 'a56'],
  ['hypertrack', 'w54|w27'],
  ['iexcloud', 'w35'],
  ['integromat', 'u'],
  ['ipify', 'w32'],
  ['kontent', 'u'],
  ['kylas', 'u'],
  ['linenotify', 'a43'],
  ['loyverse', 'w32'],
  ['metaapi', 'h64|h24'],
  ['freshworks', 'w22'],
  ['oanda', 'a24'],
  ['omnisend', 'w75'],
  ['optimizely', 'w54'],
  ['passbase', 'a128'],
  ['paymongo', 'w32'],
  ['planview', 'h128'],
  ['poloniex', 'h128'],
  ['quickmetrics', 'w22'],
  ['repairshopr', 'w51'],
  ['ringcentral', 'w22'],
  ['rocketreach', 'w39'],
  ['rownd', 'u|a48'],
  ['runrunit', 'h32|a18-20'],
  ['saucelabs', 'u'],
  ['scrapersite', 'a45'],
  ['sheety', 'a32|a64'],
  ['signalwire', 'u|a50'],
  ['sinch', 'a32'],
  ['smooch', 'w86'],
  ['snipcart', 'w75'],
  ['storecove', 'w43'],
  ['stormglass', 'w73'],
  ['surveysparrow', 'w88'],
  ['teamgate', 'a40|a80'],
  ['verimail', 'a32'],
  ['veriphone', 'a32'],
  ['vouchery', 'u'],
  ['webscraping', 'a32'],
  ['wepay', 'w62'],
  ['youneedabudget', 'h64'],
  ['zipapi', 'a32'],
  ['zonka', 'a36'],
  ['cicero', 'a40'],
  // trufflehog detectors read one by one (pkg/detectors/<name>/<name>.go): the shape of the key they
  // find next to the provider's name.
  ['abyssale', 'a40'],
  ['apacta', 'u'],
  ['apilayer', 'a32'],
  ['apimetrics', 'a32'],
  ['appcues', 'u'],
  ['appoptics', 'w71'],
  ['atera', 'l32'],
  ['bitbar', 'l32'],
  ['bitly', 'a40', 'access-token'],
  ['bulksms', 'a29'],
  ['chartmogul', 'l32'],
  ['checkvist', 'a14'],
  ['clicksend', 'u'],
  ['textanywhere', 'a24', 'access-token'],
  ['clockworksms', 'a24', 'access-token'],
  ['cloudsmith', 'h40'],
  ['codeclimate', 'h40'],
  ['customerio', 'a20'],
  ['databox', 'l21', 'access-token'],
  ['airship', 'a91', 'access-token'],
  ['larksuite', 'a32', 'app-secret'],
  ['demio', 'a32'],
  ['docusign', 'u', 'client-secret'],
  ['eventbrite', 'c20', 'access-token'],
  ['fetchrss', 'a40'],
  ['flatio', 'l128', 'access-token'],
  ['formcraft', 'l16'],
  ['getgist', 'a68'],
  ['godaddy', 'w35|a22'],
  ['hybiscus', 'a43'],
  ['infura', 'l32'],
  ['instamojo', 'a128', 'client-secret'],
  ['interseller', 'u'],
  ['ip2location', 'c32'],
  ['jupiterone', 'a76'],
  ['kanbantool', 'c12', 'api-token'],
  ['keenio', 'c64', 'master-key'],
  ['lessannoyingcrm', 'w57', 'api-token'],
  ['loggly', 'u', 'api-token'],
  ['meraki', 'h40'],
  ['monkeylearn', 'h40'],
  ['myintervals', 'l11'],
  ['netsuite', 'a64'],
  ['gengo', 'w64'],
  ['onfleet', 'l32'],
  ['overloop', 'w50'],
  ['percy', 'h64', 'access-token'],
  ['podio', 'l32', 'access-token'],
  ['prospectcrm', 'w32'],
  ['qualaroo', 'a64'],
  ['reachmail', 'w64', 'access-token'],
  ['replyio', 'a24'],
  ['roninapp', 'a26'],
  ['scrutinizer', 'l64', 'access-token'],
  ['shipday', 'a31'],
  ['signable', 'a32'],
  ['speechtext', 'h32'],
  ['statuscake', 'a20'],
  ['statuspage', 'u'],
  ['statuspal', 'a32'],
  ['stormboard', 'h40'],
  ['testingbot', 'l32'],
  ['tokeet', 'u'],
  ['transferwise', 'u', 'api-token'],
  ['typetalk', 'a64', 'client-secret'],
  ['uclassify', 'a12'],
  ['upwave', 'l32', 'api-token'],
  ['voodoosms', 'a46'],
  ['zerotier', 'a32', 'api-token'],
  ['cexio', 'a24-27'],
  ['chatfuel', 'a128', 'access-token'],
  ['collect2', 'u'],
  ['customerguru', 'a30|a50', 'api-token'],
  ['datagov', 'a40'],
  ['postbacks', 'u'],
  ['tefter', 'a20', 'user-token'],
  // Pushbullet tokens written without their o. prefix (the prefixed form is pushbullet-access-token).
  ['pushbullet', 'a34'],
  ['anypoint', 'u', 'access-token'],
  ['cloze', 'h32'],
  ['ipapi', 'l32', 'access-key'],
  ['userflow', 'w29'],
  // gitleaks' keyword-named rules whose values are short numbers or words: only under a secret
  // word (gitleaks' own samples are `discordToken = …`, `LINKEDIN_TOKEN: …`).
  ['asana', 'd16', 'client-secret', 'named'],
  ['discord', 'd32|d17-19', 'numeric-token', 'named'],
  ['linkedin', 'a16|a14', 'api-token', 'named'],
  ['dropbox', 'a15', 'app-secret', 'named'],
  ['confluent', 'a16', 'api-key', 'named'],
  ['airtable', 'a17', 'api-key', 'named'],
];

const CLASSES: Record<string, string> = { a: '[a-z0-9]', l: '[a-z0-9]', c: '[a-z0-9]', h: '[a-f0-9]', w: '[a-z0-9_-]', d: '[0-9]' };
const UUID = '[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}';

/** Regex source of a shape; the rule's regex is case-insensitive. */
export function shapeSource(shape: Shape): string {
  return shape
    .split('|')
    .map((part) => {
      if (part === 'u') return UUID;
      const m = /^([achlwd])(\d+)(?:-(\d+))?$/.exec(part);
      if (!m) throw new Error(`provider-context: bad shape ${part}`);
      return `${CLASSES[m[1]!]}{${m[2]}${m[3] ? `,${m[3]}` : ''}}`;
    })
    .join('|');
}

// Words that say a value is a credential, on the line after the provider's name.
const SECRET_WORD = '(?:key|token|secret|passw|pwd|auth|credential|api|access|bearer)';
// What may stand right before a value: never part of a longer token, a path or a domain.
const BEFORE_VALUE = '(?<![\\w+/.@#$%&*~\\\\-])';
// What may follow: not more of a token, nor a file's or a domain's next part.
const AFTER_VALUE = '(?![\\w+/=-]|\\.\\w)';

function regexOf(name: string, shape: Shape): RegExp {
  return new RegExp(
    `${name}(?:[^\\n]{0,40}?|[^\\n]{0,40}\\n[^\\n]{0,30}?${SECRET_WORD}[^\\n]{0,30}?)${BEFORE_VALUE}(${shapeSource(shape)})${AFTER_VALUE}`,
    'i',
  );
}

// A match with no secret word whose value is all hex (a digest, a commit, a UUID) says nothing
// about a credential: `adzuna-logo.svg: d41d8cd9…`.
const HEX_WITHOUT_A_SECRET_WORD = new RegExp(`^(?![\\s\\S]*${SECRET_WORD})[\\s\\S]*[^0-9a-f-][0-9a-f-]+$`, 'i');

// Identifier-shaped values: words, acronyms and numbers run together (`AdzunaJobsClientV2`).
const IDENTIFIER = /^(?=.*[a-z]{3})(?:[A-Z]?[a-z]{2,}|[A-Z]{2,5}(?![a-z])|\d{1,4}|[_-])+$/;

/** A random key mixes letters and digits and is no identifier. */
function looksRandom(value: string): boolean {
  return /[0-9]/.test(value) && /[a-z]/i.test(value) && !IDENTIFIER.test(value);
}

/**
 * Under a secret word (`named` entries) a short lower-case value like `34nkkaotzq2da1yy` is a key
 * though it parses as words and numbers run together: it needs two digits and must not be one
 * word and a number (`password2024`). A number uses most digits, repeats none four times
 * running and counts up nowhere.
 */
function looksRandomNamed(value: string): boolean {
  if (!/^\d+$/.test(value)) {
    if (/[A-Z]/.test(value)) return looksRandom(value);
    return /[a-z]/.test(value) && (value.match(/\d/g) ?? []).length >= 2 && !/^[a-z]+\d+$|^\d+[a-z]+$/.test(value);
  }
  return new Set(value).size >= 6 && !/(\d)\1{3}/.test(value) && !/0123|1234|2345|3456|4567|5678|6789|7890/.test(value);
}

// For `named` entries: a match must hold a secret word and must not name an id or a number
// (`DISCORD_CLIENT_ID=…`, `linkedin_user_id: …`, `discord channel 8470…`).
const NO_SECRET_WORD = /^(?![\s\S]*(?:key|token|secret|passw|pwd|auth|credential|bearer))/i;
const NAMED_AN_ID = /(?:^|[^a-z])id(?:s|entifier)?["'`]?\s{0,3}[:=,(]|[a-z]Id["'`]?\s{0,3}[:=,(]/;

// Sample values: fixed stand-ins of each class, cut to a shape's length (they are in no
// provider's format but this table's, and nowhere else).
const SAMPLE = {
  d: '83920475618293740561829374650192847563019283746510928374655610293847',
  a: 'q7zk2m9x4vb8rt3wp6ny1hc5jd0lf2gs8kq4zm7xv3nb9rw5tp1yh6cj2dl8fg0sk3qz7mx4vb9nr2wt6py1hj5cd8lg3fs0q',
  h: 'f3a91c7e5b2d48f6a0c9e1b7d3f5a92c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8',
  w: 'q7Zk2_m9Xv4-b8Rt3wP6n_y1Hc5jD0-lF2gS8kQ4zM7_xV3nB9rW5-tP1yH6cJ2dL8_fG0sK3qZ7mX4-vB9nR2wT6pY1hJ5cD',
};
// Each read forwards then backwards, made once: a shape may be twice as long as a stand-in.
const SAMPLE_THERE_AND_BACK = Object.fromEntries(Object.entries(SAMPLE).map(([k, v]) => [k, `${v}${[...v].reverse().join('')}`])) as typeof SAMPLE;
const SAMPLE_UUID = '8c3f1a2e-5b7d-4e9f-a1c3-6d2b8f4e0a97';

function sampleOf(shape: Shape): string {
  const part = shape.split('|')[0]!;
  if (part === 'u') return SAMPLE_UUID;
  const m = /^([achlwd])(\d+)/.exec(part)!;
  const chars = SAMPLE_THERE_AND_BACK[(m[1] === 'l' || m[1] === 'c' ? 'a' : m[1]) as keyof typeof SAMPLE];
  if (m[1] === 'c') return chars.slice(0, Number(m[2])).toUpperCase();
  return chars.slice(0, Number(m[2]));
}

function ruleOf([provider, shape, what = 'api-key', named]: Entry): Rule {
  const value = sampleOf(shape);
  const upper = provider.toUpperCase();
  const title = provider[0]!.toUpperCase() + provider.slice(1);
  return {
    id: `${provider}-${what}`,
    description: `${title} ${what.replace(/-/g, ' ')} (named by the provider nearby)`,
    severity: 'medium',
    provider,
    keywords: [provider],
    multiline: { begin: provider, asName: true },
    regex: regexOf(provider, shape),
    entropy: /^h\d/.test(shape) ? 2.8 : /^d\d/.test(shape) ? 2.5 : 3,
    allowMatch: named ? [HEX_WITHOUT_A_SECRET_WORD, NO_SECRET_WORD, NAMED_AN_ID] : [HEX_WITHOUT_A_SECRET_WORD],
    // The regex ignores case; an `l` shape's key has no capitals and a `c` shape's no lower case,
    // so a value with one is not it.
    verify: /^l\d/.test(shape)
      ? (v) => looksRandom(v) && v === v.toLowerCase()
      : /^c\d/.test(shape)
        ? (v) => looksRandom(v) && v === v.toUpperCase()
        : named
          ? looksRandomNamed
          : looksRandom,
    // Two of each: the family's forms are tested once, in provider-context.test.ts.
    truePositives: [`${upper}_${what.toUpperCase().replace(/-/g, '_')}="${value}"`, `${provider}:\n  api_key: '${value}'`],
    falsePositives: [`${provider}_api_key = "<your-${provider}-api-key>"`, `${provider}:\n  # the value is two lines down\n  api_key: '${value}'`],
  };
}

export const providerContextRules: Rule[] = PROVIDERS.map(ruleOf);
