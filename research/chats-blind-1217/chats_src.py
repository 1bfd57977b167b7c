# Typed source of chats-blind-1217 (written by hand, blind). Each chat: (language, vip, [(text, code), ...]).
# Codes: S:<label> small talk; A:<ids> answer with FAQ ids; C clarify; H / H:<reason> first handoff;
# X a later non-small-talk turn. build.py shuffles with random.Random(1217) and assigns ids c17-001...
# All order, tracking and phone numbers and addresses are made up.
Z, E, M = "zh", "en", "mixed"
CHATS = [
    # ---------------- Chinese ----------------
    (Z, False, [
        ("你好", "S:greeting"),
        ("昨天到的电饭煲 内胆磕瘪进去一块 这种情况找谁", "A:damaged-or-wrong-item"),
        ("要拍哪几张照片啊 外面纸箱也得拍吗", "A:damaged-or-wrong-item"),
        ("谢了", "S:thanks"),
    ]),
    (Z, False, [
        ("你好啊", "S:greeting"),
        ("拍的藏青色 到手是墨绿的 订单号2026120811230457", "A:damaged-or-wrong-item"),
        ("那寄回去的快递钱是我先垫着吗", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("行", "S:affirm"),
    ]),
    (Z, False, [
        ("[图片][图片] 杯子把手直接断成两截 外箱也压扁了 你们看咋处理吧", "H"),
        ("在马", "S:are_you_there"),
    ]),
    (Z, False, [
        ("亲亲", "S:greeting"),
        ("下了三样东西 就来了两样 那个收纳盒没看到", "A:missing-item"),
        ("其他的单号是在订单详情里看吗", "A:missing-item,tracking-where"),
        ("哈哈哈", "S:emoji"),
    ]),
    (Z, False, [
        ("嗨", "S:greeting"),
        ("吹风机买了四个来月 今天突然不出热风了 只有冷风", "A:warranty-repair"),
        ("寄去修的话来回运费得我自己出吗", "A:warranty-repair"),
        ("修好大概多少天能寄回给我", "A:warranty-repair"),
        ("好的", "S:affirm"),
    ]),
    (Z, False, [
        ("售后被驳回了 说图片上看不出破损 可台灯底座明明有道裂纹 单号2026112990011234", "H"),
        ("这审核的人眼睛是干嘛用的 我要投诉他", "X"),
    ]),
    (Z, False, [
        ("第三次了！！！每次在你们家买东西到手都是坏的 垃圾店 你们脑子有病吧", "H:negative_sentiment"),
        ("人呢", "S:are_you_there"),
    ]),
    (Z, False, [
        ("在吗", "S:are_you_there"),
        ("榨汁机第一次用就冒烟了 吓死我了 不给退我就打12315", "H:sensitive_intent"),
    ]),
    (Z, False, [
        ("哈罗", "S:greeting"),
        ("才穿一礼拜鞋底就开胶了 这种还能退不", "A:returns-window"),
        ("照你说的去申请了 退货原因里根本找不到质量问题那一项 没用啊 到底怎么退", "H:repeated_failure"),
        ("嗯", "S:affirm"),
    ]),
    (Z, False, [
        ("这单我想退了", "C"),
        ("还没发货 昨晚刚拍的", "A:cancel-before-shipment"),
        ("撤单的话收手续费吗", "A:cancellation-fee"),
    ]),
    (Z, False, [
        ("问下邮费的事", "C"),
        ("是退货寄回去那段的 单纯不喜欢这个颜色", "A:returns-shipping-cost"),
        ("下单时顺手买了个运费险 那这个钱是自动给我吗", "A:returns-shipping-cost"),
        ("懂了", "S:affirm"),
    ]),
    (Z, False, [
        ("退的货昨天你们仓库那边签收了 钱大概哪天能回来", "A:returns-refund-timing"),
        ("会退到哪 我当时是花呗付的", "A:refunds-where"),
        ("明白", "S:affirm"),
        ("钱到了 不过一单两件只退了一件 到账的比页面价格少了十几块", "A:refunds-partial"),
        ("当时付的8块运费也没给我退", "A:refunds-partial"),
    ]),
    (Z, False, [
        ("想看看退款走到哪一步了 在哪能看", "A:refunds-status"),
        ("看到了 显示审核通过都半个多月了 银行卡里一分钱没见着", "H"),
        ("能不能快点 我等着这笔钱交房租", "X"),
    ]),
    (Z, False, [
        ("亲", "S:greeting"),
        ("快递显示已签收 我今天一整天都在家 根本没人敲过门 也没有取件码", "H"),
    ]),
    (Z, True, [
        ("顺丰次日达要多收多少钱", "A:shipping-express"),
        ("谢谢", "S:thanks"),
    ]),
    (Z, True, [
        ("新买的洗衣机 脱水的时候咣咣响 能派个师傅上门看看吗", "H"),
        ("今天下午能来不 地址是南京市鼓楼区中山北路200号6栋1102", "X"),
    ]),
    (Z, False, [
        ("哈喽", "S:greeting"),
        ("裤子腰围大了 想换小一号的", "A:exchange-item"),
        ("新的那条是要等我寄回去你们收到才发吗", "A:exchange-item"),
        ("嗯嗯 知道了", "S:affirm"),
    ]),
    (Z, False, [
        ("2026121000874521 这单走到哪了", "A:tracking-where"),
        ("顺便问下 上个月那单的电子发票在哪能下", "A:invoice-electronic"),
        ("拜拜", "S:goodbye"),
    ]),
    (Z, False, [
        ("能寄到新加坡吗 到那边的关税谁来出", "A:shipping-international"),
        ("谢谢亲", "S:thanks"),
        ("对了 帮我看看明天北京会不会下雪 要不要带伞", "H:out_of_scope"),
    ]),
    (Z, False, [
        ("你好 打扰下", "S:greeting"),
        ("评价写完发出去了还能改吗 里面打了个错别字", "A:leave-review"),
        ("那追加评价的入口在哪", "A:leave-review"),
        ("还有个事 我家孩子的数学作业 一元二次方程配方法怎么讲", "H:out_of_scope"),
        ("好吧", "S:affirm"),
    ]),
    (Z, False, [
        ("满199减30的券 到结算那页显示不可用", "A:coupons-not-working"),
        ("可我这单都凑到210了 为啥还是不行", "A:coupons-not-working"),
        ("别跟我在这绕圈子了 直接给我转人工", "H:user_requested"),
    ]),
    (Z, False, [
        ("晚上十点以后发消息还有人回吗", "A:customer-service-hours"),
        ("打字说不清楚 麻烦让客服明天给我回个电话 13911827764", "H:user_requested"),
        ("尽量下午打 上午在开会", "X"),
    ]),
    (Z, False, [
        ("您好", "S:greeting"),
        ("换新手机号了 以前那个已经停机 绑定的怎么换", "A:account-change-phone"),
        ("以前公司的地址不用了 收货地址里那一条咋删", "A:address-edit"),
        ("新家的地址怎么设成默认的 每次都要手动选好麻烦", "A:address-add"),
    ]),
    (Z, False, [
        ("一天好几条促销短信轰炸 能不能别再发了", "A:newsletter-unsubscribe"),
        ("关掉以后快递到了的提醒还会有吗", "A:newsletter-unsubscribe"),
        ("算了 烦 想把这个号彻底注销掉", "A:account-delete"),
        ("那我里面还剩几张券 也跟着一起没了？", "A:account-delete"),
        ("行吧", "S:affirm"),
    ]),
    (Z, False, [
        ("注册到最后一步验证码死活收不到 等了好几分钟", "A:account-registration-problems"),
        ("语音验证码在哪选的", "A:account-registration-problems"),
        ("它又说这个号已经注册过了 估计是我以前注册的 密码完全想不起来", "A:account-reset-password,account-registration-problems"),
        ("谢谢啦", "S:thanks"),
    ]),
    (Z, False, [
        ("刚付完款发现小区名写错了 还没发货的话能改吗", "A:change-order-address"),
        ("还有预售那个交了50定金 现在不想买了 这钱还能拿回来吗", "A:cancellation-fee"),
    ]),
    (Z, False, [
        ("付完钱才发现数量点成2了 其实只要1个", "A:change-order"),
        ("你们直接在后台帮我改成1个行不 不想重新下单", "H"),
    ]),
    (Z, False, [
        ("微信付款一直在转圈 最后跳出来说支付失败", "A:payment-failed"),
        ("换了张卡也一样 你说的那几样我全试过了 还是付不了", "H:repeated_failure"),
    ]),
    (Z, False, [
        ("同一笔订单扣了我两次钱 都过去一个礼拜了 多扣那笔还没退回来", "H"),
    ]),
    (Z, False, [
        ("早", "S:greeting"),
        ("上礼拜买的空气炸锅今天便宜了40块 差价能退不", "A:price-protection"),
        ("我是在直播间里下的单 也能申请吗", "A:price-protection"),
        ("哦", "S:affirm"),
        ("还有个事 能不能帮我在包裹里放张手写的生日贺卡 送朋友的", "H"),
    ]),
    (Z, False, [
        ("你好呀", "S:greeting"),
        ("手机想分一年来付 免息不", "A:payment-installments"),
        ("寄到喀什要走多少天 也包邮吗", "A:shipping-remote-areas"),
    ]),
    (Z, False, [
        ("你们支持收到货再给钱的吗 我在成都", "A:payment-cod"),
        ("这个面霜是专柜正品吗 瓶底有防伪码没", "A:product-authenticity"),
        ("万一送去检测说是假的呢", "A:product-authenticity"),
    ]),
    (Z, False, [
        ("新人求教 挑好的东西怎么结账", "A:place-order"),
        ("优惠券是在付钱那一步选吗", "A:place-order,coupons-how"),
        ("有活动的时候想第一时间知道 在哪开", "A:newsletter-subscribe"),
        ("开了有新人券送吗", "A:newsletter-subscribe"),
    ]),
    (Z, False, [
        ("要开公司抬头的票 纳税人识别号填哪里", "A:invoice-company"),
        ("收到", "S:affirm"),
        ("上次那张开出来的票公司名少了有限两个字 得作废重开", "A:invoice-change-title"),
        ("在哪个页面操作", "A:invoice-change-title"),
    ]),
    (Z, False, [
        ("东西已经在路上了 可我突然不想要了", "A:cancel-after-shipment"),
        ("拒收以后退款大概要等几天", "A:cancel-after-shipment,refunds-how-long"),
        ("另外之前买的蓝牙耳机拆了塑封试听了下 音质不喜欢 还能七天无理由吗", "A:returns-condition"),
        ("那没拆的另一副肯定可以吧", "A:returns-condition"),
    ]),
    (Z, False, [
        ("订单状态写着待收货 是不是意思是已经从仓库出来了", "A:order-status-meanings"),
        ("那它啥时候会自己变成已完成", "A:order-status-meanings"),
        ("可是物流信息停在济南那个中转站五天了 你们能不能去催催快递公司", "H"),
    ]),
    (Z, False, [
        ("哈喽哈喽", "S:greeting"),
        ("包裹里没看到赠品 页面上说好的送手机壳", "A:missing-item"),
        ("👍", "S:emoji"),
        ("照片是要拍快递面单那一面对吧", "A:missing-item"),
    ]),
    (Z, False, [
        ("卫衣袖口有个小线头 懒得寄回去了 能补偿点钱吗", "A:refunds-partial"),
        ("那这个仅退款在哪点", "A:refunds-partial"),
        ("好滴", "S:affirm"),
    ]),
    (Z, False, [
        ("发错了！我拍的38码 来的是40 周六婚礼就要穿 今天能不能给我补发一双", "H"),
        ("快递加急多少钱我都出", "X"),
    ]),
    (Z, False, [
        ("早上好", "S:greeting"),
        ("我昨天跟今天各下了一单 能不能合成一个包裹一起发", "H"),
        ("地址都是一样的", "X"),
    ]),
    (Z, False, [
        ("买的车厘子到了 烂了小一半 [图片] [图片]", "H"),
        ("坏果我都挑出来拍了", "X"),
    ]),
    (Z, False, [
        ("你好", "S:greeting"),
        ("签收第6天了 现在申请退还来得及吧", "A:returns-window"),
        ("在哪点申请 第一次退", "A:returns-how"),
        ("寄回去以后单号几天内要填上", "A:returns-how"),
    ]),
    (Z, False, [
        ("喂你好我想问一下就是我前天买的那个电热水壶今天插上电底座的灯不亮也不烧水是怎么回事要怎么弄", "A:returns-window,damaged-or-wrong-item"),
        ("好 那我去申请", "S:affirm"),
    ]),
    (Z, False, [
        ("收到的玻璃花瓶碎了 里面的泡沫就薄薄一层 应该怎么弄", "A:damaged-or-wrong-item"),
        ("今天下午才到的 来得及吧", "A:damaged-or-wrong-item"),
        ("那我去拍照", "S:affirm"),
    ]),
    (Z, False, [
        ("按你上次说的在售后里选了少件 提交的时候一直提示系统繁忙 试了一晚上都交不上去 你们这个根本没用", "H"),
    ]),
    (Z, False, [
        ("在吗在吗", "S:are_you_there"),
        ("扫地机用了八个月 现在充不进电 还在保修里吧", "A:warranty-repair"),
        ("它有两个多月是放着没用的 这个也算吗", "A:warranty-repair"),
        ("还有个台灯用了二十天开关按不动了 是退还是修", "A:returns-window,warranty-repair"),
        ("好嘞", "S:affirm"),
    ]),
    (Z, False, [
        ("你们卖假货 我拿去专柜验了说不是正品 我要报警", "H:sensitive_intent"),
    ]),
    (Z, False, [
        ("改下收货的地方", "C"),
        ("就是昨天刚下那单 还没发出来", "A:change-order-address"),
        ("只能改一次是吧", "A:change-order-address"),
    ]),
    (Z, False, [
        ("你是机器人还是真人", "S:bot_identity"),
        ("那你能看懂图吗 我收到的衣服跟图片上完全不是一个款", "A:damaged-or-wrong-item"),
        ("要在几个小时之内提交啊", "A:damaged-or-wrong-item"),
    ]),
    (Z, True, [
        ("在吗", "S:are_you_there"),
        ("上周买的羽绒服拉链拉两下就坏了 怎么处理", "H"),
    ]),
    # ---------------- English ----------------
    (E, False, [
        ("hi", "S:greeting"),
        ("so my package came today and the lamp shade is all dented in on one side", "A:damaged-or-wrong-item"),
        ("is there a deadline to report that", "A:damaged-or-wrong-item"),
        ("thx", "S:thanks"),
    ]),
    (E, False, [
        ("ordered a navy hoodie size M and got a red one in XL lmao", "A:damaged-or-wrong-item"),
        ("do i pay the postage back or do u guys", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("perfect", "S:affirm"),
    ]),
    (E, False, [
        ("[photo] thats how the glass table top arrived. in pieces. what now", "H"),
        ("hello??", "S:are_you_there"),
    ]),
    (E, False, [
        ("hey there", "S:greeting"),
        ("box came with the charger but theres no cable in there", "A:missing-item"),
        ("where do i report that exactly", "A:missing-item"),
        ("please have someone ring me on 0412 555 019, its easier to explain on the phone", "H:user_requested"),
        ("any time after 5 is fine", "X"),
    ]),
    (E, False, [
        ("my kettle just stoped heating, had it maybe 2 months", "A:warranty-repair"),
        ("is posting it to u on me or free", "A:warranty-repair"),
        ("and how long till i get it back", "A:warranty-repair"),
        ("great thanks", "S:thanks"),
    ]),
    (E, False, [
        ("left earbud went dead after 10 days, is that a return or a warranty thing", "A:returns-window,warranty-repair"),
        ("also on the orders page, what does completed mean vs shipped", "A:order-status-meanings"),
    ]),
    (E, False, [
        ("tried to file a damaged item claim but the app says the 48 hour window is over?? it was only delivered yesterday evening", "H"),
    ]),
    (E, False, [
        ("THIS IS THE SECOND BROKEN BLENDER YOU HAVE SENT ME. ABSOLUTELY USELESS COMPANY", "H:negative_sentiment"),
    ]),
    (E, False, [
        ("hi", "S:greeting"),
        ("tv came smashed. no refund by friday = i dispute it with my bank as a chargeback", "H:sensitive_intent"),
        ("hello?", "S:are_you_there"),
    ]),
    (E, False, [
        ("hey how do i begin a return", "A:returns-how"),
        ("theres no request after-sales button on my order, i looked twice. that didnt help at all", "H:repeated_failure"),
    ]),
    (E, False, [
        ("postage q", "C"),
        ("for mailing back a jumper i just didnt like", "A:returns-shipping-cost"),
        ("ah ok", "S:affirm"),
        ("and how many days have i got to send it", "A:returns-window"),
        ("ty", "S:thanks"),
    ]),
    (E, False, [
        ("can i return jeans if ive washed them once", "A:returns-condition"),
        ("what if i never wore them but the tag came off", "A:returns-condition"),
        ("different order - dropped my return at the post office this morning, roughly when does the money come back", "A:returns-refund-timing"),
        ("its a credit card btw", "A:returns-refund-timing,refunds-how-long"),
    ]),
    (E, False, [
        ("quick thing re: the refund", "C"),
        ("how many days for it to show up in alipay", "A:refunds-how-long"),
        ("bc it got aproved on the 28th of last month and theres still nothing", "H"),
    ]),
    (E, False, [
        ("the warranty thing", "C"),
        ("how long is it on a vacuum cleaner", "A:warranty-repair"),
        ("diff question, these sneakers pinch a bit, can i go half a size up", "A:exchange-item"),
        ("or could i switch to the other model instead", "A:exchange-item"),
    ]),
    (E, True, [
        ("good morning", "S:greeting"),
        ("whats the return window on shoes", "A:returns-window"),
        ("and can a parcel go to my flat in kowloon", "A:shipping-international"),
        ("thanks", "S:thanks"),
    ]),
    (E, True, [
        ("[photo] espresso maker from last month leaves a puddle under it every morning, water coming out the base", "H"),
        ("can someone come and collect it tomorrow", "X"),
    ]),
    (E, False, [
        ("if i order at 2pm today when would it get to shanghai", "A:shipping-delivery-time"),
        ("unrelated but can you recommend a quick pasta recipe for tonight", "H:out_of_scope"),
    ]),
    (E, False, [
        ("hey", "S:greeting"),
        ("can i pay with my visa from the uk", "A:payment-methods"),
        ("sweet", "S:affirm"),
        ("should i put my savings into bitcoin or gold rn", "H:out_of_scope"),
    ]),
    (E, False, [
        ("help, every time i hit pay my bank card gets rejected", "A:payment-failed"),
        ("can i get an actual person on this, the bot isnt getting it", "H:user_requested"),
    ]),
    (E, False, [
        ("paid 3 weeks ago, no parcel, no reply to my emails. this is fraud", "H:sensitive_intent"),
    ]),
    (E, False, [
        ("hey can u tell me where #B55102 is at", "A:tracking-where"),
        ("also can i get it faster next time, like next day", "A:shipping-express"),
        ("cheers", "S:thanks"),
    ]),
    (E, False, [
        ("yo whats the shipping charge if my cart is only 45 yuan", "A:shipping-fees"),
        ("where did the coupon i claimed yesterday go, cant see it anywhere", "A:coupons-how"),
    ]),
    (E, False, [
        ("bank app shows the payment went out but the order page is stuck on unpaid", "A:payment-charged-unpaid"),
    ]),
    (E, False, [
        ("hello there", "S:greeting"),
        ("making an account - is an email enough or do u need my mobile", "A:account-register"),
        ("and me and my wife share the app, how do we flip between our accounts", "A:account-switch"),
    ]),
    (E, False, [
        ("how do i save my work address as a second one", "A:address-add"),
        ("also an order already shipped but i moved yesterday, is it too late to change the adress", "A:change-order-address"),
        ("ok pls get it redirected to 14 Elm St Unit 3, tracking SF8830021945", "H"),
    ]),
    (E, False, [
        ("do you do fapiao? forgot to tick it at checkout", "A:invoice-how"),
        ("where exactly in the app", "A:invoice-how"),
        ("is the e-invoice fine for my company expense claim or do they need paper", "A:invoice-electronic"),
    ]),
    (E, False, [
        ("you clowns sent me a used phone case with someone elses fingerprints all over it. pathetic", "H:negative_sentiment"),
    ]),
    (E, False, [
        ("hiya", "S:greeting"),
        ("ugh the ceramic planter i ordered got here with a big crack down the side", "A:damaged-or-wrong-item"),
        ("which photos do u need", "A:damaged-or-wrong-item"),
        ("k will do", "S:affirm"),
    ]),
    (E, False, [
        ("hi there", "S:greeting"),
        ("my order says completed but i never got anything?? order 2026113004418820", "H"),
    ]),
    (E, False, [
        ("hey :)", "S:greeting"),
        ("got the shirts, 1 of the 3 is missing. order #C20931", "A:missing-item"),
        ("do i need to send a pic of the bag or what", "A:missing-item"),
    ]),
    (E, False, [
        ("tv arrived with a dead pixel line down the middle and im honestly so done with this", "A:damaged-or-wrong-item"),
        ("and the return pickup is free right? its a 55 inch", "A:returns-shipping-cost,damaged-or-wrong-item"),
    ]),
    (E, False, [
        ("bought a dress for a wedding, turned out too tight. can i exchange it for a bigger one", "A:exchange-item"),
        ("how fast do you send the new one", "A:exchange-item"),
        ("the wedding is next saturday, can you just ship the bigger one today before i return this one", "H"),
    ]),
    (E, False, [
        ("hello", "S:greeting"),
        ("i sent my return back 2 weeks ago, tracking says your warehouse signed for it on the 2nd, and i still havent been refunded", "H"),
        ("thanks", "S:thanks"),
    ]),
    (E, False, [
        ("the jacket i ordered has a tiny mark on the sleeve, not worth sending back tbh. could i get a bit of money off instead", "A:refunds-partial"),
        ("separate order - is there a fee if i cancel now", "A:cancellation-fee"),
        ("it hasnt been sent yet", "A:cancellation-fee"),
        ("cool", "S:affirm"),
    ]),
    (E, False, [
        ("are you a bot", "S:bot_identity"),
        ("ok then whats your live chat hours on weekends", "A:customer-service-hours"),
        ("just realised i ordered the wrong colour and its already been sent out, can i still cancel it", "A:cancel-after-shipment"),
    ]),
    (E, False, [
        ("whats up with these fake looking airpods, the serial doesnt show on apples site", "A:product-authenticity"),
        ("so if apple says theyre fake i get my money back plus extra?", "A:product-authenticity"),
        ("gonna leave a review either way, how do i add pics to it", "A:leave-review"),
        ("bye", "S:goodbye"),
    ]),
    (E, False, [
        ("did what u said, returned it via the app and wrote the tracking no in, now it says return rejected item used. i never used it", "H"),
        ("unbelievable, absolute joke", "X"),
    ]),
    # ---------------- mixed zh + en ----------------
    (M, False, [
        ("亲 我的order里少了一个item 就一个盒子", "A:missing-item"),
        ("这个有时限吗 晚几天报还算不算", "A:missing-item"),
    ]),
    (M, False, [
        ("退货寄出去了 tracking number要填在哪", "A:returns-how"),
        ("refund一般多久到账 我付的alipay", "A:returns-refund-timing,refunds-how-long"),
        ("ok 谢谢", "S:thanks"),
    ]),
    (M, False, [
        ("hello 亲", "S:greeting"),
        ("这个blender用了一个半月就转不动了 warranty要怎么走", "A:warranty-repair"),
        ("那得我自己打包寄给你们吗", "A:warranty-repair"),
    ]),
    (M, False, [
        ("颜色发错了 我要的beige 收到的是grey [图片]", "H"),
    ]),
    (M, False, [
        ("我要找你们manager 这个售后处理得太离谱了", "H:user_requested"),
        ("hello?", "S:are_you_there"),
    ]),
    (M, False, [
        ("这个size穿着不合适 can i exchange", "A:exchange-item"),
        ("thx 亲", "S:thanks"),
    ]),
    (M, False, [
        ("在活动页领的coupon 一到checkout就灰掉了", "A:coupons-not-working"),
        ("你们有没有COD 就是送到了再付", "A:payment-cod"),
    ]),
    (M, False, [
        ("你是AI吗", "S:bot_identity"),
        ("那帮我看下我的parcel到哪了 单号是2026120377120046", "A:tracking-where"),
    ]),
    (M, False, [
        ("投诉！买的iPad是翻新机 屏幕边上都有划痕", "H:sensitive_intent"),
        ("别跟我说sorry", "X"),
    ]),
    (M, False, [
        ("invoice可以开电子版吗 报销能用吗", "A:invoice-electronic"),
    ]),
    (M, False, [
        ("hi", "S:greeting"),
        ("我在Hong Kong 可以deliver过来吗 大概几天", "A:shipping-international"),
    ]),
    (M, False, [
        ("login不上 password完全不记得了", "A:account-reset-password"),
    ]),
    (M, True, [
        ("这套sofa送到以后能安排人上门组装吗 周末方便", "H"),
    ]),
    (M, False, [
        ("account的事想问下", "C"),
        ("换绑手机号 旧卡不用了", "A:account-change-phone"),
    ]),
    (M, False, [
        ("hello", "S:greeting"),
        ("我收到的mug碎了 退款和补发能选吗", "A:damaged-or-wrong-item"),
        ("ok 我去拍照", "S:affirm"),
    ]),
]
