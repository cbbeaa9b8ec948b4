//! The HTML report in a real browser: headless Chromium loads the page of
//! a scenario repository, and the tests check that it rendered (the score
//! and the category bars are in the DOM, the script ran under the page's
//! Content-Security-Policy) and that a screenshot is a page, not a blank
//! image.
//!
//! Without a browser the tests skip, except under CI (`CI` set), where a
//! missing browser fails: `.ci/run` installs Debian's `chromium`.
//! `SHIPREADY_CHROMIUM` names another binary.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{json, shipready, Repo};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 2000;

fn find_browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SHIPREADY_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The browser, or None to skip; under CI a missing browser is a failure.
fn browser() -> Option<PathBuf> {
    match find_browser() {
        Some(b) => Some(b),
        None if in_ci() => panic!(
            "CI is set but no chromium is installed: .ci/run installs it \
             (apt-get install -y chromium), or set SHIPREADY_CHROMIUM"
        ),
        None => {
            eprintln!("skipped: no chromium on PATH (apt-get install -y chromium)");
            None
        }
    }
}

/// Runs the browser headless on `page` with `args`, in a fresh profile,
/// killed after two minutes. Returns standard output.
fn headless(browser: &Path, page: &Path, args: &[String]) -> String {
    let profile = tempfile::tempdir().expect("profile directory");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // Containers often give /dev/shm only 64 MB.
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // Drain both pipes while waiting: a full pipe would stall the browser.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the browser") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} {args:?} did not finish in 120 s:\n{}",
                browser.display(),
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    assert!(
        status.success(),
        "{} {args:?} exited {status}:\n{stderr}",
        browser.display()
    );
    stdout
}

/// The fixture's HTML report in a temporary directory, and its JSON twin.
fn page_of(fixture: &str) -> (Repo, PathBuf, serde_json::Value) {
    let repo = Repo::fixture(fixture);
    let out = Repo::empty();
    let page = out.join("report.html");
    shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "html", "-o"])
        .arg(&page)
        .any_code()
        .run();
    let report = json(
        &shipready()
            .repo(&repo)
            .args(["scan", ".", "-f", "json"])
            .any_code()
            .run()
            .stdout,
    );
    (out, page, report)
}

#[test]
fn the_page_renders_score_bars_and_filters() {
    let Some(browser) = browser() else { return };
    for fixture in ["demo-ready", "production-ready"] {
        let (_dir, page, report) = page_of(fixture);
        let dom = headless(&browser, &page, &["--dump-dom".to_string()]);
        let score = report["summary"]["score"].as_f64().unwrap();
        let shown = if score.fract() == 0.0 {
            format!("{score:.0}")
        } else {
            format!("{score:.1}")
        };
        // The script ran (the CSP accepted its hash) and unhid its controls.
        assert!(
            dom.contains("<html lang=\"en\" data-js=\"on\""),
            "{fixture}: the script did not run:\n{}",
            &dom[..dom.len().min(2000)]
        );
        assert!(
            dom.contains("<form id=\"filters\" class=\"filters\">"),
            "{fixture}"
        );
        assert!(dom.contains("<button type=\"button\" id=\"theme\">Theme: auto</button>"));
        let checks = dom.matches("<article class=\"check\"").count();
        assert_eq!(checks, report["checks"].as_array().unwrap().len());
        assert!(
            dom.contains(&format!("Showing {checks} of {checks} checks")),
            "{fixture}: the filter count was not written"
        );
        // The score, in the gauge and the headline.
        assert!(
            dom.contains(&format!(
                "class=\"g-score\" x=\"60\" y=\"64\" text-anchor=\"middle\">{shown}</text>"
            )),
            "{fixture}: score {shown} not in the gauge"
        );
        assert!(dom.contains(&format!("<strong class=\"score\">{shown}</strong>")));
        // One bar per category, filled to its score when scored.
        for cat in report["categories"].as_array().unwrap() {
            let name = cat["category"].as_str().unwrap();
            let state = cat["state"].as_str().unwrap();
            let row = format!(
                "<div class=\"cat state-{state}\" data-state=\"{state}\"><div class=\"cat-name\">{name}</div>"
            );
            assert!(dom.contains(&row), "{fixture}: no bar for {name}");
            if let Some(s) = cat["score"].as_f64() {
                let s = if s.fract() == 0.0 {
                    format!("{s:.0}")
                } else {
                    format!("{s:.1}")
                };
                assert!(
                    dom.contains(&format!(
                        "aria-label=\"{name}: {s} of 100\"><div class=\"cat-fill"
                    )),
                    "{fixture}: {name} bar not filled to {s}"
                );
            }
        }
    }
}

