package org.isaacus.compilation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.decision.Permit;
import org.isaacus.decision.Permits;
import org.isaacus.identity.Role;
import org.isaacus.registers.RegisterSource;
import org.isaacus.support.Api;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Tokens;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The compilation pipeline on the real synthetic registers in PostgreSQL, checked against truth computed in
 * SQL from the same source tables: minimisation, opt-outs, linkage, per-permit pseudonyms, suppression, and a
 * worker that dies halfway.
 */
class CompilationIT extends IntegrationTest {

    private static final Pattern IDENTITY_CODE = Pattern.compile("\\d{6}[-+A]\\d{3}[0-9A-Y]");

    @Autowired
    JWKSource<SecurityContext> keys;

    @Autowired
    Compilation compilation;

    @Autowired
    DatasetCompiler compiler;

    @Autowired
    CompilationTaskContext context;

    @Autowired
    RegisterSource source;

    @Autowired
    Catalogue catalogue;

    @Autowired
    ObjectMapper json;

    @Autowired
    DSLContext db;

    @Autowired
    Permits permits;

    Api api;
    String aino;
    long jobKeys = System.nanoTime();

    @BeforeEach
    void setUp() {
        api = new Api(baseUrl());
        aino = new Tokens(keys).of("aino", Role.APPLICANT);
    }

    /** A case as the permit would name it, with every holder's extraction delivered. */
    private UUID orderedCase(Map<String, Object> changes) {
        var created = api.post(aino, "/api/applications", null);
        String id = created.json().path("id").asText();
        var form = new HashMap<String, Object>(Api.validApplication());
        form.putAll(changes);
        var saved = api.put(aino, "/api/applications/" + id + "/form", form);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        UUID caseId = UUID.fromString(id);
        @SuppressWarnings("unchecked")
        var datasets = (List<String>) form.get("datasets");
        permits.record(permitOf(caseId, form), "olli", "oona");
        var holders = catalogue.datasets(datasets).stream()
                .map(Catalogue.Dataset::holderId)
                .distinct()
                .toList();
        for (String holder : holders) {
            compilation.order(jobKeys++, caseId, holder);
            compilation.order(jobKeys++, caseId, holder); // a re-delivered job orders nothing more
            compilation.answer(caseId, holder, "delivered", null, "holder-" + holder);
        }
        assertThat(compilation.orders(caseId)).hasSize(holders.size());
        return caseId;
    }

    /** The permit as the officers would decide it: everything the form asked for, for the applicant. */
    @SuppressWarnings("unchecked")
    private static Permit permitOf(UUID caseId, Map<String, Object> form) {
        var variables = (List<String>) form.getOrDefault("variables", List.of());
        var datasets = ((List<String>) form.get("datasets"))
                .stream()
                        .map(d -> new Permit.PermittedDataset(
                                d,
                                variables.stream()
                                        .filter(v -> v.startsWith(d + "."))
                                        .map(v -> v.substring(d.length() + 1))
                                        .toList()))
                        .toList();
        String diagnoses = form.get("cohortDiagnoses") instanceof String s ? s : "";
        return new Permit(
                caseId,
                "aino",
                "data-request".equals(form.get("applicationType")) ? "statistics" : "dataset",
                datasets,
                new Permit.Cohort(
                        java.util.Arrays.stream(diagnoses.split(","))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList(),
                        form.get("cohortBornFrom") instanceof Number n ? n.intValue() : null,
                        form.get("cohortBornTo") instanceof Number n ? n.intValue() : null),
                List.of("aino"),
                null,
                java.time.LocalDate.now().plusYears(1));
    }

    private static final Map<String, Object> PERMIT = Map.of(
            "datasets",
            List.of("population-statistics", "care-register", "reimbursed-prescriptions"),
            "variables",
            List.of("population-statistics.birth_year", "care-register.icd10", "reimbursed-prescriptions.atc"),
            "cohortDiagnoses",
            "I21, E11",
            "cohortBornFrom",
            1935,
            "cohortBornTo",
            1985);

