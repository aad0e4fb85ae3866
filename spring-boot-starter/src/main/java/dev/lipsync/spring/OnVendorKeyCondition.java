package dev.lipsync.spring;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** See {@link ConditionalOnVendorKey}; its outcome names where it looked, never the key. */
final class OnVendorKeyCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnVendorKey.class.getName());
    String vendor = (String) attributes.get("vendor");
    String variable = (String) attributes.get("variable");
    String property = VendorSettings.keyProperty(vendor);
    String key = VendorSettings.setting(context.getEnvironment(), property, variable);
    return key != null
        ? ConditionOutcome.match("the key of " + vendor + " is set (" + property + " or " + variable + ")")
        : ConditionOutcome.noMatch("no key of " + vendor + ": neither " + property + " nor " + variable + " is set");
  }
}
