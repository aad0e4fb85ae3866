/**
 * What every adapter shares, so that each vendor's module holds only what is that vendor's: its
 * endpoints, its wire types and its mapper.
 *
 * <ul>
 *   <li>The provider skeleton: {@link dev.lipsync.support.VendorProvider} makes every check that comes
 *       before a call (another vendor's session, task or video; a request no mode serves), {@link
 *       dev.lipsync.support.VendorBuilder} takes the settings every vendor takes, and {@link
 *       dev.lipsync.support.VendorProfile} names the vendor and its environment variables once.
 *   <li>The HTTP client: {@link dev.lipsync.support.VendorHttp} builds Retrofit with Bearer
 *       authentication by an {@link dev.lipsync.support.ApiKey} that never prints, https base URLs
 *       (plain http only to loopback), no redirects, lenient numbers, and calls returning {@code
 *       CompletableFuture} that fail with the library's typed errors, told apart by whether the request
 *       was sent; {@link dev.lipsync.support.VendorCalls} reads their answers.
 *   <li>Reading what vendors say: {@link dev.lipsync.support.VendorEnvelope} (an envelope's code, given
 *       the vendor's success codes), {@link dev.lipsync.support.StatusWords}, {@link
 *       dev.lipsync.support.CallbackBodies} and {@link dev.lipsync.support.AnswerValues}.
 *   <li>{@link dev.lipsync.support.PollUntil}, for a vendor that runs a step as a task of its own.
 * </ul>
 */
@NullMarked
package dev.lipsync.support;

import org.jspecify.annotations.NullMarked;
