/**
 * Spring Boot autoconfiguration of the lip-sync gateway: {@link dev.lipsync.spring.LipSyncProperties}
 * ({@code lipsync.*}), a provider bean for each vendor whose adapter is on the class path and whose key
 * is set ({@link dev.lipsync.spring.LipSyncVendorsAutoConfiguration}), and the gateway over them
 * ({@link dev.lipsync.spring.LipSyncAutoConfiguration}).
 */
@NullMarked
package dev.lipsync.spring;

import org.jspecify.annotations.NullMarked;
