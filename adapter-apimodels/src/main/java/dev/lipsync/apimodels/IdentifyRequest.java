package dev.lipsync.apimodels;

/** What creates an identify task, before it has names: {@link RequestJson} writes it with a variant's. */
record IdentifyRequest(String videoUrl) {}
