package org.isaacus.processengine;

import java.time.Duration;
import org.isaacus.processengine.internal.EngineServer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Starts the Isaacus engine with the app, on the app's PostgreSQL (own schema, own small pool) and on
 * 127.0.0.1:26500 by default. {@code isaacus.engine.embedded.enabled=false} switches it off; then
 * {@code camunda.client.grpc-address} points at a Camunda 8 cluster.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "isaacus.engine.embedded.enabled", havingValue = "true", matchIfMissing = true)
class ProcessEngineConfiguration {

    @Bean(destroyMethod = "close")
    EngineServer isaacusEngine(Environment env) {
        String url = env.getRequiredProperty("spring.datasource.url");
        return new EngineServer(new EngineServer.Settings(
                url,
                // the engine owns its schema: its own account when one is given, else the app's
                env.getProperty(
                        "isaacus.engine.embedded.username", env.getProperty("spring.datasource.username", "postgres")),
                env.getProperty("isaacus.engine.embedded.password", env.getProperty("spring.datasource.password", "")),
                env.getProperty("isaacus.engine.embedded.schema", "engine"),
                env.getProperty("isaacus.engine.embedded.host", "127.0.0.1"),
                env.getProperty("isaacus.engine.embedded.port", Integer.class, 26500),
                env.getProperty("isaacus.engine.clock-control", Boolean.class, false),
                env.getProperty("isaacus.engine.embedded.pool-size", Integer.class, 5),
                env.getProperty("isaacus.engine.embedded.scheduler-interval", Duration.class, Duration.ofSeconds(1))));
    }
}
