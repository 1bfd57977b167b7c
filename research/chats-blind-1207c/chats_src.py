# Hand-written chats for Triage (blind). Compact form, converted by build.py.
# Turn codes:
#   "S:label"         small talk (answer; handoff/handoff_active after a handoff)
#   "A:id,id"         answer with expected_faq
#   "C"               clarify
#   "H" / "H:reason"  first handoff of the chat (reason optional)
#   "X"               any non-small-talk turn after a handoff (handoff / handoff_active)
# Each chat: (lang, vip, [(text, code), ...]); order here is writing order, build.py shuffles.

CHATS = [
('zh', False, [
  ('在吗', 'S:are_you_there'),
  ('昨天下午付的款 电饭煲到现在还是待发货 这个状态啥意思 正常不', 'A:order-status-meanings,shipping-delivery-time'),
  ('哦哦 懂了', 'S:affirm'),
]),
('zh', False, [
  ('亲 运费险是自动赔的 还是得我自己去点申请', 'A:returns-shipping-cost'),
  ('那要是东西本身就有毛病 寄回去的邮费也是我先垫吗', 'A:returns-shipping-cost'),
  ('谢啦', 'S:thanks'),
]),
('zh', False, [
  ('你好', 'S:greeting'),
  ('订单显示已签收 可我压根没见着东西 快递柜跟门卫都问过了 单号SF1408823391027', 'H'),
  ('大概多久能给个说法', 'X'),
  ('好吧', 'S:affirm'),
]),
('zh', False, [
  ('想改个地址 咋弄', 'C'),
  ('不是订单上的 是地址簿里存的那个旧的 人已经搬走了', 'A:address-edit'),
  ('👌', 'S:emoji'),
]),
('zh', False, [
  ('帮我查下明天上海会不会下雨 要不要带伞', 'H:out_of_scope'),
  ('哈哈哈', 'S:emoji'),
]),
('zh', False, [
  ('退款申请提交18天了 钱还没回到我卡上 订单号2026110398127745', 'H'),
  ('你们到底管不管啊', 'X'),
]),
('zh', False, [
  ('要开公司抬头的票 税号填哪 还要给你们啥信息', 'A:invoice-company'),
  ('专票的话是不是还得多交点资料', 'A:invoice-company'),
  ('好的', 'S:affirm'),
]),
('zh', False, [
  ('给我找个真人来聊 不想跟程序打字了', 'H:user_requested'),
]),
('zh', False, [
  ('你们家卖假货 我这就打12315举报', 'H:sensitive_intent'),
  ('别再给我发模板了', 'X'),
]),
('zh', True, [
  ('你好', 'S:greeting'),
  ('这次凑单还差十几块才到包邮线 不够的话运费收多少', 'A:shipping-fees'),
  ('谢谢', 'S:thanks'),
]),
('zh', True, [
  ('上周买的咖啡机 才用三天出水就不对劲 麻烦看下怎么处理 订单2026112700418863', 'H'),
  ('尽快安排吧 周末家里要来客人', 'X'),
]),
('zh', False, [
  ('哈喽', 'S:greeting'),
  ('亲 头一回在这买 能用花呗分期不 最多分几期', 'A:payment-installments'),
  ('分期要额外收钱吗 页面上写的免息靠谱不', 'A:payment-installments'),
  ('好滴', 'S:affirm'),
]),
('zh', False, [
  ('在吗', 'S:are_you_there'),
  ('在吗？？', 'S:are_you_there'),
  ('东西发出来没 想看看物流走到哪了 订单尾号7732', 'A:tracking-where'),
]),
('zh', False, [
  ('我账号被人盗了 收货地址全给改了 还多了两单不是我下的', 'H'),
  ('绑定手机13817264490 赶紧帮我冻结', 'X'),
]),
('zh', False, [
  ('你是不是机器人啊', 'S:bot_identity'),
  ('那问下 刚拍的单子反悔了 现在撤掉会不会收手续费', 'A:cancellation-fee,cancel-before-shipment'),
  ('哦 那就好', 'S:affirm'),
]),
('zh', False, [
  ('东西收到了 想写几句顺便传两张图 从哪进去写', 'A:leave-review'),
  ('写完了才发现打错字了 能再改改不', 'A:leave-review'),
  ('好吧', 'S:affirm'),
]),
('zh', False, [
  ('我不太放心 想等东西送到了再给钱 能货到付款不', 'A:payment-cod'),
  ('一千八的东西也可以吗', 'A:payment-cod'),
  ('嗯嗯', 'S:affirm'),
]),
('zh', False, [
  ('你好', 'S:greeting'),
  ('吹风机外壳裂了一大条 照片已经发你们了[图片][图片] 看怎么赔吧', 'H'),
  ('快点给个方案', 'X'),
]),
('zh', False, [
  ('亲 下单那会儿忘了勾开票 现在还能补开吗', 'A:invoice-how'),
  ('东西上个月就收到了', 'A:invoice-how'),
  ('谢谢', 'S:thanks'),
]),
('zh', False, [
  ('您好', 'S:greeting'),
  ('之前那个手机号停机了 登录老往旧号发码 怎么换成新的', 'A:account-change-phone'),
  ('旧卡早就注销了 短信肯定收不到', 'A:account-change-phone'),
  ('好的 我试试', 'S:affirm'),
]),
('zh', False, [
  ('你们这个破软件垃圾透了 退个款要等到猴年马月 一群废物', 'H:negative_sentiment'),
]),
('zh', False, [
  ('想问下你们有没有线下门店 我想去摸摸实物再买', 'H'),
  ('那算了', 'S:deny'),
]),
('zh', False, [
  ('两个月前买的扫地机不转了 还在保修里吗 能修不', 'A:warranty-repair'),
  ('要我自己打包寄过去吗', 'A:warranty-repair'),
  ('不用了', 'S:deny'),
]),
('zh', False, [
  ('盒子里少了个东西 说好的充电线没有', 'A:missing-item'),
  ('就一个快递单号 售后里选了少件 点提交一直报错', 'H'),
]),
('zh', False, [
  ('在么', 'S:are_you_there'),
  ('这个号不打算用了 想销户 里面的积分会清零吗', 'A:account-delete'),
  ('提交以后要等多久才算彻底注销', 'A:account-delete'),
  ('拜拜', 'S:goodbye'),
]),
('zh', False, [
  ('你们这帮骗子 扣了我两次钱 到现在一分没退 我要报警', 'H:sensitive_intent'),
  ('订单号2026112214550032 自己查', 'X'),
]),
('zh', False, [
  ('在吗', 'S:are_you_there'),
  ('发票抬头写成我自己名字了 公司不给报 能重新开一张不', 'A:invoice-change-title'),
  ('重开以后之前那张还作数吗', 'A:invoice-change-title'),
  ('谢谢', 'S:thanks'),
]),
('zh', False, [
  ('衣服已经寄回仓库了 退的钱啥时候能到', 'A:returns-refund-timing'),
  ('退回支付宝的', 'A:returns-refund-timing'),
  ('谢谢', 'S:thanks'),
]),
('zh', False, [
  ('帮我订张明天去杭州的高铁票 早上九点左右的', 'H:out_of_scope'),
  ('切 这都不行', 'X'),
]),
('zh', False, [
  ('帮我催一下快递 三天了一直在转运中心不动', 'H'),
  ('麻烦了', 'S:thanks'),
]),
('zh', False, [
  ('在吗', 'S:are_you_there'),
  ('东西已经寄出了 可我突然不想要了 到时候拒签行吗', 'A:cancel-after-shipment'),
  ('拒签以后钱多久退回来', 'A:cancel-after-shipment,refunds-how-long'),
]),
('zh', False, [
  ('上周退的那件羽绒服 仓库说验货不通过 退款给驳回了 凭啥', 'H'),
  ('我要求重新审核', 'X'),
  ('人呢', 'S:are_you_there'),
]),
('zh', False, [
  ('亲 衣服吊牌我剪掉了 但一次都没穿过 还能退吗', 'A:returns-condition'),
  ('那内衣呢 还没拆封的', 'A:returns-condition'),
  ('谢谢啦', 'S:thanks'),
]),
('zh', False, [
  ('想收你们的活动短信 订阅了有券送吗', 'A:newsletter-subscribe'),
  ('送的那个券有门槛吗 要买够多少才能抵', 'A:newsletter-subscribe'),
]),
('zh', False, [
  ('天天给我发广告短信 烦死了 怎么关掉', 'A:newsletter-unsubscribe'),
  ('关了以后快递到了还会提醒我吗', 'A:newsletter-unsubscribe'),
  ('好的', 'S:affirm'),
]),
('zh', False, [
  ('在吗', 'S:are_you_there'),
  ('签收第6天了 东西不想要了 还能无理由退不', 'A:returns-window'),
  ('从签收那天算还是从发货那天算啊', 'A:returns-window'),
  ('谢谢', 'S:thanks'),
]),
('zh', False, [
  ('我那个退款现在走到哪一步了 订单尾号4419', 'A:refunds-status'),
  ('你说的那个页面我翻遍了 根本没有退款那一栏 还是不知道钱在哪', 'H:repeated_failure'),
  ('算了', 'S:deny'),
]),
('zh', False, [
  ('降价了 保价从哪进去申请', 'A:price-protection'),
  ('订单页里压根没看到价格保护的按钮 你这说了等于白说', 'H:repeated_failure'),
]),
('zh', False, [
  ('想换个别的颜色', 'C'),
  ('还没发货呢 昨天晚上刚拍的', 'A:change-order'),
  ('谢了', 'S:thanks'),
]),
('zh', False, [
  ('手机号的问题', 'C'),
  ('注册的时候提示这个号已经被人用过了', 'A:account-registration-problems'),
]),
('zh', False, [
  ('你好', 'S:greeting'),
  ('这款冰箱宽多少 能塞进我家60公分的柜子不', 'H'),
  ('不用了 我再看看别家', 'X'),
]),
('zh', False, [
  ('我的快递到底到哪了 好几天了 急死了', 'A:tracking-where'),
  ('答非所问 我问的是它为啥卡在一个地方五天不动了', 'H:repeated_failure'),
  ('你们能不能上点心', 'X'),
]),
('zh', False, [
  ('你好呀', 'S:greeting'),
  ('在吗', 'S:are_you_there'),
  ('刚下的单地址写成公司了 还没发货 能改成家里吗', 'A:change-order-address'),
  ('谢谢你', 'S:thanks'),
  ('再见', 'S:goodbye'),
]),
('zh', False, [
  ('我要起诉你们 卖给我的充电宝鼓包了差点着火', 'H:sensitive_intent'),
  ('我律师会联系你们', 'X'),
]),
('zh', False, [
  ('你们能帮我把两个订单合成一个包裹发吗 省点运费', 'H'),
]),
('en', False, [
  ('hello?', 'S:are_you_there'),
  ('tracking says delivered yesterday but theres nothing at my door and the neighbours dont have it. order #B55201', 'H'),
  ('ok', 'S:affirm'),
]),
('en', False, [
  ('hi', 'S:greeting'),
  ('my refund got approved this morning, how long till it lands on my credit card', 'A:refunds-how-long'),
  ('thx!!', 'S:thanks'),
]),
('en', False, [
  ('do u guys ship to australia?', 'A:shipping-international'),
  ('roughly how long to sydney', 'A:shipping-international'),
  ('and is there import tax i gotta pay on my side', 'A:shipping-international'),
  ('thank u so much', 'S:thanks'),
]),
('en', False, [
  ('can i talk to an actual person please, this is going nowhere', 'H:user_requested'),
]),
('en', False, [
  ('hey', 'S:greeting'),
  ('my card got hit twice for the same order, 2 x 45.90, card ending 4471', 'A:payment-charged-unpaid'),
  ('its been a whole week and the second charge is still sitting there', 'H'),
  ('ok', 'S:affirm'),
]),
('en', False, [
  ('hey', 'S:greeting'),
  ('typed my old apartment on the order, can i still fix where it goes', 'A:change-order-address'),
  ('nah its still processing, not sent out yet', 'A:change-order-address'),
  ('thank you!', 'S:thanks'),
]),
('en', False, [
  ('this is a scam. paid 3 weeks ago and got nothing, im filing a chargeback with my bank', 'H:sensitive_intent'),
  ('whatever', 'X'),
]),
('en', False, [
  ('are you a bot?', 'S:bot_identity'),
  ('lol', 'S:emoji'),
  ('so whats the minimum spend for free delivery', 'A:shipping-fees'),
]),
('en', False, [
  ('hiya', 'S:greeting'),
  ('my coupon says not valid?? its a 20 off 200 one', 'A:coupons-not-working'),
  ('the cart is 230 tho', 'A:coupons-not-working'),
  ('still not working, i literally just told you im over the minimum', 'H:repeated_failure'),
]),
('en', False, [
  ('hi there', 'S:greeting'),
  ('ordered a bed frame, can someone come and assemble it for me', 'H'),
]),
('en', False, [
  ('good morning', 'S:greeting'),
  ('got it in the 11.11 flash deal and now its even lower, can i claim the difference', 'A:price-protection'),
  ('meh ok', 'S:affirm'),
]),
('en', False, [
  ('you people are absolute clowns, worst shop i have ever used', 'H:negative_sentiment'),
]),
('en', False, [
  ('locked out, forgot my pw. can i get in with a text code and sort it later', 'A:account-reset-password'),
  ('👍', 'S:emoji'),
]),
('en', False, [
  ('is the stuff u sell legit or knockoffs? looking at the nike ones', 'A:product-authenticity'),
  ('what if mine turns out fake', 'A:product-authenticity'),
  ('alright 👍', 'S:affirm'),
]),
('en', False, [
  ('can you recommend a good gaming laptop under 5000', 'H'),
]),
('en', False, [
  ('brand new blender wont even switch on, how do i sort this out', 'A:damaged-or-wrong-item'),
  ('i uploaded the photos 4 days ago and nobody has replied', 'H'),
]),
('en', False, [
  ('yo', 'S:greeting'),
  ('how do returns work here, never done one', 'A:returns-how'),
  ('once its approved where do i post it', 'A:returns-how'),
  ('kk', 'S:affirm'),
]),
('en', False, [
  ('hello', 'S:greeting'),
  ('app keeps saying payment failed but theres money on the card', 'A:payment-failed'),
  ('if i come back in an hour is my order still gonna be there', 'A:payment-failed'),
  ('ty', 'S:thanks'),
]),
('en', False, [
  ('i need to speak with your manager about my order', 'H:user_requested'),
  ('hello???', 'S:are_you_there'),
]),
('en', False, [
  ('hey can someone from support ring me at 13900457812? its about the sofa that came ripped', 'H:user_requested'),
]),
('en', False, [
  ('whats the best crypto to buy rn', 'H:out_of_scope'),
  ('lmao', 'S:emoji'),
]),
('en', False, [
  ('hi', 'S:greeting'),
  ('how do i cancel an order i placed like 5 mins ago', 'A:cancel-before-shipment'),
  ('and the money comes back straight away?', 'A:cancel-before-shipment,refunds-how-long'),
  ('great', 'S:affirm'),
]),
('en', False, [
  ('my refund was 40 less than i paid, i only sent back 1 of the 2 shirts', 'A:refunds-partial'),
  ('so the discount got split between them?', 'A:refunds-partial'),
  ('ah ok', 'S:affirm'),
]),
('en', False, [
  ('hello?', 'S:are_you_there'),
  ('anyone there', 'S:are_you_there'),
  ('ugh. if i order now with express do i get it tomorrow? its 2pm here in shanghai', 'A:shipping-express'),
]),
('en', False, [
  ('got someone elses order, a kids toy instead of my headphones. i need them for a trip on saturday', 'H'),
  ('pls hurry', 'X'),
]),
('en', False, [
  ('been waiting 3 weeks for my refund on order #A90217. this is ridiculous', 'H'),
  ('hello??', 'S:are_you_there'),
]),
('en', False, [
  ('how do i add another shipping address, sending a gift to my mom', 'A:address-add'),
  ('thanks!', 'S:thanks'),
  ('bye', 'S:goodbye'),
]),
('en', False, [
  ('hi', 'S:greeting'),
  ('how do i make an account, i dont have wechat', 'A:account-register'),
]),
('en', False, [
  ('how do i flip between my personal and work logins on the app', 'A:account-switch'),
]),
('en', False, [
  ('wheres my refund at, sent the jacket back last week', 'A:refunds-status,returns-refund-timing'),
  ('that doesnt help, the page just says processing and its been like that for 9 days', 'H:repeated_failure'),
]),
('en', False, [
  ('any penalty if i back out of an order before it ships', 'A:cancellation-fee'),
  ('what about the deposit i put down on the presale phone', 'A:cancellation-fee'),
]),
('en', False, [
  ('sick of waiting. 10 days and the tracking hasnt moved since it left guangzhou. is it lost??', 'H'),
]),
('en', True, [
  ('hi', 'S:greeting'),
  ('quick one, can i get stuff sent to my place in singapore', 'A:shipping-international'),
  ('thanks', 'S:thanks'),
]),
('en', True, [
  ('order #V10288 arrived with the wrong strap colour on the watch, i need it sorted before the weekend', 'H'),
  ('please prioritise this', 'X'),
]),
('en', True, [
  ('hello', 'S:greeting'),
  ('until what time can i message you guys tonight', 'A:customer-service-hours'),
]),
('en', True, [
  ('any discount for a bulk order? like 50 units of the desk lamp for my office', 'H'),
  ('thanks', 'S:thanks'),
]),
('en', False, [
  ('need to cancel something', 'C'),
  ('the marketing emails not an order lol', 'A:newsletter-unsubscribe'),
  ('cheers', 'S:thanks'),
]),
('en', False, [
  ('coupon??', 'C'),
  ('the vouchers i grabbed yesterday, where did they go', 'A:coupons-how'),
]),
('en', False, [
  ('first time using this app lol, after adding to basket how do i actually check out', 'A:place-order'),
  ('thanks', 'S:thanks'),
]),
('en', False, [
  ('if i ship to tibet how long is it and whats the extra cost', 'A:shipping-remote-areas'),
  ('ok', 'S:affirm'),
  ('bye', 'S:goodbye'),
]),
('en', False, [
  ('the mug came with a crack down the side, what do i do', 'A:damaged-or-wrong-item'),
  ("i did that already and the request got rejected, it says 'not covered'. this is so unfair", 'H'),
]),
('en', False, [
  ('WHERE IS MY ORDER. 2 WEEKS. NOBODY ANSWERS. PATHETIC', 'H:negative_sentiment'),
]),
('en', False, [
  ('hey', 'S:greeting'),
  ('can i pay with the card i got back home, its a visa', 'A:payment-methods'),
  ('sweet', 'S:affirm'),
  ('thanks', 'S:thanks'),
]),
('mixed', False, [
  ('在吗', 'S:are_you_there'),
  ('我的order显示待收货 是已经寄出来了的意思吗', 'A:order-status-meanings'),
  ('ok', 'S:affirm'),
]),
('mixed', False, [
  ('refund 退回花呗的话 账单会自动抵掉吗', 'A:refunds-where'),
  ('谢谢哈', 'S:thanks'),
]),
('mixed', False, [
  ('你们的 customer service 太差了 我要去消协告你们', 'H:sensitive_intent'),
]),
('mixed', False, [
  ('想退货 但是 box 已经扔了 还能退吗', 'A:returns-condition'),
  ('ok 明白', 'S:affirm'),
]),
('mixed', False, [
  ('hello', 'S:greeting'),
  ('invoice 的 pdf 去哪下', 'A:invoice-electronic'),
]),
('mixed', False, [
  ('上周被扣了两次款 说好的1-3天退 现在还没退回来 order号 2026112009931', 'H'),
  ('pls check asap', 'X'),
]),
('mixed', False, [
  ('怎么 unsubscribe 你们的 email 啊', 'A:newsletter-unsubscribe'),
]),
('mixed', False, [
  ('亲 这个 size 不合适 可以换 L 码吗', 'A:exchange-item'),
  ('thx 亲', 'S:thanks'),
]),
('mixed', False, [
  ('transfer me to a human pls 我不想跟bot聊了', 'H:user_requested'),
]),
('mixed', False, [
  ('哈喽', 'S:greeting'),
  ('能 ship 到美国吗 大概要几天', 'A:shipping-international'),
]),
('mixed', False, [
  ('invoice 的事情问一下', 'C'),
  ('要开公司抬头的 税号什么的要填吗', 'A:invoice-company'),
]),
('mixed', True, [
  ('在吗', 'S:are_you_there'),
  ('我的 account 是 VIP 的 能帮我把上个月那单的 warranty 延长一年吗', 'H'),
]),
]
