package cli

const sourcesHelp = `SOURCE is a feed or article file, a directory (every supported file in it and
its subfolders, in name order), - for standard input, or an http:// or https:// URL. Formats are
detected from the content: RSS 0.9x/1.0/2.0, Atom, JSON Feed, and bilingual
article text (see docs/FORMATS.md). With no SOURCE, the built-in sample.
`

const loadFlagsHelp = `  --timeout DURATION   give up on a URL after this long (default 15s)
  --max-mib N          refuse a source larger than N MiB (default 32)
` + storeFlagsHelp

const storeFlagsHelp = `  --no-store           remember nothing: no database is read or written
                       (also XINWEN_NO_STORE=1)
`

const layoutFlagsHelp = `  --lang zh|en|both    language to start in (default zh)
  --ambiguous narrow|wide
                       width of East Asian Ambiguous characters such as “ ” … —
                       (default narrow; wide when RUNEWIDTH_EASTASIAN=1)
  --color auto|always|never
                       colour and styling (default auto; NO_COLOR is respected)
  --side-by-side N     show both languages in two columns from N columns up
                       (default 80; narrower, paragraphs interleave)
`

const mainUsage = `xinwen — read Chinese news and its English translation side by side

Usage:
  xinwen [flags] [SOURCE...]          open the reader
  xinwen list [flags] [SOURCE...]     print one headline per line
  xinwen export [flags] [SOURCE...]   print articles as JSON Lines
  xinwen show [flags] [SOURCE...] N   print article N as the reader shows it
  xinwen search [flags] QUERY         find stored articles, in either language
  xinwen config [flags]               print the effective configuration and paths
  xinwen help [COMMAND]               show help for a command
  xinwen --version                    print the version

` + sourcesHelp + `
Flags of the reader:
` + layoutFlagsHelp + loadFlagsHelp + `
Exit status: 0 when everything loaded, 1 when a source failed (the others
still load), 2 for a bad command line.
`

const listUsage = `Usage: xinwen list [flags] [SOURCE...]

Print one line per article: N<TAB>DATE<TAB>LANGS<TAB>TITLE. N counts from 1 in
load order (the N that 'xinwen show' takes), DATE is YYYY-MM-DD or -, LANGS is
zh+en, zh or en, TITLE is the Chinese title when there is one, else the English.
With --unread, only the articles not yet opened in the reader.

` + sourcesHelp + `
Flags:
  --unread             only unread articles
` + loadFlagsHelp

const exportUsage = `Usage: xinwen export [flags] [SOURCE...]

Print one JSON object per article per line (JSON Lines): id, link, published,
keywords, feed, and zh/en each with title and paragraphs. See docs/FORMATS.md.

` + sourcesHelp + `
Flags:
` + loadFlagsHelp

const showUsage = `Usage: xinwen show [flags] [SOURCE...] N

Print article N (numbered as 'xinwen list' numbers it) exactly as the reader's
article pane draws it. Plain text, without escape sequences, when standard
output is not a terminal or with --color never.

` + sourcesHelp + `
Flags:
  --width N            lay out at N columns (default: the terminal's, else 80)
` + layoutFlagsHelp + loadFlagsHelp

const configUsage = `Usage: xinwen config [flags]

Print the effective configuration as TOML, and the paths xinwen uses. The
configuration file is $XDG_CONFIG_HOME/xinwen/config.toml (usually
~/.config/xinwen/config.toml); its keys are sources, lang, ambiguous, color,
browser, side_by_side and timeout. Flags beat the file, the file beats the
defaults; with sources configured, 'xinwen' alone opens them.

Flags:
` + layoutFlagsHelp + loadFlagsHelp

const searchUsage = `Usage: xinwen search [flags] QUERY

Find stored articles (every article xinwen has loaded) by words in either
language, Chinese included, and print them as 'xinwen list' does. Every word
of QUERY must match. In the reader, press s to search.

Flags:
` + storeFlagsHelp
