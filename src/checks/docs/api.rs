//! `docs.api`: a service's API is described in a machine-readable form
//! that lives with the code.
//!
//! Evidence, by confidence:
//! - description files, recognised by content, not name: OpenAPI
//!   (`openapi: 3...`) and Swagger 2 (`swagger: "2.0"`) in YAML or JSON,
//!   AsyncAPI, GraphQL schemas (`type Query`, `schema {`), protobuf files
//!   that declare a `service`, RAML and API Blueprint;
//! - code-first generators as dependencies (springdoc, springfox,
//!   drf-spectacular, drf-yasg, flask-smorest, @nestjs/swagger, swaggo,
//!   huma, utoipa, aide, Swashbuckle, NSwag, l5-swagger, nelmio,
//!   open_api_spex, rswag...): the description is produced at run time;
//! - FastAPI, which generates OpenAPI by itself: counted, medium.
//!
//! Files under vendored, fixture and test trees do not count. The check
//! applies only when the product source shows an API surface (JSON
//! responses, REST or API controllers, gRPC servers: `@RestController`,
//! `jsonify(`, `res.json(`, `c.JSON(`, `render json:`,
//! `response()->json(`, `[ApiController]`, `web::Json`...); a service that
//! serves only HTML pages has no API to describe.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::checks::signals::{is_product_source, is_project_manifest, manifest_of};
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::manifests::{package_matches, Ecosystem};
use crate::formats::source::Code;
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{line_of, Content, FileEntry};

pub struct Api;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docs.api"),
    title: Cow::Borrowed("The API is described (OpenAPI, GraphQL schema, protobuf)"),
    category: Category::Documentation,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[Profile::Service]),
    applies_when: Cow::Borrowed("the repository is a service"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("An OpenAPI, GraphQL or protobuf description lives in the repo"),
    rationale: Cow::Borrowed(
        "Consumers of an undescribed API learn it by reading code or by trial and error, and every \
         change can break them silently. A machine-readable description can be reviewed in pull \
         requests, diffed for breaking changes, and turned into clients, mocks and contract tests.",
    ),
    remediation: Cow::Borrowed(
        "Commit the description beside the code (`openapi.yaml`, `schema.graphql`, `api/*.proto`), \
         or generate it from the code with your framework's tool (springdoc, drf-spectacular, \
         @nestjs/swagger, swaggo, utoipa, Swashbuckle...) and check the generated file in so \
         changes show up in review.",
    ),
    passes_when: Cow::Borrowed(
        "an OpenAPI/Swagger, AsyncAPI, GraphQL, protobuf service, RAML or API Blueprint file is \
         found by content, or a code-first OpenAPI generator (or FastAPI) is a dependency",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://spec.openapis.org/oas/latest.html"),
        Cow::Borrowed("https://graphql.org/learn/schema/"),
    ]),
};

