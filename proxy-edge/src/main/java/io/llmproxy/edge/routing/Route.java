package io.llmproxy.edge.routing;

/** Where requests for a public alias go: a configured provider and the model name it expects. */
public record Route(String alias, String provider, String upstreamModel) {}
