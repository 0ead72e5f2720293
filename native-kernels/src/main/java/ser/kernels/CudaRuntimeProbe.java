package ser.kernels;

import static org.bytedeco.cuda.global.cudart.*;

/** Kept apart from {@link CudaStatus} so a missing libcudart fails here, as a catchable LinkageError. */
final class CudaRuntimeProbe {
    private CudaRuntimeProbe() {
    }

    static CudaStatus query() {
        int[] runtime = {0};
        int[] driver = {0};
        int[] count = {0};
        cudaRuntimeGetVersion(runtime);
        cudaDriverGetVersion(driver);
        int rc = cudaGetDeviceCount(count);
        if (rc != cudaSuccess) {
            return new CudaStatus(false, 0, runtime[0], driver[0], cudaGetErrorString(rc).getString());
        }
        if (count[0] == 0) {
            return new CudaStatus(false, 0, runtime[0], driver[0], "no CUDA device");
        }
        return new CudaStatus(true, count[0], runtime[0], driver[0], "ok");
    }
}
