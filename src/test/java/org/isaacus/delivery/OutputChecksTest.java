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

    @Test
    void smallCountsAreFoundHoweverTheyAreWrittenInWhateverColumnAndDialect() {
        assertThat(check("n,group\n3,a\n")).as("first column").anyMatch(f -> f.contains("count of 3"));
        assertThat(check("group,n\na,3.0\n")).as("3.0").anyMatch(f -> f.contains("count of 3"));
        assertThat(check("group,n\na,+3\n")).as("+3").anyMatch(f -> f.contains("count of 3"));
        assertThat(check("group;n;share\na;3;0,5\nb;120;0,5\n"))
                .as("semicolons")
                .singleElement()
                .asString()
                .contains("count of 3");
        assertThat(check("group;n\na;3,00\n")).as("decimal comma").anyMatch(f -> f.contains("count of 3"));
        assertThat(check("group\tn\na\t4\n")).as("tabs").anyMatch(f -> f.contains("count of 4"));
        assertThat(check("group|n\na|2\n")).as("bars").anyMatch(f -> f.contains("count of 2"));
        assertThat(check("\"group, with comma\",n\n\"a, b\",\"3\"\n"))
                .as("quoted")
                .anyMatch(f -> f.contains("count of 3") && f.contains("column n"));
        assertThat(check("group,mean\na,3.5\nb,2.25\n"))
                .as("means are not counts")
                .isEmpty();
    }

    @Test
    void identifiersAreFoundInAnyCaseAndInsideLongerValues() {
        assertThat(check("group,n\nP-0123456789ABCDEF0123456789ABCDEF,10\n"))
                .anyMatch(f -> f.contains("identifier or pseudonym"));
        assertThat(check("group,n\nid:010170a901x,10\n")).anyMatch(f -> f.contains("identifier or pseudonym"));
        assertThat(check("Person_Pseudonym;n\nx;10\n")).anyMatch(f -> f.contains("holds person identifiers"));
        assertThat(check("group,n\n0123456789abcdef0123456789abcdef00,10\n"))
                .as("a longer hex string is not a pseudonym")
                .isEmpty();
    }
}
