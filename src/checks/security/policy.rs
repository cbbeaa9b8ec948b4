//! `security.policy`: a security policy tells reporters where to send a
//! vulnerability. GitHub and GitLab look in the root, `.github/`, `docs/`.
//!
//! Many projects write the policy as a section of the README or of their
//! documentation ("Reporting security vulnerabilities", with an address).
//! A reporter who reads it finds the channel, but code hosts do not surface
//! it: three quarters of the credit, and a finding to move it.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::markup::{finished, marker_line, Outline, TEMPLATE_MARKER};
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub struct Policy;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("security.policy"),
    title: Cow::Borrowed("A security policy says how to report a vulnerability"),
    category: Category::Security,
    // OpenSSF Scorecard's Security-Policy check is a medium risk.
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("SECURITY.md tells finders of a vulnerability where to report it"),
    rationale: Cow::Borrowed(
        "Without a published channel, a vulnerability ends up in a public issue, or nowhere. A policy \
         with a private contact and supported versions is what code hosts surface to reporters.",
    ),
    remediation: Cow::Borrowed(
        "Add SECURITY.md at the root, in .github/ or in docs/, naming a private reporting channel (an \
         email address or the host's private advisory form), the versions you support, and what \
         reporters can expect in return.",
    ),
    passes_when: Cow::Borrowed("SECURITY.md (or .rst/.txt) exists at the root, in .github/, .gitlab/ or docs/, and names a contact (an email address or a link); a README or documentation section about reporting vulnerabilities, with a contact, earns three quarters"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://docs.github.com/en/code-security/getting-started/adding-a-security-policy-to-your-repository")]),
};

/// Whether the policy names a way to reach someone, and the first line
/// still holding a starter template's marker.
struct HasContact(bool, Option<u32>);

/// A section of a README or doc that tells how to report a vulnerability:
/// its line.
struct Section(u32);

/// The README or documentation pages, near the top, where a project
/// writes its reporting channel when it keeps no SECURITY.md.
fn policy_doc(file: &FileEntry) -> bool {
    if file.vendored() || file.fixture() || file.example() {
        return false;
    }
    let readme = file.is(FileKind::Readme) && file.depth() == 0;
    let docs = (file.is(FileKind::Markdown) || file.is(FileKind::Rst))
        && file.depth() <= 2
        && (file.path.starts_with("docs/") || file.path.starts_with("doc/"));
    readme || docs
}

/// A heading about security whose section names a way to report privately.
fn reporting_section(outline: &Outline) -> Option<u32> {
    outline.headings.iter().find_map(|h| {
        let heading = h.text.to_ascii_lowercase();
        let about = heading.contains("security") || heading.contains("vulnerab");
        let body = &h.body;
        let reporting = heading.contains("report")
            || heading.contains("disclos")
            || [
                "report", "disclos", "discover", "contact", "email", "e-mail",
            ]
            .iter()
            .any(|w| body.contains(w));
        let contact = body.contains('@')
            || body.contains("http://")
            || body.contains("https://")
            || body.contains("security advisor");
        (about && reporting && contact).then_some(h.line)
    })
}

