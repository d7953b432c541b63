# gen.py writes the test pages of this directory: python3 gen.py
zh_paras = ["国务院新闻办公室今天上午举行新闻发布会，国家发展改革委有关负责人介绍了今年前三季度经济运行情况，并回答了记者提问。",
"数据显示，前三季度国内生产总值同比增长百分之五点二，就业形势总体稳定，城镇调查失业率平均为百分之五点三，比上半年有所下降。",
"这位负责人表示，下一步将继续加大宏观政策调控力度，着力扩大国内需求，推动经济持续回升向好，为完成全年目标任务打下坚实基础。",
"在回答关于房地产市场的问题时，他说，有关部门将因城施策，支持刚性和改善性住房需求，促进房地产市场平稳健康发展。",
"他还表示，将进一步优化营商环境，完善支持民营经济发展的政策措施，让各类经营主体放心投资、安心经营、专心创业。",
"发布会上，国家统计局新闻发言人也通报了工业生产、消费、投资和对外贸易等方面的最新数据，多项指标好于市场预期。"]
en_paras = ["The State Council Information Office held a press conference this morning, at which an official of the National Development and Reform Commission described the economy in the first three quarters and answered questions.",
"Figures show that gross domestic product grew by 5.2 per cent year on year in the first three quarters; employment was broadly stable, with the surveyed urban unemployment rate averaging 5.3 per cent, lower than in the first half.",
"The official said that macroeconomic policy would be stepped up further, with efforts to expand domestic demand and keep the recovery going, laying a solid foundation for meeting the year's targets.",
"Answering a question about the property market, he said the authorities would adapt policy to each city, support people buying their first or a better home, and promote the steady and healthy development of the market.",
"He added that the business environment would be improved further and that policies supporting the private economy would be refined, so that businesses of every kind can invest, operate and start up with confidence.",
"At the conference a spokesman of the National Bureau of Statistics also gave the latest figures on industrial output, consumption, investment and foreign trade, several of which beat market expectations."]
debris = '''<nav class="top"><a href="/">首页</a> <a href="/gn/">国内</a> <a href="/gj/">国际</a> 导航菜单</nav>
<div class="ad-banner">广告：点击领取优惠券</div>
<script>var tracker = "脚本不应出现";</script><style>.x{content:"样式不应出现"}</style>
<iframe src="https://ads.example.com/">框架不应出现</iframe>
<form action="/search"><input name="q" value="搜索表单"><button>搜索按钮</button></form>
<!-- 注释不应出现 -->'''
tail = '''<div class="share-buttons"><a href="#">分享到微博</a> <a href="#">分享到微信</a></div>
<div id="comments"><h3>网友评论</h3><p>评论内容不应出现，这是一条很长的评论，用来确认评论区不会进入正文。网友评论内容不应出现。</p><form><textarea>发表评论</textarea></form></div>
<aside class="related"><h3>相关新闻</h3><ul><li><a href="/1">相关新闻标题一</a></li><li><a href="/2">相关新闻标题二</a></li></ul></aside>
<footer>版权所有 示例新闻网 京ICP备00000000号</footer>'''


def page(lang, title, paras, extra_head='', charset_meta='<meta charset="utf-8">', canonical='https://news.example.com/2024/10/18/economy.html', site='示例新闻网'):
    body = ''.join(f'<p>{p}</p>\n' for p in paras)
    return f'''<!DOCTYPE html>
<html lang="{lang}"><head>{charset_meta}
<title>{title} - {site}</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-10-18T10:30:00+08:00">
<link rel="canonical" href="{canonical}">
{extra_head}
</head><body>
{debris}
<article><h1>{title}</h1>
<div class="content">
{body}</div></article>
{tail}
</body></html>
'''


zt = "前三季度经济运行总体平稳"
et = "Economy steady in first three quarters"
open('gbk-news.html', 'wb').write(page('zh-CN', zt, zh_paras, charset_meta='<meta http-equiv="Content-Type" content="text/html; charset=gbk">').encode('gbk'))
open('utf8-meta-gb2312.html', 'wb').write(page('zh-CN', zt, zh_paras, charset_meta='<meta charset="gb2312">').encode('utf-8'))
inter = [x for pair in zip(zh_paras, en_paras) for x in pair]
open('bilingual.html', 'w').write(page('zh-CN', zt + ' | ' + et, inter, canonical='https://cn.example.com/bilingual/economy'))
open('hreflang-zh.html', 'w').write(page('zh-CN', zt, zh_paras, canonical='/zh/economy.html',
     extra_head='<link rel="alternate" hreflang="en" href="/en/economy.html"><link rel="alternate" hreflang="zh-CN" href="/zh/economy.html">'))
open('hreflang-en.html', 'w').write(page('en', et, en_paras, canonical='/en/economy.html', site='Example News',
     extra_head='<link rel="alternate" hreflang="zh-Hans" href="/zh/economy.html">'))
open('jsonld.html', 'w').write('''<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Rail network grows</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","headline":"Rail network grows","datePublished":"2024-01-10T08:00:00Z"}]}</script></head>
<body><div id="main"><time datetime="2023-05-05">5 May</time>''' + ''.join(f'<p>{p}</p>' for p in en_paras) + '</div></body></html>\n')
open('index.html', 'w').write('<!DOCTYPE html><html><head><title>Example News</title></head><body><nav><a href="/a">A</a></nav><ul>' +
     ''.join(f'<li><a href="/{i}">Headline {i}</a></li>' for i in range(30)) + '</ul></body></html>\n')
