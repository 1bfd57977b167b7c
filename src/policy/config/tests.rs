use super::*;

#[test]
fn empty_file_is_the_default_policy() {
    let p = Policy::parse("", Path::new("p.toml")).unwrap();
    assert_eq!(p.base.failures.max, 2);
    assert_eq!(p.base.routing.queues["complaint"], "complaints");
}

#[test]
fn tenant_tables_override_parts_of_the_base() {
    let text = r#"
[failures]
max = 3
[tenants.acme.failures]
max = 1
[tenants.acme.vip]
min_confidence = 0.99
"#;
    let p = Policy::parse(text, Path::new("p.toml")).unwrap();
    assert_eq!(p.base.failures.max, 3);
    let acme = p.for_tenant(Some("acme"));
    assert_eq!(acme.failures.max, 1);
    assert_eq!(acme.vip.min_confidence, 0.99);
    assert_eq!(
        acme.sentiment.trend_window, 3,
        "untouched keys keep the base value"
    );
    assert_eq!(p.for_tenant(Some("other")).failures.max, 3);
}

#[test]
fn per_language_thresholds_parse_and_unknown_languages_are_refused() {
    let text = "[thresholds.per_language.zh]\nconfidence = 0.6\n";
    let p = Policy::parse(text, Path::new("p.toml")).unwrap();
    let zh = p.base.thresholds.per_language["zh"];
    assert_eq!(zh.confidence, Some(0.6));
    assert_eq!(zh.margin, None);
    let e = Policy::parse(
        "[thresholds.per_language.cn]\nconfidence = 0.6\n",
        Path::new("p.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("thresholds.per_language.cn") && e.contains("en, zh"),
        "{e}"
    );
    let e = Policy::parse(
        "[tenants.acme.thresholds.per_language.fr]\nmargin = 0.2\n",
        Path::new("p.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("tenant acme"), "{e}");
}

#[test]
fn the_shipped_policy_file_is_the_built_in_default() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("policy/default.toml");
    let p = Policy::load(&path).unwrap();
    assert_eq!(
        serde_json::to_value(&p.base).unwrap(),
        serde_json::to_value(PolicyConfig::default()).unwrap(),
        "policy/default.toml and PolicyConfig::default() must agree"
    );
}

#[test]
fn replies_merge_over_the_built_in_ones_per_tenant() {
    let text = r#"
[smalltalk.replies.greeting]
en = "Howdy!"
[responses.track_order]
en = "Send me the order number."
[responses.my_intent]
zh = "这是我的回复"
[tenants.acme.smalltalk.replies.greeting]
zh = "欢迎光临 ACME"
"#;
    let p = Policy::parse(text, Path::new("p.toml")).unwrap();
    let g = &p.base.smalltalk.replies["greeting"];
    assert_eq!(g.pick("en"), Some(("en", "Howdy!")));
    // The built-in Chinese greeting is still there.
    assert!(g.pick("zh").is_some_and(|(l, _)| l == "zh"));
    assert_eq!(
        p.base.responses.0["track_order"].pick("en"),
        Some(("en", "Send me the order number."))
    );
    assert!(p.base.responses.0.contains_key("my_intent"));
    assert!(p.base.responses.0.contains_key("cancel_order"));
    let acme = p.for_tenant(Some("acme"));
    assert_eq!(
        acme.smalltalk.replies["greeting"].pick("zh"),
        Some(("zh", "欢迎光临 ACME"))
    );
    assert_eq!(
        acme.smalltalk.replies["greeting"].pick("en"),
        Some(("en", "Howdy!"))
    );
    let e = Policy::parse(
        "[smalltalk.replies.hullo]\nen = \"x\"\n",
        Path::new("p.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("unknown small-talk act"), "{e}");
}

#[test]
fn related_intents_are_groups_and_relate_only_within_a_group() {
    let f = PolicyConfig::default().faq;
    assert!(f.related("track_refund", "check_refund_policy"));
    assert!(f.related("delivery_period", "delivery_options"));
    assert!(
        f.related("coupon", "coupon"),
        "an intent is related to itself"
    );
    assert!(!f.related("track_refund", "delivery_period"));
    assert!(!f.related("track_order", "delivery_period"));
    let p = Policy::parse(
        "[faq]\nrelated_intents = [[\"a\", \"b\"], [\"c\", \"d\", \"e\"]]\n",
        Path::new("p.toml"),
    )
    .unwrap();
    assert!(p.base.faq.related("c", "e") && !p.base.faq.related("a", "c"));
    // Emptied, only the exact intent agrees.
    let p = Policy::parse("[faq]\nrelated_intents = []\n", Path::new("p.toml")).unwrap();
    assert!(!p.base.faq.related("track_refund", "check_refund_policy"));
    let e = Policy::parse("[faq]\nrelated_intents = [[\"a\"]]\n", Path::new("p.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("fewer than two intents"), "{e}");
}

#[test]
fn built_in_replies_cover_every_act_in_both_languages() {
    let p = PolicyConfig::default();
    for a in crate::smalltalk::ACTS {
        for lang in ["zh", "en"] {
            assert_eq!(
                p.smalltalk.replies[a].pick(lang).map(|r| r.0),
                Some(lang),
                "{a} {lang}"
            );
        }
    }
}

#[test]
fn unknown_keys_are_errors_naming_the_file() {
    let e = Policy::parse("[failures]\nmaxx = 1\n", Path::new("p.toml")).unwrap_err();
    assert!(e.to_string().contains("p.toml"), "{e}");
}

#[test]
fn a_self_service_entry_without_problem_words_is_refused() {
    let text = "[self_service.entries]\nmissing-item = []\n";
    let e = Policy::parse(text, Path::new("p.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("self_service.entries.missing-item"), "{e}");
    let text = "[self_service.entries]\nmy-entry = [\"broken\"]\n";
    let p = Policy::parse(text, Path::new("p.toml")).unwrap();
    assert_eq!(p.base.self_service.entries.len(), 1);
}

#[test]
fn places_keys_replace_the_built_in_ones_and_an_empty_region_is_refused() {
    let p = Policy::parse("[places]\nslack = 0.02\n", Path::new("p.toml")).unwrap();
    assert_eq!(p.base.places.slack, 0.02);
    // The lists not named keep the built-in ones.
    assert!(p.base.places.decides_between("shipping-international"));
    assert!(p.base.places.regions["shipping-remote-areas"].contains(&"拉萨".to_string()));
    let text = "[places.regions]\nmy-islands = [\"Madeira\"]\n";
    let p = Policy::parse(text, Path::new("p.toml")).unwrap();
    assert_eq!(
        p.base.places.regions.len(),
        1,
        "a table given replaces the built-in one"
    );
    let e = Policy::parse("[places.regions]\nmy-islands = []\n", Path::new("p.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("places.regions.my-islands"), "{e}");
}

#[test]
fn entry_words_and_order_state_keys_replace_the_built_in_ones_and_a_rule_needs_its_groups() {
    let p = Policy::parse("[order_state]\ntopics = []\n", Path::new("p.toml")).unwrap();
    assert!(p.base.order_state.topics.is_empty());
    assert_eq!(p.base.order_state.before_entry, "cancel-before-shipment");
    let text = "[[entry_words.rules]]\nentry = \"my-entry\"\nall = [\"fast\"]\n\n[entry_words.groups]\nfast = [\"express\"]\n";
    let p = Policy::parse(text, Path::new("p.toml")).unwrap();
    assert_eq!(p.base.entry_words.rules.len(), 1);
    assert_eq!(
        p.base.entry_words.entry_for("express please?"),
        Some(("my-entry", vec!["express"]))
    );
    let text = "[[entry_words.rules]]\nentry = \"my-entry\"\nall = [\"slow\"]\n";
    let e = Policy::parse(text, Path::new("p.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown group \"slow\""), "{e}");
}

#[test]
fn staff_request_keys_replace_the_built_in_ones_and_asks_need_actions() {
    let p = Policy::parse(
        "[staff_requests]\nasks = [\"kindly\"]\n",
        Path::new("p.toml"),
    )
    .unwrap();
    assert_eq!(p.base.staff_requests.asks, vec!["kindly".to_string()]);
    assert!(p.base.staff_requests.actions.iter().any(|a| a == "cancel"));
    let text = "kindly cancel order 2026121906612378";
    let found = crate::text::entities::extract(text);
    assert!(p.base.staff_requests.request(text, &found).is_some());
    let e = Policy::parse("[staff_requests]\nactions = []\n", Path::new("p.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("staff_requests.actions"), "{e}");
}

#[test]
fn sibling_groups_are_built_in_replaced_by_the_file_and_checked() {
    let p = Policy::parse("[clarify]\nenabled = true\n", Path::new("p.toml")).unwrap();
    assert!(p.base.clarify.siblings.is_empty());
    let text = format!(
        "[clarify.siblings]\n{}",
        super::super::siblings::BUILT_IN_SIBLINGS.replace("[address", "[clarify.siblings.address")
    );
    let p = Policy::parse(&text, Path::new("p.toml")).unwrap();
    assert!(p.base.clarify.siblings.contains_key("address"));
    let text = "[clarify.siblings.invoice]\ntopic = [\"invoice\"]\n[clarify.siblings.invoice.names]\ninvoice-how = [\"how\"]\n";
    let e = Policy::parse(text, Path::new("p.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("clarify.siblings.invoice"), "{e}");
}
