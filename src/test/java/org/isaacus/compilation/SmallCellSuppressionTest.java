package org.isaacus.compilation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmallCellSuppressionTest {

    @Test
    void nothingIsHiddenWhenEveryCellIsLargeEnough() {
        Long[][] t = SmallCellSuppression.apply(new long[][] {{10, 20}, {30, 0}}, 5);
        assertThat(t).isDeepEqualTo(new Long[][] {{10L, 20L, 30L}, {30L, 0L, 30L}, {40L, 20L, 60L}});
    }

    @Test
    void aSmallCellIsHiddenWithTheSmallestOtherCellOfItsRowAndColumn() {
        Long[][] t = SmallCellSuppression.apply(new long[][] {{3, 20, 40}, {30, 50, 60}}, 5);
        assertThat(t[0][0]).isNull();
        // row 0: the next smallest (20) goes too; column 0: the other member (30) goes too
        assertThat(t[0][1]).isNull();
        assertThat(t[1][0]).isNull();
        // and column 1 then has two hidden cells, so 50 may stay; row 1 has 30 hidden and 50 must cover it
        for (Long[] row : t) {
            int hidden = 0;
            for (Long cell : row) {
                hidden += cell == null ? 1 : 0;
            }
            assertThat(hidden).isNotEqualTo(1);
        }
        for (int c = 0; c < t[0].length; c++) {
            int hidden = 0;
            for (Long[] row : t) {
                hidden += row[c] == null ? 1 : 0;
            }
            assertThat(hidden).as("column " + c).isNotEqualTo(1);
        }
    }

    @Test
    void aSmallTotalIsHiddenTooAndZerosAreNotSmall() {
        Long[][] t = SmallCellSuppression.apply(new long[][] {{2, 1}, {0, 0}}, 5);
        assertThat(t[0][2]).as("row total 3").isNull();
        assertThat(t[1][0]).isEqualTo(0L);
        assertThat(t[1][2]).isEqualTo(0L);
    }
}
