package org.isaacus.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Automatic disclosure checks of a result table (CSV) before a person reviews it: no small cells, no
 * identifiers or pseudonyms, no row-level data. A finding rejects the output; passing them is necessary, not
 * sufficient — an officer still decides.
 */
final class OutputChecks {

    private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern IDENTITY_CODE = Pattern.compile("\\d{6}[-+A-FU-Y]\\d{3}[0-9A-Y]");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Set<String> IDENTIFIER_COLUMNS = Set.of("pseudonym", "pid", "person_id", "hetu", "ssn");

    private final int threshold;
    private final int maxRows;

    OutputChecks(int threshold, int maxRows) {
        this.threshold = threshold;
        this.maxRows = maxRows;
    }

    List<String> findings(String filename, byte[] content) {
        List<String> findings = new ArrayList<>();
        if (!filename.toLowerCase().endsWith(".csv")) {
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
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            findings.add("empty table");
            return findings;
        }
        String[] header = lines.getFirst().split(",", -1);
        for (String column : header) {
            if (IDENTIFIER_COLUMNS.contains(column.strip().toLowerCase())) {
                findings.add("column '" + column.strip() + "' holds person identifiers");
            }
        }
        if (lines.size() - 1 > maxRows) {
            findings.add("row-level data: " + (lines.size() - 1) + " rows, at most " + maxRows + " allowed");
        }
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip().replace("\"", "");
                String where = " in row " + r + ", column " + (c < header.length ? header[c].strip() : c + 1);
                if (PSEUDONYM.matcher(cell).matches()
                        || IDENTITY_CODE.matcher(cell).matches()) {
                    findings.add("an identifier or pseudonym" + where);
                } else if (INTEGER.matcher(cell).matches() && c > 0) {
                    long value = Long.parseLong(cell);
                    if (value > 0 && value < threshold) {
                        findings.add("a count of " + value + " (below " + threshold + ")" + where);
                    }
                }
            }
            if (findings.size() > 20) {
                findings.add("… and more");
                break;
            }
        }
        return findings;
    }
}
