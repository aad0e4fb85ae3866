/**
 * The HTTP support every adapter shares, so that each vendor's module holds only what is that vendor's:
 * its endpoints, its DTOs and its mapper. {@link dev.lipsync.support.VendorHttp} builds the Retrofit
 * client: Bearer authentication with a {@link dev.lipsync.support.ApiKey} that never prints, https
 * base URLs (plain http only to loopback), no redirects, lenient numbers, and calls returning {@code
 * CompletableFuture} that fail with the library's typed errors, told apart by whether the request was
 * sent. {@link dev.lipsync.support.VendorBuilder} is the base of every adapter's provider builder, so
 * that all take the same settings with the same checks.
 */
@NullMarked
package dev.lipsync.support;

import org.jspecify.annotations.NullMarked;
