package com.acme.api;

@RestController
public class HealthController {
    @GetMapping("/health")
    public String health() { return "ok"; }
}
