package org.isaacus.compilation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.registers.RegisterSource;
import org.isaacus.registers.RegisterSource.Cohort;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Extracts, pseudonymises and links a permit's data in one streaming pass per source: rows go from the source's
 * COPY stream through the keyed hash straight into files, so memory grows with the cohort (one slot per
 * person), never with the rows. Works in a staging directory that a rerun throws away; only a finished
 * compilation is moved (atomically) to where delivery looks.
 */
@Component
public class DatasetCompiler {

    static final String POPULATION = "population-statistics";
    private static final int SEX_BIT = 1 << 24;
    private static final int DECADE_SHIFT = 16;
    private static final int FIRST_DECADE = 1900;

    private final Compilation compilation;
    private final RegisterSource source;
    private final Catalogue catalogue;
    private final ObjectMapper json;
    private final int threshold;

    DatasetCompiler(
            Compilation compilation,
            RegisterSource source,
            Catalogue catalogue,
            ObjectMapper json,
            @Value("${isaacus.compilation.small-cell-threshold:5}") int threshold) {
        this.compilation = compilation;
        this.source = source;
        this.catalogue = catalogue;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.threshold = threshold;
    }

    /** Compiles once; a repeated call after success returns the stored report without touching the data. */
    public Map<String, Object> compile(UUID caseId) {
        var record = compilation.record(caseId);
        if (!"ordered".equals(record.getStatus())) {
            return compilation.state(caseId).orElseThrow().report();
        }
        compilation.countAttempt(caseId);
        long started = System.nanoTime();
        var orders = compilation.orders(caseId);
        var delivered =
                orders.stream().filter(o -> o.status().equals("delivered")).toList();
        Map<String, List<String>> datasets = new LinkedHashMap<>();
        Map<String, String> holders = new LinkedHashMap<>();
        for (var order : delivered) {
            for (var d : order.datasets()) {
                datasets.put((String) d.get("dataset"), Compilation.strings(d.get("variables")));
                holders.put((String) d.get("dataset"), order.holder());
            }
        }
        var cohortSpec =
                orders.isEmpty() ? Map.<String, Object>of() : orders.getFirst().cohort();
        Path staging = compilation.stagingDir(caseId);
        Compilation.deleteRecursively(staging); // whatever a killed attempt left behind
        boolean statistics = "statistics".equals(record.getKind());
        var pseudonymiser = new Pseudonymiser(compilation.permitKey(record));
        Cohort cohort = source.formCohort(cohortName(caseId), Compilation.criteria(cohortSpec));
        Map<String, Object> report = new LinkedHashMap<>();
        try {
            Files.createDirectories(staging);
            var index = new PersonIndex(cohort.persons());
            List<Map<String, Object>> files = new ArrayList<>();
            List<Map<String, Object>> sources = new ArrayList<>();
            // the cohort: every person once, with the approved population variables (or, for statistics, the
            // year of birth and sex that the tables are broken down by)
            List<String> populationVariables =
                    statistics ? List.of("birth_year", "sex") : datasets.getOrDefault(POPULATION, List.of());
            var cohortFile = new FileOut(staging, statistics ? null : "cohort.csv", populationVariables);
            long cohortRows = source.extract(cohort, POPULATION, populationVariables, row -> {
                long key = cohortFile.write(pseudonymiser, row);
                index.add(key, statistics ? demography(row) : 0);
            });
            files.addAll(cohortFile.close(cohortRows));
            int bit = 0;
            for (var entry : datasets.entrySet()) {
                if (entry.getKey().equals(POPULATION)) {
                    continue;
                }
                int flag = 1 << bit++;
                var out = new FileOut(staging, statistics ? null : entry.getKey() + ".csv", entry.getValue());
                long[] unlinked = {0};
                long rows = source.extract(cohort, entry.getKey(), entry.getValue(), row -> {
                    if (!index.or(out.write(pseudonymiser, row), flag)) {
                        unlinked[0]++;
                    }
                });
                files.addAll(out.close(rows));
                long persons = index.count(flag);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("dataset", entry.getKey());
                s.put("holder", holders.get(entry.getKey()));
                s.put("rows", rows);
                s.put("persons", persons);
                s.put("linkageRate", cohort.persons() == 0 ? 0.0 : round((double) persons / cohort.persons()));
                s.put("unlinkedRows", unlinked[0]);
                s.put("flag", flag);
                sources.add(s);
            }
            if (statistics) {
                files.addAll(writeStatistics(staging, index, sources));
            } else {
                files.add(writeDictionary(staging, datasets));
            }
            sources.forEach(s -> s.remove("flag"));
            report.put("kind", record.getKind());
            report.put(
                    "cohort",
                    Map.of(
                            "criteria", cohortSpec,
                            "persons", cohort.persons(),
                            "excludedOptOuts", cohort.excludedOptOuts()));
            if (datasets.containsKey(POPULATION)) {
                report.put("population", Map.of("holder", holders.get(POPULATION), "rows", cohortRows));
            }
            report.put("sources", sources);
            report.put(
                    "notDelivered",
                    orders.stream()
                            .filter(o -> !o.status().equals("delivered"))
                            .map(o -> Map.of("holder", o.holder(), "notes", o.notes() == null ? "" : o.notes()))
                            .toList());
            report.put("pseudonymisation", "HMAC-SHA-256 with a key of this permit only; first 128 bits, hex");
            report.put("files", files);
            report.put("seconds", round((System.nanoTime() - started) / 1e9));
            writeManifest(staging, caseId, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            source.release(cohort);
        }
        Path target = compilation.datasetDir(caseId);
        Compilation.deleteRecursively(target);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        compilation.recordCompiled(caseId, report);
        return report;
    }

    static String cohortName(UUID caseId) {
        return caseId.toString().replace("-", "");
    }

    /** Year of birth and sex from a population row "id,birth_year,sex" into the index value. */
    private static int demography(byte[] row) {
        String[] parts = new String(row, StandardCharsets.US_ASCII).strip().split(",");
        int decade = Math.max(0, (Integer.parseInt(parts[1]) - FIRST_DECADE) / 10);
        return (decade << DECADE_SHIFT) | ("M".equals(parts[2]) ? SEX_BIT : 0);
    }

    private List<Map<String, Object>> writeStatistics(Path dir, PersonIndex index, List<Map<String, Object>> sources)
            throws IOException {
        int[] values = index.values();
        int decades = 0;
        for (int v : values) {
            decades = Math.max(decades, ((v >>> DECADE_SHIFT) & 0xff) + 1);
        }
        List<Map<String, Object>> files = new ArrayList<>();
        files.add(writeTable(dir, "cohort-by-decade-and-sex.csv", values, decades, 0));
        for (var s : sources) {
            files.add(writeTable(
                    dir, s.get("dataset") + "-persons-by-decade-and-sex.csv", values, decades, (int) s.get("flag")));
        }
        return files;
    }

    private Map<String, Object> writeTable(Path dir, String name, int[] values, int decades, int flag)
            throws IOException {
        long[][] counts = new long[decades][2];
        for (int v : values) {
            if ((v & flag) == flag) {
                counts[(v >>> DECADE_SHIFT) & 0xff][(v & SEX_BIT) != 0 ? 1 : 0]++;
            }
        }
        Long[][] table = SmallCellSuppression.apply(counts, threshold);
        var text = new StringBuilder("birth_decade,female,male,total\n");
        for (int r = 0; r < table.length; r++) {
            text.append(r == decades ? "total" : Integer.toString(FIRST_DECADE + 10 * r));
            for (Long cell : table[r]) {
                text.append(',').append(cell == null ? ".." : cell.toString());
            }
            text.append('\n');
        }
        return writeText(dir, name, text.toString(), table.length);
    }

    private Map<String, Object> writeDictionary(Path dir, Map<String, List<String>> datasets) throws IOException {
        Map<String, Catalogue.Variable> byName = new LinkedHashMap<>();
        catalogue.variables().forEach(v -> byName.put(v.qualifiedName(), v));
        var text = new StringBuilder("file,variable,label,type\n");
        describe(text, "cohort.csv", POPULATION, datasets.getOrDefault(POPULATION, List.of()), byName);
        for (var e : datasets.entrySet()) {
            if (!e.getKey().equals(POPULATION)) {
                describe(text, e.getKey() + ".csv", e.getKey(), e.getValue(), byName);
            }
        }
        return writeText(dir, "data-dictionary.csv", text.toString(), -1);
    }

    /** The dictionary lines of one file: its pseudonym column, then each variable with label and type. */
    private static void describe(
            StringBuilder text,
            String file,
            String dataset,
            List<String> variables,
            Map<String, Catalogue.Variable> byName) {
        text.append(file).append(",pseudonym,Person pseudonym of this permit,text\n");
        for (String v : variables) {
            var variable = byName.get(dataset + "." + v);
            text.append(file)
                    .append(',')
                    .append(v)
                    .append(',')
                    .append(csv(variable.labelEn()))
                    .append(',')
                    .append(variable.dataType())
                    .append('\n');
        }
    }

    private void writeManifest(Path dir, UUID caseId, Map<String, Object> report) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("caseId", caseId.toString());
        manifest.putAll(report);
        Files.writeString(dir.resolve("manifest.json"), json.writeValueAsString(manifest));
        var sums = new StringBuilder();
        @SuppressWarnings("unchecked")
        var files = (List<Map<String, Object>>) report.get("files");
        for (var f : files) {
            sums.append(f.get("sha256")).append("  ").append(f.get("name")).append('\n');
        }
        Files.writeString(dir.resolve("SHA256SUMS"), sums.toString());
    }

