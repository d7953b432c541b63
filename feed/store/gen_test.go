package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// Realistic bilingual articles for tests and benchmarks: news vocabulary
// drawn with a Zipf distribution, so a few words are in almost every article
// and most are rare, as in real news.

var zhWords = strings.Fields(`
的 在 和 了 是 我国 中国 发展 合作 经济 国家 人民 政府 工作 建设 推进 加强 全面 新闻
发布会 公安部 电信 网络 诈骗 犯罪 打击 执法 部门 地区 边境 警务 安全 国际 继续 保持
沟通 共同 跨境 活动 保障 财产 群众 严重 威胁 权益 高度 重视 不断 严厉 行动 警方 紧密
围绕 团伙 通道 资产 目标 实施 链条 抓获 嫌疑人 有效 震慑 分子 维护 空间 稳定 进一步
成果 充分 展示 决心 力度 近年来 猖獗 构成 保护 合法 此类 开展 多轮 部署 移交 截至
目前 相关 地方 市场 企业 科技 创新 改革 开放 教育 医疗 卫生 文化 旅游 交通 能源 环境
生态 农业 农村 城市 人口 就业 收入 消费 投资 出口 贸易 金融 银行 货币 政策 数据 统计
增长 下降 同比 季度 全年 上半年 记者 采访 表示 指出 强调 会议 召开 举行 代表 委员 人大
政协 中央 地方 省 市 县 乡 村 世界 全球 美国 日本 欧洲 非洲 亚洲 联合国 组织 峰会
气候 变化 碳 排放 新能源 汽车 电池 芯片 人工智能 互联网 平台 用户 服务 产品 质量
标准 体系 机制 制度 法律 法规 条例 规定 管理 监督 检查 风险 防范 应急 救援 灾害 地震
洪水 台风 天气 气温 降雨 春节 假期 游客 航班 铁路 高铁 公路 港口 机场 物流 快递`)

var enWords = strings.Fields(`
the of and to in a that is for on with as by China Chinese government police law
enforcement cooperation fraud telecom crime suspects Myanmar border security public
ministry spokesperson revealed response citizens deployed launched multiple rounds strikes
date relevant departments transferred achievement demonstrates determination strength
combating recent years activities rampant serious threat property safety protect legitimate
rights interests people attaches importance continuously strengthens focused goals gangs
networks channels assets implement comprehensive chain attack arrested effectively deterring
criminal elements maintaining stability network space further international continue
maintain close communication countries regions jointly cross-border protecting economy
economic growth trade exports imports market markets company companies technology
innovation reform education health culture tourism transport energy environment climate
emissions electric vehicles battery chips artificial intelligence internet platform users
services quality standards policy data statistics quarter year percent rose fell reporter
said noted stressed meeting held delegates congress central local province city county
village world global United States Japan Europe Africa Asia summit change carbon
agriculture rural urban population employment income consumption investment finance bank
currency rates inflation holiday tourists flights railway highway port airport logistics
weather temperature rain typhoon earthquake flood rescue emergency risk prevention`)

// gen makes articles from a fixed seed, so every run builds the same data.
type gen struct {
	r      *rand.Rand
	zh, en *rand.Zipf
	zone   *time.Location
	base   time.Time
}

func newGen(seed uint64) *gen {
	r := rand.New(rand.NewPCG(seed, 2024))
	return &gen{
		r:    r,
		zh:   rand.NewZipf(r, 1.1, 2, uint64(len(zhWords)-1)),
		en:   rand.NewZipf(r, 1.1, 2, uint64(len(enWords)-1)),
		zone: time.FixedZone("CST", 8*3600),
		base: time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC),
	}
}

// zhText returns about n Han characters of Chinese, with commas and a full
// stop.
func (g *gen) zhText(n int) string {
	var b strings.Builder
	count := 0
	for count < n {
		w := zhWords[g.zh.Uint64()]
		b.WriteString(w)
		count += len([]rune(w))
		if g.r.IntN(8) == 0 {
			b.WriteString(",")
		}
	}
	b.WriteString("。")
	return b.String()
}

// enText returns about n bytes of English words.
func (g *gen) enText(n int) string {
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(enWords[g.en.Uint64()])
	}
	b.WriteByte('.')
	return b.String()
}

// article returns the nth article: about 3 KB, a Chinese title and five
// paragraphs, an English title and five paragraphs (one with spans),
// keywords and a publication time in China Standard Time.
func (g *gen) article(n int) feed.Article {
	a := feed.Article{
		ID:        fmt.Sprintf("https://news.example.com/2024/%07d.html", n),
		Link:      fmt.Sprintf("https://news.example.com/2024/%07d.html", n),
		Published: g.base.Add(time.Duration(n) * time.Minute).In(g.zone),
		Keywords:  []string{enWords[g.en.Uint64()], enWords[g.en.Uint64()], zhWords[g.zh.Uint64()]},
		Feed:      "Example News",
		ZH:        &feed.Version{Title: g.zhText(14)},
		EN:        &feed.Version{Title: g.enText(50)},
	}
	for range 5 {
		a.ZH.Blocks = append(a.ZH.Blocks, feed.Block{Text: g.zhText(80)})
		a.EN.Blocks = append(a.EN.Blocks, feed.Block{Text: g.enText(300)})
	}
	text := a.EN.Blocks[1].Text
	a.EN.Blocks[1].Spans = []feed.Span{
		{Kind: feed.Strong, Start: 0, End: strings.IndexByte(text, ' ')},
		{Kind: feed.LinkSpan, Start: len(text) - 10, End: len(text) - 1, URL: a.Link},
	}
	return a
}

// articles returns articles from..to-1.
func (g *gen) articles(from, to int) []feed.Article {
	out := make([]feed.Article, 0, to-from)
	for n := from; n < to; n++ {
		out = append(out, g.article(n))
	}
	return out
}
