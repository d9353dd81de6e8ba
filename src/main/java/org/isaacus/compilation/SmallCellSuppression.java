package org.isaacus.compilation;

/**
 * Disclosure control of a frequency table with row and column totals. Primary: a cell or total from 1 to
 * threshold − 1 is suppressed. Secondary: a row or column (with its total) must never have exactly one
 * suppressed member, or subtraction would reveal it; the smallest other member is suppressed until none has.
 */
final class SmallCellSuppression {

    private SmallCellSuppression() {}

    /**
     * @param counts interior cells, rows × columns
     * @return the table with totals, rows + 1 × columns + 1 (the last row and column are totals), where a
     *     suppressed cell is null
     */
    static Long[][] apply(long[][] counts, int threshold) {
        int rows = counts.length;
        int cols = rows == 0 ? 0 : counts[0].length;
        long[][] full = new long[rows + 1][cols + 1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                full[r][c] = counts[r][c];
                full[r][cols] += counts[r][c];
                full[rows][c] += counts[r][c];
                full[rows][cols] += counts[r][c];
            }
        }
        boolean[][] hidden = new boolean[rows + 1][cols + 1];
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= cols; c++) {
                hidden[r][c] = full[r][c] > 0 && full[r][c] < threshold;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r <= rows; r++) {
                changed |= protect(full, hidden, r, -1);
            }
            for (int c = 0; c <= cols; c++) {
                changed |= protect(full, hidden, -1, c);
            }
        }
        Long[][] out = new Long[rows + 1][cols + 1];
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= cols; c++) {
                out[r][c] = hidden[r][c] ? null : full[r][c];
            }
        }
        return out;
    }

    /** One line (a row when col = −1, else a column): if exactly one member is hidden, hide the smallest other. */
    private static boolean protect(long[][] full, boolean[][] hidden, int row, int col) {
        int length = row >= 0 ? full[0].length : full.length;
        int hiddenCount = 0;
        int smallest = -1;
        for (int i = 0; i < length; i++) {
            int r = row >= 0 ? row : i;
            int c = row >= 0 ? i : col;
            if (hidden[r][c]) {
                hiddenCount++;
            } else if (smallest < 0 || value(full, row, col, i) < value(full, row, col, smallest)) {
                smallest = i;
            }
        }
        if (hiddenCount != 1 || smallest < 0) {
            return false;
        }
        hidden[row >= 0 ? row : smallest][row >= 0 ? smallest : col] = true;
        return true;
    }

    private static long value(long[][] full, int row, int col, int i) {
        return row >= 0 ? full[row][i] : full[i][col];
    }
}
