package dev.lipsync.apimodels;

import com.squareup.moshi.JsonQualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a value that arrives as JSON written into a string, as apimodels' callbacks carry {@code
 * data.resultJson}: the string is parsed once more. See {@link ResultJsonAdapter}.
 */
@Documented
@JsonQualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@interface EmbeddedJson {}
