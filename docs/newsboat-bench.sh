#!/usr/bin/env bash
# newsboat-bench.sh: xinwen beside newsboat on the same feeds (issue 11).
#
# Usage, from a clone:  bash docs/newsboat-bench.sh [--quick] [--runs N] [--only CASES]
#
#   --quick        best of 1 (--runs 1)
#   --runs N       best of N (default 3)
#   --only CASES   only these, comma-separated: a set (cdata-10k, escaped-10k,
#                  100k, first-frame) for all its cases, or SET/WHAT for one
#                  (cdata-10k/ingest).
#                  Default: everything.
#
# Installs newsboat with apt-get when it is missing (needs root; never run in
# CI), builds xinwen once, generates bilingual RSS feeds, serves them from
# python3 -m http.server on 127.0.0.1, and times each whole process, best of
# 3 (--quick: best of 1), with /usr/bin/time -f '%e %M' (wall seconds, peak
# RSS in KB). Each program gets its own temporary HOME and XDG folders, fresh
# for every ingest. It prints one table with the ratio xinwen/newsboat and
# the machine's load; docs/PERFORMANCE.md ("Daily reading") holds its figures.
#
# The feeds (a realistic mix of Chinese, English and bilingual titles):
#   cdata-10k.xml     10,000 items, long bodies (about 1.2 KB of HTML) in CDATA
#   escaped-10k.xml   10,000 items, short bodies (about 300 bytes), escaped
#   big-0..9.xml      10 × 10,000 items, the two shapes in turn
#   small-00..49.xml  50 × 200 items, and empty-00..39.xml: feeds with no item
#
# Cases:
#   ingest            xinwen refresh / newsboat -x reload, one subscription
#   again             the same once more: the server answers 304 to both
#                     programs' conditional GETs (newsboat 2.21 was sent the
#                     whole file once more on its first repeat, 304 after)
#   read              xinwen list / newsboat -x print-unread on that store
#                     (each for cdata-10k, escaped-10k, and 100k: the 10 big
#                     files as 10 subscriptions)
#   url               xinwen list URL of the one feed, which answers 304, and
#                     xinwen list of the subscription / newsboat -x
#                     print-unread: medians of $url_runs runs (25) taken in
#                     turn, timed around each process in python
#                     (/usr/bin/time counts in 10 ms); cdata-10k and
#                     escaped-10k
#   first frame       docs/firstframe.py on 10,000 stored in 50 subscriptions
#                     (small-*) and 100,000 stored in 50 (big-* and empty-*)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=3
url_runs=25
only=
usage() {
	echo "usage: bash docs/newsboat-bench.sh [--quick] [--runs N] [--only SET[/WHAT],...]" >&2
	exit 2
}
while (($#)); do
	case $1 in
	--quick) runs=1 ;;
	--runs)
		[[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage
		runs=$2
		shift
		;;
	--only)
		[[ -n ${2:-} ]] || usage
		only=,$2,
		shift
		;;
	*) usage ;;
	esac
	shift
done
# wanted SET [WHAT]: whether --only asks for SET (or SET/WHAT).
wanted() {
	[[ -z $only || $only == *,$1,* || ( -n ${2:-} && $only == *,$1/$2,* ) ]]
}
if [[ -n $only ]]; then
	for c in ${only//,/ }; do
		case $c in
		cdata-10k | escaped-10k | 100k | first-frame) ;;
		cdata-10k/* | escaped-10k/* | 100k/*)
			case ${c#*/} in ingest | again | read | url) ;; *) usage ;; esac
			;;
		*) usage ;;
		esac
	done
fi

if ! command -v newsboat >/dev/null; then
	if [[ $(id -u) -ne 0 ]]; then
		echo "newsboat-bench: newsboat is not installed and this is not root: apt-get install newsboat first" >&2
		exit 1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq newsboat >/dev/null
fi
for tool in python3 /usr/bin/time go; do
	command -v "$tool" >/dev/null || { echo "newsboat-bench: $tool is missing" >&2; exit 1; }
done

