package ser.kernels;

/** The shapes of one log-Mel batch: each utterance's length and frame count, and the padded output. */
public record LogMelPlan(int[] lengths, int[] frames, int maxFrames, int nMels) {

    static LogMelPlan of(MelSpec spec, int[] lengths) {
        int[] frames = spec.frameCounts(lengths);
        return new LogMelPlan(lengths.clone(), frames, LogMelBatch.maxFrames(frames), spec.nMels());
    }

    public int batch() {
        return lengths.length;
    }

    /** Floats of the output, {@code batch × maxFrames × nMels}. */
    public long outputLength() {
        return (long) batch() * maxFrames * nMels;
    }
}
