pub fn db() -> String {
    std::env::var("DATABASE_URL").unwrap_or_default()
}

pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

pub fn token() -> Option<String> {
    std::env::var("GITHUB_APP_TOKEN").ok()
}