work=$(mktemp -d /tmp/newsboat-bench.XXXXXX)
server=
cleanup() {
	[[ -n $server ]] && kill "$server" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

echo "building xinwen ..." >&2
(cd "$repo" && go build -o "$work/xinwen" ./cmd/xinwen)
xinwen=$work/xinwen

echo "generating feeds ..." >&2
mkdir -p "$work/www"
python3 - "$work/www" <<'PY'
import datetime, email.utils, html, os, random, sys

out = sys.argv[1]
rnd = random.Random(11)
newest = datetime.datetime(2026, 11, 28, 20, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
zh_titles = ["国务院常务会议部署推进新型城镇化建设", "长江流域水质持续改善", "我国新能源汽车产销连续九年全球第一",
             "北京至天津城际铁路开通十五周年", "人工智能大模型备案数量增长", "今年夏粮再获丰收",
             "央行宣布下调存款准备金率", "中国空间站完成新一轮出舱活动", "多地推出稳就业新举措", "跨境电商进出口额创新高"]
en_titles = ["Shanghai port handles record container volume", "New subway lines open in Chengdu",
             "Exports of electric vehicles keep rising", "Scientists map the Yangtze finless porpoise",
             "Museum in Xi'an shows newly restored figures", "Farmers bring in the summer wheat harvest",
             "Central bank cuts the reserve requirement ratio", "Space station crew completes a spacewalk"]
zh_para = ["近日，国家统计局发布数据显示，前三季度国内生产总值同比增长百分之五点二，经济运行总体回升向好。",
           "截至目前，相关地方执法部门已向我方移交<strong>犯罪嫌疑人</strong>四万余名，充分展示了打击犯罪的决心和力度。",
           "专家表示，这条线路全长约一百二十公里，设计时速三百五十公里，把两地之间的旅行时间缩短到半小时左右。",
           "“我们将继续扩大高水平对外开放，”发言人说，“为各国企业提供更多机遇。”"]
en_para = ["Official figures show that gross domestic product grew by 5.2% in the first three quarters, a recovery on the whole.",
           "So far, local law enforcement has handed over more than <em>41,000 suspects</em>, as <a href=\"https://news.example/report\">the report</a> shows.",
           "The line is about 120 kilometres long and designed for 350 km/h; it cut the journey between the two cities to half an hour.",
           "\"We will keep opening up at a high level,\" the spokesperson said, \"and offer companies from every country more chances.\""]

def title(i):
    r = i % 10
    if r < 4:
        return "%s（第%d期）" % (zh_titles[rnd.randrange(len(zh_titles))], i)
    if r < 7:
        return "%s, part %d" % (en_titles[rnd.randrange(len(en_titles))], i)
    return "%s / %s" % (zh_titles[rnd.randrange(len(zh_titles))], en_titles[rnd.randrange(len(en_titles))])

def long_body(i):
    paras = []
    for k in range(8):
        src = zh_para if k % 2 == 0 else en_para
        paras.append("<p>%s</p>" % src[(i + k) % len(src)])
    return "<![CDATA[" + "".join(paras) + "]]>"

def short_body(i):
    return html.escape("<p>%s</p><p>%s</p>" % (zh_para[i % 4][:40], en_para[i % 4][:120]))

def write(name, n, shape, host):
    body = long_body if shape == "cdata" else short_body
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                "<title>%s</title><link>https://%s/</link><description>双语新闻 Bilingual news</description>\n" % (name, host))
        for i in range(n):
            when = newest - datetime.timedelta(minutes=7 * i)
            f.write("<item><title>%s</title><link>https://%s/%d</link><guid>https://%s/%d</guid>"
                    "<pubDate>%s</pubDate><category>新闻</category>"
                    "<description>%s</description></item>\n"
                    % (html.escape(title(i)), host, i, host, i,
                       email.utils.format_datetime(when), body(i)))
        f.write("</channel></rss>\n")

write("cdata-10k.xml", 10000, "cdata", "cdata.example")
write("escaped-10k.xml", 10000, "escaped", "escaped.example")
for k in range(10):
    write("big-%d.xml" % k, 10000, "cdata" if k % 2 == 0 else "escaped", "big%d.example" % k)
for k in range(50):
    write("small-%02d.xml" % k, 200, "cdata" if k % 2 == 0 else "escaped", "small%02d.example" % k)
for k in range(40):
    write("empty-%02d.xml" % k, 0, "escaped", "empty%02d.example" % k)
PY

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
base=http://127.0.0.1:$port
for _ in $(seq 50); do
	python3 -c "import urllib.request; urllib.request.urlopen('$base/empty-00.xml')" 2>/dev/null && break
	sleep 0.1
done

# home NAME: a fresh HOME with its own XDG folders, printed.
home() {
	local h=$work/home/$1
	rm -rf "$h"
	mkdir -p "$h/.newsboat" "$h/config" "$h/data" "$h/cache" "$h/state"
	echo "$h"
}

# run HOME CMD...: runs CMD with HOME and the XDG folders set to HOME's,
# output thrown away, and prints "seconds KB" for the whole process.
run() {
	local h=$1
	shift
	HOME=$h XDG_CONFIG_HOME=$h/config XDG_DATA_HOME=$h/data XDG_CACHE_HOME=$h/cache \
		XDG_STATE_HOME=$h/state /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" ||
		{ echo "newsboat-bench: $* failed:" >&2; cat "$work/stderr" >&2; exit 1; }
	tail -n 1 "$work/time"
}

# subscribe PROG HOME FEED...: the feeds as newsboat's urls file or as
# xinwen's subscriptions.
subscribe() {
	local prog=$1 h=$2 f
	shift 2
	for f in "$@"; do
		if [[ $prog == newsboat ]]; then
			echo "$base/$f" >>"$h/.newsboat/urls"
		else
			run "$h" "$xinwen" add "$base/$f" >/dev/null
		fi
	done
}

# best: of "seconds KB" lines, the fastest time and the largest peak RSS.
best() {
	sort -n | awk 'NR == 1 { t = $1 } $2 > m { m = $2 } END { printf "%s %d\n", t, m }'
}

# cmd PROG WHAT HOME: the command line of newsboat or xinwen for WHAT
# (ingest, again, read). newsboat's files are named outright: without
# ~/.newsboat it would look under the XDG folders.
cmd() {
	local nb=(newsboat -u "$3/.newsboat/urls" -c "$3/.newsboat/cache.db" -C "$3/.newsboat/config")
	case $1/$2 in
	newsboat/ingest | newsboat/again) echo "${nb[@]}" -x reload ;;
	newsboat/read) echo "${nb[@]}" -x print-unread ;;
	xinwen/ingest | xinwen/again) echo "$xinwen" refresh ;;
	xinwen/read) echo "$xinwen" list ;;
	esac
}

