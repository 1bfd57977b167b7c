//! Prometheus metrics. Label values are bounded sets (routes, actions, reason codes, intent
//! labels of the loaded model, key ids and tenants of the keys file) — never raw text, personal
//! data or a request's own `tenant`.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

pub struct Metrics {
    pub registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    pub actions: IntCounterVec,
    pub reasons: IntCounterVec,
    pub intents: IntCounterVec,
    pub queue_depth: IntGauge,
    pub batch_size: HistogramVec,
    pub inference: HistogramVec,
    pub kb_entries: IntGauge,
    pub kb_questions: IntGauge,
    pub kb_reloads: IntCounter,
    /// Requests refused before a handler: `unauthorized`, `forbidden`, `rate_limited`, `host`.
    pub auth_failures: IntCounterVec,
    /// Requests by API key (id, tenant) and status.
    pub key_requests: IntCounterVec,
    /// Decisions per tenant (the key's; `default` without keys).
    pub tenant_decisions: IntCounterVec,
    /// Handoff events per tenant.
    pub tenant_handoffs: IntCounterVec,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "triage_http_requests_total",
                "HTTP requests by route and status",
            ),
            &["route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("triage_http_request_duration_seconds", "HTTP latency").buckets(
                vec![
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ],
            ),
            &["route"],
        )
        .expect("valid metric");
        let actions = IntCounterVec::new(
            Opts::new("triage_decisions_total", "Decisions by action"),
            &["action"],
        )
        .expect("valid metric");
        let reasons = IntCounterVec::new(
            Opts::new("triage_reasons_total", "Handoff/clarify reasons that fired"),
            &["code"],
        )
        .expect("valid metric");
        let intents = IntCounterVec::new(
            Opts::new("triage_intents_total", "Top intent per classified message"),
            &["intent"],
        )
        .expect("valid metric");
        let queue_depth =
            IntGauge::new("triage_queue_depth", "Messages waiting for inference").expect("valid");
        let batch_size = HistogramVec::new(
            HistogramOpts::new("triage_batch_size", "Messages per forward pass")
                .buckets(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0]),
            &[],
        )
        .expect("valid metric");
        let inference = HistogramVec::new(
            HistogramOpts::new("triage_inference_seconds", "Forward pass time per batch").buckets(
                vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0],
            ),
            &[],
        )
        .expect("valid metric");
        let kb_entries =
            IntGauge::new("triage_kb_entries", "Knowledge-base entries served").expect("valid");
        let kb_questions = IntGauge::new(
            "triage_kb_questions",
            "Knowledge-base example questions indexed",
        )
        .expect("valid");
        let kb_reloads = IntCounter::new(
            "triage_kb_reloads_total",
            "Knowledge-base reloads (POST /v1/kb:reload)",
        )
        .expect("valid");
        let auth_failures = IntCounterVec::new(
            Opts::new(
                "triage_auth_failures_total",
                "Requests refused by the access check, by reason",
            ),
            &["reason"],
        )
        .expect("valid metric");
        let key_requests = IntCounterVec::new(
            Opts::new(
                "triage_key_requests_total",
                "Requests by API key id, its tenant and status",
            ),
            &["key", "tenant", "status"],
        )
        .expect("valid metric");
        let tenant_decisions = IntCounterVec::new(
            Opts::new(
                "triage_tenant_decisions_total",
                "Decisions by tenant and action",
            ),
            &["tenant", "action"],
        )
        .expect("valid metric");
        let tenant_handoffs = IntCounterVec::new(
            Opts::new(
                "triage_tenant_handoffs_total",
                "Handoff events (created, accepted, resolved) by tenant",
            ),
            &["tenant", "event"],
        )
        .expect("valid metric");
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(actions.clone()),
            Box::new(reasons.clone()),
            Box::new(intents.clone()),
            Box::new(queue_depth.clone()),
            Box::new(batch_size.clone()),
            Box::new(inference.clone()),
            Box::new(kb_entries.clone()),
            Box::new(kb_questions.clone()),
            Box::new(kb_reloads.clone()),
            Box::new(auth_failures.clone()),
            Box::new(key_requests.clone()),
            Box::new(tenant_decisions.clone()),
            Box::new(tenant_handoffs.clone()),
        ] {
            registry.register(c).expect("unique metric names");
        }
        Self {
            registry,
            requests,
            latency,
            actions,
            reasons,
            intents,
            queue_depth,
            batch_size,
            inference,
            kb_entries,
            kb_questions,
            kb_reloads,
            auth_failures,
            key_requests,
            tenant_decisions,
            tenant_handoffs,
        }
    }

    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buf);
        String::from_utf8(buf).unwrap_or_default()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
