package ser.io;

import java.math.BigDecimal;

/** Numbers as the outputs print them: rounded to what they mean, and without an exponent where one would read oddly. */
public final class Numbers {
    /** Scores and confidences: 4 decimals. */
    public static final double PROBABILITY = 1e4;
    /** Times in seconds: the millisecond. */
    public static final double SECONDS = 1e3;

    private Numbers() {
    }

    /** {@code x} rounded to 1/{@code scale}; null for a value that does not exist (null, NaN, infinite). */
    public static Double round(Double x, double scale) {
        return x == null || !Double.isFinite(x) ? null : Math.round(x * scale) / scale;
    }

    /** The same for a value that always exists; a NaN stays NaN (and is written as null). */
    public static double roundValue(double x, double scale) {
        return Double.isFinite(x) ? Math.round(x * scale) / scale : x;
    }

    /** Java's shortest text of {@code x}, in plain notation where it would be 1.0E-4 and the like (|x| below 1e-3). */
    public static String plain(double x) {
        return x != 0 && Math.abs(x) < 1e-3 ? BigDecimal.valueOf(x).stripTrailingZeros().toPlainString() : Double.toString(x);
    }
}
