package org.isaacus.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps watch over the audit chain: anchors its newest link outside the database every
 * {@code isaacus.audit.anchor-interval} and verifies the whole chain every {@code isaacus.audit.verify-interval};
 * the latest result is shown to admins and a broken chain is logged as an error.
 */
@Component
public class AuditWatch {

    private static final Logger log = LoggerFactory.getLogger(AuditWatch.class);

    private final AuditTrail audit;
    private final Clock clock;
    private final AtomicReference<Checked> latest = new AtomicReference<>();

    AuditWatch(AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${isaacus.audit.anchor-interval:PT5M}",
            fixedDelayString = "${isaacus.audit.anchor-interval:PT5M}")
    public void anchor() {
        audit.anchor();
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${isaacus.audit.verify-interval:PT1H}")
    public Checked verify() {
        long started = System.nanoTime();
        var verification = audit.verify();
        var checked = new Checked(
                clock.instant(),
                (System.nanoTime() - started) / 1_000_000,
                verification.rows(),
                verification.intact(),
                verification.problems().stream().limit(100).toList(),
                verification.problems().size());
        latest.set(checked);
        if (checked.intact()) {
            log.info("Audit chain verified: {} rows intact ({} ms)", checked.rows(), checked.millis());
        } else {
            log.error("Audit chain BROKEN: {} problems, first: {}", checked.problemCount(), checked.problems());
        }
        return checked;
    }

    public Optional<Checked> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** One verification: when, how long it took, how many rows, and what was wrong (the first 100 problems). */
    public record Checked(
            Instant at, long millis, long rows, boolean intact, List<String> problems, int problemCount) {}
}
