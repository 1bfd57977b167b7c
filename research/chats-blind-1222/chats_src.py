"""Hand-typed source of chats-blind-1222 (blind; see README.md).

Each chat: (language, vip, [(text, code), ...]). Codes:
  S:<label>  small talk (after a handoff build.py marks it handoff / handoff_active, label kept)
  A:<ids>    answer, with the kb ids that really answer the message
  C          clarify (the next turn resolves it)
  H / H:<r>  the chat's first handoff, with a reason where one rule clearly must fire
  X          a later non-small-talk turn after the handoff
The lean (an order's state and what the customer can do about it: cancel, change, refuse,
return, with shipped / not shipped said in the chat) is kept in the LEAN_* lists.
"""

# ---------------------------------------------------------------- the lean: zh
LEAN_ZH = [
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("昨晚十一点多下的单 现在还没发货 突然不想要了 在哪取消啊", "A:cancel-before-shipment"),
        ("取消的话会扣我手续费吗", "A:cancellation-fee"),
        ("谢谢亲", "S:thanks"),
    ]),
    ("zh", False, [
        ("订单 2024121803317 刚拍的 收货地址选成公司了 想改成家里 还没发货呢", "A:change-order-address"),
        ("改完以后还能再改一次不 怕又填错", "A:change-order-address"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("快递已经在路上了 我又不想要了 可以直接拒收吗", "A:cancel-after-shipment"),
        ("拒收了的话 钱回到我付款的那张储蓄卡上？", "A:refunds-where"),
        ("明白了", "S:affirm"),
    ]),
    ("zh", False, [
        ("亲 帮我把订单 DD20241219556 取消掉 东西还在仓库没发", "H"),
        ("好的 等你们消息", "S:affirm"),
    ]),
    ("zh", False, [
        ("12号拍的 页面写48小时内发货 今天都17号了还是待发货 到底怎么回事", "H"),
        ("不等了 直接给我退款", "X"),
        ("你们到底有没有人管", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("我那个订单不想要了", "C"),
        ("还没发呢 昨天半夜才拍的", "A:cancel-before-shipment"),
        ("好嘞", "S:affirm"),
    ]),
    ("zh", False, [
        ("裤子拍成30码了 其实要31的 还没发货 能改吗", "A:change-order"),
        ("那你帮我改下 订单号 4417520983", "H"),
        ("啥时候能弄好 给个准信", "X"),
    ]),
    ("zh", False, [
        ("在不在", "S:are_you_there"),
        ("刚付完款 忘了勾发票 东西还没发 现在还能补开吗", "A:invoice-how"),
        ("开出来是电子版吧 公司报销能用不", "A:invoice-electronic"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("买重复了 可是已经发出来了 还有啥办法不", "A:cancel-after-shipment"),
        ("那先签收再退 寄回的邮费得我掏吗", "A:returns-shipping-cost"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好呀", "S:greeting"),
        ("没发货的单我刚取消了 上面用了张满200减30的券 还能回来吗", "A:coupons-not-working,refunds-where"),
        ("行 知道了", "S:affirm"),
    ]),
    ("zh", False, [
        ("物流显示已揽收 地址门牌号写错了 还来得及改不", "A:change-order-address"),
        ("那麻烦帮我申请一下 改成3单元502 电话13811276604", "H"),
        ("谢谢啊", "S:thanks"),
    ]),
    ("zh", False, [
        ("还没发货的时候取消的 钱啥时候回来 我用的招行信用卡", "A:cancel-before-shipment,refunds-how-long"),
        ("取消三天了 卡里还看不到", "A:refunds-how-long,refunds-status"),
        ("哦 那我再等等", "S:affirm"),
    ]),
    ("zh", False, [
        ("预售那个定金交了 尾款还没付 现在不想要了 定金退不退", "A:cancellation-fee"),
        ("可是原来说15号发货 现在页面改成月底了", "A:cancellation-fee"),
        ("懂了", "S:affirm"),
    ]),
    ("zh", False, [
        ("一个礼拜了还不发货 你们是倒闭了吗 什么垃圾店", "H:negative_sentiment"),
        ("钱给我退回来 马上！！", "X"),
    ]),
    ("zh", False, [
        ("在么", "S:are_you_there"),
        ("裙子昨天签收的 上身不好看 想退掉", "A:returns-how"),
        ("寄回去以后几天能退钱 当时用花呗付的", "A:returns-refund-timing,refunds-where"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("订单还在待发货 想再加一瓶洗发水进去一起发 可以吗", "A:change-order"),
        ("那我取消了重拍 之前付的钱马上退吗", "A:cancel-before-shipment,refunds-how-long"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("物流已经到中转站了 这单不要了 能帮我拦截吗 快递单号 YT7730198823", "H"),
        ("快点啊 今天就要派送了", "X"),
    ]),
    ("zh", True, [
        ("你好", "S:greeting"),
        ("订单还没发货 麻烦帮我把收货人改成刘敏 电话15902218837", "H"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("已经发货了 页面上找不到取消的按钮", "A:cancel-after-shipment"),
        ("拒收我也做不到 白天家里没人 你说的解决不了 我就是要取消", "H:repeated_failure"),
        ("人呢？", "S:are_you_there"),
    ]),
    ("zh", False, [
        ("亲亲", "S:greeting"),
        ("下单两个小时了还是待发货 是不是钱没付上", "A:order-status-meanings"),
        ("上午十点拍的 今天能发出来吗", "A:shipping-delivery-time"),
        ("谢谢", "S:thanks"),
    ]),
]

# ---------------------------------------------------------------- the lean: en
LEAN_EN = [
    ("en", False, [
        ("hi", "S:greeting"),
        ("placed an order like 10 mins ago, still says processing. want to cancel it, where's the button", "A:cancel-before-shipment"),
        ("do u charge anything for that", "A:cancellation-fee"),
        ("cool thx", "S:thanks"),
    ]),
    ("en", False, [
        ("my order went out yesterday but i found it cheaper somewhere else. any way to cancel now?", "A:cancel-after-shipment"),
        ("so if i refuse it at the door, when does the refund actually happen", "A:cancel-after-shipment"),
        ("alright bye", "S:goodbye"),
    ]),
    ("en", False, [
        ("hey there", "S:greeting"),
        ("tracking says out for delivery but i dont want it anymore. can i just not accept it", "A:cancel-after-shipment"),
        ("and the money goes back to my visa right?", "A:refunds-where"),
        ("thanks!", "S:thanks"),
    ]),
    ("en", False, [
        ("please cancel order #A559102 for me, it hasnt shipped yet", "H"),
        ("hello??", "S:are_you_there"),
    ]),
    ("en", False, [
        ("ordered on the 3rd, paid straight away, and 9 days later its STILL awaiting shipment. whats going on", "H"),
        ("just cancel it and refund me today", "X"),
    ]),
    ("en", False, [
        ("is it possible to change the size on an order that's still processing?", "A:change-order"),
        ("yes pls do it, order 88231907, swap M for L", "H"),
        ("ty", "S:thanks"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("ugh used my old flat's address on todays order. nothing has shipped, where do i edit it", "A:change-order-address"),
        ("and if i mess it up again can i change it a second time", "A:change-order-address"),
        ("perfect", "S:affirm"),
    ]),
    ("en", False, [
        ("parcel's already with the courier and i moved out yesterday. can it be rerouted?", "A:change-order-address"),
        ("can you guys request it then. tracking SF1420077312, new address 88 Harbour Rd unit 5, Xiamen", "H"),
        ("thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("it arrived monday, i tried the headphones once and dont love them. can i still send them back", "A:returns-condition,returns-window"),
        ("what counts as used though, i only had them on for like 5 minutes", "A:returns-condition"),
        ("ugh ok", "S:affirm"),
    ]),
    ("en", False, [
        ("cancelled an order before it shipped. paid with alipay and a ¥15 coupon - where does all that go back to?", "A:refunds-where"),
        ("and how fast does alipay get it", "A:cancel-before-shipment,refunds-how-long"),
        ("nice", "S:affirm"),
    ]),
    ("en", False, [
        ("hi!", "S:greeting"),
        ("paid a deposit on the presale air fryer. if i back out now do i lose it?", "A:cancellation-fee"),
        ("what if they miss the ship date they promised", "A:cancellation-fee"),
        ("k", "S:affirm"),
    ]),
    ("en", False, [
        ("ordered the wrong size and its already shipped. can i swap it once it gets here?", "A:exchange-item"),
        ("how many days do i have for that", "A:exchange-item"),
        ("thanks a lot", "S:thanks"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("it shipped 2 days ago to chengdu, roughly when should it show up", "A:shipping-delivery-time"),
        ("where can i follow it", "A:tracking-where"),
        ("thx", "S:thanks"),
    ]),
    ("en", False, [
        ("you shipped it AFTER i cancelled?? now its with the courier and you still have my money. this is fraud", "H:sensitive_intent"),
        ("filing a chargeback with my bank", "X"),
    ]),
    ("en", False, [
        ("order is still processing and i need a company invoice for it. what info do you need from me", "A:invoice-company"),
        ("and will i get it before it ships?", "A:invoice-how"),
        ("ok thx", "S:thanks"),
    ]),
    ("en", True, [
        ("order #B20931 is still being packed, please upgrade it to SF express and gift wrap it", "H"),
        ("thanks", "S:thanks"),
    ]),
]

# ---------------------------------------------------------------- the lean: mixed
LEAN_MIXED = [
    ("mixed", False, [
        ("在吗", "S:are_you_there"),
        ("我的order还在processing 想cancel掉 怎么操作", "A:cancel-before-shipment"),
        ("钱会原路退回吗", "A:cancel-before-shipment,refunds-where"),
        ("thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("快递已经shipped了 还能改地址吗 小区名字写错了", "A:change-order-address"),
        ("单号 JD0098812345 帮我改成华景新城12栋", "H"),
        ("多久能有结果", "X"),
    ]),
    ("mixed", False, [
        ("刚拍的还没ship 能帮我upgrade成顺丰吗 加钱也行", "H"),
        ("明天下午之前要用的", "X"),
    ]),
    ("mixed", False, [
        ("哈喽", "S:greeting"),
        ("package已经out for delivery了 但我人在外地 能拒收吗 拒收了钱怎么退", "A:cancel-after-shipment"),
        ("好的 thanks", "S:thanks"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("订单还没发货 想问下invoice能开公司抬头吗 要提供啥", "A:invoice-company"),
        ("开好了去哪下载pdf", "A:invoice-electronic"),
    ]),
    ("mixed", False, [
        ("下单五天了status还是待发货 到底发不发 给我转真人", "H:user_requested"),
    ]),
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("鞋子delivered了 尺码偏小 想exchange大一码", "A:exchange-item"),
        ("没42码的话就只能退了吧 refund多久能回微信", "A:returns-refund-timing,refunds-how-long"),
        ("ok", "S:affirm"),
    ]),
    ("mixed", False, [
        ("昨天那单想change点东西", "C"),
        ("改数量 还没发货 要3个不是2个", "A:change-order"),
        ("got it", "S:affirm"),
    ]),
    ("mixed", False, [
        ("已经发货了 但我想换另一个颜色 能直接exchange吗 还是要等收到", "A:exchange-item"),
        ("👌", "S:emoji"),
    ]),
    ("mixed", False, [
        ("都shipped三天了物流还在原地不动 不想要了 能refuse吗", "A:cancel-after-shipment"),
        ("那拒收完钱退到哪 我用的信用卡", "A:refunds-where"),
        ("thanks", "S:thanks"),
    ]),
]

# ---------------------------------------------------------------- the rest of the kb: zh
OTHER_ZH = [
    ("zh", False, [
        ("你好", "S:greeting"),
        ("寄到喀什的话要几天 包邮吗", "A:shipping-remote-areas"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("就买了根四十多块的充电线 运费咋收", "A:shipping-fees"),
        ("那我凑到一百 用完券变成95了 还包邮不", "A:shipping-fees"),
        ("明白", "S:affirm"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("包裹寄到哪一步了 哪里能看到物流单号", "A:tracking-where"),
        ("谢啦", "S:thanks"),
    ]),
    ("zh", False, [
        ("订单显示已签收 可我压根没收到 门口快递柜都找过了", "H"),
        ("都两天了 你们得给个说法", "X"),
    ]),
    ("zh", False, [
        ("头一回用 挑好的东西都放进车里了 下一步点哪", "A:place-order"),
        ("优惠券要自己选吗 还是会自动用上", "A:coupons-how"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("我没绑银行卡 微信零钱能付吗", "A:payment-methods"),
        ("那能送到了再给钱不 我在成都", "A:payment-cod"),
    ]),
    ("zh", False, [
        ("买个手机想分12期 有利息吗", "A:payment-installments"),
        ("是不是所有东西都能用花呗分", "A:payment-installments"),
        ("嗯嗯", "S:affirm"),
    ]),
    ("zh", False, [
        ("刷卡老是付不成功 可余额有三千多块啊", "A:payment-failed"),
        ("换了支付宝也付不了 你说的我都试了 还是一样", "H:repeated_failure"),
        ("快点 订单要过期了", "X"),
    ]),
    ("zh", False, [
        ("扣了我两次钱 两笔都是299 订单只有一个", "A:payment-charged-unpaid"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", True, [
        ("在吗", "S:are_you_there"),
        ("伊犁那边能送吗 几天到", "A:shipping-remote-areas"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("之前领的那些券咋找不到了 都放哪了", "A:coupons-how"),
        ("店铺券跟平台券能一起用吧", "A:coupons-how"),
    ]),
    ("zh", False, [
        ("买完第二天就便宜了五十 能退差价不", "A:price-protection"),
        ("我是秒杀的时候抢的", "A:price-protection"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("新用户建号卡在验证那一步 手机一直没收到那串数字", "A:account-registration-problems"),
        ("语音验证码也没打过来", "H"),
        ("你们找个人看看我这个号吧 手机 17702156630", "X"),
    ]),
    ("zh", False, [
        ("登录的密码记不得了 购物车等着结账呢", "A:account-reset-password"),
        ("好的 我试试", "S:affirm"),
    ]),
    ("zh", False, [
        ("地址簿里能存几个地址 想给爸妈各加一个", "A:address-add"),
        ("谢了", "S:thanks"),
    ]),
    ("zh", False, [
        ("您好", "S:greeting"),
        ("地址的事", "C"),
        ("我搬家了 地址簿里那个旧的要更新", "A:address-edit"),
    ]),
    ("zh", False, [
        ("一天三条促销短信 怎么才能不收", "A:newsletter-unsubscribe"),
        ("物流通知还会有吧", "A:newsletter-unsubscribe"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("吹风机用了四个月不出热风了 能保修吗", "A:warranty-repair"),
        ("是上门来取 还是得我自己寄", "A:warranty-repair"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("收到的碗碎了两个 [图片] 周末请客要用 赶紧给我补发", "H"),
        ("订单号 DD20241209871 收件人王芳", "X"),
    ]),
    ("zh", False, [
        ("在的吗", "S:are_you_there"),
        ("鞋子收到了 说好送的小风扇没在箱子里", "A:missing-item"),
        ("行 我去申请", "S:affirm"),
    ]),
    ("zh", False, [
        ("面霜怕买到假的 盒子上能扫码验真伪吗", "A:product-authenticity"),
        ("你是机器人吗", "S:bot_identity"),
        ("哈哈哈", "S:emoji"),
    ]),
    ("zh", False, [
        ("帮我查查明天杭州下不下雨", "H:out_of_scope"),
        ("拜拜", "S:goodbye"),
    ]),
    ("zh", False, [
        ("问下发票", "C"),
        ("开票时候手滑选了个人 其实要公司抬头的", "A:invoice-change-title"),
        ("换开以后原来那张还作数吗", "A:invoice-change-title"),
    ]),
    ("zh", False, [
        ("上个月退的货 仓库早签收了 钱到现在都没到 二十多天了", "H"),
        ("订单号 20241118093312", "X"),
    ]),
    ("zh", False, [
        ("我要投诉 快递员把我的东西直接扔在楼下", "H:sensitive_intent"),
        ("里面的东西都摔坏了", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("客服晚上几点下班 十点以后还有人吗", "A:customer-service-hours"),
        ("没别的了", "S:deny"),
    ]),
    ("zh", False, [
        ("别跟我扯了 叫个人工过来看看我这单", "H:user_requested"),
        ("人呢", "S:are_you_there"),
    ]),
]

# ---------------------------------------------------------------- the rest of the kb: en
OTHER_EN = [
    ("en", False, [
        ("hi there", "S:greeting"),
        ("how long do i have to return things? my parcel came last friday", "A:returns-window"),
        ("thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("posted my return monday, tracking says your warehouse got it today. when do i see the money", "A:returns-refund-timing"),
        ("it's going back to a bank card btw, does that make it slower", "A:returns-refund-timing,refunds-how-long"),
    ]),
    ("en", False, [
        ("why did i only get ¥46 back for two mugs? they were ¥29 each", "A:refunds-partial"),
        ("oh the discount, makes sense", "S:affirm"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("my refund got the ok, is there a screen showing the next steps", "A:refunds-status"),
    ]),
    ("en", False, [
        ("can i get a real human on this pls, been going in circles with a bot for 10 min", "H:user_requested"),
        ("hello?", "S:are_you_there"),
    ]),
    ("en", False, [
        ("can u send to melbourne australia, whats the wait like", "A:shipping-international"),
        ("great", "S:affirm"),
    ]),
    ("en", False, [
        ("my card got declined 3 times in a row", "A:payment-failed"),
        ("thank u", "S:thanks"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("is a phone number mandatory to make an account or will email do", "A:account-register"),
    ]),
    ("en", False, [
        ("lost my old chinese number when i moved back home, need to put my new one on the account", "A:account-change-phone"),
        ("oh and the avatar, where's that setting", "A:account-change-phone"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("thinking of deleting my account, do my points just vanish", "A:account-delete"),
        ("does it happen instantly or is there a wait", "A:account-delete"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("my electric kettle died at 5 months old, warranty still good?", "A:warranty-repair"),
    ]),
    ("en", False, [
        ("ordered the grey sofa cover, got a beige one", "A:damaged-or-wrong-item"),
        ("i need the right one by saturday, people are coming over. can you just send it now", "H"),
    ]),
    ("en", False, [
        ("want to post a review with a couple of photos of the jacket, whats the way to do it", "A:leave-review"),
        ("can i edit it later if i change my mind", "A:leave-review"),
    ]),
    ("en", False, [
        ("can you write me a cover letter for a barista job", "H:out_of_scope"),
        ("bye", "S:goodbye"),
    ]),
    ("en", False, [
        ("this is the THIRD time im asking. WHERE IS MY REFUND. useless garbage company", "H:negative_sentiment"),
        ("ORDER 55120378. SORT IT OUT", "X"),
    ]),
    ("en", True, [
        ("hello", "S:greeting"),
        ("whats shipping on a ¥70 order", "A:shipping-fees"),
        ("thx", "S:thanks"),
    ]),
    ("en", True, [
        ("my tv arrived with a cracked screen, i need this handled today", "H"),
        ("sending pics now [image] [image] box was fine, screen is not", "X"),
    ]),
    ("en", False, [
        ("delivery-wise, one thing i wanted to check", "C"),
        ("how much is it if my order is ¥45", "A:shipping-fees"),
    ]),
    ("en", False, [
        ("wanna ask smth re: refunds", "C"),
        ("how long till it hits my alipay", "A:refunds-how-long"),
        ("cheers", "S:thanks"),
    ]),
    ("en", False, [
        ("box came with only 2 of the 3 candles", "A:missing-item"),
        ("theres no missing item option anywhere in after-sales, i looked", "H:repeated_failure"),
    ]),
    ("en", False, [
        ("anyone there", "S:are_you_there"),
        ("does SF next day work for shenzhen", "A:shipping-express"),
        ("is it pricier than regular post, by how much", "A:shipping-express"),
        ("bye then", "S:goodbye"),
    ]),
]

# ---------------------------------------------------------------- the rest of the kb: mixed
OTHER_MIXED = [
    ("mixed", False, [
        ("亲 我买的吸尘器降价了 price protection在哪里弄", "A:price-protection"),
        ("是直播间买的 也可以吗", "A:price-protection"),
    ]),
    ("mixed", False, [
        ("想subscribe你们的促销 有新人券吗", "A:newsletter-subscribe"),
    ]),
    ("mixed", False, [
        ("refund显示success了 可银行卡里一直没有 已经8个工作日了", "A:refunds-status"),
        ("order号 20241130667182 麻烦查一下", "H"),
    ]),
    ("mixed", False, [
        ("tracking一直显示派送中 三天了都没送到 帮我催下快递", "H"),
        ("my phone 13566012278 快递员可以直接打", "X"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("花呗能分期吗 分3期有fee吗", "A:payment-installments"),
    ]),
    ("mixed", False, [
        ("你好", "S:greeting"),
        ("包裹拆开少了一个item 订单是两件的", "A:missing-item"),
        ("ok", "S:affirm"),
    ]),
    ("mixed", False, [
        ("在吗", "S:are_you_there"),
        ("老公的account和我的account 买的单子能并成一个吗", "A:account-switch"),
    ]),
    ("mixed", False, [
        ("你是bot还是真人啊", "S:bot_identity"),
        ("那帮我推荐只明天能涨的股票", "H:out_of_scope"),
    ]),
    ("mixed", True, [
        ("hi", "S:greeting"),
        ("运费险怎么用 我要退一件外套", "A:returns-shipping-cost"),
        ("thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("lamp shade到的时候就裂了 外箱也压扁了 要怎么弄", "A:damaged-or-wrong-item"),
        ("thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("再不退款我就去12315 consumer protection那边投诉", "H:sensitive_intent"),
    ]),
]

LEAN = LEAN_ZH + LEAN_EN + LEAN_MIXED
OTHER = OTHER_ZH + OTHER_EN + OTHER_MIXED
CHATS = LEAN + OTHER
