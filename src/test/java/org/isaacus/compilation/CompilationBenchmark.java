package org.isaacus.compilation;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.isaacus.IsaacusApplication;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.intake.ApplicationService;
import org.isaacus.registers.RegisterSource;
import org.isaacus.registers.SyntheticRegisters;
import org.isaacus.support.TestComponents;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Compile (extract + pseudonymise + link) every row of the synthetic registers and compare with the raw
 * PostgreSQL COPY of the same rows on the same machine, through the same JDBC stream into a file. Figures go to
 * docs/benchmarks.md. Run: see docs/benchmarks.md (argument: persons; 1,000,000 persons ≈ 10.3M rows).
 */
public final class CompilationBenchmark {

    public static void main(String[] args) throws Exception {
        int persons = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        TestComponents.throwAwayApp("isaacus-benchmark");
        Path dir = Path.of(System.getProperty("isaacus.data-dir"));
        try (var context = new SpringApplicationBuilder(IsaacusApplication.class)
                .profiles("local")
                .run()) {
            var registers = context.getBean(SyntheticRegisters.class);
            double generated = registers.generateUnlessPresent(persons, 2025);
            System.out.printf("generated %,d persons in %.1f s%n", persons, generated);
            var applications = context.getBean(ApplicationService.class);
            var compilation = context.getBean(Compilation.class);
            var compiler = context.getBean(DatasetCompiler.class);
            var source = context.getBean(RegisterSource.class);
            var catalogue = context.getBean(Catalogue.class);
            var user = new CurrentUser("benchmark", Set.of(Role.APPLICANT));
            List<String> datasets =
                    catalogue.datasets().stream().map(Catalogue.Dataset::id).toList();
            List<String> variables = catalogue.variables().stream()
                    .map(Catalogue.Variable::qualifiedName)
                    .toList();
            var results = new ArrayList<String>();
            for (int round = 1; round <= rounds; round++) {
                // baseline: COPY of the same rows (same cohort join, same columns) straight into a file
                var cohort = source.formCohort("benchmark", new RegisterSource.CohortCriteria(List.of(), null, null));
                long baselineRows = 0;
                long start = System.nanoTime();
                for (String dataset : datasets) {
                    List<String> names = catalogue.variables().stream()
                            .filter(v -> v.datasetId().equals(dataset))
                            .map(Catalogue.Variable::name)
                            .toList();
                    try (OutputStream out = new BufferedOutputStream(
                            Files.newOutputStream(dir.resolve("baseline-" + dataset + ".csv")), 1 << 16)) {
                        baselineRows += source.extract(cohort, dataset, names, out::write);
                    }
                }
                double baselineSeconds = (System.nanoTime() - start) / 1e9;
                source.release(cohort);

                UUID caseId = applications.create(user).id();
                applications.saveDraft(
                        user,
                        caseId,
                        Map.of(
                                "applicationType",
                                "data-permit",
                                "title",
                                "Benchmark " + round,
                                "datasets",
                                datasets,
                                "variables",
                                variables));
                for (String holder : List.of("statfi", "thl", "kela", "biobank-h")) {
                    compilation.order(round * 10L + holder.length(), caseId, holder);
                    compilation.answer(caseId, holder, "delivered", null, "benchmark");
                }
                var peak = new AtomicLong();
                var running = new AtomicBoolean(true);
                var memory = ManagementFactory.getMemoryMXBean();
                var sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (running.get()) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                start = System.nanoTime();
                var report = compiler.compile(caseId);
                double compileSeconds = (System.nanoTime() - start) / 1e9;
                running.set(false);
                sampler.join();
                @SuppressWarnings("unchecked")
                long rows = ((List<Map<String, Object>>) report.get("files"))
                        .stream()
                                .mapToLong(f -> ((Number) f.getOrDefault("rows", 0)).longValue())
                                .sum();
                String line = String.format(
                        "round %d: COPY %,d rows in %.2f s = %,.0f rows/s | compile %,d rows in %.2f s = %,.0f rows/s"
                                + " | ratio %.2f | peak heap %d MB of %d MB max",
                        round,
                        baselineRows,
                        baselineSeconds,
                        baselineRows / baselineSeconds,
                        rows,
                        compileSeconds,
                        rows / compileSeconds,
                        (rows / compileSeconds) / (baselineRows / baselineSeconds),
                        peak.get() >> 20,
                        Runtime.getRuntime().maxMemory() >> 20);
                System.out.println(line);
                results.add(line);
            }
            System.out.println("=== compilation benchmark, " + persons + " persons, "
                    + Runtime.getRuntime().availableProcessors() + " cores ===");
            results.forEach(System.out::println);
        }
    }
}