declare -A result
# bench SET FEED...: best of $runs ingests of FEEDs into a fresh home, the
# two programs in turn (so that a change of the machine's load falls on
# both), then, on each program's last home, best of $runs second refreshes
# (every feed answers 304) and read-backs. Only the cases --only asks for
# are timed (a read-back still needs one ingest).
bench() {
	local set=$1 prog h i what n=1
	shift
	wanted "$set" ingest || wanted "$set" again || wanted "$set" read || { [[ $# -eq 1 ]] && wanted "$set" url; } || return 0
	wanted "$set" ingest && n=$runs
	declare -A out=()
	for ((i = 0; i < n; i++)); do
		for prog in newsboat xinwen; do
			echo "$set: $prog ingest $((i + 1))/$n ..." >&2
			h=$(home "$prog-$set")
			touch "$h/.newsboat/config"
			subscribe "$prog" "$h" "$@"
			# shellcheck disable=SC2046
			out[$prog]+="$(run "$h" $(cmd "$prog" ingest "$h"))"$'\n'
		done
	done
	if wanted "$set" ingest; then
		for prog in newsboat xinwen; do
			result[$set/ingest/$prog]=$(printf '%s' "${out[$prog]}" | best)
		done
	fi
	for what in again read; do
		wanted "$set" "$what" || continue
		for prog in newsboat xinwen; do
			echo "$set: $prog $what ..." >&2
			h=$work/home/$prog-$set
			out[$prog]=
			for ((i = 0; i < runs; i++)); do
				# shellcheck disable=SC2046
				out[$prog]+="$(run "$h" $(cmd "$prog" "$what" "$h"))"$'\n'
			done
			result[$set/$what/$prog]=$(printf '%s' "${out[$prog]}" | best)
		done
	done
	if [[ $# -eq 1 ]] && wanted "$set" url; then
		echo "$set: xinwen list URL, xinwen list / newsboat print-unread, $url_runs runs each ..." >&2
		local nh=$work/home/newsboat-$set xh=$work/home/xinwen-$set
		local xenv=(env HOME="$xh" XDG_CONFIG_HOME="$xh/config" XDG_DATA_HOME="$xh/data" XDG_CACHE_HOME="$xh/cache"
			XDG_STATE_HOME="$xh/state")
		# shellcheck disable=SC2046
		result[$set/url]=$(python3 "$work/alternate.py" "$url_runs" \
			env HOME="$nh" $(cmd newsboat read "$nh") -- \
			"${xenv[@]}" "$xinwen" list "$base/$1" -- "${xenv[@]}" "$xinwen" list)
	fi
}

# alternate.py N CMD1... -- CMD2... [-- CMD3...]: runs the commands in
# turn N times each, output thrown away, and prints the median and the
# fastest wall-clock seconds of each: "median1 min1 median2 min2 ...".
cat >"$work/alternate.py" <<'PY'
import statistics, subprocess, sys, time
n, cmds = int(sys.argv[1]), [[]]
for arg in sys.argv[2:]:
	if arg == "--":
		cmds.append([])
	else:
		cmds[-1].append(arg)
times = [[] for _ in cmds]
for _ in range(n):
	for c, t in zip(cmds, times):
		start = time.perf_counter()
		subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
		t.append(time.perf_counter() - start)
print(" ".join("%.4f %.4f" % (statistics.median(t), min(t)) for t in times))
PY

bench cdata-10k cdata-10k.xml
bench escaped-10k escaped-10k.xml
bench 100k big-{0..9}.xml

# The articles each program stored, as a check that both read everything.
count_nb() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from rss_item").fetchone()[0])' "$1/.newsboat/cache.db"; }
count_xw() { HOME=$1 XDG_CONFIG_HOME=$1/config XDG_DATA_HOME=$1/data "$xinwen" list | wc -l; }

if wanted first-frame; then
	echo "first frames ..." >&2
	h=$(home xinwen-ff10k)
	subscribe xinwen "$h" small-{00..49}.xml
	run "$h" "$xinwen" refresh >/dev/null
	ff() {
		local h=$1 marker=$2
		HOME=$h XDG_CONFIG_HOME=$h/config XDG_CACHE_HOME=$h/cache XDG_STATE_HOME=$h/state FFXDG=$h/data \
			python3 "$repo/docs/firstframe.py" "$xinwen" "$marker" | sed 's/^first frame: //'
	}
	ff10k=$(ff "$h" "${FF10K_MARKER:-10000 articles}")
	h=$work/home/xinwen-100k
	if [[ ! -d $h ]]; then
		h=$(home xinwen-100k)
		subscribe xinwen "$h" big-{0..9}.xml
	fi
	subscribe xinwen "$h" empty-{00..39}.xml
	run "$h" "$xinwen" refresh >/dev/null
	ff100k=$(ff "$h" "${FF100K_MARKER:-100000 articles}")
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
printf '\n%-22s %18s %18s %14s\n' "case" "newsboat s / KB" "xinwen s / KB" "time, memory"
for set in cdata-10k escaped-10k 100k; do
	for what in ingest again read; do
		[[ -n ${result[$set/$what/newsboat]:-} ]] || continue
		read -r nt nm <<<"${result[$set/$what/newsboat]}"
		read -r xt xm <<<"${result[$set/$what/xinwen]}"
		printf '%-22s %9s %8s %9s %8s %6s× %6s×\n' "$set $what" "$nt" "$nm" "$xt" "$xm" \
			"$(ratio "$xt" "$nt")" "$(ratio "$xm" "$nm")"
	done
done
for set in cdata-10k escaped-10k; do
	[[ -n ${result[$set/url]:-} ]] || continue
	read -r nmed nmin xmed xmin smed smin <<<"${result[$set/url]}"
	printf '%-22s %9s %8s %9s %8s %6s×\n' "$set url (304)" "$nmed" "-" "$xmed" "-" "$(ratio "$xmed" "$nmed")"
	printf '%-22s %9s %8s %9s %8s %6s×\n' "  fastest of $url_runs" "$nmin" "-" "$xmin" "-" "$(ratio "$xmin" "$nmin")"
	printf '%-22s %9s %8s %9s %8s %6s×\n' "$set list (subs)" "$nmed" "-" "$smed" "-" "$(ratio "$smed" "$nmed")"
	printf '%-22s %9s %8s %9s %8s %6s×\n' "  fastest of $url_runs" "$nmin" "-" "$smin" "-" "$(ratio "$smin" "$nmin")"
done
echo
if [[ -d $work/home/newsboat-100k ]]; then
	echo "stored: newsboat $(count_nb "$work/home/newsboat-100k") and xinwen $(count_xw "$work/home/xinwen-100k") of 100,000"
fi
if wanted first-frame; then
	echo "first frame, 10,000 stored, 50 subscriptions: $ff10k"
	echo "first frame, 100,000 stored, 50 subscriptions: $ff100k"
fi
echo "(ingest: xinwen refresh / newsboat -x reload into a fresh home; again: the same once more, every feed"
echo " answering 304; read: xinwen list / newsboat -x print-unread; best of $runs, largest peak RSS;"
echo " url: xinwen list URL at 304 and xinwen list / newsboat -x print-unread, medians of $url_runs runs in turn)"
echo "newsboat $(newsboat -v | head -n 1 | cut -d' ' -f2), xinwen $(git -C "$repo" rev-parse --short HEAD), $(nproc) cores, load:$(uptime | sed 's/.*load average://')"
