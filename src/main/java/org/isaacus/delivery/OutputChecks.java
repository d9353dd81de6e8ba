package org.isaacus.delivery;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Automatic disclosure checks of a result table (CSV) before a person reviews it: no small cells, no
 * identifiers or pseudonyms, no row-level data. The table is parsed as CSV (Apache Commons CSV; the delimiter
 * is the one of comma, semicolon, tab or bar that splits the lines most consistently; quoting as RFC 4180), every
 * column is checked, numbers are read as numbers ({@code 3.0}, {@code +3}, {@code 3,0} after a semicolon
 * delimiter) and identifiers are found in any case and inside longer values. A finding rejects the output;
 * passing them is necessary, not sufficient — an officer still decides.
 */
final class OutputChecks {

    /** A pseudonym (32 hex digits) or a Finnish identity code, anywhere in a cell, in any case. */
    private static final Pattern PSEUDONYM = Pattern.compile("(?i)(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])");

    private static final Pattern IDENTITY_CODE =
            Pattern.compile("(?i)(?<![0-9])\\d{6}[-+A-FU-Y]\\d{3}[0-9A-Y](?![0-9a-z])");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+([.,]\\d*)?|[.,]\\d+)");
    private static final List<String> IDENTIFIER_COLUMNS =
            List.of("pseudonym", "pid", "person_id", "personid", "hetu", "ssn", "henkilotunnus", "personnummer");
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    private final int threshold;
    private final int maxRows;

    OutputChecks(int threshold, int maxRows) {
        this.threshold = threshold;
        this.maxRows = maxRows;
    }

    List<String> findings(String filename, byte[] content) {
        List<String> findings = new ArrayList<>();
        if (!filename.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            findings.add("only CSV tables can leave the environment");
            return findings;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            findings.add("not UTF-8 text");
            return findings;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        char delimiter = delimiterOf(text);
        List<CSVRecord> rows;
        try {
            rows = parse(text, delimiter).stream()
                    .filter(r -> !(r.size() == 1 && r.get(0).isBlank()))
                    .toList();
        } catch (UncheckedIOException | IllegalStateException e) {
            findings.add("not a CSV table: " + e.getMessage());
            return findings;
        }
        if (rows.isEmpty()) {
            findings.add("empty table");
            return findings;
        }
        CSVRecord header = rows.getFirst();
        for (String column : header) {
            String name = column.strip().toLowerCase(Locale.ROOT);
            if (IDENTIFIER_COLUMNS.stream().anyMatch(name::contains)) {
                findings.add("column '" + column.strip() + "' holds person identifiers");
            }
        }
        if (rows.size() - 1 > maxRows) {
            findings.add("row-level data: " + (rows.size() - 1) + " rows, at most " + maxRows + " allowed");
        }
        for (int r = 0; r < rows.size() && findings.size() <= 20; r++) {
            CSVRecord row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c).strip();
                String where = " in row " + r + ", column "
                        + (c < header.size() ? header.get(c).strip() : Integer.toString(c + 1));
                if (PSEUDONYM.matcher(cell).find()
                        || IDENTITY_CODE.matcher(cell).find()) {
                    findings.add("an identifier or pseudonym" + where);
                } else if (r > 0) {
                    BigDecimal count = count(cell, delimiter);
                    if (count != null && count.signum() > 0 && count.compareTo(BigDecimal.valueOf(threshold)) < 0) {
                        findings.add("a count of " + count.toPlainString() + " (below " + threshold + ")" + where);
                    }
                }
            }
        }
        if (findings.size() > 20) {
            findings.subList(20, findings.size()).clear();
            findings.add("… and more");
        }
        return findings;
    }

    /** A whole number written as a number ({@code 3}, {@code +3}, {@code 3.0}, {@code 3,00}); null otherwise. */
    private static BigDecimal count(String cell, char delimiter) {
        if (!NUMBER.matcher(cell).matches()) {
            return null;
        }
        // a comma is a decimal separator only where it cannot be the delimiter
        String number = delimiter == ',' ? cell : cell.replace(',', '.');
        if (number.indexOf(',') >= 0) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(number.startsWith("+") ? number.substring(1) : number);
            return value.stripTrailingZeros().scale() <= 0 ? value.stripTrailingZeros() : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The delimiter that gives the first lines one and the same number of columns, the most of them. */
    static char delimiterOf(String text) {
        String sample = text.lines().limit(20).reduce("", (a, b) -> a + b + "\n");
        char best = ',';
        int bestColumns = 1;
        for (char d : DELIMITERS) {
            try {
                var counts = parse(sample, d).stream()
                        .filter(r -> !(r.size() == 1 && r.get(0).isBlank()))
                        .map(CSVRecord::size)
                        .distinct()
                        .toList();
                if (counts.size() == 1 && counts.getFirst() > bestColumns) {
                    best = d;
                    bestColumns = counts.getFirst();
                }
            } catch (RuntimeException e) {
                // not this delimiter
            }
        }
        return best;
    }

    private static List<CSVRecord> parse(String text, char delimiter) {
        try (var parser = CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreSurroundingSpaces(true)
                .get()
                .parse(new StringReader(text))) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
