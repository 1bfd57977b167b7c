use super::*;

fn ents(text: &str) -> Vec<(EntityKind, String)> {
    extract(text)
        .into_iter()
        .map(|e| (e.kind, e.value))
        .collect()
}

fn one(text: &str, kind: EntityKind, value: &str) {
    assert_eq!(ents(text), vec![(kind, value.to_string())], "text {text:?}");
}

fn none(text: &str) {
    assert_eq!(ents(text), vec![], "text {text:?}");
}

use EntityKind::*;

#[test]
fn offsets_are_byte_offsets_and_match_value() {
    let text = "我的手机13812345678，邮箱a@b.cn";
    let es = extract(text);
    assert_eq!(es.len(), 2);
    for e in &es {
        assert_eq!(&text[e.start..e.end], e.value);
    }
    assert_eq!(es[0].start, "我的手机".len());
    assert_eq!(es[0].kind, Phone);
    assert_eq!(es[1].kind, Email);
}

#[test]
fn cn_mobile_phones() {
    one("13812345678", Phone, "13812345678");
    one("电话13812345678谢谢", Phone, "13812345678");
    one("call me at 138 1234 5678", Phone, "138 1234 5678");
    one("138-1234-5678", Phone, "138-1234-5678");
    one("+86 13812345678", Phone, "+86 13812345678");
    one("+8613812345678", Phone, "+8613812345678");
    one("86-13812345678", Phone, "86-13812345678");
    one("008613812345678", Phone, "008613812345678");
    one("+86 138 1234 5678", Phone, "+86 138 1234 5678");
    one("tel:19912345678.", Phone, "19912345678");
    // 12 is not a mobile prefix; 11 digits alone is then a bare order
    // number rather than a phone.
    one("12812345678", OrderNumber, "12812345678");
}

#[test]
fn phone_inside_longer_digit_run_is_not_a_phone() {
    one("1381234567890", OrderNumber, "1381234567890");
    one("1381234567", OrderNumber, "1381234567");
    none("138123456");
}

#[test]
fn landline_and_international_phones() {
    one("座机010-12345678", Phone, "010-12345678");
    one("0755-88886666转8", Phone, "0755-88886666");
    one("call +1 415 555 0132", Phone, "+1 415 555 0132");
    one("+44 20 7946 0958", Phone, "+44 20 7946 0958");
    one("+1 (415) 555-0132", Phone, "+1 (415) 555-0132");
    one("+85291234567", Phone, "+85291234567");
    none("+1234"); // too short
                   // National formats need a cue.
    one("my phone is (415) 555-0132", Phone, "(415) 555-0132");
    one("call me on 020 7946 0958", Phone, "020 7946 0958");
    one("电话:4155550132", Phone, "4155550132");
    one("tel (021)62345678", Phone, "(021)62345678");
    none("(415) 555-0132");
    // A date after a phone cue is still a date.
    none("手机 2023-11-28 买的");
}

#[test]
fn emails() {
    one("alice@example.com", Email, "alice@example.com");
    one(
        "邮箱是bob.smith+cs@mail.example.co.uk。",
        Email,
        "bob.smith+cs@mail.example.co.uk",
    );
    one("send to alice@example.com.", Email, "alice@example.com");
    one("13812345678@163.com", Email, "13812345678@163.com");
    none("user@localhost");
    none("@example.com");
}

#[test]
fn id_numbers() {
    one("身份证号11010519491231002X", IdNumber, "11010519491231002X");
    one(
        "my id is 440304199001011233 ok",
        IdNumber,
        "440304199001011233",
    );
    one("11010519491231002x", IdNumber, "11010519491231002x");
    // Bad checksum, no cue: not an ID (a long bare number instead).
    one("440304199001011234", OrderNumber, "440304199001011234");
    // Bad checksum but the customer says it is their ID: mask it anyway.
    one(
        "身份证号码：440304199001011234",
        IdNumber,
        "440304199001011234",
    );
    // 15-digit IDs only with a cue.
    one("身份证 130503670401001", IdNumber, "130503670401001");
    one("130503670401001", OrderNumber, "130503670401001");
    // Embedded in a longer run.
    one("4403041990010112339", OrderNumber, "4403041990010112339");
    // Passports and travel permits, after their cue only.
    one("my passport number is E12345678", IdNumber, "E12345678");
    one("护照号：EA1234567 清关用", IdNumber, "EA1234567");
    one("港澳通行证C12345678", IdNumber, "C12345678");
    // A letter may touch a 15-digit ID after its cue, not a passport number.
    one("身份证id130503670401001", IdNumber, "130503670401001");
    assert!(extract("order E12345678 where is it")
        .iter()
        .all(|e| e.kind != IdNumber));
}

