//! `security.policy`: a security policy tells reporters where to send a
//! vulnerability. GitHub and GitLab look in the root, `.github/`, `docs/`.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::markup::{finished, marker_line, TEMPLATE_MARKER};
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
    passes_when: Cow::Borrowed("SECURITY.md (or .rst/.txt) exists at the root, in .github/, .gitlab/ or docs/, and names a contact (an email address or a link)"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://docs.github.com/en/code-security/getting-started/adding-a-security-policy-to-your-repository")]),
};

/// Whether the policy names a way to reach someone, and the first line
/// still holding a starter template's marker.
struct HasContact(bool, Option<u32>);

impl Check for Policy {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        file.is(FileKind::SecurityPolicy)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
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
            None => Outcome::fail("no SECURITY.md").evidence("looked for SECURITY.md, .github/SECURITY.md, .gitlab/SECURITY.md, docs/SECURITY.md"),
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
