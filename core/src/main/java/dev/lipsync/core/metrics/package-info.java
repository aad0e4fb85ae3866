/**
 * Micrometer metrics: {@link dev.lipsync.core.metrics.MeteredProvider} times every call to a vendor,
 * and {@link dev.lipsync.core.metrics.GatewayMetrics} counts what the gateway does with jobs. Names are
 * lower case and dot-separated, with base units, and tags are low-cardinality only (vendor, operation,
 * outcome, reason): never a task id, URL, text or key.
 */
@NullMarked
package dev.lipsync.core.metrics;

import org.jspecify.annotations.NullMarked;