static SPEC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\s*["']?(openapi|swagger|asyncapi)["']?\s*:\s*["']?(\d+(?:\.\d+)*)"#)
        .expect("spec regex")
});
static GRAPHQL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(?:extend\s+)?(?:type\s+(?:Query|Mutation|Subscription)\b|schema\s*\{)")
        .expect("graphql regex")
});
static PROTO_SERVICE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*service\s+\w+\s*\{").expect("proto regex"));

const GENERATORS: &[(Ecosystem, &str, Confidence)] = &[
    (Ecosystem::Maven, "org.springdoc:*", Confidence::High),
    (Ecosystem::Gradle, "org.springdoc:*", Confidence::High),
    (Ecosystem::Maven, "io.springfox:*", Confidence::High),
    (Ecosystem::Gradle, "io.springfox:*", Confidence::High),
    (Ecosystem::Maven, "io.swagger.core.v3:*", Confidence::High),
    (Ecosystem::Gradle, "io.swagger.core.v3:*", Confidence::High),
    (
        Ecosystem::Maven,
        "quarkus-smallrye-openapi",
        Confidence::High,
    ),
    (Ecosystem::Python, "drf-spectacular", Confidence::High),
    (Ecosystem::Python, "drf-yasg", Confidence::High),
    (Ecosystem::Python, "flask-smorest", Confidence::High),
    (Ecosystem::Python, "flask-restx", Confidence::High),
    (Ecosystem::Python, "flasgger", Confidence::High),
    (Ecosystem::Python, "apispec", Confidence::High),
    (Ecosystem::Python, "django-ninja", Confidence::High),
    (Ecosystem::Python, "litestar", Confidence::Medium),
    (Ecosystem::Python, "fastapi", Confidence::Medium),
    (Ecosystem::Npm, "@nestjs/swagger", Confidence::High),
    (Ecosystem::Npm, "swagger-jsdoc", Confidence::High),
    (Ecosystem::Npm, "@fastify/swagger", Confidence::High),
    (Ecosystem::Npm, "fastify-swagger", Confidence::High),
    (Ecosystem::Npm, "tsoa", Confidence::High),
    (Ecosystem::Npm, "express-openapi", Confidence::High),
    (Ecosystem::Npm, "@hono/zod-openapi", Confidence::High),
    (
        Ecosystem::Npm,
        "@asteasolutions/zod-to-openapi",
        Confidence::High,
    ),
    (Ecosystem::Go, "github.com/swaggo/swag", Confidence::High),
    (
        Ecosystem::Go,
        "github.com/danielgtaylor/huma",
        Confidence::High,
    ),
    (Ecosystem::Go, "goa.design/goa", Confidence::High),
    (
        Ecosystem::Go,
        "github.com/go-swagger/go-swagger",
        Confidence::High,
    ),
    (Ecosystem::Cargo, "utoipa", Confidence::High),
    (Ecosystem::Cargo, "aide", Confidence::High),
    (Ecosystem::Cargo, "poem-openapi", Confidence::High),
    (Ecosystem::Cargo, "rocket_okapi", Confidence::High),
    (Ecosystem::Cargo, "paperclip", Confidence::High),
    (Ecosystem::Cargo, "async-graphql", Confidence::High),
    (Ecosystem::Cargo, "juniper", Confidence::High),
    (
        Ecosystem::Nuget,
        "Swashbuckle.AspNetCore*",
        Confidence::High,
    ),
    (Ecosystem::Nuget, "NSwag*", Confidence::High),
    (
        Ecosystem::Nuget,
        "Microsoft.AspNetCore.OpenApi",
        Confidence::High,
    ),
    (
        Ecosystem::Composer,
        "darkaonline/l5-swagger",
        Confidence::High,
    ),
    (
        Ecosystem::Composer,
        "nelmio/api-doc-bundle",
        Confidence::High,
    ),
    (Ecosystem::Composer, "zircote/swagger-php", Confidence::High),
    (Ecosystem::Composer, "api-platform/core", Confidence::High),
    (Ecosystem::Hex, "open_api_spex", Confidence::High),
    (Ecosystem::Hex, "absinthe", Confidence::High),
    (Ecosystem::Ruby, "rswag*", Confidence::High),
    (Ecosystem::Ruby, "grape-swagger", Confidence::High),
    (Ecosystem::Ruby, "graphql", Confidence::High),
];

/// One piece of evidence: (line, what, sure).
struct Found(Vec<(u32, String, Confidence)>);

/// Where the source serves an API: (line, marker).
struct Surface(u32, String);

static API_SURFACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"@RestController\b|@ResponseBody\b|\bJsonResponse\(|\bjsonify\(|\brest_framework\b|\bAPIRouter\(|\bFastAPI\(|@api_view\b|\bres\.json\(|\bres\.status\(\d+\)\.json\(|\breply\.send\(|\bctx\.body\s*=|\bc\.json\(|\bResponse\.json\(|\bNextResponse\.json\(|\bjson\.NewEncoder\(\s*w\b|\b[cC]tx?\.JSON\(|\bc\.JSON\(|\brender\.JSON\(|\bWriteJSON\(|\bgrpc\.NewServer\(|\brender\s+json:|\bformat\.json\b|ActionController::API\b|Grape::API\b|response\(\)->json\(|Route::apiResource\(|\[ApiController\]|\bweb::Json\b|\baxum::Json\b|\bJson\(json!|\.json\(&|\bjson\(conn,|pipeline\s+:api\b|\btonic::transport::Server\b"#,
    )
    .expect("api surface regex")
});

fn in_scope(f: &FileEntry) -> bool {
    !f.vendored() && !f.fixture() && !f.test_code()
}

fn ext(f: &FileEntry) -> String {
    f.name()
        .rsplit_once('.')
        .map_or(String::new(), |(_, e)| e.to_ascii_lowercase())
}

fn is_description_candidate(f: &FileEntry) -> bool {
    in_scope(f)
        && matches!(
            ext(f).as_str(),
            "yaml" | "yml" | "json" | "graphql" | "graphqls" | "gql" | "proto" | "raml" | "apib"
        )
        && f.size <= 4 * 1024 * 1024
}

/// Evidence in a candidate description file.
fn describe(f: &FileEntry, text: &str) -> Option<(u32, String)> {
    match ext(f).as_str() {
        "yaml" | "yml" | "json" => {
            // The version key sits near the top of a real description.
            let mut end = text.len().min(4096);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let head = &text[..end];
            let c = SPEC.captures(head)?;
            let kind = match c.get(1)?.as_str() {
                "openapi" => "OpenAPI",
                "swagger" => "Swagger",
                _ => "AsyncAPI",
            };
            Some((
                line_of(text, c.get(0)?.start()),
                format!("{kind} {}", c.get(2)?.as_str()),
            ))
        }
        "graphql" | "graphqls" | "gql" => GRAPHQL
            .find(text)
            .map(|m| (line_of(text, m.start()), "GraphQL schema".to_string())),
        "proto" => PROTO_SERVICE
            .find(text)
            .map(|m| (line_of(text, m.start()), "protobuf service".to_string())),
        "raml" => text.starts_with("#%RAML").then(|| (1, "RAML".to_string())),
        "apib" => text
            .contains("FORMAT: 1A")
            .then(|| (1, "API Blueprint".to_string())),
        _ => None,
    }
}

