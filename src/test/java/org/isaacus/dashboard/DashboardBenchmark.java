package org.isaacus.dashboard;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.isaacus.IsaacusApplication;
import org.isaacus.support.TestComponents;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The managers' figures in SQL on PostgreSQL at N historical cases: latency of each query (p50, p99 over
 * repeated runs with varying periods). The baseline for the search-engine decision (ADR 004); figures in
 * docs/benchmarks.md. Arguments: cases (default 1,000,000), runs per query (default 30).
 */
public final class DashboardBenchmark {

    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        TestComponents.throwAwayApp("isaacus-dashboard-benchmark");
        try (var context = new SpringApplicationBuilder(IsaacusApplication.class)
                .profiles("local")
                .run()) {
            double seconds = context.getBean(HistoricalCases.class).generate(cases, 2025);
            var figures = context.getBean(DashboardFigures.class);
            var db = context.getBean(org.jooq.DSLContext.class);
            db.execute("VACUUM ANALYZE");
            List<String> lines = new ArrayList<>() {
                @Override
                public boolean add(String line) {
                    System.out.println("=> " + line); // as measured, in case a later query fails
                    return super.add(line);
                }
            };
            lines.add(String.format(
                    "generated %,d historical cases in %.1f s; %,d task rows, %,d status changes",
                    cases,
                    seconds,
                    db.fetchCount(db.selectFrom("user_task")),
                    db.fetchCount(db.selectFrom("application_status_change"))));
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (String figure : List.of(
                    "stage-durations",
                    "end-to-end",
                    "throughput",
                    "holder-responses",
                    "volumes-by-type",
                    "volumes-by-dataset",
                    "backlog-by-step",
                    "cases-at-risk",
                    "yearly")) {
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    // periods of 3 to 12 months ending at different points of the last year
                    var to = now.minusDays(11L * i % 365);
                    var period = new DashboardFigures.Period(
                            to.minusMonths(3 + i % 10), to, i % 3 == 0 ? "data-permit" : null);
                    Supplier<Object> query = switch (figure) {
                        case "stage-durations" -> () -> figures.stageDurations(period);
                        case "end-to-end" -> () -> figures.endToEnd(period);
                        case "throughput" -> () -> figures.throughput(period);
                        case "holder-responses" -> () -> figures.holderResponses(period);
                        case "volumes-by-type" -> () -> figures.volumesByType(period);
                        case "volumes-by-dataset" -> () -> figures.volumesByDataset(period);
                        case "backlog-by-step" -> figures::backlogByStep;
                        case "cases-at-risk" -> figures::casesAtRisk;
                        default -> figures::yearly;
                    };
                    long start = System.nanoTime();
                    query.get();
                    micros.add((System.nanoTime() - start) / 1000);
                }
                var sorted = micros.stream().sorted().toList();
                System.out.println("measured " + figure);
                lines.add(String.format(
                        "%-20s p50 %7.1f ms   p99 %7.1f ms   (%d runs)",
                        figure,
                        sorted.get(sorted.size() / 2) / 1000.0,
                        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0,
                        runs));
            }
            System.out.println("=== dashboard benchmark (SQL on PostgreSQL), "
                    + Runtime.getRuntime().availableProcessors() + " cores ===");
            lines.forEach(System.out::println);
        }
    }
}
