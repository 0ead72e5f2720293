package ser.kernels;

/** The CPU twin under the log-Mel contract. */
class LogMelCpuTest extends LogMelContract {
    @Override
    LogMelBatch run(MelSpec spec, float[] samples, long[] offsets, int[] lengths) {
        return new LogMelCpu(spec).compute(samples, offsets, lengths);
    }
}
