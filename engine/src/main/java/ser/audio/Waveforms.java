package ser.audio;

/** Sample-level operations on mono signals. */
public final class Waveforms {
    private Waveforms() {
    }

    /**
     * Copies {@code [from, to)} scaled to zero mean and unit variance. A constant signal (no
     * variance to scale) becomes all zeros rather than dividing by zero.
     */
    public static float[] standardize(float[] x, int from, int to) {
        int n = to - from;
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i];
        }
        double mean = n == 0 ? 0 : sum / n;
        double squares = 0;
        for (int i = from; i < to; i++) {
            double d = x[i] - mean;
            squares += d * d;
        }
        double std = n == 0 ? 0 : Math.sqrt(squares / n);
        float[] out = new float[n];
        if (std < 1e-8) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((x[from + i] - mean) / std);
        }
        return out;
    }
}
