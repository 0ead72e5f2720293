package ser.kernels;

/** The CPU twin under the log-Mel contract. */
class LogMelCpuTest extends LogMelContract {
    @Override
    LogMelOp op(MelSpec spec) {
        return LogMelOp.cpu(spec);
    }

    @Override
    Memory memory() {
        return Memory.host();
    }
}
