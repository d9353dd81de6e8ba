package org.isaacus.engine;

import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deploys every model from processes/, decision-tables/ and forms/ (packaged under models/) to the engine.
 * Retries until the engine answers, so the app starts even while the engine is still coming up; the engine
 * only creates new versions for models that changed.
 */
@Component("engine")
class ModelDeployment implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ModelDeployment.class);

    private final CamundaClient client;
    private final DeployedForms forms;
    private final AtomicBoolean deployed = new AtomicBoolean();
    private volatile String lastError = "not deployed yet";
    private volatile long nextAttempt;
    private volatile int failures;

    ModelDeployment(CamundaClient client, DeployedForms forms) {
        this.client = client;
        this.forms = forms;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${isaacus.engine.deploy-retry:PT5S}")
    void deployUntilDone() {
        if (deployed.get() || (failures > 0 && System.nanoTime() - nextAttempt < 0)) {
            return;
        }
        Resource[] models = models();
        try {
            var command = client.newDeployResourceCommand();
            var step = command.addResourceStream(models[0].getInputStream(), models[0].getFilename());
            for (Resource r : Arrays.copyOfRange(models, 1, models.length)) {
                step = step.addResourceStream(r.getInputStream(), r.getFilename());
            }
            var result = step.send().join();
            forms.remember(result.getForm());
            deployed.set(true);
            log.info(
                    "Deployed {} processes, {} decisions, {} forms to the engine",
                    result.getProcesses().size(),
                    result.getDecisions().size(),
                    result.getForm().size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            failures++;
            // back off to one attempt a minute while no engine answers, and say so less often
            nextAttempt = System.nanoTime() + Math.min(60, 5L << Math.min(failures, 4)) * 1_000_000_000L;
            log.warn("Engine not reachable (attempt {}), deployment will be retried: {}", failures, e.getMessage());
        }
    }

    @Override
    public Health health() {
        return deployed.get()
                ? Health.up().withDetail("models", "deployed").build()
                : Health.down().withDetail("error", lastError).build();
    }

    private static Resource[] models() {
        try {
            var resolver = new PathMatchingResourcePatternResolver();
            var all = new java.util.ArrayList<Resource>();
            for (String pattern : new String[] {"*.bpmn", "*.dmn", "*.form"}) {
                all.addAll(Arrays.asList(resolver.getResources("classpath*:models/" + pattern)));
            }
            return all.toArray(Resource[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
