"""chats-blind-1225: the typed source of chats.jsonl (build.py shuffles and assigns ids).

Each chat: (language, vip, [(text, code), ...]). Codes:
  S:<label>  small talk (answer before a handoff, handoff/handoff_active after it)
  A:<ids>    answer with its FAQ ids (comma-separated)
  C          clarify (the next turn is the resolving answer)
  H / H:<r>  the chat's first handoff, with a reason where one rule clearly must fire
  X          a later non-small-talk turn (handoff, handoff_active)

LEAN_*: addresses, incomplete parcels, asking the shop to act. OTHER_*: the rest.
"""

# ---------------------------------------------------------------- lean, Chinese
LEAN_ZH = [
    ("zh", False, [
        ("你好", "S:greeting"),
        ("刚下的单 收货地址填成我老家的了 还没发货 去哪改", "A:change-order-address"),
        ("谢谢啦", "S:thanks"),
    ]),
    ("zh", False, [
        ("订单 2026112093417765 已经发出来了 可我下礼拜就不住那了 地址还有办法换吗", "A:change-order-address"),
        ("那麻烦你们帮我申请改派 新地址 杭州市西湖区文三路88号3单元502 王莉 13857126630", "H"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("快递员说今天派送 可门牌号我写反了 1202写成1220了 咋整", "A:change-order-address"),
        ("快递电话打了三遍没人接 你们直接帮我跟快递说一声行吗 单号 YT7712034598823", "H"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("地址要改", "C"),
        ("不是订单上的 是账号里存着的那个 我搬家了 旧的不想留", "A:address-edit"),
        ("嗯嗯", "S:affirm"),
    ]),
    ("zh", False, [
        ("想把公司地址也存进去 家里那个不删 能存两个吗", "A:address-add"),
        ("以后下单默认寄公司 这个在哪调", "A:address-add"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("地址簿里还躺着前任家的地址😅 怎么弄掉", "A:address-edit"),
        ("哈哈哈", "S:emoji"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("包裹到了 少了双袜子 我买的是一双鞋加一双袜子", "A:missing-item"),
        ("订单详情里就一个快递单号 显示全部签收了", "A:missing-item"),
        ("行 我去提", "S:affirm"),
    ]),
    ("zh", False, [
        ("面膜页面上写着送化妆包 拆开箱子翻了半天没有啊", "A:missing-item"),
        ("谢啦", "S:thanks"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("[图片] [图片] 箱子和面单都拍了 充电器那格是空的 订单 2026113012003874", "H"),
        ("大概多久有结果", "X"),
    ]),
    ("zh", False, [
        ("前天就报了少发一件 到今天没人理 售后单号 SH20261128003", "H"),
        ("在吗", "S:are_you_there"),
        ("急死了 少的那件是给我妈的生日礼物", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("今天下了两单 能给我并成一个包裹吗 懒得跑两趟驿站 2026120110283345 和 2026120110305512", "H"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("钱已经付了 现在想换成顺丰 你们后台能帮我改吗 差价我补", "H"),
        ("单号是 2026120314556021", "X"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("下单页在哪选顺丰啊 想明天中午前收到", "A:shipping-express"),
        ("好嘞", "S:affirm"),
    ]),
    ("zh", False, [
        ("下午那单卫衣码数拍错了 帮我把M换成L吧 还没发货 订单 2026120215570098", "H"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("在不在", "S:are_you_there"),
        ("刚买的还没发 不想要了 在哪点取消", "A:cancel-before-shipment"),
        ("取消的话扣不扣手续费", "A:cancellation-fee"),
        ("拜拜", "S:goodbye"),
    ]),
    ("zh", False, [
        ("一共四本书 今天就到了两本 另外两本呢", "A:missing-item,tracking-where"),
        ("哦哦 看到了", "S:affirm"),
    ]),
    ("zh", False, [
        ("赠品漏了 给我补寄一个吧 订单 2026112788830021 收件人张伟 电话 15912348876", "H"),
        ("顺便问下 多久能寄出", "X"),
    ]),
    ("zh", False, [
        ("地址那块有点问题", "C"),
        ("昨晚下的那单 收件人电话少打了一位", "A:change-order-address"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", True, [
        ("订单 2026120566120087 地址帮我换一下 上海市浦东新区张杨路500号 收件人李总 13901234567", "H"),
        ("尽快", "X"),
    ]),
]

# ---------------------------------------------------------------- lean, English
LEAN_EN = [
    ("en", False, [
        ("hi", "S:greeting"),
        ("just ordered and the apartment number is wrong lol, it hasnt gone out yet. where do i fix that", "A:change-order-address"),
        ("ok thx", "S:thanks"),
    ]),
    ("en", False, [
        ("typed the addr wrong ugh", "C"),
        ("the one on todays order #A55120, not my saved ones", "A:change-order-address"),
        ("got it", "S:affirm"),
    ]),
    ("en", False, [
        ("hi there", "S:greeting"),
        ("moved out of my old flat last yr, how do i get rid of that address in my acct", "A:address-edit"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("can my account hold a home address and a work one at the same time?", "A:address-add"),
        ("and which setting makes the work one get picked automatically", "A:address-add"),
        ("cheers", "S:thanks"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("box came today with the screen protector but no phone case, i paid for both", "A:missing-item"),
        ("order page has a single tracking number and it all shows as delivered", "A:missing-item"),
    ]),
    ("en", False, [
        ("reported a missing item 4 days ago, case MS-88213, photos attached. still nothing?? whats going on", "H"),
        ("hello?", "S:are_you_there"),
    ]),
    ("en", False, [
        ("[photo] [photo] 2 of my 3 candles came, that's the label. order 1129-4471, please send the third one", "H"),
        ("thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("the tote bag freebie from the promo banner wasnt with my order", "A:missing-item"),
        ("ok", "S:affirm"),
    ]),
    ("en", False, [
        ("hey there", "S:greeting"),
        ("could you guys combine #B20931 and #B20945 into one box? same address, ordered an hour apart", "H"),
    ]),
    ("en", False, [
        ("need it by friday now, can u bump order #C77310 up to SF? ill pay whatever the difference is", "H"),
        ("it was paid this morning btw, hasnt shipped", "X"),
    ]),
    ("en", False, [
        ("my package is out for delivery and i typed the wrong street. too late to change it?", "A:change-order-address"),
        ("can you contact the courier for me then, tracking SF1402889310, it should go to 14 Elm Rd", "H"),
        ("ty", "S:thanks"),
    ]),
    ("en", False, [
        ("pls cancel #D40218 for me, picked the wrong colour and the app just errors when i try", "H"),
        ("thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("how do i stop an order before it gets sent out", "A:cancel-before-shipment"),
        ("and does the money come straight back", "A:cancel-before-shipment,refunds-how-long"),
        ("cool", "S:affirm"),
        ("bye", "S:goodbye"),
    ]),
    ("en", True, [
        ("hi", "S:greeting"),
        ("gift set arrived without the engraved card you promised. order #V90812. this was for a client", "H"),
        ("thank you", "S:thanks"),
    ]),
    ("en", False, [
        ("just moved, so the address in my profile is out of date now. where can i update it for next time", "A:address-edit"),
        ("thanks!", "S:thanks"),
    ]),
]

# ---------------------------------------------------------------- lean, mixed zh/en
LEAN_MIXED = [
    ("mixed", False, [
        ("我那个address要动一下", "C"),
        ("account里存的那个 不是order上的", "A:address-edit"),
        ("ok thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("在吗", "S:are_you_there"),
        ("我的order已经shipped了 但是地址写错了区 还来得及吗", "A:change-order-address"),
        ("ok 那帮我apply redirect吧 tracking是 JT5520913377 改到福田区", "H"),
        ("thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("包裹收到了 但是少了一个item 我买了三样 只来了两样", "A:missing-item"),
        ("thanks", "S:thanks"),
    ]),
    ("mixed", False, [
        ("赠品呢?? 说好的free gift没有啊", "A:missing-item"),
        ("ok thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("能帮我把两个order merge一下吗 一起寄 都是今天下的", "H"),
        ("order号是 2026120844501122 和 2026120844609917", "X"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("怎么把公司地址set成default 每次都要手动选好烦", "A:address-add"),
    ]),
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("订单还没ship 帮我改成顺丰 加钱也行 order 2026120799881230", "H"),
    ]),
    ("mixed", False, [
        ("之前report过少件了 case number MS-90021 一直没人回 😤", "H"),
        ("找个真人来处理", "X"),
    ]),
]

LEAN = LEAN_ZH + LEAN_EN + LEAN_MIXED

# ---------------------------------------------------------------- other, Chinese
OTHER_ZH = [
    ("zh", False, [
        ("你好", "S:greeting"),
        ("买的靴子穿着磨脚 想退掉 流程是啥", "A:returns-how"),
        ("退回去那段快递费谁出", "A:returns-shipping-cost"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("签收第十天了 还让退不", "A:returns-window"),
        ("不退了 换大一号的行不 同一款", "A:exchange-item"),
    ]),
    ("zh", False, [
        ("这口红是专柜货吗 会不会是仿的", "A:product-authenticity"),
        ("我已经拆了封涂了一下 颜色不衬我 这样还收不收", "A:returns-condition"),
        ("行吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("退货寄回三天了 钱几时到", "A:returns-refund-timing"),
        ("是退到银行卡吗 我付款用的招行卡", "A:refunds-where"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("退款审核过了 大概多久进账", "A:refunds-how-long"),
        ("谢谢亲", "S:thanks"),
    ]),
    ("zh", False, [
        ("两件衣服退了一件 钱怎么比我付的少了二十多", "A:refunds-partial"),
        ("当初的运费也没退给我", "A:refunds-partial"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("退款到哪了 哪里能查进度", "A:refunds-status"),
        ("页面写已退款 可都过去三周了 卡里还是没有 订单 2026110399230014", "H"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("广州的 今天下午下单 啥时候能送到", "A:shipping-delivery-time"),
        ("就买了六十几块钱的 要出运费不", "A:shipping-fees"),
        ("顺便问下 给我妈寄拉萨要几天 也包邮吗", "A:shipping-remote-areas"),
    ]),
    ("zh", False, [
        ("给日本的朋友买 能直接寄过去吗", "A:shipping-international"),
        ("那边的关税谁付", "A:shipping-international"),
        ("懂了", "S:affirm"),
    ]),
    ("zh", False, [
        ("好慢啊 我买的台灯到底到哪了 明天要用", "A:tracking-where"),
        ("里面一直挂着待发货 钱是扣了吧 这算啥意思", "A:order-status-meanings"),
    ]),
    ("zh", False, [
        ("物流显示签收了 我压根没拿到 门卫快递柜都问了 没有", "H"),
        ("都两天了", "X"),
        ("到底谁负责 今天必须回我", "X"),
    ]),
    ("zh", False, [
        ("头一回用 购物车里放好了 然后呢 怎么结账", "A:place-order"),
        ("付款的时候能用云闪付吗", "A:payment-methods"),
        ("明白了", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("已经在路上了 突然不想要了 怎么处理", "A:cancel-after-shipment"),
        ("拒收以后钱多久回来", "A:cancel-after-shipment,refunds-how-long"),
    ]),
    ("zh", False, [
        ("手滑拍了两件 一件就够 能改数量吗", "A:change-order"),
        ("那我取消重拍 会扣钱不", "A:cancellation-fee"),
        ("另一单预售交了五十定金 也不想要了 这钱还能拿回来吗", "A:cancellation-fee"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("报销要票 从哪里申请", "A:invoice-how"),
        ("开公司抬头的话要填些啥", "A:invoice-company"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("电子发票公司财务认不认 能报销不", "A:invoice-electronic"),
        ("发票上公司名字错了一个字 还能换吗", "A:invoice-change-title"),
    ]),
    ("zh", False, [
        ("送到家再给现金可以不 我在成都", "A:payment-cod"),
        ("手机三千多 花呗分十二个月的话 要另外多付钱不", "A:payment-installments"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("付款老是失败 提示银行卡异常", "A:payment-failed"),
        ("卡里钱够的 换了支付宝还是付不了 你说的那些没用", "H:repeated_failure"),
    ]),
    ("zh", False, [
        ("钱扣了订单还挂着待付款 怎么回事", "A:payment-charged-unpaid"),
        ("过了一天还是那样 而且扣了两次 订单 2026112600123398", "H"),
        ("在吗", "S:are_you_there"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("券去哪领", "A:coupons-how"),
        ("满减券为啥用不上 我都买了一百二了", "A:coupons-not-working"),
        ("还有 昨天买的空气炸锅今天降了五十 差价能退吗", "A:price-protection"),
    ]),
    ("zh", False, [
        ("注册非得用手机号吗 微信能不能直接登", "A:account-register"),
        ("验证码等了五分钟都没来", "A:account-registration-problems"),
        ("收到了", "S:affirm"),
    ]),
    ("zh", False, [
        ("老提示密码错 我也不记得当时设的啥了 咋办", "A:account-reset-password"),
        ("旧号码停了 账号绑的手机怎么换", "A:account-change-phone"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("我手上两个号 怎么来回切", "A:account-switch"),
        ("另一个以后不用了 想把它销掉", "A:account-delete"),
        ("里面还有没用完的券会怎样", "A:account-delete"),
    ]),
    ("zh", False, [
        ("营销短信一天三条 能不能别发了", "A:newsletter-unsubscribe"),
        ("关了以后包裹到了还提醒不", "A:newsletter-unsubscribe"),
    ]),
    ("zh", False, [
        ("吹风机用了三个月不出热风了 保修吗", "A:warranty-repair"),
        ("客服晚上几点下班啊 我想下了班打电话问", "A:customer-service-hours"),
    ]),
    ("zh", False, [
        ("收到的一套碗碎了一个 怎么弄", "A:damaged-or-wrong-item"),
        ("[图片] 拍好了 你们直接给我补一个吧 订单 2026112245670012", "H"),
    ]),
    ("zh", False, [
        ("买的耳机找品牌方验过了是假的 你们这帮骗子 我要去消协投诉", "H:sensitive_intent"),
        ("订单 2026111911223344", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("别让程序回了 我要找人工客服说", "H:user_requested"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("明天上海下不下雨", "H:out_of_scope"),
        ("哦", "S:affirm"),
    ]),
    ("zh", False, [
        ("什么破店 垃圾 一个礼拜了货都不发 你们是死了吗", "H:negative_sentiment"),
        ("今天之内给我发出来", "X"),
    ]),
    ("zh", True, [
        ("我这单要不要运费 满多少免邮来着", "A:shipping-fees"),
        ("谢谢", "S:thanks"),
    ]),
]

# ---------------------------------------------------------------- other, English
OTHER_EN = [
    ("en", False, [
        ("hi", "S:greeting"),
        ("jacket is too tight across the shoulders, whats the return process", "A:returns-how"),
        ("is there a time limit on that", "A:returns-window"),
        ("ok cool", "S:affirm"),
    ]),
    ("en", False, [
        ("bought a hoodie and already snipped the tags off. can it still go back?", "A:returns-condition"),
        ("and if it can, am i paying the postage", "A:returns-shipping-cost"),
    ]),
    ("en", False, [
        ("the blender showed up smashed, who covers postage to return it", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("[photo] heres the mess. honestly just send me a new one, order #F22817", "H"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("refund was approved yesterday, i paid by credit card. how many days?", "A:refunds-how-long"),
        ("thx", "S:thanks"),
    ]),
    ("en", False, [
        ("paid with huabei - where does my refund end up", "A:refunds-where"),
        ("is there a screen that shows what stage its at", "A:refunds-status"),
        ("that page shows nothing at all. i asked where my REFUND is, not where a page is", "H:repeated_failure"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("do u guys do next day delivery to shanghai", "A:shipping-express"),
        ("ok and if i dont pay extra how long", "A:shipping-delivery-time"),
    ]),
    ("en", False, [
        ("order #E11092 whereabouts is it", "A:tracking-where"),
        ("page says shipped, is that different from completed?", "A:order-status-meanings"),
        ("its been sitting at the wuhan hub for 6 days. get someone to kick the courier please", "H"),
        ("hello??", "S:are_you_there"),
    ]),
    ("en", False, [
        ("checkout keeps bouncing my visa, 3 tries now", "A:payment-failed"),
        ("can i use paypal or apple pay instead", "A:payment-methods"),
    ]),
    ("en", False, [
        ("tv is pricey - any option to pay it off over a few months", "A:payment-installments"),
        ("also is it one coupon per order or can i use a couple", "A:coupons-how"),
        ("tried a second one and it says not applicable to this item??", "A:coupons-not-working"),
    ]),
    ("en", False, [
        ("signing up - will apple id do or do u need my number", "A:account-register"),
        ("where do i change the nickname on my profile later", "A:account-change-phone"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("locked out, cant remember my password. phone number still works", "A:account-reset-password"),
        ("done, thank you", "S:thanks"),
    ]),
    ("en", False, [
        ("take me off the marketing emails pls", "A:newsletter-unsubscribe"),
        ("actually just delete my whole account and data", "A:account-delete"),
    ]),
    ("en", False, [
        ("my earbuds stopped charging after 5 months, warranty?", "A:warranty-repair"),
        ("what time does live chat open on sundays, id rather talk it through", "A:customer-service-hours"),
    ]),
    ("en", False, [
        ("got a blue mug instead of the green one i ordered, how do i get it swapped", "A:damaged-or-wrong-item"),
        ("thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("is the nike stuff on your site legit or replicas", "A:product-authenticity"),
        ("my review went up with a spelling mistake in it, fixable?", "A:leave-review"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("i want to talk to a real human right now", "H:user_requested"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("any hot coin tips? thinking of putting 2k into something before xmas", "H:out_of_scope"),
    ]),
    ("en", False, [
        ("you lot are frauds. my bank is reversing the payment, i called them this morning", "H:sensitive_intent"),
        ("order #G30021, paid 3 weeks ago, nothing ever came", "X"),
    ]),
    ("en", False, [
        ("WORST SHOP EVER. YOUR COURIER THREW MY BOX OVER THE FENCE AND IT'S WRECKED", "H:negative_sentiment"),
        ("order 55102 if anyone cares", "X"),
    ]),
    ("en", True, [
        ("can my parcels be sent to an HK address", "A:shipping-international"),
        ("and canada? roughly how long", "A:shipping-international"),
        ("thanks", "S:thanks"),
    ]),
    ("en", True, [
        ("the sofa needs to go up 6 floors, no lift. can you arrange for the delivery guys to carry it up", "H"),
    ]),
    ("en", False, [
        ("question re invoices", "C"),
        ("need one for last weeks order, forgot to tick the box at checkout", "A:invoice-how"),
        ("perfect", "S:affirm"),
    ]),
]

# ---------------------------------------------------------------- other, mixed zh/en
OTHER_MIXED = [
    ("mixed", False, [
        ("支付宝那笔refund要等几天", "A:refunds-how-long"),
        ("3q", "S:thanks"),
    ]),
    ("mixed", False, [
        ("我的parcel显示delivered 但是我没收到 邻居也说没看到", "H"),
        ("再没人管我就投诉了", "X"),
    ]),
    ("mixed", False, [
        ("这款包包保证authentic吗 盒子里会有防伪卡不", "A:product-authenticity"),
        ("万一是fake的怎么赔", "A:product-authenticity"),
        ("ok", "S:affirm"),
    ]),
    ("mixed", False, [
        ("能开VAT special invoice吗 公司要报账", "A:invoice-company"),
        ("专票是纸质的还是电子的 要paper的", "A:invoice-company"),
    ]),
    ("mixed", False, [
        ("price drop了 我三天前才买的 能补差价吗", "A:price-protection"),
        ("ok", "S:affirm"),
    ]),
    ("mixed", False, [
        ("在吗", "S:are_you_there"),
        ("马上给我接个真人 no more bot", "H:user_requested"),
    ]),
    ("mixed", False, [
        ("退货的单号在app哪里填", "A:returns-how"),
        ("超过7天没填会怎样", "A:returns-how"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("cod可以吗 我在深圳南山", "A:payment-cod"),
        ("最多能到多少钱", "A:payment-cod"),
    ]),
    ("mixed", False, [
        ("帮我写一首poem 关于秋天的", "H:out_of_scope"),
        ("ok fine", "S:affirm"),
    ]),
    ("mixed", False, [
        ("我的coupon过期了 能re-issue一张吗", "A:coupons-not-working"),
        ("那怎么订阅你们的promo消息 有新券第一时间知道", "A:newsletter-subscribe"),
    ]),
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("新疆乌鲁木齐的shipping fee多少", "A:shipping-remote-areas"),
        ("thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("email注册一直fail 是不是必须手机号", "A:account-registration-problems,account-register"),
        ("换手机号注册 验证码也收不到", "A:account-registration-problems"),
    ]),
    ("mixed", True, [
        ("你好", "S:greeting"),
        ("上周买的咖啡机漏水 已经拍了video 要你们安排上门换新", "H"),
        ("thanks", "S:thanks"),
    ]),
]

OTHER = OTHER_ZH + OTHER_EN + OTHER_MIXED
CHATS = LEAN + OTHER
