package ser.kernels;

/**
 * Log-Mel frames of a batch of utterances, padded to the longest: {@code values[b][t][m]} flattened,
 * with rows at or past {@code frames[b]} zero.
 */
public record LogMelBatch(int maxFrames, int nMels, int[] frames, float[] values) {

    public int batch() {
        return frames.length;
    }

    /** The padded row-major shape {@code [batch][maxFrames][nMels]} of a batch of these lengths. */
    public static int maxFrames(int[] frames) {
        int max = 0;
        for (int f : frames) {
            max = Math.max(max, f);
        }
        return max;
    }
}
