/**
 * Guice wiring for the gateway. Nothing else in core imports Guice: every object here is built by the
 * same plain builders an application without Guice uses.
 */
@NullMarked
package dev.lipsync.core.guice;

import org.jspecify.annotations.NullMarked;
