package io.llmproxy.command.routes;

public record ModelRouteResponse(String alias, String provider, String model) {}
