"""Hand-written blind chats, 2026-12-12. Each chat: (language, vip, [(text, code), ...]).
Codes: S:<label> small talk; A:<ids> answer with FAQ ids; C clarify; H / H:<reason> first
handoff; X a later non-small-talk turn (handoff_active). All personal data is made up."""

CHATS = [
    ('zh', False, [
        ('在吗', 'S:are_you_there'),
        ('前天买的电饭煲 订单号2024061812345678 物流信息在哪看啊 手机上翻半天没找着', 'A:tracking-where'),
        ('找到了', 'S:affirm'),
        ('谢谢亲', 'S:thanks'),
    ]),
    ('zh', False, [
        ('亲', 'S:greeting'),
        ('裤子买大了 想换小一码 咋弄', 'A:exchange-item'),
        ('那新的是等我寄回去你们收到了才发吗', 'A:exchange-item'),
        ('明白了', 'S:affirm'),
    ]),
    ('zh', False, [
        ('好慢啊 都四天了 到底到哪了😩', 'A:tracking-where'),
        ('我是寄到乌鲁木齐的 正常要走几天', 'A:shipping-remote-areas,shipping-delivery-time'),
        ('行吧 那再等等', 'S:affirm'),
    ]),
    ('zh', False, [
        ('你好', 'S:greeting'),
        ('买的蓝牙耳机 盒子里没有充电线 说明书上写了有的 你们赶紧给我补寄一根 订单2024052233445566', 'H'),
        ('大概要几天', 'X'),
        ('好', 'S:affirm'),
    ]),
    ('zh', False, [
        ('快递显示昨天就签收了 可我压根没收到 快递柜跟门卫都问过了 单号JD0098812233', 'H'),
        ('麻烦你们查下到底是谁签的', 'X'),
    ]),
    ('zh', False, [
        ('退款申请都过去二十多天了 一分钱没见着 订单号2024052011223344', 'H'),
        ('再拖下去我就打12315了', 'X'),
    ]),
    ('zh', False, [
        ('什么破店 东西烂成这样 客服也是摆设 气死我了', 'H:negative_sentiment'),
        ('赶紧给我弄', 'X'),
    ]),
    ('zh', False, [
        ('能不能换个活人来跟我聊', 'H:user_requested'),
        ('谢谢', 'S:thanks'),
    ]),
    ('zh', False, [
        ('你好', 'S:greeting'),
        ('今天下单的话 你们啥时候能发出来', 'A:shipping-delivery-time'),
        ('好的 顺便问下明天杭州下不下雨 要出门', 'H:out_of_scope'),
    ]),
    ('zh', False, [
        ('运费咋算 我就买了包抽纸 三十几块', 'A:shipping-fees'),
        ('那我凑到99就免运费了是吧', 'A:shipping-fees'),
        ('银联云闪付能付吗', 'A:payment-methods'),
        ('谢谢', 'S:thanks'),
    ]),
    ('zh', True, [
        ('顺丰要加钱吗', 'A:shipping-express'),
        ('下午两点前拍 明天能到上海不', 'A:shipping-express'),
        ('好的 谢谢', 'S:thanks'),
    ]),
    ('zh', True, [
        ('你好', 'S:greeting'),
        ('上周买的空气炸锅 才用了三次就不加热了 直接给我换台新的吧', 'H'),
        ('尽快啊', 'X'),
    ]),
    ('zh', False, [
        ('在吗', 'S:are_you_there'),
        ('我要改个东西', 'C'),
        ('收货地址 刚下的单 还没发', 'A:change-order-address'),
        ('好的', 'S:affirm'),
    ]),
    ('zh', False, [
        ('就是不喜欢那个颜色 退回去的邮费得我掏吗', 'A:returns-shipping-cost'),
        ('下单那会儿好像顺手买了运费险 那是不是不用我出了', 'A:returns-shipping-cost'),
        ('谢了', 'S:thanks'),
        ('另外一单 [图片] 你看 箱子都压扁了 台灯灯罩裂了 售后申请交了三天都没人理', 'H'),
        ('谢谢', 'S:thanks'),
    ]),
    ('zh', False, [
        ('护手霜只撕了外面那层塑封 还能退不', 'A:returns-condition'),
        ('那衣服呢 吊牌都在 就在家试穿了一下', 'A:returns-condition'),
        ('这个保温杯装热牛奶会有味儿吗', 'H'),
        ('好的', 'S:affirm'),
    ]),
    ('zh', False, [
        ('上礼拜买的扫地机 今天一看便宜了一百多 差价能给我退吗', 'A:price-protection'),
        ('我那个是看直播的时候下的单 也算吗', 'A:price-protection'),
        ('哦 好吧', 'S:affirm'),
        ('你们知道京东618几号开始吗', 'H:out_of_scope'),
    ]),
    ('zh', False, [
        ('要开公司抬头的票 需要给你们什么', 'A:invoice-company'),
        ('要是开专票还得多提供啥', 'A:invoice-company'),
        ('好嘞', 'S:affirm'),
    ]),
    ('zh', False, [
        ('发票上公司名打错了一个字 能重开吗', 'A:invoice-change-title'),
        ('是上个月开的 还来得及不', 'A:invoice-change-title'),
        ('发货去香港可以吗 我在铜锣湾', 'A:shipping-international'),
        ('大概几天能到 运费咋算', 'A:shipping-international'),
    ]),
    ('zh', False, [
        ('你是真人还是程序啊', 'S:bot_identity'),
        ('花呗付的 东西退了以后钱回哪', 'A:refunds-where'),
        ('明白', 'S:affirm'),
        ('还有 同一笔订单扣了我两次 一个多礼拜了 多的那笔还没回来 订单号2024041598765432', 'H'),
        ('截图发哪', 'X'),
    ]),
    ('zh', False, [
        ('支付宝那边已经扣款了 订单这边还让我付 什么情况', 'A:payment-charged-unpaid'),
        ('那我先等半小时 要是到时候还这样呢', 'A:payment-charged-unpaid'),
        ('哦 刷新了 现在显示待发货 是付上了吧', 'A:order-status-meanings'),
        ('那一般多久会发出', 'A:shipping-delivery-time'),
    ]),
    ('zh', False, [
        ('我账号好像被人登了 收到好几条陌生设备登录的短信 订单里还多了个不是我下的', 'H'),
        ('急 我卡还绑在上面呢', 'X'),
    ]),
    ('zh', False, [
        ('这个号不想用了 想销户 要咋弄', 'A:account-delete'),
        ('里面还有两张券没使 注销后还在吗', 'A:account-delete'),
        ('知道了', 'S:affirm'),
        ('无聊 给我讲个笑话呗', 'H:out_of_scope'),
        ('哈哈哈哈', 'S:emoji'),
    ]),
    ('zh', False, [
        ('新手机号怎么换绑到账号上', 'A:account-change-phone'),
        ('旧号码已经停机了 收不到验证码啊', 'A:account-change-phone'),
        ('头像咋换', 'A:account-change-phone'),
        ('还有个事 我妈在新疆 给她寄东西要多久', 'A:shipping-remote-areas'),
        ('谢谢', 'S:thanks'),
    ]),
    ('zh', False, [
        ('开号卡在验证码这一步 短信五分钟了都没来', 'A:account-registration-problems'),
        ('能打电话把码念给我不 短信老是收不到', 'A:account-registration-problems'),
        ('还有 我手机号13812345678 它说已经注册过了 可我不记得注册过啊', 'A:account-registration-problems'),
        ('哦 那我试试找回密码', 'S:affirm'),
    ]),
    ('zh', False, [
        ('登录的时候死活想不起密码 咋弄回来', 'A:account-reset-password'),
        ('对了 默认收货地址怎么换成公司那个', 'A:address-add,address-edit'),
        ('懂了', 'S:affirm'),
    ]),
    ('zh', False, [
        ('有人吗', 'S:are_you_there'),
        ('东西到了 杯子碎了两个 咋处理', 'A:damaged-or-wrong-item'),
        ('好 我去弄', 'S:affirm'),
    ]),
    ('zh', False, [
        ('亲 我买的是黑色的 给我发了个白的 周六要送人的 能不能今天就给我重新发个黑的过来', 'H'),
        ('订单号2024060155443322 拜托了', 'X'),
    ]),
    ('zh', False, [
        ('亲', 'S:greeting'),
        ('退的货仓库已经签收了 钱多久到', 'A:returns-refund-timing'),
        ('退回银行卡的话呢', 'A:returns-refund-timing,refunds-how-long'),
        ('我那笔退款现在卡在哪个环节 怎么查', 'A:refunds-status'),
        ('嗯嗯 看到了', 'S:affirm'),
    ]),
    ('zh', False, [
        ('亲 拉萨能寄吗', 'A:shipping-remote-areas'),
        ('买了一百多 那还包邮吗', 'A:shipping-remote-areas'),
        ('能收到货再给钱不', 'A:payment-cod'),
        ('我这单三千多 也可以？', 'A:payment-cod'),
        ('好吧 那我下单了', 'S:affirm'),
    ]),
    ('zh', False, [
        ('这个手机能分期吗 分12期要利息不', 'A:payment-installments'),
        ('支付一直弹失败 余额够的啊 咋回事', 'A:payment-failed'),
        ('换了三张卡都一样 你说的那些我都试过了 还是付不了', 'H:repeated_failure'),
    ]),
    ('zh', False, [
        ('领了张满200减30的券 结算的时候是灰的 选不上', 'A:coupons-not-working'),
        ('我买了210啊', 'A:coupons-not-working'),
        ('哦哦 原来这样', 'S:affirm'),
        ('那店里的券跟平台的券能叠着用不', 'A:coupons-how'),
        ('我领的券都放哪了 找半天', 'A:coupons-how'),
    ]),
    ('zh', False, [
        ('你好', 'S:greeting'),
        ('刚拍的 还没发货 不想要了', 'A:cancel-before-shipment'),
        ('取消会收啥费用吗', 'A:cancellation-fee'),
        ('预售那个交了定金 现在不想买了 能退吗', 'A:cancellation-fee'),
        ('可你们页面写的15号发 今天都20号了还没动静', 'A:cancellation-fee'),
    ]),
    ('zh', False, [
        ('显示已发货 我又不想要了 还能撤回不', 'A:cancel-after-shipment'),
        ('那我直接拒签可以吧', 'A:cancel-after-shipment'),
        ('那我换个款 这款羽绒服L码还有吗 我175 130斤 穿哪个码合适', 'H'),
    ]),
    ('zh', False, [
        ('刚付完款发现数量拍错了 要两个拍成一个了', 'A:change-order'),
        ('明白了', 'S:affirm'),
        ('问下开票的事儿', 'C'),
        ('下单时候忘勾了 现在还能补开不', 'A:invoice-how'),
        ('行', 'S:affirm'),
    ]),
    ('zh', False, [
        ('吹风机是去年十一月买的 这两天只吹冷风 保修还管不管', 'A:warranty-repair'),
        ('送修的话得我自己找快递吗', 'A:warranty-repair'),
        ('还有 昨天到的包裹里少了一瓶洗发水 怎么弄', 'A:missing-item'),
        ('订单上就一个快递单号', 'A:missing-item'),
    ]),
    ('zh', False, [
        ('你们家护肤品是正品吧 别给我发假的', 'A:product-authenticity'),
        ('真要是假的咋赔', 'A:product-authenticity'),
        ('有防伪码能自己查吗', 'A:product-authenticity'),
    ]),
    ('zh', False, [
        ('嗨', 'S:greeting'),
        ('东西收到了挺满意 想给个好评 在哪弄', 'A:leave-review'),
        ('写完以后还能再加图不', 'A:leave-review'),
        ('没了', 'S:deny'),
    ]),
    ('zh', False, [
        ('在不', 'S:are_you_there'),
        ('营销短信一天好几条 烦 咋退', 'A:newsletter-unsubscribe'),
        ('关掉的话 物流消息是不是也收不到了', 'A:newsletter-unsubscribe'),
        ('晚上十点多还能找到你们不 几点收工', 'A:customer-service-hours'),
        ('春节那几天也有人回吗', 'A:customer-service-hours'),
    ]),
    ('zh', False, [
        ('有活动能不能提前告诉我 在哪订', 'A:newsletter-subscribe'),
        ('订了送券吗', 'A:newsletter-subscribe'),
        ('👌', 'S:emoji'),
    ]),
    ('zh', False, [
        ('我有两个号 能把订单合到一个号上吗', 'A:account-switch'),
        ('那两个号之间怎么来回切', 'A:account-switch'),
        ('好', 'S:affirm'),
    ]),
    ('zh', False, [
        ('你好', 'S:greeting'),
        ('第一次用 咋买东西啊 加完购物车然后呢', 'A:place-order'),
        ('付了以后在哪看订单', 'A:place-order'),
        ('想多存个地址 我老家的 在哪加', 'A:address-add'),
        ('能存的数量有上限吗', 'A:address-add'),
    ]),
    ('zh', False, [
        ('三件一起买的 退了其中一条裤子 到账才六十几 标价明明89', 'A:refunds-partial'),
        ('那运费退不退', 'A:refunds-partial'),
        ('还有一单 物流停在广州转运中心一个礼拜了 一动不动 你们能不能联系下快递问问', 'H'),
        ('单号ZT7765123409', 'X'),
    ]),
    ('zh', False, [
        ('售后申请被驳回了 说我人为损坏 我碰都没碰过', 'H'),
        ('???', 'X'),
    ]),
    ('zh', False, [
        ('订单无缘无故被你们取消了 钱也不退 我会找律师起诉', 'H:sensitive_intent'),
        ('在吗', 'S:are_you_there'),
    ]),
    ('zh', True, [
        ('你们开的电子票 单位财务认不认 能走报销不', 'A:invoice-electronic'),
        ('好', 'S:affirm'),
    ]),
    ('zh', True, [
        ('亲', 'S:greeting'),
        ('买的床垫到了 能不能安排师傅上门把床架也装一下', 'H'),
        ('谢谢', 'S:thanks'),
    ]),
    ('zh', False, [
        ('地址簿里那个上海市浦东新区张江路188弄3号 门牌号写错了 怎么改', 'A:address-edit'),
        ('改了以后 昨天下的那单会不会跟着变', 'A:address-edit'),
    ]),
    ('zh', False, [
        ('急死了 我的包裹到底走到哪了 明天就要用', 'A:tracking-where'),
        ('行 我去看看', 'S:affirm'),
        ('88', 'S:goodbye'),
    ]),
    ('zh', False, [
        ('退款的事', 'C'),
        ('就是想知道钱退到哪 我当时刷的招行信用卡', 'A:refunds-where'),
    ]),
    ('zh', False, [
        ('帮我算下 一斤等于多少克', 'H:out_of_scope'),
        ('哈哈', 'S:emoji'),
    ]),
    ('zh', False, [
        ('好慢啊 下单五天了还在路上', 'A:tracking-where'),
        ('你们这什么垃圾物流 一帮废物 老子再也不买了', 'H:negative_sentiment'),
    ]),
    ('zh', False, [
        ('你们这个客服态度太差了 问三遍都答非所问 我要投诉', 'H:sensitive_intent'),
        ('投诉电话多少', 'X'),
    ]),
    ('zh', False, [
        ('你好', 'S:greeting'),
        ('收到的锅跟我下单的不是一个型号 应该怎么处理', 'A:damaged-or-wrong-item'),
        ('那寄回去的运费算谁的', 'A:damaged-or-wrong-item,returns-shipping-cost'),
        ('好的 谢谢', 'S:thanks'),
    ]),
    ('zh', False, [
        ('亲 买了十天的电动牙刷 充不进电了 还能退吗', 'A:returns-window'),
        ('那超过15天了是不是就只能修了', 'A:returns-window,warranty-repair'),
    ]),
    ('zh', False, [
        ('在么', 'S:are_you_there'),
        ('退货申请通过了 东西寄到哪 单号要在哪填', 'A:returns-how'),
        ('填错了单号能改吗', 'H'),
    ]),
    ('en', False, [
        ('hi', 'S:greeting'),
        ('how much is delivery if my cart is like 45 bucks', 'A:shipping-fees'),
        ('any 0% interest monthly payments on the tv', 'A:payment-installments'),
        ('k thx', 'S:thanks'),
    ]),
    ('en', False, [
        ('hey where can i see where my package is at? order 2024070311223344', 'A:tracking-where'),
        ('found it 👍', 'S:affirm'),
        ('is amazon prime day this week or next?', 'H:out_of_scope'),
        ('ok nvm', 'S:affirm'),
    ]),
    ('en', False, [
        ('anyone there', 'S:are_you_there'),
        ('picked size 42 by mistake, need 43. order hasnt gone out yet, can u switch it', 'A:change-order'),
        ('ok great', 'S:affirm'),
        ('made an order by accident and havent paid, will it just go away on its own', 'A:cancel-before-shipment'),
        ('sweet', 'S:affirm'),
    ]),
    ('en', False, [
        ('box showed up soaked and the ceramic vase inside is in pieces. what do i do', 'A:damaged-or-wrong-item'),
        ('do i need pics of the box too or just the vase', 'A:damaged-or-wrong-item'),
        ('thanks', 'S:thanks'),
        ('will the green one be back in stock soon?', 'H'),
        ('ok', 'S:affirm'),
    ]),
    ('en', False, [
        ('hello', 'S:greeting'),
        ('sent the jacket back may 3rd, your warehouse signed for it, still no refund 3 weeks later. order #B20931', 'H'),
        ('thx', 'S:thanks'),
    ]),
    ('en', False, [
        ('any way to tell if my refund is moving? its been a few days', 'A:refunds-status'),
        ('it says refunded 12 days ago and my bank has nothing. if its not there by friday im doing a chargeback', 'H:sensitive_intent'),
    ]),
    ('en', False, [
        ('id rather speak with someone from your staff directly pls', 'H:user_requested'),
        ('ok', 'S:affirm'),
    ]),
    ('en', False, [
        ('hey', 'S:greeting'),
        ('lol random q but whats the capital of australia', 'H:out_of_scope'),
    ]),
    ('en', False, [
        ('got my headphones 10 days ago and the left side crackles now. can i still return them or is that a repair thing', 'A:returns-window,warranty-repair'),
        ('and if its a repair, whats the turnaround roughly', 'A:warranty-repair'),
        ('pls have an agent ring me at 139 1122 3344, its easier to explain by phone', 'H:user_requested'),
        ('thanks', 'S:thanks'),
    ]),
    ('en', False, [
        ('address thing, i typed it wrong', 'C'),
        ('for the order i made like an hour ago. still says awaiting shipment', 'A:change-order-address'),
        ('perfect ty', 'S:thanks'),
    ]),
    ('en', False, [
        ('wanna cancel smth i bought', 'C'),
        ('it went out yesterday already', 'A:cancel-after-shipment'),
    ]),
    ('en', False, [
        ('do u ship to malaysia? how long', 'A:shipping-international'),
        ('and customs, who pays that', 'A:shipping-international'),
        ('can i pay with my uk visa', 'A:payment-methods'),
        ('what about paypal', 'A:payment-methods'),
        ('cheers', 'S:thanks'),
    ]),
    ('en', True, [
        ('refund going back to my visa, how many days', 'A:refunds-how-long'),
        ('thanks', 'S:thanks'),
    ]),
    ('en', True, [
        ('hi', 'S:greeting'),
        ('my espresso machine has been leaking from the bottom since day 2. please just send a replacement asap', 'H'),
    ]),
    ('en', False, [
        ('someone changed the email and phone on my account, it wasnt me, now i cant log in', 'H'),
        ('please hurry', 'X'),
    ]),
    ('en', False, [
        ('can i sign up with just an email? i dont have a chinese number', 'A:account-register'),
        ('ok apple id works for me', 'S:affirm'),
        ('the coupon i got for signing up to your emails, whats the min spend', 'A:newsletter-subscribe'),
        ('k', 'S:affirm'),
    ]),
    ('en', False, [
        ('need a fapiao with my employer as the buyer so i can claim it back, what info should i send', 'A:invoice-company'),
        ('its gonna be a special vat one', 'A:invoice-company'),
        ('does the digital invoice land in my inbox or is it only in the app', 'A:invoice-electronic'),
        ('ok', 'S:affirm'),
    ]),
    ('en', False, [
        ('hey there', 'S:greeting'),
        ('where did my coupons go, i grabbed 3 yesterday', 'A:coupons-how'),
        ('ah ok', 'S:affirm'),
        ('bought a rice cooker 4 days ago and its 80 yuan cheaper today. can i get that back', 'A:price-protection'),
        ('i got it in one of those limited time sale things tho, does that count', 'A:price-protection'),
    ]),
    ('en', False, [
        ('hi', 'S:greeting'),
        ('im 165cm and 55kg, M or S for the linen dress?', 'H'),
    ]),
    ('en', False, [
        ('need it by tomorrow, is there a faster option', 'A:shipping-express'),
        ('whats the surcharge for that', 'A:shipping-express'),
        ('ok ill do that', 'S:affirm'),
        ('can i reach you at 10pm or is chat closed by then', 'A:customer-service-hours'),
    ]),
    ('en', False, [
        ('how do i send back the blender', 'A:returns-how'),
        ('and after i drop it at the courier where does the tracking no. go', 'A:returns-how'),
        ('i used huabei for it, so the refund goes where', 'A:refunds-where'),
        ('what happens to the voucher that was on that order', 'A:refunds-where'),
    ]),
    ('en', False, [
        ('charged twice for order #C55102. its been 9 days and the extra charge is still there', 'H'),
        ('hello?', 'S:are_you_there'),
    ]),
    ('en', False, [
        ('my wechat pay keeps failing at checkout', 'A:payment-failed'),
        ('if i try later is the order still gonna be there', 'A:payment-failed'),
        ('my mom wants to pay for my order when it arrives, cash. possible?', 'A:payment-cod'),
        ('👍', 'S:emoji'),
    ]),
    ('en', False, [
        ('hi', 'S:greeting'),
        ('can i get the same hoodie in black instead of grey', 'A:exchange-item'),
        ('there is no after-sales option anywhere on my order page, i already looked. your steps dont match what i see', 'H:repeated_failure'),
    ]),
    ('en', False, [
        ('can i edit the review i left? hit 2 stars by accident', 'A:leave-review'),
        ('ugh ok', 'S:affirm'),
        ('how do i permanently close my account and wipe my data', 'A:account-delete'),
        ('is it instant', 'A:account-delete'),
    ]),
    ('en', False, [
        ('this is fraud. the watch you sent is fake, the serial number doesnt exist on the brand site', 'H:sensitive_intent'),
        ('full refund, today, not next week', 'X'),
    ]),
    ('en', False, [
        ('my order went from shipped to completed by itself, i never clicked anything?', 'A:order-status-meanings'),
        ('tracking says delivered 2:14pm yesterday but theres nothing here. asked the neighbours and the front desk already. tracking no 773019284551', 'H'),
        ('can someone open an investigation with the courier', 'X'),
    ]),
    ('en', False, [
        ('good morning', 'S:greeting'),
        ('if im in shanghai could it come the same day i order', 'A:shipping-express'),
        ('alright', 'S:affirm'),
        ('bye', 'S:goodbye'),
    ]),
    ('en', False, [
        ('can u help w my math homework, whats 15% of 240', 'H:out_of_scope'),
        ('come on its just one question', 'X'),
    ]),
    ('en', True, [
        ('can orders go to singapore', 'A:shipping-international'),
        ('great thanks', 'S:thanks'),
    ]),
    ('en', False, [
        ('ugh been waiting forever, how do i check where my parcel is', 'A:tracking-where'),
        ('THIS IS THE THIRD TIME IM ASKING. WHERE IS MY PARCEL. ABSOLUTELY PATHETIC SERVICE', 'H:negative_sentiment'),
        ('hello???', 'S:are_you_there'),
    ]),
    ('en', False, [
        ('hello', 'S:greeting'),
        ('ordered 2 lamps, only 1 came. order 2024081255667788', 'A:missing-item'),
        ('oh ok ill check', 'S:affirm'),
        ('nope thats all', 'S:deny'),
    ]),
    ('en', False, [
        ('hiya', 'S:greeting'),
        ('how long dose shipping take to beijng usually', 'A:shipping-delivery-time'),
        ('and to lhasa?', 'A:shipping-remote-areas'),
        ('cool thx', 'S:thanks'),
    ]),
    ('en', False, [
        ('are u a bot', 'S:bot_identity'),
        ('fine. i put the wrong tax number on my invoice, can it be redone', 'A:invoice-change-title'),
        ('thank u', 'S:thanks'),
    ]),
    ('en', False, [
        ('im so done with this. you lost my parcel, refund me now you clowns', 'H:negative_sentiment'),
        ('whatever, just do ur job', 'X'),
    ]),
    ('en', False, [
        ('hello? anyone', 'S:are_you_there'),
        ('do u charge me anything for cancelling? its still being packed', 'A:cancellation-fee'),
        ('and the refund lands when', 'A:cancel-before-shipment,refunds-how-long'),
    ]),
    ('en', False, [
        ('hello', 'S:greeting'),
        ('can i change the amount of items on an order i already paid for', 'A:change-order'),
        ('ok and my saved home address has an old street name, where do i fix that', 'A:address-edit'),
        ('ty', 'S:thanks'),
    ]),
    ('mixed', False, [
        ('下午下的order 今天能ship吗', 'A:shipping-delivery-time'),
        ('好的', 'S:affirm'),
        ('cs几点下班', 'A:customer-service-hours'),
        ('ok', 'S:affirm'),
    ]),
    ('mixed', False, [
        ('refund到账要几天 退的是支付宝', 'A:refunds-how-long'),
        ('ok thx', 'S:thanks'),
    ]),
    ('mixed', False, [
        ('电子发票的pdf去哪下 财务在催了', 'A:invoice-electronic'),
        ('谢谢', 'S:thanks'),
    ]),
    ('mixed', False, [
        ('亲', 'S:greeting'),
        ('人在海外 没有支付宝 paypal收不收', 'A:payment-methods'),
    ]),
    ('mixed', False, [
        ('寄回去以后那个tracking number在app哪儿填', 'A:returns-how'),
        ('哦 找到了', 'S:affirm'),
    ]),
    ('mixed', False, [
        ('app里nickname在哪改', 'A:account-change-phone'),
        ('头像也在那吗', 'A:account-change-phone'),
        ('想exchange成大一码的 在哪弄', 'A:exchange-item'),
        ('谢了', 'S:thanks'),
    ]),
    ('mixed', True, [
        ('hi', 'S:greeting'),
        ('SF次日达到北京要加多少钱', 'A:shipping-express'),
        ('thx', 'S:thanks'),
    ]),
    ('mixed', False, [
        ('收到的mug有条裂 order #A55210 直接给我退款 现在就退', 'H'),
        ('图发你了 [图片] 杯口那道裂看到没', 'X'),
    ]),
    ('mixed', False, [
        ('coupon用不了 一直显示not applicable', 'A:coupons-not-working'),
        ('我明明满了200', 'A:coupons-not-working'),
        ('今天USD兑人民币多少', 'H:out_of_scope'),
        ('好吧', 'S:affirm'),
    ]),
    ('mixed', False, [
        ('怎么开sale通知 想第一时间知道打折', 'A:newsletter-subscribe'),
        ('好的', 'S:affirm'),
        ('可以转给customer service的同事吗 我想直接跟人说', 'H:user_requested'),
        ('ok', 'S:affirm'),
    ]),
    ('mixed', False, [
        ('package显示delivered 但我没拿到 快递柜里也没有', 'H'),
        ('tracking是SF1402938475', 'X'),
    ]),
    ('mixed', False, [
        ('在吗', 'S:are_you_there'),
        ('这个vacuum有现货吗 今天下单能发吗', 'H'),
    ]),
    ('mixed', False, [
        ('想改下order', 'C'),
        ('是地址 那单还在仓库没出来', 'A:change-order-address'),
    ]),
    ('mixed', False, [
        ('invoice抬头写错了 可以reissue吗', 'A:invoice-change-title'),
        ('那之前开出来那张作废了没', 'A:invoice-change-title'),
    ]),
    ('mixed', False, [
        ('在吗', 'S:are_you_there'),
        ('我要return一双鞋 尺码不合适 拆了盒子试了一下 还能退吗', 'A:returns-condition'),
        ('thx', 'S:thanks'),
    ]),
    ('mixed', True, [
        ('hello', 'S:greeting'),
        ('上个月买的沙发 有个腿松了 can someone come fix it', 'H'),
    ]),
    ('mixed', False, [
        ('zai ma', 'S:are_you_there'),
        ('我的kuaidi到哪了 单号YT2231098876', 'A:tracking-where'),
        ('xie xie', 'S:thanks'),
    ]),
    ('mixed', False, [
        ('退款shows completed 但银行卡里10个工作日了都没钱', 'H'),
        ('order 2024030877665544', 'X'),
    ]),
]
