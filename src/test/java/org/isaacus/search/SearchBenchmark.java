package org.isaacus.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.isaacus.IsaacusApplication;
import org.isaacus.dashboard.HistoricalCases;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.support.TestComponents;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Search at N historical cases on the app's own OpenSearch (heap 512 MB): a full rebuild of the case index from
 * PostgreSQL (documents per second), then officer searches with every facet (p50, p99 over repeated runs with
 * different words and filters). Run by hand: src/build/benchmark.sh search [cases] [runs]; figures in
 * docs/benchmarks.md.
 */
public final class SearchBenchmark {

    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        TestComponents.throwAwayApp("isaacus-search-benchmark");
        int[] ports = TestComponents.freePorts(2);
        System.setProperty("isaacus.search.local.enabled", "true");
        System.setProperty("isaacus.search.local.http-port", Integer.toString(ports[0]));
        System.setProperty("isaacus.search.local.transport-port", Integer.toString(ports[1]));
        System.setProperty("isaacus.search.local.heap", "512m");
        System.setProperty("isaacus.search.index-interval", "PT1H"); // the benchmark rebuilds by itself
        try (var context = new SpringApplicationBuilder(IsaacusApplication.class).run()) {
            double generated = context.getBean(HistoricalCases.class).generate(cases, 2025);
            System.out.printf("=> generated %,d historical cases in %.1f s%n", cases, generated);
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
            long start = System.nanoTime();
            indexer.rebuild();
            double seconds = (System.nanoTime() - start) / 1e9;
            long documents = client.count(c -> c.index("cases")).count();
            System.out.printf(
                    "=> rebuild: %,d documents in %.1f s = %,.0f docs/s%n", documents, seconds, documents / seconds);

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
            var sorted = micros.stream().sorted().toList();
            System.out.printf(
                    "=> search with 6 facets: p50 %.1f ms, p99 %.1f ms (%d runs, after 1 warm-up pass)%n",
                    sorted.get(sorted.size() / 2) / 1000.0,
                    sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0,
                    runs);
        }
        System.exit(0);
    }
}
