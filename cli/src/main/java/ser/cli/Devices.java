package ser.cli;

import ser.kernels.CudaStatus;

/** The one line that says which device a command runs on, and why. */
final class Devices {
    private Devices() {
    }

    static String cpuNotice() {
        CudaStatus cuda = CudaStatus.query();
        return cuda.available()
                ? "device: CPU (this build is CPU-only; build with -Pgpu to use the " + cuda.deviceCount() + " CUDA device(s))"
                : "device: CPU (CUDA " + cuda.summary() + ")";
    }
}
