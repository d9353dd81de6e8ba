package org.isaacus.engine;

import java.time.Duration;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Resubmits events whose listener failed (e.g. the engine was down) until they succeed. */
@Component
class OutboxRetry {

    private final IncompleteEventPublications incomplete;

    OutboxRetry(IncompleteEventPublications incomplete) {
        this.incomplete = incomplete;
    }

    @Scheduled(fixedDelayString = "${isaacus.outbox.retry-interval:PT30S}", initialDelayString = "PT30S")
    void resubmit() {
        incomplete.resubmitIncompletePublicationsOlderThan(Duration.ofSeconds(20));
    }
}
