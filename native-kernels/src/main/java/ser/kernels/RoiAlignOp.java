package ser.kernels;

/**
 * RoI Align over time ({@link RoiAlignSpec} states the function): a CPU twin and a CUDA kernel, one
 * contract suite for both. Features and regions may be strided as their layouts say; outputs and
 * gradients are contiguous and written into memory the caller owns; a call allocates no buffer. There is no
 * plan step: the op has no scratch to size, and the layouts are the shapes. An instance owns the CPU twin's
 * sample points: one per thread.
 */
public interface RoiAlignOp {
    RoiAlignSpec spec();

    /** Writes {@code [regions][channels][bins]} pooled values to {@code out}. */
    void forward(Floats features, MapLayout map, Floats rois, RoiLayout layout, Floats out);

    /**
     * Writes the gradient with respect to the features, contiguous {@code [batch][channels][length]}, to
     * {@code gradFeatures} (zeroed first) from the contiguous gradient of the forward output.
     */
    void backward(Floats gradOut, MapLayout map, Floats rois, RoiLayout layout, Floats gradFeatures);

    /** Floats of the forward output. */
    static long outputLength(MapLayout map, RoiLayout layout, RoiAlignSpec spec) {
        return (long) layout.regions() * map.channels() * spec.bins();
    }

    static RoiAlignOp cpu(RoiAlignSpec spec) {
        return new RoiAlignCpu(spec);
    }

    static RoiAlignOp cuda(RoiAlignSpec spec, int device) {
        return new RoiAlignCuda(spec, device);
    }
}
