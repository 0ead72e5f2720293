package ser.kernels;

import static org.bytedeco.cuda.global.cudart.*;

import java.util.function.Supplier;
import org.bytedeco.cuda.cudart.CUstream_st;

/**
 * RoI Align over time on a CUDA device, twin of {@link RoiAlignCpu}. Pointers are device addresses of
 * float32 buffers; features and regions may be strided, outputs and gradients are contiguous. Launches
 * are asynchronous on {@code stream}. The backward pass accumulates with atomicAdd (regions overlap), so
 * its last bits can differ from run to run.
 */
public final class RoiAlignCuda {
    private static final int BLOCK = 256;

    private RoiAlignCuda() {
    }

    /** Writes {@code [regions][channels][bins]} pooled values to {@code out}. */
    public static void forward(int device, long features, MapLayout map, long rois, RoiLayout roiLayout, RoiAlignSpec spec,
                               long out, CUstream_st stream) {
        Supplier<String> shapes = () -> "features " + map + ", rois " + roiLayout + ", " + spec;
        long outputs = outputs(map, roiLayout, spec, "roi_align_1d forward", shapes);
        if (outputs == 0) {
            return;
        }
        CudaDriver.on(device).launch("roi_align_1d forward", shapes, blocks(outputs), 1, BLOCK, stream,
                new LaunchArgs.RoiAlignForward(features, map.batchStride(), map.channelStride(), map.timeStride(), map.batch(),
                        map.channels(), map.length(), rois, roiLayout.rowStride(), roiLayout.columnStride(), roiLayout.regions(),
                        spec.bins(), spec.samplingRatio(), (float) spec.spatialScale(), spec.aligned() ? 1 : 0, out));
    }

    /**
     * Writes the gradient with respect to the features, a contiguous {@code [batch][channels][length]}
     * buffer that this call zeroes first, from the contiguous gradient of the forward output.
     */
    public static void backward(int device, long gradOut, MapLayout map, long rois, RoiLayout roiLayout, RoiAlignSpec spec,
                                long gradFeatures, CUstream_st stream) {
        Supplier<String> shapes = () -> "features " + map + ", rois " + roiLayout + ", " + spec;
        long outputs = outputs(map, roiLayout, spec, "roi_align_1d backward", shapes);
        long values = (long) map.batch() * map.channels() * map.length();
        if (values == 0) {
            return;
        }
        CudaDriver driver = CudaDriver.on(device);
        driver.makeCurrent();
        CudaDriver.check(cuMemsetD32Async(gradFeatures, 0, values, stream), "roi_align_1d backward", "cuMemsetD32Async",
                shapes);
        if (outputs == 0) {
            return;
        }
        driver.launch("roi_align_1d backward", shapes, blocks(outputs), 1, BLOCK, stream,
                new LaunchArgs.RoiAlignBackward(gradOut, map.batch(), map.channels(), map.length(), rois, roiLayout.rowStride(),
                        roiLayout.columnStride(), roiLayout.regions(), spec.bins(), spec.samplingRatio(),
                        (float) spec.spatialScale(), spec.aligned() ? 1 : 0, gradFeatures));
    }

    private static long outputs(MapLayout map, RoiLayout rois, RoiAlignSpec spec, String op, Supplier<String> shapes) {
        long outputs = (long) rois.regions() * map.channels() * spec.bins();
        if (outputs > 0 && map.length() == 0) {
            throw new KernelException(op + ": an empty time axis for " + shapes.get());
        }
        if (outputs > Integer.MAX_VALUE) {
            throw new KernelException(op + ": " + outputs + " outputs, above the kernel's 32-bit indexing, " + shapes.get());
        }
        return outputs;
    }

    private static int blocks(long outputs) {
        return (int) ((outputs + BLOCK - 1) / BLOCK);
    }
}
