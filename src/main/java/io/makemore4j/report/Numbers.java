package io.makemore4j.report;

import java.util.Locale;

/** How the views print numbers: losses to four decimals as {@code train} and {@code evaluate} do, durations, counts. */
final class Numbers {

    private Numbers() {
    }

    /** A loss to four decimals; a non-finite one as Java names it ("NaN", "Infinity"). */
    static String loss(double loss) {
        return Double.isFinite(loss) ? String.format(Locale.ROOT, "%.4f", loss) : String.valueOf(loss);
    }

    /** A loss to four decimals, or "-" where there is none (NaN). */
    static String lossOrDash(double loss) {
        return Double.isNaN(loss) ? "-" : loss(loss);
    }

    /** Seconds as "12.3s", "4m05s" or "2h03m"; "-" when unknown. */
    static String duration(double seconds) {
        if (!(seconds >= 0)) {
            return "-";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        return s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    /** A count with thousands separators ("72,617"); "-" when unknown (negative). */
    static String count(long n) {
        return n < 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
    }
}
