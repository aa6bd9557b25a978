package io.llmproxy.command.routes;

/** Body of {@code PUT /admin/models/{alias}}. */
public record ModelRouteRequest(String provider, String model) {}
