package ser.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** GPU tests skip without a device that can run the kernels, unless -Dser.gpu.required=true (the gpu profile). */
final class Gpu {
    static final int DEVICE = 0;

    private Gpu() {
    }

    static void require() {
        String reason = NativeKernels.unavailableReason(DEVICE);
        if (reason != null) {
            if (Boolean.getBoolean("ser.gpu.required")) {
                fail("a GPU is required (gpu profile) but the kernels cannot run: " + reason);
            }
            Assumptions.abort("CUDA kernels not runnable here: " + reason);
        }
    }
}
