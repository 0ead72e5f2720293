package ser.model;

import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch_cuda;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ser.kernels.NativeKernels;

/**
 * The bridge from LibTorch's CUDA tensors to the custom kernels: device addresses, the device index and
 * LibTorch's current stream on it, so kernels queue behind the network's own work without copies or
 * synchronization. Only reached for tensors already on a CUDA device, so the CUDA-only natives are
 * never touched on a CPU build.
 */
final class CudaKernels {
    private static final Logger LOG = LoggerFactory.getLogger(CudaKernels.class);
    private static volatile Boolean usable;

    private CudaKernels() {
    }

    /** Whether the kernels run on {@code device}; says once, in one line, why not when they don't. */
    static boolean runOn(Device device) {
        if (!device.is_cuda()) {
            return false;
        }
        Boolean known = usable;
        if (known == null) {
            String reason = NativeKernels.unavailableReason(Math.max(0, device.index()));
            if (reason != null) {
                LOG.warn("custom CUDA kernels unavailable ({}); using LibTorch ops instead", reason);
            }
            known = reason == null;
            usable = known;
        }
        return known;
    }

    static int device(Tensor tensor) {
        return tensor.device().index();
    }

    static long address(Tensor tensor) {
        return tensor.data_ptr().address();
    }

    static CUstream_st stream(Tensor tensor) {
        return torch_cuda.getCurrentCUDAStream((byte) device(tensor)).stream();
    }
}
