# chats-blind-1219: the typed source of chats.jsonl (build.py shuffles and numbers the chats).
# Each chat: (language tag, vip, [(text, code), ...]).
# Codes: S:<label> small talk; A:<ids> answer with its FAQ ids; C clarify;
#        H / H:<reason> the first handoff; X a later non-small-talk turn.
# LEAN holds the chats of this set's lean (where/when things are delivered, fees, express,
# customs; prices after purchase), including their hard neighbours; REST spreads over the kb.

LEAN = [
    ("zh", False, [
        ("你好呀", "S:greeting"),
        ("我在杭州西湖区 下午两点多拍的 明天能收到不 急着用", "A:shipping-delivery-time"),
        ("那新疆呢 我妈在伊犁 也想给她寄一个", "A:shipping-remote-areas,shipping-delivery-time"),
        ("好滴 谢谢", "S:thanks"),
    ]),
    ("en", False, [
        ("hiya", "S:greeting"),
        ("can you send stuff to melbourne? its for my sister, she lives in carlton", "A:shipping-international"),
        ("how many days roughly, and will she get stuck paying tax when it lands", "A:shipping-international"),
        ("cheers mate", "S:thanks"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("how long to a small town in guangxi? its a village outside guilin, not the city", "A:shipping-delivery-time"),
        ("and if i need it quicker than that?", "A:shipping-express"),
        ("k thx", "S:thanks"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("我昨天买的空气炸锅今天就降了40 😭 能把差价补给我吗 订单号2026121738847120", "A:price-protection"),
        ("我是看直播下的单 这样也能退差价吗", "A:price-protection"),
        ("哦 好吧", "S:affirm"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("寄到 Hong Kong 沙田 要几天啊", "A:shipping-international"),
        ("邮费要多少钱 满多少能 free shipping 到那边", "A:shipping-international,shipping-fees"),
        ("ok thanks", "S:thanks"),
    ]),
    ("zh", False, [
        ("在不", "S:are_you_there"),
        ("西藏日喀则能送到吗 大概要走几天", "A:shipping-remote-areas"),
        ("满99包邮对我们那边也算吗", "A:shipping-remote-areas,shipping-fees"),
        ("行吧 知道了", "S:affirm"),
        ("拜拜", "S:goodbye"),
    ]),
    ("zh", False, [
        ("您好", "S:greeting"),
        ("物流显示昨天下午就签收了 可我一整天都在家 没人敲门 快递柜里也没有 单号SF1428863390127", "H"),
        ("东西八百多 快点帮我查一下", "X"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("bought a rice cooker on the 5th for 399, today its showing 329. can i get the 70 back?", "A:price-protection"),
        ("wait it was 9 days ago, does that still count", "A:price-protection"),
        ("ah ok", "S:affirm"),
    ]),
    ("zh", False, [
        ("客服你好", "S:greeting"),
        ("双十二预售那个付了30定金 尾款不想付了 定金能退回来不", "A:cancellation-fee"),
        ("可是页面上写的8号发货 今天都12号了还没动静", "H"),
        ("尽快给个说法", "X"),
        ("再拖下去我就去平台投诉了", "X"),
    ]),
    ("en", False, [
        ("can you ship to my flat in singapore, jurong west area", "A:shipping-international"),
        ("and what about sydney, my cousin wants one too", "A:shipping-international"),
        ("who covers customs on those", "A:shipping-international"),
        ("sweet", "S:affirm"),
    ]),
    ("zh", False, [
        ("在吗在吗", "S:are_you_there"),
        ("快递员打电话说我这是偏远件 要我再给他15块才送上门 这合理吗 我在湖南邵阳隆回县", "H"),
        ("下单的时候运费我都付过了的", "X"),
    ]),
    ("mixed", False, [
        ("hi 亲", "S:greeting"),
        ("满99包邮 是按用 coupon 之前还是之后的价格算", "A:shipping-fees"),
        ("现在凑了96 差三块 那运费收多少", "A:shipping-fees"),
        ("okk", "S:affirm"),
    ]),
    ("zh", True, [
        ("你好", "S:greeting"),
        ("要寄一台按摩椅到海南三亚 这么大件能送吗 能帮忙搬上楼不 六楼没电梯", "H"),
        ("好的 等你们消息", "S:affirm"),
    ]),
    ("en", True, [
        ("how much extra for SF next day to shenzhen nanshan", "A:shipping-express"),
        ("great, thanks", "S:thanks"),
    ]),
    ("en", False, [  # pinyin throughout: the script check reads it as English
        ("ni hao", "S:greeting"),
        ("fa wulumuqi yao ji tian a, bao you ma", "A:shipping-remote-areas"),
        ("xie xie", "S:thanks"),
    ]),
    ("en", False, [
        ("tracking says delivered to the front desk at 11:02 but reception has nothing and neither does the locker. order 2026120955120384", "H"),
        ("can someone actually call the courier pls, my number is 138 2217 6640", "X"),
    ]),
    ("zh", False, [
        ("早上好", "S:greeting"),
        ("我人在日本大阪 能直接寄过来吗", "A:shipping-international"),
        ("到了那边海关收的税 是我付还是你们付", "A:shipping-international"),
        ("从发货到大阪手上 一般要多久", "A:shipping-international"),
        ("明白了 谢谢啦", "S:thanks"),
    ]),
    ("zh", False, [
        ("寄到台湾新北的包裹卡在海关了 让我补实名认证跟购买凭证 你们能帮忙提供吗", "H"),
        ("单号TW2026553810 收件人林小姐 0912-338-476", "X"),
    ]),
    ("en", False, [
        ("hi there", "S:greeting"),
        ("im in london, will this hair dryer work on uk 230v or do i need an adapter", "H"),
    ]),
    ("en", False, [
        ("hello!", "S:greeting"),
        ("ordering from toronto, can i pay with my canadian mastercard", "A:payment-methods"),
        ("and you can actually ship there too?", "A:shipping-international"),
        ("perfect", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("同一款电饭煲 拼多多上比你们便宜60 能按那个价给我吗", "H"),
        ("不行我就去那边买了", "X"),
    ]),
    ("mixed", False, [
        ("hi 我付了定金的那个 presale 面霜 现在直接买比定金加尾款还便宜 能退差价吗", "A:price-protection"),
        ("尾款昨天才付的", "A:price-protection"),
        ("好 我去试试", "S:affirm"),
    ]),
    ("mixed", False, [
        ("北京朝阳 今天上午下单 有 same day 吗 急用", "A:shipping-express"),
        ("走顺丰的话多收几块", "A:shipping-express"),
        ("行 那我现在拍", "S:affirm"),
    ]),
    ("en", False, [
        ("WHERE IS MY PARCEL. 8 DAYS TO CHONGQING?? YOU SAID 2-4 DAYS", "H:negative_sentiment"),
        ("order 2026120311094476", "X"),
        ("hello??? anyone", "S:are_you_there"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("发到江苏昆山要几天", "A:shipping-delivery-time"),
        ("那澳门呢 我老公在那边上班", "A:shipping-international"),
        ("嗯嗯", "S:affirm"),
    ]),
    ("zh", False, [
        ("前天买的羽绒服降价了 去价保那里点了显示不符合条件 为啥 又不是秒杀", "H"),
        ("订单号2026121544019876 帮我看看", "X"),
    ]),
    ("en", False, [
        ("placing it around 5 in the evening, would it leave the warehouse same day", "A:shipping-delivery-time"),
        ("and to a county town in gansu, how many days then", "A:shipping-delivery-time,shipping-remote-areas"),
        ("got it", "S:affirm"),
        ("nope", "S:deny"),
    ]),
    ("en", False, [
        ("is the free shipping over 99 also for hong kong addresses", "A:shipping-international,shipping-fees"),
        ("ok ty", "S:thanks"),
    ]),
    ("mixed", False, [
        ("寄到美国洛杉矶的 UPS 让我交38美金才给派送 这是啥钱 你们不是说包了吗", "H"),
        ("你们能不能先帮我垫一下", "X"),
    ]),
    ("en", True, [
        ("hello", "S:greeting"),
        ("the espresso machine i got monday is now 200 cheaper on your site. price protection?", "A:price-protection"),
        ("done, thanks", "S:thanks"),
    ]),
    ("zh", False, [
        ("下单的时候忘了用那张满200减30的券 付完款了还能补上吗", "H"),
        ("那我取消了重新下行吗 还没发货", "X"),
    ]),
    ("zh", False, [
        ("凭什么新疆要多收20运费 人家别的店都包邮 😤", "A:shipping-remote-areas"),
        ("垃圾店 不买了", "H:negative_sentiment"),
    ]),
    ("mixed", False, [
        ("嗨", "S:greeting"),
        ("寄台中 shipping fee 怎么算", "A:shipping-international"),
        ("大概几个 working days", "A:shipping-international"),
        ("thx", "S:thanks"),
    ]),
    ("en", False, [
        ("the 11.11 coupon i grabbed says not applicable, cart is 320 and the coupon is 300-40", "A:coupons-not-working"),
        ("thank you", "S:thanks"),
        ("bye", "S:goodbye"),
    ]),
    ("zh", False, [
        ("寄到河南周口郸城县下面的乡镇 能送到吗 要几天能收获", "A:shipping-delivery-time"),
        ("能货到付款不 家里老人不会用手机付", "A:payment-cod"),
        ("好的谢谢", "S:thanks"),
    ]),
    ("en", False, [
        ("good morning", "S:greeting"),
        ("shipping to munich, germany - is that one of your countries? and will i get hit with import vat", "A:shipping-international"),
        ("alright, cheers", "S:thanks"),
    ]),
    ("zh", True, [
        ("寄加拿大温哥华的那单 都25个工作日了还没到 帮我查查", "H"),
        ("谢谢", "S:thanks"),
    ]),
    ("mixed", False, [
        ("我是 plus 会员 买的时候用的会员价 现在又降了 能价保吗", "A:price-protection"),
        ("ok 懂了", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("能不能让快递放小区门口的丰巢 别打电话 我白天上班接不了", "H"),
    ]),
    ("mixed", False, [
        ("我在马来西亚 用这边 Maybank 的卡能付款吗", "A:payment-methods"),
        ("是 visa 的", "A:payment-methods"),
        ("好 那我试下", "S:affirm"),
    ]),
    ("zh", False, [
        ("商品写的59 怎么结算的时候变成67了 多出来的8块是啥", "A:shipping-fees"),
        ("哦 原来是运费", "S:affirm"),
    ]),
    ("en", False, [
        ("made two separate orders this morning by accident, could they go out as a single parcel", "H"),
        ("theyre 2026121911208834 and 2026121911209102", "X"),
        ("thanks", "S:thanks"),
    ]),
    ("zh", False, [
        ("哈喽", "S:greeting"),
        ("今天下单发广州要多久", "A:shipping-delivery-time"),
        ("那内蒙赤峰呢", "A:shipping-delivery-time,shipping-remote-areas"),
        ("谢谢亲", "S:thanks"),
    ]),
    ("zh", False, [
        ("三天了物流一动不动 打你们电话也没人接 给我转个人工", "H:user_requested"),
        ("订单2026121402276613 收件电话13760081294", "X"),
    ]),
    ("zh", False, [
        ("帮我查一下这个顺丰单号 不是在你们家买的 是我朋友寄给我的 SF1309928475512", "H:out_of_scope"),
    ]),
    ("en", False, [
        ("tracking hasnt moved in 6 days, stuck at a sorting center in zhengzhou. can you chase the courier", "H"),
        ("order 2026120799430217", "X"),
        ("its a birthday present for saturday, please hurry", "X"),
    ]),
    ("en", False, [
        ("one thing to check re how u send stuff out", "C"),
        ("how much it costs, my cart is like 70 rmb", "A:shipping-fees"),
    ]),
]

REST = [
    ("zh", False, [
        ("哈喽", "S:greeting"),
        ("鞋子买大了半码 不想换了 直接退 在哪点", "A:returns-how"),
        ("寄回去以后单号填哪里", "A:returns-how"),
        ("好的 收到", "S:affirm"),
    ]),
    ("en", False, [
        ("got my desk lamp 9 days ago and just decided i dont like it. too late to send it back?", "A:returns-window"),
        ("damn ok", "S:affirm"),
    ]),
    ("zh", False, [
        ("亲 你好", "S:greeting"),
        ("口红试涂了一下 颜色不适合我 还能退吗", "A:returns-condition"),
        ("那另外一支没拆封的呢", "A:returns-condition"),
        ("嗯嗯 谢谢亲", "S:thanks"),
    ]),
    ("mixed", False, [
        ("尺码不对要寄回去 快递费得我自己 pay 吗", "A:returns-shipping-cost"),
        ("我下单时候买了运费险的", "A:returns-shipping-cost"),
        ("nice 👍", "S:affirm"),
    ]),
    ("en", False, [
        ("hey there", "S:greeting"),
        ("your warehouse signed for my return on tuesday, when does the refund actually go out", "A:returns-refund-timing"),
        ("paid with a debit card btw if that changes anything", "A:returns-refund-timing,refunds-how-long"),
    ]),
    ("mixed", False, [
        ("在吗", "S:are_you_there"),
        ("裤子腰太紧了 想换成XL 同一款", "A:exchange-item"),
        ("换的那条啥时候给我发", "A:exchange-item"),
        ("好嘞", "S:affirm"),
    ]),
    ("mixed", False, [
        ("refund approved 2 hrs ago, 退回支付宝 要多久", "A:refunds-how-long"),
        ("ty!", "S:thanks"),
    ]),
    ("zh", False, [
        ("用花呗买的 退款成功了 可支付宝余额里没看到钱 退哪去了", "A:refunds-where"),
        ("哦哦", "S:affirm"),
    ]),
    ("en", False, [
        ("ordered 3 candles with a 50-off deal, sent 1 back and got 31 back even though it was listed at 45?", "A:refunds-partial"),
        ("alright", "S:affirm"),
    ]),
    ("zh", False, [
        ("上周五提交的退款 现在到哪一步了 去哪看", "A:refunds-status"),
        ("谢了", "S:thanks"),
    ]),
    ("zh", False, [
        ("退款说3到7个工作日 我这都19天了还没到招商银行卡里 订单2026111867230915", "H"),
        ("你们到底什么时候给我退", "X"),
        ("再拖着不退 我直接去12315告你们", "X"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("where do i see where my parcel is at rn, cant find it anywhere in the app", "A:tracking-where"),
        ("found it thx", "S:thanks"),
    ]),
    ("zh", False, [
        ("您好", "S:greeting"),
        ("订单一直是待发货 是不是我没付成功啊", "A:order-status-meanings"),
        ("明白", "S:affirm"),
    ]),
    ("mixed", False, [
        ("first time 在你们这买 how do i actually check out? its in my cart", "A:place-order"),
        ("cool", "S:affirm"),
    ]),
    ("zh", False, [
        ("刚拍的下错了 还没发货 咋取消", "A:cancel-before-shipment"),
        ("钱是直接退回微信里吧", "A:cancel-before-shipment,refunds-where,refunds-how-long"),
    ]),
    ("en", False, [
        ("it already says shipped but i found it cheaper in a store nearby, can i still cancel", "A:cancel-after-shipment"),
        ("so i just reject it at the door?", "A:cancel-after-shipment"),
        ("ok will do", "S:affirm"),
    ]),
    ("zh", False, [
        ("付款以后发现颜色选错了 要米白拍成卡其了 还没发货 能改吗", "A:change-order"),
        ("那麻烦帮我改成米白 订单2026121906612378", "H"),
    ]),
    ("zh", False, [
        ("下单地址写成公司的了 想改成家里 还没发货呢", "A:change-order-address"),
        ("好 我去改", "S:affirm"),
    ]),
    ("en", False, [
        ("need to fix an address", "C"),
        ("the one on order 2026121077324561, hasnt shipped yet", "A:change-order-address"),
        ("thanks!", "S:thanks"),
    ]),
    ("zh", False, [
        ("买的打印机要报销 下单时没勾发票 现在还能补开吗", "A:invoice-how"),
        ("大概多久能开出来", "A:invoice-how"),
        ("好的", "S:affirm"),
    ]),
    ("mixed", False, [
        ("要开公司抬头的发票 需要填 tax ID 吗", "A:invoice-company"),
        ("专票的话还要啥资料", "A:invoice-company"),
    ]),
    ("en", False, [
        ("good afternoon", "S:greeting"),
        ("my company needs the invoice as a pdf, where do i download it", "A:invoice-electronic"),
        ("my finance dept only takes legit ones - does the digital copy count for claims", "A:invoice-electronic"),
    ]),
    ("zh", False, [
        ("打扰了", "S:greeting"),
        ("发票抬头少打了一个字 公司名不全 能换开一张吗", "A:invoice-change-title"),
        ("谢啦", "S:thanks"),
    ]),
    ("mixed", False, [
        ("can i 用花呗分 12 期 for the 4k tv", "A:payment-installments"),
        ("does that cost extra on top, like a fee per month?", "A:payment-installments"),
    ]),
    ("mixed", False, [
        ("付款一直 loading 然后说支付失败 建行卡里钱是够的", "A:payment-failed"),
        ("换了支付宝还是付不了 你说的这些根本没用", "H:repeated_failure"),
        ("人呢", "S:are_you_there"),
    ]),
    ("mixed", False, [
        ("刚付款 扣了269 但 order 还显示待付款", "A:payment-charged-unpaid"),
        ("ok 我等半小时看看", "S:affirm"),
    ]),
    ("en", False, [
        ("got charged twice for order 2026120488213307, that was 8 days ago and the extra 156 still isnt back on my visa", "H"),
        ("screenshot of the bank app attached", "X"),
    ]),
    ("zh", False, [
        ("新人券领了 现在找不到在哪了", "A:coupons-how"),
        ("找到了", "S:affirm"),
    ]),
    ("en", False, [
        ("can i make an account without giving my phone number? dont want spam calls", "A:account-register"),
        ("cool thanks", "S:thanks"),
    ]),
    ("zh", False, [
        ("注册的时候验证码发了三次都没收到 手机号15902318876", "A:account-registration-problems"),
        ("语音的收到了 搞定", "S:affirm"),
    ]),
    ("mixed", False, [
        ("locked out 了, forgot my pw and the email on it is dead", "A:account-reset-password"),
        ("got back in, thank u", "S:thanks"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("以前绑的那个号注销了 现在换了186开头的新号 账号要怎么弄过来", "A:account-change-phone"),
        ("旧号收不到验证码 那咋验证", "A:account-change-phone"),
    ]),
    ("en", False, [
        ("pls delete my account and all my data, im done with online shopping for a while", "A:account-delete"),
        ("does that happen straight away", "A:account-delete"),
    ]),
    ("zh", False, [
        ("我跟我老婆共用一个手机 能两个号来回切吗", "A:account-switch"),
        ("她号上的券能挪到我号上不", "A:account-switch"),
        ("行吧", "S:affirm"),
    ]),
    ("mixed", False, [
        ("怎么加一个 new address 公司的那个 默认还是用家里", "A:address-add"),
        ("thx", "S:thanks"),
    ]),
    ("en", False, [
        ("moved flats last month and my saved adress is still the old building. how do i update it", "A:address-edit"),
        ("will my pending order go to the new one automatically?", "A:address-edit,change-order-address"),
    ]),
    ("zh", False, [
        ("嗨嗨", "S:greeting"),
        ("有没有上新或者打折的提醒 想第一时间知道", "A:newsletter-subscribe"),
        ("订阅了给券不", "A:newsletter-subscribe"),
    ]),
    ("en", False, [
        ("you guys text me like 3 times a day about sales. how do i make it stop", "A:newsletter-unsubscribe"),
        ("will i still get the delivery texts tho", "A:newsletter-unsubscribe"),
    ]),
    ("zh", False, [
        ("我一般下班到家都快十一点了 那会儿还能找到客服吗", "A:customer-service-hours"),
        ("过年放假期间 找得到客服不", "A:customer-service-hours"),
    ]),
    ("en", False, [
        ("my bluetooth speaker stopped charging after 4 months. is that covered", "A:warranty-repair"),
        ("would i need to post it back at my own cost or do u collect", "A:warranty-repair"),
        ("ok cool", "S:affirm"),
    ]),
    ("zh", False, [
        ("收到的玻璃花瓶磕了个口子 咋处理", "A:damaged-or-wrong-item"),
        ("拍好了 [图片] [图片] 你们看下怎么赔", "H"),
        ("好的", "S:affirm"),
    ]),
    ("en", False, [
        ("box came today with only the phone case, the screen protector i ordered isnt in there", "A:missing-item"),
        ("checked, theres only one tracking number on the order", "A:missing-item"),
    ]),
    ("mixed", False, [
        ("你们家的 Lancome 是专柜正品吗 别是水货", "A:product-authenticity"),
        ("有防伪码可以查不", "A:product-authenticity"),
        ("好的 那我放心了", "S:affirm"),
    ]),
    ("en", False, [
        ("how do i add photos to my review, i already posted the text part", "A:leave-review"),
        ("cool ty", "S:thanks"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("我这问题有点复杂 麻烦帮我找个人工来处理下", "H:user_requested"),
        ("订单2026121233081902 开票跟退货搅在一起了", "X"),
    ]),
    ("en", False, [
        ("id rather sort this out with a person on your team, is anyone around", "H:user_requested"),
        ("its about order 2026121688901245, the wrong charger came", "X"),
    ]),
    ("zh", False, [
        ("卖假货还死不承认 我已经打了12315 你们等着吧", "H:sensitive_intent"),
        ("订单号2026120562274418 你们自己看", "X"),
    ]),
    ("en", False, [
        ("im filing a chargeback with my bank today. you never sent the item and ignored me for 2 weeks", "H:sensitive_intent"),
        ("dont bother replying with a template", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("对了 后天去上海出差 那边天气咋样 冷不冷", "H:out_of_scope"),
        ("哈哈哈", "S:emoji"),
    ]),
    ("en", False, [
        ("unrelated but can u write something romantic i can put in a card for my gf lol", "H:out_of_scope"),
    ]),
    ("mixed", False, [
        ("你们这什么破 service 客服跟傻子一样", "H:negative_sentiment"),
    ]),
    ("zh", False, [
        ("退货申请提交了 怎么一直没人审", "A:refunds-status"),
        ("看了 三天了还停在待审核 你这回答等于没说", "H:repeated_failure"),
        ("在不在", "S:are_you_there"),
    ]),
    ("zh", False, [
        ("退货申请被驳回了 理由是影响二次销售 我就试穿了一下 吊牌都在", "H"),
        ("麻烦让人再审一遍 我不认这个结果", "X"),
    ]),
    ("zh", True, [
        ("您好", "S:greeting"),
        ("买的那台洗衣机 能安排师傅上门装吗 周六下午在家", "H"),
        ("地址是朝阳区望京西园三区 电话13911206653", "X"),
    ]),
    ("en", True, [
        ("hi", "S:greeting"),
        ("whats the warranty period on the dyson stuff you sell", "A:warranty-repair"),
        ("great", "S:affirm"),
    ]),
    ("zh", False, [
        ("运费的事想问下", "C"),
        ("就是退回去那个 七天无理由的", "A:returns-shipping-cost"),
    ]),
    ("zh", False, [
        ("这单我不想要了", "C"),
        ("还在打包 没发出来", "A:cancel-before-shipment"),
    ]),
    ("zh", False, [
        ("你是真人还是机器人啊", "S:bot_identity"),
        ("那你知道退款一般几天到吗 退的是微信", "A:refunds-how-long"),
        ("好", "S:affirm"),
    ]),
]

CHATS = LEAN + REST
