package org.isaacus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The dashboards' CSV is safe to open in a spreadsheet: no cell becomes a formula, numbers stay numbers. */
class CsvCellTest {

    @Test
    void textThatASpreadsheetWouldRunIsNeutralised() {
        assertThat(DashboardController.csvCell("=HYPERLINK(\"http://evil.example\",\"x\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
        assertThat(DashboardController.csvCell("+1+cmd|' /C calc'!A0")).isEqualTo("'+1+cmd|' /C calc'!A0");
        assertThat(DashboardController.csvCell("-2+3")).isEqualTo("'-2+3");
        assertThat(DashboardController.csvCell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(DashboardController.csvCell("\tX")).isEqualTo("'\tX");
        assertThat(DashboardController.csvCell("\rX")).isEqualTo("\"'\rX\"");
    }

    @Test
    void ordinaryTextAndNumbersAreLeftAlone() {
        assertThat(DashboardController.csvCell("Task_CheckCompleteness")).isEqualTo("Task_CheckCompleteness");
        assertThat(DashboardController.csvCell(new BigDecimal("-1.5"))).isEqualTo("-1.5");
        assertThat(DashboardController.csvCell(-3L)).isEqualTo("-3");
        assertThat(DashboardController.csvCell("a, b")).isEqualTo("\"a, b\"");
        assertThat(DashboardController.csvCell(null)).isEmpty();
    }
}
