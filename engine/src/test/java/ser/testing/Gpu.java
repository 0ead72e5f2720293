package ser.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import ser.kernels.NativeKernels;
import ser.runtime.LibTorch;

/**
 * The engine's CUDA tests skip without a device that LibTorch and the kernels can both use, unless
 * -Dser.gpu.required=true (the device check sets it), where a missing GPU fails them.
 */
public final class Gpu {
    private Gpu() {
    }

    public static void require() {
        String reason = !LibTorch.cudaAvailable() ? "LibTorch sees no CUDA device (" + LibTorch.version() + ")"
                : NativeKernels.unavailableReason(0);
        if (reason != null) {
            if (Boolean.getBoolean("ser.gpu.required")) {
                fail("a GPU is required but cannot be used: " + reason);
            }
            Assumptions.abort("no usable GPU here: " + reason);
        }
    }
}
