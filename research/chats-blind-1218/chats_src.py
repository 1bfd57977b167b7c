# chats-blind-1218: hand-written support chats, compact form (see README.md).
# Each chat: (language tag, VIP flag, [(text, code), ...]).
# Codes: S:<label> small talk; A:<ids> answer with FAQ ids; C clarify;
#        H / H:<reason> first handoff; X later non-small-talk turn after a handoff.
# All personal data below is invented.

CHATS = [
    # ------------------------------------------------------------------ zh
    # z01 elderly, register
    ("zh", False, [
        ("您好", "S:greeting"),
        ("请问一下，我是头一回在网上买东西，要怎么开个账户？麻烦您讲得详细一点。", "A:account-register"),
        ("非常感谢您的耐心", "S:thanks"),
    ]),
    # z02 registration code / number taken
    ("zh", False, [
        ("哈喽", "S:greeting"),
        ("注册的时候短信码一直不来 等了好几分钟了 号码139 0571 2284", "A:account-registration-problems"),
        ("嗯嗯", "S:affirm"),
        ("它又跳出来说这个号码已经有账户了 我没注册过啊", "A:account-registration-problems"),
    ]),
    # z03 student, password
    ("zh", False, [
        ("救命 密码彻底想不起来了 登录页死活进不去", "A:account-reset-password"),
        ("😂", "S:emoji"),
        ("那先用短信码进去 之后在设置哪里改成新的", "A:account-reset-password"),
        ("谢啦", "S:thanks"),
    ]),
    # z04 clarify -> change phone
    ("zh", False, [
        ("绑定号码那块有点事", "C"),
        ("原来绑的那个号码停机了 换了新卡 账号上的号码要怎么更新", "A:account-change-phone"),
        ("旧号现在收不到验证码了 还能换吗", "A:account-change-phone"),
        ("懂了", "S:affirm"),
    ]),
    # z05 elderly, delete account
    ("zh", False, [
        ("你好", "S:greeting"),
        ("这个账号是我儿子以前帮我弄的，现在用不上了，想请您告诉我怎样把它彻底销掉。", "A:account-delete"),
        ("还有一个包裹没送到，这时候能办吗？", "A:account-delete"),
        ("谢谢您", "S:thanks"),
    ]),
    # z06 switch account, then add address
    ("zh", False, [
        ("您好 打扰了", "S:greeting"),
        ("家里就一个手机 我跟我老婆两个号换着登 有没有快一点的切换办法", "A:account-switch"),
        ("那她号上的积分能挪到我这个号吗", "A:account-switch"),
        ("另外想多加一个我爸妈家的收件地址 从哪进去添", "A:address-add"),
    ]),
    # z07 address book edit
    ("zh", False, [
        ("地址簿里有个以前租房的地址 不想要了 怎么弄掉", "A:address-edit"),
        ("我刚改了地址簿 前天下的那个单子是送新地址还是旧地址", "A:address-edit,change-order-address"),
        ("行吧", "S:affirm"),
    ]),
    # z08 newsletter subscribe
    ("zh", False, [
        ("早上好", "S:greeting"),
        ("有打折活动的时候能不能发短信提醒我 要在哪里开", "A:newsletter-subscribe"),
        ("开了以后是不是有张券 满多少能用啊", "A:newsletter-subscribe"),
        ("好的好的", "S:affirm"),
    ]),
    # z09 unsubscribe
    ("zh", False, [
        ("每天早上七点准时一条促销短信 能不能别发了", "A:newsletter-unsubscribe"),
        ("关了以后快递到了还会短信告诉我吗", "A:newsletter-unsubscribe"),
        ("嗯", "S:affirm"),
    ]),
    # z10 elderly, service phone and hours
    ("zh", False, [
        ("您好！", "S:greeting"),
        ("请问你们有没有客服电话？我眼睛不太好，打字慢，想直接打电话问。", "A:customer-service-hours"),
        ("晚上八点多打过去还有人接吗？", "A:customer-service-hours"),
        ("过年那几天也有人值班吗？", "A:customer-service-hours"),
        ("谢谢你们", "S:thanks"),
    ]),
    # z11 review
    ("zh", False, [
        ("你好呀", "S:greeting"),
        ("买的电饭煲真的绝了 想夸两句 在哪写", "A:leave-review"),
        ("写完才发现有错别字 发出去还能再改吗", "A:leave-review"),
    ]),
    # z12 follow-up review, authenticity
    ("zh", False, [
        ("上个月买的跑鞋 穿了一个多月了想补几句实际感受 还能加吗", "A:leave-review"),
        ("嗯 知道了", "S:affirm"),
        ("对了 你们家的鞋都是正品吧 鞋盒里没看到防伪的东西", "A:product-authenticity"),
    ]),
    # z13 invoice after the fact, then tax homework (out of scope)
    ("zh", False, [
        ("下单那会儿忘勾发票了 现在东西都到了 还能补开吗", "A:invoice-how"),
        ("一般签收完几天能出来", "A:invoice-how"),
        ("你能不能顺便教我个税年度汇算怎么填 我搞不懂", "H:out_of_scope"),
    ]),
    # z14 clarify -> company invoice, title reissue
    ("zh", False, [
        ("想问一下开票方面的事", "C"),
        ("单位报销非要公司抬头的 开的时候要填哪几项", "A:invoice-company"),
        ("上回开的那张公司名少了“有限”两个字 能重新开一张吗", "A:invoice-change-title"),
        ("收到", "S:affirm"),
    ]),
    # z15 e-invoice, then "that didn't help"
    ("zh", False, [
        ("电子发票开出来放哪了 翻了半天订单也没找到", "A:invoice-electronic"),
        ("订单详情我点进去了 根本没有发票那一栏 你说的地方压根没有", "H:repeated_failure"),
        ("算了 我等人来看吧", "X"),
    ]),
    # z16 special VAT invoice, paper or digital
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("我们公司要开增值税专用的 除了税号还要交什么材料", "A:invoice-company"),
        ("专票开出来是寄纸的过来吗", "A:invoice-company"),
    ]),
    # z17 payment methods, COD, instalments
    ("zh", False, [
        ("你好", "S:greeting"),
        ("我没开通支付宝 只有一张工行的储蓄卡 能付吗", "A:payment-methods"),
        ("要不到了再给现金 我们县城能这样不", "A:payment-cod"),
        ("另外想买个笔记本电脑 分12个月的话 要多出钱吗", "A:payment-installments"),
    ]),
    # z18 payment failed, then repeated failure
    ("zh", False, [
        ("付钱的时候老跳出来一个错误码E102 付不了", "A:payment-failed"),
        ("额度查过了 也换了别的卡 还是那个E102 照你说的弄了一点变化都没有", "H:repeated_failure"),
    ]),
    # z19 charged, order unpaid
    ("zh", False, [
        ("微信已经扣了268 订单那里还写着待付款 怎么回事", "A:payment-charged-unpaid"),
        ("那要等多久才会变过来", "A:payment-charged-unpaid"),
        ("变过来以后显示待发货 是已经在打包了吗", "A:order-status-meanings"),
        ("那自动确认收货是发货后几天", "A:order-status-meanings"),
    ]),
    # z20 coupons, free shipping
    ("zh", False, [
        ("前两天抢的满200减30 跑哪去了", "A:coupons-how"),
        ("付钱的时候它会自己扣掉吗 还是我得手动点", "A:coupons-how"),
        ("哦哦", "S:affirm"),
        ("用完券只剩九十出头了 那还免运费吗", "A:shipping-fees"),
    ]),
    # z21 coupon not usable, price protection
    ("zh", False, [
        ("亲亲", "S:greeting"),
        ("满300减50的券 我买了310 结果显示不能用", "A:coupons-not-working"),
        ("哦 原来这样", "S:affirm"),
        ("还有个事 前天买的吹风机今天便宜了40 能补差价吗", "A:price-protection"),
        ("我是看直播下的单 这种算不算", "A:price-protection"),
    ]),
    # z22 return how
    ("zh", False, [
        ("亲", "S:greeting"),
        ("第一次退东西 不太会弄 从哪一步开始", "A:returns-how"),
        ("寄回去的快递单号要填在哪", "A:returns-how"),
    ]),
    # z23 return window + condition
    ("zh", False, [
        ("上周四签收的羽绒服 今天还能七天无理由吗", "A:returns-window"),
        ("试穿过一次 吊牌没剪", "A:returns-condition"),
        ("好嘞", "S:affirm"),
    ]),
    # z24 condition, return postage, refund timing
    ("zh", False, [
        ("哈喽哈喽", "S:greeting"),
        ("买的保温杯拆了塑封 一次都没装过水 退得了吗", "A:returns-condition"),
        ("就是单纯不想要了 寄回去的邮费谁出", "A:returns-shipping-cost"),
        ("我下单时带了运费险的", "A:returns-shipping-cost"),
        ("退回去以后钱几天能到支付宝", "A:returns-refund-timing"),
    ]),
    # z25 clarify -> exchange
    ("zh", False, [
        ("单子里的东西想换换", "C"),
        ("鞋子小了半码 能换大一点的吗 订单号2026120488213075", "A:exchange-item"),
        ("你们是收到我寄的旧鞋再发新鞋 还是同时发", "A:exchange-item"),
    ]),
    # z26 bot identity, refund timing, refund destination
    ("zh", False, [
        ("你是真人还是自动回复啊", "S:bot_identity"),
        ("退款刚审核通过 多久能到微信零钱", "A:refunds-how-long"),
        ("另一单是花呗付的 钱又退到哪", "A:refunds-where"),
        ("一单买了三样 退了一个杯子 怎么才退了二十几块 明明标价三十九", "A:refunds-partial"),
        ("运费那八块也不退吗", "A:refunds-partial"),
    ]),
    # z28 refund status, then overdue refund
    ("zh", False, [
        ("申请的退款现在走到哪了 从哪能点进去看", "A:refunds-status"),
        ("页面上写着已退款 都十二个工作日了 招行卡里一分没有 订单号2026111908812254", "H"),
        ("这事拖不得 帮我尽早查", "X"),
    ]),
    # z29 dispatch time, city delivery, express
    ("zh", False, [
        ("嗨", "S:greeting"),
        ("上午十点付的款 今天之内能发货不", "A:shipping-delivery-time"),
        ("寄到成都市区大概几天", "A:shipping-delivery-time"),
        ("能不能加钱走顺丰 后天出差想明天拿到", "A:shipping-express"),
    ]),
    # z30 remote area
    ("zh", False, [
        ("你好", "S:greeting"),
        ("地址在新疆喀什 大概几天能收到 还包邮吗", "A:shipping-remote-areas"),
        ("谢谢哈", "S:thanks"),
    ]),
    # z31 international
    ("zh", False, [
        ("我女儿在日本读书 能直接寄过去给她吗", "A:shipping-international"),
        ("关税那些是谁付", "A:shipping-international"),
        ("在吗？", "S:are_you_there"),
        ("寄到那边路上要花几天", "A:shipping-international"),
    ]),
    # z32 tracking, then weather (out of scope)
    ("zh", False, [
        ("快递信息在哪儿看啊", "A:tracking-where"),
        ("对了 你知道杭州明天天气咋样吗 要不要带伞", "H:out_of_scope"),
    ]),
    # z34 elderly, place order
    ("zh", False, [
        ("您好，我想给孙子买个书包，可是不会下单，请问步骤是怎样的？", "A:place-order"),
        ("付完钱以后在哪里能看到我买的东西？", "A:place-order"),
        ("多谢多谢", "S:thanks"),
    ]),
    # z35 cancel before shipping, deposit
    ("zh", False, [
        ("刚拍的那单不要了 还没发货 怎么撤", "A:cancel-before-shipment"),
        ("取消了钱是马上回来吗", "A:cancel-before-shipment,refunds-how-long"),
        ("那预售交的五十块定金呢 也能退吗", "A:cancellation-fee"),
    ]),
    # z36 cancel after shipping
    ("zh", False, [
        ("物流都显示运输中了 突然不想要了 这单还能撤回吗", "A:cancel-after-shipment"),
        ("那我直接不签收行不行", "A:cancel-after-shipment"),
        ("没别的了", "S:deny"),
    ]),
    # z37 change order quantity, change order address
    ("zh", False, [
        ("你好", "S:greeting"),
        ("数量点错了 本来要两个 下成一个了 还没发货 能改吗", "A:change-order"),
        ("还有 地址选成了公司 今天周六没人收 能改成家里吗", "A:change-order-address"),
    ]),
    # z38 warranty
    ("zh", False, [
        ("买的电动牙刷用了四个月不充电了 能修吗", "A:warranty-repair"),
        ("修的话是我寄给你们 还是你们派人来拿", "A:warranty-repair"),
        ("拜拜", "S:goodbye"),
    ]),
    # z39 damaged + missing
    ("zh", False, [
        ("收到的盘子裂了一道缝 要怎么申请", "A:damaged-or-wrong-item"),
        ("另外说好送的勺子也没在箱子里", "A:missing-item"),
    ]),
    # z40 user request
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("跟你讲不明白 给我转个真人客服", "H:user_requested"),
        ("我就在这儿等 你们赶紧的", "X"),
    ]),
    # z41 complaint / 12315
    ("zh", False, [
        ("你们卖的面霜我用了满脸红疹 我要去12315投诉", "H:sensitive_intent"),
        ("医院的单子我都留着", "X"),
    ]),
    # z42 anger
    ("zh", False, [
        ("什么破平台 垃圾客服 一个快递等了十天连个影子都没有", "H:negative_sentiment"),
    ]),
    # z43 homework (out of scope)
    ("zh", False, [
        ("你好", "S:greeting"),
        ("帮我写一篇八百字的读后感 老师明天要", "H:out_of_scope"),
    ]),
    # z44 delivered but not received
    ("zh", False, [
        ("你好", "S:greeting"),
        ("物流显示昨天下午签收了 可我家门口啥也没有 物业也说没收到 单号YT2651809943", "H"),
        ("谢谢", "S:thanks"),
    ]),
    # z45 broken with photos
    ("zh", False, [
        ("[图片] 刚拆的锅 盖子玻璃直接碎成这样", "H"),
        ("快递纸箱一角也凹进去了 [图片]", "X"),
    ]),
    # z46 after-sales rejected
    ("zh", False, [
        ("售后给我拒了 理由写的是使用不当造成 我一直小心用的 这不冤枉人吗", "H"),
    ]),
    # z47 chase the courier
    ("zh", False, [
        ("快递在中转站停了四天不动了 能帮我催一下快递公司吗 单号ZT7730219846", "H"),
    ]),
    # z48 account used by someone else
    ("zh", False, [
        ("我账号好像被别人登了 地址簿里多了个不认识的地址 还有一单不是我下的", "H"),
        ("手机号137 6021 5598", "X"),
    ]),
    # z49 lawyer
    ("zh", False, [
        ("东西坏了退不了 退款也不给 再不解决我直接找律师起诉", "H:sensitive_intent"),
    ]),
    # z50 VIP, express price
    ("zh", True, [
        ("你好", "S:greeting"),
        ("顺丰次日达要多付多少", "A:shipping-express"),
        ("好的", "S:affirm"),
    ]),
    # z51 VIP, installation
    ("zh", True, [
        ("上周买的那台洗烘一体机 能不能安排师傅上门装一下", "H"),
        ("周末家里有人", "X"),
    ]),
    # z52 VIP, hours then stained coat
    ("zh", True, [
        ("晚上最晚几点还能在这找到你们客服", "A:customer-service-hours"),
        ("刚收到的大衣领口有一块黄渍 想换件新的", "H"),
    ]),

    # ------------------------------------------------------------------ en
    # e01 careful, register
    ("en", False, [
        ("Good morning. I'd like to set up an account so I can order some gardening gloves. Must I use a mobile number, or will an email address do?", "A:account-register"),
        ("Thank you, that's very helpful.", "S:thanks"),
    ]),
    # e02 sloppy, sms code
    ("en", False, [
        ("hey", "S:greeting"),
        ("signing up and the text code just never shows up?? tried like 4 times", "A:account-registration-problems"),
        ("oh ok", "S:affirm"),
        ("can it call me with the code instead", "A:account-registration-problems"),
    ]),
    # e03 student, password
    ("en", False, [
        ("bruh blanked on my password AGAIN, whats the way back into my acct", "A:account-reset-password"),
        ("lol", "S:emoji"),
        ("also how do i change the name that shows on my profile, its still my old gaming tag", "A:account-change-phone"),
        ("and the pic too?", "A:account-change-phone"),
    ]),
    # e05 careful, delete account
    ("en", False, [
        ("Hello.", "S:greeting"),
        ("I'd like to close my account permanently. What happens to the points I've collected?", "A:account-delete"),
        ("I still have a refund being processed. Does that stop me?", "A:account-delete"),
    ]),
    # e06 switch accounts, chat hours
    ("en", False, [
        ("hey", "S:greeting"),
        ("i've got a personal and a work login, can i flip between them without signing out every time", "A:account-switch"),
        ("also if i message here at like 11pm will anyone see it", "A:customer-service-hours"),
    ]),
    # e07 add address
    ("en", False, [
        ("yo", "S:greeting"),
        ("moving into a dorm next week, want to add that as a second address", "A:address-add"),
        ("and make it the one it picks automatically?", "A:address-add"),
        ("cool thx", "S:thanks"),
    ]),
    # e08 edit address
    ("en", False, [
        ("typo in my saved address, it says 14 Elm Rd instead of 41 Elm Rd. how do i correct it", "A:address-edit"),
        ("will that also update the parcel i ordered earlier today?", "A:address-edit,change-order-address"),
    ]),
    # e09 newsletter subscribe
    ("en", False, [
        ("hi!", "S:greeting"),
        ("do you guys send emails when there's a sale? i'd like to be on that list", "A:newsletter-subscribe"),
        ("is there a welcome discount for joining", "A:newsletter-subscribe"),
    ]),
    # e10 clarify -> unsubscribe
    ("en", False, [
        ("quick question about the emails you send", "C"),
        ("they come every single day, i want them to stop", "A:newsletter-unsubscribe"),
        ("will i still hear when my parcels are out for delivery though", "A:newsletter-unsubscribe"),
        ("ok", "S:affirm"),
    ]),
    # e11 elderly, phone + hours + how to buy
    ("en", False, [
        ("Hello, is there a telephone number I could ring? I'm not very comfortable typing.", "A:customer-service-hours"),
        ("And from what hour in the morning is someone there?", "A:customer-service-hours"),
        ("Perhaps you could also tell me how to actually buy something once it is in the basket?", "A:place-order"),
        ("Thank you kindly.", "S:thanks"),
    ]),
    # e12 review + authenticity
    ("en", False, [
        ("these headphones slap fr, where do i leave them a 5 star rating", "A:leave-review"),
        ("can i post a pic with it", "A:leave-review"),
        ("btw are these the official brand ones? the box looks a bit different from the store", "A:product-authenticity"),
    ]),
    # e13 exchange, then delete review
    ("en", False, [
        ("hiya", "S:greeting"),
        ("can i swap this hoodie for the grey one, same size", "A:exchange-item"),
        ("thanks!", "S:thanks"),
        ("Oh and I wrote a review in a hurry last week, it came out harsher than I meant. Can I take it down?", "A:leave-review"),
    ]),
    # e14 invoice how + e-invoice
    ("en", False, [
        ("need an invoice for order 2026112577120934, didn't pick one at checkout", "A:invoice-how"),
        ("and roughly how many working days before i get it", "A:invoice-how"),
        ("and is the pdf version ok for my expense report or do i need a paper one", "A:invoice-electronic"),
    ]),
    # e15 company invoice + title redo
    ("en", False, [
        ("My employer needs the invoice made out to the company. What information do you need from me?", "A:invoice-company"),
        ("The one I got last week has my own name on it. Can that one be redone?", "A:invoice-change-title"),
    ]),
    # e16 clarify -> payment methods, COD, instalments
    ("en", False, [
        ("hello", "S:greeting"),
        ("got a payment thing i need help with", "C"),
        ("would a mastercard issued in britain work on your site", "A:payment-methods"),
        ("can i hand the courier cash at my door instead", "A:payment-cod"),
        ("ngl the laptop is kinda pricey, can i pay it off monthly", "A:payment-installments"),
    ]),
    # e17 double charge (fresh)
    ("en", False, [
        ("pretty sure i got charged 2x for one order, two ¥189 lines on my statement", "A:payment-charged-unpaid"),
        ("when does the duplicate ¥189 get returned to me", "A:payment-charged-unpaid"),
    ]),
    # e18 coupons + payment error
    ("en", False, [
        ("got a voucher from that spin-the-wheel game in the app, where is it saved", "A:coupons-how"),
        ("can i stack it with the shop coupon", "A:coupons-how"),
        ("ok now the payment page just says error and kicks me out, tried twice", "A:payment-failed"),
    ]),
    # e19 coupon not applying + price drop
    ("en", False, [
        ("the 20 off 150 voucher won't apply, my cart is 158", "A:coupons-not-working"),
        ("ahh ok that makes sense", "S:affirm"),
        ("also, bought a kettle on tuesday for 199 and it's 169 now, do i get the difference", "A:price-protection"),
    ]),
    # e20 returns how, window, condition
    ("en", False, [
        ("hi", "S:greeting"),
        ("the desk fan is too loud for me, how do i send it back", "A:returns-how"),
        ("and can i still return the boots i got 10 days ago?", "A:returns-window"),
        ("they were only worn indoors once", "A:returns-condition"),
    ]),
    # e21 return postage, refund timing, refund destination
    ("en", False, [
        ("if i'm sending it back only because the colour's meh, is the postage mine to pay", "A:returns-shipping-cost"),
        ("and once it lands at your warehouse, how many days till i'm refunded", "A:returns-refund-timing"),
        ("i paid with a credit card, does it go back on that", "A:refunds-where"),
    ]),
    # e22 delivery fee + dispatch
    ("en", False, [
        ("hi there", "S:greeting"),
        ("how much is postage on a ¥75 basket", "A:shipping-fees"),
        ("and if i order by 3pm does it leave today", "A:shipping-delivery-time"),
        ("oh wait, i ordered a medium but need a large, it hasn't gone out yet", "A:change-order"),
    ]),
    # e23 international
    ("en", False, [
        ("can i get stuff shipped to my sister in auckland, new zealand", "A:shipping-international"),
        ("and the customs duty over there, is that on her or on you", "A:shipping-international"),
        ("my other sister is in shigatse in tibet, how long would that one take", "A:shipping-remote-areas"),
    ]),
    # e24 tracking + cancel after shipping
    ("en", False, [
        ("order page says shipped, where do i find the courier number", "A:tracking-where"),
        ("honestly i don't even want it anymore, can i still cancel", "A:cancel-after-shipment"),
    ]),
    # e25 cancel before shipping, fee
    ("en", False, [
        ("order 2026120855012347 hasn't shipped yet and i changed my mind, how do i cancel", "A:cancel-before-shipment"),
        ("no fee for that right?", "A:cancellation-fee"),
        ("nope that's everything", "S:deny"),
    ]),
    # e27 warranty
    ("en", False, [
        ("good evening", "S:greeting"),
        ("the hair dryer stopped working after 5 months, is that covered", "A:warranty-repair"),
        ("for the repair, do i ship it over or does someone collect it", "A:warranty-repair"),
        ("bye", "S:goodbye"),
    ]),
    # e28 damaged + missing
    ("en", False, [
        ("one of the wine glasses arrived in pieces, how do i report it", "A:damaged-or-wrong-item"),
        ("also the coasters from the same order aren't in the box", "A:missing-item"),
    ]),
    # e29 user request
    ("en", False, [
        ("can i talk to someone who works there please, a real one", "H:user_requested"),
        ("hello??", "S:are_you_there"),
    ]),
    # e30 chargeback threat
    ("en", False, [
        ("you charged me for something i never ordered. if this isn't fixed today i'm doing a chargeback", "H:sensitive_intent"),
    ]),
    # e31 anger, caps
    ("en", False, [
        ("THREE WEEKS AND STILL NOTHING. WORST SHOP EVER", "H:negative_sentiment"),
    ]),
    # e32 stock tip (out of scope)
    ("en", False, [
        ("hi", "S:greeting"),
        ("unrelated but is now a good time to get into tesla shares", "H:out_of_scope"),
    ]),
    # e33 return how, then repeated failure
    ("en", False, [
        ("how do i return the rug, it doesnt match the room", "A:returns-how"),
        ("there's no after-sales button on that order, i looked. that didn't help, i still can't return it", "H:repeated_failure"),
    ]),
    # e34 locker delivered but empty
    ("en", False, [
        ("tracking says delivered to the parcel locker but i never got a pickup code and the locker is empty", "H"),
        ("ok", "S:affirm"),
    ]),
    # e35 double charge not refunded after a week
    ("en", False, [
        ("was double charged last monday, it's been 8 days and the extra ¥320 still hasn't come back", "H"),
    ]),
    # e36 VIP, ships to macau
    ("en", True, [
        ("hi", "S:greeting"),
        ("can you send orders to an address in macau?", "A:shipping-international"),
        ("thanks", "S:thanks"),
    ]),
    # e37 VIP, missing part
    ("en", True, [
        ("Good afternoon.", "S:greeting"),
        ("The espresso machine I ordered last week arrived without the milk frother. Order 2026120311098842.", "H"),
        ("Please have someone call me on 186 2044 7315.", "X"),
    ]),
    # e38 VIP, bulk logo order
    ("en", True, [
        ("can you do 40 thermoses for our office with our logo printed on them", "H"),
    ]),

    # ------------------------------------------------------------------ mixed
    # m01 password
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("我的 account 登不进去了 password 忘了", "A:account-reset-password"),
        ("thx", "S:thanks"),
    ]),
    # m02 clarify -> refund status
    ("mixed", False, [
        ("refund的事想问下", "C"),
        ("就是想看看现在走到哪一步了", "A:refunds-status"),
    ]),
    # m03 clarify -> order address
    ("mixed", False, [
        ("收货address要改一下", "C"),
        ("订单付了还没发 楼号写错了", "A:change-order-address"),
    ]),
    # m04 payment retry
    ("mixed", False, [
        ("刚才付款 fail 了 订单还在吗 要去哪重新付", "A:payment-failed"),
        ("order status 写着待付款 就是还没付成功的意思吧", "A:order-status-meanings"),
    ]),
    # m05 invoice timing + tax ID
    ("mixed", False, [
        ("你好", "S:greeting"),
        ("invoice一般收货后几天能开出来", "A:invoice-how"),
        ("公司的 tax ID 一定要填吗", "A:invoice-company"),
    ]),
    # m06 new-user coupon
    ("mixed", False, [
        ("new user 的 coupon 去哪个页面拿", "A:coupons-how"),
        ("领了但是 checkout 的时候是灰色的", "A:coupons-not-working"),
        ("另外两个 order 能不能 combine 一起发", "H"),
    ]),
    # m08 review
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("怎么给 seller 写 review 啊 收到两天了", "A:leave-review"),
    ]),
    # m09 newsletter
    ("mixed", False, [
        ("你们的 newsletter 怎么订 想要 discount 信息", "A:newsletter-subscribe"),
        ("谢谢", "S:thanks"),
        ("对了 你们能帮我翻译一段 english email 吗 给老板的", "H:out_of_scope"),
    ]),
    # m10 user request
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("我要 talk to human 不要自动回复", "H:user_requested"),
    ]),
    # m12 wrong item, needed now
    ("mixed", False, [
        ("寄错了 我买的 black 你发的 navy 周五 interview 要穿 能今天补发吗", "H"),
    ]),
    # m13 lost parcel
    ("mixed", False, [
        ("courier 说 package lost 了 让我联系你们 订单号 2026120166340912", "H"),
        ("ok", "S:affirm"),
    ]),
    # m14 VIP e-invoice
    ("mixed", True, [
        ("我那张 e-invoice 开好了吗 去哪里拿", "A:invoice-electronic"),
        ("thanks", "S:thanks"),
    ]),
    # m15 VIP gift wrap
    ("mixed", True, [
        ("这个 order 能不能帮我 gift wrap 一下 再附张卡片", "H"),
    ]),
    # m17 anger
    ("mixed", False, [
        ("你们这 service 太 trash 了 同一个问题我问了三遍", "H:negative_sentiment"),
    ]),
]
