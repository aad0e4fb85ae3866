/** Guice wiring for the alad adapter; nothing outside this package imports Guice. */
@NullMarked
package dev.lipsync.alad.guice;

import org.jspecify.annotations.NullMarked;
