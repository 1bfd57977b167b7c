"""Typed source of chats-blind-1210 (written by hand, blind to any model or score).

CHATS: list of (lang, vip, [(text, code), ...]).
codes: S:<small-talk label>, A:<faq ids comma-separated>, C (clarify), H or H:<reason> (first
handoff of the chat), X (any non-small-talk turn after a handoff). Small talk after a handoff is
written S:<label>: the shared build.py keeps the label and marks it handoff / handoff_active.
All order numbers, tracking numbers, phone numbers, card endings and addresses are made up.
"""

CHATS = [
    # ---------------------------------------------------------------- Chinese
    ("zh", False, [
        ("你好", "S:greeting"),
        ("签收第六天了 还能走七天无理由吗", "A:returns-window"),
        ("裙子的吊牌让我剪了 还退不退得了", "A:returns-condition"),
        ("一次都没上身过的 也不给退？", "A:returns-condition"),
    ]),
    ("zh", False, [
        ("这单用了张券 最后付了89 还包邮不", "A:shipping-fees"),
        ("那差几块不包邮的话 运费要收几块", "A:shipping-fees"),
        ("懂了", "S:affirm"),
    ]),
    ("zh", False, [
        ("订单显示已签收 可我压根没拿到 快递柜和门卫那边都问过了", "H"),
        ("单号YT7730192846551", "X"),
    ]),
    ("zh", False, [
        ("你们是不是脑子有问题 一个破退款问了三遍 每次都叫我等等等", "H:negative_sentiment"),
        ("赶紧的", "X"),
    ]),
    ("zh", False, [
        ("质量这么差还不给退 今天不给个说法我就去消协告你们", "H:sensitive_intent"),
        ("你们自己看着办", "X"),
    ]),
    ("zh", False, [
        ("有没有真人啊 我要跟真人讲", "H:user_requested"),
        ("嗯", "S:affirm"),
    ]),
    ("zh", False, [
        ("退回去的东西快三个礼拜了 钱到现在也没退 售后那边也不回消息", "H"),
        ("订单号4400192837465521", "X"),
        ("在吗", "S:are_you_there"),
    ]),
    ("zh", False, [
        ("优惠券", "C"),
        ("领了好几张 不知道都跑哪去了", "A:coupons-how"),
        ("谢啦", "S:thanks"),
    ]),
    ("zh", False, [
        ("这个锅不想要了 想退 从哪弄啊", "A:returns-how"),
        ("订单点进去了 下面就确认收货跟查看物流两个 压根没看到售后 你说的那个到底在哪", "H:repeated_failure"),
    ]),
    ("zh", False, [
        ("哈喽", "S:greeting"),
        ("东西送到手里再给现金 行不行 我在郑州", "A:payment-cod"),
        ("两千五的单子也能这样吗", "A:payment-cod"),
    ]),
    ("zh", False, [
        ("你是真人还是自动回复的", "S:bot_identity"),
        ("我前天买的耳机到了没啊 咋一点动静都没有", "A:tracking-where"),
        ("哦哦", "S:affirm"),
    ]),
    ("zh", True, [
        ("顺丰加急得多掏多少钱", "A:shipping-express"),
        ("好的 收到", "S:affirm"),
    ]),
    ("zh", True, [
        ("上礼拜买的洗碗机 想约个师傅上门装一下 周六行不行", "H"),
        ("地址就是下单填的那个", "X"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", True, [
        ("你好", "S:greeting"),
        ("东西没毛病 就是不想要了 退回去的运费谁出", "A:returns-shipping-cost"),
    ]),
    ("zh", False, [
        ("想把单子撤了", "C"),
        ("还没发货呢 昨晚十一点拍的", "A:cancel-before-shipment"),
        ("钱是原路退回去吧", "A:cancel-before-shipment,refunds-where"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("昨天买的吹风机今天降了30 能补差价不", "A:price-protection"),
        ("我那单是直播间抢的 也能补吗", "A:price-protection"),
    ]),
    ("zh", False, [
        ("发票要开我们公司的名字 需要提供些啥", "A:invoice-company"),
        ("专票也能开吧", "A:invoice-company"),
        ("发票上的品名能改写成办公耗材吗", "H"),
        ("行", "S:affirm"),
    ]),
    ("zh", False, [
        ("收到的碗碎了俩 [图片][图片] 你们看咋办吧", "H"),
        ("补发还是退钱都行 快点", "X"),
    ]),
    ("zh", False, [
        ("上周五付款扣了我两回钱 说是一到三天退回 现在都一个礼拜了还没见着", "H"),
        ("招行信用卡 尾号6621", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("物流五天没动了 一直卡在济南转运中心 是不是丢件了", "H"),
        ("能帮我催催吗", "X"),
    ]),
    ("zh", False, [
        ("退货申请被驳回了 说是人为损坏 可我拆开就是坏的啊", "H"),
        ("这不是欺负人嘛", "X"),
    ]),
    ("zh", False, [
        ("在么", "S:are_you_there"),
        ("发西藏日喀则包邮不", "A:shipping-remote-areas"),
        ("那路上得走几天", "A:shipping-remote-areas"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("鞋子小了一码 能换大一号的不", "A:exchange-item"),
        ("换的话是你们先发新的 还是我先寄回去", "A:exchange-item"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("您好", "S:greeting"),
        ("手机能分12期不 收不收利息", "A:payment-installments"),
    ]),
    ("zh", False, [
        ("刚付完款发现颜色拍错了 还没发 能改不", "A:change-order"),
        ("那我干脆取消重拍 取消要扣钱不", "A:cancellation-fee"),
    ]),
    ("zh", False, [
        ("新用户 能不能不绑手机号 直接拿微信开个号", "A:account-register"),
        ("注册的时候验证码死活收不到 都等好几分钟了", "A:account-registration-problems"),
        ("谢谢哈", "S:thanks"),
    ]),
    ("zh", False, [
        ("天天给我发推销短信 烦死了 在哪关", "A:newsletter-unsubscribe"),
        ("那发货提醒还会有吗", "A:newsletter-unsubscribe"),
    ]),
    ("zh", False, [
        ("你好呀", "S:greeting"),
        ("你们这能帮忙抢火车票不", "H:out_of_scope"),
    ]),
    ("zh", False, [
        ("你们家的兰蔻是专柜货吗 别是假的啊", "A:product-authenticity"),
        ("盒子上有那种扫码验真的吗", "A:product-authenticity"),
        ("哈哈哈", "S:emoji"),
    ]),
    ("zh", False, [
        ("快递到了 打开发现充电头没在里面 咋整", "A:missing-item"),
        ("哦 知道了", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好 打扰一下", "S:greeting"),
        ("豆浆机买了三个多月 今天突然不转了 能修不", "A:warranty-repair"),
        ("修的话快递费是我出吗", "A:warranty-repair"),
        ("拜拜", "S:goodbye"),
    ]),
    ("zh", False, [
        ("在不在", "S:are_you_there"),
        ("付款一直失败 提示交易异常", "A:payment-failed"),
        ("卡里钱够的 换了微信也一样 还是那个提示 你说的没用", "H:repeated_failure"),
    ]),
    ("zh", False, [
        ("以旧换新怎么弄 旧手机你们收不收", "H"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("地址写错了 能改不", "A:change-order-address"),
        ("哦不对 已经显示运输中了 这种还来得及吗", "A:change-order-address"),
        ("那麻烦帮我转到朝阳区望京街道花家地小区3号楼2单元", "H"),
    ]),
    ("zh", False, [
        ("买的时候没要发票 现在还能补吗 东西上个月收到的", "A:invoice-how"),
        ("要是抬头填错了 开出来以后还能重开不", "A:invoice-change-title"),
        ("没有了", "S:deny"),
    ]),
    ("zh", False, [
        ("听说订阅活动消息送券 在哪订", "A:newsletter-subscribe"),
        ("那券有门槛没", "A:newsletter-subscribe"),
    ]),

    # ---------------------------------------------------------------- English
    ("en", False, [
        ("hi", "S:greeting"),
        ("hey do u guys ship to melbourne", "A:shipping-international"),
        ("and whats the transit time to australia roughly", "A:shipping-international"),
        ("cool thx", "S:thanks"),
    ]),
    ("en", False, [
        ("tracking page shows DELIVERED at 2:14pm, i was home all day and nobody knocked", "H"),
        ("checked with the front desk too, they have nothing", "X"),
    ]),
    ("en", False, [
        ("WHY IS IT SO HARD TO GET A STRAIGHT ANSWER FROM YOU PEOPLE", "H:negative_sentiment"),
        ("hello??", "S:are_you_there"),
    ]),
    ("en", False, [
        ("good morning", "S:greeting"),
        ("random q but should i buy nvidia stock right now", "H:out_of_scope"),
    ]),
    ("en", False, [
        ("fapiao question", "C"),
        ("need a pdf copy for my expense report, where do i grab it", "A:invoice-electronic"),
        ("perfect, thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("hi there", "S:greeting"),
        ("they ok'd my refund yesterday. how many days until alipay shows it", "A:refunds-how-long"),
        ("and if it had been a credit card?", "A:refunds-how-long"),
    ]),
    ("en", False, [
        ("sent the boots back on the 2nd, your warehouse signed for them, its the 24th now and still no refund", "H"),
        ("i've been more than patient. next stop is my lawyer", "X"),
    ]),
    ("en", False, [
        ("you people are running a scam. money gone, parcel never existed", "H:sensitive_intent"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("every checkout i have to pick my address again, can it just remember one", "A:address-add"),
        ("and the old one has the wrong zip code, how do i fix that", "A:address-edit"),
        ("bye", "S:goodbye"),
    ]),
    ("en", True, [
        ("what are your chat hours on public holidays", "A:customer-service-hours"),
        ("thanks!", "S:thanks"),
    ]),
    ("en", True, [
        ("air purifier arrived with the filter cover cracked, not a huge deal but i want it sorted", "H"),
        ("its order 20261203778812", "X"),
    ]),
    ("en", False, [
        ("acct question", "C"),
        ("wanna get rid of it completely", "A:account-delete"),
        ("and how many days till its wiped for good", "A:account-delete"),
    ]),
    ("en", False, [
        ("where do i put the tracking number for my return", "A:returns-how"),
        ("there's no field for that anywhere, checked the order page and the after-sales page, still nothing", "H:repeated_failure"),
    ]),
    ("en", False, [
        ("any chance you can wrap it as a present? birthday thing for my mum", "H"),
        ("ok", "S:affirm"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("ordered black sneakers, got white ones. i need them for a wedding saturday, can you send the right pair out today", "H"),
    ]),
    ("en", False, [
        ("yo", "S:greeting"),
        ("i have a shop voucher plus a platform one, can i stack them at checkout", "A:coupons-how"),
        ("sweet 👍", "S:affirm"),
    ]),
    ("en", False, [
        ("are you a bot", "S:bot_identity"),
        ("figures. my old sim is dead, how do i swap the number on my account", "A:account-change-phone"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("paid 20 mins ago but the order still says pending payment", "A:payment-charged-unpaid"),
        ("k", "S:affirm"),
    ]),
    ("en", False, [
        ("can someone call me back on 0917 555 2841, easier than typing all this", "H:user_requested"),
    ]),
    ("en", False, [
        ("mug showed up with a chip on the rim, how do i sort that out", "A:damaged-or-wrong-item"),
        ("i did all that 3 days ago, uploaded the pics, and nobody has touched it since", "H"),
    ]),
    ("en", False, [
        ("is the wall mount included with the 55 inch tv or is that extra", "H"),
    ]),
    ("en", False, [
        ("anyone there?", "S:are_you_there"),
        ("how soon after i mail back my return do i see the money", "A:returns-refund-timing"),
        ("thx", "S:thanks"),
    ]),
    ("en", False, [
        ("sent back one shirt out of two and got less money back than it cost me??", "A:refunds-partial"),
    ]),
    ("en", False, [
        ("hello!", "S:greeting"),
        ("never bought anything on here before, what do i do after adding stuff to the basket", "A:place-order"),
        ("after its delivered can i rate the stuff somewhere", "A:leave-review"),
        ("thank you!!", "S:thanks"),
    ]),
    ("en", False, [
        ("its already been sent out and i dont want it anymore. if i turn the driver away do i get my money back", "A:cancel-after-shipment"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("status on my order is awaiting shipment - so the payment went through fine?", "A:order-status-meanings"),
        ("alright cool", "S:affirm"),
    ]),

    # ---------------------------------------------------------------- mixed zh + en
    ("mixed", False, [
        ("我的order显示shipped了 但是tracking一直没更新", "A:tracking-where"),
        ("thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("想问下 refund会退回花呗吗", "A:refunds-where"),
        ("那我用的coupon还给我不", "A:refunds-where"),
        ("进度在哪能看到", "A:refunds-status"),
    ]),
    ("mixed", False, [
        ("说好的48小时发货 拖了一个多礼拜 再不发我就去12315 no joke", "H:sensitive_intent"),
    ]),
    ("mixed", False, [
        ("收到短信说我的account在别的手机上登录了 不是我啊", "H"),
    ]),
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("海外的credit card能付款吗 我人在德国", "A:payment-methods"),
        ("寄到德国大概要多少天", "A:shipping-international"),
        ("thanks", "S:thanks"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("发票能开electronic的吗 公司报销用", "A:invoice-electronic"),
        ("ok 👌", "S:affirm"),
    ]),
    ("mixed", False, [
        ("给我找个real person 别让bot回了", "H:user_requested"),
        ("hello?", "S:are_you_there"),
    ]),
    ("mixed", False, [
        ("delivery那块想问下", "C"),
        ("就是下单以后几天能到 寄上海", "A:shipping-delivery-time"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("这个promo code用不了 显示expired", "A:coupons-not-working"),
        ("能再补我一张吗", "A:coupons-not-working"),
    ]),
    ("mixed", True, [
        ("我是你们VIP 上次买的那个包 皮面有好几道划痕 要处理一下", "H"),
        ("图我拍了 [图片] 你们看看", "X"),
    ]),
    ("mixed", False, [
        ("密码忘了 app登不进去", "A:account-reset-password"),
        ("另外我老婆的号也想在我手机上登 咋来回切", "A:account-switch"),
    ]),
]
