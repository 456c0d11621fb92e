// Values that follow a `key`/`token`/`secret` name but name a build, not a credential: version
// strings (`1.2.3-beta.4+build.5`, `v2.31.1-14-g2414721`), platform triplets with a CI verdict
// (vcpkg's `libsecret:x64-uwp=fail`) and release labels (`release-2024.05.01-rc2`).

// One part of a version's pre-release or build label: a number, a word with a short number
// (`rc2`, `post3`), or a commit (`g2414721`, `5114f85`).
const LABEL_PART = '(?:\\d+|[A-Za-z]+\\d{0,4}|g?[0-9a-f]{7,40})';

// Words that only a build or platform label holds.
const BUILD_WORD =
  '(?:release|build|snapshot|nightly|alpha|beta|rc\\d*|dev|debug|stable|canary|x86|x64|amd64|arm64|aarch64|arm|uwp|win(?:32|64)?|windows|linux|darwin|osx|macos|ubuntu|debian|alpine|static|musl|gnu|mingw)';

export const VERSION_VALUES: RegExp[] = [
  // Semantic and PEP 440 versions, with pre-release and build labels, and `git describe`.
  new RegExp(`^v?\\d+(?:\\.\\d+){1,3}(?:[-+~._]${LABEL_PART})*$`),
  // Build and platform labels: plain words and numbers, one of them a build word, and an
  // optional CI verdict (`x64-uwp=fail`).
  new RegExp(
    `^(?=(?:.*[-_.])?${BUILD_WORD}(?:[-_.=]|$))[A-Za-z]+\\d{0,3}(?:[-_.](?:[A-Za-z]+\\d{0,3}|\\d+))*(?:=(?:fail|skip|pass))?$`,
    'i',
  ),
];

/** XML elements whose name says they hold an id, a name or a path, not a secret (`<UserSecretsId>`). */
export const METADATA_XML_ELEMENT = /^<[\w.:-]*?(?:id|ids|name|file|path|url|uri|type)>/i;
