# Blind chat set 1214: typed source. Per chat: (language tag, VIP flag, [(text, code), ...]).
# Codes: S:<label> small talk; A:<ids> answer with its kb ids; C clarify; H / H:<reason> first
# handoff; X a later non-small-talk turn (handoff_active). All personal data is made up.
Z, E, M = "zh", "en", "mixed"

CHATS = [
    # ---------------- Chinese ----------------
    (Z, False, [  # z01 tracking -> follow-up delivery time
        ("在吗", "S:are_you_there"),
        ("买了个电饭煲 单号20261203556781 现在走到哪了", "A:tracking-where"),
        ("那大概还得几天 我在成都郊县", "A:shipping-delivery-time"),
        ("好嘞 谢啦", "S:thanks"),
    ]),
    (Z, False, [  # z02 return -> postage -> refund timing
        ("你好", "S:greeting"),
        ("裙子到了 颜色跟图片差太多 我想退掉", "A:returns-how"),
        ("寄回去的快递费谁承担啊", "A:returns-shipping-cost"),
        ("那寄回去以后钱多久能回来", "A:returns-refund-timing"),
    ]),
    (Z, False, [  # z03 clarify
        ("亲 问下退款的事", "C"),
        ("就是退的钱会回到哪 我当时是花呗付的", "A:refunds-where"),
    ]),
    (Z, False, [  # z04 signed but not received
        ("快递显示昨天就签收了 我压根没拿到 门卫跟快递柜都找过了 没有", "H"),
        ("订单号20261130882014 你们赶紧查一下", "X"),
    ]),
    (Z, False, [  # z05 damaged with photos
        ("收到的碗碎了俩 [图片] [图片] 照片在这 你们看着办吧", "H"),
        ("多久能给我补寄", "X"),
    ]),
    (Z, False, [  # z06 charged twice, not refunded after a week
        ("亲", "S:greeting"),
        ("上周五下的单 199块被扣了两遍 今天都一个礼拜了 多的那笔还没退回来", "H"),
        ("工行卡 尾号6621", "X"),
    ]),
    (Z, False, [  # z07 bot identity -> person
        ("你是机器人还是真人啊", "S:bot_identity"),
        ("那还是给我换个人工吧", "H:user_requested"),
    ]),
    (Z, False, [  # z08 overdue refund + 12315
        ("退款拖了半个多月 再不给我处理我就打12315", "H:sensitive_intent"),
    ]),
    (Z, False, [  # z09 anger
        ("什么破店 付了钱一个礼拜不发货 回个消息都是复制粘贴 一群废物", "H:negative_sentiment"),
    ]),
    (Z, False, [  # z10 out of scope
        ("你好", "S:greeting"),
        ("帮我写个请假条呗 就说我发烧了明天去不了公司", "H:out_of_scope"),
    ]),
    (Z, False, [  # z11 exchange -> second failure
        ("运动鞋偏小 想换成大一号的 怎么弄", "A:exchange-item"),
        ("我点进去了 售后里面只有退货退款 根本找不到换货 你说的不对啊", "H:repeated_failure"),
        ("抓紧啊 我下周出门要穿", "X"),
    ]),
    (Z, True, [  # z12 VIP clear faq
        ("你好", "S:greeting"),
        ("走顺丰的话要多付多少", "A:shipping-express"),
        ("好的 谢谢", "S:thanks"),
    ]),
    (Z, True, [  # z13 VIP repair pickup
        ("上个月买的空气炸锅 用了三次就不热了 你们安排师傅来取一下", "H"),
        ("明天下午家里有人", "X"),
    ]),
    (Z, False, [  # z14 invoice -> topic change cod
        ("在不在", "S:are_you_there"),
        ("想开张发票 公司报销要用的", "A:invoice-how,invoice-company"),
        ("要填税号是吧 别的还要啥", "A:invoice-company"),
        ("对了 你们这能东西到了再给钱吗", "A:payment-cod"),
        ("拜拜", "S:goodbye"),
    ]),
    (Z, False, [  # z15 price protection follow-up
        ("刚买完第二天就便宜了30 这差价给退不", "A:price-protection"),
        ("我是在直播间下的单 这种也算吗", "A:price-protection"),
    ]),
    (Z, False, [  # z16 switch accounts -> merge -> delete the other one
        ("亲", "S:greeting"),
        ("我跟我老婆俩号 在一个手机上怎么来回切", "A:account-switch"),
        ("那两边的订单能并到一个号里吗", "A:account-switch"),
        ("那她那个号干脆不要了 想整个删掉 在哪弄", "A:account-delete"),
        ("她攒的那些积分会清零吗", "A:account-delete"),
    ]),
    (Z, False, [  # z18 cancel -> fee -> when money back
        ("在吗", "S:are_you_there"),
        ("今天早上下的单 还没发货 能撤销不", "A:cancel-before-shipment"),
        ("撤了要扣手续费吗", "A:cancellation-fee"),
        ("那钱啥时候回来", "A:cancel-before-shipment,refunds-how-long"),
    ]),
    (Z, False, [  # z19 cancel after shipment -> short follow-up
        ("物流都有了 这单还能撤吗 临时不想要了", "A:cancel-after-shipment"),
        ("拒收的话 那要多久退钱", "A:cancel-after-shipment,refunds-how-long"),
    ]),
    (Z, False, [  # z22 address book
        ("搬家了 以前存的那个地址咋删", "A:address-edit"),
        ("新地址想设成每次默认用的 在哪弄", "A:address-add"),
    ]),
    (Z, False, [  # z24 invoice title
        ("发票抬头少打了个字 公司名不对 能给重开不", "A:invoice-change-title"),
        ("开了有二十来天了 还来得及吗", "A:invoice-change-title"),
    ]),
    (Z, False, [  # z25 payment methods -> installments -> fee
        ("你好", "S:greeting"),
        ("招行信用卡能刷吗", "A:payment-methods"),
        ("能分三期不", "A:payment-installments"),
        ("分期要另外收钱吗", "A:payment-installments"),
    ]),
    (Z, False, [  # z26 payment failed -> second failure
        ("结账一付钱就弹交易异常 试了好几回了", "A:payment-failed"),
        ("余额够 限额也没到 换支付宝照样报错 说了等于没说", "H:repeated_failure"),
    ]),
    (Z, False, [  # z27 charged but pending
        ("支付宝那边显示付款成功了 可订单这里还挂着待付款", "A:payment-charged-unpaid,order-status-meanings"),
        ("那要是一直不变呢", "A:payment-charged-unpaid"),
    ]),
    (Z, False, [  # z28 coupons -> subscribe
        ("亲", "S:greeting"),
        ("店铺券跟平台券一单里能一起抵吗", "A:coupons-how"),
        ("我领过的券都去哪了 找不到", "A:coupons-how"),
        ("对了 听说订阅你们的活动通知会送券 在哪开", "A:newsletter-subscribe"),
        ("谢谢", "S:thanks"),
    ]),
    (Z, False, [  # z29 coupon not working -> follow-up
        ("你好 满200减30的券 我凑了210 结算死活用不上", "A:coupons-not-working"),
        ("是不是因为里面有件打了折 先减掉了", "A:coupons-not-working"),
    ]),
    (Z, False, [  # z30 password -> topic change phone
        ("登录密码记不得了 试了好几次都错", "A:account-reset-password"),
        ("好了 进去了", "S:affirm"),
        ("顺便问下 绑的手机号那个卡我不用了 怎么换新的", "A:account-change-phone"),
        ("昵称顺便也想改 在哪", "A:account-change-phone"),
        ("🙏", "S:emoji"),
    ]),
    (Z, False, [  # z33 register -> uncovered new-user gift
        ("新来的 注册非得填手机号吗 用微信行不", "A:account-register"),
        ("注册完有没有新人礼包啥的", "H"),
    ]),
    (Z, False, [  # z35 unsubscribe
        ("你们的营销短信一天好几条 能不能别发了", "A:newsletter-unsubscribe"),
        ("关掉以后快递到了还会通知我不", "A:newsletter-unsubscribe"),
    ]),
    (Z, False, [  # z37 warranty -> topic change service hours
        ("吹风机用了俩月 突然不出热风了 能修吗", "A:warranty-repair"),
        ("那修一次要多久", "A:warranty-repair"),
        ("另外问下 你们客服晚上几点下班 我白天上班没空", "A:customer-service-hours"),
        ("拜拜", "S:goodbye"),
    ]),
    (Z, False, [  # z38 missing item
        ("在吗", "S:are_you_there"),
        ("买了三样 到了两样 保温杯没在里面", "A:missing-item"),
        ("订单里就一个快递单号啊", "A:missing-item"),
    ]),
    (Z, False, [  # z40 authenticity
        ("你好", "S:greeting"),
        ("这款面霜保真吗 会不会是水货", "A:product-authenticity"),
        ("万一真是假的呢 怎么赔", "A:product-authenticity"),
    ]),
    (Z, False, [  # z41 review
        ("评价在哪写 想晒个图", "A:leave-review"),
        ("写完发现有错别字 还能改不", "A:leave-review"),
        ("哈哈哈", "S:emoji"),
    ]),
    (Z, False, [  # z42 order status -> when ships -> bot identity
        ("订单一直挂着待发货 这是啥情况 钱已经付了", "A:order-status-meanings"),
        ("那一般多久能发出去", "A:shipping-delivery-time"),
        ("你是真人吗", "S:bot_identity"),
        ("嗯嗯", "S:affirm"),
    ]),
    (Z, False, [  # z43 first order -> payment
        ("第一次在这买东西 不太会弄 怎么买", "A:place-order"),
        ("付钱能用啥", "A:payment-methods"),
    ]),
    (Z, False, [  # z44 remote area -> topic change international
        ("您好", "S:greeting"),
        ("发西藏日喀则能到吗 要走几天", "A:shipping-remote-areas"),
        ("那包邮吗", "A:shipping-remote-areas"),
        ("还有个朋友在东京 日本能寄不", "A:shipping-international"),
        ("关税谁付", "A:shipping-international"),
    ]),
    (Z, False, [  # z47 return window -> quality
        ("鞋子签收十天了 还能退吗 一次没穿", "A:returns-window"),
        ("要是鞋底开胶了呢 这算质量问题吧", "A:returns-window"),
    ]),
    (Z, False, [  # z48 return condition
        ("口红拆开试了下 颜色不喜欢 还能退吗", "A:returns-condition"),
        ("那没拆封的那支呢", "A:returns-condition"),
    ]),
    (Z, False, [  # z49 partial refund
        ("一单买了三件 退了一件 怎么退回来的比我买时候少了二十多", "A:refunds-partial"),
        ("运费也没给我退", "A:refunds-partial"),
    ]),
    (Z, False, [  # z50 refund status
        ("退货申请交了三天了 进度在哪看", "A:refunds-status"),
        ("上面写退款成功了 可卡里没看到钱", "A:refunds-status,refunds-how-long"),
    ]),
    (Z, False, [  # z51 overdue refund
        ("退货仓库都签收半个月了 钱还没到 到底咋回事", "H"),
    ]),
    (Z, False, [  # z52 legal threat
        ("你们卖假货 我已经找好律师了 等着被起诉吧", "H:sensitive_intent"),
    ]),
    (Z, False, [  # z53 tracking -> out of scope
        ("在吗", "S:are_you_there"),
        ("快递到哪了 运单号75312846609821", "A:tracking-where"),
        ("顺便问下 你知道附近哪家奶茶好喝不", "H:out_of_scope"),
    ]),
    (Z, False, [  # z54 account hacked
        ("我账号被人登了 收货地址被改了 还下了两单不是我买的", "H"),
        ("赶紧帮我冻结", "X"),
    ]),
    (Z, False, [  # z55 complaint about courier
        ("你好", "S:greeting"),
        ("我要投诉 你们快递员把东西往门口一扔就走 敲门都不敲", "H:sensitive_intent"),
        ("谢谢", "S:thanks"),
    ]),
    (Z, True, [  # z56 VIP overdue refund
        ("你好", "S:greeting"),
        ("上次退货的钱到现在没到 都十天了", "H"),
    ]),
    (Z, False, [  # z57 clarify address -> after shipping
        ("地址的事问一下", "C"),
        ("刚下的单 小区名字打错了", "A:change-order-address"),
        ("要是已经发走了呢", "A:change-order-address"),
    ]),
    (Z, False, [  # z58 clarify invoice -> e-invoice validity
        ("发票那个", "C"),
        ("就是电子版的去哪找", "A:invoice-electronic"),
        ("我们财务说要纸的 电子的报销认不认", "A:invoice-electronic"),
    ]),
    (Z, False, [  # z59 out of scope travel
        ("五一想出去玩 推荐几个人少的地方呗", "H:out_of_scope"),
    ]),
    (Z, False, [  # z60 express -> price
        ("在么", "S:are_you_there"),
        ("我急着用 有没有能明天到的", "A:shipping-express"),
        ("那得加几块钱", "A:shipping-express"),
    ]),
    (Z, False, [  # z61 wrong item urgent
        ("发错了 我买的是黑色四十码 寄来个白色的 周六就要穿 能不能今天就给我换个发过来", "H"),
    ]),
    (Z, False, [  # z62 damaged how-to answer -> postage
        ("到手的盘子边上磕掉一块 这个咋处理", "A:damaged-or-wrong-item"),
        ("寄回来邮费我出吗", "A:damaged-or-wrong-item,returns-shipping-cost"),
        ("没有了", "S:deny"),
    ]),
    (Z, False, [  # z63 rejected after-sales
        ("你好", "S:greeting"),
        ("我的售后申请被驳回了 理由写的是人为损坏 明明是拆开就这样", "H"),
        ("拆箱的时候我全程录了视频的", "X"),
    ]),
    (Z, False, [  # z64 change order size -> topic change refund
        ("还没发货的单 尺码选错了 M换成L行吗", "A:change-order"),
        ("好的", "S:affirm"),
        ("还有上一单退的钱几天到微信", "A:refunds-how-long"),
    ]),
    (Z, False, [  # z65 presale deposit
        ("预售交了50定金 现在不想要了 定金能退吗", "A:cancellation-fee"),
        ("可是你们说好月底发 现在又延期了", "A:cancellation-fee"),
    ]),
    (Z, False, [  # z66 code not arriving -> second failure
        ("改密码的验证码一直收不到", "A:account-registration-problems,account-reset-password"),
        ("等了十分钟了 语音的也试了 还是啥都收不到 你这说了跟没说一样", "H:repeated_failure"),
        ("在吗", "S:are_you_there"),
    ]),
    # ---------------- English ----------------
    (E, False, [  # e01 tracking -> follow-up
        ("hi", "S:greeting"),
        ("wheres my order?? placed it monday, #A77120", "A:tracking-where"),
        ("and to shenzhen its usually how many days", "A:shipping-delivery-time"),
        ("thx", "S:thanks"),
    ]),
    (E, False, [  # e02 are you there -> return -> postage
        ("hello?", "S:are_you_there"),
        ("want to send back a jacket, the fit is all wrong", "A:returns-how"),
        ("is sending it back on my dime", "A:returns-shipping-cost"),
    ]),
    (E, False, [  # e03 clarify order -> cancel -> fee
        ("about my order", "C"),
        ("i need to cancel it, it hasnt been sent out yet", "A:cancel-before-shipment"),
        ("any fee for that?", "A:cancellation-fee"),
        ("great thanks", "S:thanks"),
    ]),
    (E, False, [  # e04 delivered not received
        ("tracking says delivered yesterday 2pm but theres nothing here. asked neighbours + front desk. order 2026112978812", "H"),
        ("hello??", "S:are_you_there"),
    ]),
    (E, False, [  # e05 damaged with photos
        ("lamp arrived with the glass shade smashed to bits, pics attached [image] [image]", "H"),
        ("can u just send a new one out", "X"),
    ]),
    (E, False, [  # e06 chargeback
        ("you charged my card twice for the same order and nobody replies. im doing a chargeback with my bank", "H:sensitive_intent"),
    ]),
    (E, False, [  # e07 bot -> person
        ("are you a bot", "S:bot_identity"),
        ("get me an actual person on this pls", "H:user_requested"),
        ("ok", "S:affirm"),
    ]),
    (E, False, [  # e08 anger caps
        ("THIRD TIME IM ASKING WHERE IS MY MONEY. ABSOLUTE CLOWNS RUNNING THIS SHOP", "H:negative_sentiment"),
    ]),
    (E, False, [  # e09 out of scope
        ("hey", "S:greeting"),
        ("help me pick a name for my new puppy, shes a golden", "H:out_of_scope"),
    ]),
    (E, False, [  # e10 refund status -> second failure
        ("where can i see if my refund went through", "A:refunds-status"),
        ("i looked, there is no refunds section under Me at all. still dont know where my money is", "H:repeated_failure"),
    ]),
    (E, True, [  # e11 VIP international
        ("hi there", "S:greeting"),
        ("can you deliver to kuala lumpur? how long would it take", "A:shipping-international"),
        ("perfect, thank you", "S:thanks"),
    ]),
    (E, True, [  # e12 VIP leaking machine
        ("coffee machine delivered last week leaves a puddle under it every time. sort it out for me please", "H"),
    ]),
    (E, False, [  # e13 free delivery -> paypal -> pay later
        ("hi", "S:greeting"),
        ("at what basket total does postage become free", "A:shipping-fees"),
        ("also is paypal an option", "A:payment-methods"),
        ("and do u do klarna or some pay later thing", "A:payment-installments"),
        ("k thx", "S:thanks"),
    ]),
    (E, False, [  # e14 coupon not applying -> topic change price drop
        ("trying to use a voucher at the payment step and it just greys out", "A:coupons-not-working"),
        ("its 20 off 150 and my cart is 160 tho", "A:coupons-not-working"),
        ("ahh ok got it", "S:affirm"),
        ("diff thing - the blender i got tuesday is 15 bucks cheaper now lol, can i get that back", "A:price-protection"),
        ("where do i apply", "A:price-protection"),
    ]),
    (E, False, [  # e16 sign up -> sms code
        ("hello", "S:greeting"),
        ("new here - does signing up need a phone number or is email fine", "A:account-register"),
        ("the sms code isnt coming through", "A:account-registration-problems"),
    ]),
    (E, False, [  # e17 password -> bot -> topic change delete
        ("cant log in, my password's gone clean out of my head", "A:account-reset-password"),
        ("r u a bot lol", "S:bot_identity"),
        ("anyway my sister wants to close her account for good, how does she do that", "A:account-delete"),
        ("thanks", "S:thanks"),
    ]),
    (E, False, [  # e19 address book -> thanks -> order address
        ("how do i add my work address so i can choose it at checkout", "A:address-add"),
        ("thx", "S:thanks"),
        ("oh wait one more, i put the wrong apt number on an order from an hour ago", "A:change-order-address"),
        ("bye", "S:goodbye"),
    ]),
    (E, False, [  # e20 company invoice -> electronic
        ("our finance team wants a company-name invoice for this purchase, what do i have to send you", "A:invoice-company"),
        ("is the electronic one ok for expense claims", "A:invoice-electronic"),
    ]),
    (E, False, [  # e21 invoice -> reissue
        ("can i still get an invoice for order 2026120455190? forgot to tick it", "A:invoice-how"),
        ("and if the company name on it needs fixing later?", "A:invoice-change-title"),
    ]),
    (E, False, [  # e23 payment failed
        ("my visa from a uk bank gets rejected every time i try to pay", "A:payment-failed,payment-methods"),
        ("how long do i have before the order disappears", "A:payment-failed,cancel-before-shipment"),
    ]),
    (E, False, [  # e24 charged unpaid
        ("anyone there?", "S:are_you_there"),
        ("bank shows the payment gone out but my order is still sitting on pending payment??", "A:payment-charged-unpaid"),
        ("and if it never syncs, when do i get it back", "A:payment-charged-unpaid"),
    ]),
    (E, False, [  # e25 express -> topic change cod
        ("need this by friday, any faster shipping?", "A:shipping-express"),
        ("whats that cost on top", "A:shipping-express"),
        ("and can i pay when the courier shows up", "A:payment-cod"),
        ("its about 2500 rmb if that matters", "A:payment-cod"),
    ]),
    (E, False, [  # e26 exchange
        ("got the shoes in a 42, need a 43. can i swap", "A:exchange-item"),
        ("and if i want a totally different model instead?", "A:exchange-item"),
        ("👍", "S:emoji"),
    ]),
    (E, False, [  # e27 warranty
        ("hi, earbuds i got in august wont hold a charge anymore. warranty?", "A:warranty-repair"),
        ("and how long is it gonna be away getting fixed", "A:warranty-repair"),
        ("thanks!", "S:thanks"),
    ]),
    (E, False, [  # e28 damaged how-to -> missing
        ("one of the wine glasses came chipped, whats the process", "A:damaged-or-wrong-item"),
        ("do i need to keep the box", "A:damaged-or-wrong-item"),
        ("oh and the coasters that were meant to come with the set arent in there either", "A:missing-item"),
        ("is there a deadline for flagging that", "A:missing-item"),
        ("ok thank u", "S:thanks"),
    ]),
    (E, False, [  # e29 wrong item needed by saturday
        ("you sent me a blue hoodie, i ordered black. i need the right one by saturday its a gift", "H"),
    ]),
    (E, False, [  # e31 authenticity -> review
        ("those airpods you sell, real apple or fakes?", "A:product-authenticity"),
        ("ok ordering. once they arrive how do i rate them", "A:leave-review"),
        ("nope thats it", "S:deny"),
    ]),
    (E, False, [  # e32 unsubscribe
        ("please stop emailing me promos every single day", "A:newsletter-unsubscribe"),
        ("will i still get shipping updates tho", "A:newsletter-unsubscribe"),
        ("good", "S:affirm"),
    ]),
    (E, False, [  # e33 hours -> call me
        ("what time do u guys stop answering chats today", "A:customer-service-hours"),
        ("can someone call me tomorrow morning about my repair claim, 13812345678", "H:user_requested"),
    ]),
    (E, False, [  # e34 return window + condition
        ("bought a dress 5 days ago, tags still on, can i still return", "A:returns-window,returns-condition"),
        ("what if i already washed it once", "A:returns-condition"),
    ]),
    (E, False, [  # e35 completed never received
        ("hey", "S:greeting"),
        ("app marked my order as completed?? nothing ever showed up at my door", "H"),
        ("we're at 14 days now", "X"),
    ]),
    (E, False, [  # e36 partial refund -> where -> how long
        ("kept one of the three mugs and sent two back, why is my refund short like 12 yuan", "A:refunds-partial"),
        ("does the delivery charge get refunded too", "A:refunds-partial"),
        ("and it goes back to huabei right? thats what i paid with", "A:refunds-where"),
        ("how long till it shows", "A:refunds-how-long"),
    ]),
    (E, False, [  # e38 cancel after shipment
        ("changed my mind but the parcel's already on the way. what now", "A:cancel-after-shipment"),
        ("if i refuse it at the door do i get the full amount back", "A:cancel-after-shipment"),
        ("ok thanks", "S:thanks"),
    ]),
    (E, True, [  # e39 VIP phone -> merge accounts
        ("got a new mobile number, where do i swap it on my profile", "A:account-change-phone"),
        ("also need my two accounts merged, the old one has all my member points", "H"),
    ]),
    (E, False, [  # e40 clarify refund
        ("quick one re refunds", "C"),
        ("how many days till it hits my credit card", "A:refunds-how-long"),
        ("k thanks", "S:thanks"),
    ]),
    # ---------------- mixed zh/en ----------------
    (M, False, [  # m01 order late -> urge courier
        ("在吗", "S:are_you_there"),
        ("我的order还没到 都5天了 单号 20261201334512", "A:tracking-where,shipping-delivery-time"),
        ("能帮我催一下快递吗 急用", "H"),
        ("thx", "S:thanks"),
    ]),
    (M, False, [  # m02 clarify coupon
        ("问个coupon的问题", "C"),
        ("就是我领的那些券去哪看", "A:coupons-how"),
    ]),
    (M, False, [  # m03 authenticity -> huabei
        ("这个包包是正品吗 有防伪码吗 别给我寄个fake的", "A:product-authenticity"),
        ("好 下单了 顺便问下能用花呗分期pay吗", "A:payment-installments"),
        ("👍👍", "S:emoji"),
    ]),
    (M, True, [  # m04 VIP broken sofa leg
        ("hello", "S:greeting"),
        ("上次买的那个sofa 腿断了一条 [图片] 需要你们处理一下", "H"),
    ]),
    (M, False, [  # m05 invoice -> e-invoice to email
        ("想问下invoice怎么开 公司要报销", "A:invoice-how,invoice-company"),
        ("电子版就行 发我邮箱 lily.w@fakemail.com", "A:invoice-electronic"),
        ("thank u", "S:thanks"),
    ]),
    (M, False, [  # m06 refund status
        ("hi", "S:greeting"),
        ("pls 帮我看下 退款进度 申请一周了", "A:refunds-status"),
        ("上面写着 refunded 了 但招行卡里没有", "A:refunds-status"),
    ]),
    (M, False, [  # m07 out of scope phone comparison
        ("你好", "S:greeting"),
        ("iphone 16和华为mate哪个拍照好 你们店没卖 帮我参谋下", "H:out_of_scope"),
    ]),
    (M, False, [  # m08 praise -> review -> follow-up review
        ("收到了 nb 包装很用心 怎么给你们好评", "A:leave-review"),
        ("追评在哪加", "A:leave-review"),
        ("ok", "S:affirm"),
    ]),
    (M, False, [  # m09 no tracking -> second failure
        ("下单三天了 物流一点信息都没有", "A:tracking-where"),
        ("wtf 又让我去订单页看 我看过了 上面就是没物流 你们到底发没发", "H:repeated_failure"),
    ]),
    (M, False, [  # m10 remote
        ("你好", "S:greeting"),
        ("新疆能发吗 我在kashgar", "A:shipping-remote-areas"),
        ("要几天 and 运费多少", "A:shipping-remote-areas"),
        ("ok thx", "S:thanks"),
    ]),
]
