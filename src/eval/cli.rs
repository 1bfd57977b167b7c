//! `triage eval`: which evaluation the flags ask for (compare two reports, question pairs,
//! knowledge-base answers, k-fold cross-validation, labelled messages or conversations), run
//! it, print its summary and write its files.

use std::time::Instant;

use anyhow::Context as _;

pub fn run(args: crate::cli::EvalArgs) -> anyhow::Result<()> {
    use crate::cli::OutputFormat;
    use crate::eval;
    let json = args.format == OutputFormat::Json;
    if let Some(ab) = &args.compare {
        let (a, b) = (&ab[0], &ab[1]);
        let out = args.out.clone().unwrap_or_else(|| {
            b.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| p.to_path_buf())
                .unwrap_or_else(|| ".".into())
        });
        let (c, md) = eval::compare_files(a, b, &out)?;
        if json {
            println!("{}", serde_json::to_string_pretty(&c)?);
        } else {
            print!("{md}");
            eprintln!("wrote {0}/compare.md and {0}/compare.json", out.display());
        }
        return Ok(());
    }
    if let Some(pairs) = &args.pairs {
        let report = crate::eval::pairs::evaluate_pairs(&args.model, pairs, args.limit)?;
        if let Some(out) = &args.out {
            std::fs::create_dir_all(out)?;
            crate::fsutil::write_atomic(
                &out.join("pairs.json"),
                serde_json::to_string_pretty(&report)?.as_bytes(),
            )?;
        }
        if args.write_threshold {
            crate::eval::pairs::write_threshold(&args.model, report.best.threshold)?;
        }
        if json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            println!("{}", report.summary());
            if args.write_threshold {
                eprintln!(
                    "wrote thresholds.faq_similarity = {:.4} to {}",
                    report.best.threshold,
                    args.model.join("manifest.json").display()
                );
            }
        }
        return Ok(());
    }
    if let Some(faq) = &args.faq {
        let kb = crate::config::resolve_kb(args.kb.clone(), &args.model)
            .context("--faq needs a knowledge base: --kb FILE")?;
        let queries = eval::faq::load(faq)?;
        let policy = eval::load_policy(&args.policy)?;
        let run = crate::model::RunOptions {
            precision: args.precision,
            ..Default::default()
        };
        let model =
            crate::model::Model::load_with(&args.model, &crate::model::select_device(), &run)?;
        let name = format!("{} {}", model.manifest.name, model.manifest.version);
        let results = eval::faq::run(model, policy, &kb, faq, &queries)?;
        let r = eval::faq::build(
            results,
            name,
            kb.display().to_string(),
            faq.display().to_string(),
        );
        if let Some(out) = &args.out {
            eval::faq::write_all(out, &r)?;
        }
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({"overall": r.overall, "by_kind": r.by_kind, "by_language": r.by_language})
                )?
            );
        } else {
            for l in eval::faq::summary_lines(&r) {
                println!("{l}");
            }
        }
        return Ok(());
    }
    let out = args.out.clone().context("--out REPORT_DIR is required")?;
    let opts = eval::Options {
        model: args.model.clone(),
        data: args.data.clone(),
        out: out.clone(),
        oos_label: args.oos_label.clone(),
        target_error: args.target_error,
        batch_size: args.batch_size,
        policy: args.policy.clone(),
        show_progress: !json,
        precision: args.precision,
        kb: crate::config::resolve_kb(args.kb.clone(), &args.model),
    };
    let started = Instant::now();
    let outcome = match args.cv {
        Some(k) => {
            let default_base = std::path::Path::new(crate::train::DEFAULT_BASE);
            let default_model = std::path::Path::new(crate::config::DEFAULT_MODEL);
            let cv = eval::cv::CvOptions {
                k,
                base: args.base.clone(),
                cache_dir: args.cache_dir.clone(),
                seed: args.seed,
                oos_label: args.oos_label.clone().unwrap_or_else(|| "oos".into()),
                target_error: args.target_error,
                // The shipped sentiment head fits the shipped base encoder only.
                sentiment_from: (args.base == default_base
                    && default_model.join("manifest.json").exists())
                .then(|| default_model.to_path_buf()),
                show_progress: !json,
            };
            eval::cross_validate(&opts, &cv)?
        }
        None => eval::evaluate(&opts)?,
    };
    let mut written = None;
    if args.write_thresholds {
        if let eval::Outcome::Labelled(r) = &outcome {
            written = Some(eval::write_thresholds(&args.model, r)?);
        } else {
            anyhow::bail!("--write-thresholds needs labelled data, not conversations");
        }
    }
    if json {
        let mut v = outcome.summary_json(&out);
        if let (Some(t), Some(o)) = (&written, v.as_object_mut()) {
            o.insert("thresholds_written".into(), serde_json::to_value(t)?);
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        for l in outcome.summary_lines() {
            println!("{l}");
        }
        if let Some(t) = &written {
            println!(
                "thresholds written to {}/manifest.json: confidence {:.3}, high {:.3}, margin {:.3}",
                args.model.display(),
                t.confidence,
                t.high_confidence,
                t.margin
            );
        }
        println!(
            "wrote {0}/report.json, report.md, report.html, predictions.jsonl in {1:.1} s",
            out.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
