package cli

// The long help of each command. Flags are described where they are
// registered (options.register), with their defaults, so help cannot drift
// from them.

const sourcesHelp = `SOURCE is a feed or article file, a directory (every supported file in it and
its subfolders, in name order), - for standard input, or an http:// or https:// URL. Formats are
detected from the content: RSS 0.9x/1.0/2.0, Atom, JSON Feed, and bilingual
article text (see docs/FORMATS.md). With no SOURCE, the subscriptions and the
configured sources, else the built-in sample.`

const exitHelp = `Exit status: 0 when everything loaded (also when the output pipe closed
early, as with 'xinwen list | head'), 1 when a source failed (the others still
load; the reader too, once it closes), 2 for a bad command line or
configuration file, 3 for an internal error (a bug: please report it; set
XINWEN_DEBUG=1 for its stack trace), 129 and 131 when SIGHUP or SIGQUIT
ended it.`

const rootLong = `xinwen — read Chinese news and its English translation side by side.

With no command, xinwen opens the reader on the sources.

` + sourcesHelp + `

` + exitHelp

const listLong = `Print one line per article: N<TAB>DATE<TAB>LANGS<TAB>TITLE. N counts from 1 in
load order (the N that 'xinwen show' takes), DATE is YYYY-MM-DD or -, LANGS is
zh+en, zh or en, TITLE is the Chinese title when there is one, else the English.
With --unread, only the articles not yet opened in the reader. With
subscriptions and no SOURCE, the stored headlines of every subscription,
newest first, without waiting for the network ('xinwen refresh' fetches them).

` + sourcesHelp

const exportLong = `Print one JSON object per article per line (JSON Lines): id, link, published,
keywords, feed, and zh/en each with title and paragraphs. See docs/FORMATS.md.
With --translate, an article in one language gets the other by machine
translation, marked "machine": {"backend": ..., "model": ...}. With --opml,
print the subscriptions as an OPML 2.0 file instead, tags as folders.

` + sourcesHelp

const showLong = `Print article N (numbered as 'xinwen list' numbers it) exactly as the reader's
article pane draws it. Plain text, without escape sequences, when standard
output is not a terminal or with --color never. With --translate, the article
beside its machine translation (--lang both unless given).

` + sourcesHelp

const alignLong = `Print the sentence pairs of every bilingual article, or of article N
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

` + sourcesHelp

const configLong = `Print the effective configuration as TOML, and the paths xinwen uses. The
configuration file is $XDG_CONFIG_HOME/xinwen/config.toml (usually
~/.config/xinwen/config.toml); its keys are sources, lang, ambiguous, color,
browser, side_by_side, timeout and keep, the [translate] table (backend, url,
model, api_key_env, auto, concurrency, timeout) and [[source]] tables (url or
path, auto_translate, full_text). Flags beat the file, the file beats the
defaults; with sources configured, 'xinwen' alone opens them. The API key
itself is never printed: api_key_env only names the variable that holds it.`

const searchLong = `Find stored articles (every article xinwen has loaded) by words in either
language, Chinese included, and print them as 'xinwen list' does. Every word
of QUERY must match. In the reader, press s to search.`
