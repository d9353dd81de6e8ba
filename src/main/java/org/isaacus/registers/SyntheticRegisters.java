package org.isaacus.registers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The local stand-in for the register holders: deterministic synthetic registers in PostgreSQL, one schema per
 * holder ({@code src_thl}, {@code src_kela}, {@code src_statfi}, {@code src_biobank_h}) and the opt-out register
 * ({@code src_optout}). Generated at the first start, again only when size or seed change.
 */
@Component
@ConditionalOnProperty(name = "isaacus.registers.synthetic.enabled", matchIfMissing = true)
@org.springframework.context.annotation.Profile(org.isaacus.local.LocalProfileGuard.PROFILE)
public class SyntheticRegisters implements RegisterSource {

    private static final Logger log = LoggerFactory.getLogger(SyntheticRegisters.class);

    /** Where each dataset of the catalogue lives at its holder. */
    static final Map<String, String> TABLES = Map.of(
            "population-statistics", "src_statfi.person",
            "care-register", "src_thl.care_episode",
            "cancer-registry", "src_thl.cancer_case",
            "reimbursed-prescriptions", "src_kela.purchase",
            "causes-of-death", "src_statfi.death",
            "biobank-samples", "src_biobank_h.sample");

    private final DataSource dataSource;

    SyntheticRegisters(
            DataSource dataSource,
            @Value("${isaacus.registers.synthetic.persons:100000}") int persons,
            @Value("${isaacus.registers.synthetic.seed:2025}") int seed) {
        this.dataSource = dataSource;
        generateUnlessPresent(persons, seed);
    }

    /** Generates the registers unless the same size and seed are there already; returns the seconds it took. */
    public double generateUnlessPresent(int persons, int seed) {
        if (persons < 1 || persons > 3_200_000) {
            throw new IllegalArgumentException("synthetic persons must be 1 … 3,200,000, was " + persons);
        }
        try (Connection c = dataSource.getConnection();
                var st = c.createStatement()) {
            var exists = st.executeQuery("SELECT to_regclass('src_work.generated') IS NOT NULL");
            exists.next();
            if (exists.getBoolean(1)) {
                var same = st.executeQuery(
                        "SELECT count(*) FROM src_work.generated WHERE persons = " + persons + " AND seed = " + seed);
                same.next();
                if (same.getLong(1) > 0) {
                    return 0;
                }
            }
            long start = System.nanoTime();
            String script;
            try (InputStream in = getClass().getResourceAsStream("/registers/synthetic-registers.sql")) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            st.execute(script.replace(":persons", Integer.toString(persons)).replace(":seed", Integer.toString(seed)));
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info(
                    "Generated synthetic registers: {} persons, seed {}, in {} s",
                    persons,
                    seed,
                    String.format("%.1f", seconds));
            return seconds;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot generate the synthetic registers", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Cohort formCohort(String name, CohortCriteria criteria) {
        String table = cohortTable(name);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table);
                st.execute("CREATE UNLOGGED TABLE " + table + " (pid text PRIMARY KEY)");
            }
            String diagnosis = criteria.diagnosisPrefixes().isEmpty()
                    ? "true"
                    : "(EXISTS (SELECT 1 FROM src_thl.care_episode e WHERE e.pid = p.pid AND e.icd10 LIKE ANY (?))"
                            + " OR EXISTS (SELECT 1 FROM src_thl.cancer_case k WHERE k.pid = p.pid AND k.icd10 LIKE ANY (?)))";
            try (var insert = c.prepareStatement("INSERT INTO " + table + " SELECT p.pid FROM src_statfi.person p"
                    + " WHERE p.birth_year BETWEEN ? AND ? AND " + diagnosis)) {
                insert.setInt(1, criteria.bornFrom() == null ? 0 : criteria.bornFrom());
                insert.setInt(2, criteria.bornTo() == null ? 9999 : criteria.bornTo());
                if (!criteria.diagnosisPrefixes().isEmpty()) {
                    var patterns = c.createArrayOf(
                            "text",
                            criteria.diagnosisPrefixes().stream()
                                    .map(p -> p + "%")
                                    .toArray());
                    insert.setArray(3, patterns);
                    insert.setArray(4, patterns);
                }
                insert.executeUpdate();
            }
            long optedOut;
            long persons;
            try (var st = c.createStatement()) {
                optedOut =
                        st.executeUpdate("DELETE FROM " + table + " c USING src_optout.opt_out o WHERE o.pid = c.pid");
                st.execute("ANALYZE " + table);
                var count = st.executeQuery("SELECT count(*) FROM " + table);
                count.next();
                persons = count.getLong(1);
            }
            c.commit();
            return new Cohort(name, persons, optedOut);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot form cohort " + name, e);
        }
    }

    @Override
    public long extract(Cohort cohort, String dataset, List<String> variables, RowSink sink) {
        String table = TABLES.get(dataset);
        if (table == null) {
            throw new IllegalArgumentException("no source for dataset " + dataset);
        }
        var columns = new StringBuilder("t.pid");
        for (String v : variables) {
            if (!v.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("not a variable name: " + v);
            }
            columns.append(", t.\"").append(v).append('"');
        }
        String sql = "COPY (SELECT " + columns + " FROM " + table + " t JOIN " + cohortTable(cohort.name())
                + " c ON c.pid = t.pid) TO STDOUT WITH (FORMAT csv)";
        try (Connection c = dataSource.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
            long rows = 0;
            try {
                byte[] row;
                while ((row = copy.readFromCopy()) != null) {
                    sink.accept(row);
                    rows++;
                }
            } catch (IOException | RuntimeException e) {
                // a COPY stopped halfway leaves the protocol mid-stream: never hand this connection out again
                c.abort(Runnable::run);
                throw e;
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("extraction of " + dataset + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void release(Cohort cohort) {
        try (Connection c = dataSource.getConnection();
                var st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + cohortTable(cohort.name()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop cohort " + cohort.name(), e);
        }
    }

    private static String cohortTable(String name) {
        if (!name.matches("[a-z0-9_]{1,60}")) {
            throw new IllegalArgumentException("cohort names are [a-z0-9_]: " + name);
        }
        return "src_work.cohort_" + name;
    }
}
