# Hand-written chats for research/chats-blind-1211 (blind: no model, score or other set was read).
# Each chat: (language tag, VIP flag, [(customer text, code), ...]).
# Codes: S:<label> small talk; A:<kb ids> answer; C clarify; H / H:<reason> first handoff;
# X a later non-small-talk turn (handoff_active). Small talk after a handoff stays S:<label>.
# All personal data (orders, tracking numbers, phones, emails, addresses) is made up.

CHATS = [
    # ---------------------------------------------------------------- Chinese
    ("zh", False, [
        ("在吗在吗", "S:are_you_there"),
        ("我昨晚十一点多拍的电饭煲 今天能给我发出来不", "A:shipping-delivery-time"),
        ("那到杭州西湖区那边要几天", "A:shipping-delivery-time"),
        ("能再快点不 走顺丰得多掏多少", "A:shipping-express"),
        ("好嘞 谢谢亲", "S:thanks"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("收货地址在新疆喀什 这边买满99也能免邮吗", "A:shipping-remote-areas"),
        ("那路上大概得走多久啊", "A:shipping-remote-areas"),
        ("行吧 知道了", "S:affirm"),
    ]),
    ("zh", False, [
        ("在不", "S:are_you_there"),
        ("订单2024031988120457 物流说昨天下午就签收了 我压根没拿到 门卫和丰巢都问过了 没有", "H"),
        ("麻烦快点帮我查一下", "X"),
    ]),
    ("zh", False, [
        ("退货的钱等了快三个礼拜还没见着 订单号7730192846 仓库那边早就签收了", "H"),
        ("你们到底啥时候给退", "X"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("注册新号的时候短信码死活收不到 咋整", "A:account-registration-problems"),
        ("等了好几分钟重新发了三遍 语音那个也选了 电话一直没打进来 号码是13917264580", "H"),
    ]),
    ("zh", False, [
        ("亲", "S:greeting"),
        ("刚到的玻璃花瓶碎成好几块了 这种情况我该怎么弄啊", "A:damaged-or-wrong-item"),
        ("要拍哪些照片", "A:damaged-or-wrong-item"),
        ("好的我去拍", "S:affirm"),
    ]),
    ("zh", False, [
        ("碎掉的那个汤盘前天就申请售后了 照片都传了 今天显示驳回 说是人为损坏 我拆开就是碎的", "H"),
        ("单号DD20240512339 你们再看看", "X"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("帮我接一下人工吧 有个事跟你讲不明白", "H:user_requested"),
        ("有人吗", "S:are_you_there"),
    ]),
    ("zh", False, [
        ("卖家太过分了 发过来的东西跟图片完全两样 我要打12315告你们", "H:sensitive_intent"),
        ("这事你们今天得给我个交代 不然没完", "X"),
    ]),
    ("zh", False, [
        ("什么破店 退个款拖了一个月 客服全是摆设 脑子有病吧", "H:negative_sentiment"),
        ("订单号5520193384 自己看", "X"),
    ]),
    ("zh", False, [
        ("哈喽", "S:greeting"),
        ("明天上海浦东会不会下雨啊", "H:out_of_scope"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("那件白色的短款羽绒服 L码啥时候补货", "H"),
        ("好吧 等你们消息", "S:affirm"),
    ]),
    ("zh", False, [
        ("阔腿裤买回来要是长了 能换短一码的吗", "A:exchange-item"),
        ("换码的话 是我先寄回去你们收到了再发新的?", "A:exchange-item"),
        ("身高165 体重110斤 这条穿M还是L", "H"),
    ]),
    ("zh", False, [
        ("买的台灯不太喜欢 想退掉 要在哪操作", "A:returns-how"),
        ("退回去是寄到哪个地址", "A:returns-how"),
        ("寄出去以后单号要在多少天里填上", "A:returns-how"),
        ("明白了 谢啦", "S:thanks"),
    ]),
    ("zh", False, [
        ("鞋子签收十二天了 现在还能无理由退吗", "A:returns-window"),
        ("那要是鞋底有点开胶 算质量问题还能退不", "A:returns-window"),
        ("还有支口红 就在手背上试了一下 颜色不喜欢 这个能退不", "A:returns-condition"),
        ("唉 好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("我下单那会勾了运费险的 现在退货寄回去的快递费是会自动赔给我吗", "A:returns-shipping-cost"),
        ("东西昨天寄出去了 中通的 单号75321908846612 大概啥时候能拿到钱", "A:returns-refund-timing"),
        ("我当时是用银行卡付的", "A:returns-refund-timing"),
        ("好的 了解", "S:affirm"),
    ]),
    ("zh", False, [
        ("花呗买的那个包退掉了 钱会退回哪里", "A:refunds-where"),
        ("那下单时候用的那张满减券呢", "A:refunds-where"),
        ("没别的了", "S:deny"),
        ("拜拜", "S:goodbye"),
    ]),
    ("zh", False, [
        ("两件t恤退了一件 打到我卡上的钱比标价少了十几块 为啥", "A:refunds-partial"),
        ("哦哦 原来是这样", "S:affirm"),
        ("那退款走到哪一步了去哪儿查 翻了半天没找到", "A:refunds-status"),
        ("找到了 谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("你好 请问一下", "S:greeting"),
        ("我给猫买的猫砂 现在到哪了 物流去哪看", "A:tracking-where"),
        ("刚刚才显示发货 物流里啥都没有 正常不", "A:tracking-where"),
        ("嗯嗯", "S:affirm"),
    ]),
    ("zh", False, [
        ("订单一直写着待发货 是不是我钱没付上啊", "A:order-status-meanings"),
        ("哦哦那就好", "S:affirm"),
        ("再问一下 要是物流显示签收了 但我那天不在家没拿到 一般怎么处理", "A:order-status-meanings"),
        ("好的 先问问楼下", "S:affirm"),
    ]),
    ("zh", False, [
        ("头一回在你们这买东西 挑好了以后怎么付钱啊", "A:place-order"),
        ("付钱都能用啥", "A:payment-methods"),
        ("手上有张满200减20的店铺券 还有张平台的满减 一单里能不能都用上", "A:coupons-how"),
        ("领到的券都放哪了 我找不着", "A:coupons-how"),
        ("谢谢亲", "S:thanks"),
    ]),
    ("zh", False, [
        ("抽纸手滑拍了五箱 还没发货 怎么撤掉", "A:cancel-before-shipment"),
        ("撤了钱多久回来", "A:cancel-before-shipment,refunds-how-long"),
        ("好的", "S:affirm"),
    ]),
    ("zh", False, [
        ("东西已经在路上了 突然不想要了 还能取消不", "A:cancel-after-shipment"),
        ("那快递员送来我直接不签行吗", "A:cancel-after-shipment"),
        ("还有个事 双十一预售的扫地机 交了100块定金 现在不想要了 定金还给退吗", "A:cancellation-fee"),
        ("那要是商家拖着 过了说好的发货日子还没发呢", "A:cancellation-fee"),
        ("了解了", "S:affirm"),
    ]),
    ("zh", False, [
        ("付完款才发现颜色拍错了 想换成黑的 还没发货", "A:change-order"),
        ("地址也默认成公司的了 想改成家里", "A:change-order-address"),
        ("能改几回啊", "A:change-order-address"),
        ("行 知道了", "S:affirm"),
    ]),
    ("zh", False, [
        ("快递已经发出来了 收件地址还能改不 我临时出差了", "A:change-order-address"),
        ("那你们帮我申请改到成都市武侯区天府大道北段1700号 单号YT8823019946671 收件人电话15882736401", "H"),
        ("谢谢了", "S:thanks"),
    ]),
    ("zh", False, [
        ("下单那会忘了勾发票 现在还能补不", "A:invoice-how"),
        ("订单是去年十一月就完成了的", "A:invoice-how"),
        ("另外我们单位要开增值税专票 得交给你们哪些信息", "A:invoice-company"),
        ("专票是寄纸的过来还是发电子的", "A:invoice-company"),
        ("好的谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("电子发票开好了 去哪能下载下来", "A:invoice-electronic"),
        ("财务那边认不认电子的 能拿去报销吧", "A:invoice-electronic"),
        ("还有 抬头少写了个字 能给重开一张不", "A:invoice-change-title"),
        ("这张开了有一个多月了", "A:invoice-change-title"),
        ("哦 那好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("郑州这边能货到再给钱吗", "A:payment-cod"),
        ("买个三千多的电视也能到付吗", "A:payment-cod"),
        ("88", "S:goodbye"),
    ]),
    ("zh", False, [
        ("手机想分12期付 花呗能分吗 要给利息不", "A:payment-installments"),
        ("信用卡分期呢", "A:payment-installments"),
        ("刚付完了 银行短信都说扣款了 订单那还写着待付款", "A:payment-charged-unpaid"),
        ("好 那我等一会看看", "S:affirm"),
    ]),
    ("zh", False, [
        ("付个钱老是弹出失败 余额明明够的啊 怎么回事", "A:payment-failed"),
        ("没用啊 换了微信也付不了 两张卡都试了 一样的报错", "H:repeated_failure"),
        ("算了 不买了", "X"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("上周二一单扣了我两次钱 每次399 一个礼拜了多扣的那笔还没回来 订单号88123007451", "H"),
        ("截图发你了 [图片]", "X"),
    ]),
    ("zh", False, [
        ("前天买的空气炸锅今天便宜了50 差价能退给我吗", "A:price-protection"),
        ("当时是看直播下的单 直播价", "A:price-protection"),
        ("知道了", "S:affirm"),
    ]),
    ("zh", False, [
        ("价保我点了申请 提示不符合条件 可我买的是正常价 不是秒杀也不是直播", "H"),
        ("订单2024060377120 你们查下", "X"),
    ]),
    ("zh", False, [
        ("不想绑手机号 直接拿微信开个号可以吗", "A:account-register"),
        ("好的", "S:affirm"),
        ("还有我另一个老号 登录密码想不起来了 咋弄", "A:account-reset-password"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("原来那个手机号停机了 账号上绑的还是旧号 怎么换成新的", "A:account-change-phone"),
        ("昵称顺便也想换一个 在哪改", "A:account-change-phone"),
        ("另一个小号不想要了 想注销 里面还剩好多积分 会一起没了吗", "A:account-delete"),
        ("提交了以后多久才真的注销", "A:account-delete"),
    ]),
    ("zh", False, [
        ("我跟我老婆各有一个号 能把她那边的订单合到我这个号上吗", "A:account-switch"),
        ("那一个手机上能同时登两个不", "A:account-switch"),
        ("收货地址想添个学校宿舍的 在哪加", "A:address-add"),
        ("顺便让它以后都默认用这个", "A:address-add"),
        ("行", "S:affirm"),
    ]),
    ("zh", False, [
        ("地址簿里有个老地址门牌号写错了 想直接删了 怎么弄", "A:address-edit"),
        ("那我之前下的单会跟着变吗", "A:address-edit"),
    ]),
    ("zh", False, [
        ("每天早上八点准时给我发促销短信 求求别发了", "A:newsletter-unsubscribe"),
        ("那快递到了的通知还会发给我吧", "A:newsletter-unsubscribe"),
        ("夜里十点多了 你们客服还有人值班不", "A:customer-service-hours"),
        ("那客服热线是多少", "A:customer-service-hours"),
        ("好的谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("去年在你们这买的吹风机 现在不出热风了 还在保修期里不", "A:warranty-repair"),
        ("要我自己寄回去修吗", "A:warranty-repair"),
        ("还有个杯子 刚收到把手就断了 寄回去的运费谁出", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("好的 谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("一共买了三样 箱子里只有两样", "A:missing-item"),
        ("另外的单号去哪看", "A:missing-item,tracking-where"),
    ]),
    ("zh", False, [
        ("你们家的面霜是正品吧 盒子上有防伪码能查吗", "A:product-authenticity"),
        ("万一买到假的咋办", "A:product-authenticity"),
        ("好", "S:affirm"),
    ]),
    ("zh", False, [
        ("确认收货了 想给个好评 在哪写啊", "A:leave-review"),
        ("过两周还能再补几张图吗", "A:leave-review"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("买的是42码 寄来的是40 后天要穿去参加婚礼 能不能今天就给我重新发一双", "H"),
        ("订单号2024052010387 急", "X"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("物流五天没动了 一直卡在廊坊分拣中心 你们帮我催催快递", "H"),
        ("单号JT5521093387612", "X"),
    ]),
    ("zh", False, [
        ("我账号刚才在外地登录了 还收到一条改密码的验证码 都不是我弄的", "H"),
        ("能不能先帮我把号冻结", "X"),
    ]),
    ("zh", False, [
        ("在吗", "S:are_you_there"),
        ("拼多多上买的东西要怎么退", "H:out_of_scope"),
        ("好吧", "S:affirm"),
    ]),
    ("zh", False, [
        ("运费的事儿问下", "C"),
        ("我说的是退货寄回去那个", "A:returns-shipping-cost"),
        ("就是不喜欢想退 不是坏了", "A:returns-shipping-cost"),
        ("懂了", "S:affirm"),
    ]),
    ("zh", False, [
        ("号要换一下", "C"),
        ("就是手机号换了 新号要绑上去", "A:account-change-phone"),
    ]),
    ("zh", False, [
        ("亲 在的吧", "S:are_you_there"),
        ("取消的问题", "C"),
        ("还没发货的那种", "A:cancel-before-shipment"),
        ("谢谢", "S:thanks"),
    ]),
    ("zh", False, [
        ("你是真人还是机器人啊", "S:bot_identity"),
        ("那问你个事 退的货仓库收到几天给退钱", "A:returns-refund-timing"),
        ("收到", "S:affirm"),
    ]),
    ("zh", False, [
        ("耳机收到以后左边没声音 想退 去哪申请", "A:returns-how"),
        ("你说的地方我找了 订单详情里压根没有申请售后那个选项 没用", "H:repeated_failure"),
        ("好", "S:affirm"),
    ]),
    ("zh", False, [
        ("今天拍了两单 下午三点多拍的 今天能发吗", "A:shipping-delivery-time"),
        ("能帮我把这两单合成一个包裹发吗 省得跑两趟", "H"),
    ]),
    ("zh", False, [
        ("这口锅支持七天无理由吧", "A:returns-window"),
        ("另外它是真不粘吗 用久了涂层会不会掉", "H"),
    ]),
    ("zh", True, [
        ("你好", "S:greeting"),
        ("顺丰次日达要几点前下单才算", "A:shipping-express"),
        ("好的谢谢", "S:thanks"),
    ]),
    ("zh", True, [
        ("上次买的净水器该换滤芯了 能派个人上门来换吗", "H"),
        ("周六下午都在家", "X"),
    ]),
    ("zh", True, [
        ("退回微信的话几天能到", "A:refunds-how-long"),
        ("另外上周那单少发了一盒茶叶 你们处理一下", "H"),
    ]),
    ("zh", False, [
        ("你好", "S:greeting"),
        ("你们这是骗子吧 钱付了半个月东西影都没有 我要报警", "H:sensitive_intent"),
    ]),
    ("zh", False, [
        ("您好", "S:greeting"),
        ("积分能抵现金吗 一百积分抵多少", "H"),
    ]),

    # ---------------------------------------------------------------- English
    ("en", False, [
        ("hi", "S:greeting"),
        ("how long does shipping usually take to shenzhen", "A:shipping-delivery-time"),
        ("what about express", "A:shipping-express"),
        ("cool thx", "S:thanks"),
    ]),
    ("en", False, [
        ("hey there", "S:greeting"),
        ("can u send stuff to my cousin in melbourne australia", "A:shipping-international"),
        ("who pays the import tax on that", "A:shipping-international"),
        ("ok great", "S:affirm"),
    ]),
    ("en", False, [
        ("order 2024041577302 has said shipped for 2 days, where do i see where it actually is", "A:tracking-where"),
        ("found it, thanks!", "S:thanks"),
        ("oh and are you guys answering chats on new years day", "A:customer-service-hours"),
        ("nice", "S:affirm"),
    ]),
    ("en", False, [
        ("app shows the parcel was handed over at 2:14pm yesterday. nothing on my doorstep, neighbours havent got it either. order #B55120", "H"),
        ("hello??", "S:are_you_there"),
    ]),
    ("en", False, [
        ("you took ¥289 from my card twice for one order. that was 9 days ago and the extra one is still there", "H"),
        ("card ending 4417 if that helps", "X"),
    ]),
    ("en", False, [
        ("is this a bot", "S:bot_identity"),
        ("whatever. wore the sneakers outside once, can they still go back", "A:returns-condition"),
        ("figured. thanks anyway", "S:thanks"),
    ]),
    ("en", False, [
        ("can i speak to an actual human please", "H:user_requested"),
        ("thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("refund for order 99120034 got approved on the 2nd and its the 24th now, still nothing on my visa", "H"),
        ("if its not sorted today im doing a chargeback", "X"),
    ]),
    ("en", False, [
        ("THIS IS THE WORST SHOP EVER. THREE WEEKS AND NO PARCEL. USELESS IDIOTS", "H:negative_sentiment"),
        ("order 4410938 if anyone even cares", "X"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("whats 3/4 plus 2/5? my kids homework and im stuck", "H:out_of_scope"),
        ("lol", "S:emoji"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("does the linen shirt run small? im usually an M", "H"),
        ("also when will the sage green kettle be back in stock", "X"),
        ("thank u", "S:thanks"),
    ]),
    ("en", False, [
        ("got my jacket 4 days ago, still ok to send it back no reason?", "A:returns-window"),
        ("and how do i start that", "A:returns-how"),
        ("also ordered size 38 boots, need a 39. can i swap", "A:exchange-item"),
        ("how long have i got to do that", "A:exchange-item"),
        ("perfect ty", "S:thanks"),
    ]),
    ("en", False, [
        ("if i return the lamp cuz i just dont like it, am i paying the shipping", "A:returns-shipping-cost"),
        ("and if it had arrived smashed?", "A:returns-shipping-cost,damaged-or-wrong-item"),
        ("different thing, the vase has a tiny scratch on the base, not worth sending back. can i get a bit of money off instead", "A:refunds-partial"),
        ("how do i ask for that", "A:refunds-partial"),
    ]),
    ("en", False, [
        ("refund was approved this morning, i paid with a credit card, how long", "A:refunds-how-long"),
        ("and it goes back onto that same card right?", "A:refunds-where"),
        ("where can i see whats going on with my other return, sent it back last week", "A:refunds-status"),
        ("bye", "S:goodbye"),
    ]),
    ("en", False, [
        ("my cart is ¥85, do i pay delivery?", "A:shipping-fees"),
        ("and if i add a ¥20 thing but use a ¥10 coupon", "A:shipping-fees"),
        ("also sending a birthday present to a friend in urumqi, is delivery free there", "A:shipping-remote-areas"),
        ("k", "S:affirm"),
    ]),
    ("en", False, [
        ("can i add another pillowcase to order 6620118 before it leaves the warehouse", "A:change-order"),
        ("ok. and my older order flipped to completed but i never confirmed anything, what does that mean", "A:order-status-meanings"),
        ("oh ok", "S:affirm"),
    ]),
    ("en", False, [
        ("need to cancel order 5510283 asap, it still says awaiting shipment", "A:cancel-before-shipment"),
        ("is there a fee", "A:cancellation-fee"),
        ("sweet, done", "S:affirm"),
    ]),
    ("en", False, [
        ("got a refund thing", "C"),
        ("how long till i see it, paid w alipay", "A:refunds-how-long"),
        ("ty", "S:thanks"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("address thing", "C"),
        ("put in an order an hour back and it went to my previous flat address", "A:change-order-address"),
        ("ok sorted, thanks", "S:thanks"),
    ]),
    ("en", False, [
        ("i need an invoice for order 7788120, it finished last week", "A:invoice-how"),
        ("when will it be ready", "A:invoice-how"),
        ("it has to be made out to my company, what info do u need from me", "A:invoice-company"),
    ]),
    ("en", False, [
        ("hey", "S:greeting"),
        ("im visiting from germany, will my mastercard work here", "A:payment-methods"),
        ("or can i just hand the delivery guy cash", "A:payment-cod"),
        ("thx", "S:thanks"),
    ]),
    ("en", False, [
        ("coupon WELCOME10 says not applicable, my cart is ¥120", "A:coupons-not-working"),
        ("the coupon is for orders over 100 tho", "A:coupons-not-working"),
    ]),
    ("en", False, [
        ("bought headphones monday for ¥599 and now theyre ¥529, any way to get the difference", "A:price-protection"),
        ("it was a flash sale price btw", "A:price-protection"),
        ("meh ok", "S:affirm"),
    ]),
    ("en", False, [
        ("trying to make a new account and it keeps saying my phone number is already registered", "A:account-registration-problems"),
        ("tried forgot password like you said and now it says theres no account for that number. so which is it", "H"),
    ]),
    ("en", False, [
        ("forgot my password, how do i get back in", "A:account-reset-password"),
        ("did that, the sms code never comes, waited 10 min and tried 3 times", "H"),
    ]),
    ("en", False, [
        ("thinking of deleting my account permanently. would i lose the 3,200 points sitting on it", "A:account-delete"),
        ("actually maybe not. how do i log into my wifes account on my phone instead, she has her own", "A:account-switch"),
        ("cheers", "S:thanks"),
    ]),
    ("en", False, [
        ("where do i save my office address so i can pick it when paying", "A:address-add"),
        ("do i get anything for signing up to your promo emails", "A:newsletter-subscribe"),
        ("whats the minimum spend on that coupon", "A:newsletter-subscribe"),
    ]),
    ("en", False, [
        ("the kettle i bought in march stopped heating, is it still under warranty", "A:warranty-repair"),
        ("do i need to ship it back to u on my own dime or do u collect it", "A:warranty-repair"),
        ("another order, box arrived but the charging cable thats supposed to be in it isnt there", "A:missing-item"),
        ("ok will do", "S:affirm"),
    ]),
    ("en", False, [
        ("reported a missing item 4 days ago with photos, nobody got back to me and the request still says pending", "H"),
        ("anyone there", "S:are_you_there"),
    ]),
    ("en", False, [
        ("are these sneakers legit? theyre way cheaper than on the brand site", "A:product-authenticity"),
        ("ok. also can i edit my review on another order, i hit 2 stars by mistake", "A:leave-review"),
        ("ugh fine", "S:affirm"),
    ]),
    ("en", False, [
        ("can i spread the payment for the laptop over 6 months", "A:payment-installments"),
        ("any fees on that", "A:payment-installments"),
        ("just paid. alipay took the money 10 mins ago yet the order page still wants me to pay", "A:payment-charged-unpaid"),
        ("ok ill give it half an hour", "S:affirm"),
    ]),
    ("en", False, [
        ("someone used my card to buy stuff on your site, i didnt place these orders. this is fraud", "H:sensitive_intent"),
        ("order numbers are 3302911 and 3302912", "X"),
    ]),
    ("en", False, [
        ("how do i fix the tax id on my invoice, one digit is wrong", "A:invoice-change-title"),
        ("there is no reissue button anywhere on that page, your instructions dont help. invoice is from 5 days ago", "H:repeated_failure"),
    ]),
    ("en", False, [
        ("hi", "S:greeting"),
        ("what should i do if my parcel turns up crushed", "A:damaged-or-wrong-item"),
        ("thanks, good to know", "S:thanks"),
    ]),
    ("en", True, [
        ("hi", "S:greeting"),
        ("how much is delivery on an order under 99", "A:shipping-fees"),
        ("thanks", "S:thanks"),
        ("nope thats all", "S:deny"),
    ]),
    ("en", True, [
        ("the coffee machine i got last week is leaking from the bottom", "H"),
        ("can someone call me on 13800452219 or email maya.lin@qq.com", "X"),
    ]),
    ("en", True, [
        ("what payment options do you take", "A:payment-methods"),
        ("also i need the engraving text on order 8840217 changed to 'for Mia'", "H"),
    ]),
    ("en", False, [
        ("good morning", "S:greeting"),
        ("my order has been awaiting shipment for 4 days, you said same day dispatch", "H"),
        ("no reply?", "S:are_you_there"),
    ]),
    ("en", False, [
        ("gonna be raining in beijing sat or sun? planning a picnic", "H:out_of_scope"),
        ("lol", "S:emoji"),
    ]),

    # ---------------------------------------------------------------- mixed zh/en
    ("mixed", False, [
        ("在吗", "S:are_you_there"),
        ("我的order还没ship 想改个收货地址 可以吗", "A:change-order-address"),
        ("thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("想return这个包 吊牌拆了还能退吗", "A:returns-condition"),
        ("退回去以后refund到微信一般几天", "A:returns-refund-timing,refunds-how-long"),
        ("ok", "S:affirm"),
    ]),
    ("mixed", False, [
        ("coupon那块问一下", "C"),
        ("结算的时候用不上 显示不可用", "A:coupons-not-working"),
        ("满199减30那张 我凑够了的啊", "A:coupons-not-working"),
        ("ok", "S:affirm"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("能开company抬头的invoice吗 税号要填吗", "A:invoice-company"),
        ("好的thx", "S:thanks"),
    ]),
    ("mixed", False, [
        ("tracking number在哪里找啊 下单三天了", "A:tracking-where"),
        ("另外客服几点online", "A:customer-service-hours"),
    ]),
    ("mixed", False, [
        ("hello", "S:greeting"),
        ("别让bot回我了 直接找个agent来", "H:user_requested"),
        ("赶紧的 别让我干等着", "X"),
    ]),
    ("mixed", False, [
        ("快递显示delivered 但是我没收到 已经两天了 地址是静安区延安中路88弄", "H"),
        ("谢谢", "S:thanks"),
    ]),
    ("mixed", False, [
        ("SF express要加多少钱", "A:shipping-express"),
        ("那现在下午两点下单 明天能到北京吗", "A:shipping-express"),
    ]),
    ("mixed", False, [
        ("我的账号被hack了 有人用我的号下了两单 收货地址都不是我的", "H"),
        ("password我已经改了 能先帮我把账号锁住吗", "X"),
    ]),
    ("mixed", False, [
        ("fapiao开出来没 我要电子档发给公司", "A:invoice-electronic,invoice-how"),
        ("会发到我邮箱 lina.wu88@163.com 吗", "A:invoice-electronic"),
    ]),
    ("mixed", False, [
        ("想cancel掉 但已经shipped了", "A:cancel-after-shipment"),
        ("那拒收了之后 money多久回到我卡上", "A:cancel-after-shipment"),
    ]),
    ("mixed", False, [
        ("前天买的price drop了 可以退差价吗", "A:price-protection"),
        ("在哪apply", "A:price-protection"),
    ]),
    ("mixed", False, [
        ("登录的password记不得了 有啥办法进去", "A:account-reset-password"),
        ("👍", "S:emoji"),
    ]),
    ("mixed", True, [
        ("hi", "S:greeting"),
        ("包裹里少了一个item 订单#V20931 是个保温杯", "H"),
    ]),
    ("mixed", False, [
        ("用paypal能付吗", "A:payment-methods"),
        ("那用visa呢", "A:payment-methods"),
    ]),
    ("mixed", False, [
        ("dress要是不合身能换码吗", "A:exchange-item"),
        ("这个dress有没有S码 我腰围66", "H"),
    ]),
    ("mixed", False, [
        ("hi", "S:greeting"),
        ("今天bitcoin多少钱一个", "H:out_of_scope"),
        ("哈哈哈哈", "S:emoji"),
    ]),
    ("mixed", False, [
        ("zai ma", "S:are_you_there"),
        ("tuihuo yunfei shei chu a", "A:returns-shipping-cost"),
        ("就是穿着不合适 没坏", "A:returns-shipping-cost"),
    ]),
    ("mixed", False, [
        ("蓝牙音箱的warranty多久", "A:warranty-repair"),
        ("how to apply for repair", "A:warranty-repair"),
    ]),
    ("mixed", False, [
        ("你好", "S:greeting"),
        ("收到的是wrong color 要蓝的给了粉的 怎么处理", "A:damaged-or-wrong-item"),
        ("photo要拍包装吗", "A:damaged-or-wrong-item"),
    ]),
]
