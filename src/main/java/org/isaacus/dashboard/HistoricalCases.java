package org.isaacus.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Synthetic decided cases with realistic stage durations, for dashboards with history and for benchmarks. Off
 * unless {@code isaacus.dashboard.synthetic-history.cases} is set; rerunning with the same size and seed adds
 * nothing.
 */
@Component
public class HistoricalCases {

    private static final Logger log = LoggerFactory.getLogger(HistoricalCases.class);

    private final DataSource dataSource;
    private final int cases;
    private final int seed;

    HistoricalCases(
            DataSource dataSource,
            @Value("${isaacus.dashboard.synthetic-history.cases:0}") int cases,
            @Value("${isaacus.dashboard.synthetic-history.seed:2025}") int seed) {
        this.dataSource = dataSource;
        this.cases = cases;
        this.seed = seed;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        if (cases > 0) {
            generate(cases, seed);
        }
    }

    /** Returns the seconds it took. */
    public double generate(int cases, int seed) {
        long start = System.nanoTime();
        try (var c = dataSource.getConnection();
                var st = c.createStatement();
                InputStream in = getClass().getResourceAsStream("/dashboard/historical-cases.sql")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(":cases", Integer.toString(cases))
                    .replace(":seed", Integer.toString(seed));
            c.setAutoCommit(false);
            st.execute(script);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot generate historical cases", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("Generated {} historical cases (seed {}) in {} s", cases, seed, String.format("%.1f", seconds));
        return seconds;
    }
}
