package ser.cli;

import ser.kernels.CudaStatus;
import ser.kernels.NativeKernels;
import ser.runtime.LibTorch;

/** The one line that says which device a command runs on, and why. */
final class Devices {
    private Devices() {
    }

    /**
     * Scoring runs the network (and the log-Mel and RoI Align kernels) on CUDA device 0 when LibTorch
     * can use it; otherwise the CPU, with the reason, rather than failing.
     */
    static String forScoring(String requested) {
        if (LibTorch.device(requested).is_cuda()) {
            String kernels = NativeKernels.unavailableReason(0);
            return "device: CUDA device 0 (" + CudaStatus.query().summary() + "; custom kernels "
                    + (kernels == null ? "in use" : "not in use: " + kernels) + ")";
        }
        return cpu(requested, whyNotCuda());
    }

    /** One process trains on CUDA device 0 when LibTorch can use it; a data-parallel job trains on the CPU. */
    static String forTraining(String requested, boolean distributed) {
        if (distributed) {
            return cpu(requested, "data-parallel training runs on the CPU in this version");
        }
        if (LibTorch.device(requested).is_cuda()) {
            return "device: CUDA device 0 (" + CudaStatus.query().summary() + ")";
        }
        return cpu(requested, whyNotCuda());
    }

    private static String cpu(String requested, String why) {
        return (requested.equals("cuda") ? "device: CUDA requested, using the CPU (" : "device: CPU (") + why + ")";
    }

    private static String whyNotCuda() {
        if (Main.cpuOnlyBuild()) {
            return "this is the CPU-only build; SER_MAVEN_ARGS=-Pgpu ./ser … (or docker/Dockerfile.cuda) builds the CUDA one";
        }
        CudaStatus cuda = CudaStatus.query();
        return cuda.available() ? "this build's LibTorch has no CUDA support (build with -Pgpu); " + cuda.deviceCount()
                + " CUDA device(s) unused" : "CUDA " + cuda.summary();
    }
}