impl Check for Policy {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        file.is(FileKind::SecurityPolicy) || policy_doc(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if !file.is(FileKind::SecurityPolicy) {
            let line = reporting_section(&content.model::<Outline>())?;
            return Some(Box::new(Section(line)));
        }
        // A starter template's guidance lines name no real channel.
        let t = finished(&file.path, content.text());
        let contact = t.contains('@')
            || t.contains("http://")
            || t.contains("https://")
            || t.to_lowercase().contains("security advisor");
        Some(Box::new(HasContact(contact, marker_line(content.text()))))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let found: Vec<(&FileEntry, &HasContact)> = ctx.data::<HasContact>().collect();
        Ok(match found.iter().find(|(_, c)| c.0).or(found.first()) {
            Some((f, c)) if c.0 => Outcome::pass(f.path.clone()).basis(Basis::Parsed).evidence(format!("security policy with a contact in {}", f.path)),
            // A starter nobody filled in is not a policy yet.
            Some((f, HasContact(_, Some(line)))) => Outcome::fail(format!("{} is an unfilled starter template", f.path))
                .evidence(format!("{}:{line}: replace each {TEMPLATE_MARKER} line; a private reporting channel (an address or a link) is what passes", f.path)),
            Some((f, _)) => Outcome::fraction(0.5, format!("{} names no contact", f.path))
                .evidence(format!("{} has no email address or link to report to", f.path)),
            None => match ctx.data::<Section>().next() {
                Some((f, Section(line))) => Outcome::fraction(
                    0.75,
                    format!("no SECURITY.md; {}:{line} says how to report a vulnerability", f.path),
                )
                .basis(Basis::Parsed)
                .evidence(format!("reporting section at {}:{line}", f.path))
                .findings(vec![crate::checks::finding(
                    &META,
                    "the reporting channel is a section of a document: code hosts surface only SECURITY.md to reporters; move it there",
                )
                .rule("policy-in-document")
                .at(f.path.clone(), Some(*line))]),
                None => Outcome::fail("no SECURITY.md").evidence("looked for SECURITY.md, .github/SECURITY.md, .gitlab/SECURITY.md, docs/SECURITY.md, and a section on reporting vulnerabilities in README and docs/"),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        expect(
            &Policy,
            "root with email",
            &[("SECURITY.md", "Report to security@acme.test")],
            Status::Pass,
        );
        expect(
            &Policy,
            "github dir with link",
            &[(
                ".github/SECURITY.md",
                "Use https://github.com/acme/x/security/advisories/new",
            )],
            Status::Pass,
        );
        expect(
            &Policy,
            "no contact",
            &[("SECURITY.md", "# Security\nWe care.")],
            Status::Partial,
        );
        expect(&Policy, "missing", &[("README.md", "# x")], Status::Fail);
        let table: &[(&str, &str, &str, Status)] = &[
            ("readme section", "README.md", "# x\n\n## Security\n\n### Reporting Security Vulnerabilities\n\nEmail [us](mailto:security@acme.test).\n", Status::Partial),
            ("docs page section", "doc/participating.rst", "Security\n********\n\nIf you find a vulnerability, please report it to security@acme.test, not in an issue.\n", Status::Partial),
            ("discover then email", "doc/participating.rst", "********\nSecurity\n********\n\nIf you discover a security problem, do not open an issue but send an email to dev@acme.test.\n", Status::Partial),
            // Near misses: a security feature section, no contact, deep docs.
            ("feature section", "README.md", "# x\n\n## Security\n\nPasswords are hashed with bcrypt, see https://acme.test/bcrypt.\n", Status::Fail),
            ("no contact", "README.md", "# x\n\n## Reporting vulnerabilities\n\nPlease tell us privately.\n", Status::Fail),
            ("deep docs", "docs/a/b/c.md", "# Reporting security issues\n\nMail security@acme.test\n", Status::Fail),
        ];
        for (name, path, text, want) in table {
            expect(&Policy, name, &[(path, text)], *want);
        }
        // A SECURITY.md wins over a section.
        expect(
            &Policy,
            "file and section",
            &[
                ("SECURITY.md", "Report to security@acme.test"),
                (
                    "README.md",
                    "# x\n## Security\nReport to security@acme.test\n",
                ),
            ],
            Status::Pass,
        );
        let template = "# Security policy\n\n## Reporting a vulnerability\n\n\
            TODO(shipready): the private channel, e.g. security@your-domain or https://host/advisories\n";
        let o = expect(
            &Policy,
            "unfilled template",
            &[("SECURITY.md", template)],
            Status::Fail,
        );
        assert!(
            o.summary.contains("unfilled starter template"),
            "{}",
            o.summary
        );
        expect(
            &Policy,
            "template with the channel written",
            &[(
                "SECURITY.md",
                "# Security policy\n\n## Reporting a vulnerability\n\nMail security@acme.test.\n\n\
                 ## Supported versions\n\nTODO(shipready): list them.\n",
            )],
            Status::Pass,
        );
    }
}
