package org.isaacus.search;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.isaacus.IsaacusApplication;
import org.isaacus.dashboard.DashboardFigures;
import org.isaacus.dashboard.Figures;
import org.isaacus.dashboard.HistoricalCases;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.search.SearchDocuments.Kind;
import org.isaacus.support.TestComponents;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Search and dashboards at N historical cases on the app's own OpenSearch (heap 512 MB): a full rebuild of every
 * index from PostgreSQL (documents per second), officer searches with every facet (p50, p99 over repeated runs
 * with different words and filters), then each dashboard figure from OpenSearch and from SQL side by side in one
 * run (p50, p99 over periods of 3–12 months, every third with a type filter, after a first call timed apart) and
 * how far the two disagree. Run by hand: src/build/benchmark.sh search [cases] [search runs] [figure runs];
 * figures in docs/benchmarks.md.
 */
public final class SearchBenchmark {

    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int figureRuns = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        TestComponents.throwAwayApp("isaacus-search-benchmark");
        int[] ports = TestComponents.freePorts(2);
        System.setProperty("isaacus.search.local.enabled", "true");
        System.setProperty("isaacus.search.local.http-port", Integer.toString(ports[0]));
        System.setProperty("isaacus.search.local.transport-port", Integer.toString(ports[1]));
        System.setProperty("isaacus.search.local.heap", "512m");
        System.setProperty("isaacus.search.index-interval", "PT1H"); // the benchmark rebuilds by itself
        try (var context = new SpringApplicationBuilder(IsaacusApplication.class)
                .profiles("local")
                .run()) {
            double generated = context.getBean(HistoricalCases.class).generate(cases, 2025);
            System.out.printf("=> generated %,d historical cases in %.1f s%n", cases, generated);
            var db = context.getBean(org.jooq.DSLContext.class);
            // the rebuild covers what the generation left in the outbox
            db.execute("TRUNCATE search_change");
            db.execute("VACUUM ANALYZE");
            var indexer = context.getBean(SearchIndexer.class);
            var client = context.getBean(org.opensearch.client.opensearch.OpenSearchClient.class);
            for (int i = 0; i < 120; i++) {
                try {
                    client.cluster().health();
                    break;
                } catch (Exception notYet) {
                    Thread.sleep(1000);
                }
            }
            for (Kind kind : List.of(Kind.CASE, Kind.TASK)) {
                long start = System.nanoTime();
                indexer.rebuild(kind);
                double seconds = (System.nanoTime() - start) / 1e9;
                long documents = client.count(c -> c.index(kind.alias)).count();
                System.out.printf(
                        "=> rebuild of %s: %,d documents in %.1f s = %,.0f docs/s (merge included)%n",
                        kind.alias, documents, seconds, documents / seconds);
            }

            var search = context.getBean(CaseSearch.class);
            var officer = new CurrentUser("olli", Set.of(Role.PERMIT_OFFICER));
            var applicant = new CurrentUser("history-applicant-17", Set.of(Role.APPLICANT));
            List<String> words =
                    List.of("tutkimus", "registry", "cancer", "diabetes", "lääkitys", "statins", "", "study");
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Map<String, String> filters = switch (i % 4) {
                    case 0 -> Map.of();
                    case 1 -> Map.of("type", "data-permit");
                    case 2 -> Map.of("status", "granted");
                    default -> Map.of("overdue", "false");
                };
                var criteria = new CaseSearch.Criteria(
                        words.get(i % words.size()), filters, i % 2 == 0 ? "submitted" : "deadline", null, 20);
                long t = System.nanoTime();
                search.search(i % 10 == 9 ? applicant : officer, criteria);
                micros.add((System.nanoTime() - t) / 1000);
            }
            if (runs > 0) {
                System.out.println("=> search with 6 facets: " + percentiles(micros) + " (" + runs + " runs)");
            }

            var sql = context.getBean(DashboardFigures.class);
            var indexed = context.getBean(IndexedFigures.class);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Map<String, Function<Figures.Period, Function<Figures, Figures.Table>>> figures =
                    new java.util.LinkedHashMap<>();
            figures.put("stage-durations", p -> f -> f.stageDurations(p));
            figures.put("end-to-end", p -> f -> f.endToEnd(p));
            figures.put("throughput", p -> f -> f.throughput(p));
            figures.put("holder-responses", p -> f -> f.holderResponses(p));
            figures.put("volumes-by-type", p -> f -> f.volumesByType(p));
            figures.put("volumes-by-dataset", p -> f -> f.volumesByDataset(p));
            figures.put("backlog-by-step", p -> Figures::backlogByStep);
            figures.put("backlog-by-officer", p -> Figures::backlogByOfficer);
            figures.put("cases-at-risk", p -> Figures::casesAtRisk);
            figures.put("yearly", p -> Figures::yearly);
            System.out.printf("=> %-20s %-34s %-34s %s%n", "figure", "OpenSearch", "SQL", "largest difference");
            for (var figure : figures.entrySet()) {
                List<Long> os = new ArrayList<>();
                List<Long> pg = new ArrayList<>();
                double worst = 0;
                // the first call of each figure on a fresh node compiles its aggregation code: timed apart
                var warmUp = figure.getValue().apply(new Figures.Period(now.minusYears(1), now, null));
                long cold = System.nanoTime();
                warmUp.apply(indexed);
                System.out.printf(
                        "=> %-20s first call on OpenSearch %.1f ms%n",
                        figure.getKey(), (System.nanoTime() - cold) / 1e6);
                for (int i = 0; i < figureRuns; i++) {
                    var to = now.minusDays(11L * i % 365);
                    var period = new Figures.Period(to.minusMonths(3 + i % 10), to, i % 3 == 0 ? "data-permit" : null);
                    var query = figure.getValue().apply(period);
                    long t = System.nanoTime();
                    var fromIndex = query.apply(indexed);
                    os.add((System.nanoTime() - t) / 1000);
                    t = System.nanoTime();
                    var fromSql = query.apply(sql);
                    pg.add((System.nanoTime() - t) / 1000);
                    worst = Math.max(worst, difference(fromSql, fromIndex));
                }
                System.out.printf(
                        "=> %-20s %-34s %-34s %s%n",
                        figure.getKey(),
                        percentiles(os),
                        percentiles(pg),
                        worst == 0 ? "none" : String.format("%.3f %%", worst * 100));
            }
        }
        System.exit(0);
    }

    /** The largest relative difference between two tables' numbers (rows matched by position); 1 if shapes differ. */
    private static double difference(Figures.Table expected, Figures.Table actual) {
        if (expected.rows().size() != actual.rows().size()) {
            return 1;
        }
        double worst = 0;
        for (int r = 0; r < expected.rows().size(); r++) {
            var a = expected.rows().get(r);
            var b = actual.rows().get(r);
            for (int c = 0; c < a.size(); c++) {
                if (a.get(c) instanceof Number x && b.get(c) instanceof Number y) {
                    double dx = new BigDecimal(x.toString()).doubleValue();
                    double dy = new BigDecimal(y.toString()).doubleValue();
                    if (dx != dy) {
                        worst = Math.max(worst, Math.abs(dx - dy) / Math.max(Math.abs(dx), 1e-9));
                    }
                } else if (!java.util.Objects.equals(a.get(c), b.get(c))) {
                    return 1;
                }
            }
        }
        return worst;
    }

    private static String percentiles(List<Long> micros) {
        var sorted = micros.stream().sorted().toList();
        return String.format(
                "p50 %8.1f ms  p99 %8.1f ms",
                sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0);
    }
}