#[test]
fn markup_in_a_report_does_not_become_elements_in_the_browser() {
    let Some(browser) = browser() else { return };
    let repo = Repo::fixture("hostile");
    repo.write(
        ".shipready.yaml",
        r#"custom_checks:
  - id: hostile.no-fixme
    title: "</script><script>document.title='pwned'</script>"
    category: documentation
    severity: low
    kind: content
    files: ["*"]
    must_not_match: "FIX[M]E|<img src=x onerror=document.title='pwned'>"
"#,
    );
    repo.write("<img src=x onerror=alert(1)>.txt", "FIXME\n");
    let out = Repo::empty();
    let page = out.join("hostile.html");
    shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "html", "-o"])
        .arg(&page)
        .any_code()
        .run();
    let dom = headless(&browser, &page, &["--dump-dom".to_string()]);
    assert!(dom.contains("data-js=\"on\""), "the page's own script ran");
    assert!(!dom.contains("pwned</title>"), "injected script ran");
    assert_eq!(dom.matches("<script").count(), 1, "one script element");
    assert!(!dom.contains("<img"), "an injected element was parsed");
    assert!(dom.contains("&lt;/script&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
}

#[test]
fn a_screenshot_shows_a_rendered_page() {
    let Some(browser) = browser() else { return };
    let (dir, page, _) = page_of("demo-ready");
    let png_path = dir.join("report.png");
    headless(
        &browser,
        &page,
        &[
            format!("--screenshot={}", png_path.display()),
            format!("--window-size={WIDTH},{HEIGHT}"),
        ],
    );
    let png = std::fs::read(&png_path).expect("the browser wrote the screenshot");
    let (width, height, pixels) = decode_png(&png);
    assert_eq!((width, height), (WIDTH, HEIGHT));
    // A blank page compresses to a few kilobytes; ours is text and colour.
    assert!(png.len() > 60_000, "screenshot only {} bytes", png.len());
    let Some(pixels) = pixels else { return };
    // Filtered scanlines of a single-colour image hold a handful of byte
    // values, nearly all zero; a rendered page (anti-aliased text, bars,
    // the gauge) holds nearly all 256 and many non-zero bytes.
    let mut seen = [false; 256];
    for b in &pixels {
        seen[usize::from(*b)] = true;
    }
    let distinct = seen.iter().filter(|s| **s).count();
    let nonzero = pixels.iter().filter(|b| **b != 0).count();
    assert!(distinct > 128, "only {distinct} distinct byte values");
    assert!(
        nonzero * 100 > pixels.len(),
        "only {nonzero} of {} bytes non-zero",
        pixels.len()
    );
}

/// Width and height from the IHDR chunk, and the inflated IDAT data
/// (through python3's zlib, as the crate has no inflater; None when
/// python3 is missing outside CI).
fn decode_png(png: &[u8]) -> (u32, u32, Option<Vec<u8>>) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let mut at = 8;
    let mut size = None;
    let mut idat = Vec::new();
    while at + 8 <= png.len() {
        let len = be(&png[at..]) as usize;
        let kind = &png[at + 4..at + 8];
        let data = &png[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => size = Some((be(data), be(&data[4..]))),
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        at += 12 + len;
    }
    let (w, h) = size.expect("an IHDR chunk");
    assert!(!idat.is_empty(), "no image data");
    let inflated = Command::new("python3")
        .args([
            "-c",
            "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()
        .map(|mut child| {
            let mut stdin = child.stdin.take().unwrap();
            let writer = std::thread::spawn(move || {
                use std::io::Write;
                stdin.write_all(&idat).expect("feed python3");
            });
            let out = child.wait_with_output().expect("run python3");
            writer.join().unwrap();
            assert!(
                out.status.success(),
                "python3 could not inflate the IDAT data"
            );
            out.stdout
        });
    if inflated.is_none() {
        assert!(
            !in_ci(),
            "python3 is needed to check the screenshot's pixels"
        );
        eprintln!("pixel check skipped: no python3");
    }
    (w, h, inflated)
}
