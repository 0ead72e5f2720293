package ser.kernels;

/**
 * Mean and standard deviation (population) of float values, in double precision. Four partial sums
 * run side by side: a single running sum is one chain of dependent additions, which made
 * standardizing a waveform cost more than its log-Mel.
 */
public record Moments(double mean, double std) {
    /** Of the {@code count} values at {@code offset, offset + stride, …}; all zero when there are none. */
    public static Moments of(float[] x, int offset, int stride, int count) {
        if (count == 0) {
            return new Moments(0, 0);
        }
        double mean = sum(x, offset, stride, count) / count;
        return new Moments(mean, Math.sqrt(squaredDeviations(x, offset, stride, count, mean) / count));
    }

    private static double sum(float[] x, int offset, int stride, int count) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (int j = offset; i + 3 < count; i += 4, j += 4 * stride) {
            s0 += x[j];
            s1 += x[j + stride];
            s2 += x[j + 2 * stride];
            s3 += x[j + 3 * stride];
        }
        for (; i < count; i++) {
            s0 += x[offset + i * stride];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double squaredDeviations(float[] x, int offset, int stride, int count, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (int j = offset; i + 3 < count; i += 4, j += 4 * stride) {
            double d0 = x[j] - mean;
            double d1 = x[j + stride] - mean;
            double d2 = x[j + 2 * stride] - mean;
            double d3 = x[j + 3 * stride] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < count; i++) {
            double d = x[offset + i * stride] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
