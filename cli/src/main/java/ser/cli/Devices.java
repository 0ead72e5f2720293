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

    /** Training runs on {@code onto}: CUDA device 0 alone, a rank's own GPU in a job, else the CPU with the reason. */
    static String forTraining(String requested, org.bytedeco.pytorch.Device onto) {
        if (onto.is_cuda()) {
            return "device: CUDA device " + Math.max(0, onto.index()) + " (" + CudaStatus.query().summary() + ")";
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
