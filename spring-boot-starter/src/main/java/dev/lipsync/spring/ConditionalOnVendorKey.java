package dev.lipsync.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when a vendor's key is set: the property {@code lipsync.vendors.<vendor>.api-key}, or the
 * vendor's usual environment variable. Blank counts as unset.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnVendorKeyCondition.class)
@interface ConditionalOnVendorKey {

  /** The vendor's id, as under {@code lipsync.vendors}. */
  String vendor();

  /** The environment variable that holds the key when the property does not. */
  String variable();
}