    /** Who SQL says is in the cohort, straight from the sources (opt-outs not yet removed). */
    private Set<String> cohortTruth() {
        return Set.copyOf(
                db.fetch("SELECT p.pid FROM src_statfi.person p WHERE p.birth_year BETWEEN 1935 AND 1985 AND ("
                                + " EXISTS (SELECT 1 FROM src_thl.care_episode e WHERE e.pid = p.pid"
                                + "   AND (e.icd10 LIKE 'I21%' OR e.icd10 LIKE 'E11%'))"
                                + " OR EXISTS (SELECT 1 FROM src_thl.cancer_case k WHERE k.pid = p.pid"
                                + "   AND (k.icd10 LIKE 'I21%' OR k.icd10 LIKE 'E11%')))")
                        .getValues(0, String.class));
    }

    private Pseudonymiser pseudonymiser(UUID caseId) {
        return new Pseudonymiser(compilation.permitKey(compilation.record(caseId)));
    }

    private static List<String[]> rows(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .skip(1)
                .map(l -> l.split(",", -1))
                .toList();
    }

    @Test
    void aPermitsDatasetHoldsOnlyWhatItNamesLinkedOnPseudonymsWithoutOptOuts() throws IOException {
        UUID caseId = orderedCase(PERMIT);
        var report = compiler.compile(caseId);
        Path dir = compilation.datasetDir(caseId);

        // minimisation: the files and their columns are exactly the approved ones
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "cohort.csv",
                            "care-register.csv",
                            "reimbursed-prescriptions.csv",
                            "data-dictionary.csv",
                            "manifest.json",
                            "SHA256SUMS");
        }
        assertThat(Files.readAllLines(dir.resolve("cohort.csv")).getFirst()).isEqualTo("pseudonym,birth_year");
        assertThat(Files.readAllLines(dir.resolve("care-register.csv")).getFirst())
                .isEqualTo("pseudonym,icd10");
        assertThat(Files.readAllLines(dir.resolve("reimbursed-prescriptions.csv"))
                        .getFirst())
                .isEqualTo("pseudonym,atc");
        // no identity code and no date (admission, purchase, birth) anywhere in what would be delivered
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                assertThat(IDENTITY_CODE.matcher(text).find())
                        .as(f + " has an identity code")
                        .isFalse();
                assertThat(Pattern.compile("\\d{4}-\\d{2}-\\d{2},")
                                .matcher(text)
                                .find())
                        .as(f + " has a date column")
                        .isFalse();
            }
        }

        // opt-outs: SQL truth minus the opt-out register, pseudonymised with this permit's key
        Set<String> truth = cohortTruth();
        Set<String> optedOut =
                Set.copyOf(db.fetch("SELECT pid FROM src_optout.opt_out").getValues(0, String.class));
        var pseudonymiser = pseudonymiser(caseId);
        Set<String> expected = truth.stream()
                .filter(pid -> !optedOut.contains(pid))
                .map(pseudonymiser::pseudonym)
                .collect(Collectors.toSet());
        Set<String> excluded = truth.stream()
                .filter(optedOut::contains)
                .map(pseudonymiser::pseudonym)
                .collect(Collectors.toSet());
        assertThat(excluded)
                .as("the generated data has opted-out persons in this cohort")
                .isNotEmpty();
        Set<String> cohort =
                rows(dir.resolve("cohort.csv")).stream().map(r -> r[0]).collect(Collectors.toSet());
        assertThat(cohort).isEqualTo(expected);
        @SuppressWarnings("unchecked")
        var cohortReport = (Map<String, Object>) report.get("cohort");
        assertThat(((Number) cohortReport.get("excludedOptOuts")).longValue()).isEqualTo(excluded.size());

        // linkage: every care row belongs to a cohort person, and per person the row count is the source's
        Map<String, Long> careTruth = new HashMap<>();
        for (var r : db.fetch("SELECT pid, count(*) FROM src_thl.care_episode GROUP BY pid")) {
            String pseudonym = pseudonymiser.pseudonym(r.get(0, String.class));
            if (expected.contains(pseudonym)) {
                careTruth.put(pseudonym, r.get(1, Long.class));
            }
        }
        Map<String, Long> careRows = rows(dir.resolve("care-register.csv")).stream()
                .collect(Collectors.groupingBy(r -> r[0], Collectors.counting()));
        assertThat(careRows).isEqualTo(careTruth);
        for (String[] row : rows(dir.resolve("reimbursed-prescriptions.csv"))) {
            assertThat(expected).contains(row[0]);
        }
        @SuppressWarnings("unchecked")
        var sources = (List<Map<String, Object>>) report.get("sources");
        var care = sources.stream()
                .filter(s -> s.get("dataset").equals("care-register"))
                .findFirst()
                .orElseThrow();
        assertThat(((Number) care.get("persons")).longValue()).isEqualTo(careTruth.size());
        assertThat(((Number) care.get("unlinkedRows")).longValue()).isZero();
        // every cohort person has a care episode (the diagnosis criterion), so linkage to the care register is full
        assertThat(((Number) care.get("linkageRate")).doubleValue()).isEqualTo(1.0);

        // the manifest's checksums are those of the files
        for (String line : Files.readAllLines(dir.resolve("SHA256SUMS"))) {
            String[] parts = line.split(" {2}");
            assertThat(DatasetCompiler.sha256().digest(Files.readAllBytes(dir.resolve(parts[1]))))
                    .asHexString()
                    .isEqualToIgnoringCase(parts[0]);
        }
        // the officer's task shows the report, in the reader's language with the catalogue's names
        assertThat(context.report(report, java.util.Locale.ENGLISH))
                .contains("Cohort: ")
                .contains("linkage rate 100.0 %")
                .doesNotContain("care-register:");
        assertThat(context.report(report, java.util.Locale.of("fi"))).contains("yhdistämisaste 100,0 %");

        // compiled once: a repeated job returns the same report and leaves the files alone
        long modified = Files.getLastModifiedTime(dir.resolve("cohort.csv")).toMillis();
        assertThat(json.readTree(json.writeValueAsString(compiler.compile(caseId))))
                .isEqualTo(json.readTree(json.writeValueAsString(report)));
        assertThat(Files.getLastModifiedTime(dir.resolve("cohort.csv")).toMillis())
                .isEqualTo(modified);
    }

    @Test
    void theSamePersonHasUnrelatedPseudonymsInTwoPermits() throws IOException {
        UUID first = orderedCase(PERMIT);
        UUID second = orderedCase(PERMIT);
        compiler.compile(first);
        compiler.compile(second);
        Set<String> a = rows(compilation.datasetDir(first).resolve("cohort.csv")).stream()
                .map(r -> r[0])
                .collect(Collectors.toSet());
        Set<String> b = rows(compilation.datasetDir(second).resolve("cohort.csv")).stream()
                .map(r -> r[0])
                .collect(Collectors.toSet());
        assertThat(a).hasSameSizeAs(b).isNotEmpty();
        assertThat(new HashSet<>(a)).doesNotContainAnyElementsOf(b);
    }

    @Test
    void aWorkerThatDiesHalfwayLeavesNothingAndTheRerunIsComplete() throws IOException {
        UUID caseId = orderedCase(PERMIT);
        AtomicLong rows = new AtomicLong();
        RegisterSource dying = new RegisterSource() {
            @Override
            public Cohort formCohort(String name, CohortCriteria criteria) {
                return source.formCohort(name, criteria);
            }

            @Override
            public long extract(Cohort cohort, String dataset, List<String> variables, RowSink sink) {
                return source.extract(cohort, dataset, variables, row -> {
                    if (rows.incrementAndGet() > 500) {
                        throw new IOException("worker killed");
                    }
                    sink.accept(row);
                });
            }

            @Override
            public void release(Cohort cohort) {
                source.release(cohort);
            }
        };
        var killed = new DatasetCompiler(compilation, dying, catalogue, json, 5);
        assertThatThrownBy(() -> killed.compile(caseId)).hasRootCauseMessage("worker killed");
        assertThat(compilation.state(caseId).orElseThrow().status()).isEqualTo("ordered");
        assertThat(compilation.datasetDir(caseId)).doesNotExist();
        assertThat(compilation.stagingDir(caseId)).exists(); // the partial work, never delivered

        var report = compiler.compile(caseId);
        assertThat(compilation.stagingDir(caseId)).doesNotExist();
        assertThat(compilation.state(caseId).orElseThrow().attempts()).isEqualTo(2);
        Set<String> expected = new HashSet<>(cohortTruth());
        expected.removeAll(db.fetch("SELECT pid FROM src_optout.opt_out").getValues(0, String.class));
        assertThat(rows(compilation.datasetDir(caseId).resolve("cohort.csv"))).hasSize(expected.size());
        @SuppressWarnings("unchecked")
        var files = (List<Map<String, Object>>) report.get("files");
        long careRows = db.fetchSingle("SELECT count(*) FROM src_thl.care_episode e WHERE e.pid = ANY (?)", (Object)
                        expected.toArray(String[]::new))
                .get(0, Long.class);
        assertThat(files)
                .filteredOn(f -> f.get("name").equals("care-register.csv"))
                .singleElement()
                .satisfies(f -> assertThat(((Number) f.get("rows")).longValue()).isEqualTo(careRows));
    }

    @Test
    void aDataRequestGetsTablesWithSmallCellsSuppressed() throws IOException {
        UUID caseId = orderedCase(Map.of(
                "applicationType",
                "data-request",
                "datasets",
                List.of("care-register", "causes-of-death"),
                "cohortDiagnoses",
                "I21",
                "cohortBornFrom",
                1930,
                "cohortBornTo",
                2017));
        compiler.compile(caseId);
        Path dir = compilation.datasetDir(caseId);
        assertThat(dir.resolve("cohort.csv")).doesNotExist();
        var deaths = Files.readAllLines(dir.resolve("causes-of-death-persons-by-decade-and-sex.csv"));
        assertThat(deaths.getFirst()).isEqualTo("birth_decade,female,male,total");
        boolean anySuppressed = false;
        for (String line : deaths.subList(1, deaths.size())) {
            String[] cells = line.split(",");
            int hidden = 0;
            for (int c = 1; c < cells.length; c++) {
                if (cells[c].equals("..")) {
                    hidden++;
                } else {
                    long v = Long.parseLong(cells[c]);
                    assertThat(v == 0 || v >= 5)
                            .as("visible cell " + v + " in " + line)
                            .isTrue();
                }
            }
            assertThat(hidden)
                    .as("a row never hides exactly one member: " + line)
                    .isNotEqualTo(1);
            anySuppressed |= hidden > 0;
        }
        assertThat(anySuppressed)
                .as("the small cohort must produce small cells here")
                .isTrue();

        // the applicant downloads the tables once the officer has approved them; nobody else finds them
        String tables = "/api/applications/" + caseId + "/statistics";
        assertThat(api.get(aino, tables).status()).as("not approved yet").isEqualTo(404);
        compilation.approve(caseId, "olli");
        assertThat(api.get(aino, tables).text()).contains("causes-of-death-persons-by-decade-and-sex.csv");
        var table = api.get(aino, tables + "/causes-of-death-persons-by-decade-and-sex.csv");
        assertThat(table.text()).isEqualTo(String.join("\n", deaths) + "\n");
        String bruno = new Tokens(keys).of("bruno", Role.APPLICANT);
        assertThat(api.get(bruno, tables).status()).isEqualTo(404);
        assertThat(api.get(aino, tables + "/manifest.json").status()).isEqualTo(404);
    }
}
