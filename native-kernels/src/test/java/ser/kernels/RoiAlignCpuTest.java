package ser.kernels;

/** The CPU twin under the RoI Align contract. */
class RoiAlignCpuTest extends RoiAlignContract {
    @Override
    RoiAlignOp op(RoiAlignSpec spec) {
        return RoiAlignOp.cpu(spec);
    }

    @Override
    Memory memory() {
        return Memory.host();
    }
}