#[test]
fn bank_cards() {
    one("卡号6222021234567894", BankCard, "6222021234567894");
    one("4111111111111111", BankCard, "4111111111111111");
    one("card: 4111 1111 1111 1111", BankCard, "4111 1111 1111 1111");
    one(
        "6217-0012-3456-7890-122",
        BankCard,
        "6217-0012-3456-7890-122",
    );
    one(
        "6234 5678 9012 3456 780",
        BankCard,
        "6234 5678 9012 3456 780",
    );
    // Grouped card followed by a short unrelated number.
    assert_eq!(
        ents("4111 1111 1111 1111 12 items"),
        vec![(BankCard, "4111 1111 1111 1111".to_string())]
    );
    // Luhn fails without a cue: a bare long number, i.e. order number.
    one("6222021234567890", OrderNumber, "6222021234567890");
    // Luhn fails but the customer says it is a card.
    one("银行卡号 6222021234567890", BankCard, "6222021234567890");
    // "卡" right before the number: a card even when Luhn fails (19 digits here).
    one(
        "退款打到我的卡6222021234567890123吧",
        BankCard,
        "6222021234567890123",
    );
    one("卡: 6222021234567890", BankCard, "6222021234567890");
    one(
        "my card number 6222021234567890",
        BankCard,
        "6222021234567890",
    );
    // "卡" further away (卡住 = stuck) does not make an order number a card.
    one(
        "页面卡住了，订单6222021234567890",
        OrderNumber,
        "6222021234567890",
    );
    // Luhn passes but the prefix is a date, as order numbers often are.
    one("2023112812345678", OrderNumber, "2023112812345678");
}

#[test]
fn order_numbers_with_cues() {
    one("订单号：123456", OrderNumber, "123456");
    one("订单号:JD88231245", OrderNumber, "JD88231245");
    one("订单编号为 2023112812345", OrderNumber, "2023112812345");
    one("我的订单1234567怎么还没发货", OrderNumber, "1234567");
    one("单号是SF1311234567890", OrderNumber, "SF1311234567890");
    one("order #12345", OrderNumber, "12345");
    one("Order number: A1234", OrderNumber, "A1234");
    one("my order no. is 98765", OrderNumber, "98765");
    one("ORDER ID 55667788", OrderNumber, "55667788");
    one(
        "tracking number 1Z999AA10123456784",
        OrderNumber,
        "1Z999AA10123456784",
    );
    one("#778899 still pending", OrderNumber, "778899");
    one(
        "订单: 1234 5678 9012 3456",
        OrderNumber,
        "1234 5678 9012 3456",
    );
    one("order 1234 2023-11-28", OrderNumber, "1234");
    // Cue wins over phone shape.
    one("订单号13812345678", OrderNumber, "13812345678");
}

#[test]
fn order_numbers_without_cues() {
    one("JD88231245 到哪了", OrderNumber, "JD88231245");
    one("ORD-2023-5567 is late", OrderNumber, "ORD-2023-5567");
    one("RR123456789CN", OrderNumber, "RR123456789CN");
    one("JD13812345678", OrderNumber, "JD13812345678");
    one("1234567890", OrderNumber, "1234567890");
    none("COVID-19");
    none("ISO-9001");
    none("jd88231245");
}

