package a;

class JavaClient {
    HttpClient ok = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpClient bad = HttpClient.newHttpClient();
}
