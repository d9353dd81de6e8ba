package org.isaacus.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputChecksTest {

    final OutputChecks checks = new OutputChecks(5, 50);

    private java.util.List<String> check(String csv) {
        return checks.findings("table.csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAggregateTableWithLargeCountsPasses() {
        assertThat(check("birth_decade,female,male\n1950,120,98\n1960,0,77\n")).isEmpty();
    }

    @Test
    void aSmallCellIsFound() {
        assertThat(check("birth_decade,female,male\n1950,120,3\n"))
                .singleElement()
                .asString()
                .contains("count of 3");
    }

    @Test
    void identifiersPseudonymsAndRowLevelDataAreFound() {
        assertThat(check("pseudonym,value\n0123456789abcdef0123456789abcdef,10\n"))
                .anyMatch(f -> f.contains("column 'pseudonym'"))
                .anyMatch(f -> f.contains("identifier or pseudonym"));
        assertThat(check("group,n\n010170-901X,10\n")).anyMatch(f -> f.contains("identifier"));
        assertThat(check("x,n\n" + "a,10\n".repeat(51))).anyMatch(f -> f.contains("row-level data"));
    }

    @Test
    void onlyUtf8CsvCanLeave() {
        assertThat(checks.findings("figure.png", new byte[] {1, 2})).isNotEmpty();
        assertThat(checks.findings("t.csv", new byte[] {(byte) 0xff, (byte) 0xfe}))
                .contains("not UTF-8 text");
    }
}
