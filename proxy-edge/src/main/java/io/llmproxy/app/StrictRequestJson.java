package io.llmproxy.app;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's JSON reading refuses what Jackson would otherwise quietly repair. The hostile
 * input corpus (HostileInputTest) found each of these accepted with a 2xx: a body with trailing
 * garbage ({@code {...} x}), duplicate keys (which one wins is parser-dependent), {@code 1.5}
 * truncated to {@code 1} for a per-minute limit, {@code "10"} read as a count and {@code 1} read as
 * a key name or model alias. A client sending those has a bug the proxy should report, not guess
 * around. So has an admin body with a field no request knows: {@code "budjet"} or a limit's {@code
 * "rmp"} would otherwise issue a key without the budget or limit its admin meant (the /v1 bodies
 * are read as trees and passed on, unknown fields included). Event (de)serialisation has its own
 * mapper (EventSerializationConfiguration), so stored events are not read under these rules.
 */
@Configuration(proxyBeanMethods = false)
class StrictRequestJson {

  @Bean
  Jackson2ObjectMapperBuilderCustomizer refuseRepairableJson() {
    return builder ->
        builder
            .featuresToEnable(
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature())
            .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .postConfigurer(
                mapper -> {
                  for (CoercionInputShape scalar :
                      new CoercionInputShape[] {
                        CoercionInputShape.Integer,
                        CoercionInputShape.Float,
                        CoercionInputShape.Boolean
                      }) {
                    mapper
                        .coercionConfigFor(LogicalType.Textual)
                        .setCoercion(scalar, CoercionAction.Fail);
                  }
                  // only integers: money (limit_usd, prices) is documented as an exact decimal
                  // that may be sent as a string, "0.00005", so decimals still read from strings
                  mapper
                      .coercionConfigFor(LogicalType.Integer)
                      .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
                });
  }
}
