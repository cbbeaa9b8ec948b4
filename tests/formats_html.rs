//! `--format html` end to end: the page for each scenario repository as a
//! snapshot, determinism, and a repository built to attack the page
//! (markup in file names, a check title that closes the script, thousands
//! of findings). tests/html_browser.rs renders the page in a real browser.

mod common;

use common::{shipready, Repo};

fn html(repo: &Repo, extra: &[&str]) -> String {
    let run = shipready()
        .repo(repo)
        .args(["scan", ".", "-f", "html"])
        .args(extra)
        .any_code()
        .run();
    assert!(run.code <= 1, "exit {}: {}", run.code, run.stderr);
    assert!(run.stdout.starts_with("<!DOCTYPE html>"), "{}", run.stdout);
    assert!(run.stdout.ends_with("</html>\n"));
    run.stdout
}

/// The page with the constant stylesheet and script left out: snapshots
/// are about the report, and the unit tests in src/report/html.rs hold
/// the script to the hash the page's CSP names.
fn content(page: &str) -> String {
    let mut out = page.to_string();
    for (open, close, note) in [
        ("<style>\n", "</style>", "[stylesheet]\n"),
        ("<script>", "</script>", "[script]"),
    ] {
        let start = out.find(open).expect("an inline element") + open.len();
        let end = start + out[start..].find(close).expect("closed");
        out.replace_range(start..end, note);
    }
    out
}

#[test]
fn demo_ready_page() {
    let page = html(&Repo::fixture("demo-ready"), &[]);
    insta::assert_snapshot!("demo_ready_html", content(&page));
}

#[test]
fn production_ready_page() {
    let page = html(&Repo::fixture("production-ready"), &[]);
    insta::assert_snapshot!("production_ready_html", content(&page));
}

#[test]
fn hostile_page() {
    let page = html(&Repo::fixture("hostile"), &[]);
    insta::assert_snapshot!("hostile_html", content(&page));
}

#[test]
fn the_page_is_byte_identical_across_runs_and_thread_counts() {
    let repo = Repo::fixture("demo-ready");
    let one = html(&repo, &["--threads", "1"]);
    assert!(
        one == html(&repo, &["--threads", "4"]),
        "thread counts differ"
    );
    assert!(one == html(&repo, &["--threads", "4"]), "two runs differ");
}

#[test]
fn output_flag_writes_the_page_and_gates_still_set_the_exit_code() {
    let repo = Repo::fixture("demo-ready");
    let out = Repo::empty();
    let run = shipready()
        .repo(&repo)
        .args(["scan", ".", "-f", "html", "--fail-under", "99", "-o"])
        .arg(out.join("report/index.html"))
        .expect_code(1)
        .run();
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("gate failed: score"), "{}", run.stderr);
    let page = out.read("report/index.html");
    assert!(
        page.contains("CI gate failed (exit 1)"),
        "the page says so too"
    );
    assert!(page.contains("is below --fail-under 99"));
}

/// Markup where the page puts text: a check from config whose title,
/// pattern and remediation try to close the script and open elements,
/// files named like tags, and far more findings than a page should list.
fn attacking_repo() -> Repo {
    let repo = Repo::fixture("hostile");
    repo.write(
        ".shipready.yaml",
        r#"custom_checks:
  - id: hostile.no-fixme
    title: "No FIXME </script><script>document.title='pwned'</script> markers"
    category: documentation
    severity: low
    kind: content
    files: ["*"]
    must_not_match: "FIX[M]E|</textarea><img src=x onerror=alert(1)>"
    remediation: "Remove them. <img src=x onerror=alert(2)> `</script><marquee>`"
    rationale: "&amp; is not an entity here; \" and ' are not quotes"
"#,
    );
    // A content check keeps the first 100 findings of a file: 60 files.
    let many: String = (0..100).map(|i| format!("line {i} FIXME\n")).collect();
    for n in 0..60 {
        repo.write(&format!("many/{n:02}.txt"), &many);
    }
    repo.write("<img src=x onerror=alert(3)>.txt", "FIXME\n");
    repo.write("\"quoted' & <marquee>.txt", "FIXME\n");
    repo
}

#[test]
fn markup_in_the_report_stays_text() {
    let page = html(&attacking_repo(), &[]);
    for raw in [
        "</script><script>",
        "<img src=x",
        "</textarea>",
        "<marquee>",
        "\"quoted'",
        "&amp; is",
    ] {
        assert!(!page.contains(raw), "{raw} reached the page unescaped");
    }
    assert_eq!(page.matches("<script").count(), 1);
    assert_eq!(page.matches("</script").count(), 1);
    assert!(page.contains(
        "No FIXME &lt;/script&gt;&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; markers"
    ));
    assert!(page.contains("<code class=\"loc\">&lt;img src=x onerror=alert(3)&gt;.txt:1</code>"));
    assert!(page.contains("&amp;amp; is not an entity here; &quot; and &#39; are not quotes"));
}

#[test]
fn thousands_of_findings_are_capped_per_check() {
    let page = html(&attacking_repo(), &[]);
    let at = page
        .find("id=\"check-hostile.no-fixme\"")
        .expect("the check is on the page");
    let article = &page[at..at + page[at..].find("</article>").unwrap()];
    let shown = article.matches("<li class=\"lvl-").count();
    assert_eq!(shown, 25, "{article}");
    // 6004 in all: 6000 in many/, the rest in the two named files, the
    // config and the fixture's own.
    assert!(
        article.contains("… and 5979 more (5979 open, 0 suppressed) not shown here"),
        "{article}"
    );
    assert!(page.len() < 400_000, "{} bytes", page.len());
}
