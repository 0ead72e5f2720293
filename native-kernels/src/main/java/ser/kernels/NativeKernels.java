package ser.kernels;

/** Whether this build carries the custom CUDA kernels (batched log-Mel, RoI Align). */
public final class NativeKernels {
    private NativeKernels() {
    }

    /** {@code null} when usable; otherwise why the engine uses its CPU paths instead. */
    public static String unavailableReason() {
        CudaStatus cuda = CudaStatus.query();
        if (!cuda.available()) {
            return "no usable CUDA device (" + cuda.detail() + "); CPU paths are used";
        }
        return "this build does not include compiled CUDA kernels; CPU paths are used";
    }
}
