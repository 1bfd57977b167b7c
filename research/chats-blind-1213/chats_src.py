"""Hand-written blind chats, 2026-12-13. Each chat: (language, vip, [(text, code), ...]).
Codes: S:<label> small talk; A:<ids> answer with FAQ ids; C clarify; H / H:<reason> first handoff;
X later non-small-talk turn after a handoff (small talk after a handoff stays S:<label>)."""

CHATS = [
    # ---------------- Chinese ----------------
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("前天拍的东西 到今天还挂着待发货 是不是我钱没付过去啊", "A:order-status-meanings"),
        ("哦哦 原来这样", "S:affirm"),
        ("那一般多久能给我寄出来 收货地址在杭州", "A:shipping-delivery-time"),
        ("好嘞 谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("快递下午刚到 拆开玻璃杯碎成好几瓣了 照片我都拍好了 你们说怎么赔吧", "H"),
        ("[图片] [图片] 外箱也压扁了", "X"),
        ("这是送朋友的生日礼物 后天就要用 能不能先给我补寄一个", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("收到的碗口那儿崩了个小缺 这种情况咋处理", "A:damaged-or-wrong-item"),
        ("要是寄回去 快递费我自己掏吗", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("明白了", "S:affirm"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("物流显示昨天中午就签收了 我一整天在家根本没人敲门 快递柜和门卫都问过了 没有", "H"),
        ("单号是YT8823019475611", "X"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("跟机器聊不明白 给我接个人工", "H:user_requested"),
        ("在吗", "S:are_you_there"),
    ]),
    ("zh", False, [
        ("你们这什么店啊 寄来的鞋两只大小都不一样 找客服三天了一直没人理 我要去12315投诉", "H:sensitive_intent"),
        ("别再发那种模板回复了", "X"),
    ]),
    ("zh", False, [
        ("你们脑子有问题吧？？？退个款拖一个多月 垃圾平台 什么玩意", "H:negative_sentiment"),
        ("人呢 哑巴了？", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("能不能帮我写个请假条 明天要带娃去医院", "H:out_of_scope"),
    ]),
    ("zh", False, [
        ("发票的事儿想问问", "C"),
        ("就是买的时候忘记勾开票了 现在还能补开吗", "A:invoice-how"),
        ("好 那我去弄一下", "S:affirm"),
    ]),
    ("zh", False, [
        ("单子想改改", "C"),
        ("收件地址填成公司的了 想换成家里的 还没发货", "A:change-order-address"),
        ("搞定了 谢谢亲", "S:thanks"),
    ]),
    ("zh", True, [
        ("你好", "S:greeting"),
        ("走顺丰的话得多付多少", "A:shipping-express"),
        ("好的", "S:affirm"),
    ]),
    ("zh", True, [
        ("上礼拜买的空气炸锅才用了两回 今天开关就按不动了", "H"),
        ("订单号2026113012837465 你们尽快", "X"),
    ]),
    ("zh", False, [
        ("买的牛仔裤不想要了 退的话在哪点", "A:returns-how"),
        ("我订单页面就一个确认收货 压根没有你说的申请售后 这不白说吗", "H:repeated_failure"),
    ]),
    ("zh", False, [
        ("昨天下单的吹风机今天就便宜了四十块 差价能退回来不", "A:price-protection"),
        ("我是直播间里抢的 也算吗", "A:price-protection"),
        ("唉 好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("亲 在不在", "S:are_you_there"),
        ("双十二预售那个付了定金 现在不太想要了 定金还能拿回来吗", "A:cancellation-fee"),
        ("可是页面上说15号发 现在又改成月底才发 这也不退？", "A:cancellation-fee"),
        ("哦 那还行", "S:affirm"),
    ]),
    ("zh", False, [
        ("东西都在路上了 我这边突然用不上了 还能不要吗", "A:cancel-after-shipment"),
        ("那快递员送来我直接说不收 可以这样？", "A:cancel-after-shipment"),
        ("明白 谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("您好", "S:greeting"),
        ("寄喀什得多少天 能包邮不", "A:shipping-remote-areas"),
        ("那二十块是下单时候一起付吗", "A:shipping-remote-areas"),
    ]),
    ("zh", False, [
        ("亲 帮我看看包裹到哪了 单号2026120498127734", "A:tracking-where"),
        ("我看到了 都两天没动静了 你们能帮我催下快递不", "H"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("在么", "S:are_you_there"),
        ("付钱一直弹支付失败 卡里余额够的啊", "A:payment-failed"),
        ("限额我查了没超 换微信也照样失败 你讲的我全试过了 没用", "H:repeated_failure"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("上周五不小心付了两遍 说三天内退回 到今天一个礼拜了那笔还没回来", "H"),
        ("扣款记录我截好图了 传到哪里", "X"),
    ]),
    ("zh", False, [
        ("退款申请都半个多月了 钱一分没见着 订单2026111720093341", "H"),
        ("到底啥时候能有人回我", "X"),
    ]),
    ("zh", False, [
        ("刚收到条短信说我号在外地登录了 订单里还多了一单不是我买的", "H"),
        ("赶紧帮我把账号锁了", "X"),
    ]),
    ("zh", False, [
        ("换了新手机 登录密码死活想不起来", "A:account-reset-password"),
        ("还有 绑定的手机号也得换 原来那张卡停机了", "A:account-change-phone"),
        ("好的 我试试", "S:affirm"),
    ]),
    ("zh", False, [
        ("嗨", "S:greeting"),
        ("这个号以后不打算用了 想销掉", "A:account-delete"),
        ("里头还有张没用的券 注销了就作废了是吧", "A:account-delete"),
        ("知道了", "S:affirm"),
    ]),
    ("zh", False, [
        ("想把公司的地址也存进去 在哪加", "A:address-add"),
        ("以后下单都默认寄公司 咋设", "A:address-add"),
        ("顺便问下 地址簿里有个旧地址门牌号写错了 去哪改", "A:address-edit"),
        ("改完以后 昨天已经下的那单会自动变吗", "A:address-edit,change-order-address"),
        ("好了 谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("你们天天发短信推活动 烦死了 咋关", "A:newsletter-unsubscribe"),
        ("那我的包裹派送短信会不会也一起没了", "A:newsletter-unsubscribe"),
        ("行", "S:affirm"),
    ]),
    ("zh", False, [
        ("晚上十点多找你们还有人在不", "A:customer-service-hours"),
        ("节假日比如国庆 你们也上班不", "A:customer-service-hours"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好 打扰了", "S:greeting"),
        ("今年六月买的电动牙刷 现在充不进电了 还在保修里吗", "A:warranty-repair"),
        ("修的话我要自己寄过去吗", "A:warranty-repair"),
        ("谢谢 拜拜", "S:goodbye"),
    ]),
    ("zh", False, [
        ("买了三样东西 就到了两样 另一个呢", "A:missing-item"),
        ("查过了只有一个快递单号 都签收两天了 少的是充电器 你们给我补寄一个", "H"),
    ]),
    ("zh", False, [
        ("这款羽绒服身高165体重110穿哪个码", "H"),
        ("黑色还有货吗", "X"),
    ]),
    ("zh", False, [
        ("在吗在吗", "S:are_you_there"),
        ("刚发的评价打错字了 能编辑不", "A:leave-review"),
        ("那删了重新写一条呢", "A:leave-review"),
    ]),
    ("zh", False, [
        ("付款页面能选银联吗 我不用支付宝", "A:payment-methods"),
        ("能送到了再给钱吗 网上买东西有点不放心", "A:payment-cod"),
        ("东西三千多块 也可以吗", "A:payment-cod"),
        ("好的 拜拜", "S:goodbye"),
    ]),
    ("zh", False, [
        ("我领了两张券 一张店里的一张平台的 下单能一块儿减吗", "A:coupons-how"),
        ("另外听说订阅活动消息还送券 真的假的", "A:newsletter-subscribe"),
        ("在哪打开", "A:newsletter-subscribe"),
    ]),
    ("zh", False, [
        ("满200减30的券 我买了210 结算的时候说用不了", "A:coupons-not-working"),
        ("不对啊 扣完别的优惠也还有205 东西也在范围里 券也没过期 还是用不了", "H:repeated_failure"),
    ]),
    ("zh", False, [
        ("鞋子小了半码 想换大一点的", "A:exchange-item"),
        ("换的那双是收到我寄回的才发吗", "A:exchange-item"),
        ("好的 明白了", "S:affirm"),
    ]),
    ("zh", False, [
        ("一单买了三件退了其中一件 为啥退的钱比标价少十几块", "A:refunds-partial"),
        ("哦 是满减摊的 那行", "S:affirm"),
    ]),
    ("zh", False, [
        ("衣服标签我扯下来了 一次都没穿过 还能七天无理由吗", "A:returns-condition"),
        ("那买的内衣呢 包装拆了没穿", "A:returns-condition"),
    ]),
    ("zh", False, [
        ("料理机用了十来天就有异响 这种质量问题还能退吗", "A:returns-window"),
        ("要是过了半个月呢", "A:returns-window,warranty-repair"),
    ]),
    ("zh", False, [
        ("退回去的包裹你们仓库昨天已经签收了 钱大概啥时候能退", "A:returns-refund-timing"),
        ("退的是银行卡", "A:returns-refund-timing,refunds-how-long"),
        ("好的谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("第一次在这上面买东西 不太会弄 选好了以后怎么付钱下单", "A:place-order"),
        ("付完了上哪看我买的东西", "A:place-order"),
    ]),
    ("zh", False, [
        ("付了款才发现数量点成2了 我只要一个", "A:change-order"),
        ("还没发货 那我是取消重拍？", "A:change-order,cancel-before-shipment"),
    ]),
    ("zh", False, [
        ("你是真人还是机器人啊", "S:bot_identity"),
        ("那你能帮我看看退款到哪了吗 单号2026112255501287", "A:refunds-status"),
        ("好的 没别的了", "S:deny"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("我家猫两天不吃东西了 怎么办啊", "H:out_of_scope"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("售后被驳回了 说是人为摔坏的 我压根就没摔过 凭什么", "H"),
        ("我拆快递的时候全程录了像的", "X"),
    ]),
    ("zh", False, [
        ("物流整整一个礼拜没更新了 是不是弄丢了", "H"),
        ("单号JT0098123345672", "X"),
    ]),
    ("zh", False, [
        ("你好 我分两次下了两个单 能不能合成一个包裹发 省点邮费", "H"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("发货后多久能查到物流信息", "A:tracking-where"),
        ("我不是问这个 我是问我的单为啥五天了还不发货", "H:repeated_failure"),
    ]),
    ("zh", False, [
        ("问下退款那块", "C"),
        ("就是钱退到哪里去 原路吗", "A:refunds-where"),
        ("嗯 谢谢", "S:thanks"),
    ]),
    ("zh", True, [
        ("我是你们老客户了 这回买的冰箱能不能安排周六下午送到 要搬上六楼", "H"),
        ("地址是浦东新区锦绣路1088弄12号602 电话13917702846", "X"),
    ]),
    ("zh", True, [
        ("在吗", "S:are_you_there"),
        ("开的发票抬头不对 要换一张", "A:invoice-change-title"),
        ("好 谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("😂😂😂", "S:emoji"),
        ("我是想问 这个面霜是什么成分 孕妇能用吗", "H"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("wheres the tracking no. for my order #B20931, cant see it anywhere", "A:tracking-where"),
        ("got it thx", "S:thanks"),
    ]),
    ("en", False, [
        ("hey is anyone there", "S:are_you_there"),
        ("app says my parcel was delivered at 2pm but theres nothing at my door and the neighbours havent seen it", "H"),
        ("tracking ZT4410928811", "X"),
    ]),
    ("en", False, [
        ("pls put me through to an actual person, not a bot", "H:user_requested"),
        ("hello??", "S:are_you_there"),
    ]),
    ("en", False, [
        ("THIS IS THE THIRD TIME I ASK ABOUT MY REFUND. ARE YOU ALL BRAINDEAD", "H:negative_sentiment"),
        ("unbelievable", "X"),
    ]),
    ("en", False, [
        ("sort this out by tonight or my bank is reversing the payment, already called them about a chargeback", "H:sensitive_intent"),
        ("order 2026120110043378, paid 2 weeks ago and nothing shipped", "X"),
    ]),
    ("en", False, [
        ("yo", "S:greeting"),
        ("random but can u solve this integral for me lol, its x squared times sin x", "H:out_of_scope"),
    ]),
    ("en", False, [
        ("quick q about cancelling", "C"),
        ("it went out with the courier this morning", "A:cancel-after-shipment"),
        ("ok thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("got a shipping question", "C"),
        ("how much would it be for a ¥45 basket", "A:shipping-fees"),
        ("k", "S:affirm"),
    ]),
    ("en", False, [
        ("do u guys take paypal", "A:payment-methods"),
        ("ah ok", "S:affirm"),
    ]),
    ("en", False, [
        ("they accepted my refund on tuesday. whats the wait before it lands back on my mastercard", "A:refunds-how-long"),
        ("alright", "S:affirm"),
        ("oh and one more thing, how do i stop the sale texts you keep sending", "A:newsletter-unsubscribe"),
        ("bye", "S:goodbye"),
    ]),
    ("en", False, [
        ("anyone there?", "S:are_you_there"),
        ("if i cancel now will it cost me anything? it hasnt been sent", "A:cancellation-fee"),
        ("k so where do i actually tap to cancel it", "A:cancel-before-shipment"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("kettle stopped heating after about 5 weeks, is that covered", "A:warranty-repair"),
        ("will someone collect it or am i mailing it back on my own dime", "A:warranty-repair"),
        ("bye", "S:goodbye"),
    ]),
    ("en", True, [
        ("can you ship to hong kong? its for my sister there", "A:shipping-international"),
        ("and roughly how many days", "A:shipping-international"),
        ("great thanks", "S:thanks"),
    ]),
    ("en", True, [
        ("the sofa cover i got has a big stain on one cushion. i want a new one sent out this week", "H"),
        ("photos attached", "X"),
    ]),
    ("en", False, [
        ("coupon wont apply at checkout. basket is ¥150, coupon is 15 off 100, still valid til friday", "A:coupons-not-working"),
        ("that didnt help at all, i meet the minimum and its the right shop and its still greyed out", "H:repeated_failure"),
    ]),
    ("en", False, [
        ("thinking of getting the linen shirt, i wear L in most brands, does yours come up tight", "H"),
        ("and is the beige one restocking", "X"),
    ]),
    ("en", False, [
        ("got a new sim card, need the number on my login updated", "A:account-change-phone"),
        ("also can i swap my profile pic while im in there", "A:account-change-phone"),
        ("ty", "S:thanks"),
    ]),
    ("en", False, [
        ("first time signing up, does it have to be a phone number or can i just use apple id", "A:account-register"),
        ("nice", "S:affirm"),
    ]),
    ("en", False, [
        ("someone changed the email and password on my account, i cant get in and there's an order on it i never placed", "H"),
        ("my phone is 13822019453 if u need to call", "X"),
    ]),
    ("en", False, [
        ("i got charged twice for order 2026120311884401", "A:payment-charged-unpaid"),
        ("its already been 5 business days tho and nothing came back", "H"),
    ]),
    ("en", False, [
        ("are u a bot", "S:bot_identity"),
        ("figured. get me a human then", "H:user_requested"),
    ]),
    ("en", False, [
        ("can you write a birthday poem for my gf, she likes cats", "H:out_of_scope"),
        ("come on its short", "X"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("the mirror showed up with a crack right across it. what do i need to do", "A:damaged-or-wrong-item"),
        ("did that already. uploaded pics 4 days ago and nobody has replied, this is getting ridiculous", "H"),
    ]),
    ("en", False, [
        ("do u sell gift cards", "H"),
        ("ok", "S:affirm"),
    ]),
    ("en", False, [
        ("this is fraud. you sold me a fake watch and the brand store confirmed it. i want my money back plus compensation", "H:sensitive_intent"),
        ("i have their written report", "X"),
    ]),
    ("en", False, [
        ("normally how long does a parcel take to beijing", "A:shipping-delivery-time"),
        ("no i mean MY order from last tuesday, why hasnt it even shipped yet", "H:repeated_failure"),
    ]),
    ("en", False, [
        ("been 4 days, where is my stuff?? order 2026112900017652", "A:tracking-where"),
        ("also my other order has a to be received tag on it, what does that one mean", "A:order-status-meanings"),
    ]),
    ("en", False, [
        ("want to close my account for good and have my data wiped", "A:account-delete"),
        ("is it instant or do i have to wait a while for it to go through", "A:account-delete"),
    ]),
    ("en", False, [
        ("hw do i retrun somthing i bougth", "A:returns-how"),
        ("do i need to include the tracking number", "A:returns-how"),
        ("thx", "S:thanks"),
    ]),
    ("en", False, [
        ("need a company invoice for expenses, what info do you need from me", "A:invoice-company"),
        ("will i be able to get one after the order is done", "A:invoice-how"),
    ]),
    ("en", False, [
        ("the verification sms for sign up isnt coming through, tried 3 times", "A:account-registration-problems"),
        ("voice code worked, thanks!", "S:thanks"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("is your stuff legit or are there knockoffs", "A:product-authenticity"),
        ("can i verify it somehow", "A:product-authenticity"),
    ]),
    ("en", False, [
        ("its a gift for tmrw evening, can you get it to me quicker somehow", "A:shipping-express"),
        ("how late can i order for next day", "A:shipping-express"),
        ("👍", "S:emoji"),
    ]),

    # ---------------- mixed zh/en ----------------
    ("mixed", False, [
        ("在吗", "S:are_you_there"),
        ("我的order显示completed了 但是东西我压根没收到", "H"),
    ]),
    ("mixed", False, [
        ("refund 会退到原来那张卡上吗", "A:refunds-where"),
        ("ok 谢谢", "S:thanks"),
    ]),
    ("mixed", False, [
        ("请问能开invoice吗 公司报销用", "A:invoice-how,invoice-company"),
        ("电子版的可以吗 不要paper的", "A:invoice-electronic"),
    ]),
    ("mixed", False, [
        ("有没有live agent 想跟人直接说", "H:user_requested"),
        ("ok", "S:affirm"),
    ]),
    ("mixed", False, [
        ("领了好几张coupon 都跑哪去了", "A:coupons-how"),
        ("thx 亲", "S:thanks"),
    ]),
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("想return这双运动鞋 步骤是啥", "A:returns-how"),
        ("寄回去的单号要几天内填", "A:returns-how"),
    ]),
    ("mixed", False, [
        ("password忘了 用验证码能登进去吗", "A:account-reset-password"),
        ("好 谢谢", "S:thanks"),
    ]),
    ("mixed", False, [
        ("发错货了 我买的XL 寄来个S 周末就要穿 能不能今天就给我换好发出", "H"),
        ("need it sorted today pls 🙏", "X"),
    ]),
    ("mixed", False, [
        ("这个app好难用 退货入口在哪 找半天了", "A:returns-how"),
        ("找到了", "S:affirm"),
    ]),
    ("mixed", False, [
        ("下单时用了个coupon 现在把单取消了 券还回来吗", "A:coupons-not-working,refunds-where"),
        ("👌", "S:emoji"),
    ]),
    ("mixed", True, [
        ("hello", "S:greeting"),
        ("买多少钱以上免运费来着 忘了", "A:shipping-fees"),
        ("ok 谢谢", "S:thanks"),
    ]),
    ("mixed", False, [
        ("这款卫衣有没有pink色的 size M还有吗", "H"),
        ("没有的话什么时候补货", "X"),
    ]),
    ("mixed", False, [
        ("你们就是scam 钱付了一个月了都不发货 骗子", "H:sensitive_intent"),
        ("我已经截图了", "X"),
    ]),
    ("mixed", False, [
        ("zai ma", "S:are_you_there"),
        ("dd号2026120622190845 快递到哪了 好几天了", "A:tracking-where"),
        ("驿站说三天前就放他们那了 可是他们翻遍了也没有", "H"),
    ]),
    ("mixed", False, [
        ("关于那个coupon想问问", "C"),
        ("结算的时候那张券灰的 点不了", "A:coupons-not-working"),
        ("ok 懂了", "S:affirm"),
    ]),
    ("mixed", False, [
        ("在吗", "S:are_you_there"),
        ("分期要手续费吗 用huabei", "A:payment-installments"),
        ("好的", "S:affirm"),
    ]),
    ("mixed", False, [
        ("同一个手机能登两个account吗", "A:account-switch"),
        ("那两个号的订单能merge到一起吗", "A:account-switch"),
        ("thanks", "S:thanks"),
    ]),
]
