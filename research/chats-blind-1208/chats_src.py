# Hand-written source of chats-blind-1208 (converted by build.py).
# Each chat: (language, vip, [(text, code), ...]).
# language: "zh" | "en" | "mixed" (mixed = at least one message mixes both languages).
# code: "S:<label>"  small talk (answer before a handoff, handoff/handoff_active after one)
#       "A:<id>[,<id>]"  answer with these kb ids
#       "C"          clarify
#       "H" / "H:<reason>"  first handoff of the chat (reason only where one rule clearly fires)
#       "X"          a non-small-talk turn after the handoff (handoff_active)
# All order numbers, tracking numbers, phone numbers, emails, names and addresses are made up.

CHATS = [
    # ------------------------------------------------------------------ Chinese
    ('zh', False, [
        ("在吗", "S:are_you_there"),
        ("今天下午五点多拍的话 今天还能发出去不", "A:shipping-delivery-time"),
        ("那我选顺丰呢 到杭州明天能收到吗", "A:shipping-express"),
        ("谢了", "S:thanks"),
    ]),
    ('zh', False, [
        ("亲", "S:greeting"),
        ("电饭煲物流上写已签收 我压根没拿到 门卫那边也问过了说没有", "H"),
        ("订单号2026112087651234", "X"),
        ("好", "S:affirm"),
    ]),
    ('zh', False, [
        ("在吗", "S:are_you_there"),
        ("我要投诉你们家快递员 东西直接往门口一扔就走了 打电话也不接", "H:sensitive_intent"),
        ("上次也是这么扔的", "X"),
    ]),
    ('zh', False, [
        ("在么", "S:are_you_there"),
        ("帮我转个人工吧 跟你说不清楚", "H:user_requested"),
        ("人呢", "S:are_you_there"),
    ]),
    ('zh', False, [
        ("卫衣上身效果不太喜欢 想退掉 咋操作啊", "A:returns-how"),
        ("寄回去的快递费算谁的", "A:returns-shipping-cost"),
        ("我记得下单的时候勾了个运费险 这个会自己赔吗", "A:returns-shipping-cost"),
        ("👌", "S:emoji"),
    ]),
    ('zh', False, [
        ("你是不是机器人", "S:bot_identity"),
        ("行吧 那我问下 买的时候没要发票 现在还能补开不", "A:invoice-how"),
        ("补开的话大概几天能开出来", "A:invoice-how"),
    ]),
    ('zh', False, [
        ("退款申请半个多月前就通过了 到现在支付宝一分钱没见着", "H"),
        ("订单 2026110345120987 你们赶紧查一下", "X"),
        ("快点吧", "X"),
    ]),
    ('zh', False, [
        ("刚才付款的时候卡了一下 我看银行短信扣了两次钱", "A:payment-charged-unpaid"),
        ("多扣的那笔几天能回来", "A:payment-charged-unpaid"),
        ("谢谢亲", "S:thanks"),
    ]),
    ('zh', False, [
        ("亲", "S:greeting"),
        ("上周三就重复扣款了 当时说1到3天自动退 现在都一个礼拜了还没退", "H"),
        ("[图片] 这是扣款记录", "X"),
    ]),
    ('zh', False, [
        ("你好", "S:greeting"),
        ("那款黑色长款羽绒服充绒量多少克 零下二十度扛得住吗", "H"),
        ("好的", "S:affirm"),
    ]),
    ('zh', False, [
        ("明天哈尔滨会不会下大雪啊 出门要不要穿厚点", "H:out_of_scope"),
        ("哈哈哈", "S:emoji"),
    ]),
    ('zh', False, [
        ("你们这些客服都是废物吗 东西坏了半个月了没一个人管 脑子有病", "H:negative_sentiment"),
    ]),
    ('zh', False, [
        ("在吗", "S:are_you_there"),
        ("？", "S:are_you_there"),
        ("钱都付完了 订单一直显示待发货 这是个什么状态", "A:order-status-meanings"),
        ("哦哦 明白", "S:affirm"),
    ]),
    ('zh', False, [
        ("之前领的那些优惠券跑哪去了 找半天没找着", "A:coupons-how"),
        ("店铺的券跟平台的券能一起用吗", "A:coupons-how"),
        ("谢谢", "S:thanks"),
    ]),
    ('zh', False, [
        ("刚买两天就便宜了五十块 这差价能给我退吗", "A:price-protection"),
        ("是看直播的时候下单的 那个价", "A:price-protection"),
        ("哦 那算了", "S:deny"),
    ]),
    ('zh', False, [
        ("这个账号不用了 想彻底销掉 流程是啥", "A:account-delete"),
        ("我还有一单退款没走完 能先申请吗", "A:account-delete"),
        ("好", "S:affirm"),
    ]),
    ('zh', False, [
        ("验证码", "C"),
        ("注册新号 验证码死活收不到 都等了好几分钟了", "A:account-registration-problems"),
        ("好", "S:affirm"),
    ]),
    ('mixed', False, [
        ("密码记不起来了 app进不去 咋整", "A:account-reset-password"),
        ("可是注册用的那个手机号早就停机了 验证码也收不到 这咋弄", "H"),
    ]),
    ('zh', False, [
        ("帮我瞅瞅我这单到哪了 2026112211223344", "A:tracking-where"),
        ("物流三天没动了 一直卡在嘉兴转运中心", "H"),
        ("能不能帮我催一下", "X"),
    ]),
    ('zh', False, [
        ("在不", "S:are_you_there"),
        ("地址误选成老家了 单子还没发 哪里能修改", "A:change-order-address"),
        ("改好了 顺便问下地址簿里那个旧地址咋删", "A:address-edit"),
    ]),
    ('zh', False, [
        ("我们昆明五华区这边能到了再给钱吗", "A:payment-cod"),
        ("那个3299的扫地机也能这样付吗", "A:payment-cod"),
        ("哦好", "S:affirm"),
    ]),
    ('zh', False, [
        ("看中了那台扫拖一体的 能分几期付", "A:payment-installments"),
        ("分12期要多收钱不", "A:payment-installments"),
        ("好的", "S:affirm"),
    ]),
    ('zh', False, [
        ("付款一直失败 提示超过银行卡单日限额", "A:payment-failed"),
        ("换成微信付也还是失败 一样的提示 这是肿么回事", "H"),
    ]),
    ('zh', False, [
        ("你家这个面霜是正品吧 可别给我发假的", "A:product-authenticity"),
        ("盒子上有码可以扫了验真伪不", "A:product-authenticity"),
        ("行", "S:affirm"),
    ]),
    ('zh', False, [
        ("评价里打了个错别字 发出去了能重新编辑吗", "A:leave-review"),
        ("那过阵子想再补几句呢 有没有时间限制", "A:leave-review"),
    ]),
    ('zh', False, [
        ("你好", "S:greeting"),
        ("买了三瓶洗发水 箱子里只有两瓶", "A:missing-item"),
        ("[图片] [图片] 箱子和面单都拍了 你们看下", "H"),
    ]),
    ('zh', False, [
        ("电动牙刷才用了三个月 现在充不进电了", "A:warranty-repair"),
        ("修的话要我自己寄回去吗", "A:warranty-repair"),
        ("谢谢", "S:thanks"),
        ("拜拜", "S:goodbye"),
    ]),
    ('zh', False, [
        ("在吗", "S:are_you_there"),
        ("手机不小心进水开不了机了 还在保修期内 这种给保吗", "H"),
    ]),
    ('zh', False, [
        ("12315的电话我已经打了 你们自己看着办吧", "H:sensitive_intent"),
    ]),
    ('zh', False, [
        ("你们卖的包我拿去专柜验了 人家说是假的 这事怎么算", "H"),
        ("鉴定单在这 [图片]", "X"),
    ]),
    ('zh', False, [
        ("单位报销要开增值税专票 需要提供些啥资料", "A:invoice-company"),
        ("那专票会寄纸的给我吗 还是发邮箱", "A:invoice-company,invoice-electronic"),
        ("谢谢", "S:thanks"),
    ]),
    ('zh', False, [
        ("发票抬头开成我个人名字了 应该开公司的", "A:invoice-change-title"),
        ("开票都快两个月了 还能重开吗", "A:invoice-change-title"),
        ("唉 好吧", "S:affirm"),
    ]),
    ('zh', False, [
        ("我现在点取消的话 会不会有啥损失", "A:cancellation-fee"),
        ("我交的是预售那个定金", "A:cancellation-fee"),
    ]),
    ('zh', False, [
        ("东西已经在路上了 我临时又不要了 能拦下来吗", "A:cancel-after-shipment"),
        ("那我直接拒收的话 来回运费算我的吗", "H"),
    ]),
    ('zh', False, [
        ("你好", "S:greeting"),
        ("想在你们这注册个号 不想用手机号 微信能直接登吗", "A:account-register"),
        ("好嘞", "S:affirm"),
    ]),
    ('zh', False, [
        ("以前你们有活动会发短信 现在收不到了 想再收优惠信息", "A:newsletter-subscribe"),
        ("订阅有没有送券啊", "A:newsletter-subscribe"),
    ]),
    ('zh', False, [
        ("在吗", "S:are_you_there"),
        ("一天三条推销短信 怎么关掉", "A:newsletter-unsubscribe"),
        ("关了以后 快递到了还会给我发通知吗", "A:newsletter-unsubscribe"),
        ("好的", "S:affirm"),
    ]),
    ('zh', False, [
        ("在吗", "S:are_you_there"),
        ("我要的白色 给我发了个黑色 明天就要拿去送人 赶紧给我换一个 今天必须发出", "H"),
        ("等半天了 到底有没有人管", "X"),
    ]),
    ('zh', False, [
        ("亲", "S:greeting"),
        ("杯子收到了 杯口有个小缺口 这个咋处理", "A:damaged-or-wrong-item"),
        ("要拍照片吗", "A:damaged-or-wrong-item"),
        ("谢谢", "S:thanks"),
    ]),
    ('zh', False, [
        ("退款说成功了 可我不知道钱退哪去了", "A:refunds-where"),
        ("我当时用的花呗", "A:refunds-where"),
    ]),
    ('zh', False, [
        ("买了三件退了一件 咋才退了八十多 标价明明一百", "A:refunds-partial"),
        ("行吧", "S:affirm"),
    ]),
    ('zh', False, [
        ("亲", "S:greeting"),
        ("学生买有优惠吗 有学生证", "H"),
        ("不用了", "S:deny"),
    ]),
    ('zh', False, [
        ("上周五签收的 今天还能无理由退不", "A:returns-window"),
        ("吊牌我已经剪掉了", "A:returns-condition"),
        ("哎 好吧", "S:affirm"),
    ]),
    ('zh', False, [
        ("朋友在香港 能直接寄给她吗 大概要多久", "A:shipping-international"),
        ("那关税要我们出吗", "A:shipping-international"),
        ("明白了", "S:affirm"),
    ]),
    ('zh', False, [
        ("把你们负责人的电话给我 我要跟他本人说", "H:user_requested"),
    ]),
    ('zh', False, [
        ("我要报警了 你们就是诈骗 钱扣了一个礼拜东西不发", "H:sensitive_intent"),
    ]),
    ('zh', False, [
        ("你好", "S:greeting"),
        ("沙发今天送到了 谁来给装 能帮我约个师傅明天上午来吗", "H"),
    ]),
    ('zh', False, [
        ("售后按钮在哪 有个东西想退", "A:returns-how"),
        ("照你说的点进去了 就是没有退货那一项啊 到底在哪", "H:repeated_failure"),
    ]),
    ('zh', False, [
        ("退款一般多久能到", "A:refunds-how-long"),
        ("你这说了跟没说一样 我是问我这单审核完五天了钱咋还没到", "H:repeated_failure"),
    ]),
    ('zh', False, [
        ("那个券", "C"),
        ("满减的那张 结算的时候显示不能用", "A:coupons-not-working"),
        ("哦哦 知道了", "S:affirm"),
    ]),
    ('zh', False, [
        ("不想要了", "C"),
        ("还没发货呢 昨晚下的单", "A:cancel-before-shipment"),
        ("多谢亲", "S:thanks"),
    ]),
    ('zh', False, [
        ("能换不", "C"),
        ("裙子腰那里大了 想换小一号的", "A:exchange-item"),
    ]),
    ('zh', False, [
        ("充电宝放包里鼓包了 还冒烟 差点着火 吓死我了", "H"),
    ]),
    ('zh', False, [
        ("你好", "S:greeting"),
        ("运费险一单多少钱 在哪买", "H"),
    ]),
    ('zh', False, [
        ("哈喽", "S:greeting"),
        ("寄到西藏日喀则要加运费吗", "A:shipping-remote-areas"),
        ("要多少天能到", "A:shipping-remote-areas"),
        ("谢啦", "S:thanks"),
    ]),
    ('zh', False, [
        ("买的台灯收到就是坏的 开关按了没反应", "A:damaged-or-wrong-item"),
        ("已经按你说的提交了申请 三天了没人审核", "H"),
    ]),
    ('zh', False, [
        ("售后申请被驳回了 理由写的人为损坏 我根本没摔过", "H"),
        ("照片我都传了", "X"),
    ]),
    ('zh', False, [
        ("亲在不", "S:are_you_there"),
        ("我那个退货单号还没填 超过几天就不行了", "A:returns-how"),
        ("好的", "S:affirm"),
    ]),
    ('zh', True, [
        ("你好", "S:greeting"),
        ("这单公司要开专票 需要我这边提供哪些信息", "A:invoice-company"),
        ("好的", "S:affirm"),
    ]),
    ('zh', True, [
        ("你好", "S:greeting"),
        ("上个月买的咖啡机 蒸汽棒不出汽了", "H"),
    ]),
    ('zh', True, [
        ("帮我把昨天和今天下的两单合在一起发吧 省得收两次", "H"),
        ("谢谢", "S:thanks"),
    ]),
    ('zh', True, [
        ("退货运费谁承担 东西没毛病 就是不想要了", "A:returns-shipping-cost"),
    ]),
    # ------------------------------------------------------------------ English
    ('en', False, [
        ("hi there", "S:greeting"),
        ("if i order today how long till it gets to shenzhen", "A:shipping-delivery-time"),
        ("cool", "S:affirm"),
    ]),
    ('en', False, [
        ("hello?", "S:are_you_there"),
        ("anyone??", "S:are_you_there"),
        ("tracking claims it was handed over on tuesday. nothing at my door and the neighbours havent got it", "H"),
        ("order 2026111908812345", "X"),
    ]),
    ('en', False, [
        ("hi", "S:greeting"),
        ("get me a real human, not this automated thing", "H:user_requested"),
        ("hello?", "S:are_you_there"),
    ]),
    ('en', False, [
        ("THIS IS THE THIRD TIME IM ASKING WHERE IS MY MONEY. ANSWER ME", "H:negative_sentiment"),
        ("and im reporting you to the consumer council", "X"),
    ]),
    ('en', False, [
        ("hey", "S:greeting"),
        ("can u help me with my maths homework, its quadratic equations", "H:out_of_scope"),
    ]),
    ('en', False, [
        ("i was charged twice on nov 28 and the extra money still hasnt come back, bank statement attached [image]", "H"),
        ("hello?", "S:are_you_there"),
    ]),
    ('en', False, [
        ("my refund got approved about 2 weeks ago and theres still nothing on my card rn", "H"),
        ("order #A55821", "X"),
        ("thx", "S:thanks"),
    ]),
    ('en', False, [
        ("hey how do i send back a jacket, bought it last week", "A:returns-how"),
        ("who covers the courier for that", "A:returns-shipping-cost"),
        ("and whats the wait on that", "A:returns-refund-timing,refunds-how-long"),
        ("thanks!!", "S:thanks"),
    ]),
    ('en', False, [
        ("hi", "S:greeting"),
        ("the mug arrived in pieces, pics attached [image] [image]", "H"),
        ("ok", "S:affirm"),
    ]),
    ('en', False, [
        ("hi", "S:greeting"),
        ("you sent me a large but i ordered small, i need it for a trip on friday", "H"),
    ]),
    ('en', False, [
        ("hello", "S:greeting"),
        ("which courier company do you use for normal delivery, is it yto or zto?", "H"),
    ]),
    ('en', False, [
        ("changed my mind but its already out for delivery, any way to stop it", "A:cancel-after-shipment"),
        ("if i refuse it at the door when do i get my money", "A:cancel-after-shipment"),
    ]),
    ('en', False, [
        ("headphones started crackling on day 10, can i still send them back", "A:returns-window"),
        ("and the perfume i opened just to smell it, can that go back too", "A:returns-condition"),
        ("ok", "S:affirm"),
    ]),
    ('en', False, [
        ("where does the money end up when u refund me, i paid with a credit card", "A:refunds-where"),
        ("how many days till its back on the card then", "A:refunds-how-long"),
        ("is there somewhere i can see if its actually been sent", "A:refunds-status"),
    ]),
    ('en', False, [
        ("why did i only get 45 back when the shirt was 59??", "A:refunds-partial"),
        ("oh ok makes sense", "S:affirm"),
    ]),
    ('en', False, [
        ("forgot to put the charger in, can i stick it on the same order? hasnt shipped", "A:change-order"),
        ("kk", "S:affirm"),
    ]),
    ('en', False, [
        ("my boss needs a proper invoice for this purchase, where do i apply for it", "A:invoice-how"),
        ("is the pdf version ok for reimbursement", "A:invoice-electronic"),
        ("great", "S:affirm"),
    ]),
    ('en', False, [
        ("hiya", "S:greeting"),
        ("got a new number and the old one is disconnected, how do i update it on my profile", "A:account-change-phone"),
        ("also i moved last month, the address saved in my account is the old flat, how do i fix that", "A:address-edit"),
    ]),
    ('en', False, [
        ("i want you to erase everything you have on me, how do i do that", "A:account-delete"),
        ("do my points disappear too", "A:account-delete"),
    ]),
    ('en', False, [
        ("is anyone around to help on weekends or is it weekdays only", "A:customer-service-hours"),
        ("ok pls have an agent ring me back on 139 2231 7786", "H:user_requested"),
    ]),
    ('en', False, [
        ("kettle stopped working after 4 months", "A:warranty-repair"),
        ("do you collect it or do i post it myself", "A:warranty-repair"),
        ("thank you", "S:thanks"),
        ("bye now", "S:goodbye"),
    ]),
    ('en', False, [
        ("one item is missing from the box", "A:missing-item"),
        ("order page only shows 1 parcel", "A:missing-item"),
    ]),
    ('en', False, [
        ("if it goes on sale next week do i get the difference back", "A:price-protection"),
        ("what about the 11.11 flash deals", "A:price-protection"),
    ]),
    ('en', False, [
        ("ur useless and this whole company is a joke", "H:negative_sentiment"),
        ("not holding my breath", "X"),
    ]),
    ('en', False, [
        ("my lawyer will be in touch about the broken tv", "H:sensitive_intent"),
    ]),
    ('en', False, [
        ("roughly how many days for refunds to hit my account", "A:refunds-how-long"),
        ("thats generic. i asked about MY return, your warehouse signed for it 6 days ago and the status hasnt budged", "H:repeated_failure"),
    ]),
    ('en', False, [
        ("where do coupons go after i claim them", "A:coupons-how"),
        ("there is no coupons section in my app, i looked everywhere, still cant find them", "H:repeated_failure"),
    ]),
    ('en', False, [
        ("my after sales request got rejected?? the sole is literally peeling off after a week", "H"),
        ("thanks", "S:thanks"),
    ]),
    ('en', False, [
        ("trying to make an account but the sms code never shows up", "A:account-registration-problems"),
        ("ok", "S:affirm"),
    ]),
    ('en', False, [
        ("are you a bot?", "S:bot_identity"),
        ("figured. how do i switch to my other account then", "A:account-switch"),
    ]),
    ('en', False, [
        ("can i check out as a guest without making an account", "H"),
        ("nvm", "S:deny"),
    ]),
    ('en', False, [
        ("the charger got super hot and melted, my kid nearly burned his hand", "H"),
    ]),
    ('en', False, [
        ("shipping?", "C"),
        ("like how much is it for a 40 yuan order", "A:shipping-fees"),
    ]),
    ('en', False, [
        ("need to update an address", "C"),
        ("the one on the order i placed an hour ago", "A:change-order-address"),
        ("thanks", "S:thanks"),
    ]),
    ('en', False, [
        ("hey", "S:greeting"),
        ("new here, whats the quickest way to buy something", "A:place-order"),
        ("and the office addr, can it be picked automatically every time i order", "A:address-add"),
        ("thx", "S:thanks"),
    ]),
    ('en', False, [
        ("hi there", "S:greeting"),
        ("do you price match? its 30 cheaper on another site", "H"),
        ("ok", "S:affirm"),
    ]),
    ('en', False, [
        ("hello", "S:greeting"),
        ("ordered 5 days ago and it still hasnt shipped, is that normal??", "H"),
    ]),
    ('en', False, [
        ("can i cancel and how much do you charge for that", "A:cancel-before-shipment,cancellation-fee"),
        ("it shipped this morning tho", "A:cancel-after-shipment"),
    ]),
    ('en', False, [
        ("lol", "S:emoji"),
        ("ok real question, is there a pay monthly option, like 3 months", "A:payment-installments"),
    ]),
    ('en', False, [
        ("the glass teapot came with a crack in the lid, what do i do", "A:damaged-or-wrong-item"),
        ("i already did that yesterday and nobody has replied, i need this sorted", "H"),
    ]),
    ('en', True, [
        ("hi", "S:greeting"),
        ("do you ship to hong kong and what does it cost", "A:shipping-international"),
        ("thanks", "S:thanks"),
    ]),
    ('en', True, [
        ("my espresso machine has started leaking, bought it 3 weeks ago", "H"),
    ]),
    ('en', True, [
        ("could you hold the leather bag for me until friday, payday", "H"),
        ("thanks", "S:thanks"),
    ]),
    ('en', True, [
        ("till what hour can i reach someone here this evening", "A:customer-service-hours"),
        ("thank you so much", "S:thanks"),
    ]),
    # ------------------------------------------------------------------ mixed zh/en
    ('mixed', False, [
        ("hello", "S:greeting"),
        ("我的parcel到哪了 app里一直没看到update", "A:tracking-where"),
        ("thx", "S:thanks"),
        ("bye", "S:goodbye"),
    ]),
    ('mixed', False, [
        ("refund啥时候到账 退回去的货warehouse已经签收了", "A:returns-refund-timing"),
        ("ok", "S:affirm"),
    ]),
    ('mixed', False, [
        ("在吗", "S:are_you_there"),
        ("发票开好了没 pdf在哪能download", "A:invoice-electronic"),
        ("thanks", "S:thanks"),
    ]),
    ('mixed', False, [
        ("hi", "S:greeting"),
        ("可以用visa付吗 我的是国外的信用卡", "A:payment-methods"),
        ("那mastercard也行吧", "A:payment-methods"),
    ]),
    ('mixed', False, [
        ("这个order我不要了 想cancel 现在还没发出", "A:cancel-before-shipment"),
        ("money会马上退回来吗", "A:cancel-before-shipment,refunds-how-long"),
        ("👍👍", "S:emoji"),
    ]),
    ('mixed', False, [
        ("帮我找个human客服 pls", "H:user_requested"),
    ]),
    ('mixed', False, [
        ("这个包包是authentic的吗", "A:product-authenticity"),
        ("可以发一下brand给你们的授权书吗 我想看看", "H"),
    ]),
    ('mixed', False, [
        ("SF加急多少钱", "A:shipping-express"),
        ("现在两点 明天能到上海吗", "A:shipping-express"),
        ("👍", "S:emoji"),
    ]),
    ('mixed', False, [
        ("我的account好像被盗了 有人用我的号下了两单", "H"),
        ("密码我也改过了 号还能拿回来吗", "X"),
    ]),
    ('mixed', False, [
        ("快递显示delivered了 但我没收到", "H"),
        ("快递柜和前台都看过了 木有", "X"),
    ]),
    ('mixed', False, [
        ("hello?", "S:are_you_there"),
        ("衣服太大了 想换个size", "A:exchange-item"),
    ]),
    ('mixed', False, [
        ("你们ship到美国吗 洛杉矶", "A:shipping-international"),
        ("到了美国那边要交duty吗 谁出", "A:shipping-international"),
    ]),
    ('mixed', False, [
        ("你是bot吗", "S:bot_identity"),
        ("订单上的address能改吗 还没发货", "A:change-order-address"),
        ("thx", "S:thanks"),
    ]),
    ('mixed', False, [
        ("钱再不退 我直接让信用卡公司chargeback", "H:sensitive_intent"),
    ]),
    ('mixed', False, [
        ("refund 到哪了", "C"),
        ("我是问进度 在哪看", "A:refunds-status"),
    ]),
    ('mixed', False, [
        ("hi", "S:greeting"),
        ("我买的lamp用了两周就不亮了 能退吗还是要走warranty", "A:returns-window,warranty-repair"),
    ]),
    ('mixed', False, [
        ("下单的时候address选错了怎么办 已经shipped了", "A:change-order-address"),
        ("那你们帮我联系快递改一下吧 单号SF1408829375512", "H"),
    ]),
    ('mixed', True, [
        ("hi", "S:greeting"),
        ("我的order能不能给我升级成顺丰 明天要用", "H"),
    ]),
]
