/**
 * The apimodels.app adapter: {@link dev.lipsync.apimodels.ApiModelsProvider}. apimodels serves every
 * step of the flow, face identification included, as an asynchronous task behind one endpoint chosen by
 * a {@code model} field; it answers in camelCase and posts callbacks whose result is a JSON string.
 * Everything but the provider and its builder is internal to this package.
 */
@NullMarked
package dev.lipsync.apimodels;

import org.jspecify.annotations.NullMarked;
