package io.llmproxy.edge.adminauth;

/** The administrator a verified token speaks for. */
public record AdminPrincipal(String subject, AdminRole role) {}
