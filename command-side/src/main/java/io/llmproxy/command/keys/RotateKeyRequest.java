package io.llmproxy.command.keys;

/** Optional body of {@code POST /admin/keys/{id}/rotate}. */
public record RotateKeyRequest(Long gracePeriodSeconds) {}