#[test]
fn amounts() {
    one("¥199", Amount, "¥199");
    one("￥59.9", Amount, "￥59.9");
    one("59.9元", Amount, "59.9元");
    one("100块", Amount, "100块");
    one("退我100块钱", Amount, "100块钱");
    one("$20", Amount, "$20");
    one("USD 15.50", Amount, "USD 15.50");
    one("20 dollars", Amount, "20 dollars");
    one("RMB 300", Amount, "RMB 300");
    one("300rmb", Amount, "300rmb");
    one("¥1,299.00", Amount, "¥1,299.00");
    one("¥ 199元", Amount, "¥ 199元");
    one("HK$88", Amount, "HK$88");
    one("花了1,299元", Amount, "1,299元");
}

#[test]
fn amount_beats_order_cue() {
    one("订单1500元", Amount, "1500元");
}

#[test]
fn no_false_positives() {
    none("2023-11-28");
    none("14:30");
    none("2023-11-28 14:30 下单");
    none("2023年11月28日");
    none("2023/11/28");
    none("20231128");
    none("买了3件，共2个包裹");
    none("12345");
    none("2023元旦");
    none("order 2023-11-28");
    none("order status please");
    none("border 123456");
    none("3.14159265358979");
    none("version 1.2.3");
    none("");
}

#[test]
fn multiple_entities_sorted_and_disjoint() {
    let text = "订单号JD88231245，付了¥199，电话138-1234-5678，邮箱x@y.com";
    let es = extract(text);
    let kinds: Vec<EntityKind> = es.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![OrderNumber, Amount, Phone, Email]);
    for w in es.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
}

#[test]
fn validators() {
    assert!(id_checksum_valid("11010519491231002X"));
    assert!(id_checksum_valid("11010519491231002x"));
    assert!(!id_checksum_valid("110105194912310021"));
    assert!(!id_checksum_valid("short"));
    assert!(luhn_valid("4111111111111111"));
    assert!(luhn_valid("4111 1111 1111 1111"));
    assert!(!luhn_valid("4111111111111112"));
    assert!(!luhn_valid(""));
}

#[test]
fn serde_shape() {
    let e = Entity {
        kind: BankCard,
        value: "x".into(),
        start: 1,
        end: 2,
    };
    let json = serde_json::to_string(&e).unwrap_or_default();
    assert_eq!(
        json,
        r#"{"kind":"bank_card","value":"x","start":1,"end":2}"#
    );
    assert_eq!(
        serde_json::to_string(&OrderNumber).unwrap_or_default(),
        "\"order_number\""
    );
    assert_eq!(
        serde_json::to_string(&IdNumber).unwrap_or_default(),
        "\"id_number\""
    );
    assert_eq!(IdNumber.to_string(), "id_number");
}

#[test]
fn all_builtin_regexes_compile() {
    for r in [
        &*SECRET,
        &*EMAIL,
        &*AMOUNT,
        &*ID18,
        &*ID15,
        &*CARD_PLAIN,
        &*CARD_GROUPED,
        &*PHONE_CN,
        &*PHONE_LANDLINE,
        &*PHONE_INTL,
        &*PHONE_CUED,
        &*ORDER_CUE,
        &*HASH_CUE,
        &*ORDER_ALNUM,
        &*DATE_LIKE,
    ] {
        assert!(!r.as_str().is_empty());
    }
}

#[test]
fn credentials_after_their_name_are_secrets() {
    one("密码是 abc12345", Secret, "abc12345");
    one("我的支付密码是123456", Secret, "123456");
    one("验证码 482913 一直提示错误", Secret, "482913");
    one("password: hunter", Secret, "hunter");
    one("my password is Tr0ub4dor&3", Secret, "Tr0ub4dor&3");
    one("cvv 123, exp soon", Secret, "123");
    one("PIN code 4821", Secret, "4821");
    assert_eq!(
        ents("转人工 我的支付宝账号是 13800138000 密码是 abc12345"),
        vec![
            (Phone, "13800138000".to_string()),
            (Secret, "abc12345".to_string())
        ]
    );
}

#[test]
fn a_credential_named_without_one_is_not_a_secret() {
    none("忘记密码了怎么办");
    none("验证码一直收不到");
    none("password reset link never came");
    none("how do i change my pin");
    none("shipping 3 items");
    none("coupon code SAVE10 does not work");
}
