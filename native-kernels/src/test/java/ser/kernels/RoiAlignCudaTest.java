package ser.kernels;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** The CUDA kernels under the RoI Align contract, on device memory from cuMemAlloc. */
@Tag("gpu")
class RoiAlignCudaTest extends RoiAlignContract {

    @BeforeEach
    void requireGpu() {
        Gpu.require();
    }

    @Override
    RoiAlignOp op(RoiAlignSpec spec) {
        return RoiAlignOp.cuda(spec, Gpu.DEVICE);
    }

    @Override
    Memory memory() {
        return Memory.device(Gpu.DEVICE);
    }
}
