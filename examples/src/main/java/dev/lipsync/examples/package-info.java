/**
 * Example programs, each a {@code main} that runs against the real vendors when their keys are in the
 * environment ({@code COMETAPI_KEY}, {@code APIMODELS_KEY}, {@code ALAD_KEY}, optionally {@code
 * *_BASE_URL}) and against in-process simulators when none is: {@link
 * dev.lipsync.examples.PlainJavaExample} (the gateway from plain Java), {@link
 * dev.lipsync.examples.GuiceExample} (the same job, wired by Guice), {@link
 * dev.lipsync.examples.TwoStepExample} (identify, show the faces, choose one, submit) and {@link
 * dev.lipsync.examples.CallbackEndpointExample} (vendors' callbacks taken by a small HTTP endpoint,
 * {@link dev.lipsync.examples.CallbackEndpoint}).
 */
@NullMarked
package dev.lipsync.examples;

import org.jspecify.annotations.NullMarked;
