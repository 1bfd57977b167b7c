"""Typed source of chats-blind-1216 (written by hand, blind). Each chat: (language, vip, turns);
each turn: (text, code). Codes: S:<label> small talk, A:<ids> answer with FAQ ids, C clarify,
H / H:<reason> first handoff, X later non-small-talk turn. build.py turns this into chats.jsonl.
All personal data (order, tracking and phone numbers, card endings, addresses, emails) is made up."""

ZH, EN, MX = "zh", "en", "mixed"

CHATS = [
    # ================================================================ Chinese
    # --- sale days: presale deposits, coupons, price protection, delays
    (ZH, False, [
        ("在吗", "S:are_you_there"),
        ("双11预售交了定金 现在不想要了 退不退", "A:cancellation-fee"),
        ("尾款不付 定金就打水漂了？", "A:cancellation-fee"),
    ]),
    (ZH, False, [
        ("618买的吹风机今天降了80 能补不", "A:price-protection"),
        ("不过我那单是直播间秒的", "A:price-protection"),
        ("哦 好吧", "S:affirm"),
        ("拜拜", "S:goodbye"),
    ]),
    (ZH, False, [
        ("价保在哪弄", "A:price-protection"),
        ("订单里压根没有价格保护那个选项 你说的不管用", "H:repeated_failure"),
        ("单号2025061800772531 你们帮我申请", "X"),
    ]),
    (ZH, False, [
        ("零点付尾款一直失败 急死", "A:payment-failed"),
        ("换了两张卡都不行 卡里有钱 你说的这些没用啊", "H:repeated_failure"),
        ("定金会不会被吞", "X"),
    ]),
    (ZH, False, [
        ("你好", "S:greeting"),
        ("预售写的11号发 今天都20号了还没动 我要投诉你们", "H:sensitive_intent"),
        ("订单2025111100381744", "X"),
    ]),
    (ZH, False, [
        ("跨店满减和店铺券叠不叠", "A:coupons-how"),
        ("领的券在哪", "A:coupons-how"),
        ("嗯嗯", "S:affirm"),
        ("对了 凑单凑了一包抽纸 不满99运费收多少", "A:shipping-fees"),
    ]),
    (ZH, False, [
        ("券的事问下", "C"),
        ("满300减40那张 结算时灰的选不上", "A:coupons-not-working"),
        ("懂了", "S:affirm"),
    ]),
    (ZH, False, [
        ("在吗", "S:are_you_there"),
        ("在吗？？", "S:are_you_there"),
        ("气死我了 问三遍了 到底啥时候发货！！！", "H:negative_sentiment"),
    ]),
    (ZH, False, [
        ("双11买的大衣 签收第6天 还能退不", "A:returns-window"),
        ("吊牌在 就试了下", "A:returns-condition"),
        ("好嘞", "S:affirm"),
    ]),
    (ZH, False, [
        ("亲 在吗", "S:are_you_there"),
        ("满400减50的单 退了条裤子 只退我一百一 咋算的", "A:refunds-partial"),
        ("哦哦", "S:affirm"),
    ]),
    (ZH, False, [
        ("刚拍的 地址少写了门牌号", "A:change-order-address"),
        ("另外双11拍了两单 能合一起发不 地址一样", "H"),
        ("2025111100873345 和 2025111100873392", "X"),
    ]),
    (ZH, False, [
        ("包裹一个礼拜没更新了 是不是丢了", "H"),
        ("SF1402256781132", "X"),
        ("拜拜", "S:goodbye"),
    ]),
    # --- handoffs: not received, damaged, missing, overdue, anger, complaints
    (ZH, False, [
        ("显示已签收 我压根没见着", "H"),
        ("快递柜 门卫 邻居都问过了 单号YT8823419902", "X"),
        ("电话13912347788 尽快回我", "X"),
    ]),
    (ZH, False, [
        ("什么垃圾平台 退个款磨磨唧唧 一群饭桶", "H:negative_sentiment"),
        ("半个月了！！！", "X"),
    ]),
    (ZH, False, [
        ("嗨", "S:greeting"),
        ("发杭州滨江一般几天", "A:shipping-delivery-time"),
        ("顺便问下明天杭州下雨不 要不要带伞", "H:out_of_scope"),
        ("哈哈哈", "S:emoji"),
    ]),
    (ZH, False, [
        ("退款都半个月了 钱影子都没有 2025110900125587", "H"),
        ("退的交行卡 尾号0932", "X"),
    ]),
    (ZH, False, [
        ("买了三件 包裹里就俩", "A:missing-item"),
        ("就一个包裹 面单也拍了 [图片] 直接给我补发吧", "H"),
        ("谢谢", "S:thanks"),
    ]),
    (ZH, False, [
        ("杯子碎了俩 [图片]", "H"),
        ("刚签收半小时 赶紧补发", "X"),
    ]),
    (ZH, False, [
        ("面霜味道不对 肯定是假货 我要打12315", "H:sensitive_intent"),
        ("瓶子正反面都拍了 [图片][图片]", "X"),
    ]),
    (ZH, False, [
        ("退货寄回去二十天了 钱呢", "H"),
        ("再不退款我就去消协", "X"),
    ]),
    (ZH, False, [
        ("快递员把我手机号和住址给了别人 这几天老有陌生人打电话", "H"),
        ("你们得给个说法 不然我报警", "X"),
    ]),
    (ZH, False, [
        ("晚上十一点还能找着客服不", "A:customer-service-hours"),
        ("那现在给我转人工 跟机器说不清", "H:user_requested"),
        ("快点啊 等着呢 急", "X"),
    ]),
    (ZH, False, [
        ("颜色拍错了 还没发", "A:change-order"),
        ("麻烦帮我改成黑色 订单2025111105563318", "H"),
        ("好的", "S:affirm"),
    ]),
    (ZH, False, [
        ("注册的验证码半天不来", "A:account-registration-problems"),
        ("有语音的没", "A:account-registration-problems"),
        ("等了五分钟 重发三遍了 语音的也没打来 没用", "H:repeated_failure"),
    ]),
    # --- VIP
    (ZH, True, [
        ("你好", "S:greeting"),
        ("加急走顺丰得加几块", "A:shipping-express"),
        ("谢了", "S:thanks"),
    ]),
    (ZH, True, [
        ("在不在", "S:are_you_there"),
        ("国庆客服上班不", "A:customer-service-hours"),
        ("好的", "S:affirm"),
    ]),
    (ZH, True, [
        ("你好", "S:greeting"),
        ("沙发到了 扶手那块皮裂了 [图片]", "H"),
        ("明天上午家里有人", "X"),
    ]),
    (ZH, True, [
        ("双11订的空调 啥时候能派人来装 急用", "H"),
        ("地址 闵行区莘庄镇莘北路128弄6号 电话13764025518", "X"),
    ]),
    # --- clarify
    (ZH, False, [
        ("运费那块问下", "C"),
        ("寄退货回去的那个邮费", "A:returns-shipping-cost"),
        ("哦哦", "S:affirm"),
    ]),
    (ZH, False, [
        ("这单我想换换", "C"),
        ("鞋子挤脚 要大一号的", "A:exchange-item"),
        ("新的啥时候发", "A:exchange-item"),
    ]),
    (ZH, False, [
        ("退钱那个事儿", "C"),
        ("就是钱多久能到 微信付的", "A:refunds-how-long"),
        ("嗯", "S:affirm"),
    ]),
    # --- plain questions, terse
    (ZH, False, [
        ("下单忘勾发票了 去哪补", "A:invoice-how"),
        ("要公司抬头 税号往哪填", "A:invoice-company"),
    ]),
    (ZH, False, [
        ("亲", "S:greeting"),
        ("花呗能分几期", "A:payment-installments"),
        ("手续费咋算", "A:payment-installments"),
    ]),
    (ZH, False, [
        ("换号了 绑的手机得改", "A:account-change-phone"),
        ("旧卡早丢了 收不到码", "A:account-change-phone"),
        ("嗯嗯", "S:affirm"),
        ("还有 别发短信了 天天大促广告 烦", "A:newsletter-unsubscribe"),
        ("物流提醒还有吧", "A:newsletter-unsubscribe"),
    ]),
    (ZH, False, [
        ("在吗在吗", "S:are_you_there"),
        ("买大了想退 运费算谁的", "A:returns-shipping-cost"),
        ("下单带了运费险的", "A:returns-shipping-cost"),
    ]),
    (ZH, False, [
        ("你好呀", "S:greeting"),
        ("发喀什包邮不 几天到", "A:shipping-remote-areas"),
        ("那寄香港呢 要多久", "A:shipping-international"),
    ]),
    (ZH, False, [
        ("刚发出去 我后悔了 能撤吗", "A:cancel-after-shipment"),
        ("那拒收行不行", "A:cancel-after-shipment"),
        ("嗯", "S:affirm"),
    ]),
    (ZH, False, [
        ("开好的票去哪下载", "A:invoice-electronic"),
        ("会发邮箱不", "A:invoice-electronic"),
        ("打开一看抬头错了一个字", "A:invoice-change-title"),
        ("重开有次数限制没", "A:invoice-change-title"),
    ]),
    (ZH, False, [
        ("你好", "S:greeting"),
        ("是正品吧 别是高仿", "A:product-authenticity"),
        ("防伪码去哪扫", "A:product-authenticity"),
        ("到手以后追评咋弄", "A:leave-review"),
    ]),
    (ZH, False, [
        ("退款进度咋查 申请三天了", "A:refunds-status"),
        ("哦哦 看到了", "S:affirm"),
        ("花呗付的 钱退哪", "A:refunds-where"),
        ("用的券还回来不", "A:refunds-where"),
    ]),
    (ZH, False, [
        ("退的货仓库签收了 钱啥时候回", "A:returns-refund-timing"),
        ("退到支付宝那种", "A:returns-refund-timing"),
    ]),
    (ZH, False, [
        ("退货入口在哪 找半天", "A:returns-how"),
        ("寄回的单号填哪", "A:returns-how"),
        ("看到了 谢谢", "S:thanks"),
    ]),
    (ZH, False, [
        ("早", "S:greeting"),
        ("刚发货 物流去哪看", "A:tracking-where"),
        ("待收货啥意思 是在路上？", "A:order-status-meanings"),
        ("那几天自动确认收货", "A:order-status-meanings"),
    ]),
    (ZH, False, [
        ("第一次买 咋下单", "A:place-order"),
        ("付完在哪看订单", "A:place-order"),
        ("想收大促提醒 在哪开", "A:newsletter-subscribe"),
        ("订阅送券不", "A:newsletter-subscribe"),
    ]),
    (ZH, False, [
        ("没绑卡 只有微信零钱 能付吗", "A:payment-methods"),
        ("货到付款 成都能用不", "A:payment-cod"),
        ("能扫码吗 不想给现金", "A:payment-cod"),
    ]),
    (ZH, False, [
        ("在吗", "S:are_you_there"),
        ("两个号咋切", "A:account-switch"),
        ("那小号不要了 注销以后积分券还在不", "A:account-delete"),
    ]),
    (ZH, False, [
        ("搬家了 地址簿里旧的咋删", "A:address-edit"),
        ("新的设成默认咋弄", "A:address-add"),
        ("谢谢", "S:thanks"),
    ]),
    (ZH, False, [
        ("你好", "S:greeting"),
        ("密码被我老婆改了 我不知道 登不进", "A:account-reset-password"),
        ("验证码登录也行？", "A:account-reset-password"),
    ]),
    (ZH, False, [
        ("你是机器人吧", "S:bot_identity"),
        ("那我问下 收到的台灯底座摔裂了 咋处理", "A:damaged-or-wrong-item"),
        ("签收一天了 还来得及吧", "A:damaged-or-wrong-item"),
    ]),
    # ================================================================ English
    (EN, False, [
        ("hi", "S:greeting"),
        ("how to return goods", "A:returns-how"),
        ("after approve where I send it", "A:returns-how"),
        ("thank you", "S:thanks"),
    ]),
    (EN, False, [
        ("adress change how", "C"),
        ("for the order I buy yesterday, not ship yet", "A:change-order-address"),
        ("ok", "S:affirm"),
        ("also my saved address have wrong street, how edit", "A:address-edit"),
    ]),
    (EN, False, [
        ("the package not arrive yet. order 2025111200457781", "A:tracking-where"),
        ("logistic no update 4 days, can you push the courier", "H"),
        ("ok thanks", "S:thanks"),
    ]),
    (EN, False, [
        ("bought airfryer black friday, now 30 cheaper. refund diff?", "A:price-protection"),
        ("it was flash deal tho", "A:price-protection"),
        ("ugh ok", "S:affirm"),
    ]),
    (EN, False, [
        ("hello", "S:greeting"),
        ("can stack coupons?", "A:coupons-how"),
        ("like shop one + platform one", "A:coupons-how"),
    ]),
    (EN, False, [
        ("cxl pls", "C"),
        ("not shipped, ordered 10 min ago", "A:cancel-before-shipment"),
        ("when money return", "A:cancel-before-shipment,refunds-how-long"),
    ]),
    (EN, False, [
        ("refund eta? approved tues, paid w alipay", "A:refunds-how-long"),
        ("k", "S:affirm"),
        ("that voucher i applied, i get it back too?", "A:refunds-where,coupons-not-working"),
    ]),
    (EN, True, [
        ("hello", "S:greeting"),
        ("espresso machine leaking water after 1 week, need someone come check", "H"),
        ("asap pls, 88 Yuyuan Rd apt 1203, 137 0021 4466", "X"),
        ("thx", "S:thanks"),
    ]),
    (EN, True, [
        ("hi there", "S:greeting"),
        ("do u ship to macau", "A:shipping-international"),
    ]),
    (EN, True, [
        ("my presale tv was due 11/12, still not sent. i want it today or compensation", "H"),
        ("order 2025110300047719", "X"),
    ]),
    (EN, False, [
        ("support open on sunday?", "A:customer-service-hours"),
        ("bot cant help me get me real human pls", "H:user_requested"),
        ("order 2025111100998812", "X"),
    ]),
    (EN, False, [
        ("refund at which step, where i check", "A:refunds-status"),
        ("ASKED 3 TIMES ALREADY!!! APP SHOWS NOTHING!!! GIVE ME MY MONEY BACK", "H:negative_sentiment"),
        ("useless", "X"),
    ]),
    (EN, False, [
        ("paid 11.11 presale balance, got charged twice", "A:payment-charged-unpaid"),
        ("its 1 week now, 2nd charge still not back", "H"),
        ("no refund by friday = chargeback with my bank", "X"),
    ]),
    (EN, False, [
        ("hey", "S:greeting"),
        ("ordered black friday, paid, 3 weeks nothing shipped, no one reply. this is scam", "H:sensitive_intent"),
        ("my lawyer will contact u", "X"),
    ]),
    (EN, False, [
        ("hey", "S:greeting"),
        ("usd card ok for paying?", "A:payment-methods"),
        ("btw whats usd to rmb today", "H:out_of_scope"),
    ]),
    (EN, False, [
        ("where my e-invoice", "A:invoice-electronic"),
        ("did that already no invoice button in order details. not what i ask", "H:repeated_failure"),
        ("order 2025103100218876", "X"),
    ]),
    (EN, False, [
        ("presale said ship 11/15, now 11/22 still nothing. deposit refundable?", "A:cancellation-fee"),
        ("ok how i cancel then", "A:cancel-before-shipment"),
    ]),
    (EN, False, [
        ("what mean awaiting shipment, I pay already", "A:order-status-meanings"),
        ("how many day to reach guangzhou usually", "A:shipping-delivery-time"),
    ]),
    (EN, False, [
        ("can pay by visa? im in malaysia", "A:payment-methods"),
        ("ship to KL ok?", "A:shipping-international"),
    ]),
    (EN, False, [
        ("sign up need chinese phone no?", "A:account-register"),
        ("code not come", "A:account-registration-problems"),
        ("ok got it", "S:affirm"),
    ]),
    (EN, False, [
        ("morning", "S:greeting"),
        ("forgot pw cant login lol", "A:account-reset-password"),
        ("ok in now. how change my nickname", "A:account-change-phone"),
    ]),
    (EN, False, [
        ("2 accounts on one phone possible?", "A:account-switch"),
        ("ok then delete the old one, how", "A:account-delete"),
        ("the deletion take how long", "A:account-delete"),
    ]),
    (EN, False, [
        ("warranty how long for vacuum", "A:warranty-repair"),
        ("broke already after 2 months lol. repair how", "A:warranty-repair"),
    ]),
    (EN, False, [
        ("box smashed vase inside broken what i do", "A:damaged-or-wrong-item"),
        ("uploaded pics 2 days ago nobody reply", "H"),
        ("order 2025111300662190", "X"),
    ]),
    (EN, False, [
        ("ordered M, got XL. what now", "A:damaged-or-wrong-item"),
        ("who pay ship back", "A:returns-shipping-cost,damaged-or-wrong-item"),
    ]),
    (EN, False, [
        ("app say delivered but nothing at my door", "H"),
        ("asked neighbour and guard already", "X"),
        ("my no. 186 2231 9087", "X"),
        ("bye", "S:goodbye"),
    ]),
    (EN, False, [
        ("refund show done 15 days ago still not in my card", "H"),
        ("icbc card end 4471", "X"),
    ]),
    (EN, False, [
        ("is it original or fake", "A:product-authenticity"),
        ("if fake u pay me back?", "A:product-authenticity"),
        ("ok. after receive how leave review", "A:leave-review"),
    ]),
    (EN, False, [
        ("can pay cash when courier come", "A:payment-cod"),
        ("or pay in 3 months possible?", "A:payment-installments"),
    ]),
    (EN, False, [
        ("payment fail again and again", "A:payment-failed"),
        ("order disappear if i try later?", "A:payment-failed"),
        ("now bank took money but order say unpaid wtf", "A:payment-charged-unpaid"),
    ]),
    (EN, False, [
        ("free ship over how much", "A:shipping-fees"),
        ("need it by tmr, SF possible?", "A:shipping-express"),
    ]),
    (EN, False, [
        ("yo", "S:greeting"),
        ("delivery to tibet ok? my brother work in lhasa", "A:shipping-remote-areas"),
        ("and it takes how many day to lhasa", "A:shipping-remote-areas"),
    ]),
    (EN, False, [
        ("hi", "S:greeting"),
        ("send me all personal data u have on me, to my email", "H"),
        ("kevin.l.tan88@mailbox.com", "X"),
    ]),
    (EN, False, [
        ("someone login my account from shenzhen, not me!! changed my addr", "H"),
        ("pls lock it", "X"),
    ]),
    (EN, False, [
        ("are u a bot", "S:bot_identity"),
        ("then recommend me good stock for tmr haha", "H:out_of_scope"),
    ]),
    # ================================================================ mixed
    (MX, False, [
        ("在吗", "S:are_you_there"),
        ("双11 presale的定金能退吗", "A:cancellation-fee"),
        ("商家delay了呢", "A:cancellation-fee"),
        ("明白", "S:affirm"),
    ]),
    (MX, False, [
        ("coupon用不了 说不满足门槛", "A:coupons-not-working"),
        ("我明明凑够299了 用了店铺券就不行了", "A:coupons-not-working"),
        ("好吧 got it", "S:affirm"),
    ]),
    (MX, False, [
        ("app上写delivered了 我手上啥也没有", "H"),
        ("楼下快递柜也没有", "X"),
        ("tracking YD7731002846", "X"),
    ]),
    (MX, False, [
        ("hello", "S:greeting"),
        ("refund多久到账啊 微信", "A:refunds-how-long"),
    ]),
    (MX, False, [
        ("bot能解决吗 算了 帮我transfer人工", "H:user_requested"),
        ("订单2025111102277653", "X"),
    ]),
    (MX, False, [
        ("invoice要公司抬头的 tax id填哪", "A:invoice-company"),
        ("专票要啥资料", "A:invoice-company"),
        ("thx", "S:thanks"),
    ]),
    (MX, False, [
        ("我要cancel订单 还没ship", "A:cancel-before-shipment"),
        ("会扣钱吗", "A:cancellation-fee"),
        ("ok 谢谢", "S:thanks"),
    ]),
    (MX, False, [
        ("退货的shipping fee谁出", "A:returns-shipping-cost"),
        ("东西没问题 就是不想要了", "A:returns-shipping-cost"),
        ("👌", "S:emoji"),
    ]),
    (MX, False, [
        ("account那边有点事", "C"),
        ("password想不起来了 app登不进去", "A:account-reset-password"),
        ("thank u", "S:thanks"),
    ]),
    (MX, False, [
        ("那个refund", "C"),
        ("就是查一下progress 申请了两天", "A:refunds-status"),
    ]),
    (MX, True, [
        ("hello", "S:greeting"),
        ("买的冰箱要安装 什么时候来人", "H"),
        ("地址 朝阳区望京西园3区 电话13601289954", "X"),
    ]),
    (MX, False, [
        ("在？", "S:are_you_there"),
        ("在？？？", "S:are_you_there"),
        ("你们customer service都是摆设吗 WTF 半天没人理", "H:negative_sentiment"),
    ]),
    (MX, False, [
        ("耳机序列号官网查不到 fake的吧 我要去消协complain", "H:sensitive_intent"),
        ("[图片] 发票也在", "X"),
    ]),
    (MX, False, [
        ("hi", "S:greeting"),
        ("能帮我translate篇英语作文吗 明天要交", "H:out_of_scope"),
    ]),
    (MX, False, [
        ("Black Friday买的 shipping好慢 还要几天", "A:shipping-delivery-time"),
        ("发的是北京", "A:shipping-delivery-time"),
    ]),
    (MX, False, [
        ("我的手机号被改了 不是我改的 account被盗了吧", "H"),
        ("原来的号13588206671", "X"),
    ]),
    (MX, False, [
        ("寄来的mug颜色不对 发错了吧 咋整", "A:damaged-or-wrong-item"),
        ("ok 那我去申请", "S:affirm"),
    ]),
]
