package feed

import (
	"path/filepath"
	"strings"
)

// SourceName returns the one name of a source, the name its articles carry
// in Source and the key the Cache, read marks and subscriptions know it by,
// so that two spellings of one source are one source and two sources never
// share a name:
//
//   - "-" (standard input) stays "-", and "" stays "".
//   - An http or https URL gets a lower-case scheme and host, loses the
//     default port (":80", ":443", or a bare ":"); its user information,
//     path, query and fragment are kept byte for byte (an empty path stays
//     empty, as subscriptions already stored have it).
//     "HTTP://Example.COM:80/a" is "http://example.com/a".
//   - Any other "scheme://..." is returned unchanged (Load refuses it).
//   - Anything else is a local path, made absolute from the working
//     directory and cleaned (filepath.Abs): "news.xml", "./news.xml" and
//     "/cwd//news.xml" are all "/cwd/news.xml". Symbolic links are not
//     resolved: the name is the path as the user means it, and Load opens
//     that very name, so that "a/link/../news.xml" names, and reads,
//     "a/news.xml". When the working directory cannot be found, the path
//     is only cleaned.
//
// The built-in sample is saved as SampleSource, which SourceName never
// returns for a path: a file called "sample" is "/cwd/sample".
func SourceName(source string) string {
	switch {
	case source == "" || source == "-":
		return source
	case isURL(source):
		return urlSourceName(source)
	case hasScheme(source):
		return source
	}
	abs, err := filepath.Abs(source)
	if err != nil {
		return filepath.Clean(source)
	}
	return abs
}

// urlSourceName is SourceName for an http or https URL: the scheme and host
// lower case, no default port. The rest is left byte for byte, so that no
// escaping is added or taken away.
func urlSourceName(source string) string {
	scheme, rest, _ := strings.Cut(source, "://")
	scheme = strings.ToLower(scheme)
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	userinfo := ""
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		userinfo, authority = authority[:at+1], authority[at+1:]
	}
	host, port := splitHostPort(authority)
	if port == "" || scheme == "http" && port == "80" || scheme == "https" && port == "443" {
		port = ""
	} else {
		port = ":" + port
	}
	return scheme + "://" + userinfo + strings.ToLower(host) + port + tail
}

// splitHostPort splits an authority's host from its port ("" when there is
// none, or only a bare colon). An IPv6 literal keeps its brackets.
func splitHostPort(hostport string) (host, port string) {
	colon := strings.LastIndexByte(hostport, ':')
	if colon < 0 || strings.LastIndexByte(hostport, ']') > colon {
		return hostport, ""
	}
	return hostport[:colon], hostport[colon+1:]
}
