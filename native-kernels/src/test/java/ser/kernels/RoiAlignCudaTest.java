package ser.kernels;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** The CUDA kernels under the RoI Align contract, on buffers from cuMemAlloc; outputs are poisoned with NaN first. */
@Tag("gpu")
class RoiAlignCudaTest extends RoiAlignContract {

    @BeforeEach
    void requireGpu() {
        Gpu.require();
    }

    @Override
    float[] forward(float[] features, MapLayout map, float[] rois, RoiLayout layout, RoiAlignSpec spec) {
        try (DeviceBuffer f = DeviceBuffer.of(Gpu.DEVICE, features);
             DeviceBuffer r = DeviceBuffer.of(Gpu.DEVICE, rois);
             DeviceBuffer out = DeviceBuffer.allocate(Gpu.DEVICE, 4L * layout.regions() * map.channels() * spec.bins())) {
            out.fill(Float.NaN);
            RoiAlignCuda.forward(Gpu.DEVICE, f.address(), map, r.address(), layout, spec, out.address(), null);
            return out.toFloats();
        }
    }

    @Override
    float[] backward(float[] gradOut, MapLayout map, float[] rois, RoiLayout layout, RoiAlignSpec spec) {
        try (DeviceBuffer g = DeviceBuffer.of(Gpu.DEVICE, gradOut);
             DeviceBuffer r = DeviceBuffer.of(Gpu.DEVICE, rois);
             DeviceBuffer grad = DeviceBuffer.allocate(Gpu.DEVICE, 4L * map.batch() * map.channels() * map.length())) {
            grad.fill(Float.NaN);
            RoiAlignCuda.backward(Gpu.DEVICE, g.address(), map, r.address(), layout, spec, grad.address(), null);
            return grad.toFloats();
        }
    }
}
