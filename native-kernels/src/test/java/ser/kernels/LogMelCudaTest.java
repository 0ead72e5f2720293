package ser.kernels;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** The CUDA kernels under the log-Mel contract, on device memory from cuMemAlloc. */
@Tag("gpu")
class LogMelCudaTest extends LogMelContract {

    @BeforeEach
    void requireGpu() {
        Gpu.require();
    }

    @Override
    LogMelOp op(MelSpec spec) {
        return LogMelOp.cuda(spec, Gpu.DEVICE);
    }

    @Override
    Memory memory() {
        return Memory.device(Gpu.DEVICE);
    }
}