    private static Map<String, Object> writeText(Path dir, String name, String text, long rows) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(name), bytes);
        return fileEntry(name, rows, bytes.length, sha256().digest(bytes));
    }

    private static Map<String, Object> fileEntry(String name, long rows, long bytes, byte[] sha256) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        if (rows >= 0) {
            f.put("rows", rows);
        }
        f.put("bytes", bytes);
        f.put("sha256", HexFormat.of().formatHex(sha256));
        return f;
    }

    /** Catalogue text for the data dictionary: never a formula when opened in a spreadsheet (OWASP). */
    private static String csv(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? '"' + text.replace("\"", "\"\"") + '"'
                : text;
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One output file, or none (statistics keep only the index): rows arrive as "identifier,rest\n"; the
     * identifier is replaced by the pseudonym and the rest is copied byte for byte.
     */
    private static final class FileOut {
        private final String name;
        private final OutputStream out;
        private final MessageDigest digest = sha256();
        private final byte[] pseudonym = new byte[Pseudonymiser.LENGTH];
        private final Path file;

        FileOut(Path dir, String name, List<String> variables) throws IOException {
            this.name = name;
            this.file = name == null ? null : dir.resolve(name);
            this.out = name == null
                    ? OutputStream.nullOutputStream()
                    : new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), digest);
            out.write(("pseudonym" + (variables.isEmpty() ? "" : "," + String.join(",", variables)) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }

        long write(Pseudonymiser pseudonymiser, byte[] row) throws IOException {
            int comma = 0;
            while (comma < row.length && row[comma] != ',' && row[comma] != '\n') {
                comma++;
            }
            long key = pseudonymiser.pseudonymise(row, comma, pseudonym);
            out.write(pseudonym);
            out.write(row, comma, row.length - comma);
            return key;
        }

        List<Map<String, Object>> close(long rows) throws IOException {
            out.close();
            return name == null ? List.of() : List.of(fileEntry(name, rows, Files.size(file), digest.digest()));
        }
    }
}
