package cli

import (
	"fmt"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"
)

// The help texts are built from the defaults and bounds, so they cannot
// drift from them.

const sourcesHelp = `SOURCE is a feed or article file, a directory (every supported file in it and
its subfolders, in name order), - for standard input, or an http:// or https:// URL. Formats are
detected from the content: RSS 0.9x/1.0/2.0, Atom, JSON Feed, and bilingual
article text (see docs/FORMATS.md). With no SOURCE, the built-in sample.
`

var loadFlagsHelp = fmt.Sprintf(`  --timeout DURATION   give up on a URL after this long (default %s,
                       from %s to %s)
  --max-mib N          refuse a source larger than N MiB (default %d, at most %d)
  --full-text          replace each article's summary with the article read
                       from its page (fetched once, then stored)
`, config.Duration(config.DefaultTimeout), config.Duration(config.MinTimeout), config.Duration(config.MaxTimeout), defaultMaxMiB, maxMaxMiB) + storeFlagsHelp

const storeFlagsHelp = `  --no-store           remember nothing: no database is read or written
                       (also XINWEN_NO_STORE=1)
`

var layoutFlagsHelp = fmt.Sprintf(`  --lang zh|en|both    language to start in (default zh)
  --ambiguous narrow|wide
                       width of East Asian Ambiguous characters such as “ ” … —
                       (default narrow; wide when RUNEWIDTH_EASTASIAN=1)
  --color auto|always|never
                       colour and styling (default auto; NO_COLOR is respected)
  --side-by-side N     show both languages in two columns from N columns up
                       (default %d, from %d to %d; narrower, paragraphs
                       interleave)
`, config.DefaultSideBySide, config.MinWidth, config.MaxWidth)

var mainUsage = `xinwen — read Chinese news and its English translation side by side

Usage:
  xinwen [flags] [SOURCE...]          open the reader
  xinwen list [flags] [SOURCE...]     print one headline per line
  xinwen export [flags] [SOURCE...]   print articles as JSON Lines
  xinwen show [flags] [SOURCE...] N   print article N as the reader shows it
  xinwen align [flags] [SOURCE...] [N]
                                      print the aligned sentence pairs
  xinwen search [flags] QUERY         find stored articles, in either language
  xinwen config [flags]               print the effective configuration and paths
  xinwen help [COMMAND]               show help for a command
  xinwen --version                    print the version

` + sourcesHelp + `
Flags of the reader:
` + layoutFlagsHelp + loadFlagsHelp + `
` + exitHelp

var listUsage = `Usage: xinwen list [flags] [SOURCE...]

Print one line per article: N<TAB>DATE<TAB>LANGS<TAB>TITLE. N counts from 1 in
load order (the N that 'xinwen show' takes), DATE is YYYY-MM-DD or -, LANGS is
zh+en, zh or en, TITLE is the Chinese title when there is one, else the English.
With --unread, only the articles not yet opened in the reader.

` + sourcesHelp + `
Flags:
  --unread             only unread articles
` + loadFlagsHelp

var exportUsage = `Usage: xinwen export [flags] [SOURCE...]

Print one JSON object per article per line (JSON Lines): id, link, published,
keywords, feed, and zh/en each with title and paragraphs. See docs/FORMATS.md.
With --translate, an article in one language gets the other by machine
translation, marked "machine": {"backend": ..., "model": ...}.

` + sourcesHelp + `
Flags:
` + translateFlagHelp + loadFlagsHelp

var showUsage = `Usage: xinwen show [flags] [SOURCE...] N

Print article N (numbered as 'xinwen list' numbers it) exactly as the reader's
article pane draws it. Plain text, without escape sequences, when standard
output is not a terminal or with --color never.

` + sourcesHelp + `
Flags:
` + fmt.Sprintf("  --width N            lay out at N columns, from %d to %d (default: the\n"+
	"                       terminal's, else %d)\n", config.MinWidth, config.MaxWidth, defaultWidth) + translateFlagHelp + layoutFlagsHelp + loadFlagsHelp

// translateFlagHelp is the help of --translate, which show and export take.
const translateFlagHelp = `  --translate          fill in the missing language by machine translation,
                       through the [translate] backend of config.toml; a
                       stored translation is used as it is (show: --lang
                       both unless given)
`

var alignUsage = `Usage: xinwen align [--format jsonl|tsv|tmx] [flags] [SOURCE...] [N]

Print the sentence pairs of every bilingual article, or of article N
(numbered as 'xinwen list' numbers it; a source named like a number is
written ./N), each Chinese sentence beside its translation, in order:

  jsonl  one JSON object per pair: {"article": N, "zh": "...", "en": "...",
         "score": 0.93}; a sentence without counterpart has "" on the other
         side (the default)
  tsv    zh<TAB>en per pair; tabs and line breaks in the text become spaces
  tmx    TMX 1.4b, one <tu> per pair (zh-CN and en), for OmegaT, memoQ or
         Trados to import as a translation memory

The sentences of one side of a pair are joined as they stand in the text.
An article in one language only prints nothing, and says so on stderr. See
docs/FORMATS.md.

` + sourcesHelp + `
Flags:
  --format jsonl|tsv|tmx
                       the output format (default jsonl)
` + loadFlagsHelp

var configUsage = `Usage: xinwen config [flags]

Print the effective configuration as TOML, and the paths xinwen uses. The
configuration file is $XDG_CONFIG_HOME/xinwen/config.toml (usually
~/.config/xinwen/config.toml); its keys are sources, lang, ambiguous, color,
browser, side_by_side and timeout, the [translate] table (backend, url, model,
api_key_env, auto, concurrency, timeout) and [[source]] tables (url or path,
auto_translate). Flags beat the file, the file beats the defaults; with
sources configured, 'xinwen' alone opens them. The API key itself is never
printed: api_key_env only names the variable that holds it.

Flags:
` + layoutFlagsHelp + loadFlagsHelp

const exitHelp = `Exit status: 0 when everything loaded (also when the output pipe closed
early, as with 'xinwen list | head'), 1 when a source failed (the others still
load; the reader too, once it closes), 2 for a bad command line or
configuration file, 3 for an internal error (a bug: please report it; set
XINWEN_DEBUG=1 for its stack trace).
`

const searchUsage = `Usage: xinwen search [flags] QUERY

Find stored articles (every article xinwen has loaded) by words in either
language, Chinese included, and print them as 'xinwen list' does. Every word
of QUERY must match. In the reader, press s to search.

Flags:
` + storeFlagsHelp
