"""chats-blind-1224, typed by hand: each chat is (language, vip, [(text, code), ...]).

Codes: S:<label> small talk; A:<ids> answer with its FAQ ids; C clarify; H / H:<reason> the first
handoff; X a later non-small-talk turn (handoff_active). Small talk after a handoff stays S:<label>
and build.py marks it handoff / handoff_active.

LEAN_*: what happens after the parcel arrives (missing items and gifts, split parcels, damage,
wrong colour or size) and asking the shop to act on an order (change address/size/colour, cancel,
upgrade the courier, merge, resend), mixed with how-to questions about the same things.
OTHER_*: the rest of the knowledge base and the usual handoffs.
All personal data is made up.
"""

# ---------------------------------------------------------------- lean: Chinese
LEAN_ZH = [
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("我买的四件套今天到了 就一个被套 两个枕套没看见", "A:missing-item"),
        ("哦哦 好的", "S:affirm"),
        ("88", "S:goodbye"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("页面上写着买就送收纳袋 盒子里翻了个底朝天也没有啊", "A:missing-item"),
        ("行吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("刚拆快递 玻璃花瓶碎成好几块 [图片][图片] 订单4021187736590213", "H"),
        ("外面箱子都压瘪了 [图片] 快递员扔门口就走了", "X"),
    ]),
    ("zh", False, [
        ("在么", "S:are_you_there"),
        ("电饭煲到了 内胆上磕了个坑 这种咋弄", "A:damaged-or-wrong-item"),
        ("退回去的话来回邮费算谁的啊", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("谢了", "S:thanks"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("我拍的雾霾蓝 到手是个粉的。。。", "A:damaged-or-wrong-item"),
        ("周六婚礼要穿 等不及寄回去再换了 能不能今天先给我发一件蓝的出来", "H"),
        ("收件人王婷 13917284405 地址不变", "X"),
        ("快点哈", "X"),
    ]),
    ("zh", False, [
        ("又少发！！上回少一瓶护发素 这回洗发水又没有 你们仓库的人眼睛长哪了 垃圾店", "H:negative_sentiment"),
        ("别再给我甩什么流程 直接补", "X"),
    ]),
    ("zh", False, [
        ("三天前就报了少件 照片也传了 到现在没一个人理我 单号5520193847712", "H"),
        ("在不在", "S:are_you_there"),
        ("人呢 都下午了", "X"),
    ]),
    ("zh", False, [
        ("一单买的猫粮和猫砂 今天只到了猫粮 猫砂哪去了", "A:missing-item"),
        ("详情里就一个单号 还显示签收了 那缺的这个去哪反馈", "A:missing-item"),
        ("明白了", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("麻烦帮我把订单2024113056781234的地址改成 杭州市西湖区文三路88号3单元502 陈先生 15867213390", "H"),
        ("谢谢啦", "S:thanks"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("下完单才看见小区名打错一个字 我自己能改吗 入口在哪", "A:change-order-address"),
        ("已经改过一回了 还能再改不", "A:change-order-address"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("订单7730021958你们帮我撤掉吧 刚拍错了", "H"),
        ("同样的东西下了两单 留一单就够", "X"),
    ]),
    ("zh", False, [
        ("单号6612093348 还没发货 想自己取消 按钮在哪", "A:cancel-before-shipment"),
        ("取消了钱是回到原来那张卡上吧", "A:refunds-where,cancel-before-shipment"),
        ("好嘞", "S:affirm"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("早上连着下了两单 881203 和 881219 能不能帮我并成一个包裹发 省得跑两趟驿站", "H"),
        ("好 等你们消息", "S:affirm"),
    ]),
    ("zh", False, [
        ("这回想走顺丰 结算那页在哪选 要加多少", "A:shipping-express"),
        ("现在一点五十 这会儿拍了明天中午前能拿到吗", "A:shipping-express"),
        ("还有上一单已经付了款 能不能帮我也改成顺丰发 差价我补 订单3390217745 后天出差要带走", "H"),
    ]),
    ("zh", False, [
        ("裤子码数选小了 还没发出来 是能直接改还是只能取消重拍", "A:change-order"),
        ("那麻烦你们帮我从M改成L 订单号20241202998173", "H"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("耳机只收到一只 左耳那只没有 盒子还是原封的 [图片]", "H"),
        ("补寄一只左耳的就行 地址不变", "X"),
    ]),
    ("zh", False, [
        ("碎了的盘子申请售后被驳回了 说照片看不清 我重拍了一遍还是驳回", "H"),
        ("到底要拍成啥样你们才认", "X"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("满两百送的那个小风扇 我这没收到", "A:missing-item"),
        ("谢谢哈", "S:thanks"),
    ]),
    ("zh", False, [
        ("下单选的L 寄来的吊牌上是M 这要怎么弄", "A:damaged-or-wrong-item"),
        ("寄回去的运费还得我先垫吗", "A:returns-shipping-cost,damaged-or-wrong-item"),
    ]),
    ("zh", True, [
        ("你好", "S:greeting"),
        ("上周买的洗地机今天才拆 滚刷断了 外箱还有个洞", "H"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("分了三个包裹发的？一共五样东西 今天就来了一个小的", "A:missing-item"),
        ("哦 那我再等等", "S:affirm"),
    ]),
]

# ---------------------------------------------------------------- lean: English
LEAN_EN = [
    ("en", False, [
        ("hi", "S:greeting"),
        ("box came today but the phone case i ordered with the charger isnt in it", "A:missing-item"),
        ("ok cool", "S:affirm"),
    ]),
    ("en", False, [
        ("hey there", "S:greeting"),
        ("was meant to get a free tote with the 11.11 deal but the parcel only had the shoes 😕", "A:missing-item"),
        ("ty", "S:thanks"),
    ]),
    ("en", False, [
        ("my floor lamp arrived with the shade crushed flat. pics attached [photo] [photo] order #B55102", "H"),
        ("the outer box looked fine btw", "X"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("the mirror i bought is cracked right down the middle, how do i report it", "A:damaged-or-wrong-item"),
        ("do i need to do it within a certain number of days", "A:damaged-or-wrong-item"),
        ("thx", "S:thanks"),
    ]),
    ("en", False, [
        ("hi there", "S:greeting"),
        ("ordered the black hoodie, a grey one turned up", "A:damaged-or-wrong-item"),
        ("so you'll send the black one once i post this back?", "A:damaged-or-wrong-item"),
        ("perfect thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("THIRD TIME you guys sent the wrong size. WHAT IS GOING ON IN YOUR WAREHOUSE", "H:negative_sentiment"),
        ("unreal, three times in a row", "X"),
    ]),
    ("en", False, [
        ("i reported the missing charger on monday, request still says pending and nobody got back to me. order 20241128-55731", "H"),
        ("anyone??", "S:are_you_there"),
    ]),
    ("en", False, [
        ("only 2 of my 4 things showed up, are the others coming in another box or do i have to do something", "A:missing-item"),
        ("there is no other tracking number, i checked. that doesnt help, 2 items are just not there", "H:repeated_failure"),
    ]),
    ("en", False, [
        ("can you change the delivery address on order 58821904 to 14 Harbour Rd, Flat 6B, Kowloon? phone 5123 8890", "H"),
        ("thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("where do i change the address on an order i placed an hour ago", "A:change-order-address"),
        ("it says the address was already changed once. can you just do it for me? 22 Park Lane, flat 3, same phone", "H"),
    ]),
    ("en", False, [
        ("pls cancel order #77310 for me, i bought the same thing twice by accident", "H"),
        ("its the second one, keep the first order", "X"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("status went to shipped 10 mins after i paid, any way to undo the order now", "A:cancel-after-shipment"),
        ("so i just refuse it at the door and i get my money back?", "A:cancel-after-shipment"),
        ("got it", "S:affirm"),
    ]),
    ("en", False, [
        ("i placed 2 orders yesterday (#A20931 and #A20944), could you pack them together in one box", "H"),
        ("same address for both", "X"),
    ]),
    ("en", False, [
        ("the replacement kettle i was promised after the broken one never came. can someone resend it, order 66021", "H"),
        ("hello? anyone", "S:are_you_there"),
    ]),
    ("en", False, [
        ("if i picked the wrong colour and it hasnt gone out yet can i fix it myself or do i have to cancel", "A:change-order"),
        ("ok can you change it then? order 4410297, navy instead of olive", "H"),
    ]),
    ("en", False, [
        ("got someone elses order?? its a pack of socks, i ordered a phone stand lol", "A:damaged-or-wrong-item"),
        ("who pays to post the socks back", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("k", "S:affirm"),
    ]),
    ("en", True, [
        ("the blender jug came with a crack in the base, photos attached [photo]", "H"),
        ("i need a new one before the weekend", "X"),
    ]),
]

# ---------------------------------------------------------------- lean: mixed zh/en
LEAN_MIXED = [
    ("mixed", False, [
        ("亲 我的order只到了一个包裹 另外一个呢", "A:missing-item"),
        ("ok thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("收到的mug把手断了 [图片] 订单号20241203771", "H"),
        ("重新寄一个给我 不要退款", "X"),
    ]),
    ("mixed", False, [
        ("帮我cancel一下订单6620183 谢谢", "H"),
        ("还没ship的", "X"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("gift没在box里 是漏发了吗", "A:missing-item"),
        ("好的", "S:affirm"),
    ]),
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("order 55820917还没ship 我想改address 自己在哪改", "A:change-order-address"),
        ("ok thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("在吗", "S:are_you_there"),
        ("size发错了 我要的S 收到的是XL 咋处理", "A:damaged-or-wrong-item"),
        ("要在几天内申请啊", "A:damaged-or-wrong-item"),
    ]),
    ("mixed", False, [
        ("能帮我upgrade成顺丰吗 明天就要用 订单99021384", "H"),
    ]),
    ("mixed", False, [
        ("WTF 又是坏的 第二次了 你们QC是摆设吗", "H:negative_sentiment"),
        ("钱给我退了 今天就要", "X"),
    ]),
    ("mixed", False, [
        ("耳机的charging case有条裂纹 耳机本身ok 不想退货 补点钱行不行", "A:refunds-partial"),
        ("那在哪里申请", "A:refunds-partial"),
        ("thx", "S:thanks"),
    ]),
]

LEAN = LEAN_ZH + LEAN_EN + LEAN_MIXED

# ---------------------------------------------------------------- the rest: Chinese
OTHER_ZH = [
    ("zh", False, [
        ("你好", "S:greeting"),
        ("鞋子穿出去走了一圈 有点磨脚 还能退吗", "A:returns-condition"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("哈喽", "S:greeting"),
        ("第一次退东西 申请在哪提交", "A:returns-how"),
        ("通过以后快递单号要填到哪里", "A:returns-how"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("上个月18号收的吹风机 现在开不了机 还能退吗还是只能修", "A:returns-window,warranty-repair"),
        ("修的话需要我自己打包去快递点吗", "A:warranty-repair"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("退的货仓库昨天签收了 钱啥时候打回来", "A:returns-refund-timing"),
        ("我是银行卡付的", "A:returns-refund-timing"),
        ("要是显示退了钱却没到呢", "A:refunds-status"),
        ("好的 知道了", "S:affirm"),
    ]),
    ("zh", False, [
        ("裙子腰围太紧 想换大一号 在哪弄", "A:exchange-item"),
        ("你是真人还是机器人啊", "S:bot_identity"),
        ("那帮我找个真人客服聊 我想问的比较多", "H:user_requested"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("发乌鲁木齐要几天 运费另外加吗", "A:shipping-remote-areas"),
        ("那要是寄成都 买六十多块的东西要运费吗", "A:shipping-fees"),
        ("凑到一百的话呢", "A:shipping-fees"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("帮我瞅瞅快递到哪了 单号YT8830219475", "A:tracking-where"),
        ("谢谢亲", "S:thanks"),
        ("对了你能帮我写个请假条不 明天不想上班", "H:out_of_scope"),
        ("哈哈哈", "S:emoji"),
    ]),
    ("zh", False, [
        ("订单一直挂着待发货 是不是钱没付上", "A:order-status-meanings"),
        ("那一般多久能到长沙", "A:shipping-delivery-time"),
    ]),
    ("zh", False, [
        ("物流显示昨天签收了 可我根本没拿到 问了门卫和快递柜都没有", "H"),
        ("单号JT0092837461 你们快去查", "X"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("双十一预售的那口锅 交了五十块订金 现在不想要了 钱还能拿回来不", "A:cancellation-fee"),
        ("要是你们到时候发货拖了呢", "A:cancellation-fee"),
    ]),
    ("zh", False, [
        ("东西收到半个月了 现在还能补开发票吗", "A:invoice-how"),
        ("开好以后去哪拿", "A:invoice-electronic"),
        ("其实是公司报销 财务要增值税专票 我这边要给你们哪些公司信息", "A:invoice-company"),
        ("万一抬头少打了一个字 能重开吗", "A:invoice-change-title"),
    ]),
    ("zh", False, [
        ("我只有建行信用卡 能直接刷吗", "A:payment-methods"),
        ("看中一台三千二的电视 想分十二个月付 要另外收钱吗", "A:payment-installments"),
        ("家里老人不会手机付钱 到了给快递员现金行不", "A:payment-cod"),
    ]),
    ("zh", False, [
        ("点付款就卡住转圈 最后弹个支付失败 余额是够的啊", "A:payment-failed"),
        ("又点了一次 结果扣了两回钱 订单就一个", "A:payment-charged-unpaid"),
        ("行 那我等等看", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("重复扣的钱都一个多星期了还没退回来 订单3320981744 截图发你了 [图片]", "H"),
        ("啥时候能退给我", "X"),
    ]),
    ("zh", False, [
        ("手里一张满两百减三十 购物车两百一十块 结算就是不给用", "A:coupons-not-working"),
        ("懂了", "S:affirm"),
        ("还有个事 直播间抢的东西降价了能保价吗", "A:price-protection"),
    ]),
    ("zh", False, [
        ("价保在哪申请 前天买的今天降了四十", "A:price-protection"),
        ("订单详情翻到底了 就是没看到价格保护几个字 你说的不管用", "H:repeated_failure"),
        ("订单号2024120155602", "X"),
    ]),
    ("zh", False, [
        ("想开个号 用微信能直接登吗", "A:account-register"),
        ("我还是用手机号注册吧 验证码等了五分钟都没来", "A:account-registration-problems"),
        ("好了 收到了", "S:affirm"),
    ]),
    ("zh", False, [
        ("新手机上要重新登 结果密码咋也记不起来了", "A:account-reset-password"),
        ("以前那个手机号也停机了 账号绑的还是它 咋换", "A:account-change-phone"),
        ("好了 进去了", "S:affirm"),
        ("顺便问下 我老公的号也想在这台手机上登 能来回切吗", "A:account-switch"),
        ("他还有个旧号不用了 注销以后里面的积分还在吗", "A:account-delete"),
    ]),
    ("zh", False, [
        ("搬新家了 新地址想存进去 以后下单都默认用它", "A:address-add"),
        ("旧的那个不想要了 怎么删", "A:address-edit"),
        ("对了 营销短信太多了 回复什么能退订", "A:newsletter-unsubscribe"),
        ("谢谢", "S:thanks"),
        ("拜拜", "S:goodbye"),
    ]),
    ("zh", False, [
        ("第一次用 东西放进购物车了然后呢", "A:place-order"),
        ("有没有新人券 订阅你们的活动通知送券吗", "A:newsletter-subscribe"),
        ("我下班都十点多了 那会儿找客服还有人回吗", "A:customer-service-hours"),
    ]),
    ("zh", False, [
        ("你们家的面霜是正品吗 能查防伪吗", "A:product-authenticity"),
        ("万一鉴定出来是仿的 你们怎么补偿", "A:product-authenticity"),
        ("用完了想写个评价 过段时间还能追加图片吗", "A:leave-review"),
    ]),
    ("zh", False, [
        ("退款拖了二十天 再不给我处理我就去12315投诉你们", "H:sensitive_intent"),
        ("订单号2024103199821", "X"),
    ]),
    ("zh", False, [
        ("有个地方想改改", "C"),
        ("订单的收货地址 还没发货的", "A:change-order-address"),
    ]),
    ("zh", False, [
        ("关于退钱 有个问题", "C"),
        ("我是花呗付的 退的钱会回到哪", "A:refunds-where"),
        ("没别的了", "S:deny"),
    ]),
    ("zh", True, [
        ("包邮门槛是多少来着", "A:shipping-fees"),
        ("好的", "S:affirm"),
    ]),
    ("zh", True, [
        ("你好", "S:greeting"),
        ("上次买的空气炸锅 用了几回一股塑料味 你们看怎么处理吧", "H"),
    ]),
]

# ---------------------------------------------------------------- the rest: English
OTHER_EN = [
    ("en", False, [
        ("hey", "S:greeting"),
        ("how long do i have to send back a jacket i dont like? got it on tuesday", "A:returns-window"),
        ("and it has to have the tags still on right?", "A:returns-condition"),
        ("cheers", "S:thanks"),
        ("bye", "S:goodbye"),
    ]),
    ("en", False, [
        ("morning", "S:greeting"),
        ("sent my return back last thursday, warehouse should have it by now. when does the money come", "A:returns-refund-timing"),
        ("nope thats all", "S:deny"),
    ]),
    ("en", False, [
        ("how do i swap sneakers for a half size up", "A:exchange-item"),
        ("and do you send the new pair straight away", "A:exchange-item"),
    ]),
    ("en", False, [
        ("refund approved 3 weeks ago and still nothing on my card. order 20241105-88120", "H"),
        ("hello??", "S:are_you_there"),
    ]),
    ("en", False, [
        ("whats the fee for delivery to tibet", "A:shipping-remote-areas"),
        ("and my cousin in melbourne, can you ship there too", "A:shipping-international"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("my order says awaiting shipment since yesterday, is that normal", "A:order-status-meanings"),
        ("ok and when would it usually get to shenzhen", "A:shipping-delivery-time"),
        ("great thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("do you take paypal", "A:payment-methods"),
        ("how do i pay over 3 months with my credit card", "A:payment-installments"),
        ("any way to pay when it arrives instead of now", "A:payment-cod"),
    ]),
    ("en", False, [
        ("my coupon wont apply, it says the item isnt in scope?", "A:coupons-not-working"),
        ("where do i even see all my coupons", "A:coupons-how"),
        ("👍", "S:emoji"),
    ]),
    ("en", False, [
        ("need a fapiao for my employer, what do i fill in for the company one", "A:invoice-company"),
        ("is the e-invoice ok for my work expense report", "A:invoice-electronic"),
    ]),
    ("en", False, [
        ("get me a real agent on the line pls, this is taking forever", "H:user_requested"),
    ]),
    ("en", False, [
        ("you charged my card and sent nothing. im filing a chargeback with my bank today", "H:sensitive_intent"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("totally blanking on my password and the app logged me out", "A:account-reset-password"),
        ("ok in now. also how do i stop the promo emails", "A:newsletter-unsubscribe"),
        ("ty", "S:thanks"),
    ]),
    ("en", False, [
        ("how do i log out so my sister can use her account on my phone", "A:account-switch"),
        ("and can i delete my old account, how long does that take", "A:account-delete"),
    ]),
    ("en", False, [
        ("the earbuds stopped charging after 5 weeks, is that covered", "A:warranty-repair"),
        ("roughly how many days till i get them back fixed", "A:warranty-repair"),
    ]),
    ("en", False, [
        ("how can i tell if the perfume is real", "A:product-authenticity"),
        ("well the bag i got from you last month is 100% fake. this is fraud and i'm reporting you to consumer protection", "H:sensitive_intent"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("how do i buy stuff here, im new", "A:place-order"),
        ("cool. unrelated but can u help with my chemistry homework, balance this: H2 + O2 -> H2O", "H:out_of_scope"),
    ]),
    ("en", False, [
        ("need help w/ an address thing", "C"),
        ("the saved ones in my profile, one still has my old street", "A:address-edit"),
    ]),
    ("en", False, [
        ("smth wrong with my payment", "C"),
        ("keeps saying declined on my visa", "A:payment-failed"),
    ]),
    ("en", True, [
        ("got a speaker from you 4 days ago, how many days do i get to return electronics", "A:returns-window"),
        ("thanks", "S:thanks"),
    ]),
    ("en", True, [
        ("the watch strap i got last week already snapped, i want this sorted today", "H"),
        ("its from order 7781204", "X"),
    ]),
    ("en", False, [
        ("wanna leave feedback on the stuff i got, where is that", "A:leave-review"),
        ("there's no to review tab, i already looked, that doesnt help", "H:repeated_failure"),
    ]),
]

# ---------------------------------------------------------------- the rest: mixed zh/en
OTHER_MIXED = [
    ("mixed", False, [
        ("你好", "S:greeting"),
        ("refund那边说approve了 钱回alipay要等几天", "A:refunds-how-long"),
        ("ok 顺便帮我推荐几只能涨的stock 哈哈", "H:out_of_scope"),
    ]),
    ("mixed", False, [
        ("package状态已经delivered两天了 门口信箱邻居都问过 没有", "H"),
        ("tracking number是YT2093817746", "X"),
    ]),
    ("mixed", False, [
        ("我拿的是国外发的mastercard 结账能用吗", "A:payment-methods"),
        ("要是晚上九点多想找你们聊 还有人在线回复吗", "A:customer-service-hours"),
    ]),
    ("mixed", False, [
        ("cancel这个操作 问一下哈", "C"),
        ("还没发货的 在哪点取消", "A:cancel-before-shipment"),
    ]),
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("帮我查下这个tracking number SF1402938475 到哪了", "A:tracking-where"),
        ("ok thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("结账时输那个promo code 提示已经expired了", "A:coupons-not-working"),
        ("能再给我一个新的code吗", "A:coupons-not-working"),
        ("另外周一买的耳机今天price drop了八十 差价能refund给我吗", "A:price-protection"),
    ]),
    ("mixed", False, [
        ("找个agent跟我说 bot讲不清", "H:user_requested"),
    ]),
    ("mixed", False, [
        ("invoice要改title 公司名写错了", "A:invoice-change-title"),
        ("还有我的account想换个phone number", "A:account-change-phone"),
    ]),
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("新用户注册 卡在sms code那一步 等半天都没短信", "A:account-registration-problems"),
        ("收到了 thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("这个brand是正品吗 有warranty card吗", "A:product-authenticity"),
        ("万一到手不喜欢 寄回去的shipping fee算我的还是你们的", "A:returns-shipping-cost"),
    ]),
    ("mixed", True, [
        ("下单的时候选SF express 要多付多少", "A:shipping-express"),
        ("thx", "S:thanks"),
    ]),
]

OTHER = OTHER_ZH + OTHER_EN + OTHER_MIXED
CHATS = LEAN + OTHER
