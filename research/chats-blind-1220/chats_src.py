"""Hand-written source of chats.jsonl (blind set 1220). Each chat: (language, vip, [(text, code)]).
Codes: S:<label> small talk; A:<ids> answer with FAQ ids; C clarify; H / H:<reason> first handoff;
X a later non-small-talk turn (after the handoff). build.py shuffles and assigns the ids.
All personal data (order, tracking and phone numbers, names, addresses) is made up."""

# --- lean 1: parcels already on their way that run into trouble -------------------------------
TRANSIT = [
    ("zh", False, [
        ("你好", "S:greeting"),
        ("我那瓶面霜寄香港的 单号SF1302948817265 查了说在海关扣着 四天没动了", "H"),
        ("要不要我这边提供身份证啥的？挺急的", "X"),
    ]),
    ("zh", False, [
        ("喂 在吗", "S:are_you_there"),
        ("快递员打电话说得再给他15块 才给送上六楼 这钱该我出？", "H"),
        ("我下单明明是包邮的啊 他手机号13912345678 姓王", "X"),
        ("人现在就在楼下等着呢", "X"),
    ]),
    ("mixed", False, [
        ("快递小哥说我这是remote area 要再补20块才派送 下单的时候可没收过这笔钱", "H"),
        ("订单2026120188123045 地址宁夏固原原州区", "X"),
        ("谢了", "S:thanks"),
    ]),
    ("en", False, [
        ("tracking hasnt moved since dec 3rd, just says arrived at hangzhou sorting center. order #A55102", "H"),
        ("6 days now. pls chase the courier", "X"),
        ("ok", "S:affirm"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("物流显示包裹退回寄件人了？？我又没拒收 也没人给我打过电话", "H"),
        ("订单号2026112745560193 收件人李婷 15820037716 麻烦重新发一次", "X"),
    ]),
    ("zh", False, [
        ("亲 你好", "S:greeting"),
        ("寄喀什的 12天了 物流一直停在乌鲁木齐分拨中心", "H"),
        ("你们那边能不能帮忙催催 😭", "X"),
        ("买的年货啊 再不到都过完年了", "X"),
    ]),
    ("zh", False, [
        ("您好", "S:greeting"),
        ("发日喀则的那单 今天第6天了还在路上 正常不", "A:shipping-remote-areas"),
        ("哦哦 那再等两天看看", "S:affirm"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("sent a gift to my sister in melbourne and tracking now says returned, address unknown?? the address is right", "H"),
        ("its 14 Ormond St, Carlton VIC 3053. can it be sent again", "X"),
    ]),
    ("mixed", False, [
        ("寄台湾的包裹 海关通知说要补缴税 这个是我出还是你们出", "A:shipping-international"),
        ("ok 那我去交就是了", "S:affirm"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("do i have to pay import tax on stuff shipped to malaysia", "A:shipping-international"),
        ("its not tax tho. courier in penang wants RM45 'remote delivery fee' in cash and i already paid you for shipping", "H"),
        ("so do i pay him or not??", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("显示已经签收了 可我根本没拿到 问了门卫 快递柜也翻了一遍", "H"),
        ("单号YT7720391845226", "X"),
        ("明天就要用的 抓紧好吗", "X"),
    ]),
    ("en", True, [
        ("marked delivered at 6pm yesterday, nothing at my door, checked the lockers and the front desk", "H"),
        ("order 2026120530021187. i need this sorted today", "X"),
        ("and i want to know who actually signed for it", "X"),
    ]),
    ("zh", False, [
        ("包裹在驿站躺了五天 今天去拿 驿站说找不到我的件", "H"),
        ("取件码8-3-2071 手机尾号4417", "X"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("东西已经发出来了 才发现地址填成老家的了", "A:change-order-address"),
        ("那麻烦帮我改到 杭州市西湖区文三路90号 电话13700571234", "H"),
        ("谢谢啊", "S:thanks"),
    ]),
    ("mixed", True, [
        ("Hi", "S:greeting"),
        ("寄去dubai的那单 清关卡了一周了 海关说要commercial invoice", "H"),
        ("我这边急着给客户 请尽快", "X"),
    ]),
    ("en", False, [
        ("order shipped yesterday but i cant see any tracking yet", "A:tracking-where"),
        ("ah ok ill wait a few hours then", "S:affirm"),
    ]),
    ("zh", False, [
        ("我的快递到底到哪了 订单2026120723310058", "A:tracking-where"),
        ("物流页面我看了啊 就一直显示已揽收 都五天了 你这说了等于没说", "H:repeated_failure"),
        ("找个人帮我查一下", "X"),
    ]),
    ("mixed", False, [
        ("我的包裹tracking显示return to sender了 说是海关clearance没过", "H"),
        ("能重新寄一次吗 地址没变 还是温哥华那个", "X"),
    ]),
    ("en", False, [
        ("how long does shipping to chongqing normally take", "A:shipping-delivery-time"),
        ("not helpful. i ordered 8 days ago and its still not in chongqing, so where is it", "H"),
    ]),
]

# --- lean 2: before buying: where the shop delivers, how long, how much --------------------------
PRESALE_SHIP = [
    ("zh", False, [
        ("亲", "S:greeting"),
        ("你们能发乌鲁木齐吗 大概几天能到", "A:shipping-remote-areas,shipping-delivery-time"),
        ("要额外加钱不", "A:shipping-remote-areas"),
        ("谢啦", "S:thanks"),
    ]),
    ("en", False, [
        ("fa huo dao lasa ma", "A:shipping-remote-areas"),
        ("duo jiu dao", "A:shipping-remote-areas,shipping-delivery-time"),
        ("xie xie", "S:thanks"),
    ]),
    ("en", False, [
        ("hey there", "S:greeting"),
        ("do u ship to hong kong? how long roughly", "A:shipping-international"),
        ("and the fee?", "A:shipping-international"),
        ("ok cool", "S:affirm"),
    ]),
    ("zh", False, [
        ("在吗在吗", "S:are_you_there"),
        ("我在澳门氹仔 能在这下单吗 邮费大概多少", "A:shipping-international"),
        ("那要走几天", "A:shipping-international"),
        ("好的👌", "S:affirm"),
    ]),
    ("en", False, [
        ("hello", "S:greeting"),
        ("does your shop send parcels to kuala lumpur at all", "A:shipping-international"),
        ("ok ill go put my address in and see", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("我在湖南邵阳下面一个县城 快递一般几天到", "A:shipping-delivery-time"),
        ("县城也能满99包邮吗", "A:shipping-fees"),
        ("好嘞", "S:affirm"),
    ]),
    ("mixed", False, [
        ("寄Chengdu高新区的 今天上午下单 明天能到吗", "A:shipping-delivery-time,shipping-express"),
        ("加钱走SF可以吧 加多少", "A:shipping-express"),
        ("ok", "S:affirm"),
    ]),
    ("en", False, [
        ("how much is delivery to xining? cart total is ¥120", "A:shipping-remote-areas,shipping-fees"),
        ("hm ok", "S:affirm"),
    ]),
    ("zh", False, [
        ("哈喽", "S:greeting"),
        ("内蒙古呼伦贝尔那边包邮吗", "A:shipping-remote-areas,shipping-fees"),
        ("那到海拉尔区要几天", "A:shipping-remote-areas,shipping-delivery-time"),
    ]),
    ("zh", False, [
        ("你好 请问一下", "S:greeting"),
        ("在日本读书 能直接寄到东京吗", "A:shipping-international"),
        ("关税是我这边交吗", "A:shipping-international"),
        ("明白了", "S:affirm"),
    ]),
    ("en", False, [
        ("im in pudong, if i pay a bit more can it arrive tmr", "A:shipping-express"),
        ("what time do i need to order by", "A:shipping-express"),
        ("👍", "S:emoji"),
    ]),
    ("mixed", False, [
        ("Taipei 可以送吗 大概要多久", "A:shipping-international"),
        ("运费呢 要另外算吗", "A:shipping-international"),
        ("3q", "S:thanks"),
    ]),
    ("mixed", False, [
        ("哈喽", "S:greeting"),
        ("寄shenzhen龙华 几天能到", "A:shipping-delivery-time"),
        ("nice", "S:affirm"),
    ]),
    ("mixed", False, [
        ("xizang ali地区能寄吗 运费多少", "A:shipping-remote-areas"),
        ("那算了吧", "S:deny"),
    ]),
    ("en", False, [
        ("whats shipping on a 45 yuan order to nanjing", "A:shipping-fees"),
        ("ok ill add something to get over 99", "S:affirm"),
    ]),
    ("zh", False, [
        ("云南怒江贡山县 能送吗 算不算偏远", "A:shipping-remote-areas,shipping-delivery-time"),
        ("好的知道了", "S:affirm"),
    ]),
    ("en", True, [
        ("good morning", "S:greeting"),
        ("how much extra to go SF and get it next day in guangzhou", "A:shipping-express"),
        ("great thx", "S:thanks"),
    ]),
]

# --- lean 3: the price changed after the purchase --------------------------------------------------
PRICE = [
    ("zh", False, [
        ("在么", "S:are_you_there"),
        ("吹风机前天入手的 今天一看少了40块 这差价给补吗", "A:price-protection"),
        ("好 我去申请", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好呀", "S:greeting"),
        ("昨天下的单今天就降价了 气人", "A:price-protection"),
        ("可我是整点抢购抢到的 这种算不算", "A:price-protection"),
        ("行吧", "S:affirm"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("grabbed the serum in your livestream for 199, now the normal page says 169. do i get the 30 back?", "A:price-protection"),
        ("meh ok", "S:affirm"),
    ]),
    ("mixed", False, [
        ("我用新人专属coupon买的 现在页面价比我付的还低 能保价吗", "A:price-protection"),
        ("那以后正常价买的话 几天之内降价才给补", "A:price-protection"),
        ("ok 了解", "S:affirm"),
    ]),
    ("zh", False, [
        ("预售付了定金的那个 现在现货价比预售价还便宜 差价补不补", "A:price-protection"),
        ("那我不想要了 定金退不退", "A:cancellation-fee"),
        ("行 知道了", "S:affirm"),
    ]),
    ("en", False, [
        ("bought it 10 days ago, today its 30% off. any chance of getting some back?", "A:price-protection"),
        ("ok fair enough", "S:affirm"),
    ]),
    ("zh", False, [
        ("价保申请被驳回了 理由写的活动价 可我买的时候明明是日常价 订单2026112288410376", "H"),
        ("[图片] 这是我下单时候的截图", "X"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("my friend paid 50 less for the same kettle today with a store coupon, i paid full price on monday", "A:price-protection"),
        ("so can i or not lol", "A:price-protection"),
        ("ok doing it now", "S:affirm"),
    ]),
    ("zh", True, [
        ("我是你们老会员了 上周四买的空气炸锅 这周降了80 能补吗", "A:price-protection"),
        ("好的 我去点", "S:affirm"),
    ]),
    ("en", False, [
        ("price dropped 3 days after i paid, where in the app do i ask for the gap back", "A:price-protection"),
        ("theres no price protection button anywhere on that order. so how do i get the 60 back", "H:repeated_failure"),
    ]),
    ("mixed", False, [
        ("双11 presale付的尾款 今天直接降到比我低60 能价保吗", "A:price-protection"),
        ("emmm 好吧", "S:affirm"),
    ]),
]

# --- the rest, spread over the whole knowledge base, and the handoff kinds ------------------------
REST = [
    ("en", False, [
        ("how do i send back the boots? they pinch", "A:returns-how"),
        ("and is it free to post back or is that on me", "A:returns-shipping-cost"),
        ("cool ty", "S:thanks"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("收货到今天第九天 无理由退货还来得及不", "A:returns-window"),
        ("那要是质量有问题呢", "A:returns-window"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("您好", "S:greeting"),
        ("耳机就试戴了一下 盒子拆了 还能退吗", "A:returns-condition"),
        ("那要是有杂音呢 算质量问题吧 最多几天内能退", "A:returns-window"),
    ]),
    ("mixed", False, [
        ("就是不喜欢这个color 没买运费险 退的话邮费我自己出吗", "A:returns-shipping-cost"),
        ("等下 我好像下单时带了运费险 那钱怎么赔", "A:returns-shipping-cost"),
        ("ok 👌", "S:affirm"),
    ]),
    ("en", False, [
        ("your warehouse signed for my return on monday, when does my money come back", "A:returns-refund-timing,refunds-how-long"),
        ("k", "S:affirm"),
    ]),
    ("zh", False, [
        ("鞋38码挤脚 想换39 咋弄", "A:exchange-item"),
        ("换的那双是马上寄还是等我寄回去", "A:exchange-item"),
        ("谢谢～", "S:thanks"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("they approved my refund a few hours ago. its going back to a china merchants credit card, how long roughly", "A:refunds-how-long"),
        ("thanks a lot", "S:thanks"),
    ]),
    ("zh", False, [
        ("在不", "S:are_you_there"),
        ("当初走的花呗 现在退款了 钱是回花呗还是回我余额", "A:refunds-where"),
        ("那我用掉的那张满减券呢", "A:refunds-where,coupons-not-working"),
    ]),
    ("zh", False, [
        ("一单买了三件 退了一件 只退给我89 标价明明109", "A:refunds-partial"),
        ("懂了", "S:affirm"),
    ]),
    ("en", False, [
        ("hi there", "S:greeting"),
        ("how can i see where my refund is up to", "A:refunds-status"),
    ]),
    ("zh", False, [
        ("订单状态卡在待发货 这是我没付款成功的意思？", "A:order-status-meanings"),
        ("哦 那正常付完款隔多久发出", "A:shipping-delivery-time"),
        ("好", "S:affirm"),
    ]),
    ("en", False, [
        ("new here. whats the way to pay for what's in my basket", "A:place-order"),
        ("thx", "S:thanks"),
    ]),
    ("zh", False, [
        ("刚拍的 还没发货 我想撤单", "A:cancel-before-shipment"),
        ("钱是原路退吧", "A:cancel-before-shipment,refunds-where"),
        ("嗯嗯 这就去", "S:affirm"),
    ]),
    ("en", False, [
        ("it already left your warehouse but i found it cheaper somewhere else, can i still cancel", "A:cancel-after-shipment"),
        ("ok ill refuse it then", "S:affirm"),
    ]),
    ("mixed", False, [
        ("hey", "S:greeting"),
        ("if i cancel now 会扣钱吗", "A:cancellation-fee"),
        ("那退款几天能回到卡上", "A:cancel-before-shipment,refunds-how-long"),
    ]),
    ("zh", False, [
        ("哈喽", "S:greeting"),
        ("付完款发现数量拍成2了 我只要1个 能改不", "A:change-order"),
        ("那我取消了重拍 取消要扣手续费不", "A:cancellation-fee"),
    ]),
    ("en", False, [
        ("put block 7 instead of block 9 in the order address, its still not dispatched", "A:change-order-address"),
        ("ok going to fix it now", "S:affirm"),
    ]),
    ("zh", False, [
        ("下单的时候没勾发票 现在还能开吗", "A:invoice-how"),
        ("一般开好要等多久", "A:invoice-how"),
        ("好的", "S:affirm"),
    ]),
    ("mixed", False, [
        ("公司要报销 需要开VAT专票 要给你们什么资料", "A:invoice-company"),
        ("专票你们是邮寄纸质版 还是给电子版", "A:invoice-company"),
    ]),
    ("en", False, [
        ("is your e-fapiao fine for reimbursement at my company", "A:invoice-electronic"),
        ("and where do i download it", "A:invoice-electronic"),
        ("ty", "S:thanks"),
    ]),
    ("zh", False, [
        ("发票抬头少写了个字 能重新开一张吗", "A:invoice-change-title"),
        ("那原先那张还要寄回给你们吗", "A:invoice-change-title"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("my card is a german mastercard, will checkout accept it", "A:payment-methods"),
        ("perfect", "S:affirm"),
    ]),
    ("zh", False, [
        ("我在东莞 能货到付款不", "A:payment-cod"),
        ("三千多的电脑也能到付吗", "A:payment-cod"),
    ]),
    ("mixed", False, [
        ("这个手机能花呗分12期吗 有没有interest", "A:payment-installments"),
        ("那12期下来总共多付多少", "A:payment-installments"),
    ]),
    ("zh", False, [
        ("付了三次都说支付失败 余额明明够", "A:payment-failed"),
        ("好 我换张卡试试", "S:affirm"),
    ]),
    ("en", False, [
        ("¥258 already gone from my card and the order is sitting there unpaid??", "A:payment-charged-unpaid"),
        ("ok ill give it half an hour", "S:affirm"),
    ]),
    ("zh", False, [
        ("领了两张券 一张店铺的一张平台的 一单能一起抵吗", "A:coupons-how"),
        ("领到的券去哪找", "A:coupons-how"),
    ]),
    ("en", False, [
        ("coupon is greyed out at checkout and my cart is 105 after the discount", "A:coupons-not-working"),
        ("also another code says expired, can u send me a fresh one", "A:coupons-not-working"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("没账号 拿apple id一键开通行不行", "A:account-register"),
        ("之后还要绑手机号吗", "A:account-register"),
    ]),
    ("zh", False, [
        ("注册的验证码等了五分钟还没来", "A:account-registration-problems"),
        ("拦截里也看了 没有 语音的也没打过来 你说的都试过了", "H:repeated_failure"),
        ("手机号18655302291", "X"),
    ]),
    ("mixed", False, [
        ("登录的password死活想不起来", "A:account-reset-password"),
        ("thx", "S:thanks"),
    ]),
    ("zh", False, [
        ("旧号码停机了 怎么绑新手机", "A:account-change-phone"),
        ("身份验证那步要准备啥", "A:account-change-phone"),
    ]),
    ("en", False, [
        ("want my account gone for good, how", "A:account-delete"),
        ("and do my points survive", "A:account-delete"),
    ]),
    ("zh", False, [
        ("我和我老婆的号 能在一个手机上切换着用吗", "A:account-switch"),
        ("那两边的积分能合在一个号上吗", "A:account-switch"),
    ]),
    ("zh", False, [
        ("想再加个公司的地址 怎么弄", "A:address-add"),
        ("顺便设成默认的", "A:address-add"),
    ]),
    ("zh", False, [
        ("地址簿里那个以前租房的地址想删掉", "A:address-edit"),
        ("删了以后 之前用那个地址下的单会受影响不", "A:address-edit"),
    ]),
    ("mixed", False, [
        ("hi!", "S:greeting"),
        ("订阅promo邮件有券拿吗", "A:newsletter-subscribe"),
    ]),
    ("zh", False, [
        ("天天短信轰炸 咋关", "A:newsletter-unsubscribe"),
        ("物流短信还会发吧", "A:newsletter-unsubscribe"),
    ]),
    ("zh", True, [
        ("亲", "S:greeting"),
        ("春节期间客服上班不", "A:customer-service-hours"),
        ("热线电话从哪找", "A:customer-service-hours"),
    ]),
    ("zh", False, [
        ("吹风机用了四个月 直接不转了 在保修里吗", "A:warranty-repair"),
        ("修的话得我自己打包寄吗", "A:warranty-repair"),
    ]),
    ("zh", False, [
        ("收到的盘子碎了两个 怎么处理", "A:damaged-or-wrong-item"),
        ("[图片] 我拍了照片 你们直接给我补发吧", "H"),
        ("订单2026120890012276", "X"),
    ]),
    ("en", False, [
        ("ordered 3 things, the box only had 2", "A:missing-item"),
        ("order page shows just one tracking number", "A:missing-item"),
        ("ok ill report it there", "S:affirm"),
    ]),
    ("zh", False, [
        ("这个精华是正品吗 有防伪码吗", "A:product-authenticity"),
        ("要是收到发现是高仿 你们怎么赔", "A:product-authenticity"),
    ]),
    ("mixed", False, [
        ("hiya", "S:greeting"),
        ("review写完了 能后面再补图吗", "A:leave-review"),
    ]),
    # handoff kinds
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("给我接个活人 不要机器回", "H:user_requested"),
        ("订单2026120112345678 退款的事", "X"),
    ]),
    ("en", False, [
        ("hello?", "S:are_you_there"),
        ("i want to speak to an actual person pls", "H:user_requested"),
    ]),
    ("zh", False, [
        ("今天还没人管的话 我直接去12315告你们", "H:sensitive_intent"),
        ("退款申请二十天了 订单2026111002345566", "X"),
    ]),
    ("en", False, [
        ("im doing a chargeback with my bank, you've ignored me for a week", "H:sensitive_intent"),
        ("order 2026110877651230 if anyone cares", "X"),
    ]),
    ("en", False, [
        ("WHAT IS WRONG WITH YOU PEOPLE. THREE WEEKS AND NOTHING", "H:negative_sentiment"),
        ("ORDER 2026111723340091. WHERE. IS. IT", "X"),
    ]),
    ("zh", False, [
        ("你们这破店 服务烂透了", "H:negative_sentiment"),
        ("垃圾", "X"),
    ]),
    ("zh", False, [
        ("明天杭州下雨不", "H:out_of_scope"),
        ("哈哈哈", "S:emoji"),
    ]),
    ("zh", False, [
        ("帮我写篇供应链的课程论文呗 两千字就行", "H:out_of_scope"),
    ]),
    # clarify
    ("zh", False, [
        ("想改个收货地方", "C"),
        ("就是刚付完款那单 仓库还没发", "A:change-order-address"),
        ("谢谢", "S:thanks"),
    ]),
    ("en", False, [
        ("refund stuff, got a q", "C"),
        ("what's the wait before alipay shows it", "A:refunds-how-long"),
    ]),
    ("mixed", False, [
        ("开invoice有个事儿想问", "C"),
        ("要公司抬头的", "A:invoice-company"),
    ]),
    ("en", False, [
        ("quick one re shipping", "C"),
        ("what do i pay for delivery if my basket's only ¥50", "A:shipping-fees"),
        ("and to tibet?", "A:shipping-remote-areas"),
    ]),
    # VIP
    ("zh", True, [
        ("你好", "S:greeting"),
        ("上个月买的洗碗机 需要上门安装 能安排吗", "H"),
        ("这周六早上我都在家 可以上门", "X"),
        ("电话13588201947 姓陈", "X"),
    ]),
    ("zh", False, [
        ("你是机器人吧", "S:bot_identity"),
        ("那你知道退货寄到哪吗", "A:returns-how"),
        ("谢谢小助手", "S:thanks"),
    ]),
]

CHATS = TRANSIT + PRESALE_SHIP + PRICE + REST
