package ser.cli;

import ser.kernels.CudaStatus;

/** The one line that says which device a command runs on, and why. */
final class Devices {
    private Devices() {
    }

    /**
     * Training and scoring run on the CPU in this version; a request for CUDA degrades to the CPU
     * with this one line rather than failing.
     */
    static String notice(String requested) {
        CudaStatus cuda = CudaStatus.query();
        String why = cuda.available()
                ? "the network runs on the CPU in this version; " + cuda.deviceCount() + " CUDA device(s) unused"
                : "CUDA " + cuda.summary();
        return (requested.equals("cuda") ? "device: CUDA requested, using the CPU (" : "device: CPU (") + why + ")";
    }
}
