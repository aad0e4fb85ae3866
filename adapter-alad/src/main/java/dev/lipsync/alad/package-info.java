/**
 * The alad adapter: {@link dev.lipsync.alad.AladProvider} speaks alad's resale of Kling advanced
 * lip-sync (an {@code input}-wrapped create body, a text-to-speech mode, one face per task told by its
 * picture rather than an id, and two shapes of status answer). Everything else in this package is the
 * vendor's wire format, kept package-private.
 */
@NullMarked
package dev.lipsync.alad;

import org.jspecify.annotations.NullMarked;
