package ser.kernels;

/**
 * Mean and standard deviation (population) of float values, in double precision, in one pass over the
 * values shifted by the first of them (so the sum of squares does not cancel when the mean is far from
 * zero). Four partial sums run side by side: a single running sum is one chain of dependent additions,
 * which made standardizing a waveform cost more than its log-Mel.
 */
public record Moments(double mean, double std) {
    /** Of the {@code count} values at {@code offset, offset + stride, …}; all zero when there are none. */
    public static Moments of(float[] x, int offset, int stride, int count) {
        if (count == 0) {
            return new Moments(0, 0);
        }
        double shift = x[offset];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double q3 = 0;
        int i = 0;
        for (int j = offset; i + 3 < count; i += 4, j += 4 * stride) {
            double d0 = x[j] - shift;
            double d1 = x[j + stride] - shift;
            double d2 = x[j + 2 * stride] - shift;
            double d3 = x[j + 3 * stride] - shift;
            s0 += d0;
            s1 += d1;
            s2 += d2;
            s3 += d3;
            q0 += d0 * d0;
            q1 += d1 * d1;
            q2 += d2 * d2;
            q3 += d3 * d3;
        }
        for (; i < count; i++) {
            double d = x[offset + i * stride] - shift;
            s0 += d;
            q0 += d * d;
        }
        double sum = (s0 + s1) + (s2 + s3);
        double squares = (q0 + q1) + (q2 + q3);
        double meanShifted = sum / count;
        double variance = Math.max(0, squares / count - meanShifted * meanShifted);
        return new Moments(shift + meanShifted, Math.sqrt(variance));
    }
}
