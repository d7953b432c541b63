#!/usr/bin/env python3
"""Write 10,000 articles in the bilingual text format (about 31 MB) to stdout.

Usage: docs/bigtext.py SEED > big.txt   (SEED: ../shared/seed/000_20ace1429fac22ad.txt)
Each article is the seed with its figure, title, date and link varied.
"""
import random, sys

random.seed(1)
seed = open(sys.argv[1], encoding="utf-8").read()
zh, rest = seed.split("Title:", 1)
title, body = rest.split("\n", 1)
en = body.split("【来源】")[0]
out = sys.stdout
for i in range(10000):
    z = zh.replace("4.1万", "%d.%d万" % (random.randint(1, 99), random.randint(0, 9)))
    out.write("%sTitle: Article %d %s\n%s【来源】http://www.chinanews.com/gn/2024/01-%02d/%d.shtml\n\n"
              "Views: %d\n\n发表回复\n\n您的邮箱地址不会被公开。 必填项已用 * 标注\n\n"
              % (z, i, title.strip(), en, i % 28 + 1, 10000000 + i, i))
