class Config {
    String url = System.getenv("JDBC_URL");
    String pool = System.getenv("POOL_SIZE");
}
