"""Typed source of chats-blind-1215 (written blind, 2026-12-15).

Each chat: (language, vip, [(text, code), ...]). Codes:
  S:<label>  small talk (after a handoff build.py turns it into handoff / handoff_active)
  A:<ids>    answer, with the kb ids that would be a right answer (comma-separated)
  C          clarify (the next turn resolves it)
  H / H:<reason>  the chat's first handoff
  X          a later non-small-talk turn after the handoff
"""

Z, E, M = "zh", "en", "mixed"
N, V = False, True

CHATS = [
    # ------------------------------------------------------------------ zh
    (Z, N, [
        ("你好", "S:greeting"),
        ("我上礼拜买的那件羽绒服今天才到 拆开一看袖口那里破了个口子 线头都露出来了 这种能退吗", "A:damaged-or-wrong-item"),
        ("要在几天之内弄啊 我这两天在外地出差回不去", "A:damaged-or-wrong-item,returns-window"),
        ("好的谢谢", "S:thanks"),
    ]),
    (Z, N, [
        ("在吗", "S:are_you_there"),
        ("三号下的单到现在一点动静都没有 好慢啊 单号在哪看 我自己去查查", "A:tracking-where"),
        ("哦 找到了", "S:affirm"),
        ("物流显示才到南昌 都一个星期了还在路上 也太慢了吧 发到江西一般要几天啊", "A:shipping-delivery-time"),
    ]),
    (Z, N, [
        ("快递显示已签收了 可我根本没收到 问了门卫也说没见过 订单号20261203558812", "H"),
        ("能不能今天给我个答复 里面是给孩子的生日礼物", "X"),
    ]),
    (Z, N, [
        ("什么破店 等了十天了东西还没发 问客服跟没问一样 气死我了", "H:negative_sentiment"),
        ("你们这客服是摆设吗？？？问三遍了都答非所问", "X"),
    ]),
    (Z, N, [
        ("你们卖的吹风机才用两次就冒烟了 差点着火 不给个说法我就打12315投诉你们", "H:sensitive_intent"),
        ("订单号是2026111909334 收件人王丽 电话139 0571 2286", "X"),
    ]),
    (Z, N, [
        ("在吗", "S:are_you_there"),
        ("帮我叫个人工来 跟机器说不明白", "H:user_requested"),
        ("就是上回那个退货的事 一直没人跟进", "X"),
    ]),
    (Z, N, [
        ("你好", "S:greeting"),
        ("我现在下单的话 今天能从仓库发出来不", "A:shipping-delivery-time"),
        ("对了 问一下明天杭州下不下雨 想带孩子去西湖", "H:out_of_scope"),
    ]),
    (Z, N, [
        ("帮我儿子看道数学题 一个长方形周长是24厘米 长是宽的两倍 面积是多少", "H:out_of_scope"),
        ("那帮我写首关于秋天的诗 四句就行", "X"),
    ]),
    (Z, N, [
        ("退货昨天寄回去了 走的顺丰 你们仓库收到之后大概要多久钱才能回到我微信里", "A:returns-refund-timing"),
        ("行 那我等等", "S:affirm"),
        ("谢啦", "S:thanks"),
    ]),
    (Z, N, [
        ("亲", "S:greeting"),
        ("花呗买的东西退掉了 钱退到哪去了 花呗那笔账单我还要还吗", "A:refunds-where"),
        ("另一单是招行储蓄卡付的 也退了 审核说通过了 一般几天能到", "A:refunds-how-long"),
        ("好的谢谢亲", "S:thanks"),
    ]),
    (Z, N, [
        ("点了支付就弹出来个失败 可我卡上余额是够的呀", "A:payment-failed"),
        ("试了三遍了 换支付宝也一样 你说的这些根本没用啊 还是付不了", "H:repeated_failure"),
    ]),
    (Z, N, [
        ("上周五付款的时候扣了我两次钱 每次299 到今天一个礼拜了多的那笔还没退回来 卡尾号6621", "H"),
        ("多久能给我处理好", "X"),
    ]),
    (Z, N, [
        ("这个笔记本六千多 一下子拿不出来 能分几个月付吗 有利息不", "A:payment-installments"),
        ("刚才分期付的时候网卡了一下 结果付了两次 银行短信来了两条扣款 多扣的这笔会自动退回来吗", "A:payment-charged-unpaid"),
        ("好的", "S:affirm"),
    ]),
    (Z, N, [
        ("我的帐号好像被别人登了 今天一直收到验证码短信 订单里还多了一个我没买过的手机 收货人也不是我", "H"),
        ("密码我刚改了 那个订单能不能帮我拦下来 别发出去", "X"),
    ]),
    (Z, V, [
        ("这件退货的话邮费要我自己出吗 就是不喜欢这个颜色 下单时好像带了运费险", "A:returns-shipping-cost"),
        ("谢谢", "S:thanks"),
    ]),
    (Z, V, [
        ("你好", "S:greeting"),
        ("上个月在你们这买的洗碗机底下一直漏水 师傅能不能上门看一下 我不想拆下来寄", "H"),
        ("好的 等你们电话", "S:affirm"),
    ]),
    (Z, N, [
        ("下单三天了 状态一直挂着待发货 这是啥意思啊 是不是钱没付成功", "A:order-status-meanings"),
        ("那既然还没发 我想把尺码从M改成L 还能改吗", "A:change-order"),
        ("谢谢", "S:thanks"),
    ]),
    (Z, N, [
        ("东西都收到半个多月了 当时下单没勾开票 现在补开还来得及吗", "A:invoice-how"),
        ("我们公司要报销 得开公司抬头 需要给你们提供啥 税号我这有", "A:invoice-company"),
        ("开出来以后去哪下载", "A:invoice-electronic"),
        ("那专票能开不", "A:invoice-company"),
        ("好 谢谢", "S:thanks"),
    ]),
    (Z, N, [
        ("那个发票", "C"),
        ("抬头我填成自己名字了 其实要开公司的 能给我重新开一张吗", "A:invoice-change-title"),
        ("嗯嗯", "S:affirm"),
    ]),
    (Z, N, [
        ("前天329买的 今天一看变299了 气的我 能把那30块退给我吗", "A:price-protection"),
        ("我是在直播间里抢的 这种也算吗", "A:price-protection"),
        ("好吧", "S:affirm"),
    ]),
    (Z, N, [
        ("在吗", "S:are_you_there"),
        ("我在新疆喀什 寄过来路上要几天 运费咋算", "A:shipping-remote-areas"),
        ("那我姐在澳洲墨尔本 能直接寄到她那边吗 到了要交税的话谁交", "A:shipping-international"),
        ("没别的了", "S:deny"),
    ]),
    (Z, N, [
        ("明天我妈过生日 现在下单明天能到北京吗 可以加钱走顺丰的", "A:shipping-express"),
        ("现在两点半 因该来得及吧", "A:shipping-express"),
        ("东西120的 加上顺丰一共要付多少运费", "A:shipping-express,shipping-fees"),
    ]),
    (Z, N, [
        ("你好", "S:greeting"),
        ("我昨天买的台灯以经发货了 结果朋友刚送了我一个一样的 这单还能取消吗", "A:cancel-after-shipment"),
        ("那我到时候直接不签收行不行", "A:cancel-after-shipment"),
        ("明白了 谢谢", "S:thanks"),
    ]),
    (Z, N, [
        ("下单的时候收货地址选成公司了 这周公司放假没人收 想改成家里 现在还没发货", "A:change-order-address"),
        ("顺便问下 想把家里那个地址设成默认的 以后都寄家里 在哪弄", "A:address-add"),
        ("谢谢", "S:thanks"),
    ]),
    (Z, N, [
        ("问下地址咋弄", "C"),
        ("不是订单里的 是我存着的那几个地址 有一个小区名字打错了", "A:address-edit"),
        ("改好了 谢谢亲", "S:thanks"),
    ]),
    (Z, N, [
        ("你好", "S:greeting"),
        ("第一次用你们家 还没账号 不想填手机号能注册吗", "A:account-register"),
        ("用手机号注册也行 可验证码死活收不到 点了好几次发送了 手机号138 1762 2210", "A:account-registration-problems"),
        ("还是没有 都等十分钟了 骚扰拦截也看了 什么都没有", "H:repeated_failure"),
    ]),
    (Z, N, [
        ("密码忘的一干二净 怎么找回来啊", "A:account-reset-password"),
        ("可注册用的那个手机号早就停机了 短信收不到 咋整", "A:account-change-phone,account-reset-password"),
    ]),
    (Z, N, [
        ("每天早上七点准时给我发促销短信 吵醒我好几回了 怎么退订", "A:newsletter-unsubscribe"),
        ("关了以后快递到了还会发短信提醒吗", "A:newsletter-unsubscribe"),
        ("算了 以后也不打算用你们家了 把我这个号彻底删掉吧 里面的个人信息也都删了", "A:account-delete"),
        ("要多久才能删干净", "A:account-delete"),
        ("拜拜", "S:goodbye"),
    ]),
    (Z, N, [
        ("账号的事问一下", "C"),
        ("我和我老婆两个号 想在一个手机上来回切着用", "A:account-switch"),
        ("两个号的积分能并到一起吗", "A:account-switch"),
    ]),
    (Z, N, [
        ("搞活动的时候能不能提醒我一下 在哪里开这个通知", "A:newsletter-subscribe"),
        ("开了有券送吗", "A:newsletter-subscribe"),
        ("昨天还领了好几张券 现在想用找不到了 在哪看啊", "A:coupons-how"),
    ]),
    (Z, N, [
        ("买了三样东西 今天就到了一个包裹 里面只有两样 剩下那个是不是还在路上", "A:missing-item"),
        ("订单页面就一个快递单号", "A:missing-item"),
    ]),
    (Z, N, [
        ("在吗", "S:are_you_there"),
        ("你们家卖的雅诗兰黛是不是专柜货 别是假的 我要送人的", "A:product-authenticity"),
        ("万一是假的你们怎么赔", "A:product-authenticity"),
    ]),
    (Z, N, [
        ("你好", "S:greeting"),
        ("我是第一次在网上买东西 不太会弄 加了购物车以后下一步干嘛", "A:place-order"),
        ("我没有支付宝 用银行卡能付吗 工行的储蓄卡", "A:payment-methods"),
        ("懂了 谢谢你", "S:thanks"),
    ]),
    (Z, N, [
        ("满299减50的券 我购物车都305了 还是提示不可用 啥情况", "A:coupons-not-working"),
        ("哦哦 原来这样", "S:affirm"),
        ("那我之前取消的那一单 当时用掉的券能回来不", "A:coupons-not-working,refunds-where"),
    ]),
    (Z, N, [
        ("我申请的那个退款现在走到哪一步了 去哪能看 订单尾号5573", "A:refunds-status"),
        ("看到了 到账了 但是一单买了两件用了满减 我只退了一件 退的钱比标价少了二十多 为啥", "A:refunds-partial"),
    ]),
    (Z, N, [
        ("鞋子穿着挤脚 想退掉 第一次退货不知道在哪里点", "A:returns-how"),
        ("就在家里地板上走了两圈 鞋底干干净净的 这样还收吗", "A:returns-condition"),
        ("寄回去以后快递单号填在哪", "A:returns-how"),
    ]),
    (Z, N, [
        ("收到快十天了一直没空拆 今天试了下不合适 还能七天无理由吗", "A:returns-window"),
        ("那要是有质量问题呢 线都开了", "A:returns-window,damaged-or-wrong-item"),
        ("🙏", "S:emoji"),
    ]),
    (Z, N, [
        ("杯子寄来就是碎的 这个怎么办", "A:damaged-or-wrong-item"),
        ("我按你说的去申请售后了 原因里根本没有破损这一项 只能选不喜欢 你这说了等于白说", "H:repeated_failure"),
        ("人呢", "S:are_you_there"),
    ]),
    (Z, N, [
        ("你好", "S:greeting"),
        ("我买的是黑色 寄来的是白色 周六就要穿去参加婚礼 能不能马上给我重新发一件黑的", "H"),
    ]),
    (Z, N, [
        ("物流五天没更新了 一直卡在郑州转运中心 是不是丢了 能帮我催一下快递吗", "H"),
        ("单号YT7788201934566", "X"),
    ]),
    (Z, N, [
        ("退货仓库十一月二十号就签收了 到今天快三个礼拜了 退款一分钱都没见着", "H"),
        ("订单号2026111200871 退的是一台咖啡机", "X"),
    ]),
    (Z, N, [
        ("售后申请被驳回了 说是人为损坏 我就正常用的 凭什么", "H"),
        ("再不给我退款我就去法院起诉你们 东西明明是坏的你们不认账", "X"),
    ]),
    (Z, N, [
        ("你好", "S:greeting"),
        ("我要投诉你们的快递员 东西直接扔楼下就走了 电话也不打一个", "H:sensitive_intent"),
    ]),
    (Z, N, [
        ("假一赔十是你们自己说的吧 我拿去专柜验了是假货 你们这就是欺诈 我已经准备报警了", "H:sensitive_intent"),
    ]),
    (Z, N, [
        ("你好", "S:greeting"),
        ("我在拼多多上买的东西一直不给退款 你们能帮我催催吗", "H:out_of_scope"),
    ]),
    (Z, N, [
        ("喂你好我想问一下就是我前两天在你们这买了一个电饭煲然后今天用的时候发现那个盖子合不上是不是坏了这个能给我换个新的吗", "A:damaged-or-wrong-item,exchange-item"),
        ("那我得先寄回去吗还是你们先发新的过来", "A:exchange-item,damaged-or-wrong-item"),
    ]),
    (Z, N, [
        ("我说你们这个快递怎么这么慢啊我都等了四天了还没到到底啥时候能到我在石家庄", "A:shipping-delivery-time,tracking-where"),
        ("好吧那我在等等", "S:affirm"),
    ]),
    (Z, V, [
        ("我是你们家的黑卡会员 上次买的空气炸锅才用一周就不加热了", "H"),
        ("尽快安排吧", "X"),
    ]),
    (Z, V, [
        ("能开电子发票吗 单位报销用", "A:invoice-electronic"),
        ("好的", "S:affirm"),
    ]),
    (Z, N, [
        ("订单点进去也没看到物流 是不是还没发货啊", "A:tracking-where,order-status-meanings"),
        ("上面写的已发货 都两天了物流那一栏还是空的 你说的我都看过了 没用", "H:repeated_failure"),
    ]),
    (Z, N, [
        ("在吗在吗", "S:are_you_there"),
        ("我要找真人客服 有件事机器处理不了", "H:user_requested"),
        ("谢谢", "S:thanks"),
    ]),
    (Z, N, [
        ("上周给我爸买了个按摩椅 送货的师傅放下就走了 说不管安装 那么大个东西我们俩老人弄不动 能派个人来装一下吗", "H"),
    ]),
    (Z, N, [
        ("订单号2026120488123 显示已完成了 可我压根没收到东西 是不是被自动确认了", "H"),
        ("快递柜 驿站我都去问过了 没有", "X"),
    ]),
    (Z, N, [
        ("帮我催一下发货吧 急用 订单号2026120733901", "H"),
        ("还有我刚下的另一单也是寄同一个地址的 能不能合到一起发", "X"),
        ("好", "S:affirm"),
    ]),
    (Z, N, [
        ("快递都已经在路上了 想改个收货地址 还能改吗", "A:change-order-address"),
        ("我打了快递电话 他们说要商家那边申请才能改 你们帮我弄一下 新地址是北京朝阳区望京西路18号3单元502", "H"),
    ]),
    (Z, N, [
        ("退款多久能到啊 我退的是信用卡", "A:refunds-how-long"),
        ("三到七天？？我上次等了半个月 你们就是在糊弄人 烂透了", "H:negative_sentiment"),
    ]),
    (Z, N, [
        ("你好", "S:greeting"),
        ("那个蓝色的瑜伽垫啥时候补货啊 看了好几天都是缺货", "H"),
    ]),
    (Z, N, [
        ("收到的洗发水瓶盖没拧紧 漏了半瓶 箱子里全是 这种怎么处理", "A:damaged-or-wrong-item"),
        ("拍了照片了 [图片] [图片] 你们看下能不能直接补发一瓶", "H"),
    ]),
    (Z, N, [
        ("你好", "S:greeting"),
        ("我妈拿我手机在你们这下了单 地址写的是我老家 河南周口项城市 想问下平时这种县城几天能到", "A:shipping-delivery-time"),
        ("👌", "S:emoji"),
        ("再见", "S:goodbye"),
    ]),
    (Z, N, [
        ("刚刚手滑下了两单一模一样的 有一单不要了 还没发货 咋取消", "A:cancel-before-shipment"),
        ("取消以后钱是立马退回来吗", "A:cancel-before-shipment,refunds-how-long"),
        ("还有双十一付了50定金的那个扫地机 现在也不想要了 定金能退回来不", "A:cancellation-fee"),
        ("可你们页面上写的11号发货 今天都15号了还没发呢", "A:cancellation-fee"),
    ]),
    # ------------------------------------------------------------------ en
    (E, N, [
        ("hi", "S:greeting"),
        ("so my lamp finally showed up this morning but the shade is dented on one side and theres a crack in the base. can i get a new one?", "A:damaged-or-wrong-item"),
        ("do i need to send pics of it?", "A:damaged-or-wrong-item"),
        ("thx", "S:thanks"),
    ]),
    (E, N, [
        ("ugh its been 4 days and my hoodie still hasnt turned up. how do i see where it is", "A:tracking-where"),
        ("got it", "S:affirm"),
    ]),
    (E, N, [
        ("hello?", "S:are_you_there"),
        ("tracking says delivered yesterday 2:14pm, left at front door. there is nothing at my front door. order #B55120", "H"),
        ("my neighbours havent seen it either and theres no note from the driver", "X"),
    ]),
    (E, N, [
        ("i was charged twice for order 4410927, 89.99 each, the bank shows both as posted not pending. its been 9 days and only one order exists", "H"),
        ("been waiting 20 min on the phone line too. can someone just call me back on 138 0013 4477", "X"),
    ]),
    (E, N, [
        ("someone got into my account, my email was changed and theres an order going to an address in another city that i never placed", "H"),
        ("please stop it before it ships!!", "X"),
    ]),
    (E, N, [
        ("if i dont get my money back by friday im filing a chargeback and reporting you to consumer protection", "H:sensitive_intent"),
    ]),
    (E, N, [
        ("hi there", "S:greeting"),
        ("can i talk to an actual person please, its about a warranty claim thats gotten complicated", "H:user_requested"),
        ("thank you", "S:thanks"),
    ]),
    (E, N, [
        ("THIS IS THE WORST SHOP I HAVE EVER USED. THREE WEEKS AND NOTHING. ABSOLUTELY USELESS", "H:negative_sentiment"),
    ]),
    (E, N, [
        ("is it going to rain in shanghai on saturday? planning a picnic", "H:out_of_scope"),
        ("random q but do you think bitcoin will go up this month", "X"),
    ]),
    (E, N, [
        ("hey", "S:greeting"),
        ("how do i send something back to amazon, i bought the wrong charger there", "H:out_of_scope"),
    ]),
    (E, N, [
        ("trying to use my 20 off voucher but checkout greys it out as not eligible", "A:coupons-not-working"),
        ("my total is way above the minimum and the items are in the promo, it still doesnt work. that answer didnt help at all", "H:repeated_failure"),
    ]),
    (E, V, [
        ("my office is in kowloon - can you send there, and roughly how many days?", "A:shipping-international"),
        ("perfect, thanks", "S:thanks"),
    ]),
    (E, V, [
        ("hello", "S:greeting"),
        ("the espresso machine i got last month is leaking from the bottom, i need someone to come look at it this week", "H"),
    ]),
    (E, V, [
        ("is your live chat open on weekends? i can only deal with this on saturday", "A:customer-service-hours"),
        ("great", "S:affirm"),
    ]),
    (E, N, [
        ("question about shipping", "C"),
        ("how much do you charge if my order is only 45 yuan", "A:shipping-fees"),
        ("do you deliver to tibet too? my brother lives in shigatse", "A:shipping-remote-areas"),
        ("ok cool", "S:affirm"),
    ]),
    (E, N, [
        ("about my refund", "C"),
        ("how many days till it shows up on my visa, they approved it this morning", "A:refunds-how-long"),
    ]),
    (E, N, [
        ("hey", "S:greeting"),
        ("no mainland mobile number here - is signing up with an email address possible?", "A:account-register"),
        ("ok and where do i change my display name later, dont want my real name showing", "A:account-change-phone"),
    ]),
    (E, N, [
        ("locked myself out, cant remember my password and the app keeps saying its wrong", "A:account-reset-password"),
        ("also i have a personal and a work account, can i keep both logged in on my phone", "A:account-switch"),
        ("thanks!", "S:thanks"),
    ]),
    (E, N, [
        ("anyone there", "S:are_you_there"),
        ("bought earbuds from you in july and now the left one wont charge. is that under warranty", "A:warranty-repair"),
        ("wait am i talking to a real person or a bot", "S:bot_identity"),
        ("how long will the repair take, i use them for work", "A:warranty-repair"),
        ("what time does live chat close? might need to follow up after work", "A:customer-service-hours"),
    ]),
    (E, N, [
        ("hi", "S:greeting"),
        ("are the airpods on your site legit or are they copies", "A:product-authenticity"),
        ("will my british mastercard work at checkout", "A:payment-methods"),
        ("and is there a way to pay for the tv over like 6 months instead of all at once", "A:payment-installments"),
        ("cool", "S:affirm"),
    ]),
    (E, N, [
        ("box arrived with 2 of the 3 mugs i ordered, packing slip lists 3", "A:missing-item"),
        ("also the blender from my last order is great, where can i leave feedback on it", "A:leave-review"),
        ("😊", "S:emoji"),
    ]),
    (E, N, [
        ("payment keeps bouncing back with an error, theres definitely money on the card", "A:payment-failed"),
        ("can i just pay the courier when it shows up instead? dont really trust paying online", "A:payment-cod"),
        ("alright", "S:affirm"),
    ]),
    (E, N, [
        ("i sent my return back 10 days ago, where can i see whether you got it and if the refund went through", "A:refunds-status"),
        ("ok it says refunded but its less than i expected. kept the jeans, sent the shirt back, and the delivery charge wasnt included. why", "A:refunds-partial"),
    ]),
    (E, N, [
        ("bought a dress for a wedding, didnt end up wearing it, tags still on. got it 6 days ago - can i still send it back?", "A:returns-window,returns-condition"),
        ("and the courier cost for sending the dress back, is that mine to cover", "A:returns-shipping-cost"),
        ("cool thanks", "S:thanks"),
    ]),
    (E, N, [
        ("ordered sunday, its wednesday. how long does delivery normally take to chengdu??", "A:shipping-delivery-time"),
        ("ugh. next time i need something by tomorrow, is there a faster delivery option", "A:shipping-express"),
    ]),
    (E, N, [
        ("bought a vacuum on monday for 1299, now its 1099 on your site. thats annoying. can i get the difference?", "A:price-protection"),
        ("also need an invoice for it under my company name, what info do you need from me", "A:invoice-company"),
    ]),
    (E, N, [
        ("are you a bot", "S:bot_identity"),
        ("fine. once my return is approved where do i mail the parcel", "A:returns-how"),
        ("k", "S:affirm"),
    ]),
    (E, N, [
        ("i already posted my return, where in the app does the courier number go", "A:returns-how"),
        ("theres no box for it on the after-sales page, only a cancel button. youre not helping", "H:repeated_failure"),
        ("hello??", "S:are_you_there"),
    ]),
    (E, N, [
        ("hi", "S:greeting"),
        ("my order says shipped but the courier site says they havent received the parcel yet. which one is right", "A:order-status-meanings,tracking-where"),
        ("no thats all", "S:deny"),
    ]),
    (E, N, [
        ("still waiting on my refund, how long does it usually take to hit alipay", "A:refunds-how-long"),
        ("are you kidding me. you lot are a joke, 3 weeks of this garbage and all i get is a copy paste. pathetic", "H:negative_sentiment"),
    ]),
    (E, N, [
        ("got a different jacket than the one i ordered, wrong colour and wrong size. what do i do", "A:damaged-or-wrong-item"),
        ("ok doing it now", "S:affirm"),
        ("bye", "S:goodbye"),
    ]),
    (E, N, [
        ("can you help me with my essay on the french revolution? need 500 words by tonight", "H:out_of_scope"),
    ]),
    # ------------------------------------------------------------------ mixed
    (M, N, [
        ("亲 在吗", "S:are_you_there"),
        ("我的order显示delivered了 但是我没收到啊 快递柜也没有", "H"),
    ]),
    (M, N, [
        ("这个耳机yyds 音质绝了 想追评一下在哪加", "A:leave-review"),
        ("hhh", "S:emoji"),
    ]),
    (M, N, [
        ("xswl 下单地址写成我前男友家了 还没发货 赶紧帮我看看怎么改", "A:change-order-address"),
        ("哈哈哈哈", "S:emoji"),
    ]),
    (M, N, [
        ("kf在吗", "S:are_you_there"),
        ("tk到哪一步了 申请了三天了 单号2026120155102", "A:refunds-status"),
        ("refund会退回我的信用卡吗 还是退到余额里", "A:refunds-where"),
    ]),
    (M, N, [
        ("help 我账号被盗了 密码被改了 绑定的手机号也被换了", "H"),
        ("能不能快点转个human agent", "X"),
    ]),
    (M, N, [
        ("hello", "S:greeting"),
        ("想问下SF能发吗 要多加多少钱", "A:shipping-express"),
        ("双11领的coupon和店铺券能一起用吗", "A:coupons-how"),
    ]),
    (M, N, [
        ("为啥我的payment一直failed 换了两张卡都不行", "A:payment-failed"),
        ("还是不行啊 third time now 你们系统是不是有bug", "H:repeated_failure"),
    ]),
    (M, N, [
        ("我要人工客服 别给我发那些自动回复了 我问的是两个order合并发货的事", "H:user_requested"),
    ]),
    (M, N, [
        ("这个order想撤掉", "C"),
        ("东西昨天就发出来了", "A:cancel-after-shipment"),
    ]),
    (M, V, [
        ("hi", "S:greeting"),
        ("单位让开增值税专票 我这边得准备哪些信息给你们", "A:invoice-company"),
        ("thanks", "S:thanks"),
    ]),
    (M, N, [
        ("有人吗", "S:are_you_there"),
        ("你是真人还是AI啊", "S:bot_identity"),
        ("那你帮我看看运费险怎么赔 退的这双鞋下单的时候带了", "A:returns-shipping-cost"),
        ("好嘞", "S:affirm"),
    ]),
    (M, N, [
        ("去年十月买的扫地机器人 这两天充不进电了 还在warranty里吗 怎么修", "A:warranty-repair"),
        ("要我自己寄过去吗 那玩意挺重的", "A:warranty-repair"),
    ]),
]
