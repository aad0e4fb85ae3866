/**
 * Guice wiring, for every module of the project: {@link dev.lipsync.core.guice.VendorModule} adds any
 * adapter's provider to the map of vendors, {@link dev.lipsync.core.guice.GatewayModule} provides the
 * gateway over them. Nothing else in the project imports Guice (the adapters know nothing of it), and
 * every object here is built by the same plain builders an application without Guice uses; Guice is an
 * optional dependency, which only an application that wires with it adds.
 */
@NullMarked
package dev.lipsync.core.guice;

import org.jspecify.annotations.NullMarked;
