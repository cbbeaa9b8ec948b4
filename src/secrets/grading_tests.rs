// shipready: ignore-file[secrets.no-committed-secrets] synthetic, never-issued values for grading tests
//! The confidence each kind of evidence earns, and its near misses.

use super::{Confidence, SecretScanner};
use Confidence::{High, Low, Medium};

/// The confidence each kind of evidence earns, and its near misses.
/// Values are synthetic, never issued.
#[test]
fn confidence_by_evidence() {
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJrams3NzRxYzZyd20iLCJpYXQiOjE3MDkwOTQ4NjYsInJvbGUiOiJzZXJ2aWNlIn0.PuEAwdBE_UBCE-rcdtU31F441RFC7VOXytJCFVVSJQy";
    let table: &[(&str, String, &str, Option<Confidence>)] = &[
        (".env", "STRIPE_KEY=sk_live_Zq8mR2vT9xLp4WcN7bY1dF6h\n".into(), "stripe-secret-key", Some(High)),
        (".env", "STRIPE_KEY=sk_live_0123456789abcdefghijklmn\n".into(), "stripe-secret-key", None),
        ("config/locales/en.yml", "stripe: sk_live_Zq8mR2vT9xLp4WcN7bY1dF6h\n".into(), "stripe-secret-key", Some(High)),
        (".env", "DATABASE_URL=postgres://app:Zq8mR2vT9xLp4WcN@db.prod.acme.io/app\n".into(), "connection-string-password", Some(High)),
        (".env", "DATABASE_URL=postgres://app:Zq8mR2vT9xLp4WcN@localhost/app\n".into(), "connection-string-password", Some(Medium)),
        // A local database's URL in a comment (a doctest, a usage line) is
        // an example; a remote host's stays what the value earns.
        ("src/Config.hs", "-- >>> withApp \"postgres://admin2:?pass?special?@localhost:5432/postgres\"\n".into(), "connection-string-password", Some(Low)),
        ("src/config.go", "// url: postgres://app:Zq8mR2vT9xLp4WcN@db.prod.acme.io/app\n".into(), "connection-string-password", Some(High)),
        // The optional parts of a URL grammar, in brackets: nothing to report.
        ("internal/shard.go", "// - redis://[[[user]:password]@]host:port[/db]\n".into(), "connection-string-password", None),
        ("internal/shard.go", "// - tcp://[[[user]:password]@]host:port[/db]\n".into(), "url-password", None),
        ("config/app.yml", "api_key: \"Zq8mR2vT9xLp4WcN7bY1\"\n".into(), "generic-secret", Some(Medium)),
        ("config/app.yml", "password: \"hunter2x9\"\n".into(), "generic-secret", Some(Low)),
        ("tests/app.yml", "api_key: \"Zq8mR2vT9xLp4WcN7bY1\"\n".into(), "generic-secret", Some(Low)),
        ("src/main/resources/application.properties", "spring.datasource.password=Xk9#pL2!vQ7$zRw4&m\n".into(), "properties-secret", Some(High)),
        ("src/main/resources/application.properties", "spring.datasource.password=hunter2\n".into(), "properties-secret", None),
        ("src/main/resources/messages_fr.properties", "login.password=Mot_de_passe_oubli\u{e9}\n".into(), "properties-secret", None),
        ("src/auth.ts", format!("const t = \"{jwt}\";\n"), "jwt", Some(Medium)),
        // A token minted for a development server on localhost is low; the
        // same token for a real host stays medium.
        ("pkg/authmode/keyset/token.jwt", "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJhdWQiOiJodHRwOi8vbG9jYWxob3N0Ojg4ODgiLCJpc3MiOiJodHRwOi8vbG9jYWxob3N0Ojg4ODgiLCJzdWIiOiI3MDdkMDg1NSIsImlhdCI6MTcwNDA2NzIwMH0.Qm9yZWRTaWduYXR1cmVCeXRlc0Zvck9uZVRlc3RPbmx5WnE4bVIydlQ5eExwNFdjTjdiWTFkRjZo\n".into(), "jwt", Some(Low)),
        ("pkg/authmode/keyset/token.jwt", "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJhdWQiOiJodHRwczovL2FwaS5hY21lLmlvIiwiaXNzIjoiaHR0cHM6Ly9hcGkuYWNtZS5pbyIsInN1YiI6IjcwN2QwODU1IiwiaWF0IjoxNzA0MDY3MjAwfQ.Qm9yZWRTaWduYXR1cmVCeXRlc0Zvck9uZVRlc3RPbmx5WnE4bVIydlQ5eExwNFdjTjdiWTFkRjZo\n".into(), "jwt", Some(Medium)),
        ("sms.env", "TWILIO_AUTH_TOKEN=76a4744f4b6b4a0cbaf7409cd5293724\n".into(), "twilio-auth-token", Some(High)),
        ("sms.py", "from twilio.rest import Client\nc = Client(SID, \"76a4744f4b6b4a0cbaf7409cd5293724\")\n".into(), "twilio-auth-token", Some(Medium)),
        ("app/settings.py", "SECRET_KEY = 'q8#z!mw2(k_9v-h$e4^rj&t7=+b@y0x%n1s*l6d5c3g)u-f2ko'\n".into(), "django-secret-key", Some(High)),
        ("app/settings.py", "SECRET_KEY = os.getenv('SECRET_KEY', 'q8#z!mw2(k_9v-h$e4^rj&t7=+b@y0x%n1s*l6d5c3g)u-f2ko')\n".into(), "env-fallback-secret", Some(Medium)),
        // Committed defaults: a literal fallback or configured value for a
        // secret is medium whatever it looks like; local, test and shipped
        // default values are low or nothing.
        ("app/config.py", "SECRET_KEY = os.environ.get('SECRET_KEY') or 'you-will-never-guess'\n".into(), "env-fallback-secret", Some(Medium)),
        ("tests/conftest.py", "SECRET_KEY = os.environ.get('SECRET_KEY') or 'you-will-never-guess'\n".into(), "env-fallback-secret", Some(Low)),
        ("src/config/dev.js", "export const jwt = process.env.JWT_SECRET || 'jwt-signing-phrase';\n".into(), "env-fallback-secret", Some(Low)),
        ("src/server.js", "const jwt = process.env.JWT_SECRET || 'secret';\n".into(), "env-fallback-secret", None),
        ("src/server.js", "const port = process.env.PORT || '8080';\n".into(), "env-fallback-secret", None),
        ("src/main/resources/application.yml", "jwt:\n  secret: ${JWT_SECRET:Hq7v2Tz9kLw4RmX8}\n".into(), "placeholder-default-secret", Some(Medium)),
        ("src/main/resources/application-dev.yml", "jwt:\n  secret: ${JWT_SECRET:Hq7v2Tz9kLw4RmX8}\n".into(), "placeholder-default-secret", Some(Low)),
        ("configuration/base.yaml", "application:\n  hmac_secret: \"super-long-and-secret-random-key\"\n".into(), "config-literal-secret", Some(Medium)),
        ("configuration/local.yaml", "application:\n  hmac_secret: \"super-long-and-secret-random-key\"\n".into(), "config-literal-secret", Some(Low)),
        ("configuration/base.yaml", "database:\n  password: \"password\"\n".into(), "config-literal-secret", None),
        ("config/database.yml", "development:\n  adapter: postgresql\n  password: app_dev_pw\n".into(), "config-literal-secret", Some(Low)),
        ("config/database.yml", "production:\n  adapter: postgresql\n  password: app_prod_pw\n".into(), "config-literal-secret", Some(Medium)),
        ("deploy/values.yaml", "auth:\n  password: app_prod_pw\n".into(), "config-literal-secret", None),
        ("app/settings.py", "SECRET_KEY = 'django-insecure-q8#z!mw2(k_9v-h$e4^rj&t7=+b@y0x%n1s*l6d5'\n".into(), "django-secret-key", Some(Low)),
        ("db/seeds.rb", "User.create!(password: \"Tq8vR2!mXz9Lw\")\n".into(), "generic-secret", Some(Low)),
        ("db/seeds.rb", "# User.create!(password: \"Tq8vR2!mXz9Lw\")\n".into(), "generic-secret", None),
        ("app/users.rb", "# User.create!(password: \"Tq8vR2!mXz9Lw\")\n".into(), "generic-secret", Some(Medium)),
        ("k8s/s.yaml", "apiVersion: v1\nkind: Secret\nstringData:\n  client-secret: Zq8mR2vT9xLp4WcN7bY1\n".into(), "k8s-secret-data", Some(High)),
        ("k8s/s.yaml", "apiVersion: v1\nkind: Secret\nstringData:\n  issuer: https://login.acme.io/realms/prod\n".into(), "k8s-secret-data", None),
        ("k8s/s.yaml", "apiVersion: v1\nkind: Secret\nstringData:\n  client-id: 25fc8e1d9b3a47f6a0c2e4d6b8f01a3c\n".into(), "k8s-secret-data", None),
        // base64 of `foobar_new`: a placeholder once decoded.
        ("k8s/s.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  password: Zm9vYmFyX25ldw==\n".into(), "k8s-secret-data", None),
        ("db/init.sql", "CREATE USER app WITH PASSWORD 'Vq8!zK2pR7mWx';\n".into(), "sql-password", Some(Medium)),
        ("tests/init.sql", "CREATE USER app WITH PASSWORD 'Vq8!zK2pR7mWx';\n".into(), "sql-password", Some(Low)),
        ("web/.env", "FIREBASE_CONFIG='{\"apiKey\":\"AIzaXodoMTrUh_xB45Al02uOEBeHAoGSZ10aOem\",\"authDomain\":\"x.firebaseapp.com\"}'\n".into(), "google-api-key", Some(Medium)),
        ("web/.env", "GOOGLE_MAPS_API_KEY=AIzaXodoMTrUh_xB45Al02uOEBeHAoGSZ10aOem\n".into(), "google-api-key", Some(High)),
        ("k8s/s.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  password: c0NhbGVpbzEyMw==\n".into(), "k8s-secret-data", Some(Medium)),
        // Throwaway environments: dev workspaces, end-to-end rigs and
        // compose files named for test or CI runs. A strong password to a
        // remote host, or the same file without the environment word, is not.
        (".devcontainer/devcontainer.json", "\"DB\": \"postgres://app:Zq8mR2vT9xLp4WcN@db:5432/app\"\n".into(), "connection-string-password", Some(Low)),
        // Vendored code: a library's own fixture-shaped value is low; a
        // provider token in its issued shape keeps its grade.
        ("vendor/github.com/acme/pg/auth.go", "password := \"Zq8mR2vT9xLp4WcN7bY1\"\n".into(), "generic-secret", Some(Low)),
        ("vendor/github.com/acme/pay/keys.env", "STRIPE_KEY=sk_live_Zq8mR2vT9xLp4WcN7bY1dF6h\n".into(), "stripe-secret-key", Some(High)),
        // A token its comment calls push-only or publishable is public by design.
        (".github/workflows/fossa.yml", "      with:\n        # FOSSA Push-Only API Token\n        fossa-api-key: 7c1e5d3a9b2f4e6081a7c9d2e4f6b8a0\n".into(), "generic-secret", Some(Low)),
        (".github/workflows/fossa.yml", "      with:\n        # FOSSA API Token\n        fossa-api-key: 7c1e5d3a9b2f4e6081a7c9d2e4f6b8a0\n".into(), "generic-secret", Some(Medium)),
        ("config.dev.yaml", "staticClients:\n  - id: example-app\n    secret: ZXhhbXBsZS1hcHAtc2VjcmV0\n".into(), "config-literal-secret", Some(Low)),
        ("config.prod.yaml", "staticClients:\n  - id: example-app\n    secret: ZXhhbXBsZS1hcHAtc2VjcmV0\n".into(), "config-literal-secret", Some(Medium)),
        (".gitpod.yml", "  DATABASE_URL: postgres://app:Zq8mR2vT9xLp4WcN@localhost/app\n".into(), "connection-string-password", Some(Low)),
        ("docker-compose.integration.yml", "      DB_URL: postgres://app:Zq8mR2vT9xLp4WcN@db/app\n".into(), "connection-string-password", Some(Low)),
        ("docker-compose.integration.yml", "      api_key: \"Zq8mR2vT9xLp4WcN7bY1\"\n".into(), "generic-secret", Some(Low)),
        ("scripts/e2e-cluster-setup.sh", "api_key=\"Zq8mR2vT9xLp4WcN7bY1\"\n".into(), "generic-secret", Some(Low)),
        ("docker-compose.yml", "      DB_URL: postgres://app:Zq8mR2vT9xLp4WcN@db/app\n".into(), "connection-string-password", Some(Medium)),
        ("docker-compose.prod.yml", "      api_key: \"Zq8mR2vT9xLp4WcN7bY1\"\n".into(), "generic-secret", Some(Medium)),
        (".devcontainer/devcontainer.json", "\"DB\": \"postgres://app:Zq8mR2vT9xLp4WcN@db.prod.acme.io/app\"\n".into(), "connection-string-password", Some(High)),
        ("scripts/deploy.sh", "api_key=\"Zq8mR2vT9xLp4WcN7bY1\"\n".into(), "generic-secret", Some(Medium)),
        // A settings module for the CI or test environment; the same key in
        // production settings is not.
        ("settings/ci.py", "SECRET_KEY = 'q8#z!mw2(k_9v-h$e4^rj&t7=+b@y0x%n1s*l6d5c3g)u-f2ko'\n".into(), "django-secret-key", Some(Low)),
        ("settings/production.py", "SECRET_KEY = 'q8#z!mw2(k_9v-h$e4^rj&t7=+b@y0x%n1s*l6d5c3g)u-f2ko'\n".into(), "django-secret-key", Some(High)),
        // A comment above that disclaims the value; the same token under an
        // unrelated comment, or a domain named example.com, is not.
        ("app/constants.py", "# Example response for tests. It contains NO actual tokens.\nRESP = {\n    \"access_token\": \"xoxb-27653672481-29874698323-qeGZKVeTuE8sk7oOcBrzbqgz\",\n}\n".into(), "slack-bot-token", Some(Medium)),
        ("app/constants.py", "# Token for the alerts workspace.\nRESP = {\n    \"access_token\": \"xoxb-27653672481-29874698323-qeGZKVeTuE8sk7oOcBrzbqgz\",\n}\n".into(), "slack-bot-token", Some(High)),
        ("app/constants.py", "# Credentials for api.example.com\nAPI_KEY = \"Zq8mR2vT9xLp4WcN7bY1\"\n".into(), "generic-secret", Some(Medium)),
        ("app/constants.py", "# Fake key for the local stub\nAPI_KEY = \"Zq8mR2vT9xLp4WcN7bY1\"\n".into(), "generic-secret", Some(Low)),
        // Slack's own documentation example.
        ("app/constants.py", "TOKEN = \"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy\"\n".into(), "slack-bot-token", None),
        // A signing key literal handed to a key constructor, on the next
        // line; the same in a test is low, a key read from configuration
        // is nothing.
        ("src/Conduit/ServicesExtensions.cs", "var signingKey = new SymmetricSecurityKey(\n    \"somethinglongerforthisdumbalgorithmisrequired\"u8.ToArray()\n);\n".into(), "hardcoded-signing-key", Some(Medium)),
        ("tests/AuthTests.cs", "var signingKey = new SymmetricSecurityKey(\n    \"somethinglongerforthisdumbalgorithmisrequired\"u8.ToArray()\n);\n".into(), "hardcoded-signing-key", Some(Low)),
        ("src/Conduit/ServicesExtensions.cs", "var signingKey = new SymmetricSecurityKey(\n    Encoding.UTF8.GetBytes(config[\"Jwt:Key\"])\n);\n".into(), "hardcoded-signing-key", None),
        ("src/keys.rs", format!("const TEST_FAKE_JWT: &str = \"{jwt}\";\n"), "jwt", Some(Low)),
        ("src/keys.rs", format!("const LATEST_JWT: &str = \"{jwt}\";\n"), "jwt", Some(Medium)),
    ];
    let s = SecretScanner::builtin().unwrap();
    for (path, text, rule, want) in table {
        let got = s
            .scan(path, text.as_bytes())
            .into_iter()
            .find(|m| m.rule_id == *rule)
            .map(|m| m.confidence);
        assert_eq!(got, *want, "{rule} in {path}: {text}");
    }
}
