/** Guice wiring for the apimodels adapter: {@link dev.lipsync.apimodels.guice.ApiModelsModule}. */
@NullMarked
package dev.lipsync.apimodels.guice;

import org.jspecify.annotations.NullMarked;
