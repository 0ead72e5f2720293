package ser.kernels;

/**
 * The batched log-Mel of ragged utterances ({@link MelSpec} states the function): a CPU twin and a
 * CUDA kernel, one contract suite for both. {@link #plan} derives a batch's shapes; {@link #run}
 * writes into memory the caller owns and allocates no buffer (a CUDA launch allocates its small host-side
 * parameter array; the first run of a spec on a device uploads its constants). An instance owns scratch: one per thread.
 */
public interface LogMelOp {
    MelSpec spec();

    /** Frame counts and the padded output's shape for utterances of these lengths (in samples). */
    default LogMelPlan plan(int[] lengths) {
        return LogMelPlan.of(spec(), lengths);
    }

    /**
     * Writes the normalized log-Mel of utterances {@code samples[offsets[b] … + plan.lengths()[b])} to
     * {@code out}, {@code [batch][plan.maxFrames()][nMels]} row-major, padding rows zero. On a device the
     * work is queued on the buffers' stream and the host arrays may be reused when this returns.
     */
    void run(LogMelPlan plan, Floats samples, long[] offsets, Floats out);

    static LogMelOp cpu(MelSpec spec) {
        return new LogMelCpu(spec);
    }

    /** The kernels on CUDA device {@code device}; {@link LogMelCuda#supports} says which specs they take. */
    static LogMelOp cuda(MelSpec spec, int device) {
        return new LogMelCuda(spec, device);
    }
}
