pub async fn a() -> reqwest::Result<()> {
    let ok = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()?;
    let bad = reqwest::Client::new();
    let _ = reqwest::get("https://x").await?;
    Ok(())
}