impl Check for Api {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_description_candidate(file) || is_project_manifest(file) || is_product_source(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if is_product_source(file) {
            let code = content.model::<Code>();
            return API_SURFACE.find(&code.text).map(|m| {
                Box::new(Surface(
                    line_of(&code.text, m.start()),
                    m.as_str().trim().to_string(),
                )) as FileData
            });
        }
        if let Some(m) = manifest_of(content) {
            let found: Vec<(u32, String, Confidence)> = m
                .product_deps()
                .filter_map(|d| {
                    GENERATORS
                        .iter()
                        .find(|(e, n, _)| *e == m.ecosystem && package_matches(*e, &d.name, n))
                        .map(|(_, _, s)| {
                            (d.line.unwrap_or(1), format!("{} dependency", d.name), *s)
                        })
                })
                .collect();
            return (!found.is_empty()).then(|| Box::new(Found(found)) as FileData);
        }
        let (line, what) = describe(file, content.text())?;
        Some(Box::new(Found(vec![(line, what, Confidence::High)])))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let mut all: Vec<(&FileEntry, &(u32, String, Confidence))> = ctx
            .data::<Found>()
            .flat_map(|(f, d)| d.0.iter().map(move |x| (f, x)))
            .collect();
        all.sort_by_key(|(f, (l, _, s))| {
            (
                *s != Confidence::High,
                manifest_rank(f),
                f.path.as_str(),
                *l,
            )
        });
        if let Some((f, (line, what, sure))) = all.first() {
            let basis = if *sure == Confidence::High && manifest_rank(f) == 0 {
                Basis::Parsed
            } else {
                Basis::Present
            };
            return Ok(Outcome::pass(format!("{what} at {}:{line}", f.path))
                .basis(basis)
                .evidences(
                    all.iter()
                        .take(8)
                        .map(|(f, (l, w, _))| format!("{w} at {}:{l}", f.path)),
                ));
        }
        let Some((f, Surface(line, marker))) = ctx.data::<Surface>().next() else {
            return Ok(Outcome::not_applicable(
                "no API surface in the source (no JSON responses, API controllers or gRPC servers)",
            ));
        };
        let finding = Finding::new(
            &META.id,
            format!("the source serves an API (`{marker}` here) but no OpenAPI, GraphQL, protobuf or other description exists, and no code-first generator is a dependency"),
        )
        .rule("no-api-description")
        .at(f.path.clone(), Some(*line));
        Ok(Outcome::fail("no API description found")
            .basis(Basis::Pattern)
            .evidence("looked for openapi:/swagger:/asyncapi: in YAML and JSON, GraphQL schemas, .proto services, RAML, API Blueprint, and code-first generators")
            .findings(vec![finding
.confidence(Confidence::Medium)]))
    }
}

/// Description files before manifests.
fn manifest_rank(f: &FileEntry) -> u8 {
    u8::from(is_project_manifest(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);
        let cases: &[Case] = &[
            ("openapi yaml", &[("api/spec.yaml", "openapi: 3.1.0\ninfo: {}\n")], Status::Pass),
            ("swagger json", &[("docs/api.json", "{\n  \"swagger\": \"2.0\",\n  \"info\": {}\n}")], Status::Pass),
            ("graphql", &[("schema.graphql", "type Query {\n  me: User\n}\n")], Status::Pass),
            ("proto service", &[("proto/svc.proto", "syntax = \"proto3\";\nservice Users {\n}\n")], Status::Pass),
            ("proto messages only", &[("proto/m.proto", "syntax = \"proto3\";\nmessage A {}\n"), ("server/api.go", "json.NewEncoder(w).Encode(x)")], Status::Partial),
            ("HTML-only service", &[("app/views.py", "return render(request, 'index.html')")], Status::NotApplicable),
            ("fastapi", &[("requirements.txt", "fastapi==0.110\n")], Status::Pass),
            ("springdoc", &[("pom.xml", "<project><dependencies><dependency><groupId>org.springdoc</groupId><artifactId>springdoc-openapi-starter-webmvc-ui</artifactId></dependency></dependencies></project>")], Status::Pass),
            ("a file named openapi.yaml that is not one", &[("openapi.yaml", "name: x\n"), ("package.json", r#"{"dependencies":{"express":"4"}}"#), ("src/server.js", "app.get('/u', (req, res) => res.json([]))")], Status::Partial),
            ("vendored spec does not count", &[("node_modules/x/openapi.yaml", "openapi: 3.0.0\n"), ("src/server.js", "res.json({})")], Status::Partial),
        ];
        for (name, files, want) in cases {
            expect(&Api, name, files, *want);
        }
    }
}
