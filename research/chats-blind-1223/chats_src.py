"""chats-blind-1223, typed source. Each chat: (language, vip, [(text, code), ...]).

Codes: S:<label> small talk; A:<ids> answer with its FAQ ids; C clarify; H / H:<reason> the first
handoff; X a later non-small-talk turn (after a handoff). Small talk after a handoff is written
S:<label>; build.py turns it into handoff / handoff_active and keeps the label.

LEAN_* hold the lean: after-sales how-to questions in the customer's own words (returns, return
postage, exchanges, invoices after the fact, address changes, price protection, coupons,
payment) and their look-alikes that need a person. OTHER_* spread over the whole kb.
All personal data is made up.
"""

ZH, EN, MX = "zh", "en", "mixed"

# ---------------------------------------------------------------- lean, Chinese
LEAN_ZH = [
    (ZH, False, [
        ("在吗", "S:are_you_there"),
        ("上周五签收的连衣裙 今天周四 吊牌都在 一次没穿 还能退不", "A:returns-window"),
        ("那我今天就申请 申请完东西寄到哪", "A:returns-how"),
        ("谢啦", "S:thanks"),
    ]),
    (ZH, False, [
        ("亲", "S:greeting"),
        ("鞋子在家试穿了下 就在木地板上走了两圈 鞋底干干净净的 这种还算能无理由退吗", "A:returns-condition"),
        ("那寄回去的快递费得我自己掏是吧", "A:returns-shipping-cost"),
        ("行吧", "S:affirm"),
    ]),
    (ZH, False, [
        ("我申请的退货被商家驳回了 说影响二次销售 我连包装袋都没拆啊", "H"),
        ("单号2026111809342211 你们查查", "X"),
        ("？？？有人吗", "S:are_you_there"),
    ]),
    (ZH, False, [
        ("你好", "S:greeting"),
        ("退货寄回去了 物流显示你们仓库11月20号就签收了 这都快三个礼拜了 钱一分没见着", "H"),
        ("再这么拖着 我直接找市场监管局", "X"),
    ]),
    (ZH, False, [
        ("你好", "S:greeting"),
        ("去年双十一买的电饭煲 当时没要发票 现在单位让报销 还能补开不", "A:invoice-how"),
        ("哦哦 知道了", "S:affirm"),
    ]),
    (ZH, False, [
        ("发票抬头开成我个人名字了 其实要的是公司的 税号我这有 能改过来吗", "A:invoice-change-title,invoice-company"),
        ("开票是前天 应该来得及吧", "A:invoice-change-title"),
        ("谢谢", "S:thanks"),
    ]),
    (ZH, False, [
        ("发票上的金额比我实际付的多了运费那8块 财务死活不收 得给我重新开张对的 还要盖章的纸质版", "H"),
        ("多久能弄好 月底前要交", "X"),
        ("谢谢", "S:thanks"),
    ]),
    (ZH, False, [
        ("刚下的单 地址写成我妈家了 还没发货 能换成我自己那儿不", "A:change-order-address"),
        ("这个地址是不是改过一回就不能再改了", "A:change-order-address"),
        ("嗯 看到了", "S:affirm"),
        ("拜拜", "S:goodbye"),
    ]),
    (ZH, False, [
        ("前天在订单详情里把地址改了 今天快递还是送到老地址 人家都签收了 这算谁的", "H"),
        ("我要找你们管事的", "X"),
        ("快点 东西挺贵的", "X"),
    ]),
    (ZH, False, [
        ("昨天刚买的空气炸锅 今天一看便宜了80 能把差价补给我吗", "A:price-protection"),
        ("在哪申请", "A:price-protection"),
        ("谢了", "S:thanks"),
    ]),
    (ZH, False, [
        ("直播间抢的面霜 第二天商品页反而更便宜了 这种也能保价不", "A:price-protection"),
        ("那秒杀的呢", "A:price-protection"),
        ("😓", "S:emoji"),
    ]),
    (ZH, False, [
        ("我点了价格保护 提示不符合条件 我明明5天前买的 同一个链接降了60 凭啥不给", "H"),
        ("订单号2026112200871653 你们帮我看下", "X"),
    ]),
    (ZH, False, [
        ("满300减40的券 购物车里310 结算的时候死活用不上 咋回事", "A:coupons-not-working"),
        ("那是不是我再凑点别的就能用了", "A:coupons-not-working"),
        ("懂了懂了", "S:affirm"),
    ]),
    (ZH, False, [
        ("在吗", "S:are_you_there"),
        ("上个月28号被扣了两次款 当时说会自动退 到现在都没退回来", "H"),
        ("[图片] 这是支付记录", "X"),
    ]),
    (ZH, False, [
        ("这条裤子版型不适合我 想退 订单里翻了半天没找到入口", "A:returns-how"),
        ("找到了 提交完之后我要干嘛", "A:returns-how"),
        ("好嘞", "S:affirm"),
    ]),
    (ZH, True, [
        ("你好", "S:greeting"),
        ("我这单买了运费险 退货的话运费是自动赔吗", "A:returns-shipping-cost"),
        ("好的", "S:affirm"),
    ]),
    (ZH, True, [
        ("退回去的包 仓库说有划痕不给退 我寄出去的时候明明好好的", "H"),
        ("我在你们家买了好几年了 给个说法", "X"),
    ]),
    (ZH, False, [
        ("退个货这么费劲 你们这破店 客服跟死人一样 一问三不知", "H:negative_sentiment"),
        ("就会让人干等", "X"),
    ]),
    (ZH, False, [
        ("衣服洗过一次 没缩水也没掉色 就是上身不好看 还能退吗", "A:returns-condition"),
        ("那要是洗完开线了呢 算质量问题吧 收到第九天", "A:returns-window"),
        ("谢谢", "S:thanks"),
    ]),
    (ZH, False, [
        ("你好 打扰下", "S:greeting"),
        ("外包装盒被我拆了扔掉了 东西没用过 这样还收吗", "A:returns-condition"),
        ("唉 好吧", "S:affirm"),
    ]),
    (ZH, False, [
        ("退钱的事想问下", "C"),
        ("我是花呗付的 退会退到哪", "A:refunds-where"),
        ("谢谢", "S:thanks"),
    ]),
    (ZH, False, [
        ("在吗", "S:are_you_there"),
        ("收到的台灯是坏的 要退 邮费谁出", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("我已经自己寄了 花了15块 这个钱咋报", "A:returns-shipping-cost"),
    ]),
]

# ---------------------------------------------------------------- lean, English
LEAN_EN = [
    (EN, False, [
        ("hi", "S:greeting"),
        ("got my sneakers on the 3rd and today's the 12th. never worn, box still sealed. can i still send them back?", "A:returns-window"),
        ("damn ok", "S:affirm"),
    ]),
    (EN, False, [
        ("tried the jeans on once at home, tags still attached. are they still returnable", "A:returns-condition"),
        ("if i send them back is the courier fee on me", "A:returns-shipping-cost"),
        ("cool thanks", "S:thanks"),
    ]),
    (EN, False, [
        ("hiya", "S:greeting"),
        ("blender showed up with a cracked jug. if i send it back am i paying shipping on top??", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("ok and how long have i got to report it", "A:damaged-or-wrong-item"),
    ]),
    (EN, False, [
        ("seller keeps rejecting my return saying its 'used'. i only opened the box to check it was the right model", "H"),
        ("unbelievable, i checked it and put it straight back in the box", "X"),
        ("hello??? anyone", "S:are_you_there"),
    ]),
    (EN, False, [
        ("hi", "S:greeting"),
        ("dropped my return at the courier on monday. once you guys have it how many days till the cash is back on my alipay", "A:returns-refund-timing"),
        ("ok ta", "S:thanks"),
    ]),
    (EN, False, [
        ("forgot to tick the invoice box at checkout and my company needs one for expenses. can i still get it??", "A:invoice-how,invoice-company"),
        ("order was completed about 2 weeks ago", "A:invoice-how"),
        ("thanks!", "S:thanks"),
    ]),
    (EN, False, [
        ("hello", "S:greeting"),
        ("where do i download the e-invoice pdf? accounting wants it emailed over", "A:invoice-electronic"),
        ("and they'll accept an electronic one for reimbursement? they keep asking for paper", "A:invoice-electronic"),
    ]),
    (EN, False, [
        ("my company name is misspelled on the invoice, 'Tecnology' instead of 'Technology'. how do i get it fixed", "A:invoice-change-title"),
        ("it was issued like 3 days ago, still ok?", "A:invoice-change-title"),
    ]),
    (EN, False, [
        ("the invoice you sent has the wrong amount and no company seal. finance rejected it, i need a proper one reissued asap", "H"),
        ("who do i even talk to about this", "X"),
    ]),
    (EN, False, [
        ("need help w my address", "C"),
        ("for an order from like an hour back, still not dispatched", "A:change-order-address"),
        ("found it, thx", "S:thanks"),
    ]),
    (EN, False, [
        ("someone used my coupon?? it shows as used on an order i never made", "H"),
        ("i never shared my login with anyone", "X"),
    ]),
    (EN, False, [
        ("hi", "S:greeting"),
        ("just got charged twice for order 88213097, same amount both times", "A:payment-charged-unpaid"),
        ("ok", "S:affirm"),
    ]),
    (EN, False, [
        ("trainers came up tiny, want them in a 42 instead, whats the process", "A:exchange-item"),
        ("did that, theres no exchange option on the order at all, only refund. so no", "H:repeated_failure"),
    ]),
    (EN, False, [
        ("i want a human. not the bot. my refund has been stuck for 2 weeks", "H:user_requested"),
        ("hello??", "S:are_you_there"),
    ]),
    (EN, False, [
        ("do you take apple pay", "A:payment-methods"),
        ("and visa?", "A:payment-methods"),
    ]),
    (EN, True, [
        ("hey", "S:greeting"),
        ("quick q, how long after it arrives can i still send stuff back", "A:returns-window"),
        ("thanks", "S:thanks"),
    ]),
    (EN, True, [
        ("my return was supposed to be picked up 10 days ago and the app still says awaiting pickup. nobody came", "H"),
        ("order 77120943, i need this sorted today", "X"),
    ]),
]

# ---------------------------------------------------------------- lean, mixed
LEAN_MIXED = [
    (MX, False, [
        ("你好", "S:greeting"),
        ("我的order签收4天了 衣服试穿了一下不太合身 tag还在 能退吗", "A:returns-window,returns-condition"),
        ("那return运费谁付", "A:returns-shipping-cost"),
        ("ok thx", "S:thanks"),
    ]),
    (MX, False, [
        ("hi", "S:greeting"),
        ("invoice下单时候忘开了 公司reimbursement要用 现在怎么补", "A:invoice-how"),
        ("要开公司抬头 得给你们啥info", "A:invoice-company"),
    ]),
    (MX, False, [
        ("在吗", "S:are_you_there"),
        ("单子今天早上已经shipped了 可我下周出差不在家 地址能改成公司吗", "A:change-order-address"),
        ("ok 明白", "S:affirm"),
    ]),
    (MX, False, [
        ("refund显示成功了 可我招行卡等了十几天都没到账", "H"),
        ("order号 2026110522987731", "X"),
        ("已经过了7个working day了", "X"),
    ]),
    (MX, False, [
        ("price drop了!! 我三天前买的 能refund差价吗", "A:price-protection"),
        ("在哪申请 order页面里吗", "A:price-protection"),
        ("thx", "S:thanks"),
    ]),
    (MX, False, [
        ("hi", "S:greeting"),
        ("手机壳结算的时候那张coupon灰掉了 点不了 是不是这类东西不能用", "A:coupons-not-working"),
        ("ok", "S:affirm"),
    ]),
    (MX, False, [
        ("想exchange一下 黑色换白色 同一款", "A:exchange-item"),
        ("那换的那件 是我寄回去你们收到了才发出来吗", "A:exchange-item"),
        ("thx", "S:thanks"),
    ]),
    (MX, False, [
        ("seller拒绝了我的return 说超时了 我明明第6天就提交了", "H"),
        ("你让个真人来跟我说", "X"),
        ("hello??", "S:are_you_there"),
    ]),
    (MX, False, [
        ("about my 发票", "C"),
        ("要electronic的 在哪下载", "A:invoice-electronic"),
        ("thanks", "S:thanks"),
    ]),
]

LEAN = LEAN_ZH + LEAN_EN + LEAN_MIXED

# ---------------------------------------------------------------- other, Chinese
OTHER_ZH = [
    (ZH, False, [
        ("在吗", "S:are_you_there"),
        ("今天下午两点拍的 寄杭州 明天能到不", "A:shipping-delivery-time"),
        ("好的", "S:affirm"),
    ]),
    (ZH, False, [
        ("你好", "S:greeting"),
        ("寄乌鲁木齐要另外加钱吗 听说那边不包邮", "A:shipping-remote-areas"),
        ("那一般多久到手", "A:shipping-remote-areas"),
    ]),
    (ZH, False, [
        ("亲", "S:greeting"),
        ("周六前一定要到 急用 能给我走顺丰不", "A:shipping-express"),
        ("得加多少", "A:shipping-express"),
        ("嗯嗯", "S:affirm"),
    ]),
    (ZH, False, [
        ("快递在转运中心三天没动了 能帮我催一下吗", "H"),
        ("单号 SF1402938847", "X"),
        ("快递员电话也打不通", "X"),
    ]),
    (ZH, False, [
        ("亲", "S:greeting"),
        ("订单一直是待发货 是不是说明钱已经付成功了", "A:order-status-meanings"),
        ("那待付款又是啥意思 我还有一单写着这个", "A:order-status-meanings"),
    ]),
    (ZH, False, [
        ("显示已签收 可我家门口啥都没有 问了邻居也说没见着", "H"),
        ("订单号2026120312093487", "X"),
        ("谢谢", "S:thanks"),
    ]),
    (ZH, False, [
        ("你好", "S:greeting"),
        ("第一次在你们这买 东西选好了然后咋付钱", "A:place-order"),
        ("优惠券是自动用上的吗 还是要我自己选", "A:coupons-how"),
    ]),
    (ZH, False, [
        ("下单半小时了还没发货 不想要了 在哪取消", "A:cancel-before-shipment"),
        ("这样撤单的话 你们收手续费不", "A:cancellation-fee"),
        ("谢谢", "S:thanks"),
    ]),
    (ZH, False, [
        ("预售的定金交了 现在不想要了 定金还能退不", "A:cancellation-fee"),
        ("可是商家自己延迟发货了啊 都过了说好的日子了", "A:cancellation-fee"),
        ("没了", "S:deny"),
    ]),
    (ZH, False, [
        ("昨晚下的单 早上就显示已发货了 可我在别家看到更便宜的 这单还能撤吗", "A:cancel-after-shipment"),
        ("意思是快递来了我不签 让他原样拉回去就行？", "A:cancel-after-shipment"),
    ]),
    (ZH, False, [
        ("付完款才发现颜色选错了 要灰色的 还没发货 能改吗", "A:change-order"),
        ("那要是仓库已经打包了呢", "A:change-order"),
    ]),
    (ZH, False, [
        ("验证码一直收不到 点了好几次了", "A:account-registration-problems"),
        ("等了一分钟又点 还换了语音的 还是没有 你这办法不行啊", "H:repeated_failure"),
    ]),
    (ZH, False, [
        ("你好 问一下", "S:greeting"),
        ("账号绑的那个老号码已经注销了 现在想绑新号 怎么操作", "A:account-change-phone"),
        ("旧号的验证码我肯定收不到了啊", "A:account-change-phone"),
    ]),
    (ZH, False, [
        ("地址簿里那个公司地址楼层写成15楼了 其实是16楼 在哪改", "A:address-edit"),
        ("改完以后 我昨天下的那单会跟着变吗", "A:address-edit"),
    ]),
    (ZH, False, [
        ("吹风机用了四个月 现在只吹冷风了 能保修吗", "A:warranty-repair"),
        ("好的", "S:affirm"),
    ]),
    (ZH, False, [
        ("收到的玻璃杯碎了俩 咋处理", "A:damaged-or-wrong-item"),
        ("[图片] [图片] 碎成这样 杯口都裂了 赶紧给个处理方案", "H"),
        ("都两天了还没人回我", "X"),
    ]),
    (ZH, False, [
        ("帮我写首生日诗 给我女朋友的 要浪漫点", "H:out_of_scope"),
        ("你们不是客服吗 这都不会", "X"),
    ]),
    (ZH, False, [
        ("在吗", "S:are_you_there"),
        ("后天去北京出差 那边天气咋样 要带伞不", "H:out_of_scope"),
    ]),
    (ZH, False, [
        ("你们就是卖假货的 我已经打了12315 等着吧", "H:sensitive_intent"),
        ("别给我来这套 叫你们领导出来", "X"),
    ]),
    (ZH, False, [
        ("你好", "S:greeting"),
        ("别跟我扯那些 直接给我转真人", "H:user_requested"),
    ]),
    (ZH, False, [
        ("你是机器人吧", "S:bot_identity"),
        ("那问你个事 花呗最多能拆成几个月还", "A:payment-installments"),
        ("有没有免息的", "A:payment-installments"),
    ]),
    (ZH, False, [
        ("付不了款 一直转圈 然后提示支付异常", "A:payment-failed"),
        ("重启了 也换了支付宝 还是一样 根本没解决", "H:repeated_failure"),
        ("不弄了 直接投诉你们", "X"),
    ]),
    (ZH, True, [
        ("你好", "S:greeting"),
        ("我一般晚上才下单 几点前拍的能当天寄出来", "A:shipping-delivery-time"),
        ("好的", "S:affirm"),
    ]),
    (ZH, True, [
        ("新买的壁挂空调 能派师傅上门装一下吗 顺便把旧的拆了", "H"),
        ("明天上午最好", "X"),
    ]),
    (ZH, False, [
        ("运费的问题", "C"),
        ("就是下单的时候买多少才包邮", "A:shipping-fees"),
        ("好嘞", "S:affirm"),
    ]),
]

# ---------------------------------------------------------------- other, English
OTHER_EN = [
    (EN, False, [
        ("hi there", "S:greeting"),
        ("sending to shenzhen, whats a realistic arrival time", "A:shipping-delivery-time"),
        ("by what hour do i need to check out so its dispatched today", "A:shipping-delivery-time"),
    ]),
    (EN, False, [
        ("my sister lives in vancouver, can u post stuff there? n how many days", "A:shipping-international"),
        ("and the import tax on arrival, is that on me or you", "A:shipping-international"),
        ("thanks", "S:thanks"),
    ]),
    (EN, False, [
        ("parcel has been 'in transit' for 9 days, no update since monday. pretty sure its lost", "H"),
        ("tracking no is YT2283749102CN", "X"),
    ]),
    (EN, False, [
        ("order says completed but nothing ever came. wasnt even home that day", "H"),
        ("so what now", "X"),
        ("hello?? still there", "S:are_you_there"),
    ]),
    (EN, False, [
        ("hey", "S:greeting"),
        ("ordered the wrong size like 10 min ago, can i cancel it myself", "A:cancel-before-shipment"),
        ("thx", "S:thanks"),
    ]),
    (EN, False, [
        ("how do i make an account, can i sign up with my gmail", "A:account-register"),
        ("so i need a phone number no matter what?", "A:account-register"),
    ]),
    (EN, False, [
        ("want my account gone for good. what happens to my points if i close it", "A:account-delete"),
        ("is there some waiting period or is it instant", "A:account-delete"),
    ]),
    (EN, False, [
        ("stop emailing me promo stuff pls", "A:newsletter-unsubscribe"),
        ("k", "S:affirm"),
    ]),
    (EN, False, [
        ("hi", "S:greeting"),
        ("if i message on a sunday evening will anyone be online to reply", "A:customer-service-hours"),
        ("and the phone line?", "A:customer-service-hours"),
    ]),
    (EN, False, [
        ("opened the parcel and the hoodie is navy, my order says black", "A:damaged-or-wrong-item"),
        ("i need the black one by friday, its a gift. can you just ship it out today", "H"),
        ("hello?", "S:are_you_there"),
    ]),
    (EN, False, [
        ("box came today, no sign of the free tote bag that was supposed to come with it", "A:missing-item"),
        ("checked, theres only one tracking number and it says everything delivered", "A:missing-item"),
    ]),
    (EN, False, [
        ("whats the molar mass of sulfuric acid, need it for my lab report", "H:out_of_scope"),
        ("its due tomorrow pls", "X"),
    ]),
    (EN, False, [
        ("THREE TIMES I HAVE ASKED ABOUT MY REFUND AND GOT NOTHING. PATHETIC SERVICE", "H:negative_sentiment"),
        ("hello??", "S:are_you_there"),
        ("ARE YOU EVEN READING THESE", "X"),
    ]),
    (EN, False, [
        ("calling my bank this afternoon to reverse the payment, chargeback it is", "H:sensitive_intent"),
        ("you took my money for something that never showed up", "X"),
    ]),
    (EN, False, [
        ("are you a bot", "S:bot_identity"),
        ("fine whatever. does my visa let me pay this off monthly, like 6 months", "A:payment-installments"),
        ("ty", "S:thanks"),
    ]),
    (EN, False, [
        ("hi", "S:greeting"),
        ("any option to just hand the driver cash at my door", "A:payment-cod"),
        ("is there a limit on how much", "A:payment-cod"),
        ("bye", "S:goodbye"),
    ]),
    (EN, True, [
        ("hello", "S:greeting"),
        ("does your shipping cover hong kong", "A:shipping-international"),
        ("great", "S:affirm"),
    ]),
    (EN, True, [
        ("the tv arrived with a dead line of pixels down the middle. i want an engineer out or a swap this week", "H"),
        ("thanks", "S:thanks"),
    ]),
    (EN, False, [
        ("hey", "S:greeting"),
        ("how do i flip between my two accounts on the app", "A:account-switch"),
        ("nope thats all", "S:deny"),
    ]),
    (EN, False, [
        ("need to save my office address too, where do i do that", "A:address-add"),
        ("and can i make that one the default", "A:address-add"),
    ]),
]

# ---------------------------------------------------------------- other, mixed
OTHER_MIXED = [
    (MX, False, [
        ("hi", "S:greeting"),
        ("我的package到哪了 三天了还没动静", "A:tracking-where"),
        ("ok thx", "S:thanks"),
    ]),
    (MX, False, [
        ("refund多久到账 我是credit card付的", "A:refunds-how-long"),
        ("如果是alipay呢", "A:refunds-how-long"),
    ]),
    (MX, False, [
        ("一单买了三件 退了一件 refund比标价少了20 why", "A:refunds-partial"),
        ("运费也不退?", "A:refunds-partial"),
    ]),
    (MX, False, [
        ("在吗", "S:are_you_there"),
        ("refund进度在哪看 status一直没变", "A:refunds-status"),
    ]),
    (MX, False, [
        ("登录的password想不起来了 有reset的地方吗", "A:account-reset-password"),
        ("验证码是发到phone上吧", "A:account-reset-password"),
    ]),
    (MX, False, [
        ("东西挺好用 想写个review 入口在哪", "A:leave-review"),
        ("发出去以后还能edit吗 怕写错字", "A:leave-review"),
        ("bye bye", "S:goodbye"),
    ]),
    (MX, False, [
        ("hello", "S:greeting"),
        ("这个product是正品吗 有没有防伪码", "A:product-authenticity"),
        ("👍", "S:emoji"),
    ]),
    (MX, False, [
        ("帮我推荐几只stock 最近想投资", "H:out_of_scope"),
        ("哈哈哈", "S:emoji"),
    ]),
    (MX, False, [
        ("我要投诉 你们delivery小哥把东西扔门口就走了 还丢了一个", "H:sensitive_intent"),
        ("门口装的camera都拍下来了", "X"),
    ]),
    (MX, False, [
        ("checkout的时候coupon怎么选", "A:coupons-how"),
        ("一单最多能叠几张", "A:coupons-how"),
    ]),
    (MX, False, [
        ("想问下cancel的事", "C"),
        ("已经shipped了的那种", "A:cancel-after-shipment"),
    ]),
    (MX, False, [
        ("订了你们的newsletter能给点啥好处不", "A:newsletter-subscribe"),
        ("在哪开 settings里面吗", "A:newsletter-subscribe"),
    ]),
]

OTHER = OTHER_ZH + OTHER_EN + OTHER_MIXED
CHATS = LEAN + OTHER
